"""Readers of lockfiles, one module per format; `read_lockfile` dispatches by file name."""
