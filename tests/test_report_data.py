"""Scan metadata: the git commit is read from the .git files, never by running git."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timezone

from tee_audit.catalog.rating import ATTESTATION_NOT_VERIFIED, KEY_SEALED_TO_ONE_MACHINE
from tee_audit.model import Severity
from tee_audit.registry import Registry
from tee_audit.render.report_data import read_git_head, rules_version, scan_metadata

COMMIT = "89abcdef0123456789abcdef0123456789abcdef"


def test_git_head_branch_ref(tmp_path):
    (tmp_path / ".git/refs/heads").mkdir(parents=True)
    (tmp_path / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / ".git/refs/heads/main").write_text(COMMIT + "\n")
    assert read_git_head(tmp_path) == (COMMIT, "refs/heads/main")


def test_git_head_packed_ref(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git/HEAD").write_text("ref: refs/heads/release\n")
    (tmp_path / ".git/packed-refs").write_text(f"# pack-refs with: peeled\n{COMMIT} refs/heads/release\n")
    assert read_git_head(tmp_path) == (COMMIT, "refs/heads/release")


def test_git_head_detached(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git/HEAD").write_text(COMMIT + "\n")
    assert read_git_head(tmp_path) == (COMMIT, "")


def test_git_head_linked_worktree(tmp_path):
    common = tmp_path / "main/.git"
    worktree_git = common / "worktrees/feature"
    worktree_git.mkdir(parents=True)
    (common / "refs/heads").mkdir(parents=True)
    (common / "refs/heads/feature").write_text(COMMIT + "\n")
    (worktree_git / "HEAD").write_text("ref: refs/heads/feature\n")
    (worktree_git / "commondir").write_text("../..\n")
    checkout = tmp_path / "feature"
    checkout.mkdir()
    (checkout / ".git").write_text(f"gitdir: {worktree_git}\n")
    assert read_git_head(checkout) == (COMMIT, "refs/heads/feature")


def test_git_head_ref_escaping_repository_ignored(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "outside").write_text(COMMIT + "\n")
    (tmp_path / ".git/HEAD").write_text("ref: ../outside\n")
    assert read_git_head(tmp_path) == ("", "../outside")


def test_git_head_missing(tmp_path):
    assert read_git_head(tmp_path) == ("", "")


def test_scan_metadata_time_in_utc(tmp_path):
    moment = datetime(2026, 1, 2, 3, 4, 5, 678, tzinfo=timezone.utc)
    metadata = scan_metadata(tmp_path, "rules 42", now=moment)
    assert metadata.scanned_at == "2026-01-02T03:04:05+00:00"
    assert metadata.rules_version == "rules 42"
    assert metadata.git_commit == ""


def test_rules_version_tracks_severity():
    first = Registry({rule.id: rule for rule in (ATTESTATION_NOT_VERIFIED, KEY_SEALED_TO_ONE_MACHINE)})
    changed = Registry({
        ATTESTATION_NOT_VERIFIED.id: replace(ATTESTATION_NOT_VERIFIED, severity=Severity.HIGH),
        KEY_SEALED_TO_ONE_MACHINE.id: KEY_SEALED_TO_ONE_MACHINE,
    })
    assert re.fullmatch(r"2 rules, sha256 [0-9a-f]{12}", rules_version(first))
    assert rules_version(first) != rules_version(changed)
    assert rules_version(first) == rules_version(Registry(dict(reversed(list(first.rules.items())))))


def test_git_head_absolute_ref_ignored(tmp_path):
    (tmp_path / ".git").mkdir()
    outside = tmp_path / "outside"
    outside.write_text(COMMIT + "\n")
    (tmp_path / ".git/HEAD").write_text(f"ref: {outside}\n")
    assert read_git_head(tmp_path) == ("", str(outside))


def test_git_head_found_from_subfolder(tmp_path):
    (tmp_path / ".git/refs/heads").mkdir(parents=True)
    (tmp_path / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / ".git/refs/heads/main").write_text(COMMIT + "\n")
    (tmp_path / "examples/agent").mkdir(parents=True)
    assert read_git_head(tmp_path / "examples/agent") == (COMMIT, "refs/heads/main")
