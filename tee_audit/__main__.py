"""`python -m tee_audit` runs the command line."""

from tee_audit.cli import run

run()
