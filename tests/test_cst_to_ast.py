"""The libcst-to-ast converter: equal to `ast.parse` where both parsers read a file, sound on newer syntax.

The expected trees come from the running interpreter's `ast.parse`, and the
converter copies Python 3.11's, so the module runs on 3.11 only. The stdlib
corpus test reads a fixed sample of /usr/lib/python3.11; set
TEE_AUDIT_FULL_CONVERSION=1 to compare every file there (82 s on a 2-core
machine, against 13 s for the whole module by default).
"""

import ast
import inspect
import os
import sys
import threading
import warnings
from pathlib import Path

import libcst as cst
import pytest

from tee_audit.analyzers.python.cst_to_ast import to_ast

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="the converter reproduces Python 3.11's ast")

NEWEST_GRAMMAR = cst.PartialParserConfig(python_version="3.15")
"""The newest grammar that libcst 1.9 accepts. Its native parser reads newer syntax under any version."""

STDLIB = Path("/usr/lib/python3.11")
FULL_CORPUS = os.environ.get("TEE_AUDIT_FULL_CONVERSION") == "1"

# Files beyond the every-20th sample, each for a corner it exercises.
TRICKY_FILES = [
    "datetime.py",  # format specs in concatenated f-strings
    "test/support/__init__.py",  # a format spec in the second line of a concatenation
    "threading.py",  # format spec `#x` after a call in an f-string
    "typing.py",  # decorators, PEP 604 unions, long class bodies
    "pydoc_data/topics.py",  # hundreds of implicitly concatenated strings, deeper than the default stack
    "shutil.py",  # statements ended by semicolons, with-statements, nested functions
    "asyncio/tasks.py",  # async def, await, async for and with
    "email/_header_value_parser.py",  # string escapes
    "shlex.py",  # non-ASCII characters in string literals
    "inspect.py",  # slices, lambdas and star arguments
    "dataclasses.py",  # f-strings with conversions
    "re/_parser.py",  # byte and raw strings
    "unittest/mock.py",  # keyword-only arguments, defaults, decorators
]

# Files that libcst's parser rejects (`(pars): bool = T` at module level).
KNOWN_REJECTED = {"test/ann_module.py"}

DEEP_STACK_BYTES = 512 * 1024 * 1024
DEEP_RECURSION_LIMIT = 40_000


def _expected_dump(text: str) -> str:
    with warnings.catch_warnings():
        # The snippets and stdlib files hold invalid escapes such as `\q` on purpose.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        return ast.dump(ast.parse(text), include_attributes=True, indent=1)


def _converted_dump(text: str) -> str:
    return ast.dump(to_ast(cst.parse_module(text), text), include_attributes=True, indent=1)


def _on_deep_stack(function, *args):
    """Run `function` on a thread with a large stack, as the analyzer retries a file that nests too deeply."""
    outcome = []

    def work():
        try:
            outcome.append(("value", function(*args)))
        except BaseException as error:  # noqa: BLE001  (handed back to the calling thread)
            outcome.append(("error", error))

    previous_stack = threading.stack_size()
    previous_limit = sys.getrecursionlimit()
    threading.stack_size(DEEP_STACK_BYTES)
    sys.setrecursionlimit(DEEP_RECURSION_LIMIT)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
    finally:
        threading.stack_size(previous_stack)
        sys.setrecursionlimit(previous_limit)
    kind, result = outcome[0]
    if kind == "error":
        raise result
    return result


def _first_difference(expected: str, converted: str) -> str:
    expected_lines = expected.splitlines()
    converted_lines = converted.splitlines()
    for index, (left, right) in enumerate(zip(expected_lines, converted_lines)):
        if left != right:
            context = "\n".join(expected_lines[max(0, index - 6):index])
            return f"dump line {index}: expected {left.strip()!r}, got {right.strip()!r} after\n{context}"
    return f"dumps differ in length: {len(expected_lines)} lines expected, {len(converted_lines)} converted"


def _assert_same_tree(text: str) -> None:
    expected = _expected_dump(text)
    converted = _converted_dump(text)
    assert converted == expected, _first_difference(expected, converted)


