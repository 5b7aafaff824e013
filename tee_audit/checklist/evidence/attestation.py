"""Evidence about attestation: published measurements (C03), identity bound
to the report data (C12), verification (C13) and TCB currency (C14).

Matching is textual, so it sees the vocabulary of the common SDKs (dstack,
Intel DCAP, Gramine, AWS Nitro, Azure MAA) in any language.
"""

from __future__ import annotations

import re

from tee_audit.catalog.rating import ATTESTATION_NOT_VERIFIED, ATTESTATION_SIGNATURE_SKIPPED
from tee_audit.checklist.evidence.base import CODE_KINDS, Collected, ProjectText, is_doc
from tee_audit.checklist.evidence.build import is_ci_file
from tee_audit.model import Location, SourceFile
from tee_audit.redact import redact_text

_HEX32 = r"(?:0x)?[0-9a-fA-F]{32,}"
_PUBLISHED_MEASUREMENT = re.compile(
    r"(?i)\b(PCR\s*[0-9]{1,2}|MR_?ENCLAVE|MR_?SIGNER|MR_?TD|RTMR\s*\[?[0-3]\]?|compose[ _-]?hash)\b"
    rf"[^0-9a-fA-F\n]{{0,40}}{_HEX32}"
)
_MEASUREMENT_IN_CI = re.compile(
    r"nitro-cli\s+(build-enclave|describe-eif)|gramine-sgx-sigstruct-view|gramine-sgx-sign"
    r"|dstack[\w-]*\s+.*compose-hash|\bcompose[_-]hash\b|\bmrenclave\b|\bPCR[0-9]\b",
    re.IGNORECASE,
)

_PRODUCES = re.compile(
    r"\bget_?quote\s*\(|\bGetQuote\b|\btdx_quote\s*\(|/dev/attestation/quote|\bget_attestation_doc"
    r"|\bget_attestation_document|\bsgx_get_quote\b|\btdx_att_get_quote\b|\bnsm_get_attestation_doc"
    r"|\bRequest::Attestation\b|\bGetAttestationReport\b"
)
_VERIFIES = re.compile(
    r"(?i)\bverify_?quote\b|\bdcap[_-]qvl\b|\bsgx_qv_verify_quote\b|\btdx_qv_verify_quote\b"
    r"|\bverify_?attestation(_doc(ument)?|_report|_token)?\b|\bAttestationVerifier\b|\bqvl\.verify\b"
    r"|\bverify_?report\b|\bra[_-]?tls\b.*verify|\bverify_?tdx\b|\bverify_?sgx\b"
)
_CERT_CHAIN = re.compile(
    r"(?i)load_(pem|der)_x509_certificate|verify_directly_issued_by|cert(ificate)?_?chain|\bX509Store"
    r"|root_?ca\b|root_?cert|pck_?cert|verify_certificate"
)
_MEASUREMENT_COMPARE = re.compile(
    r"(?i)(mr_?enclave|mr_?signer|mr_?td|rtmr\w*|pcrs?\b\W*\d*\W*|measurement|compose_?hash)\s*"
    r"(!=|==|\bnot in\b|\bin\b)|(expected|allowed|trusted)_?(mr_?enclave|mr_?td|pcrs?|measurements?|rtmr\w*)"
)
_NONCE = re.compile(r"(?i)\bnonce\b|\bchallenge\b")
_REPORT_DATA = re.compile(
    r"(?i)report_?data|user_?report_?data|\buser_data\s*=|\bpublic_key\s*=|/dev/attestation/user_report_data"
    r"|get_quote\s*\(\s*[\w.]*(pub|key|addr|hash|digest)"
)
_TCB = re.compile(
    r"(?i)tcb_?status|\bUpToDate\b|\bOutOfDate\b|SWHardeningNeeded|ConfigurationNeeded|\bisv_?svn\b"
    r"|\bmin(imum)?_?(tcb|svn|firmware)\w*|\btcb_?level|\bcpu_?svn\b|\btee_?tcb_?svn\b|\bqe_?identity\b"
)
_ATTESTATION_CONTEXT = re.compile(
    r"(?i)attest|nitro|\bnsm\b|\bsgx|\btdx|\bsnp\b|enclave|dstack|tappd|gramine|report_?data|\bmaa\b|dcap"
)
"""Words that show a file deals with TEE attestation; calls such as `get_quote`
count only in such files, because stock-quote code uses the same names."""
_SIGNATURE_SKIPPED = re.compile(
    r"""(?i)["']?verify_?signature["']?\s*[:=]\s*False|skip_?signature\w*\s*[:=]\s*True"""
    r"""|verify_?sig\s*=\s*False|insecure_?skip_?verify\s*[:=]\s*[Tt]rue"""
)


