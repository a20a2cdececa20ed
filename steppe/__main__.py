"""`python -m steppe` runs the command line."""

from steppe.cli import app

app(prog_name="steppe")