def _corpus_files() -> list[Path]:
    files = sorted(STDLIB.rglob("*.py"))
    if FULL_CORPUS:
        return files
    return sorted(set(files[::20]) | {STDLIB / name for name in TRICKY_FILES if (STDLIB / name).is_file()})


@pytest.mark.skipif(not STDLIB.is_dir(), reason="/usr/lib/python3.11 is not installed")
def test_stdlib_corpus_converts_equal(record_property):
    compared = 0
    rejected = set()
    differences = {}
    for path in _corpus_files():
        relative = path.relative_to(STDLIB).as_posix()
        text = path.read_text(encoding="utf-8")
        try:
            expected = _expected_dump(text)
            module = cst.parse_module(text)
        except (SyntaxError, ValueError, cst.ParserSyntaxError):
            rejected.add(relative)
            continue
        try:
            converted = ast.dump(to_ast(module, text), include_attributes=True, indent=1)
        except RecursionError:
            converted = _on_deep_stack(lambda: ast.dump(to_ast(module, text), include_attributes=True, indent=1))
        compared += 1
        if converted != expected:
            differences[relative] = _first_difference(expected, converted)

    record_property("files_compared", compared)
    print(f"compared {compared} stdlib files, parser rejected {sorted(rejected)}")
    assert differences == {}
    assert rejected <= KNOWN_REJECTED
    assert compared >= len(TRICKY_FILES)


STATEMENTS = {
    "assignments": "a = b = 1\na, *b = c\n[a, b] = c\na.b, c[0] = d\nx: int\ny: list[int] = []\n"
                   "a.b: int = 2\nx += 1\nx //= 2\nx @= m\nx **= 2\nx >>= 1\nx <<= 1\nx |= 1\nx &= 1\nx ^= 1\nx %= 2\n",
    "delete": "del a\ndel a, (b), [c]\ndel (a, b)\ndel a.b, a[1:2]\n",
    "control_flow": "if a:\n    pass\nelif b:\n    x = 1\nelif c: y = 2\nelse:\n    z = 3\n"
                    "while x:\n    break\nelse:\n    continue\nfor i in range(3):\n    pass\nelse:\n    pass\n"
                    "for a, (b, c) in d: pass\n",
    "functions": "def f(a, /, b=1, *c, d, e=2, **g) -> int:\n    '''Docstring.'''\n    return a\n"
                 "def g(*, a): return\ndef h(a=1, /, b=2): yield a\ndef k(*args: *Ts): yield from args\n"
                 "async def m():\n    await x\n    async for i in y:\n        pass\n    async with a as b, c:\n        pass\n"
                 "    return [i async for i in y if await i]\n",
    "classes": "@decorator\n@module.decorator(arg, key=1)\nclass C(Base, *bases, metaclass=M, **kw):\n"
               "    '''Docstring.'''\n    x: int = 0\n    def method(self): pass\nclass D: pass\nclass E(): pass\n",
    "try_statements": "try:\n    a\nexcept E as e:\n    b\nexcept (E, F):\n    c\nexcept:\n    d\nelse:\n    e\n"
                      "finally:\n    f\ntry:\n    a\nfinally:\n    b\ntry:\n    a\nexcept* E:\n    b\nexcept* (F, G) as g:\n"
                      "    c\n",
    "with_statements": "with a: pass\nwith a as b, c as (d, e): pass\nwith (a, b): pass\nwith (a as b, c): pass\n"
                       "with (\n    a as b,\n    c as d,\n): pass\nwith (a, b) as c: pass\nwith (yield): pass\n",
    "imports": "import a\nimport a.b.c as d, e\nfrom a import b\nfrom .a import (b as c, d,)\nfrom .. import e\n"
               "from ...a.b import *\nfrom . import f\n",
    "scopes": "def f():\n    global a, b\n    x = 1\n    def g():\n        nonlocal x\n        x += 1\n",
    "raise_assert": "raise\nraise E\nraise E(1) from e\nassert x\nassert x, 'message'\n",
    "semicolons_and_suites": "a = 1; b = 2;\nif a: b; c;\nwhile x: y;  # comment\ndef f(): return 1;\n"
                             "class C: pass;\nfor i in j: k\nelse: l;\n",
    "comments_and_continuations": "x = 1 + \\\n    2  # trailing\n# own line\ny = (1 +  # inside\n     2)\n"
                                  "if a and \\\n   b:\n    pass\nz = [\n    1,  # one\n    2,\n]\n",
    "decorators": "@a\n@a.b\n@a(1)(2)\n@a[0].b\n@(lambda f: f)\n@x := y\ndef f(): pass\n",
    "match_patterns": "match x:\n    case 1 | -2 | 3.5 | -1j | 1 + 2j | 'a' 'b' | b'c' | None | True | False:\n        pass\n"
                      "    case [a, *rest] | (a, b) | [] | () | [*_]:\n        pass\n"
                      "    case {'k': v, 1: w, **rest} | {}:\n        pass\n"
                      "    case Point(x, y=0) | a.b.C() | D(e, f=(g, h)):\n        pass\n"
                      "    case (a as b) | [c as d] | e.f as g:\n        pass\n"
                      "    case x if x > 0:\n        pass\n    case _:\n        pass\n"
                      "match a, b:\n    case c, *d,:\n        pass\nmatch (a):\n    case (1):\n        pass\n",
}

