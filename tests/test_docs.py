"""The README's promises: two quick-start commands, CI runs the test command verbatim, every command documented."""

from __future__ import annotations

import re
from pathlib import Path

from typer.main import get_command

from steppe.cli import app

ROOT = Path(__file__).resolve().parent.parent


def _quick_start_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```(?:bash)?\n(.*?)```", section, re.S)]


def test_docs_quick_start_has_exactly_two_commands():
    blocks = _quick_start_blocks()
    assert len(blocks) == 2
    assert "python3 -m venv .venv" in blocks[0] and "steppe demo" in blocks[0]
    assert "pytest" in blocks[1]


def test_docs_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _quick_start_blocks()[1] in ci.splitlines()


def test_docs_every_command_has_help_and_a_readme_entry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = get_command(app)
    for name, cmd in group.commands.items():
        assert cmd.help and cmd.help.strip(), name
        assert f"steppe {name}" in readme, name
