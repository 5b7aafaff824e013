"""Convert a libcst module into the `ast.Module` that CPython 3.11's parser builds.

The Python analyzer works on `ast` trees, but the interpreter's `ast.parse`
rejects syntax newer than its own version (PEP 695 type parameters and
`type` statements, PEP 701 f-strings, `except A, B:`, template strings,
lazy imports). libcst's native parser reads all of them, so such a file is
parsed with libcst and converted here into nodes of the running `ast`
module.

For source that both parsers accept, the result is equal to `ast.parse`
including every position (`ast.dump(..., include_attributes=True)` matches).
Newer constructs become the nearest older node that keeps the data flow:
`type X = v` is `X = v`, type parameters are dropped, `except A, B:` catches
a tuple, and a template string is a `JoinedStr`.

Positions come from libcst's `PositionProvider`, whose columns count
characters. `ast` counts UTF-8 bytes, so every column is converted. String
literals, whose positions follow their own rules, are converted in
`cst_strings`.
"""

from __future__ import annotations

import ast
import unicodedata
import warnings
from collections.abc import Callable, Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from tee_audit.analyzers.python.cst_strings import NEWLINE, StringConverter

Position = tuple[int, int]
"""A 1-based line and a 0-based UTF-8 byte column, as `ast` counts them."""

LOAD = ast.Load()
STORE = ast.Store()
DELETE = ast.Del()

_UNARY_OPERATORS: dict[type[cst.CSTNode], type[ast.unaryop]] = {
    cst.Plus: ast.UAdd, cst.Minus: ast.USub, cst.BitInvert: ast.Invert, cst.Not: ast.Not,
}
_BINARY_OPERATORS: dict[type[cst.CSTNode], type[ast.operator]] = {
    cst.Add: ast.Add, cst.Subtract: ast.Sub, cst.Multiply: ast.Mult, cst.Divide: ast.Div,
    cst.FloorDivide: ast.FloorDiv, cst.Modulo: ast.Mod, cst.Power: ast.Pow, cst.LeftShift: ast.LShift,
    cst.RightShift: ast.RShift, cst.BitOr: ast.BitOr, cst.BitAnd: ast.BitAnd, cst.BitXor: ast.BitXor,
    cst.MatrixMultiply: ast.MatMult,
}
_AUGMENTED_OPERATORS: dict[type[cst.CSTNode], type[ast.operator]] = {
    cst.AddAssign: ast.Add, cst.SubtractAssign: ast.Sub, cst.MultiplyAssign: ast.Mult,
    cst.DivideAssign: ast.Div, cst.FloorDivideAssign: ast.FloorDiv, cst.ModuloAssign: ast.Mod,
    cst.PowerAssign: ast.Pow, cst.LeftShiftAssign: ast.LShift, cst.RightShiftAssign: ast.RShift,
    cst.BitOrAssign: ast.BitOr, cst.BitAndAssign: ast.BitAnd, cst.BitXorAssign: ast.BitXor,
    cst.MatrixMultiplyAssign: ast.MatMult,
}
_COMPARISON_OPERATORS: dict[type[cst.CSTNode], type[ast.cmpop]] = {
    cst.Equal: ast.Eq, cst.NotEqual: ast.NotEq, cst.LessThan: ast.Lt, cst.LessThanEqual: ast.LtE,
    cst.GreaterThan: ast.Gt, cst.GreaterThanEqual: ast.GtE, cst.Is: ast.Is, cst.IsNot: ast.IsNot,
    cst.In: ast.In, cst.NotIn: ast.NotIn,
}
_BOOLEAN_OPERATORS: dict[type[cst.CSTNode], type[ast.boolop]] = {cst.And: ast.And, cst.Or: ast.Or}
_NAMED_CONSTANTS = {"True": True, "False": False, "None": None}


def to_ast(module: cst.Module, text: str) -> ast.Module:
    """Convert `module`, parsed by libcst from `text`, into the tree `ast.parse(text)` returns.

    `module` must be the unmodified result of `libcst.parse_module(text)`.
    Positions are looked up by node identity, and libcst 1.9's parser gives
    every place in the source its own node object (checked on stdlib files).

    Raises ValueError for a construct that has no `ast` form (for example a
    string literal with an unknown `\\N{...}` name, which `ast.parse` rejects
    too). A RecursionError on deeply nested input propagates.
    """
    with warnings.catch_warnings():
        # Evaluating literals warns about the scanned file's invalid escapes.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        return _Converter(module, text).module()