EXPRESSIONS = {
    "operators": "x = -a + +b - ~c * d / e // f % g ** h @ i << j >> k | l & m ^ n\n"
                 "y = not a and b or c and not d\nz = a < b <= c > d >= e == f != g is h is not i in j not in k\n"
                 "w = (a and b) and c\nv = a and (b and c)\nu = a or b or c or d\n",
    "calls_and_attributes": "f()\nf(a, *b, c=1, *d, **e)\nf(x for x in y)\nf((x for x in y))\nf(a)(b).c[d].e\n"
                            "f(a,)\nf(\n    a,\n    b=1,\n)\n",
    "lambdas_and_walrus": "f = lambda: 0\ng = lambda a, /, b=2, *c, d=1, **e: a\nh = lambda *, a: a\n"
                          "if (n := len(a)) > 1: pass\n[y for x in z if (y := f(x))]\nprint(w := 1)\n",
    "displays": "a = ()\nb = (1,)\nc = 1, 2,\nd = [1, *e, 2]\nf = {1, *g}\nh = {'a': 1, **i, 'b': 2}\n"
                "j = {}\nk = ((1, 2))\nl = (\n    1,\n    2\n,)\nm = [*a] = b\n",
    "comprehensions": "a = [x for x in y if x if not x]\nb = {x for x in y for z in x}\nc = {k: v for k, v in d}\n"
                      "e = (x async for x in y)\nf = [(a, b) for a in c for b in d if b]\ng = [[x for x in y] for y in z]\n",
    "slices": "a[1]\na[1:2]\na[:]\na[::]\na[1:]\na[:2]\na[::3]\na[1:2:3]\na[1,]\na[1:2, ::3]\na[1, 2]\n"
              "a[*b]\na[*b, c]\na[(1), 2]\na[ 1 : 2 ]\na[b:=1]\n",
    "starred": "a, *b = c\n*a, b = c\nprint(*a, *b)\n[*a, *b]\nfor *a, b in c: pass\n",
    "yield_await_if": "def f():\n    x = yield\n    y = yield 1\n    z = yield from g\n    w = (yield)\n"
                      "async def g():\n    return await (await h)\nv = a if b else c if d else e\n",
    "constants": "a = 1\nb = 1_000\nc = 0x1F\nd = 0o17\ne = 0b101\nf = 1.5\ng = 1e10\nh = 1.5j\ni = 10J\n"
                 "j = ...\nk = None\nl = True\nm = False\nn = __debug__\n",
    "parenthesized": "x = (a)\n(b)\ny = ((a + b) * c)\nz = (\n    a\n    + b\n)\nw = (yield_)\nv = ((a.b).c)\n",
}

