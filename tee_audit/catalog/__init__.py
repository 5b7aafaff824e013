"""Declarations of the built-in rules, one module per family of hazards.

Importing this package fills `tee_audit.registry.BUILTIN`.
"""

from tee_audit.catalog import (  # noqa: F401  (each module declares its rules on import)
    enclave,
    hardcoded_secrets,
    images,
    python_crypto,
    python_dynamic_code,
    python_enclave,
    python_external_data,
    python_root_of_trust,
    python_secrets,
    python_transport,
    rating,
    supply,
)
