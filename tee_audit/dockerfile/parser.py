"""A Dockerfile parser that keeps every instruction's physical lines.

We write our own because the maintained PyPI parser (dockerfile-parse 2.0)
does not understand heredocs, and the analyzers need each instruction's first
and last line and the line of every heredoc body line. The grammar follows
Docker's reference: parser directives at the top, an escape character that
continues lines, comment lines that vanish inside a continuation, heredocs
after `RUN`, `COPY` and `ADD`, and JSON (exec) or shell forms.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_DIRECTIVE = re.compile(r"^#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$")
_HEREDOC = re.compile(r"(?<![<\w])<<(?!<)(-?)\s*([\"']?)([A-Za-z_][\w.-]*)\2")
_KEYWORD = re.compile(r"(\S*)\s*")
_HEREDOC_KEYWORDS = frozenset({"RUN", "COPY", "ADD"})
_FLAG = re.compile(r"--([A-Za-z][\w-]*)(?:=(\"[^\"]*\"|'[^']*'|\S*))?")


@dataclass(frozen=True)
class LineMap:
    """Text assembled from several physical lines, with the line of every offset."""

    text: str
    starts: tuple[tuple[int, int], ...]
    """(offset in `text`, physical line number) for each piece, in order."""

    def line_at(self, offset: int) -> int:
        line = self.starts[0][1] if self.starts else 0
        for start, number in self.starts:
            if start > offset:
                break
            line = number
        return line


@dataclass(frozen=True)
class Heredoc:
    """The body of one heredoc, each line with its own line number."""

    name: str
    quoted: bool
    """A quoted delimiter (`<<"EOF"`) turns off variable expansion in the body."""
    strip_tabs: bool
    """`<<-EOF` removes leading tabs from the body and the delimiter."""
    lines: tuple[tuple[int, str], ...]
    end_line: int
    """Line of the closing delimiter, or of the last body line when it is missing."""

    @property
    def body(self) -> LineMap:
        offsets = []
        position = 0
        for number, text in self.lines:
            offsets.append((position, number))
            position += len(text) + 1
        return LineMap("\n".join(text for _, text in self.lines), tuple(offsets))


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction, continuations joined and comments removed."""

    keyword: str
    """Upper-case instruction name, such as `FROM` or `RUN`."""
    arguments: LineMap
    """Everything after the keyword, continuation escapes removed."""
    first_line: int
    last_line: int
    """Last physical line, including the closing delimiter of any heredoc."""
    source_lines: tuple[tuple[int, str], ...]
    """The physical lines as written, for snippets."""
    heredocs: tuple[Heredoc, ...] = ()

    @property
    def text(self) -> str:
        return self.arguments.text

    @property
    def flags(self) -> dict[str, str]:
        """Leading `--name=value` options, such as `--platform` or `--from`."""
        found: dict[str, str] = {}
        for match in _FLAG.finditer(self._flag_prefix()):
            found[match.group(1).lower()] = (match.group(2) or "").strip("\"'")
        return found

    @property
    def value(self) -> str:
        """The arguments with the leading flags removed."""
        return self.text.strip()[len(self._flag_prefix()):].strip()

    def json_form(self) -> list[str] | None:
        """Return the exec-form list of `["a", "b"]` arguments, or None for shell form."""
        value = self.value
        if not value.startswith("["):
            return None
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        if isinstance(parsed, list) and all(isinstance(item, str) for item in parsed):
            return parsed
        return None

    def _flag_prefix(self) -> str:
        text = self.text.lstrip()
        position = 0
        while text.startswith("--", position):
            match = _FLAG.match(text, position)
            if not match:
                break
            position = match.end()
            while position < len(text) and text[position] in " \t":
                position += 1
        return text[:position]


@dataclass(frozen=True)
class Dockerfile:
    """A parsed Dockerfile: its parser directives and instructions in order."""

    instructions: tuple[Instruction, ...]
    directives: dict[str, str] = field(default_factory=dict)
    escape: str = "\\"


