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
