"""The project pass: per-function summaries, a fixpoint, then findings.

Each function is evaluated with symbolic labels on its parameters. What
reaches its returns, its raised exceptions and its sinks becomes its summary
("returns a secret", "parameter 0 reaches a log call"). Callers use the
summaries of the previous round, and rounds repeat until nothing changes. Module globals and
class attributes are joined over every write in the project.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

from tee_audit.analyzers.python.ir import (
    PLAIN_HTTP_URL, SECRET, UNTRUSTED, WEAK_HASH, WEAK_RANDOM, FileSummary, FunctionIR, Label, Op, SinkSite,
)
from tee_audit.model import Confidence, Finding, Severity
from tee_audit.registry import BUILTIN

MAX_ROUNDS = 8
"""Evaluations of one function before the fixpoint stops revisiting it.
Summaries grow monotonically, so this bounds work on deep call chains; a
chain longer than this may be reported with a shorter path."""


@dataclass(frozen=True)
class ParamLabel:
    """A parameter's value inside its own function, minus the label kinds a sanitizer removed on the way."""

    index: int
    dropped: frozenset = frozenset()
    certain: bool = True


@dataclass
class Summary:
    returns: frozenset = frozenset()
    raises: frozenset = frozenset()
    param_sinks: dict = field(default_factory=dict)
    """Parameter index to a set of (SinkSite, dropped kinds) the parameter reaches."""

    def size(self) -> tuple[int, int, int]:
        """Measure the summary; merges only add, so a change of size is a change of content."""
        return len(self.returns), len(self.raises), sum(len(sinks) for sinks in self.param_sinks.values())


def _drop(labels, drop: frozenset, certain: bool = True) -> frozenset:
    kept = set()
    for label in labels:
        if isinstance(label, ParamLabel):
            kept.add(ParamLabel(label.index, label.dropped | drop, label.certain and certain))
        elif label.kind not in drop:
            kept.add(label if certain or not label.certain else dataclasses.replace(label, certain=False))
    return frozenset(kept)


class Project:
    """All functions of the scanned project and their summaries."""

    def __init__(self, summaries: list[FileSummary]) -> None:
        self.functions: dict[str, FunctionIR] = {}
        self.by_suffix: dict[str, list[str]] = defaultdict(list)
        self.secret_str: set[str] = set()
        for summary in summaries:
            self.secret_str |= set(summary.secret_str_attributes)
            for function in summary.functions:
                self.functions[function.key] = function
                parts = function.key.split(".")
                for start in range(1, len(parts)):
                    self.by_suffix[".".join(parts[start:])].append(function.key)
        self.summaries: dict[str, Summary] = {key: Summary() for key in self.functions}
        self.globals: dict[str, frozenset] = {}
        self.globals_by_suffix: dict[str, list[str]] = defaultdict(list)
        self._loop_starts: dict[str, dict[int, int]] = {}
        self.changed_globals: set[str] = set()
        """Globals written with new labels since the solver last looked."""
        self.hits: dict[SinkSite, set] = {}

    def lookup(self, name: str) -> str | None:
        """Find the project function a dotted callee name refers to, by exact or unique suffix match."""
        if name in self.functions:
            return name
        if name + ".__init__" in self.functions:
            return name + ".__init__"
        candidates = self.by_suffix.get(name) or self.by_suffix.get(name + ".__init__")
        if candidates and len(candidates) == 1:
            return candidates[0]
        return None

    def loop_starts(self, function: FunctionIR) -> dict[int, int]:
        """Map the index of each `end-loop` operation to that of its `loop`."""
        found = self._loop_starts.get(function.key)
        if found is None:
            found, open_loops = {}, []
            for index, op in enumerate(function.ops):
                if op.kind == "loop":
                    open_loops.append(index)
                elif op.kind == "end-loop":
                    found[index] = open_loops.pop()
            self._loop_starts[function.key] = found
        return found

    def add_global(self, key: str, labels: frozenset) -> None:
        """Join labels into a global, indexing a new key by its dotted suffixes."""
        if key not in self.globals:
            parts = key.split(".")
            for start in range(1, len(parts)):
                self.globals_by_suffix[".".join(parts[start:])].append(key)
            self.globals[key] = frozenset()
            self.changed_globals.add(key)
        if not labels <= self.globals[key]:
            self.globals[key] = self.globals[key] | labels
            self.changed_globals.add(key)

    def global_value(self, key: str) -> frozenset:
        """Read a global by its exact key, or by a unique suffix when an import named it differently."""
        if key in self.globals:
            return self.globals[key]
        parts = key.split(".")
        for start in range(1, len(parts) - 1):
            matches = self.globals_by_suffix.get(".".join(parts[start:]), ())
            if len(matches) == 1:
                return self.globals[matches[0]]
        return frozenset()

    def solve(self) -> None:
        """Run every function to a fixpoint with a worklist, then record sink hits with the final summaries.

        Each function runs once, and again only when a callee's summary or a
        global it reads has grown since, at most MAX_ROUNDS times. Readers of
        globals are indexed by the global's last dotted name, because a read
        may reach a global through a unique suffix of its key. Recording
        skips functions that can reach no sink, directly or through a callee.
        """
        position = {key: index for index, key in enumerate(self.functions)}
        callees: dict[str, set[str]] = {}
        callers: dict[str, set[str]] = defaultdict(set)
        readers: dict[str, set[str]] = defaultdict(set)
        runs: Counter = Counter()
        queue = deque(self.functions)
        queued = set(self.functions)
        while queue:
            key = queue.popleft()
            queued.discard(key)
            runs[key] += 1
            before = self.summaries[key].size()
            evaluation = Evaluation(self, self.functions[key], record=False)
            evaluation.run()

            callees[key] = evaluation.callees
            for callee in evaluation.callees:
                callers[callee].add(key)
            for read in evaluation.global_reads:
                readers[read.rsplit(".", 1)[-1]].add(key)

            woken = set(callers[key]) if self.summaries[key].size() != before else set()
            for changed in self.changed_globals:
                woken |= readers[changed.rsplit(".", 1)[-1]]
            self.changed_globals.clear()
            for other in sorted(woken - queued, key=position.__getitem__):
                if runs[other] < MAX_ROUNDS:
                    queue.append(other)
                    queued.add(other)

        for key, function in self.functions.items():
            if any(op.kind == "sink" for op in function.ops) or \
                    any(self.summaries[callee].param_sinks for callee in callees[key]):
                Evaluation(self, function, record=True).run()


