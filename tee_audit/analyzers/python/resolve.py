"""Turn names in one module into dotted names, whatever the local spelling.

Scopes follow Python's rules: a name bound anywhere in a function is local
to the whole function, `global` and `nonlocal` redirect it, class bodies
are not visible from their methods, and comprehensions have their own scope
while `:=` inside them binds in the enclosing function. Each scope collects
its bindings once, when the lowering enters it, from its statements only.

Receivers get the type of the constructor or factory that made them, tracked
per variable, so `sess = requests.Session(); sess.get` resolves to
`requests.Session.get`.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field

from tee_audit.analyzers.python import knowledge

BUILTIN_NAMES = frozenset(dir(builtins))

IMPORT = "import"
BUILTIN = "builtin"
LOCAL = "local"

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


@dataclass
class Scope:
    """The names one module, class, function or comprehension binds."""

    kind: str
    """`module`, `class`, `function` or `comprehension`."""
    prefix: str
    """Prefix of the qualified names bound here: empty at module level, `C.` in a class, `f.<locals>.` in a function."""
    parent: Scope | None = None
    imports: dict[str, set[str]] = field(default_factory=dict)
    """Name to the dotted names imported under it, relative ones still starting with a dot."""
    locals: set[str] = field(default_factory=set)
    declared_global: set[str] = field(default_factory=set)
    declared_nonlocal: set[str] = field(default_factory=set)
    cache: dict[str, tuple[str, str] | None] = field(default_factory=dict)

    def binds(self, name: str) -> bool:
        return name in self.locals or name in self.imports

    def child(self, kind: str, name: str) -> Scope:
        """Open a scope nested in this one; `name` is the function or class name."""
        if kind == "class":
            prefix = f"{self.prefix}{name}."
        elif kind == "function":
            prefix = f"{self.prefix}{name}.<locals>."
        else:
            prefix = self.prefix if "<locals>." in self.prefix else f"{self.prefix}<locals>."
            prefix += "<comprehension>."
        return Scope(kind, prefix, self)


def module_scope(body: list[ast.stmt], find_walrus: bool) -> Scope:
    scope = Scope("module", "")
    collect(scope, body, find_walrus)
    return scope


def function_scope(parent: Scope, node: ast.FunctionDef | ast.AsyncFunctionDef, find_walrus: bool) -> Scope:
    scope = parent.child("function", node.name)
    arguments = node.args
    for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
        scope.locals.add(argument.arg)
    for argument in (arguments.vararg, arguments.kwarg):
        if argument is not None:
            scope.locals.add(argument.arg)
    collect(scope, node.body, find_walrus)
    return scope


def class_scope(parent: Scope, node: ast.ClassDef, find_walrus: bool) -> Scope:
    scope = parent.child("class", node.name)
    collect(scope, node.body, find_walrus)
    return scope


def comprehension_scope(parent: Scope, generators: list[ast.comprehension]) -> Scope:
    scope = parent.child("comprehension", "")
    for generator in generators:
        _bind_target(scope, generator.target)
    return scope


def collect(scope: Scope, body: list[ast.stmt], find_walrus: bool) -> None:
    """Record what the statements of one scope bind, without entering nested functions or classes.

    `find_walrus` is False when the file has no `:=`, which spares a walk
    over every expression.
    """
    for statement in body:
        _collect_statement(scope, statement, find_walrus)


def _collect_statement(scope: Scope, node: ast.stmt, find_walrus: bool) -> None:
    if isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
        scope.locals.add(node.name)
        if find_walrus:
            for expression in (*node.decorator_list, *_header_expressions(node)):
                _collect_walrus(scope, expression)
        return
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                scope.imports.setdefault(alias.asname, set()).add(alias.name)
            else:
                top = alias.name.split(".")[0]
                scope.imports.setdefault(top, set()).add(top)
        return
    if isinstance(node, ast.ImportFrom):
        base = "." * node.level + (node.module or "")
        for alias in node.names:
            if alias.name == "*":
                continue
            dotted = f"{base}.{alias.name}" if base and not base.endswith(".") else f"{base}{alias.name}"
            scope.imports.setdefault(alias.asname or alias.name, set()).add(dotted)
        return
    if isinstance(node, ast.Global):
        scope.declared_global.update(node.names)
        return
    if isinstance(node, ast.Nonlocal):
        scope.declared_nonlocal.update(node.names)
        return

    if isinstance(node, ast.Assign):
        for target in node.targets:
            _bind_target(scope, target)
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor)):
        _bind_target(scope, node.target)
    elif isinstance(node, ast.Delete):
        for target in node.targets:
            _bind_target(scope, target)
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        for item in node.items:
            if item.optional_vars is not None:
                _bind_target(scope, item.optional_vars)
    elif isinstance(node, (ast.Try, ast.TryStar)):
        for handler in node.handlers:
            if handler.name:
                scope.locals.add(handler.name)
    elif isinstance(node, ast.Match):
        for case in node.cases:
            _bind_pattern(scope, case.pattern)

    if find_walrus:
        for expression in _statement_expressions(node):
            _collect_walrus(scope, expression)
    for nested in _nested_bodies(node):
        collect(scope, nested, find_walrus)


def _nested_bodies(node: ast.stmt):
    for name in ("body", "orelse", "finalbody"):
        body = getattr(node, name, None)
        if body:
            yield body
    for handler in getattr(node, "handlers", ()):
        yield handler.body
    for case in getattr(node, "cases", ()):
        yield case.body


def _statement_expressions(node: ast.stmt):
    """Expressions of a statement itself, not of the statements nested in its bodies."""
    for name, value in ast.iter_fields(node):
        if name in ("body", "orelse", "finalbody", "handlers", "cases"):
            continue
        if isinstance(value, ast.AST):
            yield value
        elif isinstance(value, list):
            yield from (item for item in value if isinstance(item, ast.AST))


def _header_expressions(node):
    if isinstance(node, ast.ClassDef):
        yield from node.bases
        yield from (keyword.value for keyword in node.keywords)
        return
    arguments = node.args
    yield from arguments.defaults
    yield from (default for default in arguments.kw_defaults if default is not None)


def _collect_walrus(scope: Scope, node: ast.AST) -> None:
    """Bind every `:=` target inside an expression, not entering lambdas, which have their own scope."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.NamedExpr):
            _bind_target(scope, current.target)
        if isinstance(current, _NESTED_SCOPES):
            continue
        stack.extend(ast.iter_child_nodes(current))


