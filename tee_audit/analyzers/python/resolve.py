"""Turn names in one module into dotted names, whatever the local spelling.

Imports and aliases come from libcst's scope analysis (ScopeProvider and
its qualified names). Receivers get the type of the constructor or factory
that made them, tracked per variable, so `sess = requests.Session();
sess.get` resolves to `requests.Session.get`.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import QualifiedNameSource, ScopeProvider

from tee_audit.analyzers.python import knowledge
from tee_audit.analyzers.python.ir import module_name  # noqa: F401  (re-exported for callers of this module)


class Resolver:
    """Dotted names and variable keys for one module, using its metadata."""

    def __init__(self, visitor: cst.CSTVisitor, module: str, is_package: bool) -> None:
        self.visitor = visitor
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.types: dict[str, str] = {}
        """Variable key to the dotted type of the object it holds."""
        self.class_stack: list[str] = []
        self.in_method = False

    def qualified(self, node: cst.CSTNode) -> tuple[str, QualifiedNameSource] | None:
        """Ask the node's scope for its qualified names, on demand.

        This is what QualifiedNameProvider computes, but only for the names
        a rule looks at instead of every name in the file, which halves the
        metadata cost.
        """
        scope = self.visitor.get_metadata(ScopeProvider, node, None)
        names = scope.get_qualified_names_for(node) if scope is not None else set()
        if not names:
            return None
        best = sorted(names, key=lambda name: (name.source != QualifiedNameSource.IMPORT, name.name))[0]
        return best.name, best.source

    def absolute(self, name: str) -> str:
        """Resolve a relative import name (`.util.helper`) against this module's package."""
        if not name.startswith("."):
            return name
        dots = len(name) - len(name.lstrip("."))
        base = self.package.split(".") if self.package else []
        if dots > 1:
            base = base[: len(base) - (dots - 1)]
        return ".".join(base + [name.lstrip(".")]) if name.lstrip(".") else ".".join(base)

    def var_key(self, node: cst.CSTNode) -> str | None:
        """Key of a variable or `self` attribute: `g:` for module-level and class names, `v:` for locals."""
        if isinstance(node, cst.Name):
            found = self.qualified(node)
            if found is None:
                return f"v:{node.value}"
            name, source = found
            if source != QualifiedNameSource.LOCAL:
                return f"g:{self.absolute(name)}"
            if "<locals>" in name:
                return f"v:{name}"
            return f"g:{self.module}.{name}"
        if self._is_own_attribute(node):
            return f"g:{self.module}.{self.class_stack[-1]}.{node.attr.value}"
        if isinstance(node, cst.Attribute):
            base = self.var_key(node.value)
            return f"{base}.{node.attr.value}" if base else None
        return None

    def _is_own_attribute(self, node: cst.CSTNode) -> bool:
        """Tell whether `node` is `self.x` or `cls.x` inside a method of a class."""
        return isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and \
            node.value.value in ("self", "cls") and bool(self.class_stack) and self.in_method

    def dotted(self, node: cst.CSTNode) -> str | None:
        """Return the dotted name a callee or receiver resolves to, or None."""
        key = self.var_key(node) if isinstance(node, (cst.Name, cst.Attribute)) else None
        if key in self.types:
            return self.types[key]
        if isinstance(node, cst.Name):
            found = self.qualified(node)
            if found is None:
                return None
            name, source = found
            if source == QualifiedNameSource.LOCAL:
                return None if "<locals>" in name else f"{self.module}.{name}"
            return self.absolute(name)
        if self._is_own_attribute(node):
            return f"{self.module}.{self.class_stack[-1]}.{node.attr.value}"
        if isinstance(node, cst.Attribute):
            base = self.dotted(node.value)
            return f"{base}.{node.attr.value}" if base else None
        if isinstance(node, cst.Call):
            callee = self.dotted(node.func)
            return knowledge.FACTORY_TYPES.get(callee, callee) if callee else None
        if isinstance(node, cst.Await):
            return self.dotted(node.expression)
        return None

    def remember_type(self, key: str | None, value: cst.CSTNode) -> None:
        """Record the type of what `value` builds, if it is a call we can name."""
        if key is None:
            return
        if isinstance(value, cst.Await):
            value = value.expression
        if isinstance(value, cst.Call):
            made = self.dotted(value)
            if made:
                self.types[key] = made

    def remember_annotation(self, key: str | None, annotation: cst.CSTNode) -> None:
        if key is None:
            return
        named = self.dotted(annotation)
        if named:
            self.types[key] = named
