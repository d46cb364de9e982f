"""The teaching views' words: the quiz's verdicts and reasons, the time budgets' messages."""

TEXT: dict[str, dict[str, str]] = {
    # -- why an answer could not be read (engine/views/quiz.py: AnswerError) ---------------
    "quiz.answer.empty": {
        "en": "type a number, a vector like [1, 2] or a matrix like [[1, 2], [3, 4]]",
        "zh": "请输入一个数、一个向量（如 [1, 2]）或一个矩阵（如 [[1, 2], [3, 4]]）",
    },
    "quiz.answer.too_long": {
        "en": "the answer is longer than {n:,} characters",
        "zh": "答案超过了 {n:,} 个字符",
    },
    "quiz.answer.ragged": {"en": "the rows have different lengths", "zh": "各行的长度不同"},
    "quiz.answer.not_a_number": {"en": "“{entry}” is not a number", "zh": "“{entry}”不是一个数"},
    "quiz.answer.unreadable": {
        "en": "cannot read “{rest}”: use numbers, brackets and commas",
        "zh": "无法读取“{rest}”：请只用数、方括号和逗号",
    },
    "quiz.answer.comma_between": {
        "en": "put a comma between two numbers",
        "zh": "在两个数之间加一个逗号",
    },
    "quiz.answer.comma_before": {"en": "put a comma before “[”", "zh": "在“[”前面加一个逗号"},
    "quiz.answer.unmatched": {"en": "a “]” has no matching “[”", "zh": "“]”没有与之配对的“[”"},
    "quiz.answer.lone_comma": {"en": "a comma has no number before it", "zh": "逗号前面没有数"},
    "quiz.answer.unclosed": {"en": "a “[” is never closed", "zh": "“[”没有闭合"},
    "quiz.answer.one_value": {
        "en": "write one value: a number, a vector or a matrix",
        "zh": "只写一个值：一个数、一个向量或一个矩阵",
    },
    # -- the quiz's verdicts (engine/views/quiz.py: QuizResult.message) ---------------------
    "quiz.unreadable": {
        "en": "Could not read the answer: {error}.",
        "zh": "无法读取答案：{error}。",
    },
    "quiz.wrong_size": {
        "en": "Expected {n} entries (shape {shape}), got {got}.",
        "zh": "应该有 {n} 个元素（形状 {shape}），但得到了 {got} 个。",
    },
    "quiz.a_single_number": {"en": "a single number", "zh": "单个数"},
    "quiz.right": {"en": "Right!", "zh": "正确！"},
    "quiz.not_quite": {"en": "Not quite.", "zh": "不太对。"},
    "quiz.entries_off": {
        "en": "{n} of {total} entries are off: {entries}.",
        "zh": "{total} 个元素中有 {n} 个不对：{entries}。",
    },
    # -- the time budgets (engine/views/budget.py) ------------------------------------------
    "budget.out_of_time": {"en": "{what} ran out of time", "zh": "{what}超时了"},
    "budget.work.slides": {"en": "the slides", "zh": "幻灯片"},
    "budget.work.worked": {"en": "the worked solution", "zh": "反向传播推导"},
}
