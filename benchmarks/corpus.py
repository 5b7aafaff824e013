"""Read the labelled Python corpus: `# expect: rule-id` and `# ok: rule-id` markers per line.

A marker sits on the first line of the flagged code. `# expect` lists rules
that must fire there (a rule named twice must fire twice); `# ok` lists rules
that must stay quiet there. `# skip: reason` on a file's first lines means
the file must come back as skipped with that reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "python_corpus"
_MARKER = re.compile(r"#\s*(expect|ok|skip):\s*([a-z0-9, -]+)")


@dataclass
class Labels:
    expected: Counter = field(default_factory=Counter)
    """(path, line, rule id) that must fire, with multiplicity."""
    quiet: set = field(default_factory=set)
    """(path, line, rule id) that must not fire."""
    skipped: dict = field(default_factory=dict)
    """Path to the skip reason the file must get."""


def read_labels(root: Path = CORPUS) -> Labels:
    labels = Labels()
    for file in sorted(root.rglob("*.py")):
        path = file.relative_to(root).as_posix()
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            for kind, names in _MARKER.findall(line):
                rules = [name.strip() for name in names.split(",") if name.strip()]
                if kind == "skip":
                    labels.skipped[path] = rules[0]
                    continue
                for rule in rules:
                    if kind == "expect":
                        labels.expected[(path, number, rule)] += 1
                    else:
                        labels.quiet.add((path, number, rule))
    return labels


def corpus_files(root: Path = CORPUS) -> list[tuple[str, str]]:
    return [(file.relative_to(root).as_posix(), file.read_text(encoding="utf-8")) for file in sorted(root.rglob("*.py"))]
