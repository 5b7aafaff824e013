"""Analyzers: each reads files of some kinds and returns findings."""
