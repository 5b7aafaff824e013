"""Supply-chain analysis: dependency readers, the SBOM and vulnerability lookups.

Every reader parses its file as text and never runs the project's build
code, so a hostile `setup.py` or install script cannot act during a scan.
"""
