"""The views' words: the step panel and worked solution (render.*), the graph viewer,
the slides, the PyTorch export, the chain page's typed sizes, the command line's errors."""

TEXT: dict[str, dict[str, str]] = {
    # -- the graph, the panel, the tables and the worked solution (engine/views/render.py) ---------
    "render.upstream": {"en": "upstream", "zh": "上游梯度"},
    "render.local": {"en": "local", "zh": "局部梯度"},
    "render.downstream": {"en": "downstream", "zh": "下游梯度"},
    "graph.step": {"en": "step {n}", "zh": "第 {n} 步"},
    "viewer.stepper": {"en": "Step through the backward pass", "zh": "逐步执行反向传播"},
    "viewer.step_of": {"en": "Step {k} of {n}", "zh": "第 {k} 步，共 {n} 步"},
    "viewer.zoom_in": {"en": "Zoom in (+)", "zh": "放大（+）"},
    "viewer.zoom_out": {"en": "Zoom out (−)", "zh": "缩小（−）"},
    "viewer.fit": {"en": "Whole", "zh": "全图"},
    "viewer.fit_long": {"en": "Show the whole graph (0)", "zh": "显示整张图（0）"},
    "viewer.follow": {"en": "Follow the current step (F)", "zh": "跟随当前步骤（F）"},
    "viewer.graph": {
        "en": "Computation graph: drag to pan, wheel or pinch to zoom, click a box to inspect it",
        "zh": "计算图：拖动平移，滚轮或双指缩放，点击方框查看详情",
    },
    "viewer.overview": {
        "en": "The whole graph: click to look there",
        "zh": "整张图：点击跳转到该处",
    },
    "viewer.inspect": {"en": "A value and its gradient", "zh": "值及其梯度"},
    "viewer.close": {"en": "Close", "zh": "关闭"},
    "viewer.inspect_value": {"en": "value:", "zh": "值："},
    "viewer.inspect_gradient": {"en": "gradient after step {k}:", "zh": "第 {k} 步后的梯度："},
    "viewer.inspect_partial": {
        "en": "? ({r} of {e} contributions so far)",
        "zh": "?（目前收到 {r}/{e} 份贡献）",
    },
    "viewer.inspect_from": {"en": "from {name} (step {s}):", "zh": "来自 {name}（第 {s} 步）："},
    "viewer.legend.value": {"en": "value", "zh": "值"},
    "viewer.legend.upstream": {"en": "upstream ∂L/∂y", "zh": "上游梯度 ∂L/∂y"},
    "viewer.legend.local": {"en": "· local ∂y/∂x", "zh": "· 局部梯度 ∂y/∂x"},
    "viewer.legend.downstream": {"en": "= downstream ∂L/∂x", "zh": "= 下游梯度 ∂L/∂x"},
    "viewer.legend.states": {
        "en": "dashed: pending · thick: current · ∇: gradient so far",
        "zh": "虚线：待执行 · 粗线：当前 · ∇：目前的梯度",
    },
    "viewer.no_dot": {
        "en": (
            "Laid out without Graphviz. For the full layout install its dot program: "
            "apt-get install graphviz, brew install graphviz or conda install graphviz."
        ),
        "zh": (
            "未使用 Graphviz 排版。安装其 dot 程序可获得完整排版："
            "apt-get install graphviz、brew install graphviz 或 conda install graphviz。"
        ),
    },
    "render.label.upstream": {"en": "upstream: {value}", "zh": "上游梯度：{value}"},
    "render.label.local": {"en": "local: {value}", "zh": "局部梯度：{value}"},
    "render.label.downstream": {"en": "downstream: {value}", "zh": "下游梯度：{value}"},
    "render.label.grad": {"en": "grad: {value}", "zh": "梯度：{value}"},
    "render.label.seed": {"en": "seed: {value}", "zh": "种子：{value}"},
    "render.label.value": {"en": "value: {value}", "zh": "值：{value}"},
    "render.no_gradient": {"en": "no gradient", "zh": "无梯度"},
    "render.no_gradient_constant": {"en": "no gradient (constant)", "zh": "无梯度（常量）"},
    "render.partial": {
        "en": "? ({received} of {expected} contributions)",
        "zh": "?（已收到 {received}/{expected} 份贡献）",
    },
    "render.not_needed": {"en": "not needed", "zh": "不需要"},
    "render.none_constant": {"en": "none (constant)", "zh": "无（常量）"},
    "render.op.pending": {"en": "step {n}: pending", "zh": "第 {n} 步：待执行"},
    "render.op.current": {"en": "step {n}: current", "zh": "第 {n} 步：当前"},
    "render.op.done": {"en": "step {n}: done", "zh": "第 {n} 步：已完成"},
    "render.same_as_above": {"en": "(same as above)", "zh": "（同上）"},
    "render.sum_of": {"en": "{total} (sum of {n})", "zh": "{total}（{n} 项之和）"},
    "render.ones_seed": {
        "en": "{ones} (as if sum() were applied)",
        "zh": "{ones}（相当于对输出做了 sum()）",
    },
    "render.line_col": {"en": "line {line}, col {col}", "zh": "第 {line} 行，第 {col} 列"},
    "render.scalar": {"en": "scalar", "zh": "标量"},
    "render.empty": {"en": "{shape} empty", "zh": "{shape} 空数组"},
    "render.summary": {
        "en": "{shape} mean {mean} range [{low}, {high}]",
        "zh": "{shape} 均值 {mean} 范围 [{low}, {high}]",
    },
    "render.broadcast": {
        "en": "summed over broadcast axes: {before} → {after}",
        "zh": "对广播轴求和：{before} → {after}",
    },
    "render.the_constant": {"en": "the constant {value}", "zh": "常量 {value}"},
    "render.a_constant": {"en": "a constant {shape}", "zh": "一个常量 {shape}"},
    "render.col.name": {"en": "name", "zh": "名称"},
    "render.col.kind": {"en": "kind", "zh": "类型"},
    "render.col.shape": {"en": "shape", "zh": "形状"},
    "render.col.value": {"en": "value", "zh": "值"},
    "render.col.gradient": {"en": "gradient", "zh": "梯度"},
    "render.col.analytic": {"en": "analytic", "zh": "解析梯度"},
    "render.col.numerical": {"en": "numerical", "zh": "数值梯度"},
    "render.col.max_abs_error": {"en": "max_abs_error", "zh": "最大绝对误差"},
    "render.col.max_rel_error": {"en": "max_rel_error", "zh": "最大相对误差"},
    "render.col.verdict": {"en": "verdict", "zh": "结论"},
    "render.col.ok": {"en": "ok", "zh": "通过"},
    "render.kind.leaf": {"en": "leaf", "zh": "叶子节点"},
    "render.kind.op": {"en": "operation", "zh": "运算"},
    "render.kind.constant": {"en": "constant", "zh": "常量"},
    "render.kind.unused": {"en": "unused", "zh": "未使用"},
    "render.kind.labels": {"en": "labels: constant", "zh": "标签：常量"},
    "render.labels_gradient": {
        "en": "none (labels get no gradient)",
        "zh": "无（标签没有梯度）",
    },
    "render.unreached": {"en": "0 (does not reach the output)", "zh": "0（不影响输出）"},
    "render.verdict.ok": {"en": "ok", "zh": "通过"},
    "render.verdict.check": {"en": "check", "zh": "需检查"},
    "render.heatmap.colorbar": {"en": "∂ out / ∂ in", "zh": "∂ 输出 / ∂ 输入"},
    "render.heatmap.output": {"en": "output", "zh": "输出"},
    "render.heatmap.input": {"en": "input", "zh": "输入"},
    "render.heatmap.output_axis": {"en": "output entry", "zh": "输出元素"},
    "render.heatmap.input_axis": {"en": "input entry", "zh": "输入元素"},
    "render.ws.title": {
        "en": "Backward pass of {name}, step by step",
        "zh": "{name} 的反向传播，逐步推导",
    },
    "render.ws.program": {"en": "Program:", "zh": "程序："},
    "render.ws.output": {"en": "Output: {name} = {value}", "zh": "输出：{name} = {value}"},
    "render.ws.seed": {
        "en": "Seed: the upstream of {name} is {seed}",
        "zh": "种子：{name} 的上游梯度是 {seed}",
    },
    "render.ws.count": {"en": "{n} steps", "zh": "共 {n} 步"},
    "render.ws.count_one": {"en": "{n} step", "zh": "共 {n} 步"},
    "render.ws.order": {
        "en": (
            "{count}, in the order the engine runs them. upstream = ∂{name}/∂node, local = "
            "∂node/∂input, downstream = upstream · local."
        ),
        "zh": (
            "{count}，按引擎执行的顺序排列。上游梯度 = ∂{name}/∂节点，局部梯度 = ∂节点/∂输入，"
            "下游梯度 = 上游梯度 · 局部梯度。"
        ),
    },
    "render.ws.step": {
        "en": "Step {k} of {n}: {title}   [{where}]",
        "zh": "第 {k} 步（共 {n} 步）：{title}   [{where}]",
    },
    "render.ws.written": {"en": "written as: {text}", "zh": "程序中写作：{text}"},
    "render.ws.why": {"en": "why: {note}", "zh": "原因：{note}"},
    "render.ws.upstream": {
        "en": "upstream ∂{output}/∂{name}, {shape}: {value} ({origin})",
        "zh": "上游梯度 ∂{output}/∂{name}，{shape}：{value}（{origin}）",
    },
    "render.ws.from_seed": {"en": "the seed", "zh": "种子"},
    "render.ws.from": {"en": "from {name}", "zh": "来自 {name}"},
    "render.ws.sum": {"en": "the sum of {n} contributions", "zh": "{n} 份贡献之和"},
    "render.ws.more_inputs": {
        "en": "+{n} more inputs, not written out (the app's step panel shows each of them)",
        "zh": "另有 {n} 个输入，这里不再逐一写出（应用的步骤面板可以逐个查看）",
    },
    "render.ws.more_terms": {
        "en": "+{n} more contributions, not written out",
        "zh": "另有 {n} 份贡献，这里不再逐一写出",
    },
    "render.more_inputs": {"en": "+{n} more inputs", "zh": "另有 {n} 个输入"},
    "render.more_terms": {"en": "+{n} more", "zh": "另有 {n} 项"},
    "render.ws.term": {
        "en": "from {name} (its input {index}, step {step}): {value}",
        "zh": "来自 {name}（它的第 {index} 个输入，第 {step} 步）：{value}",
    },
    "render.ws.input_constant": {
        "en": "input {name}: a constant, no gradient flows to it",
        "zh": "输入 {name}：常量，没有梯度流向它",
    },
    "render.ws.input": {"en": "input {name}, {shape}:", "zh": "输入 {name}，{shape}："},
    "render.ws.local": {
        "en": "local ∂{node}/∂{name}, shape {shape}: {head}",
        "zh": "局部梯度 ∂{node}/∂{name}，形状 {shape}：{head}",
    },
    "render.ws.local_large": {
        "en": "not written out ({size:,} entries): {structure}",
        "zh": "不写出（{size:,} 个元素）：{structure}",
    },
    "render.ws.local_small": {"en": "{value}   ({structure})", "zh": "{value}   （{structure}）"},
    "render.ws.local_matrix": {
        "en": (
            "({structure}), as a {rows}×{cols} matrix (rows: output entries, columns: input "
            "entries):"
        ),
        "zh": "（{structure}），写成 {rows}×{cols} 矩阵（行：输出元素，列：输入元素）：",
    },
    "render.ws.downstream_product": {
        "en": "downstream = upstream · local = {product} = {value}   [{shapes}]",
        "zh": "下游梯度 = 上游梯度 · 局部梯度 = {product} = {value}   [{shapes}]",
    },
    "render.ws.downstream": {
        "en": "downstream = upstream · local, {shapes}: {value}",
        "zh": "下游梯度 = 上游梯度 · 局部梯度，{shapes}：{value}",
    },
    "render.ws.gradients": {"en": "Gradients", "zh": "梯度"},
    "render.md.title": {"en": "Backward pass of {name}", "zh": "{name} 的反向传播"},
    "render.md.output": {
        "en": "**Output** {name} = {value}. **Seed**: the upstream of {name} is {seed}.",
        "zh": "**输出** {name} = {value}。**种子**：{name} 的上游梯度是 {seed}。",
    },
    "render.md.order": {
        "en": (
            "{count}, in the order the engine runs them: *upstream* is ∂{name}/∂node, *local* is "
            "∂node/∂input, *downstream* = upstream · local."
        ),
        "zh": (
            "{count}，按引擎执行的顺序排列：*上游梯度*是 ∂{name}/∂节点，*局部梯度*是 "
            "∂节点/∂输入，*下游梯度* = 上游梯度 · 局部梯度。"
        ),
    },
    "render.md.step": {
        "en": "Step {k} of {n}: {title} ({where})",
        "zh": "第 {k} 步（共 {n} 步）：{title}（{where}）",
    },
    "render.md.written": {"en": "Written as {text}", "zh": "程序中写作 {text}"},
    "render.md.upstream": {
        "en": "**upstream** ∂{output}/∂{name}, {shape}: {value} ({origin})",
        "zh": "**上游梯度** ∂{output}/∂{name}，{shape}：{value}（{origin}）",
    },
    "render.md.input": {"en": "input {name}, {shape}", "zh": "输入 {name}，{shape}"},
    "render.md.local": {"en": "**local** {local}", "zh": "**局部梯度** {local}"},
    "render.md.shape": {"en": "shape {shape}", "zh": "形状 {shape}"},
    "render.md.local_large": {
        "en": "{formula}, {shape}: {structure} ({size:,} entries, not written out)",
        "zh": "{formula}，{shape}：{structure}（{size:,} 个元素，不写出）",
    },
    "render.md.local_small": {
        "en": "{formula}, {shape}: {matrix} ({structure})",
        "zh": "{formula}，{shape}：{matrix}（{structure}）",
    },
    "render.md.downstream": {
        "en": "**downstream** = upstream · local = {computed} (shapes {shapes})",
        "zh": "**下游梯度** = 上游梯度 · 局部梯度 = {computed}（形状 {shapes}）",
    },
    # -- the offline slides (engine/views/slides.py) -----------------------------------------------
    "slides.title": {"en": "Chainrule: a backward pass", "zh": "Chainrule：一次反向传播"},
    "slides.before": {"en": "Before the first step", "zh": "第一步之前"},
    "slides.seeded": {
        "en": (
            "The output is seeded with upstream gradient {seed}: ∂L/∂L = 1. Each step takes a "
            "node's upstream gradient and multiplies it by the node's local Jacobian to get the "
            "downstream gradient of each input."
        ),
        "zh": (
            "输出以上游梯度 {seed} 作为种子：∂L/∂L = 1。每一步取一个节点的上游梯度，"
            "乘以这个节点的局部雅可比矩阵，得到每个输入的下游梯度。"
        ),
    },
    "slides.step": {
        "en": "Step {k} of {n}: {name} = {expression}",
        "zh": "第 {k} 步（共 {n} 步）：{name} = {expression}",
    },
    "slides.constant": {"en": "constant: no gradient", "zh": "常量：无梯度"},
    "slides.more_inputs": {
        "en": "+{n} more inputs, not shown in the slides (the app's step panel shows each)",
        "zh": "另有 {n} 个输入，幻灯片中不再显示（应用的步骤面板可以逐个查看）",
    },
    "slides.local": {"en": "{structure} — shape {shape}", "zh": "{structure} — 形状 {shape}"},
    "slides.seed_upstream": {"en": "{upstream} (seed: {seed})", "zh": "{upstream}（种子：{seed}）"},
    "slides.program": {"en": "Program", "zh": "程序"},
    "slides.counter": {"en": "step {k} of {n}", "zh": "第 {k} 步，共 {n} 步"},
    # -- comments of the PyTorch script (engine/views/torch_export.py) --------------------------
    "torch.header": {
        "en": (
            "Chainrule's program, as a plain PyTorch script: float64 throughout, the same leaf "
            "values, the same seed at the output, and every leaf's gradient printed at the end."
        ),
        "zh": (
            "Chainrule 的程序，写成普通的 PyTorch 脚本：全部使用 float64，叶子节点取值相同，"
            "输出处的种子相同，最后打印每个叶子节点的梯度。"
        ),
    },
    "torch.leaves": {"en": "Leaves: they receive a gradient.", "zh": "叶子节点：它们会得到梯度。"},
    "torch.constants": {
        "en": "Constants: they receive no gradient.",
        "zh": "常量：它们不会得到梯度。",
    },
    "torch.written_out": {
        "en": "{statement}, its values written out:",
        "zh": "{statement}，把它的值逐个写出：",
    },
    "torch.operations": {
        "en": "The operations, in the program's order.",
        "zh": "各个运算，按程序中的顺序。",
    },
    "torch.seed_scalar": {
        "en": "Backward from {output}, a scalar: seeded with 1.",
        "zh": "从标量 {output} 开始反向传播：种子为 1。",
    },
    "torch.seed_ones": {
        "en": (
            "Backward from {output}, of shape {shape}: seeded with ones of its shape, as "
            "Chainrule does (as if sum() were applied)."
        ),
        "zh": (
            "从形状为 {shape} 的 {output} 开始反向传播：和 Chainrule 一样，种子是同形状的全 1 "
            "数组（相当于先求 sum()）。"
        ),
    },
    "torch.seed_constant": {
        "en": "{output} is a constant: no gradient flows back, so every gradient is zeros.",
        "zh": "{output} 是常量：没有梯度流回，所以所有梯度都是 0。",
    },
    "torch.grads": {
        "en": "Every leaf's gradient: its name, then its values.",
        "zh": "每个叶子节点的梯度：先是名字，然后是数值。",
    },
    "torch.unreached": {
        "en": (
            "{name} does not reach {output}: torch leaves its .grad at None, and Chainrule "
            "shows zeros of its shape."
        ),
        "zh": "{name} 到不了 {output}：torch 中它的 .grad 仍是 None，Chainrule 显示同形状的 0。",
    },
    # -- why the chain page cannot read the sizes typed (engine/views/chain.py: parse_sizes) --
    "chain.typed_sizes.too_few": {
        "en": "type at least two sizes, the input's first and the output's last",
        "zh": "至少输入两个大小：输入的在前，输出的在后",
    },
    "chain.typed_sizes.too_many": {"en": "at most {n} sizes", "zh": "最多 {n} 个大小"},
    "chain.typed_sizes.not_whole": {
        "en": "{item!r} is not a whole number",
        "zh": "{item!r} 不是整数",
    },
    "chain.typed_sizes.out_of_range": {
        "en": "each size must be between 1 and {n:,}",
        "zh": "每个大小必须在 1 到 {n:,} 之间",
    },
    # -- the command line's errors (engine/cli.py; it words them in English) ----------------------
    "cli.usage": {"en": "{message} (see {prog} --help)", "zh": "{message}（见 {prog} --help）"},
    "cli.step": {
        "en": "K must be a whole number, 0 or more, not {typed!r}",
        "zh": "K 必须是 0 或更大的整数，而不是 {typed!r}",
    },
    "cli.cannot_read": {"en": "cannot read {path}: {reason}", "zh": "无法读取 {path}：{reason}"},
    "cli.not_utf8": {
        "en": "cannot read {path}: it is not UTF-8 text ({reason})",
        "zh": "无法读取 {path}：它不是 UTF-8 文本（{reason}）",
    },
    "cli.internal_error": {
        "en": "internal error: {kind}: {error}",
        "zh": "内部错误：{kind}：{error}",
    },
}
