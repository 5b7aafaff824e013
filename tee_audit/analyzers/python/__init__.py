"""The Python analyzer: scope-aware name resolution and cross-file data flow."""

from tee_audit.analyzers.python.analyzer import (
    PythonAnalyzer,
    analyze_summaries,
    declares_pycryptodome,
    summarize_file,
)
from tee_audit.analyzers.python.ir import FileSummary

__all__ = ["FileSummary", "PythonAnalyzer", "analyze_summaries", "declares_pycryptodome", "summarize_file"]
