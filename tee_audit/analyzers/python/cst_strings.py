"""Convert libcst string literals into the Constant and JoinedStr nodes of CPython 3.11's ast.

CPython 3.11 parses an f-string a second time from its text, so the parts
of a JoinedStr share the span of the whole literal, and a bare tuple in a
replacement field spans the field's braces. This module reproduces those
spans, decodes escapes as CPython does, and turns PEP 701 f-strings and
template strings into the same nodes.
"""

from __future__ import annotations

import ast
import codecs
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import libcst as cst

if TYPE_CHECKING:
    from tee_audit.analyzers.python.cst_to_ast import Position, _Converter

# Line ends as both CPython's tokenizer and libcst's positions count them.
NEWLINE = re.compile(r"\r\n?|\n")

# Characters of an f-string's text that the `unicode_escape` codec cannot
# read: a non-ASCII character, and a backslash before one or at the very end.
# An escape pair matches first so that `\\` stays one unit.
_CODEC_UNSAFE = re.compile(r"\\[\x00-\x7f]|\\|[^\x00-\x7f]")

# Blanks up to a line end, as CPython 3.11 checks them after an f-string's `{`.
_BLANK_LINE_START = re.compile(r"[ \t\f]*(\r\n?|\n)")

_StringPiece = cst.SimpleString | cst.FormattedString | cst.TemplatedString


class StringConverter:
    """Build the Constant or JoinedStr for one string literal, possibly implicitly concatenated."""

    def __init__(self, converter: _Converter) -> None:
        self._converter = converter

    def convert(self, node: cst.BaseString, ctx: ast.expr_context) -> ast.expr:
        """Convert a literal, merging implicit concatenation into one Constant or JoinedStr."""
        pieces: list[_StringPiece] = []
        while isinstance(node, cst.ConcatenatedString):
            pieces.append(node.left)
            node = node.right
        pieces.append(node)

        # CPython marks the result only when the first literal starts with a lowercase u.
        first = pieces[0]
        kind = "u" if isinstance(first, cst.SimpleString) and first.value.startswith("u") else None
        span = self._converter.start(first), self._converter.end(pieces[-1])

        if all(isinstance(piece, cst.SimpleString) for piece in pieces):
            values = [self._converter.literal_value(piece) for piece in pieces]
            return self._converter.locate(ast.Constant(value=values[0][:0].join(values), kind=kind), *span)
        parts = _JoinedParts(self._converter, span, kind)
        for piece in pieces:
            if isinstance(piece, cst.SimpleString):
                parts.add_text(self._converter.literal_value(piece))
            else:
                self._add_formatted_parts(parts, piece.parts, piece, nested=False)
        return self._converter.locate(ast.JoinedStr(values=parts.values(span)), *span)

    def _add_formatted_parts(self, parts: _JoinedParts, contents: Sequence[cst.CSTNode],
                             piece: cst.FormattedString | cst.TemplatedString, nested: bool) -> None:
        raw = "r" in piece.prefix
        for content in contents:
            if isinstance(content, (cst.FormattedStringText, cst.TemplatedStringText)):
                parts.add_text(self._decode_text(content.value, raw, nested, piece))
                continue
            if content.equal is not None:
                parts.add_text(self._debug_text(content))
            parts.add_value(self._formatted_value(content, parts, piece))

    def _formatted_value(self, node: cst.FormattedStringExpression | cst.TemplatedStringExpression,
                         parts: _JoinedParts, piece: cst.FormattedString | cst.TemplatedString) -> ast.expr:
        value = self._converter.expression(node.expression)
        if isinstance(node.expression, (cst.Tuple, cst.GeneratorExp)) and not node.expression.lpar:
            self._converter.locate(value, *self._replacement_field_span(node, piece))
        if node.conversion is not None:
            conversion = ord(node.conversion)
        elif node.equal is not None and node.format_spec is None:
            # `f"{x=}"` shows repr(x) unless a conversion or format spec says otherwise.
            conversion = ord("r")
        else:
            conversion = -1
        format_spec = None
        if node.format_spec is not None:
            spec_parts = _JoinedParts(self._converter, parts.span, parts.kind)
            self._add_formatted_parts(spec_parts, node.format_spec, piece, nested=True)
            # CPython 3.11 spans a format spec, and the text at its end, over
            # the one literal that contains it. Its other parts span the whole
            # concatenation.
            piece_span = self._converter.start(piece), self._converter.end(piece)
            format_spec = self._converter.locate(ast.JoinedStr(values=spec_parts.values(piece_span)), *piece_span)
        formatted = ast.FormattedValue(value=value, conversion=conversion, format_spec=format_spec)
        return self._converter.locate(formatted, *parts.span)

    def _replacement_field_span(self, node: cst.FormattedStringExpression | cst.TemplatedStringExpression,
                                piece: cst.CSTNode) -> tuple[Position, Position]:
        """Return the span CPython 3.11 gives a tuple or generator written bare in a replacement field.

        CPython 3.11 parses the field's text in brackets that take the
        places of the `{` and of the `!`, `:`, `=` or `}` after the
        expression, so the tuple or generator spans those characters. When
        only blanks follow the `{` on its line, the opening bracket lands at
        the literal's start column, or at column 0 on a later line.
        """
        line, column = self._converter.start(node.whitespace_before_expression)
        if _BLANK_LINE_START.match(self._converter.code(node.whitespace_before_expression)):
            piece_line, piece_column = self._converter.start(piece)
            column = piece_column if line == piece_line else 0
        else:
            column -= 1
        if node.equal is not None:
            end = self._converter.end(node.equal)
        else:
            end_line, end_column = self._converter.end(node.whitespace_after_expression)
            end = end_line, end_column + 1
        return (line, column), end

    def _debug_text(self, node: cst.FormattedStringExpression | cst.TemplatedStringExpression) -> str:
        """Return the text that `f"{x = }"` prints before the value: the source up to the `=` and the blanks after it."""
        code = "".join(self._converter.code(part) for part in (
            node.whitespace_before_expression, node.expression, node.whitespace_after_expression, node.equal))
        return NEWLINE.sub("\n", code)

    def _decode_text(self, text: str, raw: bool, nested: bool, piece: cst.CSTNode) -> str:
        """Decode the literal text of an f-string as CPython does.

        Doubled braces stand for one brace except inside a format spec,
        where CPython 3.11 leaves them alone. Escapes are decoded with
        `unicode_escape` after writing non-ASCII characters as `\\U`
        escapes, because that codec reads bytes as Latin-1.
        """
        text = NEWLINE.sub("\n", text)
        if not nested:
            text = text.replace("{{", "{").replace("}}", "}")
        if raw:
            return text
        ascii_text = _CODEC_UNSAFE.sub(_codec_safe, text)
        try:
            return codecs.unicode_escape_decode(ascii_text.encode("ascii"))[0]
        except UnicodeDecodeError as error:
            line = self._converter.line(piece)
            raise ValueError(f"invalid escape in f-string on line {line}: {error.reason}") from error


