"""The CycloneDX 1.6 software bill of materials of a project's dependencies, base images and known vulnerabilities.

Components are merged by package URL, so a package named in a manifest and
in a lockfile is listed once, with every file that states it as a
`tee-audit:source` property. Output is deterministic: components,
properties and hashes are sorted, and `reproducible=True` derives the serial
number from the content and takes the timestamp from SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from cyclonedx.model import HashAlgorithm, HashType, Property, XsUri
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentScope, ComponentType
from cyclonedx.model.vulnerability import (
    BomTarget,
    Vulnerability,
    VulnerabilityRating,
    VulnerabilityReference,
    VulnerabilitySeverity,
    VulnerabilitySource,
)
from cyclonedx.output import make_outputter
from cyclonedx.schema import OutputFormat, SchemaVersion
from packageurl import PackageURL

import tee_audit
from tee_audit.supply.model import Advisory, Dependency, Inventory, SourceKind

_ALGORITHMS = {
    "md5": (HashAlgorithm.MD5, 32),
    "sha1": (HashAlgorithm.SHA_1, 40),
    "sha256": (HashAlgorithm.SHA_256, 64),
    "sha384": (HashAlgorithm.SHA_384, 96),
    "sha512": (HashAlgorithm.SHA_512, 128),
}
_HEX = re.compile(r"^[0-9a-f]+$")
_DIRECT_KINDS = ("requirements", "pyproject", "go.mod")
"""Manifests whose entries the project depends on directly."""


@dataclass(frozen=True)
class ImageRecord:
    """A container base image named by a Dockerfile or compose file."""

    name: str
    tag: str = ""
    digest: str = ""
    """`sha256:<hex>` when the reference pins a digest."""
    path: str = ""
    line: int = 0


def _image(record: Any) -> ImageRecord:
    """Accept an ImageRecord, another object with the same attributes, or a mapping."""
    if isinstance(record, ImageRecord):
        return record
    get = record.get if isinstance(record, dict) else lambda key, default=None: getattr(record, key, default)
    return ImageRecord(
        name=str(get("name", "") or ""),
        tag=str(get("tag", "") or ""),
        digest=str(get("digest", "") or ""),
        path=str(get("path", "") or get("source", "") or get("source_path", "") or ""),
        line=int(get("line", 0) or 0),
    )


def build_bom(
    inventory: Inventory,
    project_name: str,
    project_version: str = "",
    images: Iterable[Any] = (),
    reproducible: bool = False,
) -> Bom:
    """Build the BOM: the project as metadata component, its dependencies and base images.

    An empty `project_name` falls back to the name a manifest declares
    (pyproject.toml, package.json, Cargo.toml, go.mod), then to `project`.
    """
    groups: dict[str, list[Dependency]] = {}
    for dependency in inventory.installed:
        groups.setdefault(_purl(dependency).to_string(), []).append(dependency)

    components = {ref: _component(ref, members) for ref, members in sorted(groups.items())}
    image_groups: dict[str, list[ImageRecord]] = {}
    for record in (_image(item) for item in images):
        if record.name:
            image_groups.setdefault(_image_purl(record).to_string(), []).append(record)
    image_components = [_image_component(records) for _, records in sorted(image_groups.items())]

    declared = next((manifest for manifest in sorted(inventory.manifests, key=lambda item: item.path) if manifest.project_name), None)
    if not project_name and declared is not None:
        project_name, project_version = declared.project_name, project_version or declared.project_version
    project = Component(type=ComponentType.APPLICATION, name=project_name or "project", version=project_version or None, bom_ref="project")
    bom = Bom()
    bom.metadata.component = project
    bom.metadata.tools.components.add(Component(type=ComponentType.APPLICATION, name="tee-audit", version=tee_audit.__version__))
    for component in list(components.values()) + image_components:
        bom.components.add(component)

    ref_of = {id(dependency): ref for ref, members in groups.items() for dependency in members}
    children: dict[str, set[str]] = {ref: set() for ref in components}
    for parent, child in inventory.edges:
        if id(parent) in ref_of and id(child) in ref_of and ref_of[id(parent)] != ref_of[id(child)]:
            children[ref_of[id(parent)]].add(ref_of[id(child)])
    direct = {ref_of[id(item)] for item in inventory.roots if id(item) in ref_of}
    direct |= {ref_of[id(item)] for item in inventory.installed if item.manifest_kind in _DIRECT_KINDS}
    bom.register_dependency(project, [components[ref] for ref in sorted(direct)] + image_components)
    for ref, component in components.items():
        bom.register_dependency(component, [components[child] for child in sorted(children[ref])])

    _add_vulnerabilities(bom, inventory, groups)

    if reproducible:
        bom.serial_number = uuid.uuid5(uuid.NAMESPACE_URL, "urn:tee-audit:" + _content_digest(bom))
        bom.metadata.timestamp = _source_date()
    return bom


def _add_vulnerabilities(bom: Bom, inventory: Inventory, groups: dict[str, list[Dependency]]) -> None:
    """List each advisory once, with every component it affects, so the SBOM doubles as a vulnerability report."""
    affected: dict[str, set[str]] = {}
    advisories: dict[str, Advisory] = {}
    for ref, members in groups.items():
        for identity in {member.identity for member in members if member.version}:
            for advisory in inventory.vulnerabilities.advisories.get(identity, []):
                affected.setdefault(advisory.id, set()).add(ref)
                advisories[advisory.id] = advisory

    for identifier in sorted(affected):
        advisory = advisories[identifier]
        ratings = [VulnerabilityRating(severity=VulnerabilitySeverity(advisory.severity))] if advisory.severity else []
        recommendation = f"Upgrade to {' or '.join(advisory.fixed_versions)}." if advisory.fixed_versions else None
        bom.vulnerabilities.add(
            Vulnerability(
                bom_ref=f"vulnerability:{identifier}",
                id=identifier,
                source=_advisory_source(identifier, advisory.source),
                description=advisory.summary or None,
                recommendation=recommendation,
                ratings=ratings,
                references=[VulnerabilityReference(id=alias, source=_advisory_source(alias, "osv")) for alias in advisory.aliases],
                affects=[BomTarget(ref=ref) for ref in sorted(affected[identifier])],
            )
        )


def _advisory_source(identifier: str, source: str) -> VulnerabilitySource:
    if source == "pypi":
        return VulnerabilitySource(name="PyPI", url=XsUri("https://pypi.org/"))
    return VulnerabilitySource(name="OSV", url=XsUri(f"https://osv.dev/vulnerability/{identifier}"))


def _purl(dependency: Dependency) -> PackageURL:
    purl = dependency.purl
    if dependency.source_kind is SourceKind.VCS and dependency.url:
        with_ref = dependency.url if not dependency.ref or dependency.ref in dependency.url else f"{dependency.url}@{dependency.ref}"
        qualifiers = {"vcs_url": with_ref}
        return PackageURL(type=purl.type, namespace=purl.namespace, name=purl.name, version=purl.version, qualifiers=qualifiers)
    if dependency.source_kind in (SourceKind.URL, SourceKind.PATH) and dependency.url:
        return PackageURL(type=purl.type, namespace=purl.namespace, name=purl.name, version=purl.version, qualifiers={"download_url": dependency.url})
    return purl


def _component(ref: str, members: list[Dependency]) -> Component:
    first = members[0]
    hashes = sorted({value for member in members for value in member.hashes})
    sources = sorted({f"{member.path}:{member.line}" for member in members})
    scopes = {member.scope for member in members}
    properties = [Property(name="tee-audit:source", value=source) for source in sources]
    properties.append(Property(name="tee-audit:source-kind", value=first.source_kind.value))
    return Component(
        type=ComponentType.LIBRARY,
        name=first.name if first.ecosystem.value != "pypi" else first.key,
        version=first.version,
        purl=PackageURL.from_string(ref),
        bom_ref=ref,
        hashes=[hash_type for hash_type in (_hash_type(value) for value in hashes) if hash_type is not None],
        scope=ComponentScope.REQUIRED if "required" in scopes else ComponentScope.OPTIONAL,
        properties=properties,
    )


def _hash_type(value: str) -> HashType | None:
    """Convert `algorithm:hex` to a CycloneDX hash, leaving out malformed or unknown ones."""
    algorithm, _, content = value.partition(":")
    known = _ALGORITHMS.get(algorithm.lower())
    if known is None or len(content) != known[1] or not _HEX.match(content.lower()):
        return None
    return HashType(alg=known[0], content=content.lower())


def _image_purl(record: ImageRecord) -> PackageURL:
    """Build the `pkg:oci` URL: the last path segment as name, the digest as version, the full name as repository."""
    last = record.name.rsplit("/", 1)[-1].lower()
    qualifiers = {"repository_url": record.name}
    if record.tag:
        qualifiers["tag"] = record.tag
    return PackageURL(type="oci", name=last, version=record.digest or None, qualifiers=qualifiers)


def _image_component(records: list[ImageRecord]) -> Component:
    """Build one container component for an image that one or more files name."""
    record = records[0]
    purl = _image_purl(record)
    hashes = []
    if record.digest.startswith("sha256:"):
        hash_type = _hash_type(record.digest)
        if hash_type is not None:
            hashes.append(hash_type)
    sources = sorted({f"{item.path}:{item.line}" for item in records if item.path})
    properties = [Property(name="tee-audit:source", value=source) for source in sources]
    return Component(
        type=ComponentType.CONTAINER,
        name=record.name,
        version=record.digest or record.tag or None,
        purl=purl,
        bom_ref=purl.to_string(),
        hashes=hashes,
        properties=properties,
    )


def _content_digest(bom: Bom) -> str:
    """Hash the serialised BOM with a fixed serial number and timestamp, so equal content gives an equal digest."""
    bom.serial_number = uuid.UUID(int=0)
    bom.metadata.timestamp = datetime(1970, 1, 1, tzinfo=timezone.utc)
    text = make_outputter(bom, OutputFormat.JSON, SchemaVersion.V1_6).output_as_string()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _source_date() -> datetime:
    """Take the build time from SOURCE_DATE_EPOCH (seconds since the Unix epoch), else the epoch itself."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(value) if value.strip().isdigit() else 0
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def serialize_bom(bom: Bom, fmt: str = "json") -> str:
    """Render the BOM as CycloneDX 1.6 JSON or XML."""
    formats = {"json": OutputFormat.JSON, "xml": OutputFormat.XML}
    if fmt not in formats:
        raise ValueError(f"unknown SBOM format {fmt!r}: expected 'json' or 'xml'")
    outputter = make_outputter(bom, formats[fmt], SchemaVersion.V1_6)
    return outputter.output_as_string(indent=2)
