"""What a local Jacobian looks like (``Structure.text`` of engine/core/ops.py), key ``structure.*``.

The maths in between (diag(1 − y²), I ⊗ Bᵀ, pred − target) and the sizes that end every
text (``{sizes}``, such as 3×4) are parameters, the same in both languages; ``{what}`` is
maths, or a phrase of its own (the identity, "bᵀ, one row"); ``{axes}`` is
``structure.axis`` / ``structure.axes`` ("axis 0", "axes 0, 1"; 轴 0 and 轴 0, 1).
"""

TEXT: dict[str, dict[str, str]] = {
    # -- phrases used inside the texts below --
    "structure.identity": {"en": "identity", "zh": "单位矩阵"},
    "structure.negative_identity": {"en": "−identity", "zh": "−单位矩阵"},
    "structure.axis": {"en": "axis {axes}", "zh": "轴 {axes}"},
    "structure.axes": {"en": "axes {axes}", "zh": "轴 {axes}"},
    "structure.one_row_of": {"en": "{what}, one row", "zh": "{what}，一行"},
    # -- elementwise: a diagonal, or the identity --
    "structure.sized": {"en": "{what}, {sizes}", "zh": "{what}，{sizes}"},
    "structure.broadcast": {
        "en": "{what}, then broadcast-sum over {axes}, {sizes}",
        "zh": "{what}，再沿广播{axes} 求和，{sizes}",
    },
    # -- matrix products --
    "structure.matmul": {
        "en": "matmul-structured: {what}, {sizes}",
        "zh": "矩阵乘法结构：{what}，{sizes}",
    },
    "structure.matmul.batched": {
        "en": "matmul-structured: {what}, one block per batch entry, {sizes}",
        "zh": "矩阵乘法结构：{what}，每个批次元素一块，{sizes}",
    },
    "structure.matmul.batched_summed": {
        "en": "matmul-structured: {what}, one block per batch entry, "
        "summed over the broadcast batch axes, {sizes}",
        "zh": "矩阵乘法结构：{what}，每个批次元素一块，并对广播的批次轴求和，{sizes}",
    },
    # -- moving entries around: transpose, reshape, index --
    "structure.permutation": {
        "en": "permutation of {n} entries (axes {axes}), {sizes}",
        "zh": "{n} 个元素的置换（轴 {axes}），{sizes}",
    },
    "structure.reshape": {
        "en": "identity: the same entries in shape {shape}, {sizes}",
        "zh": "单位矩阵：相同的元素，形状变为 {shape}，{sizes}",
    },
    "structure.index": {
        "en": "selection: picks {n} of {m} entries, {sizes}",
        "zh": "选择：从 {m} 个元素中取出 {n} 个，{sizes}",
    },
    "structure.index.repeated": {
        "en": "selection: picks {n} of {m} entries "
        "(some more than once: their gradients add up), {sizes}",
        "zh": "选择：从 {m} 个元素中取出 {n} 个（有的被取了多次：它们的梯度相加），{sizes}",
    },
    # -- reductions --
    "structure.no_axis_reduced": {
        "en": "identity (no axis reduced), {sizes}",
        "zh": "单位矩阵（没有归约任何轴），{sizes}",
    },
    "structure.sum": {
        "en": "ones: sums over {axes}, {sizes}",
        "zh": "全 1：沿{axes} 求和，{sizes}",
    },
    "structure.mean": {
        "en": "1/n: averages over {axes}, {sizes}",
        "zh": "1/n：沿{axes} 求平均，{sizes}",
    },
    "structure.max": {
        "en": "selection: picks the largest entry (ties share evenly) over {axes}, {sizes}",
        "zh": "选择：沿{axes} 取出最大的元素（并列时平分），{sizes}",
    },
    "structure.min": {
        "en": "selection: picks the smallest entry (ties share evenly) over {axes}, {sizes}",
        "zh": "选择：沿{axes} 取出最小的元素（并列时平分），{sizes}",
    },
    "structure.logsumexp": {
        "en": "softmax weights: a smooth max over {axes}, {sizes}",
        "zh": "softmax 权重：沿{axes} 的平滑最大值，{sizes}",
    },
    # -- softmax, log_softmax --
    "structure.per_slice": {
        "en": "{what} per slice along axis {axis}, {sizes}",
        "zh": "{what}，沿轴 {axis} 每个切片一块，{sizes}",
    },
    # -- joining: concat, stack --
    "structure.concat": {
        "en": "selection: input {i} fills positions {start}..{stop} of axis {axis}, {sizes}",
        "zh": "选择：输入 {i} 填充轴 {axis} 上的位置 {start}..{stop}，{sizes}",
    },
    "structure.stack": {
        "en": "selection: input {i} is position {i} of new axis {axis}, {sizes}",
        "zh": "选择：输入 {i} 是新轴 {axis} 上的第 {i} 个位置，{sizes}",
    },
    # -- losses: one row --
    "structure.one_row": {"en": "one row: {what}, {sizes}", "zh": "一行：{what}，{sizes}"},
}
