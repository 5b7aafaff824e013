"""tee-audit: a static security auditor for applications that run in TEEs."""

__version__ = "0.1.0"
