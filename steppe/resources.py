"""Load the knowledge files shipped in steppe/data (gazetteer, lexicons, watchlists, demo corpus)."""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from steppe.errors import DataError

# libyaml's loader when PyYAML was built with it (ten times faster; same documents), else pure Python
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PACKAGE_DIR = Path(__file__).resolve().parent


def data_path(name: str = "") -> Path:
    """The filesystem path of a file or folder under steppe/data (package data, installed as files)."""
    root = PACKAGE_DIR / "data"
    return root / name if name else root


@lru_cache(maxsize=64)
def load_yaml(name: str) -> Any:
    path = data_path(name)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"{path}: cannot load ({exc})") from exc


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated knowledge file: '#' comment lines, then a header line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc})") from exc
    body = "\n".join(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    reader = csv.DictReader(io.StringIO(body), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for n, row in enumerate(reader, 2):
        if None in row or any(v is None for v in row.values()):
            raise DataError(f"{path}: row {n} has the wrong number of columns")
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


def split_cell(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]
