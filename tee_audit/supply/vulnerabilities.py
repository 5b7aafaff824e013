"""Run the requested vulnerability lookups over an inventory and record what could not be checked."""

from __future__ import annotations

from pathlib import Path

from tee_audit.supply.model import Inventory, VulnerabilityReport
from tee_audit.supply.osv import OsvDatabase, OsvDatabaseError

NOT_CHECKED = (
    "Known vulnerabilities were not checked: no vulnerability database was given and online lookups are off "
    "(use --vuln-db PATH with an OSV folder or all.zip, or --online)."
)


def check(inventory: Inventory, vuln_db: Path | None, online_service=None) -> VulnerabilityReport:
    """Look up every pinned version in the offline database and, when given, the online service.

    A requested lookup that fails is a failure, never an empty result.
    Pinned versions that no source covers are listed as unchecked.
    """
    report = VulnerabilityReport()
    pins = sorted(
        {(dependency.ecosystem, dependency.key, dependency.version) for dependency in inventory.installed if dependency.version},
        key=lambda item: (item[0].value, item[1], item[2]),
    )
    if vuln_db is None and online_service is None:
        report.notices.append(NOT_CHECKED)
        return report

    covered: set = set()
    if vuln_db is not None:
        _check_offline(report, pins, Path(vuln_db), covered)
    if online_service is not None:
        _check_online(report, pins, online_service, covered)

    report.unchecked = [pin for pin in pins if pin not in covered]
    if report.unchecked and not report.failures:
        ecosystems = sorted({pin[0].osv_name for pin in report.unchecked})
        report.notices.append(
            f"Known vulnerabilities were not checked for {len(report.unchecked)} pinned versions "
            f"({', '.join(ecosystems)}), because no lookup source covers them."
        )
    return report


def _check_offline(report: VulnerabilityReport, pins: list, path: Path, covered: set) -> None:
    try:
        database = OsvDatabase.load(path)
    except OsvDatabaseError as error:
        report.failures.append(str(error))
        return
    report.checked = True
    report.source = f"OSV database {path}"
    if database.unreadable:
        report.notices.append(f"{len(database.unreadable)} files in the vulnerability database {path} are not valid OSV JSON and were ignored.")
    ecosystems = database.ecosystems()
    for pin in pins:
        ecosystem, name, version = pin
        if ecosystem.osv_name not in ecosystems:
            continue
        covered.add(pin)
        found = database.lookup(ecosystem, name, version)
        if found:
            report.advisories.setdefault(pin, []).extend(found)


def _check_online(report: VulnerabilityReport, pins: list, service, covered: set) -> None:
    # pip-audit's service modules take most of a second to import; only --online needs them.
    from tee_audit.supply import online

    for pin in pins:
        ecosystem, name, version = pin
        if not online.supported(ecosystem):
            continue
        try:
            found = online.lookup(service, name, version)
        except online.OnlineLookupError as error:
            report.failures.append(str(error))
            return
        if found is None:
            continue
        report.checked = True
        report.source = report.source or "online vulnerability service"
        covered.add(pin)
        known = {advisory.id for advisory in report.advisories.get(pin, [])}
        aliases = {alias for advisory in report.advisories.get(pin, []) for alias in advisory.aliases}
        for advisory in found:
            if advisory.id not in known and advisory.id not in aliases and not (set(advisory.aliases) & known):
                report.advisories.setdefault(pin, []).append(advisory)
