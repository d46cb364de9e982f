"""Every word the app shows, in English and Simplified Chinese: the one place for them.

``t(key, lang, **values)`` looks a text up and fills its ``{placeholders}``.
A key missing in either language fails the tests; an unknown language falls
back to English. The terms of the chain rule are fixed (see ``TERMS``) and
used the same way in both languages.

Beside ``TEXT``: the Chinese of the operations' notes and the examples (their English
is written next to their code), the fixed words of a local Jacobian's structure
(``structure_text``) and every error message, hint and quiz verdict (``error_text``,
``message_text``: one table of patterns over the English).

>>> t("term.upstream", "zh")
'上游梯度'
>>> t("lesson.count", "en", n=2, total=4)
'Lesson 2 of 4'
"""

from __future__ import annotations

import functools
import re

from engine.examples import EXAMPLES
from engine.ops import OPS

LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
DEFAULT_LANG = "en"

#: The vocabulary of the lessons; both languages use these exact words.
TERMS = {
    "upstream": ("upstream gradient", "上游梯度"),
    "local": ("local gradient", "局部梯度"),
    "downstream": ("downstream gradient", "下游梯度"),
    "jacobian": ("Jacobian", "雅可比矩阵"),
    "generalized_jacobian": ("generalized Jacobian", "广义雅可比矩阵"),
    "chain_rule": ("chain rule", "链式法则"),
    "backprop": ("backpropagation", "反向传播"),
}

