"""Build steppe: the event coder (steppe/extract) compiled to C with mypyc where a C compiler is at hand.

Compiled, the same typed source runs about a quarter faster (docs/scale.md). Without a compiler, or
with STEPPE_PURE_PYTHON=1 set at install time, steppe installs as pure Python and works the same.
The hashes of the compiled sources go to steppe/extract/_compiled.json: at run time a module whose
source was edited after the build runs as Python (steppe/extract/__init__.py), so an edit is never
hidden behind a stale binary.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from setuptools import setup

ROOT = Path(__file__).resolve().parent
PACKAGE = ROOT / "steppe" / "extract"
MANIFEST = PACKAGE / "_compiled.json"


def _sources() -> list[Path]:
    # __init__.py stays Python: it decides at import time whether the compiled modules are current
    return sorted(p for p in PACKAGE.glob("*.py") if p.name != "__init__.py")


def _ext_modules() -> list:
    if os.environ.get("STEPPE_PURE_PYTHON"):
        MANIFEST.unlink(missing_ok=True)
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # built without the build requirements (no isolation): pure Python
        return []
    sources = _sources()
    MANIFEST.write_text(json.dumps({
        "python": sys.implementation.cache_tag,
        "sources": {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in sources}}, indent=1) + "\n",
        encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(ROOT)  # mypyc names modules after paths relative to the working directory
    try:
        exts = mypycify(["--ignore-missing-imports", *(str(p.relative_to(ROOT)) for p in sources)], opt_level="3",
                        group_name="steppe.extract._coder")
    except (Exception, SystemExit) as exc:  # mypyc exits on a type error: install as Python, and say so
        print(f"steppe: the event coder is not compiled ({exc}); installing it as Python", file=sys.stderr)
        MANIFEST.unlink(missing_ok=True)
        return []
    finally:
        os.chdir(cwd)
    for ext in exts:
        ext.optional = True  # a failed compile leaves the pure Python modules in use
    return exts


setup(ext_modules=_ext_modules())
