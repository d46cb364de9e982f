"""The program language's hints: what to do about an error (language.hint.*)."""

TEXT: dict[str, dict[str, str]] = {
    # -- hints --------------------------------------------------------------------------------
    "language.hint.split_program": {
        "en": "split it into smaller programs (the limit is set by CHAINRULE_MAX_CHARS)",
        "zh": "把它拆成几个更小的程序（上限由 CHAINRULE_MAX_CHARS 设置）",
    },
    "language.hint.write_statement": {
        "en": "write a statement, e.g. x = 2",
        "zh": "写一条语句，例如 x = 2",
    },
    "language.hint.smaller_arrays": {
        "en": "work with smaller arrays (the limit is set by CHAINRULE_MAX_ELEMENTS)",
        "zh": "使用更小的数组（上限由 CHAINRULE_MAX_ELEMENTS 设置）",
    },
    "language.hint.fewer_arrays": {
        "en": "use fewer or smaller arrays (the limit is set by CHAINRULE_MAX_TOTAL_ELEMENTS)",
        "zh": "使用更少或更小的数组（上限由 CHAINRULE_MAX_TOTAL_ELEMENTS 设置）",
    },
    "language.hint.pass_elements": {
        "en": (
            "use large arrays fewer times: each use keeps a gradient of its size (the limit "
            "is set by CHAINRULE_MAX_PASS_ELEMENTS)"
        ),
        "zh": (
            "少用几次大的数组：每用一次都要保存一个同样大小的梯度"
            "（上限由 CHAINRULE_MAX_PASS_ELEMENTS 设置）"
        ),
    },
    "language.hint.split_statement": {
        "en": "split it into several statements (the limit is set by CHAINRULE_MAX_DEPTH)",
        "zh": "把它拆成几条语句（上限由 CHAINRULE_MAX_DEPTH 设置）",
    },
    "language.hint.run_seconds": {
        "en": "compute less in one program (the time limit is set by CHAINRULE_RUN_SECONDS)",
        "zh": "在一个程序里少算一些（时间上限由 CHAINRULE_RUN_SECONDS 设置）",
    },
    "language.hint.max_ops": {
        "en": "compute less in one program (the limit is set by CHAINRULE_MAX_OPS)",
        "zh": "在一个程序里少算一些（上限由 CHAINRULE_MAX_OPS 设置）",
    },
    "language.hint.retype": {
        "en": "delete the character and type it again",
        "zh": "删掉这个字符，再重新输入",
    },
    "language.hint.pasted": {
        "en": "delete it; it was probably pasted by accident",
        "zh": "删掉它；它多半是不小心粘贴进来的",
    },
    "language.hint.same_column": {
        "en": "start every statement in the same column",
        "zh": "让每条语句都从同一列开始",
    },
    "language.hint.comment": {
        "en": "strings are not supported; # starts a comment",
        "zh": "不支持字符串；# 表示注释的开始",
    },
    "language.hint.nbsp": {
        "en": "a non-breaking space was pasted: replace it with an ordinary space",
        "zh": "粘贴进来了一个不换行空格：把它换成普通空格",
    },
    "language.hint.scientific": {
        "en": "write it as a float in scientific notation, e.g. 1e4300 (which is inf)",
        "zh": "把它写成科学计数法的浮点数，例如 1e4300（它等于 inf）",
    },
    "language.hint.matmul": {
        "en": "use @ for more axes: a @ b multiplies stacks of matrices",
        "zh": "更多的轴请用 @：a @ b 把一叠叠矩阵相乘",
    },
    "language.hint.labels": {
        "en": "write them as integers, e.g. [0, 2, 1], or in a variable made of numbers only",
        "zh": "把它们写成整数，例如 [0, 2, 1]，或者放进一个只由数组成的变量",
    },
    "language.hint.new_name": {
        "en": "a name is assigned once: write a new name, e.g. x2 = x + 1",
        "zh": "每个名字只赋值一次：换一个新名字，例如 x2 = x + 1",
    },
    "language.hint.choose_new_name": {
        "en": "a name is assigned once: choose a new name, e.g. {name}2",
        "zh": "每个名字只赋值一次：换一个新名字，例如 {name}2",
    },
    "language.hint.built_in": {
        "en": "the functions are built in, e.g. exp(x), sum(x)",
        "zh": "函数都是内置的，例如 exp(x)、sum(x)",
    },
    "language.hint.own_statement_tanh": {
        "en": "write each step as its own statement: h = tanh(x)",
        "zh": "把每一步写成单独的语句：h = tanh(x)",
    },
    "language.hint.own_statement": {
        "en": "write each step as its own statement",
        "zh": "把每一步写成单独的语句",
    },
    "language.hint.last_is_output": {
        "en": "the last statement is the output",
        "zh": "最后一条语句就是输出",
    },
    "language.hint.name_equals": {"en": "write name = expression", "zh": "写成 name = expression"},
    "language.hint.name_equals_statement": {
        "en": "write name = expression as its own statement",
        "zh": "把 name = expression 写成单独的语句",
    },
    "language.hint.choices": {
        "en": "use maximum/minimum or relu for choices between values",
        "zh": "要在值之间做选择，请用 maximum/minimum 或 relu",
    },
    "language.hint.maximum_relu": {
        "en": "use maximum/minimum or relu",
        "zh": "请用 maximum/minimum 或 relu",
    },
    "language.hint.list": {"en": "write a list: [1, 2]", "zh": "写成列表：[1, 2]"},
    "language.hint.list_out": {
        "en": "write the list out, or use arange/linspace",
        "zh": "把列表逐项写出来，或者用 arange/linspace",
    },
    "language.hint.each_array": {"en": "pass each array on its own", "zh": "把每个数组分别传入"},
    "language.hint.one_name": {
        "en": "assign one name per statement",
        "zh": "每条语句只给一个名字赋值",
    },
    "language.hint.immutable": {
        "en": "arrays do not change once made: build a new one, e.g. with concat",
        "zh": "数组一旦创建就不会改变：请新建一个，例如用 concat",
    },
    "language.hint.another_name": {
        "en": "choose another name, e.g. {name}_value",
        "zh": "换一个名字，例如 {name}_value",
    },
    "language.hint.rename": {
        "en": "rename this variable, or assign the last expression to a name",
        "zh": "给这个变量改名，或者把最后一个表达式赋给一个名字",
    },
    "language.hint.assign_it": {
        "en": "assign it to a name, e.g. h = ...",
        "zh": "把它赋给一个名字，例如 h = ...",
    },
    "language.hint.default": {
        "en": "leave the argument out to get its default",
        "zh": "省略这个参数，就会使用它的默认值",
    },
    "language.hint.numbers_only": {
        "en": "a program holds numbers and arrays only; # starts a comment",
        "zh": "程序中只有数和数组；# 表示注释的开始",
    },
    "language.hint.call_it": {"en": "call it: {usage}", "zh": "调用它：{usage}"},
    "language.hint.assign_first": {
        "en": "assign a name before using it",
        "zh": "先给名字赋值，再使用它",
    },
    "language.hint.assign_first_example": {
        "en": "assign a name before using it, e.g. x = [1.0, 2.0]",
        "zh": "先给名字赋值再使用，例如 x = [1.0, 2.0]",
    },
    "language.hint.lookalike": {
        "en": (
            "`{name}` looks like `{other}` but has {char} where `{other}` has {other_char}: "
            "did you mean `{other}`?"
        ),
        "zh": (
            "`{name}` 看起来像 `{other}`，但 `{other}` 中的 {other_char} 在这里是 {char}："
            "你是想写 `{other}` 吗？"
        ),
    },
    "language.hint.did_you_mean": {"en": "did you mean `{name}`?", "zh": "你是想写 `{name}` 吗？"},
    "language.hint.did_you_mean_function": {
        "en": "did you mean `{name}`? The functions are {names}",
        "zh": "你是想写 `{name}` 吗？可用的函数有：{names}",
    },
    "language.hint.functions": {"en": "the functions are {names}", "zh": "可用的函数有：{names}"},
    "language.hint.names_so_far": {
        "en": "the names assigned so far are {names}",
        "zh": "目前已赋值的名字有：{names}",
    },
    "language.hint.stack": {
        "en": "to build an array from variables use stack(a, b) or concat(a, b)",
        "zh": "要用变量构造数组，请用 stack(a, b) 或 concat(a, b)",
    },
    "language.hint.same_length": {
        "en": "every row of a list must have the same length",
        "zh": "列表的每一行长度必须相同",
    },
    "language.hint.power": {"en": "for a power write {code}", "zh": "乘方请写 {code}"},
    "language.hint.division": {
        "en": "write a / b (all numbers are floats)",
        "zh": "写成 a / b（所有的数都是浮点数）",
    },
    "language.hint.multiply": {
        "en": "to multiply, write the * sign: {code}",
        "zh": "要相乘，请写出 * 号：{code}",
    },
    "language.hint.no_parentheses": {
        "en": "write {code} without the parentheses",
        "zh": "写成 {code}，不要括号",
    },
    "language.hint.one_axis_at_a_time": {
        "en": "index one axis at a time: a[[0, 2]][:, [1, 3]]",
        "zh": "一次只索引一个轴：a[[0, 2]][:, [1, 3]]",
    },
    "language.hint.reshape": {"en": "use reshape to add an axis", "zh": "用 reshape 来增加一个轴"},
    "language.hint.keywords": {
        "en": "its keywords are {keywords}",
        "zh": "它的关键字参数有：{keywords}",
    },
    "language.hint.no_keywords": {
        "en": "it takes no keywords: {usage}",
        "zh": "它不接受关键字参数：{usage}",
    },
    "language.hint.max_not_relu": {
        "en": (
            "max({first}, {axis}) is not relu: use maximum({first}, {axis}) elementwise, "
            "or max({first}, axis={axis})"
        ),
        "zh": (
            "max({first}, {axis}) 不是 relu：逐元素比较请用 maximum({first}, {axis})，"
            "或者用 max({first}, axis={axis})"
        ),
    },
    "language.hint.min_not_elementwise": {
        "en": (
            "min({first}, {axis}) is not elementwise: use minimum({first}, {axis}) "
            "elementwise, or min({first}, axis={axis})"
        ),
        "zh": (
            "min({first}, {axis}) 不是逐元素运算：逐元素比较请用 minimum({first}, {axis})，"
            "或者用 min({first}, axis={axis})"
        ),
    },
    "language.hint.number_itself": {"en": "write the number itself", "zh": "直接写出这个数"},
    "language.hint.write": {"en": "write {code}", "zh": "写成 {code}"},
    "language.hint.usage": {"en": "{usage}", "zh": "用法：{usage}"},
}
