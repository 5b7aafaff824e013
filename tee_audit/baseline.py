"""Baseline files: accept today's findings so a gate reports only new ones.

An entry is a finding's fingerprint (rule, path and a hash of the
normalised flagged code, never the code or a secret itself) with a count.
Line numbers play no part, so inserting lines above a finding keeps it
matched; a second identical finding in the same file exceeds the count and
is new; editing the flagged code changes the fingerprint and makes it new.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tee_audit.model import Finding

BASELINE_VERSION = 1


class BaselineError(Exception):
    """The baseline file is missing or malformed."""


def write_baseline(path: Path, findings: list[Finding]) -> int:
    """Write the active findings as a sorted, stable baseline; return the entry count."""
    counts: Counter = Counter()
    names: dict[str, tuple[str, str]] = {}
    for finding in findings:
        if finding.suppressed:
            continue
        counts[finding.fingerprint] += 1
        names[finding.fingerprint] = (finding.rule_id, finding.location.path)
    entries = sorted(
        ({"rule_id": names[key][0], "path": names[key][1], "fingerprint": key, "count": count} for key, count in counts.items()),
        key=lambda entry: (entry["path"], entry["rule_id"], entry["fingerprint"]),
    )
    document = {"version": BASELINE_VERSION, "tool": "tee-audit", "findings": entries}
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return len(entries)


def load_baseline(path: Path) -> Counter:
    """Read a baseline into a fingerprint-to-count table."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"baseline file not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"invalid baseline file {path}: {error}") from error
    if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION:
        raise BaselineError(f"invalid baseline file {path}: expected a tee-audit baseline of version {BASELINE_VERSION}")
    counts: Counter = Counter()
    for entry in document.get("findings", []):
        try:
            counts[str(entry["fingerprint"])] += int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"invalid entry in baseline file {path}: {entry!r}") from None
    return counts


def new_findings(findings: list[Finding], baseline: Counter) -> list[Finding]:
    """Return the findings the baseline does not account for.

    Within one fingerprint the earliest occurrences (by line) are the
    baselined ones, so the extra copy reported as new is the later one.
    """
    remaining = Counter(baseline)
    kept = []
    for finding in sorted(findings, key=Finding.sort_key):
        if not finding.suppressed and remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
            continue
        kept.append(finding)
    return kept
