"""Example programs for the examples picker.

An example's title and what it teaches are words, in the catalogue
(``engine/i18n/examples.py``: ``example.<key>.title`` and ``example.<key>.teaches``).
The published numbers they quote are checked by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Example:
    key: str
    program: str


EXAMPLES: tuple[Example, ...] = (
    Example(
        key="two-layer",
        program="""\
# A two-layer network: 3 inputs, 4 hidden units, 2 outputs
x = [1.0, -2.0, 0.5]
W1 = randn(4, 3, seed=0)
b1 = zeros(4)
W2 = randn(2, 4, seed=1)
b2 = zeros(2)
h = tanh(W1 @ x + b1)
y = W2 @ h + b2
L = mse(y, [1.0, 0.0])
""",
    ),
    Example(
        key="cs231n-circuit",
        program="""\
# CS231n: f = (x + y) * z
x = -2
y = 5
z = -4
q = x + y
f = q * z
""",
    ),
    Example(
        key="cs231n-sigmoid",
        program="""\
# CS231n: a two-input sigmoid neuron
x = [-1.0, -2.0]
w = [2.0, -3.0, -3.0]
f = 1 / (1 + exp(-(w[0]*x[0] + w[1]*x[1] + w[2])))
""",
    ),
    Example(
        key="fan-out",
        program="""\
# x fans out to three consumers
x = 1.5
a = x * x
b = tanh(x)
f = a + b * x
""",
    ),
    Example(
        key="broadcast",
        program="""\
# b (3,) is broadcast over the 2 rows of X (2, 3)
X = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
b = [0.1, 0.2, 0.3]
Y = X + b
L = sum(Y ** 2)
""",
    ),
    Example(
        key="matmul",
        program="""\
# C = A @ B with a sum-of-squares loss
A = randn(2, 3, seed=0)
B = randn(3, 4, seed=1)
C = A @ B
L = sum(C * C)
""",
    ),
    Example(
        key="softmax-ce",
        program="""\
# 4 samples, 3 features, 5 hidden units, 3 classes
X = randn(4, 3, seed=0)
labels = [0, 2, 1, 2]
W1 = randn(3, 5, seed=1) * 0.5
b1 = zeros(5)
W2 = randn(5, 3, seed=2) * 0.5
b2 = zeros(3)
H = relu(X @ W1 + b1)
logits = H @ W2 + b2
L = cross_entropy(logits, labels)
""",
    ),
    Example(
        key="attention",
        program="""\
# 3 tokens with 4 features, a head of size 2
X = randn(3, 4, seed=0)
Wq = randn(4, 2, seed=1)
Wk = randn(4, 2, seed=2)
Wv = randn(4, 2, seed=3)
Q = X @ Wq
K = X @ Wk
V = X @ Wv
A = softmax(Q @ K.T / sqrt(2), axis=-1)
Y = A @ V
L = sum(Y ** 2)
""",
    ),
)

DEFAULT_EXAMPLE = EXAMPLES[0]


def example(key: str) -> Example:
    """The example with this key (KeyError if there is none)."""
    for item in EXAMPLES:
        if item.key == key:
            return item
    raise KeyError(key)
