"""Output formats. Each renderer turns a scan report into one string."""
