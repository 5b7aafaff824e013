"""Positions and source text of `ast` nodes, in the units findings use.

`ast` counts columns in UTF-8 bytes; findings count characters, as editors
and SARIF viewers do. Lines are split where Python's tokenizer splits them
(`\\n`, `\\r\\n`, `\\r`), not where `str.splitlines` would, because a form
feed or a Unicode line separator inside a line must not shift every line
number after it.
"""

from __future__ import annotations

import ast
import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class SourceText:
    """The lines of one file, with byte-to-character column conversion."""

    def __init__(self, text: str) -> None:
        self.lines = _LINE_BREAK.split(text)

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def column(self, number: int, byte_offset: int) -> int:
        """Return the 0-based character column of a byte offset on a 1-based line."""
        text = self.line(number)
        if text.isascii():
            return byte_offset
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="replace"))

    def span(self, node: ast.AST) -> tuple[int, int, int, int]:
        """Return (line, column, end line, end column) of a node, 1-based lines and 0-based character columns."""
        line, end_line = node.lineno, node.end_lineno or node.lineno
        end_offset = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        return line, self.column(line, node.col_offset), end_line, self.column(end_line, end_offset)

    def segment(self, node: ast.AST) -> str:
        """Return the source text a node spans."""
        line, column, end_line, end_column = self.span(node)
        if line == end_line:
            return self.line(line)[column:end_column]
        parts = [self.line(line)[column:]]
        parts.extend(self.line(number) for number in range(line + 1, end_line))
        parts.append(self.line(end_line)[:end_column])
        return "\n".join(parts)

    def excerpt(self, first: int, last: int) -> str:
        """Return lines `first` to `last`, 1-based and inclusive."""
        return "\n".join(self.lines[first - 1:last])
