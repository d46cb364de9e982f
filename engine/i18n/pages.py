"""The pages' words: the main page, the Jacobian and chain-rule pages, navigation, the sidebar."""

TEXT: dict[str, dict[str, str]] = {
    # -- every page's shared widgets (ui.py) -------------------------------------------------
    "ui.page_title": {"en": "Chainrule", "zh": "Chainrule：一步一步看反向传播"},
    "ui.intro": {
        "en": (
            "Backpropagation, one step at a time. Every edge of the graph carries three "
            "quantities: the **upstream** gradient arriving from the output, the operation's "
            "**local** Jacobian, and the **downstream** gradient (upstream · local) it passes on."
        ),
        "zh": (
            "反向传播，一次一步。计算图的每条边上都有三个量：从输出传来的**上游梯度**、"
            "运算的**局部梯度**（它的局部雅可比矩阵），"
            "以及它继续向后传递的**下游梯度**（上游梯度 · 局部梯度）。"
        ),
    },
    "ui.examples": {"en": "Examples", "zh": "示例"},
    "ui.examples_placeholder": {"en": "Load an example…", "zh": "载入一个示例…"},
    # The colon is outside the bold: "**…：**" before a letter does not close in Markdown.
    "ui.teaches": {"en": "**What it shows:** {teaches}", "zh": "**它展示了**：{teaches}"},
    "ui.editor": {"en": "Program", "zh": "程序"},
    "ui.editor_help": {
        "en": (
            "A small numpy-style program, one statement per line. The last statement is the "
            "output; backpropagation starts there. Ctrl+Enter runs it."
        ),
        "zh": (
            "一段类似 numpy 的小程序，每行一条语句。最后一条语句是输出，反向传播从那里开始。按 "
            "Ctrl+Enter 运行。"
        ),
    },
    "ui.run": {"en": "Run", "zh": "运行"},
    "ui.error_title": {
        "en": "**The program did not run.** Fix it in the editor and press Run.",
        "zh": "**程序没有运行成功。** 在编辑器中修改后点击“运行”。",
    },
    "ui.note.empty-program": {
        "en": "The link's `program` was empty, so the default example is shown.",
        "zh": "链接中的 `program` 是空的，因此显示默认示例。",
    },
    "ui.note.bad-programz": {
        "en": (
            "The link's `programz` ({value}) does not hold a program (it was cut short or "
            "changed), so the default example is shown."
        ),
        "zh": "链接中的 `programz`（{value}）不包含程序（可能被截断或改动过），因此显示默认示例。",
    },
    "ui.note.not-a-step": {
        "en": "The link's `step` ({value}) is not a whole number of steps, so step 0 is shown.",
        "zh": "链接中的 `step`（{value}）不是整数步数，因此显示第 0 步。",
    },
    "ui.note.unknown-lang": {
        "en": (
            "The link's `lang` ({value}) is not a known language (en, zh), so English is shown."
        ),
        "zh": "链接中的 `lang`（{value}）不是已知语言（en、zh），因此显示英文。",
    },
    "ui.graph": {"en": "Computation graph", "zh": "计算图"},
    "ui.zoom": {"en": "Zoom", "zh": "缩放"},
    "ui.zoom_fit": {"en": "Fit", "zh": "适应宽度"},
    "ui.large_labels": {"en": "Large labels", "zh": "大号标签"},
    "ui.large_labels_help": {
        "en": "Bigger text on the graph, for a projector.",
        "zh": "图上的文字更大，适合投影。",
    },
    "ui.seed_scalar": {
        "en": (
            "Backpropagation starts at the output **{name}** with upstream gradient **1**: "
            "∂{name}/∂{name} = 1."
        ),
        "zh": "反向传播从输出 **{name}** 开始，它的上游梯度是 **1**：∂{name}/∂{name} = 1。",
    },
    "ui.seed_ones": {
        "en": (
            "The output **{name}** has shape {shape}, not a scalar, so it is seeded with "
            "**ones** of that shape, as if `sum()` were applied to it."
        ),
        "zh": (
            "输出 **{name}** 的形状是 {shape}，不是标量，所以用这个形状的**全 1 张量**作为种子，"
            "就像对它做了 `sum()` 一样。"
        ),
    },
    "ui.graph_legend": {
        "en": (
            "Every edge shows **upstream**, **local** and **downstream**; `?` is not computed "
            "yet. Dashed grey: pending; thick orange: the current step; blue: done. Hover a box "
            "for its line in the program."
        ),
        "zh": (
            "每条边都标出**上游梯度**、**局部梯度**和**下游梯度**；`?` 表示尚未算出。灰色虚线："
            "待执行；粗橙色：当前步骤；蓝色：已完成。把鼠标悬停在方框上，"
            "可以看到它在程序中的哪一行。"
        ),
    },
    "ui.no_dot": {
        "en": "Graphviz's `dot` program is not installed: the browser lays the graph out.",
        "zh": "没有安装 Graphviz 的 `dot` 程序：由浏览器来排布计算图。",
    },
    "ui.first": {"en": "First", "zh": "第一步"},
    "ui.previous": {"en": "Previous", "zh": "上一步"},
    "ui.next": {"en": "Next", "zh": "下一步"},
    "ui.last": {"en": "Last", "zh": "最后一步"},
    "ui.play": {"en": "Play", "zh": "播放"},
    "ui.pause": {"en": "Pause", "zh": "暂停"},
    "ui.speed": {"en": "Seconds per step", "zh": "每步秒数"},
    "ui.step_slider": {"en": "Step", "zh": "步骤"},
    "ui.step_status": {"en": "Step **{step}** of **{n}**", "zh": "第 **{step}** 步，共 **{n}** 步"},
    "ui.step_zero": {
        "en": "Before the first step: only the seed at the output is known.",
        "zh": "第一步之前：只知道输出处的种子。",
    },
    "ui.step_node": {
        "en": "Step **{step}** of **{n}**: `{name} = {expression}`",
        "zh": "第 **{step}** 步，共 **{n}** 步：`{name} = {expression}`",
    },
    "ui.no_steps": {
        "en": (
            "The output depends on no operation, so the backward pass has no steps: each leaf's "
            "gradient is the seed itself, or zero."
        ),
        "zh": (
            "输出不依赖任何运算，所以反向传播没有步骤：每个叶子节点的梯度要么就是种子本身，"
            "要么是零。"
        ),
    },
    "ui.panel": {"en": "This step: {step} / {n}", "zh": "这一步：{step} / {n}"},
    "ui.panel_seed": {
        "en": (
            "Step 0 is the start: the output's upstream gradient is the seed. Press **Next** to "
            "send it backwards through the first operation."
        ),
        "zh": "第 0 步是起点：输出的上游梯度就是种子。点击**下一步**，把它反向传过第一个运算。",
    },
    "ui.panel_upstream": {"en": "Upstream ∂{output}/∂{name}", "zh": "上游梯度 ∂{output}/∂{name}"},
    "ui.panel_seed_upstream": {
        "en": "This is the output: its upstream gradient is the seed.",
        "zh": "这就是输出：它的上游梯度就是种子。",
    },
    "ui.panel_sum_upstream": {
        "en": "{name} is used {count} times: its upstream is the sum of {count} terms.",
        "zh": "{name} 被使用了 {count} 次：它的上游梯度是 {count} 项之和。",
    },
    "ui.panel_edge_constant": {
        "en": "Input **{name}** is a constant: no gradient flows to it.",
        "zh": "输入 **{name}** 是常量：没有梯度流向它。",
    },
    "ui.panel_local": {"en": "Local ∂{node}/∂{name}", "zh": "局部梯度 ∂{node}/∂{name}"},
    "ui.panel_rule": {
        "en": "The rule, in the operation's own letters, then its value here:",
        "zh": "规则（用运算自己的字母写出），然后是它在这里的值：",
    },
    "ui.panel_downstream": {
        "en": "Downstream ∂{output}/∂{name} = upstream · local",
        "zh": "下游梯度 ∂{output}/∂{name} = 上游梯度 · 局部梯度",
    },
    "ui.panel_shapes": {
        "en": "Shapes: upstream · local → downstream: {text}",
        "zh": "形状：上游梯度 · 局部梯度 → 下游梯度：{text}",
    },
    "ui.local_scalar": {"en": "A single number: {structure}.", "zh": "一个数：{structure}。"},
    "ui.local_matrix": {
        "en": (
            "{structure}; written as a {rows}×{cols} matrix: a row per output entry, a column "
            "per input entry."
        ),
        "zh": "{structure}；写成 {rows}×{cols} 矩阵：每个输出元素一行，每个输入元素一列。",
    },
    "ui.local_heatmap": {
        "en": (
            "{structure}: {size:,} entries, drawn as a {rows}×{cols} heatmap (hover an entry for "
            "its output and input index)."
        ),
        "zh": (
            "{structure}：{size:,} 个元素，画成 {rows}×{cols} "
            "热力图（悬停在元素上可以看到它的输出索引和输入索引）。"
        ),
    },
    "ui.local_description": {
        "en": "Shape {shape}, {size:,} entries: too many to draw. Its structure: {structure}.",
        "zh": "形状 {shape}，{size:,} 个元素：太多了，无法画出。它的结构：{structure}。",
    },
    "ui.panel_broadcast": {"en": "Broadcast: {text}", "zh": "广播：{text}"},
    "ui.variables": {"en": "Variables", "zh": "变量"},
    "ui.variables_caption": {
        "en": (
            "Every named variable with its value and its gradient as known after step {step} "
            "(`?` until every consumer has sent its contribution)."
        ),
        "zh": (
            "每个有名字的变量，以及它的值和第 {step} "
            "步之后已知的梯度（在所有使用它的运算都传回贡献之前显示 `?`）。"
        ),
    },
    "ui.gradcheck": {"en": "Gradient check", "zh": "梯度检验"},
    "ui.gradcheck_button": {"en": "Check every leaf numerically", "zh": "对每个叶子节点做数值检验"},
    "ui.gradcheck_help": {
        "en": (
            "Compares every leaf's gradient with central differences (ε = 1e-6): two forward "
            "passes per entry."
        ),
        "zh": "用中心差分（ε = 1e-6）检验每个叶子节点的梯度：每个元素需要两次前向传播。",
    },
    "ui.gradcheck_caption": {
        "en": "Numerical check of each leaf's gradient (central differences).",
        "zh": "每个叶子节点梯度的数值检验（中心差分）。",
    },
    "ui.gradcheck_skipped": {
        "en": "Not checked (too much work for a quick check): {names}.",
        "zh": "未检验（计算量太大，无法快速检验）：{names}。",
    },
    "ui.gradcheck_stopped": {
        "en": "The check stopped after {seconds:g} seconds, its time limit: {names} not checked.",
        "zh": "检验在 {seconds:g} 秒（时间上限）后停止：{names} 未检验。",
    },
    "ui.gradcheck_none": {
        "en": "No leaf receives a gradient, so there is nothing to check.",
        "zh": "没有叶子节点得到梯度，所以没有需要检验的。",
    },
    "ui.gradcheck_ok": {
        "en": "Every checked leaf agrees with its numerical gradient.",
        "zh": "每个检验过的叶子节点都与它的数值梯度一致。",
    },
    "ui.gradcheck_bad": {
        "en": "Some leaves disagree with their numerical gradient: look at `verdict`.",
        "zh": "有些叶子节点与它的数值梯度不一致：请看“结论”一列。",
    },
    "ui.share": {"en": "Share this view", "zh": "分享这个视图"},
    "ui.share_caption": {
        "en": "This link reopens this program at this step (copy it with the button).",
        "zh": "这个链接会在这一步重新打开这个程序（用按钮复制它）。",
    },
    "ui.export": {"en": "Export", "zh": "导出"},
    "ui.export_svg": {"en": "Graph as SVG", "zh": "计算图（SVG）"},
    "ui.export_dot": {"en": "Graph as DOT", "zh": "计算图（DOT）"},
    "ui.export_md": {
        "en": "Worked backward pass (Markdown)",
        "zh": "完整的反向传播推导（Markdown）",
    },
    "ui.export_torch": {"en": "PyTorch script", "zh": "PyTorch 脚本"},
    "ui.export_torch_help": {
        "en": (
            "The same program as a plain PyTorch script (float64, the same leaf values, the "
            "same seed) that prints every leaf's gradient: paste it into a notebook to compare."
        ),
        "zh": (
            "同一个程序写成普通的 PyTorch 脚本（float64，相同的叶子节点取值，相同的种子），"
            "运行后打印每个叶子节点的梯度：粘贴到 notebook 里即可对照。"
        ),
    },
    "ui.language": {"en": "Language / 语言", "zh": "语言 / Language"},
    # The sidebar's list of pages (ui.page_links).
    "nav.main": {"en": "Backpropagation", "zh": "反向传播"},
    "nav.jacobian": {"en": "Jacobian", "zh": "雅可比矩阵"},
    "nav.chain": {"en": "Chain rule", "zh": "链式法则"},
    "nav.lessons": {"en": "Lessons", "zh": "课程"},
    "ui.seconds": {"en": "{s:g} s", "zh": "{s:g} 秒"},
    "ui.heatmap_title": {
        "en": "∂{node}/∂{name}, shape {shape}",
        "zh": "∂{node}/∂{name}，形状 {shape}",
    },
    # -- the Jacobian page (pages/1_Jacobian.py) ---------------------------------------------
    "jac.page_title": {"en": "Jacobian · Chainrule", "zh": "雅可比矩阵 · Chainrule"},
    "jac.title": {"en": "The Jacobian", "zh": "雅可比矩阵"},
    "jac.intro": {
        "en": (
            "For an output **y** and an input **x** of your program, the generalized Jacobian "
            "∂y/∂x holds one number ∂yᵢ/∂xⱼ for every entry i of y and every entry j of x: its "
            "shape is y's shape followed by x's shape. Flatten both sides and it is an ordinary "
            "matrix, one **row per output entry** and one **column per input entry**."
        ),
        "zh": (
            "对程序中的一个输出 **y** 和一个输入 **x**，广义雅可比矩阵 ∂y/∂x 为 y 的每个元素 i "
            "和 x 的每个元素 j 各存一个数 ∂yᵢ/∂xⱼ：它的形状是 y 的形状后接 x 的形状。"
            "把两边都展平，它就是一个普通矩阵：**每个输出元素一行**，**每个输入元素一列**。"
        ),
    },
    "jac.output": {"en": "Output y", "zh": "输出 y"},
    "jac.output_help": {
        "en": "A variable of the program that depends on another variable.",
        "zh": "程序中依赖于另一个变量的变量。",
    },
    "jac.wrt": {"en": "Input x", "zh": "输入 x"},
    "jac.wrt_help": {
        "en": "A variable y depends on that needs a gradient: a leaf or an intermediate.",
        "zh": "y 所依赖的、需要梯度的变量：叶子节点或中间变量。",
    },
    "jac.no_options": {
        "en": (
            "No variable of this program depends on another variable that needs a gradient, so "
            "there is no Jacobian to show. Add an operation, e.g. `y = tanh(x)`."
        ),
        "zh": (
            "这个程序中没有哪个变量依赖于另一个需要梯度的变量，所以没有雅可比矩阵可以显示。"
            "加一个运算，例如 `y = tanh(x)`。"
        ),
    },
    "jac.note.unknown-output": {
        "en": (
            "The link's `output` ({value}) is not a variable of this program that depends on "
            "another, so **{shown}** is shown."
        ),
        "zh": (
            "链接中的 `output`（{value}）不是这个程序中依赖于其他变量的变量，因此显示 **{shown}**。"
        ),
    },
    "jac.note.unknown-wrt": {
        "en": (
            "The link's `wrt` ({value}) is not a variable that **{output}** depends on, so "
            "**{shown}** is shown."
        ),
        "zh": "链接中的 `wrt`（{value}）不是 **{output}** 所依赖的变量，因此显示 **{shown}**。",
    },
    "jac.shape": {
        "en": (
            "**∂{y}/∂{x}** has shape {out_shape} + {in_shape} = {shape}; flattened, a **{rows} × "
            "{cols}** matrix ({entries:,} entries)."
        ),
        "zh": (
            "**∂{y}/∂{x}** 的形状是 {out_shape} + {in_shape} = {shape}；展平后是一个 **{rows} × "
            "{cols}** 矩阵（{entries:,} 个元素）。"
        ),
    },
    "jac.unconnected": {
        "en": "**{y}** does not depend on **{x}**: every entry is 0.",
        "zh": "**{y}** 不依赖于 **{x}**：每个元素都是 0。",
    },
    "jac.too_large_entries": {
        "en": (
            "This Jacobian has **{entries:,}** entries ({rows:,} × {cols:,}), more than the "
            "{cap:,} this page builds. It is described here, not built: each of its {rows:,} "
            "rows would take one backward pass, each of its {cols:,} columns one forward pass."
        ),
        "zh": (
            "这个雅可比矩阵有 **{entries:,}** 个元素（{rows:,} × {cols:,}），"
            "超过了本页最多构造的 {cap:,} 个。这里只描述它，不构造它：它的 {rows:,} "
            "行每行需要一次反向传播，{cols:,} 列每列需要一次前向传播。"
        ),
    },
    "jac.too_large_work": {
        "en": (
            "Building this Jacobian three ways would take {rows:,} backward passes, {cols:,} "
            "forward passes and {fd:,} replays of the graph: too slow for this page. Pick a "
            "smaller input or output."
        ),
        "zh": (
            "用三种方法构造这个雅可比矩阵需要 {rows:,} 次反向传播、{cols:,} 次前向传播和 {fd:,} "
            "次重算计算图：对本页来说太慢了。请选更小的输入或输出。"
        ),
    },
    "jac.three_ways": {"en": "Three ways to build it", "zh": "构造它的三种方法"},
    "jac.reverse": {"en": "Reverse mode", "zh": "反向模式"},
    "jac.reverse_help": {
        "en": "Row by row: one backward pass (a vector-Jacobian product) per output entry.",
        "zh": "逐行：每个输出元素一次反向传播（一次向量-雅可比积）。",
    },
    "jac.forward": {"en": "Forward mode", "zh": "前向模式"},
    "jac.forward_help": {
        "en": "Column by column: one forward pass (a Jacobian-vector product) per input entry.",
        "zh": "逐列：每个输入元素一次前向传播（一次雅可比-向量积）。",
    },
    "jac.numerical": {"en": "Finite differences", "zh": "有限差分"},
    "jac.numerical_help": {
        "en": "Central differences, ε = 1e-6: two replays of the graph per input entry.",
        "zh": "中心差分，ε = 1e-6：每个输入元素重算两次计算图。",
    },
    "jac.passes": {"en": "{n:,} passes", "zh": "{n:,} 次传播"},
    "jac.one_pass": {"en": "1 pass", "zh": "1 次传播"},
    "jac.agree": {
        "en": (
            "Largest difference: reverse vs forward **{modes}**, exact vs finite differences "
            "**{fd}** (rounding and truncation of the differences)."
        ),
        "zh": (
            "最大差异：反向模式与前向模式之间为 **{modes}**，精确值与有限差分之间为 "
            "**{fd}**（差分的舍入误差和截断误差）。"
        ),
    },
    "jac.heatmap_of": {"en": "Heatmap of", "zh": "热力图显示"},
    "jac.heatmap_title": {
        "en": "∂{y}/∂{x}: {rows} × {cols} ({how})",
        "zh": "∂{y}/∂{x}：{rows} × {cols}（{how}）",
    },
    "jac.how_reverse": {"en": "reverse mode", "zh": "反向模式"},
    "jac.how_forward": {"en": "forward mode", "zh": "前向模式"},
    "jac.how_numerical": {"en": "finite differences", "zh": "有限差分"},
    "jac.heatmap_caption": {
        "en": (
            "Row i is output entry yᵢ, column j is input entry xⱼ, each labelled by its index "
            "vector. Red is positive, blue negative, white zero."
        ),
        "zh": (
            "第 i 行是输出元素 yᵢ，第 j 列是输入元素 xⱼ，都用索引向量标注。红色为正，蓝色为负，"
            "白色为 0。"
        ),
    },
    "jac.linear_intro": {
        "en": (
            "Move **{x}** a little, by Δx in a fixed random direction, and the Jacobian predicts "
            "how **{y}** moves: J · Δx, the generalized dot that sums over all of {x}'s indices, "
            "(J · Δx)ᵢ = Σⱼ ∂yᵢ/∂xⱼ · Δxⱼ. The table compares the prediction with {y} recomputed "
            "from the perturbed {x}."
        ),
        "zh": (
            "把 **{x}** 沿一个固定的随机方向移动一小步 Δx，雅可比矩阵就能预测 **{y}** 如何变化："
            "J · Δx，即对 {x} 的所有索引求和的广义点积，(J · Δx)ᵢ = Σⱼ ∂yᵢ/∂xⱼ · Δxⱼ。"
            "表格把这个预测与用扰动后的 {x} 重新算出的 {y} 进行比较。"
        ),
    },
    # -- the linearisation panel (ui_maths.linearisation_panel: Jacobian and Lessons pages) -----
    "lin.heading": {
        "en": "What the Jacobian predicts: f(x + Δx) ≈ f(x) + J · Δx",
        "zh": "雅可比矩阵的预测：f(x + Δx) ≈ f(x) + J · Δx",
    },
    "lin.scale": {"en": "Size of Δx (its length ‖Δx‖)", "zh": "Δx 的大小（长度 ‖Δx‖）"},
    "lin.scale_help": {
        "en": "Δx points in a fixed random direction; only its length changes.",
        "zh": "Δx 的方向是固定的随机方向，只改变它的长度。",
    },
    "lin.via_jvp": {
        "en": (
            "J is not built here, so J · Δx comes from one forward-mode pass (a Jacobian-vector "
            "product): the same number without the matrix."
        ),
        "zh": (
            "这里没有构造 J，所以 J · Δx 来自一次前向模式传播（雅可比-向量积）："
            "不用矩阵也得到同一个数。"
        ),
    },
    "lin.entry": {"en": "entry", "zh": "元素"},
    "lin.error": {"en": "error", "zh": "误差"},
    "lin.rows_cut": {
        "en": "The first {shown} of {total:,} output entries.",
        "zh": "共 {total:,} 个输出元素，这里列出前 {shown} 个。",
    },
    "lin.delta": {"en": "‖Δx‖", "zh": "‖Δx‖"},
    "lin.max_error": {"en": "Largest error", "zh": "最大误差"},
    "lin.exact": {
        "en": (
            "Every error is rounding: this map is linear in {x}, so its first-order "
            "prediction is exact."
        ),
        "zh": "每个误差都只是舍入误差：这个映射对 {x} 是线性的，所以一阶预测是精确的。",
    },
    "lin.sweep": {
        "en": (
            "Shrink Δx ten times and the error shrinks about a hundred times: it is second order."
        ),
        "zh": "把 Δx 缩小十倍，误差大约缩小一百倍：误差是二阶的。",
    },
    "lin.sweep_error": {"en": "largest error", "zh": "最大误差"},
    "lin.sweep_ratio": {"en": "smaller by", "zh": "缩小倍数"},
    # -- the chain-rule page (pages/2_Chain_rule.py) -----------------------------------------
    "chain.page_title": {"en": "Chain rule · Chainrule", "zh": "链式法则 · Chainrule"},
    "chain.title": {"en": "The chain rule", "zh": "链式法则"},
    "chain.intro": {
        "en": (
            "When **x** changes **y** and **y** changes **z**, the effect of x on z is the "
            "product of the two steps: ∂z/∂x = ∂z/∂y · ∂y/∂x. With K entries in z, M in y and N "
            "in x, the shapes fit like matrices: (K × M) · (M × N) = K × N. For tensors the "
            "product is the **generalized dot**: it sums over all of y's indices."
        ),
        "zh": (
            "当 **x** 改变 **y**、**y** 又改变 **z** 时，x 对 z 的影响是这两步的乘积：∂z/∂x = "
            "∂z/∂y · ∂y/∂x。z 有 K 个元素、y 有 M 个、x 有 N 个时，形状像矩阵一样对得上：(K × M) "
            "· (M × N) = K × N。对张量来说，这个乘积是**广义点积**：它对 y 的所有索引求和。"
        ),
    },
    "chain.x": {"en": "From x", "zh": "从 x"},
    "chain.y": {"en": "Through y", "zh": "经过 y"},
    "chain.z": {"en": "To z", "zh": "到 z"},
    "chain.x_help": {
        "en": "Any node that needs a gradient and starts a path of at least two steps.",
        "zh": "任何需要梯度、并且是一条至少两步的路径起点的节点。",
    },
    "chain.y_help": {
        "en": "Only nodes on a path from x to z are offered.",
        "zh": "只列出位于从 x 到 z 的路径上的节点。",
    },
    "chain.z_help": {
        "en": "Only nodes that x reaches through at least one node in between are offered.",
        "zh": "只列出 x 要经过至少一个中间节点才能到达的节点。",
    },
    "chain.on_every_path": {"en": "every path passes here", "zh": "每条路径都经过这里"},
    "chain.bypassed": {"en": "other paths bypass it", "zh": "有其他路径绕过它"},
    "chain.no_chain": {
        "en": (
            "This program's graph has no path of two steps between nodes that need a gradient, "
            "so there is no chain to show. Add an operation, e.g. `h = tanh(x)` then `L = "
            "sum(h)`."
        ),
        "zh": (
            "这个程序的计算图中，需要梯度的节点之间没有两步的路径，所以没有链可以展示。"
            "加一个运算，例如先写 `h = tanh(x)`，再写 `L = sum(h)`。"
        ),
    },
    "chain.note": {
        "en": (
            "The link's `{name}` ({value}) is not a valid choice here, so **{shown}** is shown."
        ),
        "zh": "链接中的 `{name}`（{value}）在这里不是有效的选择，因此显示 **{shown}**。",
    },
    "chain.shapes": {
        "en": (
            "z = **{z}** has shape {z_shape} (K = {k:,}), y = **{y}** has shape {y_shape} (M = "
            "{m:,}), x = **{x}** has shape {x_shape} (N = {n:,})."
        ),
        "zh": (
            "z = **{z}** 的形状是 {z_shape}（K = {k:,}），y = **{y}** 的形状是 {y_shape}（M = "
            "{m:,}），x = **{x}** 的形状是 {x_shape}（N = {n:,}）。"
        ),
    },
    "chain.too_large_entries": {
        "en": (
            "These Jacobians are too large to build here: ∂z/∂y would be {k:,} × {m:,}, ∂y/∂x "
            "{m:,} × {n:,} and ∂z/∂x {k:,} × {n:,}; this page builds at most {cap:,} entries "
            "each."
        ),
        "zh": (
            "这些雅可比矩阵太大，这里无法构造：∂z/∂y 将是 {k:,} × {m:,}，∂y/∂x 是 {m:,} × {n:,}，"
            "∂z/∂x 是 {k:,} × {n:,}；本页每个最多构造 {cap:,} 个元素。"
        ),
    },
    "chain.too_large_work": {
        "en": (
            "Building these Jacobians would take too many passes over the graph for this page. "
            "Pick nodes with fewer entries."
        ),
        "zh": "构造这些雅可比矩阵需要对计算图做太多次传播，本页无法完成。请选元素更少的节点。",
    },
    "chain.matrices": {"en": "The two factors and their product", "zh": "两个因子及其乘积"},
    "chain.title_dz_dy": {
        "en": "∂{z}/∂{y}: K × M = {k} × {m}",
        "zh": "∂{z}/∂{y}：K × M = {k} × {m}",
    },
    "chain.title_dy_dx": {
        "en": "∂{y}/∂{x}: M × N = {m} × {n}",
        "zh": "∂{y}/∂{x}：M × N = {m} × {n}",
    },
    "chain.title_product": {
        "en": "∂{z}/∂{y} · ∂{y}/∂{x}: K × N = {k} × {n}",
        "zh": "∂{z}/∂{y} · ∂{y}/∂{x}：K × N = {k} × {n}",
    },
    "chain.title_direct": {
        "en": "∂{z}/∂{x} computed directly: {k} × {n}",
        "zh": "直接计算的 ∂{z}/∂{x}：{k} × {n}",
    },
    "chain.equal": {
        "en": (
            "Every path from **{x}** to **{z}** passes through **{y}**, so the product **is** "
            "the Jacobian ∂{z}/∂{x}: the largest difference from the direct one is {diff}."
        ),
        "zh": (
            "从 **{x}** 到 **{z}** 的每条路径都经过 **{y}**，所以这个乘积**就是**雅可比矩阵 "
            "∂{z}/∂{x}：它与直接计算结果的最大差异是 {diff}。"
        ),
    },
    "chain.bypass": {
        "en": (
            "**{x}** also reaches **{z}** without passing through **{y}**, for example {path}. "
            "The product is then **only the part of ∂{z}/∂{x} that flows through {y}**; the "
            "direct Jacobian also counts the other paths. Their difference is up to {diff}. "
            "(∂{z}/∂{y} here treats {y} as an input of its own, with everything else held "
            "fixed.) Pick a y that every path passes through to see the product equal the direct "
            "Jacobian."
        ),
        "zh": (
            "**{x}** 也可以不经过 **{y}** 到达 **{z}**，例如 {path}。这时乘积**只是 ∂{z}/∂{x} "
            "中流经 {y} 的那一部分**；直接计算的雅可比矩阵还包括其他路径。两者最多相差 {diff}。"
            "（这里的 ∂{z}/∂{y} 把 {y} 当作一个独立的输入，其他一切保持不变。）"
            "选一个每条路径都经过的 y，就能看到乘积等于直接计算的雅可比矩阵。"
        ),
    },
    "chain.index": {
        "en": "Entry by entry: a sum over index vectors",
        "zh": "逐个元素：对索引向量求和",
    },
    "chain.index_intro": {
        "en": (
            "Every entry of the product is a sum over all entries k of y. Here **i**, **j** and "
            "**k** are index vectors, one integer per axis of z, x and y: i runs over {z_shape}, "
            "j over {x_shape}, k over {y_shape}."
        ),
        "zh": (
            "乘积的每个元素都是对 y 的所有元素 k 的求和。这里 **i**、**j** 和 **k** "
            "都是索引向量，z、x 和 y 的每个轴各对应一个整数：i 遍历 {z_shape}，j 遍历 {x_shape}，"
            "k 遍历 {y_shape}。"
        ),
    },
    "chain.entry_i": {"en": "Entry i of {z}", "zh": "{z} 的元素 i"},
    "chain.entry_j": {"en": "Entry j of {x}", "zh": "{x} 的元素 j"},
    "chain.worked_caption": {
        "en": (
            "{nonzero} of the {m:,} terms are nonzero; terms with a zero factor add nothing and "
            "are left out of the written sum."
        ),
        "zh": (
            "{m:,} 项中有 {nonzero} 项不为零；含有零因子的项对和没有贡献，写出的求和中省略了它们。"
        ),
    },
    "chain.worked_check": {
        "en": "The direct Jacobian's entry ∂{z}ᵢ/∂{x}ⱼ is {direct}.",
        "zh": "直接计算的雅可比矩阵的元素 ∂{z}ᵢ/∂{x}ⱼ 是 {direct}。",
    },
    "chain.terms": {"en": "All terms of the sum", "zh": "求和的所有项"},
    "chain.order": {
        "en": "Forward or reverse: the cost of multiplying a chain of Jacobians",
        "zh": "前向还是反向：雅可比矩阵链相乘的代价",
    },
    "chain.order_intro": {
        "en": (
            "Along a path x = v₀ → v₁ → … → v_L = z with nᵢ entries at vᵢ, the Jacobian is a "
            "product J_L ⋯ J₂ J₁ where J_k is n_k × n_(k−1). Multiplying an a × b matrix by a b "
            "× c one costs a·b·c multiply-adds, so the **order** matters. **Forward** "
            "accumulation starts at the input, J_L(⋯(J₂J₁)), and carries n₀ columns; **reverse** "
            "starts at the output, ((J_L J_(L−1))⋯)J₁, and carries n_L rows."
        ),
        "zh": (
            "沿路径 x = v₀ → v₁ → … → v_L = z，vᵢ 有 nᵢ 个元素，雅可比矩阵是乘积 J_L ⋯ J₂ J₁，"
            "其中 J_k 是 n_k × n_(k−1) 矩阵。一个 a × b 矩阵乘一个 b × c 矩阵需要 a·b·c 次乘加，"
            "所以**顺序**很重要。**前向**累积从输入开始，J_L(⋯(J₂J₁))，携带 n₀ 列；"
            "**反向**累积从输出开始，((J_L J_(L−1))⋯)J₁，携带 n_L 行。"
        ),
    },
    "chain.path": {"en": "A path through {y}: {path}", "zh": "经过 {y} 的一条路径：{path}"},
    "chain.forward_total": {"en": "Forward (from the input)", "zh": "前向（从输入开始）"},
    "chain.reverse_total": {"en": "Reverse (from the output)", "zh": "反向（从输出开始）"},
    "chain.madds": {"en": "{n:,} multiply-adds", "zh": "{n:,} 次乘加"},
    "chain.single": {
        "en": "This path has a single Jacobian: there is nothing to multiply.",
        "zh": "这条路径只有一个雅可比矩阵：没有什么可乘的。",
    },
    "chain.winner": {
        "en": "**{winner}** is **{ratio} times** cheaper on this chain.",
        "zh": "在这条链上，**{winner}**便宜 **{ratio} 倍**。",
    },
    "chain.reverse_word": {"en": "Reverse", "zh": "反向"},
    "chain.forward_word": {"en": "Forward", "zh": "前向"},
    "chain.same": {
        "en": "Both orders cost the same on this chain.",
        "zh": "在这条链上，两种顺序的代价相同。",
    },
    "chain.steps_forward": {"en": "Forward order, product by product", "zh": "前向顺序，逐次相乘"},
    "chain.steps_reverse": {"en": "Reverse order, product by product", "zh": "反向顺序，逐次相乘"},
    "chain.demo": {"en": "Try a chain of your own", "zh": "试试你自己的链"},
    "chain.sizes": {
        "en": "Sizes n₀, n₁, …, n_L (input first, output last)",
        "zh": "大小 n₀, n₁, …, n_L（输入在前，输出在后）",
    },
    "chain.sizes_help": {
        "en": "Whole numbers separated by commas, e.g. 100, 50, 20, 1.",
        "zh": "用逗号分隔的整数，例如 100, 50, 20, 1。",
    },
    "chain.scalar_loss": {
        "en": (
            "With a scalar loss (n_L = 1) reverse accumulation only ever multiplies a **row** by "
            "a matrix: one vector-Jacobian product per step, the gradient of the loss with "
            "respect to every node in one backward pass. Forward accumulation would carry a full "
            "n₀-column matrix through every step. That is why backpropagation runs in reverse."
        ),
        "zh": (
            "对于标量损失（n_L = 1），反向累积每次都只是用一个**行向量**乘一个矩阵："
            "每步一次向量-雅可比积，一次反向传播就得到损失对每个节点的梯度。"
            "前向累积则要在每一步都携带一个完整的 n₀ 列矩阵。这就是反向传播要反向进行的原因。"
        ),
    },
    "chain.dense_note": {
        "en": (
            "These counts treat every J_k as a dense matrix. The engine never builds most local "
            "Jacobians (it applies each operation's vector-Jacobian rule), but the argument "
            "about the order is the same."
        ),
        "zh": (
            "这些计数把每个 J_k 都当作稠密矩阵。"
            "引擎从不构造大多数局部雅可比矩阵（它应用每个运算的向量-雅可比规则），"
            "但关于顺序的论证是一样的。"
        ),
    },
    "chain.col.product": {"en": "product", "zh": "乘积"},
    "chain.col.result": {"en": "result", "zh": "结果"},
    "chain.col.madds": {"en": "multiply-adds", "zh": "乘加次数"},
    # the "⋯" of a long sum in LaTeX: "7 \text{ more}" (a leading space: it follows a number)
    "chain.latex_more": {"en": " more", "zh": " 项"},
    "ui.graph_too_large": {
        "en": (
            "This graph has {n:,} elements, more than the {limit:,} the page draws: step "
            "through it with the number below; the step panel, the variables and the "
            "exports work as usual."
        ),
        "zh": (
            "这张计算图有 {n:,} 个元素，超过页面绘制的上限 {limit:,}：请用下面的数字逐步浏览；"
            "步骤面板、变量表和导出照常可用。"
        ),
    },
    # -- warnings: a program that runs but may not mean what it seems (their words: language.py)
    "ui.warnings_title": {
        "en": "**The program ran, but look twice:**",
        "zh": "**程序运行成功了，但请再检查一下：**",
    },
    # -- the main page in the classroom: presentation mode ------------------------------
    "main.present.toggle": {"en": "Presentation mode", "zh": "演示模式"},
    "main.present.help": {
        "en": (
            "For a projector: large graph and panel text; the sidebar, the editor (folded "
            "away), the variables, the gradient check and the exports are hidden. The arrow "
            "keys, Home and End still step. The address keeps `present=1`: bookmark it."
        ),
        "zh": (
            "用于投影：放大计算图和面板的文字；隐藏侧边栏、编辑器（折叠起来）、变量表、"
            "梯度检验和导出。方向键、Home 和 End 仍然可以单步前进或后退。"
            "地址中保留 `present=1`：可以把它加入书签。"
        ),
    },
    "main.present.program": {"en": "Program and examples", "zh": "程序与示例"},
    "main.present.note": {
        "en": "The link's `present` ({value}) is not 1 or 0, so presentation mode is off.",
        "zh": "链接中的 `present`（{value}）不是 1 或 0，所以演示模式保持关闭。",
    },
    # -- the main page in the classroom: quiz mode (predict, then reveal) -----------------
    "main.quiz.toggle": {"en": "Quiz mode", "zh": "测验模式"},
    "main.quiz.help": {
        "en": (
            "Predict, then reveal: the current step's downstream gradients (or local "
            "gradients) are hidden on the graph and in the panel. Type your answer for each "
            "input and press Check, or Reveal."
        ),
        "zh": (
            "先预测，再揭晓：当前这一步的下游梯度（或局部梯度）在计算图和面板中都被隐藏。"
            "为每个输入写下你的答案并点击“检查”，或者点击“揭晓答案”。"
        ),
    },
    "main.quiz.note": {
        "en": "The link's `quiz` ({value!r}) is not `downstream` or `local`, so quiz mode is off.",
        "zh": (
            "链接中的 `quiz`（{value!r}）不是 `downstream`（隐藏下游梯度）或 `local`"
            "（隐藏局部梯度），所以测验模式保持关闭。"
        ),
    },
    "main.quiz.target": {"en": "Hide", "zh": "隐藏"},
    "main.quiz.target.downstream": {"en": "downstream gradient", "zh": "下游梯度"},
    "main.quiz.target.local": {
        "en": "local gradient (Jacobian)",
        "zh": "局部梯度（雅可比矩阵）",
    },
    "ui.export_out_of_time": {
        "en": "# Not made\n\n{what} took more than {seconds} seconds to make and was stopped, "
        "so that the server stays free for everyone. Try again when the server is less busy, "
        "or ask whoever runs it to raise the limit (CHAINRULE_EXPORT_SECONDS).\n",
        "zh": "# 未能生成\n\n{what}的生成时间超过了 {seconds} 秒，已被停止，以免占用大家共用的"
        "服务器。请在服务器不那么忙的时候再试一次，或者请管理服务器的人调高上限"
        "（CHAINRULE_EXPORT_SECONDS）。\n",
    },
    "main.inputs.window": {
        "en": "Inputs {first}–{last} of {n} shown.",
        "zh": "显示第 {first}–{last} 个输入（共 {n} 个）。",
    },
    "main.inputs.next": {"en": "Show the next {n} inputs", "zh": "显示后面 {n} 个输入"},
    "main.inputs.first": {"en": "Back to the first inputs", "zh": "回到最前面的输入"},
    "main.inputs.out_of_time": {
        "en": "The panel stopped after {seconds} seconds: the next button goes on from here "
        "(the limit is set by CHAINRULE_PANEL_SECONDS).",
        "zh": "面板在 {seconds} 秒后停了下来：下面的按钮会从这里接着显示"
        "（上限由 CHAINRULE_PANEL_SECONDS 设置）。",
    },
    "main.quiz.score": {
        "en": "Quiz score: **{right}** right of **{attempted}** tried",
        "zh": "测验得分：作答 **{attempted}** 题，答对 **{right}** 题",
    },
    "main.quiz.score_help": {
        "en": (
            "A step counts once: its first answer that can be read decides it, and a step "
            "revealed before any answer counts as missed."
        ),
        "zh": "每一步只计一次：以第一次能读懂的答案为准；未作答就揭晓的一步记为答错。",
    },
    "main.quiz.step_zero": {
        "en": "Quiz mode: step to the first operation (→) for the first question.",
        "zh": "测验模式：前进到第一个运算（→）开始第一题。",
    },
    "main.quiz.graph_hidden": {
        "en": "Quiz mode: this step's {quantity} is `?` on the graph until you answer or reveal.",
        "zh": "测验模式：在你答对或揭晓之前，这一步的{quantity}在计算图上显示为 `?`。",
    },
    "main.quiz.answer_downstream": {
        "en": "Your downstream gradient ∂{output}/∂{name}, shape {shape}",
        "zh": "你的下游梯度 ∂{output}/∂{name}，形状 {shape}",
    },
    "main.quiz.answer_local": {
        "en": "Your local gradient ∂{node}/∂{name}, shape {shape}",
        "zh": "你的局部梯度 ∂{node}/∂{name}，形状 {shape}",
    },
    "main.quiz.answer_help": {
        "en": (
            "A number (-4), a vector ([1, 2] or 1, 2) or a matrix ([[1, 2], [3, 4]] or "
            "1 2; 3 4). Two decimals are enough."
        ),
        "zh": (
            "一个数（-4）、一个向量（[1, 2] 或 1, 2）或一个矩阵（[[1, 2], [3, 4]] 或 "
            "1 2; 3 4）。保留两位小数就够了。"
        ),
    },
    "main.quiz.local_hidden": {
        "en": "Local ∂{node}/∂{name} = ?",
        "zh": "局部梯度 ∂{node}/∂{name} = ?",
    },
    "main.quiz.downstream_hidden": {
        "en": "Downstream ∂{output}/∂{name} = ?",
        "zh": "下游梯度 ∂{output}/∂{name} = ?",
    },
    "main.quiz.downstream_follows": {
        "en": "The downstream gradient (upstream · local) is shown once the local gradient is.",
        "zh": "下游梯度（上游梯度 · 局部梯度）会在局部梯度揭晓后显示。",
    },
    "main.quiz.too_large": {
        "en": "This local gradient has {size:,} entries: too many to type. Reveal shows it.",
        "zh": "这个局部梯度有 {size:,} 个元素，太多了，无法输入。点击“揭晓答案”查看。",
    },
    "main.quiz.check": {"en": "Check", "zh": "检查"},
    "main.quiz.reveal": {"en": "Reveal", "zh": "揭晓答案"},
    "main.quiz.right": {"en": "Right!", "zh": "正确！"},
    "main.quiz.not_quite": {"en": "Not quite.", "zh": "还不对。"},
    "main.quiz.wrong_entries": {
        "en": "{count} of {total} entries are off: {entries}.",
        "zh": "{total} 个元素中有 {count} 个不对：{entries}。",
    },
    "main.quiz.unreadable": {
        "en": "Could not read the answer: {detail}. This does not count as a try.",
        "zh": "无法读取答案：{detail}。这次不计入得分。",
    },
    "main.quiz.wrong_size": {
        "en": (
            "Expected {expected} entries (shape {shape}), got {got}. This does not count as a try."
        ),
        "zh": "应有 {expected} 个元素（形状 {shape}），你写了 {got} 个。这次不计入得分。",
    },
    "main.quiz.all_right": {
        "en": "Every answer of this step is right: the values are shown.",
        "zh": "这一步的答案全部正确：下面显示了引擎算出的值。",
    },
    "main.quiz.revealed": {
        "en": "Revealed: the engine's values are shown.",
        "zh": "已揭晓：下面显示的是引擎算出的值。",
    },
    # -- the main page in the classroom: offline slides -----------------------------------
    "main.slides.button": {"en": "Slides (HTML)", "zh": "幻灯片（HTML）"},
    "main.slides.help": {
        "en": (
            "The whole backward pass as one offline HTML file, a slide per step (arrow keys "
            "step): for a course site or a room without a network."
        ),
        "zh": (
            "把整个反向传播保存为一个离线 HTML 文件，每一步一张幻灯片（用方向键翻页）："
            "适合放在课程网站上，或在没有网络的教室里使用。"
        ),
    },
    "main.slides.too-long": {
        "en": "Slides are made for passes of up to {max} steps; this one has {n}.",
        "zh": "幻灯片只支持不超过 {max} 步的反向传播；这个有 {n} 步。",
    },
}
