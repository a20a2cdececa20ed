"""The evaluation gate: scorer figures on the shared dev pages and PLOVER sentences stay above the floors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_eval_gate(shared):
    res = subprocess.run([sys.executable, str(ROOT / "eval" / "run.py"), "--gate"], capture_output=True, text=True,
                         cwd=ROOT, env={"STEPPE_SHARED": str(shared), "PATH": "/usr/bin:/bin"})
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
    figures = json.loads(res.stdout[: res.stdout.rindex("}") + 1])
    assert figures["articles"]["article_count_accuracy"] == 1.0
