"""Lower one parsed module to the data-flow form of `ir.py`.

The lowering walks statements in program order and turns each expression into
the union of what may flow into it. Calls are where the rules live: a call
can be a source (`os.urandom`), a sanitizer (`hashlib.sha256`), a sink
(`log.warning`), a finding on its own (`verify=False`), or a call into the
project that the project pass resolves later.
"""

from __future__ import annotations

import ast
import dataclasses
import re

from tee_audit.analyzers.python import calls, knowledge as kb
from tee_audit.analyzers.python.atoms import (
    ENV_OFF, LOOPBACK, PLAIN_HTTP, literal_string, union, xform,
)
from tee_audit.analyzers.python.ir import (
    OUTSIDE, PLAIN_HTTP_URL, SECRET, WEAK_RANDOM, FileSummary, FunctionIR, Label, Op, SinkSite,
)
from tee_audit.analyzers.python.positions import SourceText
from tee_audit.analyzers.python.resolve import (
    Resolver, class_scope, comprehension_scope, module_scope, pattern_names,
)
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


class Lowering:
    """Build a `FileSummary` from one parsed module."""

    def __init__(self, path: str, module: str, is_package: bool, tree: ast.Module, text: str) -> None:
        self.path = path
        self.module = module
        self.tree = tree
        self.source = SourceText(text)
        self.find_walrus = ":=" in text
        self.names = Resolver(module, is_package, module_scope(tree.body, self.find_walrus))
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

    def run(self) -> FileSummary:
        self._type_module_objects()
        self.body(self.tree.body)
        self.summary.secret_str_attributes = frozenset(self.secret_str)
        return self.summary

    # ----- positions and output -------------------------------------------------

    def _location(self, node: ast.AST) -> Location:
        line, column, end_line, end_column = self.source.span(node)
        return Location(self.path, line, column + 1, end_line, end_column + 1)

    def _statement_for(self, node: ast.AST) -> tuple[int, int]:
        first, last = self.statement
        return (min(first, node.lineno), max(last, node.end_lineno or node.lineno))

    def _snippet(self, lines: tuple[int, int]) -> str:
        first, last = lines
        return redact_snippet(self.source.excerpt(first, min(last, first + MAX_SNIPPET_LINES - 1)))

    def _code_key(self, node: ast.AST) -> str:
        code = " ".join(self.source.segment(node).split())
        return redact_snippet(code)[:300]

    def site(self, rule: Rule, policy: str, node: ast.AST, what: str,
             severity: Severity | None = None, confidence: Confidence = Confidence.HIGH) -> SinkSite:
        lines = self._statement_for(node)
        return SinkSite(rule.id, policy, self._location(node), lines, self._snippet(lines),
                        self._code_key(node), what, severity, confidence)

    def report(self, rule: Rule, node: ast.AST, message: str, confidence: Confidence | None = None) -> None:
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

    def assign(self, target: ast.AST, value: tuple, value_node: ast.AST | None) -> None:
        """Bind `value` to a target, unpacking tuples element by element when both sides line up."""
        if isinstance(target, (ast.Tuple, ast.List)):
            elements = target.elts
            if value_node is not None and isinstance(value_node, (ast.Tuple, ast.List)) and \
                    len(value_node.elts) == len(elements):
                for element, source in zip(elements, value_node.elts):
                    self.assign(element, self.expr(source), source)
                return
            for element in elements:
                self.assign(element, value, None)
            return
        if isinstance(target, ast.Starred):
            self.assign(target.value, value, None)
            return
        if isinstance(target, ast.Subscript):
            self._assign_subscript(target, value, value_node)
            return
        key = self.names.var_key(target)
        if key is None:
            return
        if isinstance(target, ast.Attribute):
            self._check_attribute_assignment(target, value_node)
        strong = self.depth[-1] == 0 and (key.startswith("v:") or self.current.key.endswith("<module>"))
        self.emit(Op("assign", target=key, expr=value, strong=strong))
        if value_node is not None:
            self.names.remember_type(key, value_node)
            constant = self._constant(value_node)
            if constant is not None or key in self.constants:
                self.constants[key] = constant
            if isinstance(target, ast.Name):
                self._check_named_assignment(target, value, value_node)

    def _assign_subscript(self, target: ast.Subscript, value: tuple, value_node) -> None:
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

    def _constant(self, node: ast.AST | None):
        """Return the literal value of `node` (following names bound to literals), or None."""
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, (bool, int)):
                return value
            return literal_string(node)
        if isinstance(node, (ast.Name, ast.Attribute)):
            key = self.names.var_key(node)
            if key in self.constants:
                return self.constants[key]
        return None

    def is_literal(self, node: ast.AST) -> bool:
        """Tell whether a value is made of literals only, so it cannot carry data."""
        if isinstance(node, ast.Constant) or self._constant(node) is not None:
            return True
        if isinstance(node, ast.Attribute) and self.names.dotted(node) == "sys.executable":
            return True
        if isinstance(node, ast.JoinedStr):
            return all(isinstance(part, ast.Constant) for part in node.values)
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return all(self.is_literal(element) for element in node.elts)
        if isinstance(node, ast.Starred):
            return self.is_literal(node.value)
        if isinstance(node, ast.BinOp):
            return self.is_literal(node.left) and self.is_literal(node.right)
        if isinstance(node, ast.UnaryOp):
            return self.is_literal(node.operand)
        return False

    def _subscript_index(self, node: ast.Subscript):
        if isinstance(node.slice, (ast.Tuple, ast.Slice)):
            return None
        return self._constant(node.slice)

    # ----- expressions --------------------------------------------------------------

    def expr(self, node: ast.AST | None) -> tuple:
        """Return the atoms that may flow into the value of `node`."""
        if node is None:
            return ()
        handler = _EXPRESSIONS.get(type(node))
        if handler is None:
            return ()
        return handler(self, node)

    def _name(self, node: ast.Name) -> tuple:
        key = self.names.name_key(node.id)
        return (("global", key[2:]),) if key.startswith("g:") else (("var", key[2:]),)

    def _attribute(self, node: ast.Attribute) -> tuple:
        attribute = node.attr
        dotted = self.names.dotted(node) or ""
        line = node.lineno
        self._check_attribute_reference(node, dotted)
        if kb.matches(dotted, kb.OUTSIDE_SOURCES) and dotted.startswith(("flask.request", "fastapi", "starlette")):
            return (("label", Label(OUTSIDE, "the HTTP request", line, path=self.path)),)
        if isinstance(node.value, ast.Name) and node.value.id in kb.REQUEST_NAMES and \
                attribute in kb.REQUEST_ATTRIBUTES:
            return (("label", Label(OUTSIDE, "the HTTP request", line, path=self.path)),)
        base = self.expr(node.value)
        if attribute in kb.SANITIZER_METHODS:
            return xform(base, drop={SECRET})
        own = ()
        key = self.names.var_key(node)
        if key is not None:
            own = (("global", key[2:]),) if key.startswith("g:") else (("var", key[2:]),)
        named = ()
        if attribute in kb.SECRET_ATTRIBUTES or kb.is_secret_name(attribute):
            named = (("secret-attr", attribute, line, self.path),)
        if key is not None and key.startswith("g:") and \
                isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            return union(own, named)
        return union(base, own, named)

    def _subscript(self, node: ast.Subscript) -> tuple:
        base_name = self.names.dotted(node.value)
        index = self._subscript_index(node)
        if base_name in ("os.environ", "os.environb"):
            return self._environment_read(node, index)
        index_atoms = () if index is not None or isinstance(node.slice, (ast.Tuple, ast.Slice)) \
            else self.expr(node.slice)
        base = self.expr(node.value)
        if isinstance(index, str) and kb.is_secret_name(index):
            return union(base, (("label", Label(SECRET, f"the {index!r} entry", node.lineno, path=self.path)),))
        return union(base, xform(index_atoms, drop={SECRET}))

    def _environment_read(self, node: ast.AST, name) -> tuple:
        if not isinstance(name, str) or not kb.is_secret_name(name):
            return ()
        if kb.is_identity_key_name(name):
            self.report(root.KEY_FROM_ENVIRONMENT, node,
                        f"The key {name} comes from an environment variable the operator controls.")
        return (("label", Label(SECRET, f"environment variable {name}", node.lineno, path=self.path)),)

    def _formatted(self, node: ast.JoinedStr) -> tuple:
        parts = [self.expr(part.value) for part in node.values if isinstance(part, ast.FormattedValue)]
        first = node.values[0] if node.values else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            parts.append(self._plain_http(node, first.value))
        return union(*parts)

    def _binary(self, node: ast.BinOp) -> tuple:
        pieces = []
        while isinstance(node, ast.BinOp):
            pieces.append(node.right)
            node = node.left
        pieces.append(node)
        return union(*[self.expr(piece) for piece in reversed(pieces)])

    def _boolean(self, node: ast.BoolOp) -> tuple:
        return union(*[self.expr(value) for value in node.values])

    def _unary(self, node: ast.UnaryOp) -> tuple:
        value = self.expr(node.operand)
        return () if isinstance(node.op, ast.Not) else value

    def _comparison(self, node: ast.Compare) -> tuple:
        self.expr(node.left)
        for comparator in node.comparators:
            self.expr(comparator)
        return ()

    def _if_expression(self, node: ast.IfExp) -> tuple:
        self.expr(node.test)
        return union(self.expr(node.body), self.expr(node.orelse))

    def _sequence(self, node) -> tuple:
        return union(*[self.expr(element) for element in node.elts])

    def _dictionary(self, node: ast.Dict) -> tuple:
        parts = []
        for key, value in zip(node.keys, node.values):
            if key is not None:
                parts.append(self.expr(key))
            parts.append(self.expr(value))
        return union(*parts)

    def _comprehension(self, node) -> tuple:
        """Lower a comprehension in its own scope; its first iterable is read in the enclosing one."""
        generators = node.generators
        first_iterable = self.expr(generators[0].iter)
        outer = self.names.scope
        self.names.scope = comprehension_scope(outer, generators)
        try:
            for index, generator in enumerate(generators):
                iterable = first_iterable if index == 0 else self.expr(generator.iter)
                self.depth[-1] += 1
                self.assign(generator.target, iterable, None)
                self.depth[-1] -= 1
            if isinstance(node, ast.DictComp):
                return union(self.expr(node.key), self.expr(node.value))
            return self.expr(node.elt)
        finally:
            self.names.scope = outer

    def _named(self, node: ast.NamedExpr) -> tuple:
        value = self.expr(node.value)
        self.assign(node.target, value, node.value)
        return value

    def _passthrough(self, node) -> tuple:
        return self.expr(node.value)

    def _yield(self, node: ast.Yield | ast.YieldFrom) -> tuple:
        value = self.expr(node.value)
        self.emit(Op("return", expr=value))
        return ()

    def _call(self, node: ast.Call) -> tuple:
        return calls.lower_call(self, node)

    # ----- checks on attribute use and assignment ------------------------------------

    def _check_attribute_reference(self, node: ast.Attribute, dotted: str) -> None:
        if dotted == "ssl._create_unverified_context":
            self.report(transport.TLS_VERIFICATION_DISABLED, node,
                        "ssl._create_unverified_context makes a context that verifies no certificate.")
        elif dotted.endswith(".MODE_ECB") and dotted.startswith(("Crypto", "Cryptodome")):
            self.report(crypto.ECB_MODE, node, "The cipher runs in ECB mode.")

    def _check_attribute_assignment(self, target: ast.Attribute, value_node) -> None:
        """Report switches turned off by assignment; `ssl.CERT_NONE` on the right is reported where it is read."""
        if value_node is None:
            return
        value = self._constant(value_node)
        attribute = target.attr
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

    def _check_named_assignment(self, target: ast.Name, value: tuple, value_node: ast.AST) -> None:
        name = target.id
        if name == "DEBUG" and self.is_settings and self.current.key.endswith("<module>") and \
                self._constant(value_node) is True:
            self.report(enclave.WEB_DEBUG_MODE, target, "DEBUG is True in the Django settings module.")
        if kb.is_key_material_name(name) and value:
            site = self.site(crypto.INSECURE_RANDOM_KEY, WEAK_RANDOM, value_node, f"the key material {name}")
            self.sink(site, value)

    def _plain_http(self, node: ast.AST, text: str) -> tuple:
        """Label a plain http:// URL to a remote host, so the request it reaches can be reported."""
        match = PLAIN_HTTP.match(text)
        if match is None:
            return ()
        host = match.group(1)
        if LOOPBACK.match(host) or "." not in host.strip("[]") or host.startswith("unix"):
            return ()
        return (("label", Label(PLAIN_HTTP_URL, f"http://{host}", node.lineno, path=self.path)),)

    def _string(self, node: ast.Constant) -> tuple:
        text = literal_string(node)
        return self._plain_http(node, text) if text else ()

    # ----- statements -----------------------------------------------------------------

    def _type_module_objects(self) -> None:
        """Type module-level objects first, so functions above `log = logging.getLogger()` resolve `log`."""
        for statement in self.tree.body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and \
                    isinstance(statement.targets[0], ast.Name):
                self.names.remember_type(self.names.var_key(statement.targets[0]), statement.value)

    def body(self, statements: list[ast.stmt]) -> None:
        for statement in statements:
            handler = _STATEMENTS.get(type(statement))
            if handler is None:
                continue
            if type(statement) in _SIMPLE_STATEMENTS:
                self.statement = (statement.lineno, statement.end_lineno or statement.lineno)
            handler(self, statement)

    def _header(self, node: ast.AST, *parts: ast.AST) -> None:
        """Make the header of a compound statement the current statement, for suppressions and snippets."""
        end = max([part.end_lineno or part.lineno for part in parts] + [node.lineno])
        self.statement = (node.lineno, end)

    def _assign_statement(self, node: ast.Assign) -> None:
        value = self.expr(node.value)
        for target in node.targets:
            self.assign(target, value, node.value)

    def _ann_assign_statement(self, node: ast.AnnAssign) -> None:
        annotation = self.names.dotted(node.annotation) or ""
        if annotation.endswith(("SecretStr", "SecretBytes")) and isinstance(node.target, ast.Name):
            self.secret_str.add(node.target.id)
        self.names.remember_annotation(self.names.var_key(node.target), node.annotation)
        if node.value is not None:
            self.assign(node.target, self.expr(node.value), node.value)

    def _aug_assign_statement(self, node: ast.AugAssign) -> None:
        key = self.names.var_key(node.target)
        value = union(self.expr(node.value), self.expr(node.target))
        if key is not None:
            self.emit(Op("assign", target=key, expr=value, strong=False))

    def _expression_statement(self, node: ast.Expr) -> None:
        value = self.expr(node.value)
        if value:
            self.emit(Op("eval", expr=value))

    def _return_statement(self, node: ast.Return) -> None:
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

    def _raise_statement(self, node: ast.Raise) -> None:
        value = self.expr(node.exc)
        self.emit(Op("raise", expr=value))
        if self.try_frames:
            self.try_frames[-1].append(value)

    def _assert_statement(self, node: ast.Assert) -> None:
        self.expr(node.test)

    def _import_statement(self, node: ast.Import | ast.ImportFrom) -> None:
        calls.check_import(self, node)

    def _if_statement(self, node: ast.If) -> None:
        self._header(node, node.test)
        value = self.expr(node.test)
        if value:
            self.emit(Op("eval", expr=value))
        self._branches(node.body, node.orelse)

    def _while_statement(self, node: ast.While) -> None:
        self._header(node, node.test)
        self.depth[-1] += 1
        self.emit(Op("loop"))
        self.emit(Op("eval", expr=self.expr(node.test)))
        self.body(node.body)
        self.emit(Op("end-loop"))
        self.body(node.orelse)
        self.depth[-1] -= 1

    def _for_statement(self, node: ast.For | ast.AsyncFor) -> None:
        self._header(node, node.iter)
        self.depth[-1] += 1
        iterable = self.expr(node.iter)
        self.emit(Op("loop"))
        self.assign(node.target, iterable, None)
        self.body(node.body)
        self.emit(Op("end-loop"))
        self.body(node.orelse)
        self.depth[-1] -= 1

    def _match_statement(self, node: ast.Match) -> None:
        """Lower a match statement; every name a case pattern captures may hold any part of the subject."""
        self._header(node, node.subject)
        subject = self.expr(node.subject)
        self.emit(Op("eval", expr=subject))
        self.depth[-1] += 1
        for case in node.cases:
            for name in pattern_names(case.pattern):
                self.assign(ast.copy_location(ast.Name(id=name, ctx=ast.Store()), case.pattern), subject, None)
            self.body(case.body)
        self.depth[-1] -= 1

    def _branches(self, *bodies: list[ast.stmt]) -> None:
        """Lower bodies that may or may not run, so their assignments join instead of replacing."""
        self.depth[-1] += 1
        for statements in bodies:
            self.body(statements)
        self.depth[-1] -= 1

    def _try_statement(self, node: ast.Try | ast.TryStar) -> None:
        """Lower a try statement; an `except ... as error` name carries what the body raised."""
        self.depth[-1] += 1
        self.try_frames.append([])
        self.body(node.body)
        for handler in node.handlers:
            if handler.name:
                self._header(handler)
                name = ast.copy_location(ast.Name(id=handler.name, ctx=ast.Store()), handler)
                self.assign(name, union(*self.try_frames[-1]), None)
            self.body(handler.body)
        self.body(node.orelse)
        self.body(node.finalbody)
        self.depth[-1] -= 1
        self.try_frames.pop()

    def _with_statement(self, node: ast.With | ast.AsyncWith) -> None:
        self._header(node, *[item.context_expr for item in node.items])
        for item in node.items:
            value = self.expr(item.context_expr)
            if item.optional_vars is not None:
                self.assign(item.optional_vars, value, item.context_expr)
            elif value:
                self.emit(Op("eval", expr=value))
        self.body(node.body)

    def _class_statement(self, node: ast.ClassDef) -> None:
        self._header(node)
        bases = tuple(self.names.dotted(base) or "" for base in node.bases)
        self.class_bases[node.name] = bases
        outer = self.names.scope
        self.names.scope = class_scope(outer, node, self.find_walrus)
        self.names.class_stack.append(node.name)
        self.body(node.body)
        self.names.class_stack.pop()
        self.names.scope = outer

    def _function_statement(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._header(node)
        outer = self.names.scope
        calls.enter_function(self, node)
        self.body(node.body)
        self.names.scope = outer
        self.functions.pop()
        self.function_names.pop()
        self.handler_stack.pop()
        self.depth.pop()
        self.names.in_method = bool(self.names.class_stack) and len(self.functions) > 1

    def loader_is_safe(self, node: ast.AST) -> bool | None:
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
    ast.Name: Lowering._name,
    ast.Attribute: Lowering._attribute,
    ast.Subscript: Lowering._subscript,
    ast.Call: Lowering._call,
    ast.JoinedStr: Lowering._formatted,
    ast.Constant: Lowering._string,
    ast.BinOp: Lowering._binary,
    ast.BoolOp: Lowering._boolean,
    ast.UnaryOp: Lowering._unary,
    ast.Compare: Lowering._comparison,
    ast.IfExp: Lowering._if_expression,
    ast.Tuple: Lowering._sequence,
    ast.List: Lowering._sequence,
    ast.Set: Lowering._sequence,
    ast.Dict: Lowering._dictionary,
    ast.ListComp: Lowering._comprehension,
    ast.SetComp: Lowering._comprehension,
    ast.GeneratorExp: Lowering._comprehension,
    ast.DictComp: Lowering._comprehension,
    ast.Await: Lowering._passthrough,
    ast.Starred: Lowering._passthrough,
    ast.NamedExpr: Lowering._named,
    ast.Yield: Lowering._yield,
    ast.YieldFrom: Lowering._yield,
}

_SIMPLE_STATEMENTS = {
    ast.Assign: Lowering._assign_statement,
    ast.AnnAssign: Lowering._ann_assign_statement,
    ast.AugAssign: Lowering._aug_assign_statement,
    ast.Expr: Lowering._expression_statement,
    ast.Return: Lowering._return_statement,
    ast.Raise: Lowering._raise_statement,
    ast.Assert: Lowering._assert_statement,
    ast.Import: Lowering._import_statement,
    ast.ImportFrom: Lowering._import_statement,
}

_STATEMENTS = {
    **_SIMPLE_STATEMENTS,
    ast.If: Lowering._if_statement,
    ast.While: Lowering._while_statement,
    ast.For: Lowering._for_statement,
    ast.AsyncFor: Lowering._for_statement,
    ast.Match: Lowering._match_statement,
    ast.Try: Lowering._try_statement,
    ast.TryStar: Lowering._try_statement,
    ast.With: Lowering._with_statement,
    ast.AsyncWith: Lowering._with_statement,
    ast.ClassDef: Lowering._class_statement,
    ast.FunctionDef: Lowering._function_statement,
    ast.AsyncFunctionDef: Lowering._function_statement,
}
