"""Lower one parsed module to the data-flow form of `ir.py`.

The visitor walks statements in program order and turns each expression into
the union of what may flow into it. Calls are where the rules live: a call
can be a source (`os.urandom`), a sanitizer (`hashlib.sha256`), a sink
(`log.warning`), a finding on its own (`verify=False`), or a call into the
project that the project pass resolves later.
"""

from __future__ import annotations

import dataclasses
import re

import libcst as cst
from libcst.metadata import PositionProvider, ScopeProvider

from tee_audit.analyzers.python import calls, knowledge as kb
from tee_audit.analyzers.python.atoms import (
    ENV_OFF, LOOPBACK, PLAIN_HTTP, literal_string, union, xform,
)
from tee_audit.analyzers.python.ir import (
    OUTSIDE, PLAIN_HTTP_URL, SECRET, WEAK_RANDOM, FileSummary, FunctionIR, Label, Op, SinkSite,
)
from tee_audit.analyzers.python.resolve import Resolver
from tee_audit.catalog import (
    python_crypto as crypto,
    python_enclave as enclave,
    python_root_of_trust as root,
    python_secrets as secrets_rules,
    python_transport as transport,
)
from tee_audit.model import Confidence, Location, Severity
from tee_audit.redact import redact_text, redact_value
from tee_audit.registry import Rule

MAX_SNIPPET_LINES = 5

# `'api_key': 'value'` pairs in dict literals, which `redact_text` leaves alone
# because its separator pattern expects a double quote before the colon.
_QUOTED_SECRET_PAIR = re.compile(
    r"""(?ix)(?P<head>['"][\w.-]*(?:secret|passw(?:or)?d|private[_-]?key|api[_-]?key|token|mnemonic|seed)[\w.-]*['"]\s*:\s*)
    (?P<quote>['"])(?P<value>[^'"]{8,})(?P=quote)"""
)


def redact_snippet(text: str) -> str:
    """Redact with the shared rules, then mask quoted secret values in dict literals."""
    text = redact_text(text)
    return _QUOTED_SECRET_PAIR.sub(lambda found: f"{found.group('head')}{found.group('quote')}"
                                   f"{redact_value(found.group('value'))}{found.group('quote')}", text)


