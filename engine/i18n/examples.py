"""Each example program's title and what it teaches (``example.<key>.title/.teaches``)."""

TEXT: dict[str, dict[str, str]] = {
    "example.two-layer.title": {"en": "Two-layer network", "zh": "两层网络"},
    "example.two-layer.teaches": {
        "en": (
            "A small network with a scalar loss: follow the gradient from the loss back"
            " through tanh and two matrix products to every weight."
        ),
        "zh": (
            "一个带标量损失的小网络：跟着梯度从损失出发，反向穿过 tanh 和两次矩阵乘法"
            "，到达每一个权重。"
        ),
    },
    "example.cs231n-circuit.title": {
        "en": "CS231n circuit (x + y) · z",
        "zh": "CS231n 电路 (x + y) · z",
    },
    "example.cs231n-circuit.teaches": {
        "en": (
            "The first circuit of CS231n's backprop notes: an add gate routes its "
            "upstream gradient unchanged, a multiply gate swaps its inputs (∂f/∂x = "
            "∂f/∂y = −4, ∂f/∂z = 3)."
        ),
        "zh": (
            "CS231n 反向传播笔记中的第一个电路：加法门把上游梯度原样传下去，乘法门交换"
            "它的两个输入（∂f/∂x = ∂f/∂y = −4，∂f/∂z = 3）。"
        ),
    },
    "example.cs231n-sigmoid.title": {"en": "CS231n sigmoid neuron", "zh": "CS231n sigmoid 神经元"},
    "example.cs231n-sigmoid.teaches": {
        "en": (
            "A 2-D sigmoid neuron: f = 0.7311, ∂f/∂w = [−0.1966, −0.3932, 0.1966], "
            "∂f/∂x = [0.3932, −0.5898], the published numbers."
        ),
        "zh": (
            "一个二维 sigmoid 神经元：f = 0.7311，∂f/∂w = [−0.1966, −0.3932, 0.1966]，"
            "∂f/∂x = [0.3932, −0.5898]，与公开发表的数字一致。"
        ),
    },
    "example.fan-out.title": {
        "en": "Fan-out: one value, several uses",
        "zh": "扇出：一个值，多处使用",
    },
    "example.fan-out.teaches": {
        "en": (
            "x is used three times, so its gradient is the sum of three contributions, "
            "one from each consumer."
        ),
        "zh": "x 被使用了三次，所以它的梯度是三份贡献之和，每个使用它的运算贡献一份。",
    },
    "example.broadcast.title": {"en": "Broadcasting a bias", "zh": "广播一个偏置"},
    "example.broadcast.teaches": {
        "en": (
            "b is added to every row of X: its downstream gradient is summed back over "
            "the broadcast axis to b's own shape (3,)."
        ),
        "zh": "b 被加到 X 的每一行上：它的下游梯度要沿广播轴求和，还原成 b 自己的形状 (3,)。",
    },
    "example.matmul.title": {"en": "Matrix multiply", "zh": "矩阵乘法"},
    "example.matmul.teaches": {
        "en": (
            "For C = A @ B the local Jacobians are matmul-structured: ∂L/∂A = ∂L/∂C · "
            "Bᵀ and ∂L/∂B = Aᵀ · ∂L/∂C, computed without building the 4-D Jacobians."
        ),
        "zh": (
            "对 C = A @ B，局部雅可比矩阵具有矩阵乘法结构：∂L/∂A = ∂L/∂C · Bᵀ，∂L/∂B "
            "= Aᵀ · ∂L/∂C，计算时不必构造四维的雅可比矩阵。"
        ),
    },
    "example.softmax-ce.title": {
        "en": "Two-layer classifier (softmax cross-entropy)",
        "zh": "两层分类器（softmax 交叉熵）",
    },
    "example.softmax-ce.teaches": {
        "en": (
            "A batch of 4 inputs through ReLU and softmax cross-entropy: the gradient "
            "at the logits is (softmax − one-hot) / batch size."
        ),
        "zh": (
            "一批 4 个输入经过 ReLU 和 softmax 交叉熵：logits 处的梯度是（softmax − o"
            "ne-hot）/ 批量大小。"
        ),
    },
    "example.attention.title": {"en": "A small attention head", "zh": "一个小的注意力头"},
    "example.attention.teaches": {
        "en": (
            "Scaled dot-product attention on 3 tokens: the gradient flows back through "
            "the softmax's dense Jacobian into queries, keys and values."
        ),
        "zh": (
            "3 个词元上的缩放点积注意力：梯度反向穿过 softmax 的稠密雅可比矩阵，流入查询、键和值。"
        ),
    },
}
