"""C18 operational defence: nothing in a repository shows it, so reviewers answer it."""

from __future__ import annotations

from tee_audit.checklist.policy import CheckPolicy

POLICIES = (
    CheckPolicy(
        "C18",
        manual_only=True,
        no_evidence="Physical security and defences against the TEE vendor cannot be seen in source code.",
    ),
)
