"""Findings about how a dependency is referenced: credentials in its URL, and VCS, URL or path sources."""

from __future__ import annotations

from tee_audit.catalog import supply as rules
from tee_audit.model import Finding
from tee_audit.supply.common import FULL_COMMIT, leaves_root, line_of, make_finding, source_line, strip_credentials, url_has_credentials
from tee_audit.supply.model import Dependency, SourceKind


def reference_findings(dependency: Dependency, reference: str, code_key: str) -> list[Finding]:
    """Check one dependency whose source is not a plain registry release.

    `reference` is the text as written (it may contain credentials, which
    are only detected, never copied); `code_key` is its credential-free form.
    """
    findings = []
    if url_has_credentials(reference):
        findings.append(_finding(rules.INDEX_URL_CREDENTIALS, dependency, f"The download URL of {dependency.name} embeds credentials; supply them at build time instead.", code_key))

    if dependency.source_kind is SourceKind.VCS and not FULL_COMMIT.match(dependency.ref):
        detail = f"the mutable ref {dependency.ref!r}" if dependency.ref else "no ref, so the default branch"
        message = f"{dependency.name} is installed from a VCS URL with {detail}, not a full commit hash."
        findings.append(_finding(rules.VCS_DEPENDENCY_WITHOUT_COMMIT, dependency, message, code_key))
    elif dependency.source_kind is SourceKind.URL and not dependency.hashes:
        message = f"{dependency.name} is downloaded from a URL without a hash to check it against."
        findings.append(_finding(rules.URL_DEPENDENCY_WITHOUT_HASH, dependency, message, code_key))
    elif dependency.source_kind is SourceKind.PATH and leaves_root(dependency.path, dependency.url):
        message = f"{dependency.name} is installed from the local path {dependency.url}, outside the repository."
        findings.append(_finding(rules.LOCAL_PATH_DEPENDENCY, dependency, message, code_key))
    return findings


def index_credential_finding(path: str, text: str, url: str, setting: str) -> Finding | None:
    """Report a package index URL in a manifest that embeds a literal credential; None when it has none."""
    if not url_has_credentials(url):
        return None
    line = line_of(text, url)
    return make_finding(
        rules.INDEX_URL_CREDENTIALS,
        path,
        line,
        f"The {setting} URL embeds credentials; supply them at build time instead.",
        snippet=source_line(text, line),
        code_key=f"{setting} {strip_credentials(url)}",
    )


def _finding(rule, dependency: Dependency, message: str, code_key: str) -> Finding:
    return make_finding(rule, dependency.path, dependency.line, message, end_line=dependency.end_line, snippet=dependency.snippet, code_key=code_key)
