"""Declarations of the built-in rules, one module per family of hazards.

Importing this package fills `tee_audit.registry.BUILTIN`.
"""

from tee_audit.catalog import enclave, images  # noqa: E402,F401  (declares the image and enclave rules)