class _JoinedParts:
    """Collect the values of a JoinedStr, merging adjacent literal text into one Constant.

    CPython 3.11 gives the Constant and FormattedValue parts of an f-string
    the span of the whole (concatenated) literal, except for the text after
    the last replacement field, whose span the caller of `values` chooses.
    """

    def __init__(self, converter: _Converter, span: tuple[Position, Position], kind: str | None) -> None:
        self._converter = converter
        self.span = span
        self.kind = kind
        self._values: list[ast.expr] = []
        self._text: list[str] = []

    def add_text(self, text: str) -> None:
        self._text.append(text)

    def add_value(self, value: ast.expr) -> None:
        self._flush(self.span)
        self._values.append(value)

    def values(self, tail_span: tuple[Position, Position]) -> list[ast.expr]:
        self._flush(tail_span)
        return self._values

    def _flush(self, span: tuple[Position, Position]) -> None:
        text = "".join(self._text)
        self._text.clear()
        if text:
            self._values.append(self._converter.locate(ast.Constant(value=text, kind=self.kind), *span))


def _codec_safe(match: re.Match[str]) -> str:
    """Rewrite one `_CODEC_UNSAFE` match into ASCII that `unicode_escape` decodes to the same text."""
    found = match.group()
    if len(found) == 2:
        return found
    if found == "\\":
        return "\\u005c"
    return f"\\U{ord(found):08x}"

