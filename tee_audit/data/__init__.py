"""Reference tables shipped with tee-audit, each with its sources and dates."""