STRINGS = {
    "prefixes": "a = 'x'\nb = \"x\"\nc = u'x'\nd = U'x'\ne = r'\\x'\nf = R'\\x'\ng = b'x'\nh = B'x'\n"
                "i = br'\\x'\nj = Rb'\\x'\nk = rB'\\x'\nl = '''x'''\nm = \"\"\"x\ny\"\"\"\n",
    "escapes": "a = '\\n\\t\\r\\\\\\'\\\"\\a\\b\\f\\v\\0\\x41\\101\\u00e9\\U0001F600\\N{BULLET}'\n"
               "b = b'\\n\\x00\\xff\\101'\nc = '\\q'\nd = 'line\\\ncontinued'\n",
    "concatenation": "a = 'a' 'b'\nb = u'a' 'b'\nc = 'a' u'b'\nd = b'a' b'b'\ne = ('a'\n     'b'\n     'c')\n"
                     "f = f'{x}' 'y'\ng = 'x' f'{y}'\nh = u'a' f'{x}b'\ni = '' f''\nj = f'' ''\n",
    "fstrings": "a = f'{x}'\nb = f'{x!r} {y!s} {z!a}'\nc = f'{x:>10}'\nd = f'{x:{w}.{p}}'\ne = f'{x=}'\n"
                "f = f'{ x = }'\ng = f'{x=!s:>3}'\nh = f'{{}} {{x}}'\ni = rf'\\n{x}'\nj = f'\\N{BULLET} {x}'\n"
                "k = f'{x}\\\\{y}'\nl = f'''\n{x}\n  {y + 1}'''\nm = f'{3,}'\nn = f'{a for a in b}'\n"
                "o = f'{x:}'\np = f'{x!r:}'\nq = f'{(3,)}'\nr = f'''{\n3,}'''\ns = f'{a}{a}'\n",
    "fstrings_concatenated": "a = (f'a{x!r:>{w}}b'\n     'c'\n     f'.{y:06d}')\nb = 'c' f'a{x:>}b' 'd'\n"
                             "c = 'c' f'a{x:{w}>}b'\n",
    "non_ascii": "é = 'é'\nnaïve = f'{é} ünïcode {naïve!r:>{ℓ}}'\n日本 = '日本語' + 日本\nx = 'é'; y = 'ß'\n"
                 "ﬁle = 1\nclass Ωmega: pass\ndef ƒ(α, β=1): return α\nz = {'ключ': значение}\n"
                 "s = '😀' + f'{\"😀\"}' if False else 0\n",
}


@pytest.mark.parametrize("source", STATEMENTS.values(), ids=STATEMENTS.keys())
def test_statement_snippet_converts_equal(source):
    _assert_same_tree(source)


@pytest.mark.parametrize("source", EXPRESSIONS.values(), ids=EXPRESSIONS.keys())
def test_expression_snippet_converts_equal(source):
    _assert_same_tree(source)


@pytest.mark.parametrize("source", STRINGS.values(), ids=STRINGS.keys())
def test_string_snippet_converts_equal(source):
    _assert_same_tree(source)


def test_crlf_and_byte_order_mark_convert_equal():
    text = "x = 'é'\r\ny = f'{x}'\r\nif x:\r\n    z = 1\r\n"
    _assert_same_tree(text)
    converted = to_ast(cst.parse_module("\ufeff" + text), "\ufeff" + text)
    assert ast.dump(converted, include_attributes=True) == ast.dump(ast.parse(text), include_attributes=True)


def test_empty_module_converts_equal():
    _assert_same_tree("")
    _assert_same_tree("# only a comment\n")


def _convert_new_syntax(text: str) -> ast.Module:
    tree = to_ast(cst.parse_module(text, config=NEWEST_GRAMMAR), text)
    compile(tree, "<converted>", "exec")
    return tree


def _span(node: ast.AST) -> tuple[int, int, int, int]:
    return node.lineno, node.col_offset, node.end_lineno, node.end_col_offset


def _nodes(tree: ast.AST, kind: type) -> list:
    return [node for node in ast.walk(tree) if isinstance(node, kind)]


