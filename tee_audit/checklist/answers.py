"""Reviewer answers: a small TOML file that settles checks static analysis cannot.

    [[answer]]
    check = "C11"
    status = "pass"
    note = "Keys come from the dstack KMS; see the runbook."
    score = 9        # optional, 0 to 10

An answer replaces the computed status and score of its check and is shown
as reviewer-provided. It does not hide findings: a critical or high finding
still caps the grade until it is fixed or suppressed.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from tee_audit.checklist.model import Answer, Answers, Status
from tee_audit.checks import CHECKS_BY_ID

_KEYS = {"check", "status", "note", "score"}


class AnswersError(ValueError):
    """An answers file is unreadable or holds an invalid answer."""


def load_answers(path: str | Path) -> Answers:
    """Read and validate the answers file at `path`."""
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise AnswersError(f"cannot read answers file {path}: {error.strerror}") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise AnswersError(f"answers file {path} is not valid TOML: {error}") from error
    return parse_answers(document, source=str(path))


def parse_answers(document: dict, source: str = "") -> Answers:
    """Validate an already parsed answers document."""
    entries = document.get("answer", [])
    if not isinstance(entries, list):
        raise AnswersError(f"{source}: 'answer' must be an array of tables ([[answer]])")
    unknown_top = set(document) - {"answer"}
    if unknown_top:
        raise AnswersError(f"{source}: unknown key(s) {', '.join(sorted(unknown_top))}; expected only [[answer]]")

    answers: list[Answer] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        answer = _parse_entry(entry, f"{source} answer {number}")
        if answer.check in seen:
            raise AnswersError(f"{source} answer {number}: check {answer.check} is answered twice")
        seen.add(answer.check)
        answers.append(answer)
    return Answers(tuple(answers), source)


def _parse_entry(entry: object, where: str) -> Answer:
    if not isinstance(entry, dict):
        raise AnswersError(f"{where}: expected a table with check and status")
    unknown = set(entry) - _KEYS
    if unknown:
        raise AnswersError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; expected {', '.join(sorted(_KEYS))}")

    check = entry.get("check")
    if not isinstance(check, str) or check.strip().upper() not in CHECKS_BY_ID:
        raise AnswersError(f"{where}: unknown check {check!r}; expected an id from C01 to C18")
    check = check.strip().upper()

    raw_status = entry.get("status")
    try:
        status = Status(str(raw_status).strip().lower())
    except ValueError:
        names = ", ".join(repr(member.value) for member in Status)
        raise AnswersError(f"{where}: unknown status {raw_status!r} for {check}; expected one of {names}") from None

    note = entry.get("note", "")
    if not isinstance(note, str):
        raise AnswersError(f"{where}: note for {check} must be a string")

    score = entry.get("score")
    if score is not None:
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 10:
            raise AnswersError(f"{where}: score {score!r} for {check} must be a number from 0 to 10")
        if not status.scored:
            raise AnswersError(f"{where}: a {status.value} answer for {check} cannot carry a score")
        score = float(score)
    return Answer(check, status, note, score)