class Evaluation:
    """One run of a function's operations over label sets."""

    def __init__(self, project: Project, function: FunctionIR, record: bool) -> None:
        self.project = project
        self.function = function
        self.record = record
        self.summary = Summary()
        self.env: dict[str, frozenset] = {}
        self.callees: set[str] = set()
        """Project functions whose summaries this run used."""
        self.global_reads: set[str] = set()

    def run(self) -> None:
        function = self.function
        for index, name in enumerate(function.params):
            labels = {ParamLabel(index)}
            if index in function.secret_params:
                labels.add(Label(SECRET, f"parameter {name}"))
            if index in function.outside_params:
                labels.add(Label("outside", f"request parameter {name}"))
            self.env[name] = frozenset(labels)
        ops = function.ops
        starts = self.project.loop_starts(function)
        repeated: set[int] = set()
        index = 0
        while index < len(ops):
            op = ops[index]
            if op.kind == "end-loop" and index not in repeated:
                # Run the body once more, with inner loops fresh again.
                start = starts[index]
                repeated.difference_update(range(start, index))
                repeated.add(index)
                index = start + 1
                continue
            self.step(op)
            index += 1
        if not self.record:
            previous = self.project.summaries[function.key]
            merged = Summary(previous.returns | self.summary.returns, previous.raises | self.summary.raises,
                             {i: set(previous.param_sinks.get(i, ())) | set(self.summary.param_sinks.get(i, ()))
                              for i in set(previous.param_sinks) | set(self.summary.param_sinks)})
            self.project.summaries[function.key] = merged

    def step(self, op: Op) -> None:
        kind = op.kind
        if kind == "assign":
            value = self.value(op.expr)
            if op.target.startswith("g:"):
                key = op.target[2:]
                self.project.add_global(key, frozenset(label for label in value if not isinstance(label, ParamLabel)))
                self.env[key] = value if op.strong else self.env.get(key, frozenset()) | value
                return
            key = op.target[2:]
            self.env[key] = value if op.strong else self.env.get(key, frozenset()) | value
        elif kind == "sink":
            self.sink(op.site, self.value(op.expr))
        elif kind == "return":
            self.summary.returns |= self.value(op.expr)
        elif kind == "raise":
            self.summary.raises |= self.value(op.expr)
        elif kind == "eval":
            self.value(op.expr)
        elif kind == "clean":
            key = op.target[2:]
            if key in self.env:
                self.env[key] = _drop(self.env[key], op.drop)

    def sink(self, site: SinkSite, labels: frozenset) -> None:
        for label in labels:
            if isinstance(label, ParamLabel):
                self.summary.param_sinks.setdefault(label.index, set()).add((site, label.dropped))
        if self.record:
            found = self.project.hits.setdefault(site, set())
            found.update(label for label in labels if not isinstance(label, ParamLabel))

    def value(self, expr: tuple) -> frozenset:
        labels: set = set()
        for atom in expr:
            labels |= self.atom(atom)
        return frozenset(labels)

    def atom(self, atom: tuple) -> frozenset:
        kind = atom[0]
        if kind == "var":
            return self.env.get(atom[1], frozenset())
        if kind == "global":
            key = atom[1]
            self.global_reads.add(key)
            return self.env.get(key, frozenset()) | self.project.global_value(key)
        if kind == "label":
            return frozenset({atom[1]})
        if kind == "secret-attr":
            if atom[1] in self.project.secret_str:
                return frozenset()
            return frozenset({Label(SECRET, f"attribute {atom[1]}", atom[2], path=atom[3])})
        if kind == "xform":
            _, drop, add, inner, certain = atom
            return _drop(self.value(inner), drop, certain) | frozenset(add)
        if kind == "call":
            return self.call(atom)
        if kind == "raises":
            target = self.project.lookup(atom[1])
            if target is None:
                return frozenset()
            self.callees.add(target)
            return self.project.summaries[target].raises
        return frozenset()

    def call(self, atom: tuple) -> frozenset:
        _, name, positional, keywords, has_receiver, fallback, fallback_certain = atom
        target = self.project.lookup(name)
        if target is None:
            return _drop(self.value(fallback), frozenset(), certain=fallback_certain)
        self.callees.add(target)
        callee = self.project.functions[target]
        summary = self.project.summaries[target]
        offset = 1 if callee.is_method and has_receiver else 0
        bound: dict[int, frozenset] = {}
        for index, expr in enumerate(positional):
            bound[index + offset] = self.value(expr)
        for keyword, expr in keywords:
            if keyword in callee.params:
                bound[callee.params.index(keyword)] = self.value(expr)

        for index, sinks in summary.param_sinks.items():
            if index not in bound:
                continue
            for site, dropped in sinks:
                self.sink(site, _drop(bound[index], dropped))

        result: set = set()
        for label in summary.returns:
            if isinstance(label, ParamLabel):
                result |= _drop(bound.get(label.index, frozenset()), label.dropped, label.certain)
            else:
                result.add(label)
        return frozenset(result)


