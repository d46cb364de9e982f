"""The messages of the engine's core (engine/core/: ops, tensor, autodiff), key ``core.*``.

Shapes, axes and numbers are parameters, shown as they are in both languages; a phrase
marked as a parameter (``why``, ``where``, ``what``, ``name``) is a Message of its own.
"""

TEXT: dict[str, dict[str, str]] = {
    # -- phrases used inside the messages below --
    "core.what.axis": {"en": "axis", "zh": "轴"},
    "core.what.shape_entry": {"en": "a shape entry", "zh": "形状的分量"},
    "core.what.index": {"en": "an index", "zh": "索引"},
    "core.what.reduction": {"en": "a reduction", "zh": "归约运算"},
    "core.what.this_array": {"en": "this array", "zh": "这个数组"},
    "core.what.result_of": {"en": "the result of {op}", "zh": "{op} 的结果"},
    "core.what.scalar": {"en": "a scalar", "zh": "标量"},
    # -- broadcasting and axes (engine/core/ops.py, engine/core/tensor.py) --
    "core.broadcast": {
        "en": "shapes {a} and {b} cannot be broadcast together for {op}: "
        "axis {axis} has {da} and {db}",
        "zh": "形状 {a} 和 {b} 无法为 {op} 广播到一起：轴 {axis} 上分别是 {da} 和 {db}",
    },
    "core.axis.out_of_range_for_op": {
        "en": "axis {axis} is out of range for {name} of shape {shape} ({n} axes)",
        "zh": "轴 {axis} 超出了范围：{name} 的形状是 {shape}（{n} 个轴）",
    },
    "core.axis.out_of_range": {
        "en": "axis {axis} is out of range for an array with {n} axes",
        "zh": "轴 {axis} 超出了范围：数组只有 {n} 个轴",
    },
    "core.axis.twice": {
        "en": "axis {axes} names the same axis twice",
        "zh": "axis {axes} 把同一个轴写了两次",
    },
    "core.not_an_integer": {
        "en": "{what} must be an integer, not {value}",
        "zh": "{what}必须是整数，不能是 {value}",
    },
    # -- matrix products --
    "core.matmul.shapes": {
        "en": "shapes {a} and {b} cannot be multiplied with {op}: {why}",
        "zh": "形状 {a} 和 {b} 无法用 {op} 相乘：{why}",
    },
    "core.matmul.scalar": {
        "en": "both operands need at least one axis (use * for a scalar)",
        "zh": "两个操作数都至少需要一个轴（标量请用 *）",
    },
    "core.matmul.inner": {
        "en": "the last axis of the left ({k}) must equal the {where} of the right ({k2})",
        "zh": "左边的最后一个轴（{k}）必须等于右边的{where}（{k2}）",
    },
    "core.matmul.first_axis": {"en": "first axis", "zh": "第一个轴"},
    "core.matmul.second_to_last_axis": {"en": "second-to-last axis", "zh": "倒数第二个轴"},
    "core.matmul.batch": {
        "en": "the batch axes {a} and {b} cannot be broadcast together "
        "(batch axis {axis} has {da} and {db})",
        "zh": "批次轴 {a} 和 {b} 无法广播到一起（批次轴 {axis} 上分别是 {da} 和 {db}）",
    },
    "core.dot.rank": {
        "en": "dot takes 0-, 1- and 2-D operands; use @ for batched (N-D) products",
        "zh": "dot 只接受零维、一维和二维操作数；批量（N 维）乘积请用 @",
    },
    # -- transpose and reshape --
    "core.transpose.axes": {
        "en": "transpose axes {axes} must be a permutation of 0..{high} for an array with {n} axes",
        "zh": "transpose 的轴 {axes} 必须是 0..{high} 的一个排列（数组有 {n} 个轴）",
    },
    "core.transpose.shape": {
        "en": "transpose axes {axes} do not fit shape {shape}: "
        "they must be a permutation of 0..{high}",
        "zh": "transpose 的轴 {axes} 与形状 {shape} 不符：它们必须是 0..{high} 的一个排列",
    },
    "core.reshape.two_unknowns": {
        "en": "reshape accepts at most one -1",
        "zh": "reshape 最多只接受一个 -1",
    },
    "core.reshape.negative": {
        "en": "shape {shape} has a negative entry",
        "zh": "形状 {shape} 中有负数",
    },
    "core.reshape.size": {
        "en": "cannot reshape {n} elements into shape {shape}",
        "zh": "无法把 {n} 个元素改成形状 {shape}",
    },
    "core.reshape.shapes": {
        "en": "cannot reshape shape {a} ({n} elements) into shape {b} ({m} elements): "
        "the number of elements must stay the same",
        "zh": "无法把形状 {a}（{n} 个元素）改成形状 {b}（{m} 个元素）：元素个数必须保持不变",
    },
    # -- indexing --
    "core.index.ellipses": {
        "en": "an index can contain at most one ...",
        "zh": "一个索引中最多只能有一个 ...",
    },
    "core.index.too_many": {
        "en": "too many indices: {n} for an array with {m} axes {shape}",
        "zh": "索引太多：数组 {shape} 只有 {m} 个轴，却给了 {n} 个索引",
    },
    "core.index.too_many_for_shape": {
        "en": "too many indices for shape {shape}: {n} for {m} axes",
        "zh": "对形状 {shape} 来说索引太多：只有 {m} 个轴，却给了 {n} 个索引",
    },
    "core.index.lists": {
        "en": "at most one integer list per index",
        "zh": "每个索引中最多只能有一个整数列表",
    },
    "core.index.flat": {
        "en": "an integer list index must be flat, like [0, 2]",
        "zh": "整数列表索引必须是一维的，例如 [0, 2]",
    },
    "core.index.new_axis": {
        "en": "None (a new axis) is not supported in an index",
        "zh": "索引中不支持 None（新轴）",
    },
    "core.index.out_of_range": {
        "en": "index {index} is out of range for axis {axis} of size {n}",
        "zh": "索引 {index} 超出了轴 {axis} 的范围（大小为 {n}）",
    },
    "core.index.out_of_range_for_shape": {
        "en": "index {index} is out of range for axis {axis} of shape {shape} (size {n})",
        "zh": "索引 {index} 超出了形状 {shape} 的轴 {axis} 的范围（大小为 {n}）",
    },
    # -- reductions --
    "core.extremum.empty": {
        "en": "{name} of an empty array (shape {shape}) is undefined: it needs at least one entry",
        "zh": "对空数组（形状 {shape}）求 {name} 没有定义：至少需要一个元素",
    },
    # -- joining: concat, stack --
    "core.join.nothing": {
        "en": "{name} needs at least one array",
        "zh": "{name} 至少需要一个数组",
    },
    "core.concat.scalar": {
        "en": "shape {shape} cannot be concatenated: concat needs at least one axis "
        "(use stack for scalars)",
        "zh": "形状 {shape} 无法连接：concat 至少需要一个轴（标量请用 stack）",
    },
    "core.concat.shapes": {
        "en": "shapes {a} and {b} cannot be concatenated along axis {axis}: {why}",
        "zh": "形状 {a} 和 {b} 无法沿轴 {axis} 连接：{why}",
    },
    "core.concat.ranks": {
        "en": "they have {n} and {m} axes",
        "zh": "它们分别有 {n} 个和 {m} 个轴",
    },
    "core.concat.sizes": {
        "en": "axis {axis} has {n} and {m}",
        "zh": "轴 {axis} 上分别是 {n} 和 {m}",
    },
    "core.stack.shapes": {
        "en": "shapes {a} and {b} cannot be stacked: stack needs equal shapes",
        "zh": "形状 {a} 和 {b} 无法堆叠：stack 需要相同的形状",
    },
    "core.stack.axis": {
        "en": "axis {axis} is out of range for stack of shape {shape} (the result has {n} axes)",
        "zh": "轴 {axis} 超出了范围：对形状为 {shape} 的数组做 stack，结果有 {n} 个轴",
    },
    # -- losses: mse, cross_entropy --
    "core.mse.shapes": {
        "en": "shapes {a} and {b} must be equal for mse: it compares entry by entry "
        "and does not broadcast",
        "zh": "mse 要求形状 {a} 和 {b} 相同：它逐个元素比较，不做广播",
    },
    "core.labels.whole": {
        "en": "cross_entropy labels must be whole numbers (class indices)",
        "zh": "cross_entropy 的标签必须是整数（类别索引）",
    },
    "core.labels.range": {
        "en": "label {label} is out of range for {n} classes (labels are 0 to {high})",
        "zh": "标签 {label} 超出了 {n} 个类别的范围（标签是 0 到 {high}）",
    },
    "core.cross_entropy.rank": {
        "en": "cross_entropy takes 1-D logits (one sample) or 2-D logits (one row per sample), "
        "not logits of shape {shape}",
        "zh": "cross_entropy 接受一维 logits（一个样本）或二维 logits（每个样本一行），"
        "不接受形状为 {shape} 的 logits",
    },
    "core.cross_entropy.labels": {
        "en": "logits of shape {a} and labels of shape {b} do not match for cross_entropy: "
        "it needs labels of shape {c}, one per sample",
        "zh": "cross_entropy 中形状为 {a} 的 logits 与形状为 {b} 的标签不匹配："
        "它需要形状为 {c} 的标签，每个样本一个",
    },
    # -- limits, checked before the work (engine/core/tensor.py) --
    "core.limit.elements": {
        "en": "the result of {op} would have {n:,} elements ({dims}), "
        "more than the limit of {limit:,}",
        "zh": "{op} 的结果将有 {n:,} 个元素（{dims}），超过了 {limit:,} 个的上限",
    },
    "core.limit.extent": {
        "en": "the result of {op} would have no elements ({dims}), but its other axes "
        "multiply to {n:,}, more than the limit of {limit:,}",
        "zh": "{op} 的结果的形状 ({dims}) 没有元素，但其余各轴的长度之积为 {n:,}，"
        "超过了 {limit:,} 个的上限",
    },
    "core.limit.total_elements": {
        "en": "{what} would bring the program's arrays past the limit of {limit:,} elements in all",
        "zh": "{what}会使程序中所有数组的元素总数超过 {limit:,} 个的上限",
    },
    "core.limit.program_time": {
        "en": "the program ran out of time",
        "zh": "程序的运行时间用完了",
    },
    "core.limit.backward_time": {
        "en": "the backward pass ran out of time",
        "zh": "反向传播的运行时间用完了",
    },
    "core.limit.gradcheck_time": {
        "en": "the gradient check ran out of time",
        "zh": "梯度检验的运行时间用完了",
    },
    # -- the backward pass and Jacobians (engine/core/autodiff.py) --
    "core.backward.no_gradient": {
        "en": "this tensor does not depend on anything that needs a gradient",
        "zh": "这个张量不依赖任何需要梯度的东西",
    },
    "core.backward.seed_shape": {
        "en": "the seed gradient has shape {a} but the output has shape {b}",
        "zh": "种子梯度的形状是 {a}，而输出的形状是 {b}",
    },
    "core.jacobian.wrt": {
        "en": "the Jacobian is taken with respect to a tensor that needs a gradient",
        "zh": "雅可比矩阵只能对需要梯度的张量求",
    },
    "core.jacobian.mode": {
        "en": "mode must be 'reverse' or 'forward', not {mode!r}",
        "zh": "mode 必须是 'reverse' 或 'forward'，不能是 {mode!r}",
    },
}