class Lowering(cst.CSTVisitor):
    """Build a `FileSummary` from one module with resolved metadata."""

    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)

    def __init__(self, path: str, module: str, is_package: bool, module_node: cst.Module, text: str) -> None:
        super().__init__()
        self.path = path
        self.module = module
        self.module_node = module_node
        self.lines = text.splitlines()
        self.names = Resolver(self, module, is_package)
        self.summary = FileSummary(path=path, module=module)
        top = FunctionIR(key=f"{module}.<module>")
        self.summary.functions.append(top)
        self.functions: list[FunctionIR] = [top]
        self.function_names: list[str] = []
        self.handler_stack: list[bool] = [False]
        self.depth: list[int] = [0]
        self.statement: tuple[int, int] = (1, 1)
        self.constants: dict[str, object] = {}
        self.try_frames: list[list] = []
        self.class_bases: dict[str, tuple[str, ...]] = {}
        self.secret_str: set[str] = set()
        self.is_settings = path.rsplit("/", 1)[-1].startswith("settings")
        self._reported: set[tuple] = set()

    # ----- positions and output -------------------------------------------------

    def _location(self, node: cst.CSTNode) -> Location:
        span = self.get_metadata(PositionProvider, node)
        return Location(self.path, span.start.line, span.start.column + 1, span.end.line, span.end.column + 1)

    def _statement_for(self, node: cst.CSTNode) -> tuple[int, int]:
        span = self.get_metadata(PositionProvider, node)
        first, last = self.statement
        return (min(first, span.start.line), max(last, span.end.line))

    def _snippet(self, lines: tuple[int, int]) -> str:
        first, last = lines
        chosen = self.lines[first - 1: min(last, first + MAX_SNIPPET_LINES - 1)]
        return redact_snippet("\n".join(chosen))

    def _code_key(self, node: cst.CSTNode) -> str:
        code = " ".join(self.module_node.code_for_node(node).split())
        return redact_snippet(code)[:300]

    def site(self, rule: Rule, policy: str, node: cst.CSTNode, what: str,
             severity: Severity | None = None, confidence: Confidence = Confidence.HIGH) -> SinkSite:
        lines = self._statement_for(node)
        return SinkSite(rule.id, policy, self._location(node), lines, self._snippet(lines),
                        self._code_key(node), what, severity, confidence)

    def report(self, rule: Rule, node: cst.CSTNode, message: str, confidence: Confidence | None = None) -> None:
        location = self._location(node)
        if (rule.id, location) in self._reported:
            return
        self._reported.add((rule.id, location))
        lines = self._statement_for(node)
        finding = rule.finding(location, message, snippet=self._snippet(lines), code_key=self._code_key(node),
                               confidence=confidence)
        self.summary.findings.append(dataclasses.replace(finding, statement_lines=lines))

    # ----- op emission ----------------------------------------------------------

    @property
    def current(self) -> FunctionIR:
        return self.functions[-1]

    def emit(self, op: Op) -> None:
        self.current.ops.append(op)

    def sink(self, site: SinkSite, expr: tuple) -> None:
        self.emit(Op("sink", expr=expr, site=site))

    def assign(self, target: cst.CSTNode, value: tuple, value_node: cst.CSTNode | None) -> None:
        """Bind `value` to a target, unpacking tuples element by element when both sides line up."""
        if isinstance(target, (cst.Tuple, cst.List)):
            elements = [element.value for element in target.elements]
            if value_node is not None and isinstance(value_node, (cst.Tuple, cst.List)) and \
                    len(value_node.elements) == len(elements):
                for element, source in zip(elements, value_node.elements):
                    self.assign(element, self.expr(source.value), source.value)
                return
            for element in elements:
                self.assign(element, value, None)
            return
        if isinstance(target, cst.StarredElement):
            self.assign(target.value, value, None)
            return
        if isinstance(target, cst.Subscript):
            self._assign_subscript(target, value, value_node)
            return
        key = self.names.var_key(target)
        if key is None:
            return
        if isinstance(target, cst.Attribute):
            self._check_attribute_assignment(target, value_node)
        strong = self.depth[-1] == 0 and (key.startswith("v:") or self.current.key.endswith("<module>"))
        self.emit(Op("assign", target=key, expr=value, strong=strong))
        if value_node is not None:
            self.names.remember_type(key, value_node)
            constant = self._constant(value_node)
            if constant is not None or key in self.constants:
                self.constants[key] = constant
            if isinstance(target, cst.Name):
                self._check_named_assignment(target, value, value_node)

    def _assign_subscript(self, target: cst.Subscript, value: tuple, value_node) -> None:
        base_name = self.names.dotted(target.value)
        index = self._subscript_index(target)
        if base_name in ("os.environ", "os.environb") and isinstance(index, str) and value_node is not None:
            setting = self._constant(value_node)
            if isinstance(setting, str) and setting in ENV_OFF.get(index, ()):
                self.report(transport.TLS_VERIFICATION_DISABLED, target,
                            f"Setting {index} turns certificate verification off for the whole process.")
        if isinstance(index, str) and index.upper() == "DEBUG" and value_node is not None and \
                self._constant(value_node) is True and (base_name or "").endswith(".config"):
            self.report(enclave.WEB_DEBUG_MODE, target, "The web application's DEBUG setting is turned on.")
        key = self.names.var_key(target.value)
        if key is not None:
            self.emit(Op("assign", target=key, expr=value, strong=False))

    # ----- constants --------------------------------------------------------------

    def _constant(self, node: cst.CSTNode):
        """Return the literal value of `node` (following names bound to literals), or None."""
        if isinstance(node, cst.Name) and node.value == "True":
            return True
        if isinstance(node, cst.Name) and node.value == "False":
            return False
        text = literal_string(node)
        if text is not None:
            return text
        if isinstance(node, cst.Integer):
            return int(node.value) if node.value.isdigit() else node.value
        if isinstance(node, (cst.Name, cst.Attribute)):
            key = self.names.var_key(node)
            if key in self.constants:
                return self.constants[key]
        return None

    def is_literal(self, node: cst.CSTNode) -> bool:
        """Tell whether a value is made of literals only, so it cannot carry data."""
        if self._constant(node) is not None:
            return True
        if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary)) or (isinstance(node, cst.Name) and node.value == "None"):
            return True
        if isinstance(node, cst.Attribute) and self.names.dotted(node) == "sys.executable":
            return True
        if isinstance(node, cst.FormattedString):
            return all(isinstance(part, cst.FormattedStringText) for part in node.parts)
        if isinstance(node, cst.ConcatenatedString):
            return self.is_literal(node.left) and self.is_literal(node.right)
        if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
            return all(self.is_literal(element.value) for element in node.elements)
        if isinstance(node, cst.BinaryOperation):
            return self.is_literal(node.left) and self.is_literal(node.right)
        if isinstance(node, cst.UnaryOperation):
            return self.is_literal(node.expression)
        return False

    def _subscript_index(self, node: cst.Subscript):
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return None
        return self._constant(node.slice[0].slice.value)

    # ----- expressions --------------------------------------------------------------

    def expr(self, node: cst.CSTNode | None) -> tuple:
        """Return the atoms that may flow into the value of `node`."""
        if node is None:
            return ()
        handler = _EXPRESSIONS.get(type(node).__name__)
        if handler is None:
            return ()
        return handler(self, node)

    def _name(self, node: cst.Name) -> tuple:
        if node.value in ("True", "False", "None"):
            return ()
        key = self.names.var_key(node)
        if key is None:
            return ()
        return (("global", key[2:]),) if key.startswith("g:") else (("var", key[2:]),)

    def _attribute(self, node: cst.Attribute) -> tuple:
        attribute = node.attr.value
        dotted = self.names.dotted(node) or ""
        line = self._location(node).line
        self._check_attribute_reference(node, dotted)
        if kb.matches(dotted, kb.OUTSIDE_SOURCES) and dotted.startswith(("flask.request", "fastapi", "starlette")):
            return (("label", Label(OUTSIDE, "the HTTP request", line)),)
        if isinstance(node.value, cst.Name) and node.value.value in kb.REQUEST_NAMES and \
                attribute in kb.REQUEST_ATTRIBUTES:
            return (("label", Label(OUTSIDE, "the HTTP request", line)),)
        base = self.expr(node.value)
        if attribute in kb.SANITIZER_METHODS:
            return xform(base, drop={SECRET})
        own = ()
        key = self.names.var_key(node)
        if key is not None:
            own = (("global", key[2:]),) if key.startswith("g:") else (("var", key[2:]),)
        named = ()
        if attribute in kb.SECRET_ATTRIBUTES or kb.is_secret_name(attribute):
            named = (("secret-attr", attribute, line),)
        if key is not None and key.startswith("g:") and \
                isinstance(node.value, cst.Name) and node.value.value in ("self", "cls"):
            return union(own, named)
        return union(base, own, named)

    def _subscript(self, node: cst.Subscript) -> tuple:
        base_name = self.names.dotted(node.value)
        index = self._subscript_index(node)
        line = self._location(node).line
        if base_name in ("os.environ", "os.environb"):
            return self._environment_read(node, index)
        index_atoms = () if index is not None else self.expr(node.slice[0].slice.value) \
            if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) else ()
        base = self.expr(node.value)
        if isinstance(index, str) and kb.is_secret_name(index):
            return union(base, (("label", Label(SECRET, f"the {index!r} entry", line)),))
        return union(base, xform(index_atoms, drop={SECRET}))

    def _environment_read(self, node: cst.CSTNode, name) -> tuple:
        if not isinstance(name, str) or not kb.is_secret_name(name):
            return ()
        if kb.is_identity_key_name(name):
            self.report(root.KEY_FROM_ENVIRONMENT, node,
                        f"The key {name} comes from an environment variable the operator controls.")
        return (("label", Label(SECRET, f"environment variable {name}", self._location(node).line)),)

    def _formatted(self, node: cst.FormattedString) -> tuple:
        parts = [self.expr(part.expression) for part in node.parts if isinstance(part, cst.FormattedStringExpression)]
        if node.parts and isinstance(node.parts[0], cst.FormattedStringText):
            parts.append(self._plain_http(node, node.parts[0].value))
        return union(*parts)

    def _concatenated(self, node: cst.ConcatenatedString) -> tuple:
        pieces = []
        while isinstance(node, cst.ConcatenatedString):
            pieces.append(node.right)
            node = node.left
        pieces.append(node)
        first = self.expr(pieces.pop())
        return union(first, *[self.expr(piece) for piece in pieces if not isinstance(piece, cst.SimpleString)])

    def _binary(self, node: cst.BinaryOperation) -> tuple:
        pieces = []
        while isinstance(node, cst.BinaryOperation):
            pieces.append(node.right)
            node = node.left
        pieces.append(node)
        return union(*[self.expr(piece) for piece in pieces])

    def _boolean(self, node: cst.BooleanOperation) -> tuple:
        return union(self.expr(node.left), self.expr(node.right))

    def _unary(self, node: cst.UnaryOperation) -> tuple:
        value = self.expr(node.expression)
        return () if isinstance(node.operator, cst.Not) else value

    def _comparison(self, node: cst.Comparison) -> tuple:
        self.expr(node.left)
        for target in node.comparisons:
            self.expr(target.comparator)
        return ()

    def _if_expression(self, node: cst.IfExp) -> tuple:
        self.expr(node.test)
        return union(self.expr(node.body), self.expr(node.orelse))

    def _sequence(self, node) -> tuple:
        return union(*[self.expr(element.value) for element in node.elements])

    def _dictionary(self, node: cst.Dict) -> tuple:
        parts = []
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                parts.append(self.expr(element.key))
            parts.append(self.expr(element.value))
        return union(*parts)

    def _comprehension(self, node) -> tuple:
        clause = node.for_in
        while clause is not None:
            self.depth[-1] += 1
            self.assign(clause.target, self.expr(clause.iter), None)
            self.depth[-1] -= 1
            clause = clause.inner_for_in
        if isinstance(node, cst.DictComp):
            return union(self.expr(node.key), self.expr(node.value))
        return self.expr(node.elt)

    def _await(self, node: cst.Await) -> tuple:
        return self.expr(node.expression)

    def _named(self, node: cst.NamedExpr) -> tuple:
        value = self.expr(node.value)
        self.assign(node.target, value, node.value)
        return value

    def _passthrough(self, node) -> tuple:
        return self.expr(node.value)

    def _yield(self, node: cst.Yield) -> tuple:
        value = self.expr(node.value) if node.value is not None else ()
        self.emit(Op("return", expr=value))
        return ()

    # ----- calls --------------------------------------------------------------------

    def _call(self, node: cst.Call) -> tuple:
        return calls.lower_call(self, node)

    # ----- checks on attribute use and assignment ------------------------------------

    def _check_attribute_reference(self, node: cst.Attribute, dotted: str) -> None:
        if dotted == "ssl._create_unverified_context":
            self.report(transport.TLS_VERIFICATION_DISABLED, node,
                        "ssl._create_unverified_context makes a context that verifies no certificate.")
        elif dotted.endswith(".MODE_ECB") and dotted.startswith(("Crypto", "Cryptodome")):
            self.report(crypto.ECB_MODE, node, "The cipher runs in ECB mode.")

    def _check_attribute_assignment(self, target: cst.Attribute, value_node) -> None:
        """Report switches turned off by assignment; `ssl.CERT_NONE` on the right is reported where it is read."""
        if value_node is None:
            return
        value = self._constant(value_node)
        attribute = target.attr.value
        owner = self.names.dotted(target.value) or ""
        if attribute == "verify" and value is False:
            confidence = Confidence.HIGH if owner.startswith(("requests", "httpx")) else Confidence.MEDIUM
            self.report(transport.TLS_VERIFICATION_DISABLED, target,
                        "The session's verify attribute is False, so certificates are not checked.", confidence)
        elif attribute in ("verify_mode", "cert_reqs") and self.names.dotted(value_node) == "ssl.CERT_NONE":
            self.report(transport.TLS_VERIFICATION_DISABLED, value_node, "ssl.CERT_NONE turns certificate verification off.")
        elif attribute == "check_hostname" and value is False:
            self.report(transport.TLS_VERIFICATION_DISABLED, target, "Host-name checking is turned off on an SSL context.")
        elif attribute == "debug" and value is True and owner.startswith("flask"):
            self.report(enclave.WEB_DEBUG_MODE, target, "The Flask application's debug flag is turned on.")

    def _check_named_assignment(self, target: cst.Name, value: tuple, value_node: cst.CSTNode) -> None:
        name = target.value
        if name == "DEBUG" and self.is_settings and self.current.key.endswith("<module>") and \
                self._constant(value_node) is True:
            self.report(enclave.WEB_DEBUG_MODE, target, "DEBUG is True in the Django settings module.")
        if kb.is_key_material_name(name) and value:
            site = self.site(crypto.INSECURE_RANDOM_KEY, WEAK_RANDOM, value_node, f"the key material {name}")
            self.sink(site, value)

    def _plain_http(self, node: cst.CSTNode, text: str) -> tuple:
        """Label a plain http:// URL to a remote host, so the request it reaches can be reported."""
        match = PLAIN_HTTP.match(text)
        if match is None:
            return ()
        host = match.group(1)
        if LOOPBACK.match(host) or "." not in host.strip("[]") or host.startswith("unix"):
            return ()
        return (("label", Label(PLAIN_HTTP_URL, f"http://{host}", self._location(node).line)),)

    def _string(self, node: cst.SimpleString) -> tuple:
        text = literal_string(node)
        return self._plain_http(node, text) if text else ()

    # ----- statements -----------------------------------------------------------------

    def visit_Module(self, node: cst.Module) -> None:
        """Type module-level objects first, so functions above `log = logging.getLogger()` resolve `log`."""
        for statement in node.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.Assign) and len(small.targets) == 1 and \
                        isinstance(small.targets[0].target, cst.Name):
                    self.names.remember_type(self.names.var_key(small.targets[0].target), small.value)

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        span = self.get_metadata(PositionProvider, node)
        self.statement = (span.start.line, span.end.line)
        for statement in node.body:
            handler = _STATEMENTS.get(type(statement).__name__)
            if handler is not None:
                handler(self, statement)
        return False

    def _header(self, node: cst.CSTNode, *parts: cst.CSTNode) -> None:
        start = self.get_metadata(PositionProvider, node).start.line
        end = max([self.get_metadata(PositionProvider, part).end.line for part in parts] + [start])
        self.statement = (start, end)

    def _assign_statement(self, node: cst.Assign) -> None:
        value = self.expr(node.value)
        for target in node.targets:
            self.assign(target.target, value, node.value)

    def _ann_assign_statement(self, node: cst.AnnAssign) -> None:
        annotation = self.names.dotted(node.annotation.annotation) or ""
        if annotation.endswith(("SecretStr", "SecretBytes")) and isinstance(node.target, cst.Name):
            self.secret_str.add(node.target.value)
        self.names.remember_annotation(self.names.var_key(node.target), node.annotation.annotation)
        if node.value is not None:
            self.assign(node.target, self.expr(node.value), node.value)

    def _aug_assign_statement(self, node: cst.AugAssign) -> None:
        key = self.names.var_key(node.target)
        value = union(self.expr(node.value), self.expr(node.target))
        if key is not None:
            self.emit(Op("assign", target=key, expr=value, strong=False))

    def _expression_statement(self, node: cst.Expr) -> None:
        value = self.expr(node.value)
        if value:
            self.emit(Op("eval", expr=value))

    def _return_statement(self, node: cst.Return) -> None:
        value = self.expr(node.value)
        self.emit(Op("return", expr=value))
        if self.handler_stack[-1] and node.value is not None and value:
            self.sink(self.site(secrets_rules.SECRET_IN_HTTP_RESPONSE, SECRET, node.value, "the handler's response"),
                      value)
        if self.function_names and kb.is_key_material_name(self.function_names[-1]) and value and \
                re.search(r"(?i)(gen|make|new|create|random)", self.function_names[-1]):
            site = self.site(crypto.INSECURE_RANDOM_KEY, WEAK_RANDOM, node.value,
                             f"the key material returned by {self.function_names[-1]}()")
            self.sink(site, value)

    def _raise_statement(self, node: cst.Raise) -> None:
        value = self.expr(node.exc)
        self.emit(Op("raise", expr=value))
        if self.try_frames:
            self.try_frames[-1].append(value)

    def _assert_statement(self, node: cst.Assert) -> None:
        self.expr(node.test)

    def _import_statement(self, node) -> None:
        calls.check_import(self, node)

    def visit_If(self, node: cst.If) -> None:
        self._header(node, node.test)
        value = self.expr(node.test)
        if value:
            self.emit(Op("eval", expr=value))
        self.depth[-1] += 1

    def leave_If(self, node: cst.If) -> None:
        self.depth[-1] -= 1

    def visit_While(self, node: cst.While) -> None:
        self._header(node, node.test)
        self.emit(Op("eval", expr=self.expr(node.test)))
        self.depth[-1] += 1

    def leave_While(self, node: cst.While) -> None:
        self.depth[-1] -= 1

    def visit_For(self, node: cst.For) -> None:
        self._header(node, node.iter)
        self.depth[-1] += 1
        self.assign(node.target, self.expr(node.iter), None)

    def leave_For(self, node: cst.For) -> None:
        self.depth[-1] -= 1

    def visit_Match(self, node: cst.Match) -> None:
        self._header(node, node.subject)
        self.emit(Op("eval", expr=self.expr(node.subject)))
        self.depth[-1] += 1

    def leave_Match(self, node: cst.Match) -> None:
        self.depth[-1] -= 1

    def visit_Try(self, node: cst.Try) -> None:
        self.depth[-1] += 1
        self.try_frames.append([])

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None and self.try_frames:
            self.assign(node.name.name, union(*self.try_frames[-1]), None)

    def leave_Try(self, node: cst.Try) -> None:
        self.depth[-1] -= 1
        self.try_frames.pop()

    def visit_TryStar(self, node) -> None:
        self.visit_Try(node)

    def leave_TryStar(self, node) -> None:
        self.leave_Try(node)

    def visit_With(self, node: cst.With) -> None:
        self._header(node, *[item.item for item in node.items])
        for item in node.items:
            value = self.expr(item.item)
            if item.asname is not None:
                self.assign(item.asname.name, value, item.item)
            elif value:
                self.emit(Op("eval", expr=value))

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._header(node, node.name)
        bases = tuple(self.names.dotted(base.value) or "" for base in node.bases)
        self.class_bases[node.name.value] = bases
        self.names.class_stack.append(node.name.value)

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.names.class_stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._header(node, node.name)
        calls.enter_function(self, node)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.pop()
        self.function_names.pop()
        self.handler_stack.pop()
        self.depth.pop()
        self.names.in_method = bool(self.names.class_stack) and len(self.functions) > 1

    def loader_is_safe(self, node: cst.CSTNode) -> bool | None:
        """Tell whether a YAML loader is safe: True, False, or None when it cannot be resolved."""
        return self._loader_verdict(self.names.dotted(node) or "", frozenset())

    def _loader_verdict(self, dotted: str, seen: frozenset) -> bool | None:
        """Judge a loader by its name, or a class of this file by its bases; an unsafe base wins."""
        last = dotted.rsplit(".", 1)[-1]
        if dotted.startswith("yaml."):
            if last in kb.YAML_SAFE_LOADERS:
                return True
            if last in kb.YAML_UNSAFE_LOADERS:
                return False
        local = dotted[len(self.module) + 1:] if dotted.startswith(self.module + ".") else None
        if local is None or local in seen or local not in self.class_bases:
            return None
        verdicts = [self._loader_verdict(base, seen | {local}) for base in self.class_bases[local]]
        if False in verdicts:
            return False
        return True if True in verdicts else None