class _Converter:
    """Build `ast` nodes for one module, one method per libcst node type."""

    def __init__(self, module: cst.Module, text: str) -> None:
        # A parsed tree needs no deep copy to give each node its own position
        # (see `to_ast`), and skipping it saves one recursion over the tree.
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        self._cst_module = wrapper.module
        self._ranges = wrapper.resolve(PositionProvider)
        # libcst drops a byte order mark before counting columns.
        self._lines = NEWLINE.split(text.removeprefix("\ufeff"))
        self._semicolon_ends: dict[Position, Position] = {}
        strings = StringConverter(self)

        self._expressions: dict[type[cst.CSTNode], Callable[..., ast.expr]] = {
            cst.Name: self._name, cst.Attribute: self._attribute, cst.Subscript: self._subscript,
            cst.Call: self._call, cst.Integer: self._number, cst.Float: self._number,
            cst.Imaginary: self._number, cst.Ellipsis: self._ellipsis,
            cst.SimpleString: strings.convert, cst.ConcatenatedString: strings.convert,
            cst.FormattedString: strings.convert, cst.TemplatedString: strings.convert,
            cst.UnaryOperation: self._unary, cst.BinaryOperation: self._binary,
            cst.BooleanOperation: self._boolean, cst.Comparison: self._comparison,
            cst.IfExp: self._if_expression, cst.Lambda: self._lambda, cst.NamedExpr: self._named,
            cst.Await: self._await, cst.Yield: self._yield, cst.Tuple: self._tuple, cst.List: self._list,
            cst.Set: self._set, cst.Dict: self._dict, cst.StarredElement: self._starred,
            cst.ListComp: self._list_comprehension, cst.SetComp: self._set_comprehension,
            cst.GeneratorExp: self._generator, cst.DictComp: self._dict_comprehension,
            cst.StarredDictComp: self._dict_comprehension,
        }

        self._statements: dict[type[cst.CSTNode], Callable[..., list[ast.stmt]]] = {
            cst.SimpleStatementLine: self._simple_line,
            cst.Expr: self._expression_statement, cst.Assign: self._assign,
            cst.AnnAssign: self._annotated_assign, cst.AugAssign: self._augmented_assign,
            cst.TypeAlias: self._type_alias, cst.Return: self._return, cst.Del: self._delete,
            cst.Pass: self._keyword_statement, cst.Break: self._keyword_statement,
            cst.Continue: self._keyword_statement, cst.Raise: self._raise, cst.Assert: self._assert,
            cst.Global: self._global, cst.Nonlocal: self._global, cst.Import: self._import,
            cst.LazyImport: self._import, cst.ImportFrom: self._import_from,
            cst.LazyImportFrom: self._import_from, cst.If: self._if, cst.While: self._while,
            cst.For: self._for, cst.With: self._with, cst.Try: self._try, cst.TryStar: self._try,
            cst.FunctionDef: self._function, cst.ClassDef: self._class, cst.Match: self._match,
        }

        self._patterns: dict[type[cst.CSTNode], Callable[..., ast.pattern]] = {
            cst.MatchValue: self._match_value, cst.MatchSingleton: self._match_singleton,
            cst.MatchList: self._match_sequence, cst.MatchTuple: self._match_sequence,
            cst.MatchMapping: self._match_mapping, cst.MatchClass: self._match_class,
            cst.MatchAs: self._match_as, cst.MatchOr: self._match_or,
        }

    def module(self) -> ast.Module:
        return ast.Module(body=self.block(self._cst_module.body), type_ignores=[])

    # Positions.

    def _byte_column(self, line: int, column: int) -> int:
        text = self._lines[line - 1]
        if text.isascii():
            return column
        return len(text[:column].encode("utf-8", "surrogatepass"))

    def start(self, node: cst.CSTNode) -> Position:
        """Return where `node` starts, after any parentheses of its own."""
        position = self._ranges[node].start
        return position.line, self._byte_column(position.line, position.column)

    def end(self, node: cst.CSTNode) -> Position:
        """Return where `node` ends, before any parentheses of its own."""
        position = self._ranges[node].end
        return position.line, self._byte_column(position.line, position.column)

    def outer_start(self, node: cst.CSTNode) -> Position:
        """Return where `node` starts, including the parentheses around it."""
        parentheses = getattr(node, "lpar", None)
        return self.start(parentheses[0] if parentheses else node)

    def outer_end(self, node: cst.CSTNode) -> Position:
        """Return where `node` ends, including the parentheses around it."""
        parentheses = getattr(node, "rpar", None)
        return self.end(parentheses[-1] if parentheses else node)

    def bracketed(self, node: cst.CSTNode) -> tuple[Position, Position]:
        """Return the span of a node whose innermost parentheses are its own syntax.

        A tuple, a generator expression and a sequence pattern own one pair
        of parentheses, which `ast` includes in their span. Further pairs
        around them only group, and `ast` leaves those out.
        """
        if node.lpar:
            return self.start(node.lpar[-1]), self.end(node.rpar[0])
        return self.start(node), self.end(node)

    @staticmethod
    def locate(node: ast.AST, start: Position, end: Position) -> ast.AST:
        node.lineno, node.col_offset = start
        node.end_lineno, node.end_col_offset = end
        return node

    def at(self, source: cst.CSTNode, node: ast.AST) -> ast.AST:
        """Give `node` the span of `source`, which is what most nodes share with their libcst node."""
        return self.locate(node, self.start(source), self.end(source))

    def at_compound(self, source: cst.CSTNode, node: ast.AST) -> ast.AST:
        """Give a compound statement or handler the span of `source`, up to a semicolon that ends its last line.

        libcst ends the block at its last statement, but CPython ends it at
        the block's last token, and `pass;` ends with the semicolon.
        """
        end = self.end(source)
        return self.locate(node, self.start(source), self._semicolon_ends.get(end, end))

    def line(self, node: cst.CSTNode) -> int:
        """Return the line where `node` starts, for error messages."""
        return self._ranges[node].start.line

    def code(self, node: cst.CSTNode) -> str:
        """Return the source text of `node`."""
        return self._cst_module.code_for_node(node)

    def literal_value(self, node: cst.SimpleString | cst.Integer | cst.Float | cst.Imaginary) -> object:
        """Evaluate a string or number token. A token that `ast.parse` rejects too raises ValueError."""
        try:
            return node.evaluated_value
        except (SyntaxError, ValueError) as error:
            raise ValueError(f"invalid literal on line {self.line(node)}: {error}") from error

    # Names.

    @staticmethod
    def identifier(name: cst.Name) -> str:
        """Return an identifier as CPython stores it, NFKC-normalized (PEP 3131)."""
        value = name.value
        return value if value.isascii() else unicodedata.normalize("NFKC", value)

    def dotted_name(self, node: cst.Attribute | cst.Name) -> str:
        parts = []
        while isinstance(node, cst.Attribute):
            parts.append(self.identifier(node.attr))
            node = node.value
        parts.append(self.identifier(node))
        return ".".join(reversed(parts))

    # Expressions.

    def expression(self, node: cst.CSTNode, ctx: ast.expr_context = LOAD) -> ast.expr:
        """Convert one expression; `ctx` applies to names, attributes, subscripts, stars and displays."""
        handler = self._expressions.get(type(node))
        if handler is None:
            raise self._unsupported(node)
        return handler(node, ctx)

    def optional(self, node: cst.CSTNode | None) -> ast.expr | None:
        return None if node is None else self.expression(node)

    def _name(self, node: cst.Name, ctx: ast.expr_context) -> ast.expr:
        if node.value in _NAMED_CONSTANTS:
            return self.at(node, ast.Constant(value=_NAMED_CONSTANTS[node.value], kind=None))
        return self.at(node, ast.Name(id=self.identifier(node), ctx=ctx))

    def _attribute(self, node: cst.Attribute, ctx: ast.expr_context) -> ast.expr:
        value = self.expression(node.value)
        return self.at(node, ast.Attribute(value=value, attr=self.identifier(node.attr), ctx=ctx))

    def _subscript(self, node: cst.Subscript, ctx: ast.expr_context) -> ast.expr:
        value = self.expression(node.value)
        elements = node.slice
        if len(elements) == 1 and elements[0].comma is cst.MaybeSentinel.DEFAULT and not _is_starred(elements[0].slice):
            index = self._slice(elements[0].slice)
        else:
            # Several indices, a trailing comma or a starred index (PEP 646)
            # form a tuple that spans from the first index to the last comma.
            last = elements[-1]
            end = self.end(last.comma) if isinstance(last.comma, cst.Comma) else self._slice_end(last.slice)
            index = self.locate(ast.Tuple(elts=[self._slice(element.slice) for element in elements], ctx=LOAD),
                                self._slice_start(elements[0].slice), end)
        return self.at(node, ast.Subscript(value=value, slice=index, ctx=ctx))

    def _slice(self, node: cst.Index | cst.Slice) -> ast.expr:
        if isinstance(node, cst.Index):
            value = self.expression(node.value)
            if node.star is None:
                return value
            return self.locate(ast.Starred(value=value, ctx=LOAD), self.start(node), self.outer_end(node.value))
        slice_node = ast.Slice(lower=self.optional(node.lower), upper=self.optional(node.upper),
                               step=self.optional(node.step))
        return self.locate(slice_node, self._slice_start(node), self._slice_end(node))

    def _slice_start(self, node: cst.Index | cst.Slice) -> Position:
        if isinstance(node, cst.Index):
            return self.start(node) if node.star else self.outer_start(node.value)
        return self.outer_start(node.lower) if node.lower is not None else self.start(node.first_colon)

    def _slice_end(self, node: cst.Index | cst.Slice) -> Position:
        if isinstance(node, cst.Index):
            return self.outer_end(node.value)
        if node.step is not None:
            return self.outer_end(node.step)
        if isinstance(node.second_colon, cst.Colon):
            return self.end(node.second_colon)
        return self.outer_end(node.upper) if node.upper is not None else self.end(node.first_colon)

    def _call(self, node: cst.Call, ctx: ast.expr_context) -> ast.expr:
        func = self.expression(node.func)
        args, keywords = self.arguments(node.args)
        only = node.args[0].value if len(node.args) == 1 else None
        if isinstance(only, cst.GeneratorExp) and not only.lpar:
            # `f(x for x in y)`: the call's parentheses are the generator's too.
            self.locate(args[0], self.end(node.whitespace_after_func), self.end(node))
        return self.at(node, ast.Call(func=func, args=args, keywords=keywords))

    def arguments(self, args: Sequence[cst.Arg]) -> tuple[list[ast.expr], list[ast.keyword]]:
        """Split call or class arguments into positional ones and keywords."""
        positional: list[ast.expr] = []
        keywords: list[ast.keyword] = []
        for arg in args:
            value = self.expression(arg.value)
            if arg.keyword is not None:
                keywords.append(self.at(arg, ast.keyword(arg=self.identifier(arg.keyword), value=value)))
            elif arg.star == "**":
                keywords.append(self.at(arg, ast.keyword(arg=None, value=value)))
            elif arg.star == "*":
                positional.append(self.at(arg, ast.Starred(value=value, ctx=LOAD)))
            else:
                positional.append(value)
        return positional, keywords

    def _unsupported(self, node: cst.CSTNode) -> ValueError:
        return ValueError(f"cannot convert libcst {type(node).__name__} on line {self.line(node)} to an ast node")

    def _number(self, node: cst.Integer | cst.Float | cst.Imaginary, ctx: ast.expr_context) -> ast.expr:
        return self.at(node, ast.Constant(value=self.literal_value(node), kind=None))

    def _ellipsis(self, node: cst.Ellipsis, ctx: ast.expr_context) -> ast.expr:
        return self.at(node, ast.Constant(value=Ellipsis, kind=None))

    def _unary(self, node: cst.UnaryOperation, ctx: ast.expr_context) -> ast.expr:
        operand = self.expression(node.expression)
        return self.at(node, ast.UnaryOp(op=_UNARY_OPERATORS[type(node.operator)](), operand=operand))

    def _binary(self, node: cst.BinaryOperation, ctx: ast.expr_context) -> ast.expr:
        left = self.expression(node.left)
        right = self.expression(node.right)
        return self.at(node, ast.BinOp(left=left, op=_BINARY_OPERATORS[type(node.operator)](), right=right))

    def _boolean(self, node: cst.BooleanOperation, ctx: ast.expr_context) -> ast.expr:
        # libcst nests `a and b and c` to the left; `ast` keeps one BoolOp
        # per run of the same operator, and brackets end a run.
        operator = type(node.operator)
        operands = [node.right]
        left = node.left
        while isinstance(left, cst.BooleanOperation) and type(left.operator) is operator and not left.lpar:
            operands.append(left.right)
            left = left.left
        operands.append(left)
        values = [self.expression(operand) for operand in reversed(operands)]
        return self.at(node, ast.BoolOp(op=_BOOLEAN_OPERATORS[operator](), values=values))

    def _comparison(self, node: cst.Comparison, ctx: ast.expr_context) -> ast.expr:
        left = self.expression(node.left)
        operators = [_COMPARISON_OPERATORS[type(target.operator)]() for target in node.comparisons]
        comparators = [self.expression(target.comparator) for target in node.comparisons]
        return self.at(node, ast.Compare(left=left, ops=operators, comparators=comparators))

    def _if_expression(self, node: cst.IfExp, ctx: ast.expr_context) -> ast.expr:
        body = self.expression(node.body)
        test = self.expression(node.test)
        return self.at(node, ast.IfExp(test=test, body=body, orelse=self.expression(node.orelse)))

    def _lambda(self, node: cst.Lambda, ctx: ast.expr_context) -> ast.expr:
        parameters = self.parameters(node.params)
        return self.at(node, ast.Lambda(args=parameters, body=self.expression(node.body)))

    def _named(self, node: cst.NamedExpr, ctx: ast.expr_context) -> ast.expr:
        target = self.expression(node.target, STORE)
        return self.at(node, ast.NamedExpr(target=target, value=self.expression(node.value)))

    def _await(self, node: cst.Await, ctx: ast.expr_context) -> ast.expr:
        return self.at(node, ast.Await(value=self.expression(node.expression)))

    def _yield(self, node: cst.Yield, ctx: ast.expr_context) -> ast.expr:
        if isinstance(node.value, cst.From):
            return self.at(node, ast.YieldFrom(value=self.expression(node.value.item)))
        return self.at(node, ast.Yield(value=self.optional(node.value)))

    def _elements(self, elements: Sequence[cst.BaseElement], ctx: ast.expr_context) -> list[ast.expr]:
        return [self.expression(element if isinstance(element, cst.StarredElement) else element.value, ctx)
                for element in elements]

    def _tuple(self, node: cst.Tuple, ctx: ast.expr_context) -> ast.expr:
        return self.locate(ast.Tuple(elts=self._elements(node.elements, ctx), ctx=ctx), *self.bracketed(node))

    def _list(self, node: cst.List, ctx: ast.expr_context) -> ast.expr:
        return self.at(node, ast.List(elts=self._elements(node.elements, ctx), ctx=ctx))

    def _set(self, node: cst.Set, ctx: ast.expr_context) -> ast.expr:
        return self.at(node, ast.Set(elts=self._elements(node.elements, LOAD)))

    def _dict(self, node: cst.Dict, ctx: ast.expr_context) -> ast.expr:
        keys: list[ast.expr | None] = []
        values: list[ast.expr] = []
        for element in node.elements:
            keys.append(self.expression(element.key) if isinstance(element, cst.DictElement) else None)
            values.append(self.expression(element.value))
        return self.at(node, ast.Dict(keys=keys, values=values))

    def _starred(self, node: cst.StarredElement, ctx: ast.expr_context) -> ast.expr:
        return self.at(node, ast.Starred(value=self.expression(node.value, ctx), ctx=ctx))

    def _comprehensions(self, node: cst.CompFor) -> list[ast.comprehension]:
        generators = []
        clause: cst.CompFor | None = node
        while clause is not None:
            generators.append(ast.comprehension(
                target=self.expression(clause.target, STORE), iter=self.expression(clause.iter),
                ifs=[self.expression(condition.test) for condition in clause.ifs],
                is_async=int(clause.asynchronous is not None)))
            clause = clause.inner_for_in
        return generators

    def _list_comprehension(self, node: cst.ListComp, ctx: ast.expr_context) -> ast.expr:
        element = self.expression(node.elt)
        return self.at(node, ast.ListComp(elt=element, generators=self._comprehensions(node.for_in)))

    def _set_comprehension(self, node: cst.SetComp, ctx: ast.expr_context) -> ast.expr:
        element = self.expression(node.elt)
        return self.at(node, ast.SetComp(elt=element, generators=self._comprehensions(node.for_in)))

    def _generator(self, node: cst.GeneratorExp, ctx: ast.expr_context) -> ast.expr:
        element = self.expression(node.elt)
        generator = ast.GeneratorExp(elt=element, generators=self._comprehensions(node.for_in))
        return self.locate(generator, *self.bracketed(node))

    def _dict_comprehension(self, node: cst.DictComp | cst.StarredDictComp, ctx: ast.expr_context) -> ast.expr:
        # `{**d for d in ds}` (PEP 798) keeps the unpacked mapping as key and
        # no value, as Python 3.15's ast documentation specifies.
        # NOTE: Python 3.11's compile() rejects a DictComp without value, and
        # code written for 3.11 trees may not expect one.
        if isinstance(node, cst.StarredDictComp):
            key, value = self.expression(node.value), None
        else:
            key, value = self.expression(node.key), self.expression(node.value)
        return self.at(node, ast.DictComp(key=key, value=value, generators=self._comprehensions(node.for_in)))

    # Function and lambda parameters.

    def parameters(self, node: cst.Parameters) -> ast.arguments:
        positional = [*node.posonly_params, *node.params]
        star = node.star_arg if isinstance(node.star_arg, cst.Param) else None
        return ast.arguments(
            posonlyargs=[self._parameter(param) for param in node.posonly_params],
            args=[self._parameter(param) for param in node.params],
            vararg=None if star is None else self._parameter(star),
            kwonlyargs=[self._parameter(param) for param in node.kwonly_params],
            kw_defaults=[self.optional(param.default) for param in node.kwonly_params],
            kwarg=None if node.star_kwarg is None else self._parameter(node.star_kwarg),
            defaults=[self.expression(param.default) for param in positional if param.default is not None],
        )

    def _parameter(self, node: cst.Param) -> ast.arg:
        annotation = None if node.annotation is None else self.expression(node.annotation.annotation)
        end = self.end(node.name) if node.annotation is None else self.outer_end(node.annotation.annotation)
        parameter = ast.arg(arg=self.identifier(node.name), annotation=annotation, type_comment=None)
        return self.locate(parameter, self.start(node.name), end)

    # Statements.

    def block(self, statements: Sequence[cst.CSTNode]) -> list[ast.stmt]:
        converted: list[ast.stmt] = []
        for statement in statements:
            handler = self._statements.get(type(statement))
            if handler is None:
                raise self._unsupported(statement)
            converted.extend(handler(statement))
        return converted

    def suite(self, node: cst.BaseSuite) -> list[ast.stmt]:
        """Convert an indented block or the statements after a colon on the same line."""
        if isinstance(node, cst.SimpleStatementSuite):
            return self._simple_line(node)
        return self.block(node.body)

    def _simple_line(self, node: cst.SimpleStatementLine | cst.SimpleStatementSuite) -> list[ast.stmt]:
        last = node.body[-1]
        if isinstance(last.semicolon, cst.Semicolon):
            self._semicolon_ends[self.end(last)] = self.end(last.semicolon)
        return self.block(node.body)

    def _expression_statement(self, node: cst.Expr) -> list[ast.stmt]:
        return [self.at(node, ast.Expr(value=self.expression(node.value)))]

    def _assign(self, node: cst.Assign) -> list[ast.stmt]:
        targets = [self.expression(target.target, STORE) for target in node.targets]
        value = self.expression(node.value)
        return [self.at(node, ast.Assign(targets=targets, value=value, type_comment=None))]

    def _annotated_assign(self, node: cst.AnnAssign) -> list[ast.stmt]:
        simple = int(isinstance(node.target, cst.Name) and not node.target.lpar)
        target = self.expression(node.target, STORE)
        annotation = self.expression(node.annotation.annotation)
        statement = ast.AnnAssign(target=target, annotation=annotation, value=self.optional(node.value), simple=simple)
        return [self.at(node, statement)]

    def _augmented_assign(self, node: cst.AugAssign) -> list[ast.stmt]:
        target = self.expression(node.target, STORE)
        operator = _AUGMENTED_OPERATORS[type(node.operator)]()
        return [self.at(node, ast.AugAssign(target=target, op=operator, value=self.expression(node.value)))]

    def _type_alias(self, node: cst.TypeAlias) -> list[ast.stmt]:
        # `type X[T] = v` (PEP 695) binds X like an assignment. The type
        # parameters exist only inside the lazily evaluated value, so they are dropped.
        target = self.at(node.name, ast.Name(id=self.identifier(node.name), ctx=STORE))
        value = self.expression(node.value)
        return [self.at(node, ast.Assign(targets=[target], value=value, type_comment=None))]

    def _return(self, node: cst.Return) -> list[ast.stmt]:
        return [self.at(node, ast.Return(value=self.optional(node.value)))]

    def _delete(self, node: cst.Del) -> list[ast.stmt]:
        target = node.target
        if isinstance(target, cst.Tuple) and not target.lpar:
            targets = [self.expression(element.value, DELETE) for element in target.elements]
        else:
            targets = [self.expression(target, DELETE)]
        return [self.at(node, ast.Delete(targets=targets))]

    def _keyword_statement(self, node: cst.Pass | cst.Break | cst.Continue) -> list[ast.stmt]:
        return [self.at(node, getattr(ast, type(node).__name__)())]

    def _raise(self, node: cst.Raise) -> list[ast.stmt]:
        cause = None if node.cause is None else self.expression(node.cause.item)
        return [self.at(node, ast.Raise(exc=self.optional(node.exc), cause=cause))]

    def _assert(self, node: cst.Assert) -> list[ast.stmt]:
        return [self.at(node, ast.Assert(test=self.expression(node.test), msg=self.optional(node.msg)))]

    def _global(self, node: cst.Global | cst.Nonlocal) -> list[ast.stmt]:
        names = [self.identifier(item.name) for item in node.names]
        kind = ast.Global if isinstance(node, cst.Global) else ast.Nonlocal
        return [self.at(node, kind(names=names))]

    def _alias(self, node: cst.ImportAlias) -> ast.alias:
        asname = None if node.asname is None else self.identifier(node.asname.name)
        end = self.end(node.name) if node.asname is None else self.end(node.asname.name)
        return self.locate(ast.alias(name=self.dotted_name(node.name), asname=asname), self.start(node.name), end)

    def _import(self, node: cst.Import | cst.LazyImport) -> list[ast.stmt]:
        # `lazy import` (PEP 810) binds the same names as `import`.
        return [self.at(node, ast.Import(names=[self._alias(alias) for alias in node.names]))]

    def _import_from(self, node: cst.ImportFrom | cst.LazyImportFrom) -> list[ast.stmt]:
        module = None if node.module is None else self.dotted_name(node.module)
        if isinstance(node.names, cst.ImportStar):
            names = [self.at(node.names, ast.alias(name="*", asname=None))]
        else:
            names = [self._alias(alias) for alias in node.names]
        return [self.at(node, ast.ImportFrom(module=module, names=names, level=len(node.relative)))]

    def _orelse(self, node: cst.If | cst.Else | None) -> list[ast.stmt]:
        if node is None:
            return []
        if isinstance(node, cst.If):
            return self._if(node)
        return self.suite(node.body)

    def _if(self, node: cst.If) -> list[ast.stmt]:
        test = self.expression(node.test)
        statement = ast.If(test=test, body=self.suite(node.body), orelse=self._orelse(node.orelse))
        return [self.at_compound(node, statement)]

    def _while(self, node: cst.While) -> list[ast.stmt]:
        test = self.expression(node.test)
        statement = ast.While(test=test, body=self.suite(node.body), orelse=self._orelse(node.orelse))
        return [self.at_compound(node, statement)]

    def _for(self, node: cst.For) -> list[ast.stmt]:
        kind = ast.For if node.asynchronous is None else ast.AsyncFor
        target = self.expression(node.target, STORE)
        iterable = self.expression(node.iter)
        statement = kind(target=target, iter=iterable, body=self.suite(node.body),
                         orelse=self._orelse(node.orelse), type_comment=None)
        return [self.at_compound(node, statement)]

    def _with(self, node: cst.With) -> list[ast.stmt]:
        kind = ast.With if node.asynchronous is None else ast.AsyncWith
        items = []
        for item in node.items:
            target = None if item.asname is None else self.expression(item.asname.name, STORE)
            items.append(ast.withitem(context_expr=self.expression(item.item), optional_vars=target))
        return [self.at_compound(node, kind(items=items, body=self.suite(node.body), type_comment=None))]

    def _try(self, node: cst.Try | cst.TryStar) -> list[ast.stmt]:
        body = self.suite(node.body)
        handlers = []
        for handler in node.handlers:
            # `except A, B:` (PEP 758, Python 3.14) arrives as a tuple without brackets.
            name = None if handler.name is None else self.identifier(handler.name.name)
            converted = ast.ExceptHandler(type=self.optional(handler.type), name=name, body=self.suite(handler.body))
            handlers.append(self.at_compound(handler, converted))
        kind = ast.Try if isinstance(node, cst.Try) else ast.TryStar
        statement = kind(body=body, handlers=handlers, orelse=self._orelse(node.orelse),
                         finalbody=[] if node.finalbody is None else self.suite(node.finalbody.body))
        return [self.at_compound(node, statement)]

    def _function(self, node: cst.FunctionDef) -> list[ast.stmt]:
        # Type parameters (PEP 695) are dropped. Their bounds and defaults are
        # evaluated only on introspection, so no data flows from them into the body.
        kind = ast.FunctionDef if node.asynchronous is None else ast.AsyncFunctionDef
        decorators = [self.expression(decorator.decorator) for decorator in node.decorators]
        parameters = self.parameters(node.params)
        returns = None if node.returns is None else self.expression(node.returns.annotation)
        statement = kind(name=self.identifier(node.name), args=parameters, body=self.suite(node.body),
                         decorator_list=decorators, returns=returns, type_comment=None)
        return [self.at_compound(node, statement)]

    def _class(self, node: cst.ClassDef) -> list[ast.stmt]:
        decorators = [self.expression(decorator.decorator) for decorator in node.decorators]
        bases, keywords = self.arguments([*node.bases, *node.keywords])
        statement = ast.ClassDef(name=self.identifier(node.name), bases=bases, keywords=keywords,
                                 body=self.suite(node.body), decorator_list=decorators)
        return [self.at_compound(node, statement)]

    def _match(self, node: cst.Match) -> list[ast.stmt]:
        subject = self.expression(node.subject)
        cases = [ast.match_case(pattern=self.pattern(case.pattern), guard=self.optional(case.guard),
                                body=self.suite(case.body))
                 for case in node.cases]
        return [self.at_compound(node, ast.Match(subject=subject, cases=cases))]

    # Match patterns.

    def pattern(self, node: cst.MatchPattern) -> ast.pattern:
        handler = self._patterns.get(type(node))
        if handler is None:
            raise self._unsupported(node)
        return handler(node)

    def _match_value(self, node: cst.MatchValue) -> ast.pattern:
        value = self.expression(node.value)
        return self.locate(ast.MatchValue(value=value), self.start(node.value), self.end(node.value))

    def _match_singleton(self, node: cst.MatchSingleton) -> ast.pattern:
        singleton = ast.MatchSingleton(value=_NAMED_CONSTANTS[node.value.value])
        return self.locate(singleton, self.start(node.value), self.end(node.value))

    def _match_sequence(self, node: cst.MatchList | cst.MatchTuple) -> ast.pattern:
        patterns = []
        for element in node.patterns:
            if isinstance(element, cst.MatchStar):
                # libcst's span of a star pattern includes the comma after it.
                end = self.end(element.name) if element.name else self._after_wildcard(element.whitespace_before_name)
                star = ast.MatchStar(name=None if element.name is None else self.identifier(element.name))
                patterns.append(self.locate(star, self.start(element), end))
            else:
                patterns.append(self.pattern(element.value))
        sequence = ast.MatchSequence(patterns=patterns)
        if isinstance(node, cst.MatchTuple):
            return self.locate(sequence, *self.bracketed(node))
        return self.at(node, sequence)

    def _after_wildcard(self, whitespace: cst.CSTNode) -> Position:
        line, column = self.end(whitespace)
        return line, column + 1

    def _match_mapping(self, node: cst.MatchMapping) -> ast.pattern:
        keys = [self.expression(element.key) for element in node.elements]
        patterns = [self.pattern(element.pattern) for element in node.elements]
        rest = None if node.rest is None else self.identifier(node.rest)
        return self.at(node, ast.MatchMapping(keys=keys, patterns=patterns, rest=rest))

    def _match_class(self, node: cst.MatchClass) -> ast.pattern:
        cls = self.expression(node.cls)
        pattern = ast.MatchClass(cls=cls, patterns=[self.pattern(element.value) for element in node.patterns],
                                 kwd_attrs=[self.identifier(element.key) for element in node.kwds],
                                 kwd_patterns=[self.pattern(element.pattern) for element in node.kwds])
        return self.at(node, pattern)

    def _match_as(self, node: cst.MatchAs) -> ast.pattern:
        inner = None if node.pattern is None else self.pattern(node.pattern)
        name = None if node.name is None else self.identifier(node.name)
        return self.at(node, ast.MatchAs(pattern=inner, name=name))

    def _match_or(self, node: cst.MatchOr) -> ast.pattern:
        return self.at(node, ast.MatchOr(patterns=[self.pattern(element.pattern) for element in node.patterns]))


def _is_starred(node: cst.Index | cst.Slice) -> bool:
    return isinstance(node, cst.Index) and node.star is not None