TEXT: dict[str, dict[str, str]] = {
    **{f"term.{k}": {"en": en, "zh": zh} for k, (en, zh) in TERMS.items()},
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
    "lessons.language": {"en": "Language / 语言", "zh": "语言 / Language"},
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
    "lessons.lin.heading": {
        "en": "What the Jacobian predicts: f(x + Δx) ≈ f(x) + J·Δx",
        "zh": "雅可比矩阵的预测：f(x + Δx) ≈ f(x) + J·Δx",
    },
    "lessons.lin.scale": {"en": "Size of Δx (its length ‖Δx‖)", "zh": "Δx 的大小（长度 ‖Δx‖）"},
    "lessons.lin.scale_help": {
        "en": "Δx points in a fixed random direction; only its length changes.",
        "zh": "Δx 的方向是固定的随机方向，只改变它的长度。",
    },
    "lessons.lin.entry": {"en": "entry", "zh": "元素"},
    "lessons.lin.error": {"en": "error", "zh": "误差"},
    "lessons.lin.delta": {"en": "‖Δx‖", "zh": "‖Δx‖"},
    "lessons.lin.max_error": {"en": "Largest error", "zh": "最大误差"},
    "lessons.lin.rows_cut": {
        "en": "The first {shown} of {total:,} output entries.",
        "zh": "共 {total:,} 个输出元素，这里列出前 {shown} 个。",
    },
    "lessons.lin.sweep": {
        "en": "Make Δx ten times smaller and the error gets about a hundred times smaller:",
        "zh": "Δx 缩小十倍，误差大约缩小一百倍：",
    },
    "lessons.lin.exact": {
        "en": (
            "Every error is rounding: this map is linear in {x}, so its first-order "
            "prediction is exact."
        ),
        "zh": "每个误差都只是舍入误差：这个映射对 {x} 是线性的，所以一阶预测是精确的。",
    },
    "lessons.lin.sweep_error": {"en": "largest error", "zh": "最大误差"},
    "lessons.lin.sweep_ratio": {"en": "smaller by", "zh": "缩小倍数"},
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
    "jac.linear": {
        "en": "What the Jacobian predicts: f(x + Δx) ≈ f(x) + J · Δx",
        "zh": "雅可比矩阵的预测：f(x + Δx) ≈ f(x) + J · Δx",
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
    "jac.scale": {"en": "Size of Δx (its length ‖Δx‖)", "zh": "Δx 的大小（长度 ‖Δx‖）"},
    "jac.delta_norm": {"en": "‖Δx‖", "zh": "‖Δx‖"},
    "jac.max_error": {"en": "Largest error", "zh": "最大误差"},
    "jac.via_jvp": {
        "en": (
            "J is not built here, so J · Δx comes from one forward-mode pass (a Jacobian-vector "
            "product): the same number without the matrix."
        ),
        "zh": (
            "这里没有构造 J，所以 J · Δx 来自一次前向模式传播（雅可比-向量积）："
            "不用矩阵也得到同一个数。"
        ),
    },
    "jac.rows_cut": {
        "en": "The first {shown} of {total:,} output entries.",
        "zh": "共 {total:,} 个输出元素，这里列出前 {shown} 个。",
    },
    "jac.sweep": {
        "en": (
            "Shrink Δx ten times and the error shrinks about a hundred times: it is second order."
        ),
        "zh": "把 Δx 缩小十倍，误差大约缩小一百倍：误差是二阶的。",
    },
    "jac.sweep_scale": {"en": "‖Δx‖", "zh": "‖Δx‖"},
    "jac.sweep_error": {"en": "largest error", "zh": "最大误差"},
    "jac.sweep_ratio": {"en": "smaller by", "zh": "缩小倍数"},
    "jac.col.entry": {"en": "entry", "zh": "元素"},
    "jac.col.error": {"en": "error", "zh": "误差"},
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
    # -- the graph, the panel, the tables and the worked solution (engine/render.py) ---------
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
    # -- the offline slides (engine/slides.py) -----------------------------------------------
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
    # -- a program's error as shown (engine/language.py; messages: ERROR_PATTERNS) -----------
    "error.located": {
        "en": "line {line}, col {col}: {message}",
        "zh": "第 {line} 行，第 {col} 列：{message}",
    },
    "error.hint": {"en": "hint: {hint}", "zh": "提示：{hint}"},
    # -- warnings: a program that runs but may not mean what it seems ----------------------
    "warning.lookalike": {
        "en": (
            "`{name}` looks like `{other}` (line {line}) but is a different name: it has "
            "{char} where `{other}` has {other_char}"
        ),
        "zh": (
            "`{name}` 看起来像 `{other}`（第 {line} 行），但它是另一个名字："
            "`{other}` 中的 {other_char}，在这里是 {char}"
        ),
    },
    "warning.lookalike-builtin": {
        "en": (
            "`{name}` looks like `{other}` but is a different name: it has {char} where "
            "`{other}` has {other_char}"
        ),
        "zh": (
            "`{name}` 看起来像 `{other}`，但它是另一个名字：`{other}` 中的 {other_char}，"
            "在这里是 {char}"
        ),
    },
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
    # -- comments of the PyTorch script (engine/torch_export.py) --------------------------
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
}


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The text of ``key`` in ``lang`` (English for an unknown language), filled in."""
    entry = TEXT[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**values) if values else text


# -- words written next to the code they describe -------------------------------------------
#
# An operation's note (engine.ops) and an example's title and summary (engine.examples) are
# written in English beside the code they describe; their Chinese is kept here. A missing
# translation leaves the key without "zh", which tests/test_i18n.py reports by name.

#: Simplified Chinese of each operation's ``note`` (key ``op.<name>.note``).
OP_NOTES_ZH = {
    "add": "加法把上游梯度原样传给两个输入。",
    "sub": "减法把上游梯度传给 a，把它的相反数传给 b。",
    "mul": "每个输入的梯度是上游梯度乘以另一个输入。",
    "div": "除以 b 会把 a 的梯度乘以 1/b；b 的梯度是上游梯度乘以 −a/b²。",
    "pow": "对底数用幂法则；对指数，梯度是输出乘以底数的自然对数。",
    "maximum": "梯度流向较大的那个输入；相等时两边各得一半。",
    "minimum": "梯度流向较小的那个输入；相等时两边各得一半。",
    "neg": "取负会翻转上游梯度的符号。",
    "exp": "exp 的导数就是它自己：上游梯度乘以输出。",
    "log": "自然对数把上游梯度除以它的输入。",
    "sqrt": "平方根的斜率是它的输出的两倍的倒数。",
    "abs": "abs 按输入的符号传递梯度；输入恰好为 0 时不传递任何梯度。",
    "tanh": "tanh 的斜率是 1 − y²：在 0 附近接近 1，在输出饱和于 ±1 的地方趋于消失。",
    "sigmoid": "sigmoid 的斜率是 y(1 − y)：最大为 1/4，在 x = 0 处取得。",
    "relu": "relu 在输入为正的地方传递梯度，其他地方阻断它（在 0 处为 0）。",
    "sin": "sin 的斜率是 cos x。",
    "cos": "cos 的斜率是 −sin x。",
    "matmul": "A 的梯度是上游梯度 · Bᵀ，B 的梯度是 Aᵀ · 上游梯度（批量情形同理）。",
    "dot": "numpy 的 dot：对一维和二维操作数是矩阵乘积，对标量是普通乘法。",
    "transpose": "转置只是移动元素：梯度被转置回来。",
    "reshape": "改变形状时每个元素按行优先顺序保持不变：梯度被改回原来的形状。",
    "index": "索引把每个输出的梯度送回它读取的那个元素；重复读取的梯度相加。",
    "sum": "求和把上游梯度复制给每个被加起来的元素。",
    "mean": "求平均把上游梯度平均分给参与平均的 n 个元素。",
    "max": "只有最大的元素得到梯度；并列的元素平分梯度。",
    "min": "只有最小的元素得到梯度；并列的元素平分梯度。",
    "logsumexp": "logsumexp 是平滑的最大值：它的梯度是输入的 softmax。",
    "softmax": "每个 softmax 输出都依赖于同一切片中的每个输入：每个切片是一个稠密块。",
    "log_softmax": "log_softmax 减去了 logsumexp，所以每个切片的梯度要减去它的 softmax 份额。",
    "concat": "每个输入取回它所填充的那一段上游梯度。",
    "stack": "每个输入取回上游梯度沿新轴上属于它自己的那一格。",
    "mse": "每个预测值都被推向它的目标值，推动的大小与它的误差成正比。",
    "cross_entropy": "每一行的梯度是它的 softmax 减去其标签的 one-hot 向量，再除以行数 N。",
}

#: Simplified Chinese of each example's title and summary (``example.<key>.title/.teaches``).
EXAMPLES_ZH = {
    "two-layer": (
        "两层网络",
        (
            "一个带标量损失的小网络：跟着梯度从损失出发，反向穿过 tanh 和两次矩阵乘法，"
            "到达每一个权重。"
        ),
    ),
    "cs231n-circuit": (
        "CS231n 电路 (x + y) · z",
        (
            "CS231n 反向传播笔记中的第一个电路：加法门把上游梯度原样传下去，"
            "乘法门交换它的两个输入（∂f/∂x = ∂f/∂y = −4，∂f/∂z = 3）。"
        ),
    ),
    "cs231n-sigmoid": (
        "CS231n sigmoid 神经元",
        (
            "一个二维 sigmoid 神经元：f = 0.7311，∂f/∂w = [−0.1966, −0.3932, 0.1966]，∂f/∂x = "
            "[0.3932, −0.5898]，与公开发表的数字一致。"
        ),
    ),
    "fan-out": (
        "扇出：一个值，多处使用",
        "x 被使用了三次，所以它的梯度是三份贡献之和，每个使用它的运算贡献一份。",
    ),
    "broadcast": (
        "广播一个偏置",
        "b 被加到 X 的每一行上：它的下游梯度要沿广播轴求和，还原成 b 自己的形状 (3,)。",
    ),
    "matmul": (
        "矩阵乘法",
        (
            "对 C = A @ B，局部雅可比矩阵具有矩阵乘法结构：∂L/∂A = ∂L/∂C · Bᵀ，∂L/∂B = Aᵀ · "
            "∂L/∂C，计算时不必构造四维的雅可比矩阵。"
        ),
    ),
    "softmax-ce": (
        "两层分类器（softmax 交叉熵）",
        (
            "一批 4 个输入经过 ReLU 和 softmax 交叉熵：logits 处的梯度是（softmax − one-hot）/ "
            "批量大小。"
        ),
    ),
    "attention": (
        "一个小的注意力头",
        ("3 个词元上的缩放点积注意力：梯度反向穿过 softmax 的稠密雅可比矩阵，流入查询、键和值。"),
    ),
}

TEXT.update(
    {
        f"op.{name}.note": {
            "en": op.note,
            **({"zh": OP_NOTES_ZH[name]} if name in OP_NOTES_ZH else {}),
        }
        for name, op in OPS.items()
    }
)
for _example in EXAMPLES:
    _zh = EXAMPLES_ZH.get(_example.key)
    TEXT[f"example.{_example.key}.title"] = {
        "en": _example.title,
        **({"zh": _zh[0]} if _zh else {}),
    }
    TEXT[f"example.{_example.key}.teaches"] = {
        "en": _example.teaches,
        **({"zh": _zh[1]} if _zh else {}),
    }


# -- structure texts: what a local Jacobian looks like ---------------------------------------

#: The fixed words of ``Structure.text`` (engine.ops) in Chinese, applied in order; the
#: maths in between (diag(1 − y²), I ⊗ Bᵀ, sizes such as 3×4) is kept as it is.
# The reduced axes: "axis 0" or "axes 0, 1", up to the sizes that end every text.
_AXES = r"(?:axis|axes) (-?\d+(?:, -?\d+)*?)(?=, \d+×\d+$)"
STRUCTURE_PATTERNS_ZH: tuple[tuple[str, str], ...] = (
    (r"^identity \(no axis reduced\)", "单位矩阵（没有归约任何轴）"),
    (r"^identity: the same entries in shape (\(.*?\))", r"单位矩阵：相同的元素，形状变为 \1"),
    (r"^(−?)identity", r"\1单位矩阵"),
    (rf", then broadcast-sum over {_AXES}", r"，再沿广播轴 \1 求和"),
    (r"^matmul-structured: ", "矩阵乘法结构："),
    (r", one row", "，一行"),
    (r", one block per batch entry", "，每个批次元素一块"),
    (r", summed over the broadcast batch axes", "，并对广播的批次轴求和"),
    (r"^permutation of (\d+) entries \(axes (\(.*?\))\)", r"\1 个元素的置换（轴 \2）"),
    (r"^selection: picks (\d+) of (\d+) entries", r"选择：从 \2 个元素中取出 \1 个"),
    (r" \(some more than once: their gradients add up\)", "（有的被取了多次：它们的梯度相加）"),
    (
        rf"^selection: picks the largest entry \(ties share evenly\) over {_AXES}",
        r"选择：沿轴 \1 取出最大的元素（并列时平分）",
    ),
    (
        rf"^selection: picks the smallest entry \(ties share evenly\) over {_AXES}",
        r"选择：沿轴 \1 取出最小的元素（并列时平分）",
    ),
    (
        r"^selection: input (\d+) fills positions (\d+)\.\.(\d+) of axis (-?\d+)",
        r"选择：输入 \1 填充轴 \4 上的位置 \2..\3",
    ),
    (
        r"^selection: input (\d+) is position (\d+) of new axis (-?\d+)",
        r"选择：输入 \1 是新轴 \3 上的第 \2 个位置",
    ),
    (rf"^ones: sums over {_AXES}", r"全 1：沿轴 \1 求和"),
    (rf"^1/n: averages over {_AXES}", r"1/n：沿轴 \1 求平均"),
    (rf"^softmax weights: a smooth max over {_AXES}", r"softmax 权重：沿轴 \1 的平滑最大值"),
    (r" per slice along axis (-?\d+)", r"，沿轴 \1 每个切片一块"),
    (r"^one row: ", "一行："),
    (r", (\d+×\d+)$", r"，\1"),  # the sizes, last
)
_STRUCTURE_ZH = tuple((re.compile(pattern), zh) for pattern, zh in STRUCTURE_PATTERNS_ZH)


@functools.lru_cache(maxsize=1024)
def structure_text(text: str, lang: str = DEFAULT_LANG) -> str:
    """A local Jacobian's structure (``Structure.text``) in ``lang``.

    >>> structure_text("ones: sums over axes 0, 1, 1×6", "zh")
    '全 1：沿轴 0, 1 求和，1×6'
    >>> structure_text("diag(1 − y²), 3×3", "en")
    'diag(1 − y²), 3×3'
    """
    if lang != "zh":
        return text
    for pattern, zh in _STRUCTURE_ZH:
        text = pattern.sub(zh, text)
    return text


def op_note(name: str, lang: str = DEFAULT_LANG) -> str:
    """An operation's one-line note in ``lang``.

    >>> op_note("add", "zh")
    '加法把上游梯度原样传给两个输入。'
    """
    return t(f"op.{name}.note", lang)


# -- error messages: one table over the English -----------------------------------------------
#
# The engine, the program language, the quiz and the chain page word their messages in
# English, in the code that finds the problem. Their Chinese is this table: a regular
# expression over the whole English text, and a Chinese template that puts the captured
# values back (names, numbers, shapes and code as they are). A group named ``m_…`` is an
# English phrase itself translated through this table ("one array", "the axis", a nested
# message); a group named ``u_…`` is a function's usage, code whose " or " is translated.
# The first pattern that matches the whole text wins, so a specific one comes before a
# general one. tests/test_i18n_errors.py runs every bad program of the tests through it.

_SHAPE = r"\(.*?\)"
_NAME = r"`(?P<name>[^`]*)`"

ERROR_PATTERNS_ZH: tuple[tuple[str, str], ...] = (
    # -- the program as a whole (engine/language.py) --
    (
        r"the program has (?P<n>[\d,]+) characters, more than the limit of (?P<limit>[\d,]+)",
        "程序有 {n} 个字符，超过了 {limit} 个的上限",
    ),
    (r"the program is empty", "程序是空的"),
    (r"the program needs more memory than is available", "程序需要的内存超过了可用的内存"),
    (
        r"this expression is nested more deeply than Python can read",
        "这个表达式嵌套得太深，Python 无法读取",
    ),
    (
        r"this expression is nested too deeply \(the limit is (?P<n>\d+) levels\)",
        "这个表达式嵌套得太深（上限是 {n} 层）",
    ),
    (
        r"the program contains an invalid character \(a lone surrogate\)",
        "程序中有一个无效字符（单独的代理项）",
    ),
    (r"the program contains a null character", "程序中有一个空字符（NUL）"),
    (r"this statement is not indented like the first one", "这条语句的缩进与第一条语句不同"),
    (
        r"this integer has (?P<m_count>.+), more than the (?P<limit>[\d,]+) Python reads",
        "这个整数有{m_count}，超过了 Python 能读取的 {limit} 位",
    ),
    (r"(?P<n>[\d,]+) digits", " {n} 位数字"),
    (r"too many digits", "太多位数字"),
    # -- Python's own syntax errors (the common ones; others keep Python's words) --
    (r"invalid syntax", "无效的语法"),
    (r"invalid syntax\. Perhaps you forgot a comma\?", "无效的语法。是不是少了一个逗号？"),
    (
        r"invalid syntax\. Maybe you meant '==' or ':=' instead of '='\?",
        "无效的语法。是不是想写 '==' 或 ':='，而不是 '='？",
    ),
    (r"'(?P<p>[(\[{])' was never closed", "'{p}' 没有闭合"),
    (r"unmatched '(?P<p>[)\]}])'", "'{p}' 没有与之配对的左括号"),
    (
        r"closing parenthesis '(?P<a>.)' does not match opening parenthesis '(?P<b>.)'",
        "右括号 '{a}' 与左括号 '{b}' 不配对",
    ),
    (
        r"closing parenthesis '(?P<a>.)' does not match opening parenthesis '(?P<b>.)' "
        r"on line (?P<line>\d+)",
        "右括号 '{a}' 与第 {line} 行的左括号 '{b}' 不配对",
    ),
    (r"expected '(?P<token>[^']*)'", "这里应该有 '{token}'"),
    (r"expected 'else' after 'if' expression", "'if' 表达式后面应该有 'else'"),
    (r"invalid decimal literal", "无效的十进制数"),
    (r"invalid hexadecimal literal", "无效的十六进制数"),
    (r"invalid octal literal", "无效的八进制数"),
    (r"invalid binary literal", "无效的二进制数"),
    (
        r"invalid digit '(?P<digit>.)' in (?P<m_base>octal|binary) literal",
        "{m_base}数中有无效的数字 '{digit}'",
    ),
    (r"octal", "八进制"),
    (r"binary", "二进制"),
    (
        r"expected an indented block after '(?P<keyword>\w+)' statement on line (?P<line>\d+)",
        "第 {line} 行的 '{keyword}' 语句后面应该有一个缩进的代码块",
    ),
    (r"invalid character '(?P<ch>.)' \(U\+(?P<code>[0-9A-F]+)\)", "无效字符 '{ch}'（U+{code}）"),
    (r"invalid non-printable character U\+(?P<code>[0-9A-F]+)", "无效的不可打印字符 U+{code}"),
    (
        r"leading zeros in decimal integer literals are not permitted; "
        r"use an 0o prefix for octal integers",
        "十进制整数不能以 0 开头；八进制整数请用 0o 前缀",
    ),
    (r"unexpected indent", "意外的缩进"),
    (r"unindent does not match any outer indentation level", "取消缩进后与外层的任何缩进都对不齐"),
    (r"illegal target for annotation", "注解的目标不合法"),
    (
        r"unterminated string literal \(detected at line (?P<line>\d+)\)",
        "字符串没有结束（在第 {line} 行发现）",
    ),
    (
        r"unterminated triple-quoted string literal \(detected at line (?P<line>\d+)\)",
        "三引号字符串没有结束（在第 {line} 行发现）",
    ),
    (r"unexpected character after line continuation character", "续行符后面有意外的字符"),
    (r"positional argument follows keyword argument", "位置参数出现在关键字参数之后"),
    (
        r"expression cannot contain assignment, perhaps you meant \"==\"\?",
        '表达式中不能包含赋值，是不是想写 "=="？',
    ),
    # -- statements and names --
    (r"augmented assignment (?P<op>\S+)= is not supported", "不支持增强赋值 {op}="),
    (r"chained assignment \(a = b = \.\.\.\) is not supported", "不支持链式赋值（a = b = ...）"),
    (r"unpacking is not supported", "不支持解包赋值"),
    (r"assigning to part of an array is not supported", "不支持给数组的一部分赋值"),
    (r"assigning to an attribute is not supported", "不支持给属性赋值"),
    (rf"{_NAME} is a function and cannot be assigned", "`{name}` 是一个函数，不能被赋值"),
    (rf"{_NAME} is already assigned on line (?P<line>\d+)", "`{name}` 已经在第 {line} 行赋值过了"),
    (
        r"`out` is the name of the bare last expression, so it cannot also be assigned",
        "`out` 是最后那个单独表达式的名字，所以不能再给它赋值",
    ),
    (
        r"a bare expression is only allowed as the last statement",
        "单独的表达式只能作为最后一条语句",
    ),
    (rf"{_NAME} is a function, not a value", "`{name}` 是一个函数，不是一个值"),
    (
        rf"{_NAME} is used before it is assigned \(on line (?P<line>\d+)\)",
        "`{name}` 在赋值（第 {line} 行）之前就被使用了",
    ),
    (rf"unknown name {_NAME}", "未知的名字 `{name}`"),
    (rf"{_NAME} is a variable, not a function", "`{name}` 是一个变量，不是函数"),
    (rf"{_NAME} is a constant, not a function", "`{name}` 是一个常量，不是函数"),
    (rf"unknown function {_NAME}", "未知的函数 `{name}`"),
    # -- values and expressions --
    (
        r"True and False are only allowed as the value of keepdims",
        "True 和 False 只能用作 keepdims 的值",
    ),
    (r"None is not supported", "不支持 None"),
    (
        r"\.\.\. is only allowed inside an index, like a\[\.\.\., 0\]",
        "... 只能出现在索引中，例如 a[..., 0]",
    ),
    (r"complex numbers are not supported", "不支持复数"),
    (r"strings are not supported", "不支持字符串"),
    (
        r"a list can only hold numbers and constants, not values of variables",
        "列表中只能放数和常量，不能放变量的值",
    ),
    (
        rf"ragged list: this item has shape (?P<a>{_SHAPE}) but the first has shape "
        rf"(?P<b>{_SHAPE})",
        "参差不齐的列表：这一项的形状是 {a}，而第一项的形状是 {b}",
    ),
    (r"the operator (?P<op>\S+) is not supported", "不支持运算符 {op}"),
    (r"attribute \.(?P<attr>\w+) is not supported: only \.T", "不支持属性 .{attr}：只支持 .T"),
    (r"\.T is not a function", ".T 不是函数"),
    (
        r"only a function can be called, by its name, like exp\(x\)",
        "只有函数可以调用，而且要用它的名字调用，例如 exp(x)",
    ),
    (r"starred arguments \(\*a\) are not supported", "不支持星号参数（*a）"),
    (r"\*\* arguments are not supported", "不支持 ** 参数"),
    (r"(?P<m_what>.+) is not supported", "不支持{m_what}"),
    # what a refused construct is called (the _REFUSED table of engine/language.py)
    (
        r"(?P<keyword>import|def|class|return|del|with|match|raise|try|assert|global|nonlocal"
        r"|pass|break|continue|lambda|await|yield)",
        " {keyword}",
    ),
    (r"an annotation", "类型注解"),
    (r"a for loop", " for 循环"),
    (r"a while loop", " while 循环"),
    (r"an if statement", " if 语句"),
    (r"and/or", " and/or"),
    (r"the walrus operator :=", "海象运算符 :="),
    (r"a conditional expression \(a if c else b\)", "条件表达式（a if c else b）"),
    (r"a dictionary", "字典"),
    (r"a set", "集合"),
    (r"a list comprehension", "列表推导式"),
    (r"a set comprehension", "集合推导式"),
    (r"a dictionary comprehension", "字典推导式"),
    (r"a generator expression", "生成器表达式"),
    (r"a comparison", "比较运算"),
    (r"an f-string", " f-string"),
    (r"a starred expression \(\*a\)", "星号表达式（*a）"),
    (r"a tuple", "元组"),
    (r"a slice outside an index", "索引之外的切片"),
    (r"(?P<node>[A-Z]\w+)", " {node}"),  # a Python node type the table above does not name
    # -- indexing --
    (r"only one integer list is allowed in an index", "一个索引中只能有一个整数列表"),
    (r"an index may contain at most one \.\.\.", "一个索引中最多只能有一个 ..."),
    (r"a slice step cannot be 0", "切片的步长不能是 0"),
    (r"None \(a new axis\) is not supported in an index", "索引中不支持 None（新轴）"),
    (
        r"an index must be an integer or a flat list, not an array of shape (?P<shape>.+)",
        "索引必须是整数或一维列表，不能是形状为 {shape} 的数组",
    ),
    # -- functions and their arguments --
    (
        rf"dot takes arrays of at most 2 axes, not shapes (?P<a>{_SHAPE}) and (?P<b>{_SHAPE})",
        "dot 只接受最多 2 个轴的数组，而这里的形状是 {a} 和 {b}",
    ),
    (
        r"(?P<name>\w+) of an array with no elements \(shape (?P<shape>.*)\) is undefined",
        "对没有元素的数组（形状 {shape}）求 {name} 没有定义",
    ),
    (r"axes must be a list of integers", "axes 必须是整数列表"),
    (
        r"(?P<name>\w+) joins arrays, and (?P<number>\S+) is a number: an axis is given by keyword",
        "{name} 连接的是数组，而 {number} 是一个数：轴要用关键字参数给出",
    ),
    (
        r"(?P<name>\w+) joins two or more arrays, but got (?P<n>\d+)",
        "{name} 连接两个或更多数组，但只得到了 {n} 个",
    ),
    (
        r"the labels of cross_entropy must be constant class indices, "
        r"not values computed from variables",
        "cross_entropy 的标签必须是常量类别索引，不能是由变量算出的值",
    ),
    (r"class labels must be integers, not (?P<value>.+)", "类别标签必须是整数，不能是 {value}"),
    (
        r"label (?P<label>-?\d+) is out of range for (?P<n>\d+) classes \((?P<low>-?\d+) to "
        r"(?P<high>-?\d+)\)",
        "标签 {label} 超出了 {n} 个类别的范围（{low} 到 {high}）",
    ),
    (r"full needs value=", "full 需要 value="),
    (r"the size of eye cannot be negative, not (?P<n>-?\d+)", "eye 的大小不能是负数，这里是 {n}"),
    (r"the step of arange cannot be 0", "arange 的步长不能是 0"),
    (r"arange\(\.\.\.\) would have infinitely many elements", "arange(...) 会有无穷多个元素"),
    (r"num cannot be negative, not (?P<n>-?\d+)", "num 不能是负数，这里是 {n}"),
    (r"the seed cannot be negative, not (?P<n>-?\d+)", "种子不能是负数，这里是 {n}"),
    (r"a shape entry cannot be negative, not (?P<n>-?\d+)", "形状的分量不能是负数，这里是 {n}"),
    (r"(?P<name>\w+) has no keyword `(?P<keyword>[^`]*)`", "{name} 没有关键字参数 `{keyword}`"),
    (
        r"(?P<name>\w+) needs (?P<m_what>.+), but got (?P<n>\d+) arguments",
        "{name} 需要{m_what}，但得到了 {n} 个参数",
    ),
    (
        r"(?P<name>\w+) takes (?P<m_what>.+), but got (?P<n>\d+) arguments",
        "{name} 接受{m_what}，但得到了 {n} 个参数",
    ),
    (
        r"(?P<name>\w+) takes its (?P<keyword>\w+) only as a keyword",
        "{name} 的 {keyword} 只能用关键字参数给出",
    ),
    (
        rf"(?P<m_what>.+) must be a constant, not the variable {_NAME}",
        "{m_what}必须是常量，不能是变量 `{name}`",
    ),
    (
        r"(?P<m_what>.+) must be one integer, not an array of shape (?P<shape>.+)",
        "{m_what}必须是一个整数，不能是形状为 {shape} 的数组",
    ),
    (r"(?P<m_what>.+) must be an integer, not (?P<value>.+)", "{m_what}必须是整数，不能是 {value}"),
    (
        r"(?P<m_what>.+) must be one finite number, not (?P<m_shown>.+)",
        "{m_what}必须是一个有限的数，不能是{m_shown}",
    ),
    (r"an array of shape (?P<shape>.+)", "形状为 {shape} 的数组"),
    (r"(?P<value>[-+]?(?:[\d.]+(?:e[-+]?\d+)?|inf|nan))", " {value}"),
    (r"(?P<m_what>.+) must be True or False", "{m_what}必须是 True 或 False"),
    # the arguments named in these messages
    (r"one array", "一个数组"),
    (r"two arrays", "两个数组"),
    (r"an array and a shape", "一个数组和一个形状"),
    (r"two or more arrays", "两个或更多数组"),
    (r"logits and labels", " logits 和标签"),
    (r"one or two sizes", "一个或两个大小"),
    (r"one to three numbers", "一到三个数"),
    (r"a start, a stop and a count", "起点、终点和个数"),
    (r"the axis|an axis|axis", "轴"),
    (r"an index", "索引"),
    (r"a slice bound", "切片的边界"),
    (r"a shape entry", "形状的分量"),
    (r"a bound of arange", "arange 的边界"),
    (r"the start of linspace", "linspace 的起点"),
    (r"the stop of linspace", "linspace 的终点"),
    (r"the size of eye", "eye 的大小"),
    (r"the seed", "种子"),
    (r"(?P<keyword>num|value|keepdims)", "{keyword} "),
    # -- limits --
    (
        r"the program took more than (?P<s>[\d.]+) seconds to run and was stopped here",
        "程序运行超过了 {s} 秒，在这里被停下",
    ),
    (
        r"the backward pass took more than (?P<s>[\d.]+) seconds to run and was stopped here",
        "反向传播运行超过了 {s} 秒，在这里被停下",
    ),
    (
        r"the graph would have more than (?P<n>[\d,]+) operation nodes",
        "计算图将有超过 {n} 个运算节点",
    ),
    (
        r"the result of (?P<op>\S+) would have (?P<n>[\d,]+) elements \((?P<dims>.*)\), "
        r"more than the limit of (?P<limit>[\d,]+)",
        "{op} 的结果将有 {n} 个元素（{dims}），超过了 {limit} 个的上限",
    ),
    (
        r"(?P<m_what>.+) would have no elements \((?P<dims>.*)\), but its other axes multiply "
        r"to (?P<n>[\d,]+), more than the limit of (?P<limit>[\d,]+)",
        "{m_what}的形状 ({dims}) 没有元素，但其余各轴的长度之积为 {n}，超过了 {limit} 个的上限",
    ),
    (
        r"(?P<m_what>.+) would have (?P<n>[\d,]+) elements, more than the limit of "
        r"(?P<limit>[\d,]+)",
        "{m_what}将有 {n} 个元素，超过了 {limit} 个的上限",
    ),
    (
        r"(?P<m_what>.+) would bring the program's arrays past the limit of (?P<limit>[\d,]+) "
        r"elements in all",
        "{m_what}会使程序中所有数组的元素总数超过 {limit} 个的上限",
    ),
    (
        r"the backward pass would keep (?P<n>[\d,]+) elements by here, more than the limit of "
        r"(?P<limit>[\d,]+)",
        "到这里为止，反向传播将保存 {n} 个元素，超过了 {limit} 个的上限",
    ),
    (r"this list", "这个列表"),
    (r"the result of (?P<op>\S+)", "{op} 的结果"),
    (r"(?P<call>\w+\(\.\.\.\))", "{call} "),
    # -- the engine: shapes and arguments (engine/ops.py, engine/tensor.py) --
    (
        rf"shapes (?P<a>{_SHAPE}) and (?P<b>{_SHAPE}) cannot be broadcast together for "
        r"(?P<op>\S+): axis (?P<axis>-?\d+) has (?P<da>\d+) and (?P<db>\d+)",
        "形状 {a} 和 {b} 无法为 {op} 广播到一起：轴 {axis} 上分别是 {da} 和 {db}",
    ),
    (
        rf"shapes (?P<a>{_SHAPE}) and (?P<b>{_SHAPE}) cannot be multiplied with (?P<op>\S+): "
        r"(?P<m_why>.+)",
        "形状 {a} 和 {b} 无法用 {op} 相乘：{m_why}",
    ),
    (
        r"both operands need at least one axis \(use \* for a scalar\)",
        "两个操作数都至少需要一个轴（标量请用 *）",
    ),
    (
        r"the last axis of the left \((?P<k>\d+)\) must equal the (?P<m_where>.+) of the right "
        r"\((?P<k2>\d+)\)",
        "左边的最后一个轴（{k}）必须等于右边的{m_where}（{k2}）",
    ),
    (r"first axis", "第一个轴"),
    (r"second-to-last axis", "倒数第二个轴"),
    (
        rf"the batch axes (?P<a>{_SHAPE}) and (?P<b>{_SHAPE}) cannot be broadcast together "
        r"\(batch axis (?P<axis>-?\d+) has (?P<da>\d+) and (?P<db>\d+)\)",
        "批次轴 {a} 和 {b} 无法广播到一起（批次轴 {axis} 上分别是 {da} 和 {db}）",
    ),
    (
        r"dot takes 0-, 1- and 2-D operands; use @ for batched \(N-D\) products",
        "dot 只接受零维、一维和二维操作数；批量（N 维）乘积请用 @",
    ),
    (
        rf"axis (?P<axis>-?\d+) is out of range for (?P<name>\w+) of shape (?P<shape>{_SHAPE}) "
        r"\((?P<n>\d+) axes\)",
        "轴 {axis} 超出了范围：{name} 的形状是 {shape}（{n} 个轴）",
    ),
    (
        r"axis (?P<axis>-?\d+) is out of range for an array with (?P<n>\d+) axes",
        "轴 {axis} 超出了范围：数组只有 {n} 个轴",
    ),
    (
        rf"axis (?P<axis>-?\d+) is out of range for stack of shape (?P<shape>{_SHAPE}) "
        r"\(the result has (?P<n>\d+) axes\)",
        "轴 {axis} 超出了范围：对形状为 {shape} 的数组做 stack，结果有 {n} 个轴",
    ),
    (r"axis (?P<axes>\[.*\]) names the same axis twice", "axis {axes} 把同一个轴写了两次"),
    (
        r"transpose axes (?P<axes>\[.*\]) must be a permutation of 0\.\.(?P<high>-?\d+) for an "
        r"array with (?P<n>\d+) axes",
        "transpose 的轴 {axes} 必须是 0..{high} 的一个排列（数组有 {n} 个轴）",
    ),
    (
        rf"transpose axes (?P<axes>{_SHAPE}) do not fit shape (?P<shape>{_SHAPE}): they must be "
        r"a permutation of 0\.\.(?P<high>-?\d+)",
        "transpose 的轴 {axes} 与形状 {shape} 不符：它们必须是 0..{high} 的一个排列",
    ),
    (r"reshape accepts at most one -1", "reshape 最多只接受一个 -1"),
    (rf"shape (?P<shape>{_SHAPE}) has a negative entry", "形状 {shape} 中有负数"),
    (
        rf"cannot reshape (?P<n>\d+) elements into shape (?P<shape>{_SHAPE})",
        "无法把 {n} 个元素改成形状 {shape}",
    ),
    (
        rf"cannot reshape shape (?P<a>{_SHAPE}) \((?P<n>\d+) elements\) into shape "
        rf"(?P<b>{_SHAPE}) \((?P<m>\d+) elements\): the number of elements must stay the same",
        "无法把形状 {a}（{n} 个元素）改成形状 {b}（{m} 个元素）：元素个数必须保持不变",
    ),
    (r"an index can contain at most one \.\.\.", "一个索引中最多只能有一个 ..."),
    (
        rf"too many indices: (?P<n>\d+) for an array with (?P<m>\d+) axes (?P<shape>{_SHAPE})",
        "索引太多：数组 {shape} 只有 {m} 个轴，却给了 {n} 个索引",
    ),
    (
        rf"too many indices for shape (?P<shape>{_SHAPE}): (?P<n>\d+) for (?P<m>\d+) axes",
        "对形状 {shape} 来说索引太多：只有 {m} 个轴，却给了 {n} 个索引",
    ),
    (r"at most one integer list per index", "每个索引中最多只能有一个整数列表"),
    (r"an integer list index must be flat, like \[0, 2\]", "整数列表索引必须是一维的，例如 [0, 2]"),
    (
        r"index (?P<index>-?\d+) is out of range for axis (?P<axis>\d+) of size (?P<n>\d+)",
        "索引 {index} 超出了轴 {axis} 的范围（大小为 {n}）",
    ),
    (
        rf"index (?P<index>-?\d+) is out of range for axis (?P<axis>\d+) of shape "
        rf"(?P<shape>{_SHAPE}) \(size (?P<n>\d+)\)",
        "索引 {index} 超出了形状 {shape} 的轴 {axis} 的范围（大小为 {n}）",
    ),
    (
        rf"(?P<name>max|min) of an empty array \(shape (?P<shape>{_SHAPE})\) is undefined: it "
        r"needs at least one entry",
        "对空数组（形状 {shape}）求 {name} 没有定义：至少需要一个元素",
    ),
    (
        rf"shape (?P<shape>{_SHAPE}) cannot be concatenated: concat needs at least one axis "
        r"\(use stack for scalars\)",
        "形状 {shape} 无法连接：concat 至少需要一个轴（标量请用 stack）",
    ),
    (
        rf"shapes (?P<a>{_SHAPE}) and (?P<b>{_SHAPE}) cannot be concatenated along axis "
        r"(?P<axis>-?\d+): (?P<m_why>.+)",
        "形状 {a} 和 {b} 无法沿轴 {axis} 连接：{m_why}",
    ),
    (r"they have (?P<n>\d+) and (?P<m>\d+) axes", "它们分别有 {n} 个和 {m} 个轴"),
    (r"axis (?P<axis>\d+) has (?P<n>\d+) and (?P<m>\d+)", "轴 {axis} 上分别是 {n} 和 {m}"),
    (
        rf"shapes (?P<a>{_SHAPE}) and (?P<b>{_SHAPE}) cannot be stacked: stack needs equal shapes",
        "形状 {a} 和 {b} 无法堆叠：stack 需要相同的形状",
    ),
    (
        rf"shapes (?P<a>{_SHAPE}) and (?P<b>{_SHAPE}) must be equal for mse: it compares entry "
        r"by entry and does not broadcast",
        "mse 要求形状 {a} 和 {b} 相同：它逐个元素比较，不做广播",
    ),
    (r"(?P<name>concat|stack) needs at least one array", "{name} 至少需要一个数组"),
    (
        r"cross_entropy labels must be whole numbers \(class indices\)",
        "cross_entropy 的标签必须是整数（类别索引）",
    ),
    (
        r"label (?P<label>-?\d+) is out of range for (?P<n>\d+) classes \(labels are "
        r"(?P<low>-?\d+) to (?P<high>-?\d+)\)",
        "标签 {label} 超出了 {n} 个类别的范围（标签是 {low} 到 {high}）",
    ),
    (
        r"cross_entropy takes 1-D logits \(one sample\) or 2-D logits \(one row per sample\), "
        rf"not logits of shape (?P<shape>{_SHAPE})",
        "cross_entropy 接受一维 logits（一个样本）或二维 logits（每个样本一行），"
        "不接受形状为 {shape} 的 logits",
    ),
    (
        rf"logits of shape (?P<a>{_SHAPE}) and labels of shape (?P<b>{_SHAPE}) do not match for "
        rf"cross_entropy: it needs labels of shape (?P<c>{_SHAPE}), one per sample",
        "cross_entropy 中形状为 {a} 的 logits 与形状为 {b} 的标签不匹配：它需要形状为 {c} 的标签，"
        "每个样本一个",
    ),
    # -- the engine: the backward pass and Jacobians (engine/autodiff.py) --
    (
        r"this tensor does not depend on anything that needs a gradient",
        "这个张量不依赖任何需要梯度的东西",
    ),
    (
        rf"the seed gradient has shape (?P<a>{_SHAPE}) but the output has shape (?P<b>{_SHAPE})",
        "种子梯度的形状是 {a}，而输出的形状是 {b}",
    ),
    (
        r"the Jacobian is taken with respect to a tensor that needs a gradient",
        "雅可比矩阵只能对需要梯度的张量求",
    ),
    (
        r"mode must be 'reverse' or 'forward', not (?P<mode>.+)",
        "mode 必须是 'reverse' 或 'forward'，不能是 {mode}",
    ),
    # -- hints (engine/language.py) --
    (
        r"split it into smaller programs \(the limit is set by CHAINRULE_MAX_CHARS\)",
        "把它拆成几个更小的程序（上限由 CHAINRULE_MAX_CHARS 设置）",
    ),
    (r"write a statement, e\.g\. x = 2", "写一条语句，例如 x = 2"),
    (
        r"work with smaller arrays \(the limit is set by CHAINRULE_MAX_ELEMENTS\)",
        "使用更小的数组（上限由 CHAINRULE_MAX_ELEMENTS 设置）",
    ),
    (
        r"use fewer or smaller arrays \(the limit is set by CHAINRULE_MAX_TOTAL_ELEMENTS\)",
        "使用更少或更小的数组（上限由 CHAINRULE_MAX_TOTAL_ELEMENTS 设置）",
    ),
    (
        r"use large arrays fewer times: each use keeps a gradient of its size \(the limit is "
        r"set by CHAINRULE_MAX_PASS_ELEMENTS\)",
        "少用几次大的数组：每用一次都要保存一个同样大小的梯度"
        "（上限由 CHAINRULE_MAX_PASS_ELEMENTS 设置）",
    ),
    (
        r"split it into several statements \(the limit is set by CHAINRULE_MAX_DEPTH\)",
        "把它拆成几条语句（上限由 CHAINRULE_MAX_DEPTH 设置）",
    ),
    (
        r"compute less in one program \(the time limit is set by CHAINRULE_RUN_SECONDS\)",
        "在一个程序里少算一些（时间上限由 CHAINRULE_RUN_SECONDS 设置）",
    ),
    (
        r"compute less in one program \(the limit is set by CHAINRULE_MAX_OPS\)",
        "在一个程序里少算一些（上限由 CHAINRULE_MAX_OPS 设置）",
    ),
    (r"delete the character and type it again", "删掉这个字符，再重新输入"),
    (r"delete it; it was probably pasted by accident", "删掉它；它多半是不小心粘贴进来的"),
    (r"start every statement in the same column", "让每条语句都从同一列开始"),
    (r"strings are not supported; # starts a comment", "不支持字符串；# 表示注释的开始"),
    (
        r"a non-breaking space was pasted: replace it with an ordinary space",
        "粘贴进来了一个不换行空格：把它换成普通空格",
    ),
    (
        r"write it as a float in scientific notation, e\.g\. 1e4300 \(which is inf\)",
        "把它写成科学计数法的浮点数，例如 1e4300（它等于 inf）",
    ),
    (
        r"use @ for more axes: a @ b multiplies stacks of matrices",
        "更多的轴请用 @：a @ b 把一叠叠矩阵相乘",
    ),
    (
        r"write them as integers, e\.g\. \[0, 2, 1\], or in a variable made of numbers only",
        "把它们写成整数，例如 [0, 2, 1]，或者放进一个只由数组成的变量",
    ),
    (
        r"a name is assigned once: write a new name, e\.g\. x2 = x \+ 1",
        "每个名字只赋值一次：换一个新名字，例如 x2 = x + 1",
    ),
    (
        r"a name is assigned once: choose a new name, e\.g\. (?P<name>\w+)",
        "每个名字只赋值一次：换一个新名字，例如 {name}",
    ),
    (
        r"the functions are built in, e\.g\. exp\(x\), sum\(x\)",
        "函数都是内置的，例如 exp(x)、sum(x)",
    ),
    (r"write each step as its own statement: h = tanh\(x\)", "把每一步写成单独的语句：h = tanh(x)"),
    (r"write each step as its own statement", "把每一步写成单独的语句"),
    (r"the last statement is the output", "最后一条语句就是输出"),
    (r"write name = expression", "写成 name = expression"),
    (r"write name = expression as its own statement", "把 name = expression 写成单独的语句"),
    (
        r"use maximum/minimum or relu for choices between values",
        "要在值之间做选择，请用 maximum/minimum 或 relu",
    ),
    (r"use maximum/minimum or relu", "请用 maximum/minimum 或 relu"),
    (r"write a list: \[1, 2\]", "写成列表：[1, 2]"),
    (r"write the list out, or use arange/linspace", "把列表逐项写出来，或者用 arange/linspace"),
    (r"pass each array on its own", "把每个数组分别传入"),
    (r"assign one name per statement", "每条语句只给一个名字赋值"),
    (
        r"arrays do not change once made: build a new one, e\.g\. with concat",
        "数组一旦创建就不会改变：请新建一个，例如用 concat",
    ),
    (r"choose another name, e\.g\. (?P<name>\w+)", "换一个名字，例如 {name}"),
    (
        r"rename this variable, or assign the last expression to a name",
        "给这个变量改名，或者把最后一个表达式赋给一个名字",
    ),
    (r"assign it to a name, e\.g\. h = \.\.\.", "把它赋给一个名字，例如 h = ..."),
    (r"leave the argument out to get its default", "省略这个参数，就会使用它的默认值"),
    (
        r"a program holds numbers and arrays only; # starts a comment",
        "程序中只有数和数组；# 表示注释的开始",
    ),
    (r"call it: (?P<u_usage>.+)", "调用它：{u_usage}"),
    (r"assign a name before using it", "先给名字赋值，再使用它"),
    (
        r"assign a name before using it, e\.g\. x = \[1\.0, 2\.0\]",
        "先给名字赋值再使用，例如 x = [1.0, 2.0]",
    ),
    (
        r"`(?P<name>[^`]*)` looks like `(?P<other>[^`]*)` but has (?P<char>.+) where "
        r"`(?P<other2>[^`]*)` has (?P<other_char>.+): did you mean `(?P<other3>[^`]*)`\?",
        "`{name}` 看起来像 `{other}`，但 `{other}` 中的 {other_char} 在这里是 {char}："
        "你是想写 `{other}` 吗？",
    ),
    (r"did you mean `(?P<name>[^`]*)`\?", "你是想写 `{name}` 吗？"),
    (
        r"did you mean `(?P<name>[^`]*)`\? The functions are (?P<names>.+)",
        "你是想写 `{name}` 吗？可用的函数有：{names}",
    ),
    (r"the functions are (?P<names>.+)", "可用的函数有：{names}"),
    (r"the names assigned so far are (?P<names>.+)", "目前已赋值的名字有：{names}"),
    (
        r"to build an array from variables use stack\(a, b\) or concat\(a, b\)",
        "要用变量构造数组，请用 stack(a, b) 或 concat(a, b)",
    ),
    (r"every row of a list must have the same length", "列表的每一行长度必须相同"),
    (r"for a power write a \*\* b", "乘方请写 a ** b"),
    (r"write a / b \(all numbers are floats\)", "写成 a / b（所有的数都是浮点数）"),
    (r"to multiply, write the \* sign: (?P<code>.+)", "要相乘，请写出 * 号：{code}"),
    (r"write (?P<code>.+) without the parentheses", "写成 {code}，不要括号"),
    (
        r"index one axis at a time: a\[\[0, 2\]\]\[:, \[1, 3\]\]",
        "一次只索引一个轴：a[[0, 2]][:, [1, 3]]",
    ),
    (r"use reshape to add an axis", "用 reshape 来增加一个轴"),
    (r"its keywords are (?P<keywords>.+)", "它的关键字参数有：{keywords}"),
    (r"it takes no keywords: (?P<u_usage>.+)", "它不接受关键字参数：{u_usage}"),
    (
        r"max\((?P<args>.+)\) is not relu: use (?P<u_one>maximum\(.+\)) elementwise, "
        r"or (?P<u_two>max\(.+\))",
        "max({args}) 不是 relu：逐元素比较请用 {u_one}，或者用 {u_two}",
    ),
    (
        r"min\((?P<args>.+)\) is not elementwise: use (?P<u_one>minimum\(.+\)) elementwise, "
        r"or (?P<u_two>min\(.+\))",
        "min({args}) 不是逐元素运算：逐元素比较请用 {u_one}，或者用 {u_two}",
    ),
    (r"write the number itself", "直接写出这个数"),
    (r"write (?P<code>\w+=.+|[\w.]+\(.*\))", "写成 {code}"),
    (r"(?P<u_usage>[a-z_]+\(.*\))", "用法：{u_usage}"),
    # -- the quiz's answers (engine/quiz.py) --
    (r"Could not read the answer: (?P<m_error>.+)\.", "无法读取答案：{m_error}。"),
    (
        r"type a number, a vector like \[1, 2\] or a matrix like \[\[1, 2\], \[3, 4\]\]",
        "请输入一个数、一个向量（如 [1, 2]）或一个矩阵（如 [[1, 2], [3, 4]]）",
    ),
    (r"the answer is longer than (?P<n>[\d,]+) characters", "答案超过了 {n} 个字符"),
    (r"the rows have different lengths", "各行的长度不同"),
    (r"“(?P<entry>.*)” is not a number", "“{entry}”不是一个数"),
    (
        r"cannot read “(?P<rest>.*)”: use numbers, brackets and commas",
        "无法读取“{rest}”：请只用数、方括号和逗号",
    ),
    (r"put a comma between two numbers", "在两个数之间加一个逗号"),
    (r"put a comma before “\[”", "在“[”前面加一个逗号"),
    (r"a “\]” has no matching “\[”", "“]”没有与之配对的“[”"),
    (r"a comma has no number before it", "逗号前面没有数"),
    (r"a “\[” is never closed", "“[”没有闭合"),
    (r"write one value: a number, a vector or a matrix", "只写一个值：一个数、一个向量或一个矩阵"),
    (
        r"Expected (?P<n>\d+) entries \(shape (?P<m_shape>.+)\), got (?P<m>\d+)\.",
        "应该有 {n} 个元素（形状 {m_shape}），但得到了 {m} 个。",
    ),
    (r"a single number", "单个数"),
    (rf"(?P<shape>{_SHAPE})", "{shape}"),
    (r"Right!", "正确！"),
    (r"Not quite\.", "不太对。"),
    (
        r"(?P<n>\d+) of (?P<m>\d+) entries are off: (?P<entries>.+)\.",
        "{m} 个元素中有 {n} 个不对：{entries}。",
    ),
    # -- the chain-rule page's sizes (engine/chain.py) --
    (
        r"type at least two sizes, the input's first and the output's last",
        "至少输入两个大小：输入的在前，输出的在后",
    ),
    (r"at most (?P<n>\d+) sizes", "最多 {n} 个大小"),
    (r"(?P<item>'.*'|\".*\") is not a whole number", "{item} 不是整数"),
    (r"each size must be between 1 and (?P<n>[\d,]+)", "每个大小必须在 1 到 {n} 之间"),
    # -- the offline slides (engine/slides.py) --
)
_ERRORS_ZH = tuple((re.compile(pattern, re.DOTALL), zh) for pattern, zh in ERROR_PATTERNS_ZH)

#: Python's own syntax errors are many and change between versions: one the table does not
#: know is shown in Python's words after this.
_PYTHON_SAYS_ZH = "Python 无法读取这里：{message}"


class UntranslatedError(LookupError):
    """A message (or a phrase in one) that no pattern of ERROR_PATTERNS_ZH matches."""


def _translate(text: str, strict: bool) -> str | None:
    for pattern, zh in _ERRORS_ZH:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        values = {}
        for name, value in match.groupdict().items():
            value = value or ""
            if name.startswith("m_"):
                value = _translate(value, strict) or value
            elif name.startswith("u_"):
                value = value.replace(") or ", ") 或 ")
            values[name] = value
        return zh.format(**values)
    if strict:
        raise UntranslatedError(text)
    return None


def message_text(message: str, lang: str = DEFAULT_LANG, *, strict: bool = False) -> str:
    """One English message (an error, a hint, a quiz verdict) in ``lang``.

    Unknown to the table, it stays English (``strict=True`` raises UntranslatedError).

    >>> message_text("unknown name `q`", "zh")
    '未知的名字 `q`'
    >>> message_text("exp takes one array, but got 2 arguments", "zh")
    'exp 接受一个数组，但得到了 2 个参数'
    """
    if lang != "zh":
        return message
    return _translate(message, strict) or message


def error_text(
    error: object, lang: str = DEFAULT_LANG, *, strict: bool = False
) -> tuple[str, str | None]:
    """(message, hint) of an error in ``lang``: a ProgramError, any exception, or a message.

    Python's own syntax errors that the table does not know keep Python's words after a
    Chinese lead-in (``strict=True`` raises UntranslatedError for them too).
    """
    if isinstance(error, str):
        message, hint, kind = error, None, None
    else:
        message = getattr(error, "message", None) or str(error)
        hint, kind = getattr(error, "hint", None), getattr(error, "kind", None)
    if lang != "zh":
        return message, hint
    translated = _translate(message, strict)
    if translated is None:
        translated = _PYTHON_SAYS_ZH.format(message=message) if kind == "syntax" else message
    return translated, None if hint is None else message_text(hint, lang, strict=strict)