def _bind_target(scope: Scope, target: ast.AST) -> None:
    if isinstance(target, ast.Name):
        scope.locals.add(target.id)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            _bind_target(scope, element)
    elif isinstance(target, ast.Starred):
        _bind_target(scope, target.value)


def _bind_pattern(scope: Scope, pattern: ast.AST) -> None:
    scope.locals.update(pattern_names(pattern))


def pattern_names(pattern: ast.AST) -> list[str]:
    """Return the names a `case` pattern captures (`as x`, `*rest`, `**rest` and bare names)."""
    names = []
    stack = [pattern]
    while stack:
        current = stack.pop()
        for field_name in ("name", "rest"):
            value = getattr(current, field_name, None)
            if isinstance(value, str):
                names.append(value)
        stack.extend(child for child in ast.iter_child_nodes(current) if isinstance(child, ast.pattern))
    return sorted(set(names))


def lookup(scope: Scope, name: str) -> tuple[str, str] | None:
    """Return the qualified name and its source (`import`, `builtin` or `local`) for a name read in `scope`."""
    if name in scope.cache:
        return scope.cache[name]
    found = _lookup(scope, name)
    scope.cache[name] = found
    return found


def _lookup(scope: Scope, name: str) -> tuple[str, str] | None:
    current: Scope | None = scope
    first = True
    while current is not None:
        if name in current.declared_global:
            current = _module_of(current)
            first = False
            continue
        if name in current.declared_nonlocal:
            current = _enclosing_function(current)
            first = False
            continue
        if (first or current.kind != "class") and current.binds(name):
            return _qualify(current, name)
        current = current.parent
        first = False
    if name in BUILTIN_NAMES:
        return f"builtins.{name}", BUILTIN
    return None


