"""The typed, immutable data that flows between the pipeline's stages.

Analyzers produce `Finding`, `Skipped` and `Evidence` values; suppression,
rating and rendering only read them. Nothing here touches the file system.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field


class _Ordered(enum.Enum):
    """An enum whose members compare by their declaration order."""

    @property
    def rank(self) -> int:
        return list(type(self)).index(self)

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank >= other.rank

    @classmethod
    def parse(cls, text: str):
        """Look a member up by its value, case-insensitively."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(member.value for member in cls)
            raise ValueError(f"invalid {cls.__name__.lower()} {text!r}: expected one of {names}") from None


class Severity(_Ordered):
    """How much a finding weakens the TEE's guarantees, lowest first."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Confidence(_Ordered):
    """Certainty that the code does what the rule describes."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class FileKind(enum.Enum):
    """What a discovered file is, which decides the analyzers that read it."""

    PYTHON = "python"
    JAVASCRIPT = "javascript"
    TYPESCRIPT = "typescript"
    GO = "go"
    RUST = "rust"
    SHELL = "shell"
    MAKEFILE = "makefile"
    DOCKERFILE = "dockerfile"
    COMPOSE = "compose"
    GRAMINE_MANIFEST = "gramine-manifest"
    ENCLAVE_CONFIG = "enclave-config"
    REQUIREMENTS = "requirements"
    PYPROJECT = "pyproject"
    LOCKFILE = "lockfile"
    PACKAGE_MANIFEST = "package-manifest"
    """package.json, Cargo.toml, Pipfile: dependency manifests other than Python's."""
    GO_MOD = "go-mod"
    CI_CONFIG = "ci-config"
    YAML = "yaml"
    TOML = "toml"
    JSON = "json"
    ENV_FILE = "env-file"
    TEXT = "text"
    OTHER = "other"


class SkipReason(enum.Enum):
    """Reason a file was not analysed, in words a user can act on."""

    UNREADABLE = "unreadable"
    BINARY = "binary"
    TOO_LARGE = "too-large"
    DECODE_ERROR = "decode-error"
    PARSE_ERROR = "parse-error"
    TIMEOUT = "timeout"
    TOO_DEEP = "too-deep"
    ANALYZER_ERROR = "analyzer-error"
    ENGINE_UNAVAILABLE = "engine-unavailable"
    SPECIAL_FILE = "special-file"
    VANISHED = "vanished"
    SYMLINK_LOOP = "symlink-loop"
    MINIFIED = "minified"
    """A minified script that Semgrep does not read; the secret scan still does. It makes the
    scan incomplete like any unanalysed source, because padding can make any script look minified."""


@dataclass(frozen=True, order=True)
class Location:
    """A span in a file: 1-based lines and columns, end inclusive of its line."""

    path: str
    """POSIX path relative to the scan root."""
    line: int = 0
    """First line, 1-based; 0 means the finding is about the whole file."""
    column: int = 0
    """First column, 1-based; 0 when unknown."""
    end_line: int = 0
    end_column: int = 0


@dataclass(frozen=True)
class Finding:
    """One problem a rule found, ready for suppression, rating and output."""

    rule_id: str
    """Kebab-case id of the rule in the registry."""
    check: str
    """Checklist id (C01 to C18) the finding counts against."""
    severity: Severity
    confidence: Confidence
    location: Location
    message: str
    """One sentence on this occurrence; never contains a secret."""
    snippet: str = ""
    """The flagged source line(s), with any secret already redacted."""
    code_key: str = ""
    """Normalised, secret-free text of the flagged code that identifies it
    independently of its line number; the fingerprint is derived from it."""
    statement_lines: tuple[int, int] = (0, 0)
    """First and last physical line of the statement or instruction that
    contains the finding; an inline suppression on any of them applies.
    (0, 0) means the finding's own lines."""
    suppressed: bool = False
    suppression_reason: str = ""

    @property
    def fingerprint(self) -> str:
        """A stable id from rule, path and flagged code, not from line numbers.

        Lines added above a finding leave it unchanged; editing the flagged
        code changes it.
        """
        key = self.code_key or self.snippet.strip()
        digest = hashlib.sha256(f"{self.rule_id}\0{self.location.path}\0{key}".encode("utf-8"))
        return digest.hexdigest()[:32]

    def sort_key(self) -> tuple:
        return (self.location.path, self.location.line, self.location.column, self.rule_id, self.message)


@dataclass(frozen=True)
class Skipped:
    """A file, or a part of the scan, that could not be analysed."""

    path: str
    reason: SkipReason
    detail: str = ""
    """Human-readable explanation, such as a parser message with its line."""

    def describe(self) -> str:
        return f"{self.reason.value}: {self.detail}" if self.detail else self.reason.value


@dataclass(frozen=True)
class Evidence:
    """A positive sign for a checklist item, shown in the rating."""

    check: str
    path: str
    description: str
    line: int = 0


@dataclass(frozen=True)
class SourceFile:
    """A discovered file, classified but not yet read."""

    path: str
    """POSIX path relative to the scan root."""
    absolute: str
    kind: FileKind
    size: int


@dataclass(frozen=True)
class AnalysisResult:
    """Results of all analyzers for a whole scan."""

    findings: tuple[Finding, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    notices: tuple[str, ...] = ()
    """Scan-wide messages every output must show, such as a vulnerability
    lookup that was not made."""
    failures: tuple[str, ...] = ()
    """Analyses that could not run at all (Semgrep missing, a vulnerability
    database that failed to load); any failure makes the scan exit 2."""
    files: tuple[SourceFile, ...] = field(default=())
