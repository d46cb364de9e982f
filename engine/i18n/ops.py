"""Each operation's one-line note (key ``op.<name>.note``): what its gradient does."""

TEXT: dict[str, dict[str, str]] = {
    "op.add.note": {
        "en": "Addition passes the upstream gradient through unchanged to both inputs.",
        "zh": "加法把上游梯度原样传给两个输入。",
    },
    "op.sub.note": {
        "en": "Subtraction passes the upstream gradient to a, and its negative to b.",
        "zh": "减法把上游梯度传给 a，把它的相反数传给 b。",
    },
    "op.mul.note": {
        "en": "Each input's gradient is the upstream gradient times the other input.",
        "zh": "每个输入的梯度是上游梯度乘以另一个输入。",
    },
    "op.div.note": {
        "en": "Dividing by b scales a's gradient by 1/b; b's gradient is −a/b² times upstream.",
        "zh": "除以 b 会把 a 的梯度乘以 1/b；b 的梯度是上游梯度乘以 −a/b²。",
    },
    "op.pow.note": {
        "en": "The power rule for the base; for the exponent, the output times ln of the base.",
        "zh": "对底数用幂法则；对指数，梯度是输出乘以底数的自然对数。",
    },
    "op.maximum.note": {
        "en": "The gradient goes to whichever input is larger; a tie splits it half and half.",
        "zh": "梯度流向较大的那个输入；相等时两边各得一半。",
    },
    "op.minimum.note": {
        "en": "The gradient goes to whichever input is smaller; a tie splits it half and half.",
        "zh": "梯度流向较小的那个输入；相等时两边各得一半。",
    },
    "op.neg.note": {
        "en": "Negation flips the sign of the upstream gradient.",
        "zh": "取负会翻转上游梯度的符号。",
    },
    "op.exp.note": {
        "en": "exp is its own derivative: the upstream gradient is scaled by the output.",
        "zh": "exp 的导数就是它自己：上游梯度乘以输出。",
    },
    "op.log.note": {
        "en": "The natural log divides the upstream gradient by its input.",
        "zh": "自然对数把上游梯度除以它的输入。",
    },
    "op.sqrt.note": {
        "en": "The square root's slope is one over twice its output.",
        "zh": "平方根的斜率是它的输出的两倍的倒数。",
    },
    "op.abs.note": {
        "en": "abs passes the gradient with the sign of its input; at exactly 0 it passes nothing.",
        "zh": "abs 按输入的符号传递梯度；输入恰好为 0 时不传递任何梯度。",
    },
    "op.tanh.note": {
        "en": "tanh's slope is 1 − y²: near 1 at 0, vanishing where the output saturates at ±1.",
        "zh": "tanh 的斜率是 1 − y²：在 0 附近接近 1，在输出饱和于 ±1 的地方趋于消失。",
    },
    "op.sigmoid.note": {
        "en": "The sigmoid's slope is y(1 − y): at most 1/4, at x = 0.",
        "zh": "sigmoid 的斜率是 y(1 − y)：最大为 1/4，在 x = 0 处取得。",
    },
    "op.relu.note": {
        "en": (
            "relu passes the gradient where its input was positive and blocks it "
            "elsewhere (0 at 0)."
        ),
        "zh": "relu 在输入为正的地方传递梯度，其他地方阻断它（在 0 处为 0）。",
    },
    "op.sin.note": {"en": "sin's slope is cos x.", "zh": "sin 的斜率是 cos x。"},
    "op.cos.note": {"en": "cos's slope is −sin x.", "zh": "cos 的斜率是 −sin x。"},
    "op.matmul.note": {
        "en": "A's gradient is upstream · Bᵀ and B's is Aᵀ · upstream (batched alike).",
        "zh": "A 的梯度是上游梯度 · Bᵀ，B 的梯度是 Aᵀ · 上游梯度（批量情形同理）。",
    },
    "op.dot.note": {
        "en": "numpy's dot: a matrix product for 1-D and 2-D operands, a product with a scalar.",
        "zh": "numpy 的 dot：对一维和二维操作数是矩阵乘积，对标量是普通乘法。",
    },
    "op.transpose.note": {
        "en": "Transposing only moves entries: the gradient is transposed back.",
        "zh": "转置只是移动元素：梯度被转置回来。",
    },
    "op.reshape.note": {
        "en": "Reshaping keeps every entry in row-major order: the gradient is reshaped back.",
        "zh": "改变形状时每个元素按行优先顺序保持不变：梯度被改回原来的形状。",
    },
    "op.index.note": {
        "en": "Indexing routes each output's gradient back to the entry it read; repeats add up.",
        "zh": "索引把每个输出的梯度送回它读取的那个元素；重复读取的梯度相加。",
    },
    "op.sum.note": {
        "en": "A sum copies the upstream gradient to every entry that was added.",
        "zh": "求和把上游梯度复制给每个被加起来的元素。",
    },
    "op.mean.note": {
        "en": "A mean shares the upstream gradient equally among the n entries averaged.",
        "zh": "求平均把上游梯度平均分给参与平均的 n 个元素。",
    },
    "op.max.note": {
        "en": "Only the largest entry gets the gradient; tied entries share it evenly.",
        "zh": "只有最大的元素得到梯度；并列的元素平分梯度。",
    },
    "op.min.note": {
        "en": "Only the smallest entry gets the gradient; tied entries share it evenly.",
        "zh": "只有最小的元素得到梯度；并列的元素平分梯度。",
    },
    "op.logsumexp.note": {
        "en": "logsumexp is a smooth max: its gradient is the softmax of its input.",
        "zh": "logsumexp 是平滑的最大值：它的梯度是输入的 softmax。",
    },
    "op.softmax.note": {
        "en": "Each softmax output depends on every input in its slice: a dense block each.",
        "zh": "每个 softmax 输出都依赖于同一切片中的每个输入：每个切片是一个稠密块。",
    },
    "op.log_softmax.note": {
        "en": "log_softmax subtracts logsumexp, so each slice's gradient loses its softmax share.",
        "zh": "log_softmax 减去了 logsumexp，所以每个切片的梯度要减去它的 softmax 份额。",
    },
    "op.concat.note": {
        "en": "Each input gets back the slice of the upstream gradient that it filled.",
        "zh": "每个输入取回它所填充的那一段上游梯度。",
    },
    "op.stack.note": {
        "en": "Each input gets back its own slot of the upstream gradient along the new axis.",
        "zh": "每个输入取回上游梯度沿新轴上属于它自己的那一格。",
    },
    "op.mse.note": {
        "en": "Each prediction is pushed toward its target in proportion to its error.",
        "zh": "每个预测值都被推向它的目标值，推动的大小与它的误差成正比。",
    },
    "op.cross_entropy.note": {
        "en": "Each row's gradient is its softmax minus the one-hot of its label, over N rows.",
        "zh": "每一行的梯度是它的 softmax 减去其标签的 one-hot 向量，再除以行数 N。",
    },
}