def parse(text: str) -> Dockerfile:
    """Parse Dockerfile `text` into instructions.

    Accepts a UTF-8 byte order mark, CRLF or CR line ends and lowercase
    keywords. Odd input parses without an exception: a heredoc without its
    closing delimiter runs to the end of the file, and a line without a
    keyword becomes an instruction with that first word as keyword.
    """
    text = text.removeprefix("\ufeff")
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()

    directives, index = _read_directives(lines)
    escape = directives.get("escape", "\\")
    if escape not in ("\\", "`"):
        escape = "\\"

    instructions: list[Instruction] = []
    while index < len(lines):
        stripped = lines[index].strip()
        if not stripped or stripped.startswith("#"):
            index += 1
            continue
        instruction, index = _read_instruction(lines, index, escape)
        instructions.append(instruction)
    return Dockerfile(tuple(instructions), directives, escape)


def _read_directives(lines: list[str]) -> tuple[dict[str, str], int]:
    """Read `# name=value` directives, which count only before anything else."""
    directives: dict[str, str] = {}
    index = 0
    while index < len(lines):
        match = _DIRECTIVE.match(lines[index].strip())
        if not match or match.group(1).lower() in directives:
            break
        directives[match.group(1).lower()] = match.group(2)
        index += 1
    return directives, index


def _read_instruction(lines: list[str], index: int, escape: str) -> tuple[Instruction, int]:
    first_line = index + 1
    source: list[tuple[int, str]] = []
    pieces: list[tuple[int, str]] = []

    while index < len(lines):
        raw = lines[index]
        source.append((index + 1, raw))
        index += 1
        if pieces and (not raw.strip() or raw.strip().startswith("#")):
            continue
        body = raw.rstrip()
        continued = body.endswith(escape)
        piece = body[: -len(escape)] if continued else raw
        pieces.append((index, piece if pieces else piece.lstrip()))
        if not continued or index >= len(lines):
            break

    joined, starts = _join(pieces)
    head = _KEYWORD.match(joined)
    keyword = head.group(1).upper()
    arguments = _shift(joined[head.end():], starts, head.end())

    heredocs: list[Heredoc] = []
    if keyword in _HEREDOC_KEYWORDS and not arguments.text.lstrip().startswith("["):
        for match in _HEREDOC.finditer(arguments.text):
            heredoc, index = _read_heredoc(lines, index, match)
            heredocs.append(heredoc)
            source.extend((number, text) for number, text in _raw_lines(lines, heredoc))

    last_line = max([source[-1][0]] + [doc.end_line for doc in heredocs])
    return Instruction(keyword, arguments, first_line, last_line, tuple(source), tuple(heredocs)), index


def _join(pieces: list[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    text = ""
    starts: list[tuple[int, int]] = []
    for number, piece in pieces:
        starts.append((len(text), number))
        text += piece
    return text, starts


def _shift(text: str, starts: list[tuple[int, int]], removed: int) -> LineMap:
    """Re-base the offset map after the first `removed` characters were cut off."""
    shifted: list[tuple[int, int]] = []
    for offset, number in starts:
        shifted.append((max(0, offset - removed), number))
    return LineMap(text, tuple(shifted))


def _read_heredoc(lines: list[str], index: int, match: re.Match) -> tuple[Heredoc, int]:
    strip_tabs = match.group(1) == "-"
    name = match.group(3)
    body: list[tuple[int, str]] = []
    end_line = index
    while index < len(lines):
        raw = lines[index]
        index += 1
        candidate = raw.lstrip("\t") if strip_tabs else raw
        if candidate.rstrip() == name:
            end_line = index
            break
        body.append((index, raw.lstrip("\t") if strip_tabs else raw))
        end_line = index
    return Heredoc(name, bool(match.group(2)), strip_tabs, tuple(body), end_line), index


def _raw_lines(lines: list[str], heredoc: Heredoc) -> list[tuple[int, str]]:
    start = heredoc.lines[0][0] if heredoc.lines else heredoc.end_line
    return [(number, lines[number - 1]) for number in range(start, heredoc.end_line + 1)]
