"""Declarations of the built-in rules, one module per family of hazards.

Importing this package fills `tee_audit.registry.BUILTIN`.
"""

from tee_audit.catalog import enclave, images, rating, supply  # noqa: F401  (each module declares its rules)