def test_type_alias_becomes_assignment():
    tree = _convert_new_syntax("type Pair[T] = tuple[T, T]\n")
    statement = tree.body[0]
    assert isinstance(statement, ast.Assign)
    assert _span(statement) == (1, 0, 1, 26)
    assert statement.targets[0].id == "Pair"
    assert isinstance(statement.targets[0].ctx, ast.Store)
    assert _span(statement.targets[0]) == (1, 5, 1, 9)
    assert _span(statement.value) == (1, 15, 1, 26)


def test_generic_function_keeps_body_positions():
    tree = _convert_new_syntax("def first[T: int, *Ts, **P](items: list[T]) -> T:\n    return pick(items)\n")
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    assert [argument.arg for argument in function.args.args] == ["items"]
    assert _span(function) == (1, 0, 2, 22)
    call = _nodes(tree, ast.Call)[0]
    assert call.func.id == "pick"
    assert _span(call) == (2, 11, 2, 22)
    assert _span(call.args[0]) == (2, 16, 2, 21)


def test_generic_class_drops_type_parameters():
    tree = _convert_new_syntax("class Box[T](Base, metaclass=Meta):\n    item: T\n")
    cls = tree.body[0]
    assert isinstance(cls, ast.ClassDef)
    assert [base.id for base in cls.bases] == ["Base"]
    assert [keyword.arg for keyword in cls.keywords] == ["metaclass"]
    assert _span(cls) == (1, 0, 2, 11)


def test_fstring_reused_quotes_keep_call_position():
    tree = _convert_new_syntax('message = f"{load(d["key"])!r:>{width}}"\n')
    joined = tree.body[0].value
    assert isinstance(joined, ast.JoinedStr)
    formatted = joined.values[0]
    assert formatted.conversion == ord("r")
    call = formatted.value
    assert call.func.id == "load"
    assert _span(call) == (1, 13, 1, 27)
    assert _span(call.args[0].slice) == (1, 20, 1, 25)
    assert call.args[0].slice.value == "key"
    spec = formatted.format_spec
    assert [type(part).__name__ for part in spec.values] == ["Constant", "FormattedValue"]
    assert spec.values[1].value.id == "width"
    assert _span(joined) == (1, 10, 1, 40)


def test_fstring_backslash_and_comment_in_field():
    text = 'joined = f"{"\\n".join(lines)}"\nshown = f"{value  # the value\n}"\n'
    tree = _convert_new_syntax(text)
    join_call = tree.body[0].value.values[0].value
    assert join_call.func.value.value == "\n"
    assert _span(join_call) == (1, 12, 1, 28)
    field_value = tree.body[1].value.values[0].value
    assert field_value.id == "value"
    assert _span(field_value) == (2, 11, 2, 16)


def test_fstring_multiline_field_in_single_quotes():
    tree = _convert_new_syntax('total = f"{first +\n    second}"\n')
    addition = tree.body[0].value.values[0].value
    assert isinstance(addition, ast.BinOp)
    assert _span(addition) == (1, 11, 2, 10)
    assert _span(tree.body[0]) == (1, 0, 2, 12)


def test_fstring_deep_nesting():
    tree = _convert_new_syntax('nested = f"{f"{f"{f"{deep()}"}"}"}"\n')
    joined = tree.body[0].value
    depth = 0
    node = joined
    while isinstance(node, ast.JoinedStr):
        node = node.values[0].value
        depth += 1
    assert depth == 4
    assert node.func.id == "deep"
    assert _span(node) == (1, 21, 1, 27)


def test_fstring_debug_text_keeps_source_spelling():
    tree = _convert_new_syntax('shown = f"{ d["k"] = }"\n')
    text, value = tree.body[0].value.values
    assert text.value == ' d["k"] = '
    assert value.conversion == ord("r")


def test_except_without_brackets_catches_tuple():
    tree = _convert_new_syntax("try:\n    run()\nexcept ValueError, TypeError:\n    recover()\n")
    handler = tree.body[0].handlers[0]
    assert isinstance(handler.type, ast.Tuple)
    assert [element.id for element in handler.type.elts] == ["ValueError", "TypeError"]
    assert _span(handler.type) == (3, 7, 3, 28)
    assert _span(handler) == (3, 0, 4, 13)


