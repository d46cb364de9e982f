"""The guided lessons' words (lesson.*, lessons.*)."""

TEXT: dict[str, dict[str, str]] = {
    "lesson.count": {"en": "Lesson {n} of {total}", "zh": "第 {n} 课，共 {total} 课"},
    # -- lesson 1: the Jacobian ---------------------------------------------------------
    "lesson.jacobian.title": {"en": "1. The Jacobian", "zh": "1. 雅可比矩阵"},
    "lesson.jacobian.1": {
        "en": (
            "f maps a vector x with N entries to a vector y with M entries. Its Jacobian "
            "∂y/∂x has one row per output and one column per input: an M × N matrix whose "
            "entry (i, j) says how fast yᵢ changes when xⱼ moves."
        ),
        "zh": (
            "f 把有 N 个分量的向量 x 映射为有 M 个分量的向量 y。它的雅可比矩阵 ∂y/∂x "
            "每个输出占一行、每个输入占一列，是一个 M × N 矩阵：第 (i, j) 个元素表示 "
            "xⱼ 变化时 yᵢ 变化得有多快。"
        ),
    },
    "lesson.jacobian.2": {
        "en": (
            "The Jacobian is the best linear approximation of f near x: moving x by a small Δx "
            "moves y by about (∂y/∂x)·Δx. Compare f(x + Δx) with y + (∂y/∂x)·Δx; make the "
            "step smaller and the error shrinks much faster than the step."
        ),
        "zh": (
            "雅可比矩阵是 f 在 x 附近的最佳线性近似：x 移动一个小量 Δx 时，y 大约移动 "
            "(∂y/∂x)·Δx。比较 f(x + Δx) 与 y + (∂y/∂x)·Δx；步长越小，误差缩小得比步长快得多。"
        ),
    },
    "lesson.jacobian.3": {
        "en": (
            "When each output depends only on the input in the same position, as with an "
            "elementwise function like sin, the Jacobian is diagonal: the derivative on the "
            "diagonal and zeros everywhere else."
        ),
        "zh": (
            "当每个输出只依赖同一位置的输入时（例如 sin 这样的逐元素函数），雅可比矩阵是"
            "对角矩阵：对角线上是导数，其余位置都是 0。"
        ),
    },
    # -- lesson 2: the generalized Jacobian ---------------------------------------------
    "lesson.generalized.title": {"en": "2. The generalized Jacobian", "zh": "2. 广义雅可比矩阵"},
    "lesson.generalized.1": {
        "en": (
            "Now the input and the output are matrices. The generalized Jacobian ∂Y/∂X has the "
            "output's shape followed by the input's shape. Each entry is picked by two index "
            "vectors, one into Y and one into X: ∂Yᵢ/∂Xⱼ."
        ),
        "zh": (
            "现在输入和输出都是矩阵。广义雅可比矩阵 ∂Y/∂X 的形状是输出的形状后接输入的形状。"
            "每个元素由两个索引向量确定，一个指向 Y，一个指向 X：∂Yᵢ/∂Xⱼ。"
        ),
    },
    "lesson.generalized.2": {
        "en": (
            "The first-order change still reads Y + (∂Y/∂X)·ΔX, but the dot is a generalized "
            "dot product: for each index vector i of Y it sums over every index vector j of X."
        ),
        "zh": (
            "一阶变化仍写作 Y + (∂Y/∂X)·ΔX，但这里的点乘是广义点积：对 Y 的每个索引向量 i，"
            "在 X 的所有索引向量 j 上求和。"
        ),
    },
    "lesson.generalized.3": {
        "en": (
            "For a scalar loss L the output has no indices, so ∂L/∂X has exactly X's shape: "
            "this is the gradient backpropagation delivers for every tensor."
        ),
        "zh": (
            "对于标量损失 L，输出没有索引，所以 ∂L/∂X 的形状与 X 完全相同："
            "这正是反向传播为每个张量算出的梯度。"
        ),
    },
    # -- lesson 3: the chain rule -------------------------------------------------------
    "lesson.chain.title": {"en": "3. The chain rule", "zh": "3. 链式法则"},
    "lesson.chain.1": {
        "en": (
            "x (N entries) → y (M entries) → z (K entries). The chain rule multiplies Jacobians "
            "like matrices: ∂z/∂x = ∂z/∂y · ∂y/∂x, (K × M) · (M × N) = K × N. Entry by entry: "
            "∂zᵢ/∂xⱼ = Σₖ ∂zᵢ/∂yₖ · ∂yₖ/∂xⱼ."
        ),
        "zh": (
            "x（N 个分量）→ y（M 个分量）→ z（K 个分量）。链式法则像矩阵乘法一样把雅可比矩阵"
            "相乘：∂z/∂x = ∂z/∂y · ∂y/∂x，(K × M) · (M × N) = K × N。逐个元素写出来："
            "∂zᵢ/∂xⱼ = Σₖ ∂zᵢ/∂yₖ · ∂yₖ/∂xⱼ。"
        ),
    },
    "lesson.chain.2": {
        "en": (
            "The same holds for tensors with the generalized dot product: the sum runs over "
            "every index vector k of the middle tensor. The product equals the Jacobian "
            "computed directly."
        ),
        "zh": (
            "对张量同样成立，只需换成广义点积：求和遍历中间张量的每个索引向量 k。"
            "乘积与直接计算出的雅可比矩阵相等。"
        ),
    },
    # -- lesson 4: backpropagation ------------------------------------------------------
    "lesson.backprop.title": {"en": "4. Backpropagation", "zh": "4. 反向传播"},
    "lesson.backprop.1": {
        "en": (
            "Backpropagation applies the chain rule one node at a time, from the output "
            "backwards, starting from upstream gradient 1. At a multiply node each input's "
            "local gradient is the other input, and downstream = upstream · local."
        ),
        "zh": (
            "反向传播从输出开始、以上游梯度 1 为起点，每次对一个节点应用链式法则。在乘法节点上，"
            "每个输入的局部梯度就是另一个输入，下游梯度 = 上游梯度 · 局部梯度。"
        ),
    },
    "lesson.backprop.2": {
        "en": (
            "The add node needs only its upstream gradient and its own local gradient to "
            "produce its downstream gradients. It knows nothing else about the graph: every "
            "function is decoupled from the others."
        ),
        "zh": (
            "加法节点只需要它的上游梯度和它自己的局部梯度，就能算出下游梯度。它对图的其余部分"
            "一无所知：每个函数都与其他函数解耦。"
        ),
    },
    "lesson.backprop.3": {
        "en": (
            "In a network the upstream gradient is a tensor, and upstream · local is a "
            "vector-Jacobian product: the engine never builds the whole Jacobian. Open the "
            "stepper to walk through this two-layer network's backward pass."
        ),
        "zh": (
            "在网络中，上游梯度是一个张量，上游梯度 · 局部梯度是向量-雅可比积：引擎从不构造"
            "完整的雅可比矩阵。打开单步演示，逐步走完这个两层网络的反向传播。"
        ),
    },
    # -- the lessons page (pages/3_Lessons.py): its chrome -----------------------------
    "lessons.page_title": {"en": "Lessons · Chainrule", "zh": "课程 · Chainrule"},
    "lessons.title": {"en": "From the Jacobian to backpropagation", "zh": "从雅可比矩阵到反向传播"},
    "lessons.intro": {
        "en": (
            "Four ideas in order: the Jacobian, the generalized Jacobian, the chain rule and "
            "backpropagation. Every example is a live program: edit it and press Run, and "
            "every number on the page is computed again from your program."
        ),
        "zh": (
            "按顺序讲四个概念：雅可比矩阵、广义雅可比矩阵、链式法则和反向传播。每个例子都是"
            "一段可运行的程序：修改后点击“运行”，页面上的每个数字都会根据你的程序重新计算。"
        ),
    },
    "lessons.pick": {"en": "Lesson", "zh": "课程"},
    "lessons.position": {
        "en": "Lesson {n} of {total} · step {k} of {steps}",
        "zh": "第 {n} 课（共 {total} 课）· 第 {k} 步（共 {steps} 步）",
    },
    "lessons.previous": {"en": "Previous", "zh": "上一步"},
    "lessons.next": {"en": "Next", "zh": "下一步"},
    "lessons.nav_help": {
        "en": "PageUp and PageDown press these buttons (a presenter's clicker sends them).",
        "zh": "PageUp 和 PageDown 键也可以翻页（演示翻页笔发送的就是这两个键）。",
    },
    "lessons.editor": {"en": "Program", "zh": "程序"},
    "lessons.editor_help": {
        "en": (
            "Edit the example and press Run (or Ctrl+Enter). Reset brings back the "
            "lesson's program."
        ),
        "zh": "修改例子后点击“运行”（或按 Ctrl+Enter）。“重置”恢复本课的原始程序。",
    },
    "lessons.run": {"en": "Run", "zh": "运行"},
    "lessons.reset": {"en": "Reset", "zh": "重置"},
    "lessons.edited": {
        "en": "You edited this example: everything below is computed from your version.",
        "zh": "你修改了这个例子：下面的一切都根据你的版本计算。",
    },
    "lessons.error": {
        "en": "The program did not run. Fix it and press Run; your text is kept.",
        "zh": "程序没有运行成功。修改后再点击“运行”；你的文本会保留。",
    },
    "lessons.fallback": {
        "en": "This program has no {names}, so the page shows ∂{output}/∂{wrt} instead.",
        "zh": "这个程序里没有 {names}，所以页面改为显示 ∂{output}/∂{wrt}。",
    },
    "lessons.nothing": {
        "en": (
            "No variable of this program depends on another variable that needs a gradient, "
            "so there is nothing to differentiate. Try `y = tanh(x)`."
        ),
        "zh": (
            "这个程序中没有依赖于另一个需要梯度的变量的变量，因此没有可求导的对象。"
            "试试 `y = tanh(x)`。"
        ),
    },
    "lessons.no_middle": {
        "en": (
            "Nothing lies between {wrt} and {output} here, and the chain rule needs a middle "
            "step: write, for example, `y = W @ x` and then `z = tanh(y)`."
        ),
        "zh": (
            "这里 {wrt} 与 {output} 之间没有中间变量，而链式法则需要一个中间步骤："
            "例如先写 `y = W @ x`，再写 `z = tanh(y)`。"
        ),
    },
    "lessons.no_steps": {
        "en": "The output depends on no operation, so the backward pass has no steps.",
        "zh": "输出不依赖任何运算，所以反向传播没有任何步骤。",
    },
    "lessons.too_large": {
        "en": "This Jacobian has {rows:,} × {cols:,} entries: too many to build here.",
        "zh": "这个雅可比矩阵有 {rows:,} × {cols:,} 个元素：太多了，这里不构造它。",
    },
    "lessons.unconnected": {
        "en": "{y} does not depend on {x}: every entry is 0.",
        "zh": "{y} 不依赖于 {x}：每个元素都是 0。",
    },
    "lessons.note.bad-programz": {
        "en": (
            "The link's `programz` ({value}) does not hold a program (it was cut short or "
            "changed), so the lesson's own example is shown."
        ),
        "zh": (
            "链接中的 `programz`（{value}）不包含程序（可能被截断或改动过），"
            "因此显示课程自带的示例。"
        ),
    },
    "lessons.note.unknown-lang": {
        "en": (
            "The link's `lang` ({value}) is not a known language (en, zh), so English is shown."
        ),
        "zh": "链接中的 `lang`（{value}）不是已知语言（en、zh），因此显示英文。",
    },
    "lessons.note.unknown-lesson": {
        "en": (
            "The link's `lesson` ({value}) is not a lesson from 1 to {total}, so lesson 1 is shown."
        ),
        "zh": "链接中的 `lesson`（{value}）不是 1 到 {total} 之间的课程，因此显示第 1 课。",
    },
    "lessons.note.unknown-lstep": {
        "en": "The link's `lstep` ({value}) is not a step from 1 to {total}, so step 1 is shown.",
        "zh": "链接中的 `lstep`（{value}）不是 1 到 {total} 之间的步骤，因此显示第 1 步。",
    },
    "lessons.heatmap.input": {"en": "input entry", "zh": "输入元素"},
    "lessons.heatmap.output": {"en": "output entry", "zh": "输出元素"},
    "lessons.heatmap.caption": {
        "en": (
            "Row i is output entry i, column j is input entry j, each labelled by its index "
            "vector. Red is positive, blue negative, white zero."
        ),
        "zh": (
            "第 i 行是第 i 个输出元素，第 j 列是第 j 个输入元素，都用索引向量标注。"
            "红色为正，蓝色为负，白色为 0。"
        ),
    },
    # -- the lessons page: the Jacobian and what it predicts ---------------------------
    "lessons.jac.heading": {"en": "The Jacobian ∂{y}/∂{x}", "zh": "雅可比矩阵 ∂{y}/∂{x}"},
    "lessons.jac.shape": {
        "en": (
            "{y} has M = {rows} entries and {x} has N = {cols}, so the Jacobian is an "
            "M × N = {rows} × {cols} matrix: a row per output, a column per input."
        ),
        "zh": (
            "{y} 有 M = {rows} 个元素，{x} 有 N = {cols} 个，"
            "所以雅可比矩阵是 M × N = {rows} × {cols} 矩阵：每个输出一行，每个输入一列。"
        ),
    },
    "lessons.jac.three_ways": {
        "en": (
            "Computed three ways: reverse mode ({reverse} passes), forward mode ({forward} "
            "passes) and finite differences ({numerical} replays). Largest difference "
            "between them: {difference}."
        ),
        "zh": (
            "用三种方法计算：反向模式（{reverse} 次传播）、前向模式（{forward} 次传播）"
            "和有限差分（{numerical} 次重算）。三者之间的最大差异：{difference}。"
        ),
    },
    # -- the lessons page: the generalized Jacobian -------------------------------------
    "lessons.gen.heading": {
        "en": "The generalized Jacobian ∂{y}/∂{x}",
        "zh": "广义雅可比矩阵 ∂{y}/∂{x}",
    },
    "lessons.gen.shape": {
        "en": (
            "Its shape is (output shape) × (input shape) = {out_shape} × {in_shape}: "
            "{ndim} indices in all. Flattened, it is a {rows} × {cols} matrix."
        ),
        "zh": (
            "它的形状是（输出形状）×（输入形状）= {out_shape} × {in_shape}，共 {ndim} 个索引。"
            "展平后是一个 {rows} × {cols} 矩阵。"
        ),
    },
    "lessons.gen.entry": {
        "en": "One entry, picked by two index vectors: i = {i} into {y} and j = {j} into {x}.",
        "zh": "一个元素由两个索引向量确定：i = {i} 指向 {y}，j = {j} 指向 {x}。",
    },
    "lessons.gen.gradient": {
        "en": "{y} is a scalar, so ∂{y}/∂{x} has {x}'s shape {shape}:",
        "zh": "{y} 是标量，所以 ∂{y}/∂{x} 的形状与 {x} 相同，为 {shape}：",
    },
    # -- the lessons page: the chain rule ------------------------------------------------
    "lessons.chain.heading": {
        "en": "The chain rule: ∂{z}/∂{x} = ∂{z}/∂{y} · ∂{y}/∂{x}",
        "zh": "链式法则：∂{z}/∂{x} = ∂{z}/∂{y} · ∂{y}/∂{x}",
    },
    "lessons.chain.sizes": {
        "en": "{z} has K = {k} entries, {y} has M = {m} and {x} has N = {n}.",
        "zh": "{z} 有 K = {k} 个元素，{y} 有 M = {m} 个，{x} 有 N = {n} 个。",
    },
    "lessons.chain.dz_dy": {
        "en": "∂{z}/∂{y}: K × M = {k} × {m}",
        "zh": "∂{z}/∂{y}：K × M = {k} × {m}",
    },
    "lessons.chain.dy_dx": {
        "en": "∂{y}/∂{x}: M × N = {m} × {n}",
        "zh": "∂{y}/∂{x}：M × N = {m} × {n}",
    },
    "lessons.chain.product": {
        "en": "Their product: K × N = {k} × {n}",
        "zh": "两者的乘积：K × N = {k} × {n}",
    },
    "lessons.chain.equal": {
        "en": ("The product equals ∂{z}/∂{x} computed directly (largest difference {difference})."),
        "zh": "乘积等于直接计算出的 ∂{z}/∂{x}（最大差异 {difference}）。",
    },
    "lessons.chain.bypass": {
        "en": (
            "Another path from {x} to {z} bypasses {y}: the product is only the part through "
            "{y} (largest difference from ∂{z}/∂{x} computed directly: {difference})."
        ),
        "zh": (
            "从 {x} 到 {z} 还有一条绕过 {y} 的路径：乘积只是经过 {y} 的那部分"
            "（与直接计算出的 ∂{z}/∂{x} 的最大差异：{difference}）。"
        ),
    },
    "lessons.chain.too_large": {
        "en": "These Jacobians are too large to build here: pick smaller tensors.",
        "zh": "这些雅可比矩阵太大，这里无法构造：请换用更小的张量。",
    },
    "lessons.chain.index": {
        "en": "Entry by entry, the sum runs over every index vector k of {y}:",
        "zh": "逐个元素来看，求和遍历 {y} 的每个索引向量 k：",
    },
    "lessons.chain.worked": {
        "en": "One entry written out, i = {i} and j = {j}:",
        "zh": "写出其中一个元素，i = {i}，j = {j}：",
    },
    # -- the lessons page: one step of backpropagation -----------------------------------
    "lessons.step.heading": {
        "en": "Backpropagation, step {k} of {n}",
        "zh": "反向传播，第 {k} 步（共 {n} 步）",
    },
    "lessons.step.node": {
        "en": "Node {name} = {expression}, shape {shape}",
        "zh": "节点 {name} = {expression}，形状 {shape}",
    },
    "lessons.step.upstream": {
        "en": "Upstream gradient ∂{output}/∂{name}, shape {shape}",
        "zh": "上游梯度 ∂{output}/∂{name}，形状 {shape}",
    },
    "lessons.step.seed": {
        "en": "{name} is the output: its upstream gradient is the seed.",
        "zh": "{name} 就是输出：它的上游梯度就是起点（种子）。",
    },
    "lessons.step.fanin": {
        "en": (
            "{name} is used {count} times: its upstream gradient is the sum of what each use sent "
            "back."
        ),
        "zh": "{name} 被使用了 {count} 次：它的上游梯度是每次使用传回的梯度之和。",
    },
    "lessons.step.input": {"en": "Input {name}", "zh": "输入 {name}"},
    "lessons.step.constant": {
        "en": "Input {name} is a constant: no gradient flows to it.",
        "zh": "输入 {name} 是常量：没有梯度流向它。",
    },
    "lessons.step.local": {
        "en": "Local gradient ∂{node}/∂{name}, shape {shape}",
        "zh": "局部梯度 ∂{node}/∂{name}，形状 {shape}",
    },
    "lessons.step.local_matrix": {
        "en": "Flattened to {rows} × {cols}: a row per output entry, a column per input entry.",
        "zh": "展平为 {rows} × {cols}：每个输出元素一行，每个输入元素一列。",
    },
    "lessons.step.local_description": {
        "en": "{size:,} entries: too many to draw.",
        "zh": "{size:,} 个元素：太多了，无法画出。",
    },
    "lessons.step.downstream": {
        "en": (
            "Downstream gradient ∂{output}/∂{name} = upstream gradient · local gradient, shape "
            "{shape}"
        ),
        "zh": "下游梯度 ∂{output}/∂{name} = 上游梯度 · 局部梯度，形状 {shape}",
    },
    "lessons.step.shapes": {
        "en": "Shapes: upstream gradient · local gradient → downstream gradient: {text}",
        "zh": "形状：上游梯度 · 局部梯度 → 下游梯度：{text}",
    },
    "lessons.step.broadcast": {
        "en": (
            "{name} was broadcast, so the downstream gradient is summed back: {before} → {after}."
        ),
        "zh": "{name} 经过了广播，所以下游梯度要求和还原：{before} → {after}。",
    },
    # -- the lessons page: the end, handing over to the stepper --------------------------
    "lessons.end.heading": {"en": "Next: the stepper", "zh": "下一站：单步演示"},
    "lessons.end.text": {
        "en": (
            "The main page walks through this two-layer network's whole backward pass, "
            "node by node, with the upstream, local and downstream gradient on every edge."
        ),
        "zh": (
            "主页面逐个节点走完这个两层网络的整个反向传播，"
            "每条边上都有上游梯度、局部梯度和下游梯度。"
        ),
    },
    "lessons.end.link": {
        "en": "Open the stepper with the two-layer network",
        "zh": "用这个两层网络打开单步演示",
    },
}
