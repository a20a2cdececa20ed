"""The compiled event coder (mypyc, setup.py) and its Python source give the same events, and a
source edited after the build runs as Python instead of the stale binary."""

from __future__ import annotations

import importlib.machinery
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import steppe.extract as extract
from steppe.resources import data_path

PACKAGE = Path(extract.__file__).resolve().parent
BINARY = importlib.machinery.EXTENSION_SUFFIXES[0]
needs_binaries = pytest.mark.skipif(not any(PACKAGE.glob(f"*{BINARY}")), reason="steppe installed without mypyc")


def _run(args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    res = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd, check=True)
    return res.stdout


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "STEPPE_PURE_PYTHON"}
    return env | extra


@needs_binaries
def test_compiled_and_python_coders_give_the_same_events() -> None:
    assert extract.compiled() == (extract.WHY_PYTHON is None)
    demo = str(data_path("demo"))
    native = _run(["-m", "steppe", "events", demo], env=_env())
    python = _run(["-m", "steppe", "events", demo], env=_env(STEPPE_PURE_PYTHON="1"))
    assert native.count("\n") > 100
    assert native == python


@needs_binaries
def test_an_edited_source_runs_as_python(tmp_path: Path) -> None:
    copy = tmp_path / "steppe"
    shutil.copytree(PACKAGE.parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    probe = "import steppe.extract as x, steppe.extract.text as t; print(x.WHY_PYTHON, t.__file__.endswith('.py'))"
    env = _env(PYTHONPATH=str(tmp_path))
    assert _run(["-c", probe], env=env, cwd=tmp_path).split() == ["None", "False"]
    text = copy / "extract" / "text.py"
    text.write_text(text.read_text(encoding="utf-8") + "\nEDITED = True\n", encoding="utf-8")
    out = _run(["-c", probe + "; print(t.EDITED)"], env=env, cwd=tmp_path)
    assert out.split()[-2:] == ["True", "True"] and "text.py changed" in out


def test_the_coder_type_checks() -> None:
    """mypyc compiles only code that type-checks: a type error would install the coder as (slower) Python."""
    api = pytest.importorskip("mypy.api")
    out, err, status = api.run(["--ignore-missing-imports", "--no-incremental", "--cache-dir", os.devnull,
                                str(PACKAGE)])
    assert status == 0, out + err


def test_stale_binaries_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEPPE_PURE_PYTHON", "1")
    assert extract._stale() == "STEPPE_PURE_PYTHON is set"
    monkeypatch.delenv("STEPPE_PURE_PYTHON")
    monkeypatch.setattr(extract, "_MANIFEST", tmp_path / "missing.json")
    assert extract._stale() == "no record of the compiled sources"
    (tmp_path / "m.json").write_text('{"python": "cpython-0", "sources": {}}', encoding="utf-8")
    monkeypatch.setattr(extract, "_MANIFEST", tmp_path / "m.json")
    assert extract._stale() == "compiled for another Python"