_POLICY_KINDS = {
    PLAIN_HTTP_URL: frozenset({PLAIN_HTTP_URL}),
    SECRET: frozenset({SECRET}),
    "untrusted": UNTRUSTED,
    WEAK_RANDOM: frozenset({WEAK_RANDOM}),
    WEAK_HASH: frozenset({WEAK_HASH}),
}


def findings_from_hits(hits: dict[SinkSite, set]) -> list[Finding]:
    """Turn sink hits into findings by each sink's policy."""
    findings = []
    for site, labels in hits.items():
        rule = BUILTIN.get(site.rule_id)
        if site.policy == "always":
            outside = sorted((label for label in labels if label.kind in UNTRUSTED), key=_label_order)
            severity = Severity.CRITICAL if outside else (site.severity or rule.severity)
            confidence = site.confidence
            if outside:
                origin = outside[0]
                message = f"Data from {origin.origin}{_at(origin, site)} reaches {site.what}."
            else:
                message = f"The value passed to {site.what} is not a literal."
        else:
            relevant = sorted((label for label in labels if label.kind in _POLICY_KINDS[site.policy]),
                              key=_label_order)
            if not relevant:
                continue
            origin = relevant[0]
            severity = rule.severity
            confidence = site.confidence if origin.certain else min(site.confidence, Confidence.MEDIUM)
            message = _MESSAGES[site.policy].format(origin=origin.origin, at=_at(origin, site), what=site.what)
        finding = rule.finding(site.location, message, snippet=site.snippet, code_key=site.code_key,
                               severity=severity, confidence=confidence)
        findings.append(dataclasses.replace(finding, statement_lines=site.statement_lines))
    return _one_per_statement(findings)


def _one_per_statement(findings: list[Finding]) -> list[Finding]:
    """Keep one finding per rule and statement, the most severe, so `return jsonify(key)`
    in a handler or `exec(compile(code))` is one problem, not two."""
    best: dict[tuple, Finding] = {}
    for finding in sorted(findings, key=lambda item: (item.severity, item.confidence), reverse=True):
        best.setdefault((finding.rule_id, finding.location.path, finding.statement_lines), finding)
    return list(best.values())


_MESSAGES = {
    SECRET: "A secret from {origin}{at} reaches {what}.",
    "untrusted": "Unverified data from {origin}{at} reaches {what}.",
    WEAK_RANDOM: "A predictable value from {origin}{at} becomes {what}.",
    WEAK_HASH: "A weak hash from {origin}{at} is used in {what}.",
    PLAIN_HTTP_URL: "{what} connects over plain HTTP to {origin}{at}.",
}


def _at(label: Label, site: SinkSite) -> str:
    """Say where a value came from: its line, and its file when that is not the sink's."""
    if not label.line:
        return ""
    if label.path and label.path != site.location.path:
        return f" ({label.path}, line {label.line})"
    return f" (line {label.line})"


def _label_order(label: Label) -> tuple:
    return (not label.certain, label.line, label.origin, label.path)
