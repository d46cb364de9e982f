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
