"""Output formats: each module turns scan results into one format."""
