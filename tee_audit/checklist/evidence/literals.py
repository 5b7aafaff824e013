"""Literal words a regular expression cannot match without, for a fast pre-check.

The collectors' patterns are long alternations with `\\b` and `(?i)`, which
CPython's backtracking engine tries at every position of a file: about
5 MB a second. Nearly every file of a large project lacks the words such a
pattern needs, and a substring test over the case-folded text proves that at
memory speed. `required_clauses` reads the words from the pattern's parse
tree, so they stay in step with the pattern itself.
"""

from __future__ import annotations

import functools
import itertools
import re

try:
    from re import _parser as sre_parse  # CPython 3.11 and later
except ImportError:  # pragma: no cover - older interpreters keep the parser under its old name
    import sre_parse  # type: ignore[no-redef]

MIN_WORD_LENGTH = 3
"""Shorter words occur in almost every file and would rule none out."""

MAX_SPELLINGS = 64
"""Most strings one run of literals, optional parts and small alternations may expand to."""

MAX_CLASS_SIZE = 8
"""Largest character class such as `[_-]` expanded into its characters."""


@functools.lru_cache(maxsize=512)
def required_clauses(pattern: re.Pattern) -> tuple[frozenset[str], ...]:
    """Return clauses of case-folded words: every match of `pattern` contains a word of each clause.

    An empty tuple means no such words were found, so the pattern must run
    on every file. The parse tree comes from CPython's own regular-expression
    parser, a private module: if it ever fails, the pre-check is skipped
    rather than trusted.
    """
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - a failed optimisation must never change a result
        return ()
    clauses = _clauses(list(tree))
    return tuple(sorted(clauses, key=_selectivity, reverse=True))


def may_match(pattern: re.Pattern, folded_text: str) -> bool:
    """Tell whether `pattern` can match a text, given the text case-folded; False is certain."""
    return all(any(word in folded_text for word in clause) for clause in required_clauses(pattern))


def _selectivity(clause: frozenset[str]) -> tuple[int, int]:
    return min(map(len, clause)), -len(clause)


def _clauses(items: list) -> list[frozenset[str]]:
    """Return every useful clause a sequence of regex items requires.

    Consecutive items with few spellings (literals, `_?`, `[_-]`, `(a|b)`,
    and zero-width `\\b`) join into one run, whose spellings form a clause.
    Other items contribute the clauses they require themselves.
    """
    clauses: list[frozenset[str]] = []
    run: set[str] = {""}
    for opcode, argument in items:
        spellings = _spellings(opcode, argument)
        if spellings is not None and len(run) * len(spellings) <= MAX_SPELLINGS:
            run = {prefix + suffix for prefix, suffix in itertools.product(run, spellings)}
            continue
        _add_clause(clauses, run)
        run = {""} if spellings is None else set(spellings)
        if spellings is None:
            clauses.extend(_required_by(opcode, argument))
    _add_clause(clauses, run)
    return clauses


def _add_clause(clauses: list[frozenset[str]], spellings: set[str]) -> None:
    folded = frozenset(spelling.casefold() for spelling in spellings)
    if folded and min(map(len, folded)) >= MIN_WORD_LENGTH:
        clauses.append(folded)


def _required_by(opcode, argument) -> list[frozenset[str]]:
    """Return the clauses a group, alternation or repeated part requires, where it has too many spellings."""
    if opcode is sre_parse.SUBPATTERN:
        return _clauses(list(argument[-1]))
    if opcode is sre_parse.BRANCH:
        words: set[str] = set()
        for alternative in argument[1]:
            clauses = _clauses(list(alternative))
            if not clauses:
                return []
            words |= max(clauses, key=_selectivity)
        return [frozenset(words)]
    if opcode in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) and argument[0] >= 1:
        return _clauses(list(argument[2]))
    return []


def _spellings(opcode, argument) -> set[str] | None:
    """Return every string an item can match if they are few, else None."""
    if opcode is sre_parse.LITERAL:
        return {chr(argument)}
    if opcode is sre_parse.AT:
        return {""}
    if opcode is sre_parse.IN:
        if len(argument) > MAX_CLASS_SIZE or any(kind is not sre_parse.LITERAL for kind, _ in argument):
            return None
        return {chr(code) for _, code in argument}
    if opcode is sre_parse.SUBPATTERN:
        return _sequence_spellings(list(argument[-1]))
    if opcode is sre_parse.BRANCH:
        found: set[str] = set()
        for alternative in argument[1]:
            spellings = _sequence_spellings(list(alternative))
            if spellings is None:
                return None
            found |= spellings
        return found if len(found) <= MAX_SPELLINGS else None
    if opcode in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) and argument[1] == 1:
        inner = _sequence_spellings(list(argument[2]))
        if inner is None:
            return None
        return inner | {""} if argument[0] == 0 else inner
    return None


def _sequence_spellings(items: list) -> set[str] | None:
    spellings = {""}
    for opcode, argument in items:
        part = _spellings(opcode, argument)
        if part is None or len(spellings) * len(part) > MAX_SPELLINGS:
            return None
        spellings = {prefix + suffix for prefix, suffix in itertools.product(spellings, part)}
    return spellings
