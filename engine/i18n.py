"""Every word the app shows, in English and Simplified Chinese: the one place for them.

``t(key, lang, **values)`` looks a text up and fills its ``{placeholders}``.
A key missing in either language fails the tests; an unknown language falls
back to English. The terms of the chain rule are fixed (see ``TERMS``) and
used the same way in both languages.

>>> t("term.upstream", "zh")
'上游梯度'
>>> t("lesson.count", "en", n=2, total=4)
'Lesson 2 of 4'
"""

from __future__ import annotations

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
}


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The text of ``key`` in ``lang`` (English for an unknown language), filled in."""
    entry = TEXT[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**values) if values else text