def _qualify(scope: Scope, name: str) -> tuple[str, str]:
    imported = scope.imports.get(name)
    if imported:
        return sorted(imported)[0], IMPORT
    return f"{scope.prefix}{name}", LOCAL


def _module_of(scope: Scope) -> Scope:
    while scope.parent is not None:
        scope = scope.parent
    return scope


def _enclosing_function(scope: Scope) -> Scope | None:
    current = scope.parent
    while current is not None and current.kind not in ("function", "module"):
        current = current.parent
    return current


class Resolver:
    """Dotted names and variable keys for one module, following its scopes."""

    def __init__(self, module: str, is_package: bool, scope: Scope) -> None:
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.scope = scope
        """The innermost scope the lowering is in."""
        self.types: dict[str, str] = {}
        """Variable key to the dotted type of the object it holds."""
        self.class_stack: list[str] = []
        self.in_method = False

    def qualified(self, name: str) -> tuple[str, str] | None:
        return lookup(self.scope, name)

    def absolute(self, name: str) -> str:
        """Resolve a relative import name (`.util.helper`) against this module's package."""
        if not name.startswith("."):
            return name
        dots = len(name) - len(name.lstrip("."))
        base = self.package.split(".") if self.package else []
        if dots > 1:
            base = base[: len(base) - (dots - 1)]
        return ".".join(base + [name.lstrip(".")]) if name.lstrip(".") else ".".join(base)

    def name_key(self, name: str) -> str:
        """Key of a plain name: `g:` and the dotted name for module-level, class-level and imported
        names, `v:` and the name within its function for locals.

        A function's locals share one namespace with its comprehensions'
        (`<comprehension>.x`), which is how the data flow binds parameters.
        """
        found = self.qualified(name)
        if found is None:
            return f"v:{name}"
        qualified, source = found
        if source != LOCAL:
            return f"g:{self.absolute(qualified)}"
        if "<locals>." in qualified:
            return f"v:{qualified.rsplit('<locals>.', 1)[-1]}"
        return f"g:{self.module}.{qualified}"

    def var_key(self, node: ast.AST) -> str | None:
        """Key of a variable or of an attribute path on one, such as `self.x` inside a method."""
        if isinstance(node, ast.Name):
            return self.name_key(node.id)
        if self._is_own_attribute(node):
            return f"g:{self.module}.{self.class_stack[-1]}.{node.attr}"
        if isinstance(node, ast.Attribute):
            base = self.var_key(node.value)
            return f"{base}.{node.attr}" if base else None
        return None

    def _is_own_attribute(self, node: ast.AST) -> bool:
        """Tell whether `node` is `self.x` or `cls.x` inside a method of a class."""
        return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
            node.value.id in ("self", "cls") and bool(self.class_stack) and self.in_method

    def dotted(self, node: ast.AST) -> str | None:
        """Return the dotted name a callee or receiver resolves to, or None."""
        key = self.var_key(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
        if key in self.types:
            return self.types[key]
        if isinstance(node, ast.Name):
            found = self.qualified(node.id)
            if found is None:
                return None
            qualified, source = found
            if source == LOCAL:
                return None if "<locals>" in qualified else f"{self.module}.{qualified}"
            return self.absolute(qualified)
        if self._is_own_attribute(node):
            return f"{self.module}.{self.class_stack[-1]}.{node.attr}"
        if isinstance(node, ast.Attribute):
            base = self.dotted(node.value)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, ast.Call):
            callee = self.dotted(node.func)
            return knowledge.FACTORY_TYPES.get(callee, callee) if callee else None
        if isinstance(node, ast.Await):
            return self.dotted(node.value)
        return None

    def remember_type(self, key: str | None, value: ast.AST) -> None:
        """Record the type of what `value` builds, if it is a call we can name."""
        if key is None:
            return
        if isinstance(value, ast.Await):
            value = value.value
        if isinstance(value, ast.Call):
            made = self.dotted(value)
            if made:
                self.types[key] = made

    def remember_annotation(self, key: str | None, annotation: ast.AST) -> None:
        if key is None:
            return
        named = self.dotted(annotation)
        if named:
            self.types[key] = named