def collect_attestation(project: ProjectText) -> Collected:
    collected = Collected()
    _published_measurements(project, collected)

    code = [file for file in project.select(kinds=CODE_KINDS) if project.first_match(file, _ATTESTATION_CONTEXT)]
    producers = _first_lines(project, code, _PRODUCES)
    verifiers = _first_lines(project, code, _VERIFIES)
    for file, number, line in producers:
        collected.note("attestation-produced", file, "produces an attestation: " + _excerpt(line), number)
    for file, number, line in verifiers:
        collected.add("C13", "quote-verification", file, "verifies a quote or attestation: " + _excerpt(line), number)
        collected.note("attestation-verified", file, "verifies an attestation", number)

    verifier_files = [file for file, _, _ in verifiers]
    for key, pattern, description in (
        ("certificate-chain", _CERT_CHAIN, "checks the certificate chain"),
        ("measurement-comparison", _MEASUREMENT_COMPARE, "compares the measurement with an expected value"),
        ("nonce", _NONCE, "uses a nonce for freshness"),
    ):
        for file, number, line in _first_lines(project, verifier_files, pattern):
            collected.add("C13", key, file, f"verifier {description}: " + _excerpt(line), number)
    for file, number, line in _first_lines(project, verifier_files, _TCB):
        collected.add("C14", "tcb-status-check", file, "verifier checks TCB status or SVN: " + _excerpt(line), number)

    for file, number, line in _first_lines(project, code, _REPORT_DATA):
        collected.add("C12", "report-data-binding", file, "binds data to the attestation: " + _excerpt(line), number)

    _signature_skips(project, code, collected)
    if producers and not verifiers:
        file, number, line = producers[0]
        collected.findings.append(ATTESTATION_NOT_VERIFIED.finding(
            Location(file.path, number, 1, number, len(line) + 1),
            "This code produces an attestation, but nothing in the project verifies one.",
            snippet=redact_text(line.strip()),
            code_key=_PRODUCES.search(line).group(0),
        ))
    return collected


def _published_measurements(project: ProjectText, collected: Collected) -> None:
    for file in project.select(test=is_doc):
        for number, line in project.matching_lines(file, _PUBLISHED_MEASUREMENT):
            label = _PUBLISHED_MEASUREMENT.search(line).group(1)
            collected.add("C03", "measurement-published", file, f"documents the expected {label} value", number)
            break
    for file in project.select(test=is_ci_file):
        found = project.first_match(file, _MEASUREMENT_IN_CI)
        if found:
            collected.add("C03", "measurement-in-ci", file, "CI computes or checks the measurement: "
                          + _excerpt(found[1]), found[0])


def _signature_skips(project: ProjectText, code: list[SourceFile], collected: Collected) -> None:
    for file in code:
        for number, line in project.matching_lines(file, _SIGNATURE_SKIPPED):
            match = _SIGNATURE_SKIPPED.search(line)
            collected.findings.append(ATTESTATION_SIGNATURE_SKIPPED.finding(
                Location(file.path, number, match.start() + 1, number, match.end() + 1),
                "Attestation handling in this file turns off signature verification.",
                snippet=redact_text(line.strip()),
                code_key=re.sub(r"\s+", "", match.group(0)),
            ))


def _first_lines(project: ProjectText, files: list[SourceFile], pattern: re.Pattern):
    """Return the first matching line of each file, as (file, line number, line)."""
    found = []
    for file in files:
        match = project.first_match(file, pattern)
        if match:
            found.append((file, match[0], match[1]))
    return found


def _excerpt(line: str) -> str:
    return redact_text(line.strip())[:120]