_EXPRESSIONS = {
    "Name": Lowering._name,
    "Attribute": Lowering._attribute,
    "Subscript": Lowering._subscript,
    "Call": Lowering._call,
    "FormattedString": Lowering._formatted,
    "ConcatenatedString": Lowering._concatenated,
    "BinaryOperation": Lowering._binary,
    "BooleanOperation": Lowering._boolean,
    "UnaryOperation": Lowering._unary,
    "Comparison": Lowering._comparison,
    "IfExp": Lowering._if_expression,
    "Tuple": Lowering._sequence,
    "List": Lowering._sequence,
    "Set": Lowering._sequence,
    "Dict": Lowering._dictionary,
    "ListComp": Lowering._comprehension,
    "SetComp": Lowering._comprehension,
    "GeneratorExp": Lowering._comprehension,
    "DictComp": Lowering._comprehension,
    "Await": Lowering._await,
    "NamedExpr": Lowering._named,
    "StarredElement": Lowering._passthrough,
    "Element": Lowering._passthrough,
    "Yield": Lowering._yield,
    "SimpleString": Lowering._string,
}

_STATEMENTS = {
    "Assign": Lowering._assign_statement,
    "AnnAssign": Lowering._ann_assign_statement,
    "AugAssign": Lowering._aug_assign_statement,
    "Expr": Lowering._expression_statement,
    "Return": Lowering._return_statement,
    "Raise": Lowering._raise_statement,
    "Assert": Lowering._assert_statement,
    "Import": Lowering._import_statement,
    "ImportFrom": Lowering._import_statement,
}

