"""Analyzers: each reads files of some kinds and returns findings.

`catalog_of_analyzers` is the one list of what a scan runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tee_audit.analyzers.base import FileAnalyzer, ProjectAnalyzer, SummarizingAnalyzer
    from tee_audit.config import Config


def catalog_of_analyzers(
    config: "Config", *, project_checks: bool,
) -> tuple[list["FileAnalyzer"], list["SummarizingAnalyzer"], list["ProjectAnalyzer"]]:
    """Return the file, summarizing and project analyzers a scan runs.

    `project_checks` adds the analyzers that need the whole tree and are
    skipped when pre-commit passes a handful of changed files.
    """
    from tee_audit.analyzers.compose import ComposeAnalyzer
    from tee_audit.analyzers.dockerfile import DockerfileAnalyzer
    from tee_audit.analyzers.enclave import (
        EnclaveAppAnalyzer, GramineManifestAnalyzer, KmsPolicyAnalyzer, NitroCommandAnalyzer,
    )
    from tee_audit.analyzers.python.analyzer import PythonAnalyzer
    from tee_audit.analyzers.secrets import SecretsAnalyzer
    from tee_audit.analyzers.semgrep import SemgrepAnalyzer

    file_analyzers: list[FileAnalyzer] = [
        SecretsAnalyzer(),
        DockerfileAnalyzer(),
        ComposeAnalyzer(),
        GramineManifestAnalyzer(),
        NitroCommandAnalyzer(),
        KmsPolicyAnalyzer(),
        EnclaveAppAnalyzer(),
    ]
    summarizers: list[SummarizingAnalyzer] = [PythonAnalyzer()]
    project_analyzers: list[ProjectAnalyzer] = [SemgrepAnalyzer()]
    if project_checks:
        # Imported only here: the supply-chain readers take a sixth of a
        # second to import, which the pre-commit path on a few files skips.
        from tee_audit.checklist.analyzer import ChecklistEvidenceAnalyzer
        from tee_audit.supply.analyzer import SupplyChainAnalyzer

        project_analyzers.append(SupplyChainAnalyzer(Path(config.vuln_db) if config.vuln_db else None, config.online))
        project_analyzers.append(ChecklistEvidenceAnalyzer())
    return file_analyzers, summarizers, project_analyzers
