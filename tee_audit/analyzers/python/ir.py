"""The picklable intermediate form one file is lowered to.

Parsing and name resolution happen once per file (`lower.py`). The result
is plain tuples and frozen dataclasses, so worker processes can return it,
and the project pass (`flow.py`) runs every function's data flow without
the syntax tree.

An expression is a tuple of atoms, the union of what may flow into it:

- `("var", key)`: a local variable or attribute path of the current function;
- `("global", key)`: a module global or class attribute, by dotted name;
- `("label", Label)`: a value that comes from a source;
- `("secret-attr", name, line, path)`: an attribute whose name says secret, unless
  some class of the project annotates it as pydantic `SecretStr`;
- `("xform", drop, add, inner, certain)`: `inner` with the label kinds in
  `drop` removed and `add` added, such as a hash of a secret;
- `("call", callee, args, kwargs, has_receiver, fallback, fallback_certain)`:
  a call that may land on a function of the scanned project. Otherwise the
  `fallback` atoms pass through, with lowered certainty unless the method is
  a known pass-through such as `.hex()`;
- `("raises", callee)`: what a project function's exceptions carry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tee_audit.model import Confidence, Finding, Location, Severity

SECRET = "secret"
OUTSIDE = "outside"
"""Data from the network, an HTTP request, a CLI or stdin."""
LLM = "llm"
"""Text produced by a language model."""
WEAK_RANDOM = "weak-random"
WEAK_HASH = "weak-hash"
PLAIN_HTTP_URL = "plain-http"
"""A literal http:// URL to a host other than loopback or an internal service name."""

UNTRUSTED = frozenset({OUTSIDE, LLM})


@dataclass(frozen=True)
class Label:
    """The origin of a tainted value."""

    kind: str
    origin: str
    """The producer in words for the message (`os.urandom()`, `parameter api_token`)."""
    line: int = 0
    certain: bool = True
    """False once the value went through a call tee-audit could not resolve."""
    path: str = ""
    """The file of `line`, which differs from the sink's when the value crossed files."""


@dataclass(frozen=True)
class SinkSite:
    """A place where a value must not arrive, with all it takes to report it."""

    rule_id: str
    policy: str
    """Label kinds that make it fire: `secret`, `untrusted`, `weak-random`, `weak-hash`, or `always`."""
    location: Location
    statement_lines: tuple[int, int]
    snippet: str
    code_key: str
    what: str
    """The sink in words (`log call`, `pickle.loads()`)."""
    severity: Severity | None = None
    """Severity without a shown path from outside data, for `always` sinks."""
    confidence: Confidence = Confidence.HIGH


@dataclass(frozen=True)
class Op:
    """One step of a function's data flow, in program order."""

    kind: str
    """`assign`, `sink`, `return`, `raise`, `eval` (evaluate for its calls), `clean`, or
    `loop` and `end-loop` around a loop body, which the evaluation runs twice so
    values flow along the loop's back edge."""
    target: str = ""
    expr: tuple = ()
    strong: bool = True
    """An assignment at the top of the function body replaces the old value;
    one inside a branch or loop joins it."""
    site: SinkSite | None = None
    drop: frozenset = frozenset()
    """For `clean`: label kinds a verification call removes from `target`."""


@dataclass
class FunctionIR:
    """A function (or a module's top level) lowered to operations."""

    key: str
    """Dotted name: `pkg.mod.func`, `pkg.mod.Class.method`, or `pkg.mod.<module>`."""
    params: tuple[str, ...] = ()
    is_method: bool = False
    secret_params: tuple[int, ...] = ()
    outside_params: tuple[int, ...] = ()
    """Handler parameters that carry HTTP request data."""
    ops: list[Op] = field(default_factory=list)


@dataclass
class FileSummary:
    """Everything the project pass needs from one Python file."""

    path: str
    module: str
    functions: list[FunctionIR] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """Findings that need no data flow, such as `verify=False`."""
    skipped: list = field(default_factory=list)
    secret_str_attributes: frozenset = frozenset()
    """Attribute names annotated as pydantic `SecretStr` in this file."""
    deprecated_crypto_imports: list[SinkSite] = field(default_factory=list)
    """Imports of `Crypto` and other deprecated packages; whether they count
    depends on the project's declared dependencies."""


def module_name(path: str) -> str:
    """Return the dotted module name of a file path relative to the scan root."""
    parts = [part for part in path.split("/") if part]
    if parts and parts[-1].endswith((".py", ".pyi")):
        parts[-1] = parts[-1].rsplit(".", 1)[0]
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) or "__root__"
