"""Declarations of the built-in rules, one module per family of hazards.

Importing this package fills `tee_audit.registry.BUILTIN`.
"""

from tee_audit.catalog import hardcoded_secrets  # noqa: F401