def test_except_star_without_brackets_catches_tuple():
    tree = _convert_new_syntax("try:\n    run()\nexcept* ValueError, TypeError:\n    recover()\n")
    assert isinstance(tree.body[0], ast.TryStar)
    assert [element.id for element in tree.body[0].handlers[0].type.elts] == ["ValueError", "TypeError"]


def test_template_string_becomes_joined_string():
    tree = _convert_new_syntax('greeting = t"hello {name!r:>10} and {other}"\n')
    joined = tree.body[0].value
    assert isinstance(joined, ast.JoinedStr)
    assert [type(part).__name__ for part in joined.values] == ["Constant", "FormattedValue", "Constant",
                                                                "FormattedValue"]
    assert joined.values[0].value == "hello "
    assert joined.values[1].value.id == "name"
    assert _span(joined.values[1].value) == (1, 20, 1, 24)
    assert _span(joined) == (1, 11, 1, 44)


def test_lazy_imports_become_imports():
    tree = _convert_new_syntax("lazy import json.decoder as decoder\nlazy from os import path\n")
    first, second = tree.body
    assert isinstance(first, ast.Import)
    assert (first.names[0].name, first.names[0].asname) == ("json.decoder", "decoder")
    assert _span(first.names[0]) == (1, 12, 1, 35)
    assert isinstance(second, ast.ImportFrom)
    assert (second.module, second.names[0].name) == ("os", "path")


def test_unpacking_comprehensions_keep_operands():
    text = "flat = [*row for row in rows]\nmerged = {**part for part in parts}\n"
    tree = to_ast(cst.parse_module(text, config=NEWEST_GRAMMAR), text)
    flat = tree.body[0].value
    assert isinstance(flat.elt, ast.Starred)
    assert flat.elt.value.id == "row"
    merged = tree.body[1].value
    assert merged.key.id == "part"
    assert merged.value is None


def test_new_syntax_counts_columns_in_bytes():
    tree = _convert_new_syntax('type Ä = str\nlabel = f"{"é"}{größe(x)}"\n')
    assert _span(tree.body[0].targets[0]) == (1, 5, 1, 7)
    call = _nodes(tree, ast.Call)[0]
    assert call.func.id == "größe"
    # `é` before the call and `ö`, `ß` inside it take two bytes each.
    assert _span(call) == (2, 17, 2, 27)


def test_new_syntax_file_converts_old_parts_equal():
    older_source = "import os\n\ndef read(path):\n    with open(path) as handle:\n        return handle.read()\n"
    tree = _convert_new_syntax(older_source + "type Alias = int\n")
    assert ast.dump(ast.Module(body=tree.body[:2], type_ignores=[]), include_attributes=True) == \
        ast.dump(ast.parse(older_source), include_attributes=True)


def test_unknown_character_name_in_string_raises_value_error():
    text = 'x = 1\ny = "\\N{NO SUCH CHARACTER NAME}"\n'
    with pytest.raises(ValueError, match="invalid literal on line 2"):
        to_ast(cst.parse_module(text), text)


def test_integer_beyond_digit_limit_raises_value_error():
    text = "x = " + "1" * 5000 + "\n"
    with pytest.raises(ValueError, match="invalid literal on line 1: Exceeds the limit"):
        to_ast(cst.parse_module(text), text)


def test_unknown_character_name_in_fstring_raises_value_error():
    text = 'x = f"{y}\\N{NO SUCH CHARACTER NAME}"\n'
    with pytest.raises(ValueError, match="invalid escape in f-string on line 1"):
        to_ast(cst.parse_module(text), text)


def test_deep_nesting_raises_recursion_error():
    text = "x = " + "[" * 150 + "]" * 150 + "\n"
    module = cst.parse_module(text)
    previous_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 150)
    try:
        with pytest.raises(RecursionError):
            to_ast(module, text)
    finally:
        sys.setrecursionlimit(previous_limit)
    assert _on_deep_stack(lambda: ast.dump(to_ast(module, text), include_attributes=True)) == \
        ast.dump(ast.parse(text), include_attributes=True)
