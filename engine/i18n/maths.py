"""The maths pages' words: the Jacobian page (jac.*), the chain-rule page (chain.*) and
the linearisation panel they share with the lessons (lin.*)."""

TEXT: dict[str, dict[str, str]] = {
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
}
