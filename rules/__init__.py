"""Semgrep rule packs, shipped inside the package (see pyproject.toml)."""
