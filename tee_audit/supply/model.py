"""The dependency inventory that the readers fill and the SBOM and checks read."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from packageurl import PackageURL
from packaging.utils import canonicalize_name

from tee_audit.model import Finding, Skipped


class Ecosystem(enum.Enum):
    """A package ecosystem; the value is the package-URL type."""

    PYPI = "pypi"
    NPM = "npm"
    CARGO = "cargo"
    GOLANG = "golang"

    @property
    def osv_name(self) -> str:
        """The ecosystem's name in OSV advisories."""
        return {"pypi": "PyPI", "npm": "npm", "cargo": "crates.io", "golang": "Go"}[self.value]


class SourceKind(enum.Enum):
    """The origin of a dependency's code."""

    REGISTRY = "registry"
    VCS = "vcs"
    URL = "url"
    PATH = "path"


def normalize_name(ecosystem: Ecosystem, name: str) -> str:
    """Return the name under which the ecosystem's index and OSV know a package.

    PyPI names compare after PEP 503 normalisation (`Zope.Interface` and
    `zope-interface` are one project); npm, crates.io and Go names are exact.
    """
    if ecosystem is Ecosystem.PYPI:
        return canonicalize_name(name)
    return name


@dataclass(frozen=True)
class Dependency:
    """One dependency as a manifest or lockfile states it."""

    ecosystem: Ecosystem
    name: str
    """The name as written in the file."""
    version: str | None
    """The exact version, when the file pins one; None for ranges and unpinned entries."""
    path: str
    """POSIX path, relative to the scan root, of the file that states the dependency."""
    line: int
    end_line: int = 0
    snippet: str = ""
    """The stating line(s), already redacted."""
    specifier: str = ""
    """The version constraint as written, such as `>=1.2,<2`; empty when there is none."""
    source_kind: SourceKind = SourceKind.REGISTRY
    url: str = ""
    """Download, VCS or path reference, with any credentials removed."""
    ref: str = ""
    """The VCS revision named in the reference (commit, tag or branch)."""
    hashes: tuple[str, ...] = ()
    """`algorithm:hexdigest` pairs, such as `sha256:ab12...`."""
    extras: tuple[str, ...] = ()
    marker: str = ""
    scope: str = "required"
    """`required`, `optional`, `dev` or `constraint`; constraints are not installs."""
    editable: bool = False
    manifest_kind: str = ""
    """The format of the stating file, such as `requirements` or `poetry.lock`."""

    @property
    def key(self) -> str:
        return normalize_name(self.ecosystem, self.name)

    @property
    def identity(self) -> tuple[Ecosystem, str, str | None]:
        """What makes two entries the same component: ecosystem, normalised name, version."""
        return (self.ecosystem, self.key, self.version)

    @property
    def purl(self) -> PackageURL:
        return package_url(self.ecosystem, self.name, self.version)

    @property
    def installs(self) -> bool:
        """Whether the entry puts code in the image; constraint entries only limit versions."""
        return self.scope != "constraint"


def package_url(ecosystem: Ecosystem, name: str, version: str | None) -> PackageURL:
    """Build the package URL of a component following the purl type rules."""
    namespace = None
    if ecosystem is Ecosystem.PYPI:
        name = canonicalize_name(name)
    elif ecosystem is Ecosystem.NPM and name.startswith("@") and "/" in name:
        namespace, name = name.split("/", 1)
    elif ecosystem is Ecosystem.GOLANG and "/" in name:
        namespace, name = name.rsplit("/", 1)
    return PackageURL(type=ecosystem.value, namespace=namespace, name=name, version=version or None)


@dataclass(frozen=True)
class ManifestInfo:
    """A dependency file that was read, with what the checks need to know about it."""

    path: str
    kind: str
    """`requirements`, `pyproject`, `package.json`, `Cargo.toml`, `go.mod` or a lockfile's name."""
    is_lockfile: bool
    has_ranges: bool = False
    """The file states at least one dependency by a range rather than an exact version."""
    range_line: int = 0
    """The line of the first dependency stated by a range, where the finding points."""
    fully_pinned: bool = False
    """Every installing entry has an exact version (a pinned requirements file acts as a lock)."""
    project_name: str = ""
    project_version: str = ""


@dataclass
class ParseResult:
    """The output of one reader for one file."""

    dependencies: list[Dependency] = field(default_factory=list)
    edges: list[tuple[Dependency, Dependency]] = field(default_factory=list)
    """`(dependent, dependency)` pairs, for lockfiles that record the graph."""
    roots: list[Dependency] = field(default_factory=list)
    """The entries the project itself depends on, where the lockfile records them."""
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    manifests: list[ManifestInfo] = field(default_factory=list)

    def extend(self, other: "ParseResult") -> None:
        self.dependencies.extend(other.dependencies)
        self.edges.extend(other.edges)
        self.roots.extend(other.roots)
        self.findings.extend(other.findings)
        self.skipped.extend(other.skipped)
        self.notices.extend(other.notices)
        self.manifests.extend(other.manifests)


@dataclass(frozen=True)
class Advisory:
    """A known vulnerability that affects one dependency version."""

    id: str
    aliases: tuple[str, ...] = ()
    summary: str = ""
    fixed_versions: tuple[str, ...] = ()
    severity: str = ""
    """`critical`, `high`, `medium` or `low` from the advisory; empty when it gives none."""
    source: str = "osv"
    """`osv` for the offline database, `pypi` or `osv-api` for an online service."""


@dataclass
class VulnerabilityReport:
    """The outcome of the vulnerability lookups for an inventory."""

    checked: bool = False
    """Whether any lookup ran; False means the inventory was not checked at all."""
    source: str = ""
    advisories: dict[tuple[Ecosystem, str, str], list[Advisory]] = field(default_factory=dict)
    """Advisories by (ecosystem, normalised name, version); only pinned versions are keys."""
    unchecked: list[tuple[Ecosystem, str, str]] = field(default_factory=list)
    """Pinned versions the lookup could not cover, such as ecosystems a service does not serve."""
    notices: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


@dataclass
class Inventory:
    """Every dependency of the project, merged from all its manifests and lockfiles."""

    dependencies: list[Dependency] = field(default_factory=list)
    edges: list[tuple[Dependency, Dependency]] = field(default_factory=list)
    roots: list[Dependency] = field(default_factory=list)
    manifests: list[ManifestInfo] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    vulnerabilities: VulnerabilityReport = field(default_factory=VulnerabilityReport)

    @property
    def installed(self) -> list[Dependency]:
        return [dependency for dependency in self.dependencies if dependency.installs]

    def distinct_components(self) -> list[tuple[Ecosystem, str, str | None]]:
        """Return the distinct (ecosystem, name, version) triples that install code, sorted."""
        seen = {dependency.identity for dependency in self.installed}
        return sorted(seen, key=lambda item: (item[0].value, item[1], item[2] or ""))
