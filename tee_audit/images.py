"""Container image references, their base-image class, and where a project names them.

A TEE measures the whole image, so the base image decides how much code users
must trust and whether anyone can rebuild the same measurement. This module
parses references the way Docker's reference grammar does, classifies them
with the table in `data/base_images.toml`, and lists every image a project
names for the SBOM.
"""

from __future__ import annotations

import fnmatch
import importlib.resources
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from tee_audit.model import FileKind, SourceFile

DOCKER_HUB_NAMES = ("docker.io", "index.docker.io", "registry-1.docker.io")

FULL_OS_CLASSES = frozenset({"full", "language-full", "gpu-devel"})
"""Classes that put a whole distribution, or a compiler toolchain, in the image."""


@dataclass(frozen=True)
class ImageRef:
    """A parsed image reference such as `registry:5000/team/app:1.2@sha256:...`."""

    raw: str
    registry: str
    """Registry host (with port), or empty for Docker Hub."""
    name: str
    """Repository path without the registry, such as `python` or `tools/builder`."""
    tag: str
    digest: str

    @property
    def is_scratch(self) -> bool:
        return not self.registry and self.name.lower() == "scratch"

    @property
    def repository(self) -> str:
        """Registry and path with Docker Hub's implicit parts removed, for matching."""
        name = self.name.removeprefix("library/")
        return f"{self.registry}/{name}" if self.registry else name

    @property
    def pinned(self) -> bool:
        return bool(self.digest)

    @property
    def floating(self) -> bool:
        """True for `:latest` or no tag at all, when no digest pins the image."""
        return not self.digest and self.tag in ("", "latest")


def parse_reference(raw: str) -> ImageRef:
    """Split an image reference into registry, name, tag and digest.

    As in Docker's reference parser, the first path component is a registry
    only when more components follow and it contains a dot or a colon or is
    `localhost`. A colon in the registry is a port, never a tag.
    """
    text = raw.strip()
    remainder, _, digest = text.partition("@")

    registry = ""
    first, slash, rest = remainder.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        registry, remainder = first, rest
    if registry.lower() in DOCKER_HUB_NAMES:
        registry = ""

    path, _, last = remainder.rpartition("/")
    last_name, colon, tag = last.partition(":")
    name = f"{path}/{last_name}" if path else last_name
    return ImageRef(raw=text, registry=registry, name=name, tag=tag if colon else "", digest=digest)


@dataclass(frozen=True)
class ImageClass:
    """The base-image class of a reference: family, kind and estimated size."""

    family: str
    """Such as `python`, `debian`, `distroless`; `unknown` when not in the table."""
    kind: str
    """One of the classes listed in `data/base_images.toml`, or `unknown`."""
    size_mb: int | None
    """Estimated compressed size; None when the table has no figure."""
    size_note: str = ""

    @property
    def full_os(self) -> bool:
        return self.kind in FULL_OS_CLASSES


UNKNOWN = ImageClass("unknown", "unknown", None)


@lru_cache(maxsize=1)
def _table() -> dict:
    table = importlib.resources.files("tee_audit").joinpath("data").joinpath("base_images.toml")
    data = table.read_text(encoding="utf-8")
    return tomllib.loads(data)


def classify(reference: ImageRef) -> ImageClass:
    """Classify `reference` by the first table entry whose repository glob matches.

    Unknown images get the class `unknown` and no size. A mirror such as
    `registry.internal/base/python` is matched on its last path component
    when its full name is not in the table.
    """
    if reference.is_scratch:
        return _lookup("scratch", "") or UNKNOWN
    found = _lookup(reference.repository.lower(), reference.tag.lower())
    if found is None and "/" in reference.repository:
        found = _lookup(reference.repository.rsplit("/", 1)[1].lower(), reference.tag.lower())
    return found or UNKNOWN


def _lookup(repository: str, tag: str) -> ImageClass | None:
    table = _table()
    meta = table.get("meta", {})
    note = f"{meta.get('size_note', '')}; {meta.get('size_source', '')}, {meta.get('size_date', '')}"
    for entry in table.get("image", []):
        if not any(fnmatch.fnmatchcase(repository, pattern) for pattern in entry["repositories"]):
            continue
        for variant in entry["variants"]:
            if not fnmatch.fnmatchcase(tag or "latest", variant["tags"]):
                continue
            if not fnmatch.fnmatchcase(repository, variant.get("repository", "*")):
                continue
            size = variant.get("size_mb")
            return ImageClass(entry["family"], variant["class"], size, note if size is not None else "")
    return None


@dataclass(frozen=True)
class ImageUse:
    """One place a project names a container image."""

    path: str
    line: int
    reference: ImageRef
    origin: str
    """`dockerfile` for a `FROM`, `compose` for a service's `image:`."""
    stage: str = ""
    """The Dockerfile stage alias, when the image starts a named stage."""


def collect_images(files: list[SourceFile], read_text: Callable[[SourceFile], str | None]) -> list[ImageUse]:
    """List the images a project builds on: Dockerfile `FROM`s that name an
    image (not a stage or `scratch`) and compose `image:` values, including
    compose embedded in dstack's app-compose.json.

    Files that cannot be read or parsed are left out; their analyzers report them.
    """
    from tee_audit.analyzers.compose import compose_images, is_compose_file
    from tee_audit.dockerfile.parser import parse
    from tee_audit.dockerfile.stages import stages

    uses: list[ImageUse] = []
    for file in files:
        if file.kind not in (FileKind.DOCKERFILE, FileKind.ENCLAVE_CONFIG) and not is_compose_file(file):
            continue
        text = read_text(file)
        if text is None:
            continue
        if file.kind is FileKind.DOCKERFILE:
            for stage in stages(parse(text)):
                if stage.parent_stage is not None or stage.is_scratch or not stage.image:
                    continue
                reference = parse_reference(stage.image)
                uses.append(ImageUse(file.path, stage.source.first_line, reference, "dockerfile", stage.alias))
        else:
            for line, image in compose_images(file, text):
                uses.append(ImageUse(file.path, line, parse_reference(image), "compose"))
    return uses
