"""Online vulnerability lookups through pip-audit's PyPI and OSV services.

Only the pinned PyPI versions already read from the project are queried;
pip-audit never resolves, downloads or installs the project. These lookups
run only when the user asks for them.
"""

from __future__ import annotations

from pathlib import Path

import requests
from packaging.version import InvalidVersion, Version
from pip_audit._service.interface import ResolvedDependency, ServiceError, VulnerabilityService
from pip_audit._service.osv import OsvService
from pip_audit._service.pypi import PyPIService

from tee_audit.supply.model import Advisory, Ecosystem

DEFAULT_TIMEOUT_SECONDS = 15


class OnlineLookupError(Exception):
    """A vulnerability service could not be queried; the dependencies are then unchecked."""


def make_service(
    name: str = "osv",
    *,
    osv_url: str | None = None,
    timeout: int = DEFAULT_TIMEOUT_SECONDS,
    cache_dir: Path | None = None,
) -> VulnerabilityService:
    """Create a pip-audit service.

    `osv_url` replaces the OSV query endpoint, for a mirror or for tests.
    `cache_dir` is the folder of the HTTP cache; None uses pip-audit's own.
    """
    if name == "pypi":
        return PyPIService(cache_dir=cache_dir, timeout=timeout)
    if name == "osv":
        return OsvService(cache_dir=cache_dir, timeout=timeout, osv_url=osv_url or OsvService.DEFAULT_OSV_URL)
    raise ValueError(f"unknown vulnerability service {name!r}: expected 'osv' or 'pypi'")


def lookup(service: VulnerabilityService, name: str, version: str) -> list[Advisory] | None:
    """Query one pinned PyPI version.

    Return None when the service could not check it (an invalid version, or
    a package PyPI does not know), and raise OnlineLookupError when the
    service fails.
    """
    try:
        parsed = Version(version)
    except InvalidVersion:
        return None
    dependency = ResolvedDependency(name=name, version=parsed)
    source = "pypi" if isinstance(service, PyPIService) else "osv-api"
    try:
        queried, results = service.query(dependency)
    except (ServiceError, ConnectionError, requests.RequestException, ValueError) as error:
        raise OnlineLookupError(f"the {source} vulnerability service failed for {name}=={version}: {error}") from error
    if queried.is_skipped():
        return None
    advisories = [
        Advisory(
            id=str(result.id),
            aliases=tuple(sorted(str(alias) for alias in result.aliases)),
            summary=(result.description or "")[:200],
            fixed_versions=tuple(str(fixed) for fixed in result.fix_versions),
            source=source,
        )
        for result in results
    ]
    return sorted(advisories, key=lambda advisory: advisory.id)


def supported(ecosystem: Ecosystem) -> bool:
    """pip-audit's services cover PyPI only."""
    return ecosystem is Ecosystem.PYPI
