"""Extraction: sentences, actors, dates and events of an article (the event coder).

The modules of this package are compiled with mypyc when steppe is installed (setup.py). A compiled
module is used only while the sources are those it was built from (their hashes are in
_compiled.json): after an edit, or with STEPPE_PURE_PYTHON=1, every module of the package runs
from its Python source, so an edit never hides behind a stale binary and profilers see the code.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_MANIFEST = _HERE / "_compiled.json"


def _binaries() -> bool:
    return any(_HERE.glob(f"*{importlib.machinery.EXTENSION_SUFFIXES[0]}"))


def _stale() -> str | None:
    """Why the compiled modules must not be used, or None when they may."""
    if os.environ.get("STEPPE_PURE_PYTHON"):
        return "STEPPE_PURE_PYTHON is set"
    try:
        manifest = json.loads(_MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no record of the compiled sources"
    if manifest.get("python") != sys.implementation.cache_tag:
        return "compiled for another Python"
    for name, digest in manifest.get("sources", {}).items():
        try:
            now = hashlib.sha256((_HERE / f"{name}.py").read_bytes()).hexdigest()
        except OSError:
            now = None
        if now != digest:
            return f"{name}.py changed since it was compiled"
    return None


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds this package's modules as Python sources, ahead of the compiled ones beside them."""

    def find_spec(self, fullname: str, path: object = None, target: object = None
                  ) -> importlib.machinery.ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        source = _HERE / f"{name}.py"
        if package != __name__ or not source.is_file():
            return None
        return importlib.util.spec_from_file_location(fullname, source)


# why the package runs as Python (None: compiled); the finder goes first only where binaries exist
WHY_PYTHON = _stale() if (_BUILT := _binaries()) else "not compiled at install"
if _BUILT and WHY_PYTHON:
    sys.meta_path.insert(0, _SourceFinder())


def compiled() -> bool:
    """Whether the event coder runs as compiled code (reported by `steppe bench`)."""
    from steppe.extract import events

    return not (events.__file__ or "").endswith(".py")
