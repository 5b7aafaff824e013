"""Every rule tee-audit knows, declared once.

Built-in analyzers declare their rules in `tee_audit.catalog`; Semgrep rules
carry the same fields under `metadata.tee-audit` in the packs of `rules/`.
The `rules` command, the generated docs and the SARIF rule metadata all read
this registry, so a rule's text lives in exactly one place.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from tee_audit.checks import CHECKS_BY_ID
from tee_audit.model import Confidence, Finding, Location, Severity

DOCS_BASE_URL = "https://github.com/tee-audit/tee-audit/blob/main/docs/rules.md"


@dataclass(frozen=True)
class Rule:
    """A rule's identity and documentation."""

    id: str
    """Kebab-case name of the hazard, such as `private-key-logged`."""
    check: str
    severity: Severity
    summary: str
    """One line: what the rule finds."""
    rationale: str
    """Why the finding matters inside a TEE."""
    remediation: str
    bad: str
    """A short example the rule reports."""
    good: str
    """The same example done right, which the rule leaves alone."""
    language: str
    """The file kind the examples are written in, such as `python` or `dockerfile`."""
    engine: str = "builtin"
    """`builtin` for tee-audit's own analyzers, `semgrep` for rule packs."""
    confidence: Confidence = Confidence.HIGH
    """The usual confidence; an analyzer may lower it for one finding."""
    known_problems: str = ""

    @property
    def help_uri(self) -> str:
        return f"{DOCS_BASE_URL}#{self.id}"

    def finding(
        self,
        location: Location,
        message: str,
        *,
        snippet: str = "",
        code_key: str = "",
        severity: Severity | None = None,
        confidence: Confidence | None = None,
    ) -> Finding:
        """Build a finding of this rule; severity and confidence default to the rule's."""
        return Finding(
            rule_id=self.id,
            check=self.check,
            severity=severity or self.severity,
            confidence=confidence or self.confidence,
            location=location,
            message=message,
            snippet=snippet,
            code_key=code_key,
        )


class RegistryError(Exception):
    """A rule declaration is invalid or clashes with another."""


@dataclass
class Registry:
    """All rules by id, in the order they were declared."""

    rules: dict[str, Rule] = field(default_factory=dict)

    def add(self, rule: Rule) -> Rule:
        _validate(rule)
        if rule.id in self.rules:
            raise RegistryError(f"rule id {rule.id!r} is declared twice")
        self.rules[rule.id] = rule
        return rule

    def get(self, rule_id: str) -> Rule | None:
        return self.rules.get(rule_id)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self.rules

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self.rules.values(), key=lambda rule: (rule.check, rule.id)))

    def __len__(self) -> int:
        return len(self.rules)


def _validate(rule: Rule) -> None:
    if not rule.id or rule.id != rule.id.lower() or " " in rule.id or "_" in rule.id:
        raise RegistryError(f"rule id {rule.id!r} is not kebab-case")
    if rule.check not in CHECKS_BY_ID:
        raise RegistryError(f"rule {rule.id!r} names unknown check {rule.check!r}")
    for name in ("summary", "rationale", "remediation", "bad", "good"):
        if not getattr(rule, name).strip():
            raise RegistryError(f"rule {rule.id!r} has an empty {name}")


BUILTIN = Registry()
"""Rules of the built-in analyzers; `tee_audit.catalog` fills it on import."""


def declare(**fields) -> Rule:
    """Declare a built-in rule and return it for the analyzer to use."""
    return BUILTIN.add(Rule(**fields))


def semgrep_rules_dir() -> Path:
    """Locate the Semgrep packs: the `rules/` folder of the source checkout
    this module runs from, or else the installed `tee_audit.semgrep_rules`.

    The checkout comes first because an editable install of another
    checkout maps `tee_audit.semgrep_rules` to that checkout's folder.
    """
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "rules").is_dir():
        return checkout / "rules"
    try:
        return Path(str(importlib.resources.files("tee_audit.semgrep_rules")))
    except ModuleNotFoundError:
        return checkout / "rules"


def semgrep_rule_files() -> list[Path]:
    """List the pack files in a stable order, leaving out their test files."""
    root = semgrep_rules_dir()
    return sorted(path for path in root.rglob("*.y*ml") if path.suffix in (".yml", ".yaml"))


def _semgrep_rule(raw: dict, language: str) -> Rule:
    """Build a Rule from a pack entry; `metadata.tee-audit.language` names
    the file kind when Semgrep's language differs (`bash` for shell scripts,
    `generic` for Makefiles)."""
    meta = raw.get("metadata", {}).get("tee-audit")
    if not isinstance(meta, dict):
        raise RegistryError(f"semgrep rule {raw.get('id')!r} has no metadata.tee-audit block")
    return Rule(
        id=raw["id"],
        check=meta["check"],
        severity=Severity.parse(meta["severity"]),
        confidence=Confidence.parse(meta.get("confidence", "medium")),
        summary=meta["summary"],
        rationale=meta["rationale"],
        remediation=meta["remediation"],
        bad=meta["bad"],
        good=meta["good"],
        language=meta.get("language", language),
        engine="semgrep",
        known_problems=meta.get("known_problems", ""),
    )


@lru_cache(maxsize=1)
def load() -> Registry:
    """Return the full registry: built-in rules plus every Semgrep pack rule."""
    import yaml

    import tee_audit.catalog  # noqa: F401  (declares the built-in rules)

    # libyaml's loader reads the packs about ten times faster than the pure
    # Python one, which dominated a warm run; both build the same plain data.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    registry = Registry(dict(BUILTIN.rules))
    for path in semgrep_rule_files():
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        for raw in document.get("rules", []):
            languages = raw.get("languages") or ["generic"]
            registry.add(_semgrep_rule(raw, str(languages[0])))
    return registry
