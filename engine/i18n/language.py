"""The program language's words (engine/language/): its errors, hints and warnings.

Every message the language raises is ``Message("language.…", …)``; a phrase that
fills another message (what an argument is, what a refused construct is called) is a
Message too, worded in the same language. Python's own syntax errors are keyed where
the language knows them (``language.python.*``, in Python's words in English); any
other keeps Python's words (``language.python_says``).
"""

TEXT: dict[str, dict[str, str]] = {
    # -- how a problem is shown: its place, its hint (engine/language/errors.py) --------------
    "language.located": {
        "en": "line {line}, col {col}: {message}",
        "zh": "第 {line} 行，第 {col} 列：{message}",
    },
    "language.hint": {"en": "hint: {hint}", "zh": "提示：{hint}"},
    # -- warnings: a program that runs but may not mean what it seems (lookalikes.py) --------
    "language.warning.lookalike": {
        "en": (
            "`{name}` looks like `{other}` (line {line}) but is a different name: it has "
            "{char} where `{other}` has {other_char}"
        ),
        "zh": (
            "`{name}` 看起来像 `{other}`（第 {line} 行），但它是另一个名字："
            "`{other}` 中的 {other_char}，在这里是 {char}"
        ),
    },
    "language.warning.lookalike_builtin": {
        "en": (
            "`{name}` looks like `{other}` but is a different name: it has {char} where "
            "`{other}` has {other_char}"
        ),
        "zh": (
            "`{name}` 看起来像 `{other}`，但它是另一个名字：`{other}` 中的 {other_char}，"
            "在这里是 {char}"
        ),
    },
    # -- the program as a whole (program.py, source.py, limits.py) ----------------------------
    "language.program.too_long": {
        "en": "the program has {n:,} characters, more than the limit of {limit:,}",
        "zh": "程序有 {n:,} 个字符，超过了 {limit:,} 个的上限",
    },
    "language.program.empty": {"en": "the program is empty", "zh": "程序是空的"},
    "language.program.out_of_memory": {
        "en": "the program needs more memory than is available",
        "zh": "程序需要的内存超过了可用的内存",
    },
    "language.program.too_deep_for_python": {
        "en": "this expression is nested more deeply than Python can read",
        "zh": "这个表达式嵌套得太深，Python 无法读取",
    },
    "language.program.too_deep": {
        "en": "this expression is nested too deeply (the limit is {limit} levels)",
        "zh": "这个表达式嵌套得太深（上限是 {limit} 层）",
    },
    "language.program.surrogate": {
        "en": "the program contains an invalid character (a lone surrogate)",
        "zh": "程序中有一个无效字符（单独的代理项）",
    },
    "language.program.null": {
        "en": "the program contains a null character",
        "zh": "程序中有一个空字符（NUL）",
    },
    "language.program.uneven_indent": {
        "en": "this statement is not indented like the first one",
        "zh": "这条语句的缩进与第一条语句不同",
    },
    "language.program.long_integer": {
        "en": "this integer has {count}, more than the {limit:,} Python reads",
        "zh": "这个整数有{count}，超过了 Python 能读取的 {limit:,} 位",
    },
    "language.program.digits": {"en": "{n:,} digits", "zh": " {n:,} 位数字"},
    "language.program.too_many_digits": {"en": "too many digits", "zh": "太多位数字"},
    # -- Python's own syntax errors, in Python's words (source.py) ------------------------------
    "language.python_says": {"en": "{message}", "zh": "Python 无法读取这里：{message}"},
    "language.python.invalid_syntax": {"en": "invalid syntax", "zh": "无效的语法"},
    "language.python.comma": {
        "en": "invalid syntax. Perhaps you forgot a comma?",
        "zh": "无效的语法。是不是少了一个逗号？",
    },
    "language.python.equals": {
        "en": "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
        "zh": "无效的语法。是不是想写 '==' 或 ':='，而不是 '='？",
    },
    "language.python.never_closed": {"en": "'{p}' was never closed", "zh": "'{p}' 没有闭合"},
    "language.python.unmatched": {"en": "unmatched '{p}'", "zh": "'{p}' 没有与之配对的左括号"},
    "language.python.mismatched": {
        "en": "closing parenthesis '{a}' does not match opening parenthesis '{b}'",
        "zh": "右括号 '{a}' 与左括号 '{b}' 不配对",
    },
    "language.python.mismatched_line": {
        "en": "closing parenthesis '{a}' does not match opening parenthesis '{b}' on line {line}",
        "zh": "右括号 '{a}' 与第 {line} 行的左括号 '{b}' 不配对",
    },
    "language.python.expected": {"en": "expected '{token}'", "zh": "这里应该有 '{token}'"},
    "language.python.expected_else": {
        "en": "expected 'else' after 'if' expression",
        "zh": "'if' 表达式后面应该有 'else'",
    },
    "language.python.invalid_decimal": {"en": "invalid decimal literal", "zh": "无效的十进制数"},
    "language.python.invalid_hexadecimal": {
        "en": "invalid hexadecimal literal",
        "zh": "无效的十六进制数",
    },
    "language.python.invalid_octal": {"en": "invalid octal literal", "zh": "无效的八进制数"},
    "language.python.invalid_binary": {"en": "invalid binary literal", "zh": "无效的二进制数"},
    "language.python.invalid_digit": {
        "en": "invalid digit '{digit}' in {base} literal",
        "zh": "{base}数中有无效的数字 '{digit}'",
    },
    "language.python.octal": {"en": "octal", "zh": "八进制"},
    "language.python.binary": {"en": "binary", "zh": "二进制"},
    "language.python.indented_block": {
        "en": "expected an indented block after '{keyword}' statement on line {line}",
        "zh": "第 {line} 行的 '{keyword}' 语句后面应该有一个缩进的代码块",
    },
    "language.python.invalid_character": {
        "en": "invalid character '{ch}' (U+{code})",
        "zh": "无效字符 '{ch}'（U+{code}）",
    },
    "language.python.non_printable": {
        "en": "invalid non-printable character U+{code}",
        "zh": "无效的不可打印字符 U+{code}",
    },
    "language.python.leading_zeros": {
        "en": (
            "leading zeros in decimal integer literals are not permitted; "
            "use an 0o prefix for octal integers"
        ),
        "zh": "十进制整数不能以 0 开头；八进制整数请用 0o 前缀",
    },
    "language.python.unexpected_indent": {"en": "unexpected indent", "zh": "意外的缩进"},
    "language.python.unindent": {
        "en": "unindent does not match any outer indentation level",
        "zh": "取消缩进后与外层的任何缩进都对不齐",
    },
    "language.python.annotation_target": {
        "en": "illegal target for annotation",
        "zh": "注解的目标不合法",
    },
    "language.python.unterminated_string": {
        "en": "unterminated string literal (detected at line {line})",
        "zh": "字符串没有结束（在第 {line} 行发现）",
    },
    "language.python.unterminated_triple": {
        "en": "unterminated triple-quoted string literal (detected at line {line})",
        "zh": "三引号字符串没有结束（在第 {line} 行发现）",
    },
    "language.python.continuation": {
        "en": "unexpected character after line continuation character",
        "zh": "续行符后面有意外的字符",
    },
    "language.python.positional_after_keyword": {
        "en": "positional argument follows keyword argument",
        "zh": "位置参数出现在关键字参数之后",
    },
    "language.python.assignment_in_expression": {
        "en": 'expression cannot contain assignment, perhaps you meant "=="?',
        "zh": '表达式中不能包含赋值，是不是想写 "=="？',
    },
    # -- statements and names (evaluate.py) ---------------------------------------------------
    "language.augmented": {
        "en": "augmented assignment {op}= is not supported",
        "zh": "不支持增强赋值 {op}=",
    },
    "language.chained": {
        "en": "chained assignment (a = b = ...) is not supported",
        "zh": "不支持链式赋值（a = b = ...）",
    },
    "language.unpacking": {"en": "unpacking is not supported", "zh": "不支持解包赋值"},
    "language.assign_part": {
        "en": "assigning to part of an array is not supported",
        "zh": "不支持给数组的一部分赋值",
    },
    "language.assign_attribute": {
        "en": "assigning to an attribute is not supported",
        "zh": "不支持给属性赋值",
    },
    "language.assign_function": {
        "en": "`{name}` is a function and cannot be assigned",
        "zh": "`{name}` 是一个函数，不能被赋值",
    },
    "language.assigned_twice": {
        "en": "`{name}` is already assigned on line {line}",
        "zh": "`{name}` 已经在第 {line} 行赋值过了",
    },
    "language.assign_out": {
        "en": "`out` is the name of the bare last expression, so it cannot also be assigned",
        "zh": "`out` 是最后那个单独表达式的名字，所以不能再给它赋值",
    },
    "language.bare_expression": {
        "en": "a bare expression is only allowed as the last statement",
        "zh": "单独的表达式只能作为最后一条语句",
    },
    "language.function_not_value": {
        "en": "`{name}` is a function, not a value",
        "zh": "`{name}` 是一个函数，不是一个值",
    },
    "language.used_before_assigned": {
        "en": "`{name}` is used before it is assigned (on line {line})",
        "zh": "`{name}` 在赋值（第 {line} 行）之前就被使用了",
    },
    "language.unknown_name": {"en": "unknown name `{name}`", "zh": "未知的名字 `{name}`"},
    "language.variable_not_function": {
        "en": "`{name}` is a variable, not a function",
        "zh": "`{name}` 是一个变量，不是函数",
    },
    "language.constant_not_function": {
        "en": "`{name}` is a constant, not a function",
        "zh": "`{name}` 是一个常量，不是函数",
    },
    "language.unknown_function": {
        "en": "unknown function `{name}`",
        "zh": "未知的函数 `{name}`",
    },
    # -- values and expressions (evaluate.py) -------------------------------------------------
    "language.boolean": {
        "en": "True and False are only allowed as the value of keepdims",
        "zh": "True 和 False 只能用作 keepdims 的值",
    },
    "language.none": {"en": "None is not supported", "zh": "不支持 None"},
    "language.ellipsis": {
        "en": "... is only allowed inside an index, like a[..., 0]",
        "zh": "... 只能出现在索引中，例如 a[..., 0]",
    },
    "language.complex": {"en": "complex numbers are not supported", "zh": "不支持复数"},
    "language.string": {"en": "strings are not supported", "zh": "不支持字符串"},
    "language.list_of_variables": {
        "en": "a list can only hold numbers and constants, not values of variables",
        "zh": "列表中只能放数和常量，不能放变量的值",
    },
    "language.ragged": {
        "en": "ragged list: this item has shape {a} but the first has shape {b}",
        "zh": "参差不齐的列表：这一项的形状是 {a}，而第一项的形状是 {b}",
    },
    "language.operator": {
        "en": "the operator {op} is not supported",
        "zh": "不支持运算符 {op}",
    },
    "language.attribute": {
        "en": "attribute .{attr} is not supported: only .T",
        "zh": "不支持属性 .{attr}：只支持 .T",
    },
    "language.call_T": {"en": ".T is not a function", "zh": ".T 不是函数"},
    "language.call_by_name": {
        "en": "only a function can be called, by its name, like exp(x)",
        "zh": "只有函数可以调用，而且要用它的名字调用，例如 exp(x)",
    },
    "language.starred_argument": {
        "en": "starred arguments (*a) are not supported",
        "zh": "不支持星号参数（*a）",
    },
    "language.double_starred": {
        "en": "{code} arguments are not supported",
        "zh": "不支持 {code} 参数",
    },
    "language.unsupported": {"en": "{what} is not supported", "zh": "不支持{what}"},
    "language.f_string": {"en": "an f-string is not supported", "zh": "不支持 f-string"},
    # what a refused construct is called (REFUSED in table.py)
    "language.construct.keyword": {"en": "{keyword}", "zh": " {keyword}"},
    "language.construct.node": {"en": "{node}", "zh": " {node}"},
    "language.construct.annotation": {"en": "an annotation", "zh": "类型注解"},
    "language.construct.for": {"en": "a for loop", "zh": " for 循环"},
    "language.construct.while": {"en": "a while loop", "zh": " while 循环"},
    "language.construct.if": {"en": "an if statement", "zh": " if 语句"},
    "language.construct.walrus": {"en": "the walrus operator :=", "zh": "海象运算符 :="},
    "language.construct.conditional": {
        "en": "a conditional expression (a if c else b)",
        "zh": "条件表达式（a if c else b）",
    },
    "language.construct.dict": {"en": "a dictionary", "zh": "字典"},
    "language.construct.set": {"en": "a set", "zh": "集合"},
    "language.construct.list_comprehension": {"en": "a list comprehension", "zh": "列表推导式"},
    "language.construct.set_comprehension": {"en": "a set comprehension", "zh": "集合推导式"},
    "language.construct.dict_comprehension": {
        "en": "a dictionary comprehension",
        "zh": "字典推导式",
    },
    "language.construct.generator": {"en": "a generator expression", "zh": "生成器表达式"},
    "language.construct.comparison": {"en": "a comparison", "zh": "比较运算"},
    "language.construct.starred": {"en": "a starred expression (*a)", "zh": "星号表达式（*a）"},
    "language.construct.tuple": {"en": "a tuple", "zh": "元组"},
    "language.construct.slice": {"en": "a slice outside an index", "zh": "索引之外的切片"},
    # -- indexing (evaluate.py) ---------------------------------------------------------------
    "language.index.two_lists": {
        "en": "only one integer list is allowed in an index",
        "zh": "一个索引中只能有一个整数列表",
    },
    "language.index.two_ellipses": {
        "en": "an index may contain at most one ...",
        "zh": "一个索引中最多只能有一个 ...",
    },
    "language.index.zero_step": {"en": "a slice step cannot be 0", "zh": "切片的步长不能是 0"},
    "language.index.none": {
        "en": "None (a new axis) is not supported in an index",
        "zh": "索引中不支持 None（新轴）",
    },
    "language.index.array": {
        "en": "an index must be an integer or a flat list, not an array of shape {shape}",
        "zh": "索引必须是整数或一维列表，不能是形状为 {shape} 的数组",
    },
    # -- functions and their arguments (table.py, arguments.py) -------------------------------
    "language.dot_axes": {
        "en": "dot takes arrays of at most 2 axes, not shapes {a} and {b}",
        "zh": "dot 只接受最多 2 个轴的数组，而这里的形状是 {a} 和 {b}",
    },
    "language.empty_reduction": {
        "en": "{name} of an array with no elements (shape {shape}) is undefined",
        "zh": "对没有元素的数组（形状 {shape}）求 {name} 没有定义",
    },
    "language.axes_list": {
        "en": "axes must be a list of integers",
        "zh": "axes 必须是整数列表",
    },
    "language.join_number": {
        "en": "{name} joins arrays, and {number} is a number: an axis is given by keyword",
        "zh": "{name} 连接的是数组，而 {number} 是一个数：轴要用关键字参数给出",
    },
    "language.join_count": {
        "en": "{name} joins two or more arrays, but got {n}",
        "zh": "{name} 连接两个或更多数组，但只得到了 {n} 个",
    },
    "language.labels_variable": {
        "en": (
            "the labels of cross_entropy must be constant class indices, "
            "not values computed from variables"
        ),
        "zh": "cross_entropy 的标签必须是常量类别索引，不能是由变量算出的值",
    },
    "language.labels_integer": {
        "en": "class labels must be integers, not {value}",
        "zh": "类别标签必须是整数，不能是 {value}",
    },
    "language.label_range": {
        "en": "label {label} is out of range for {n} classes (0 to {high})",
        "zh": "标签 {label} 超出了 {n} 个类别的范围（0 到 {high}）",
    },
    "language.full_value": {"en": "full needs value=", "zh": "full 需要 value="},
    "language.eye_negative": {
        "en": "the size of eye cannot be negative, not {n}",
        "zh": "eye 的大小不能是负数，这里是 {n}",
    },
    "language.arange_step": {
        "en": "the step of arange cannot be 0",
        "zh": "arange 的步长不能是 0",
    },
    "language.arange_infinite": {
        "en": "arange(...) would have infinitely many elements",
        "zh": "arange(...) 会有无穷多个元素",
    },
    "language.num_negative": {
        "en": "num cannot be negative, not {n}",
        "zh": "num 不能是负数，这里是 {n}",
    },
    "language.seed_negative": {
        "en": "the seed cannot be negative, not {n}",
        "zh": "种子不能是负数，这里是 {n}",
    },
    "language.shape_negative": {
        "en": "a shape entry cannot be negative, not {n}",
        "zh": "形状的分量不能是负数，这里是 {n}",
    },
    "language.no_keyword": {
        "en": "{name} has no keyword `{keyword}`",
        "zh": "{name} 没有关键字参数 `{keyword}`",
    },
    "language.too_few": {
        "en": "{name} needs {what}, but got {n} arguments",
        "zh": "{name} 需要{what}，但得到了 {n} 个参数",
    },
    "language.too_many": {
        "en": "{name} takes {what}, but got {n} arguments",
        "zh": "{name} 接受{what}，但得到了 {n} 个参数",
    },
    "language.keyword_only": {
        "en": "{name} takes its {keyword} only as a keyword",
        "zh": "{name} 的 {keyword} 只能用关键字参数给出",
    },
    "language.not_constant": {
        "en": "{what} must be a constant, not the variable `{name}`",
        "zh": "{what}必须是常量，不能是变量 `{name}`",
    },
    "language.not_one_integer": {
        "en": "{what} must be one integer, not an array of shape {shape}",
        "zh": "{what}必须是一个整数，不能是形状为 {shape} 的数组",
    },
    "language.not_integer": {
        "en": "{what} must be an integer, not {value}",
        "zh": "{what}必须是整数，不能是 {value}",
    },
    "language.not_finite": {
        "en": "{what} must be one finite number, not {shown}",
        "zh": "{what}必须是一个有限的数，不能是{shown}",
    },
    "language.shown.array": {"en": "an array of shape {shape}", "zh": "形状为 {shape} 的数组"},
    "language.shown.number": {"en": "{value}", "zh": " {value}"},
    "language.not_boolean": {
        "en": "{what} must be True or False",
        "zh": "{what}必须是 True 或 False",
    },
    # the arguments named in these messages
    "language.what.one_array": {"en": "one array", "zh": "一个数组"},
    "language.what.two_arrays": {"en": "two arrays", "zh": "两个数组"},
    "language.what.array_and_shape": {"en": "an array and a shape", "zh": "一个数组和一个形状"},
    "language.what.arrays": {"en": "two or more arrays", "zh": "两个或更多数组"},
    "language.what.logits_and_labels": {"en": "logits and labels", "zh": " logits 和标签"},
    "language.what.sizes": {"en": "one or two sizes", "zh": "一个或两个大小"},
    "language.what.numbers": {"en": "one to three numbers", "zh": "一到三个数"},
    "language.what.start_stop_count": {
        "en": "a start, a stop and a count",
        "zh": "起点、终点和个数",
    },
    "language.what.the_axis": {"en": "the axis", "zh": "轴"},
    "language.what.an_axis": {"en": "an axis", "zh": "轴"},
    "language.what.index": {"en": "an index", "zh": "索引"},
    "language.what.slice_bound": {"en": "a slice bound", "zh": "切片的边界"},
    "language.what.shape_entry": {"en": "a shape entry", "zh": "形状的分量"},
    "language.what.arange_bound": {"en": "a bound of arange", "zh": "arange 的边界"},
    "language.what.linspace_start": {"en": "the start of linspace", "zh": "linspace 的起点"},
    "language.what.linspace_stop": {"en": "the stop of linspace", "zh": "linspace 的终点"},
    "language.what.eye_size": {"en": "the size of eye", "zh": "eye 的大小"},
    "language.what.seed": {"en": "the seed", "zh": "种子"},
    "language.what.keyword": {"en": "{keyword}", "zh": "{keyword} "},
    "language.what.list": {"en": "this list", "zh": "这个列表"},
    "language.what.call": {"en": "{name}(...)", "zh": "{name}(...) "},
    # a function's usage with two forms
    "language.usage.either": {"en": "{one} or {two}", "zh": "{one} 或 {two}"},
    # -- limits (limits.py, arguments.py, evaluate.py, program.py) ----------------------------
    "language.limit.out_of_time": {
        "en": "the program took more than {seconds:g} seconds to run and was stopped here",
        "zh": "程序运行超过了 {seconds:g} 秒，在这里被停下",
    },
    "language.limit.out_of_time_backward": {
        "en": "the backward pass took more than {seconds:g} seconds to run and was stopped here",
        "zh": "反向传播运行超过了 {seconds:g} 秒，在这里被停下",
    },
    "language.limit.ops": {
        "en": "the graph would have more than {limit:,} operation nodes",
        "zh": "计算图将有超过 {limit:,} 个运算节点",
    },
    "language.limit.no_elements": {
        "en": (
            "{what} would have no elements {shape}, but its other axes multiply to {n:,}, "
            "more than the limit of {limit:,}"
        ),
        "zh": (
            "{what}的形状 {shape} 没有元素，但其余各轴的长度之积为 {n:,}，超过了 {limit:,} 个的上限"
        ),
    },
    "language.limit.elements": {
        "en": "{what} would have {n:,} elements, more than the limit of {limit:,}",
        "zh": "{what}将有 {n:,} 个元素，超过了 {limit:,} 个的上限",
    },
    "language.limit.pass_elements": {
        "en": (
            "the backward pass would keep {n:,} elements by here, more than the limit of {limit:,}"
        ),
        "zh": "到这里为止，反向传播将保存 {n:,} 个元素，超过了 {limit:,} 个的上限",
    },
}
