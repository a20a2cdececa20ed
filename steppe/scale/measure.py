"""Run a command and measure it from outside: wall-clock time and peak memory of its whole process tree.

Two memory figures, because a process pool has several processes:

* `max_rss_mb`: the largest resident set of any one process of the tree, exact, from the kernel
  (`wait4` reports the peak of the child and of every descendant it waited for). The command is
  started by a tiny helper process: a child forked straight from this (large) process would
  inherit its peak, since Linux counts the memory a process had before `exec`;
* `tree_mb`: the peak of the sum over the live tree, sampled every SAMPLE_S seconds, counting
  shared pages once per sharer (proportional set size where Linux gives it, else RSS).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from steppe.errors import SteppeError

SAMPLE_S = 0.1
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class RunStats:
    """One measured command: wall seconds, peak memory (MiB) and its exit status."""

    wall_s: float
    max_rss_mb: float | None
    tree_mb: float | None
    returncode: int
    stderr: str

    @property
    def peak_mb(self) -> float:
        """The best estimate of the memory the command needed at its peak."""
        return max(self.max_rss_mb or 0.0, self.tree_mb or 0.0)


def steppe_command(*args: str) -> list[str]:
    """The real steppe CLI, run by this interpreter (so the same installation is measured)."""
    return [sys.executable, "-m", "steppe", *args]


# Forks and execs the command, waits for it, writes its peak RSS (KiB, its descendants included) to
# the file named by STEPPE_MAXRSS_FILE and exits with its status. Run with `python -S`: a few MiB.
_HELPER = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(os.environ["STEPPE_MAXRSS_FILE"], "w") as fh:
    fh.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
os._exit(code if code >= 0 else 128 - code)
"""


def run_measured(cmd: list[str], stdout: Path | None = None, env: dict[str, str] | None = None) -> RunStats:
    """Run `cmd` to completion, its standard output into `stdout` (or discarded)."""
    sampler = _TreeSampler()
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(open(stdout, "wb")) if stdout else subprocess.DEVNULL
        err = stack.enter_context(tempfile.TemporaryFile())
        rss_file = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "maxrss"
        helper = hasattr(os, "fork") and hasattr(os, "wait4")
        argv = [sys.executable, "-S", "-c", _HELPER, *cmd] if helper else cmd
        run_env = dict(env if env is not None else os.environ, STEPPE_MAXRSS_FILE=str(rss_file))
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, stdout=out, stderr=err, env=run_env)
        except OSError as exc:
            raise SteppeError(f"cannot run {' '.join(cmd[:4])}: {exc}") from exc
        sampler.start(proc.pid)
        try:
            proc.wait()
            wall = time.perf_counter() - start
        finally:
            sampler.stop()
        max_rss = _read_kib(rss_file)
        err.seek(0)
        text = err.read().decode("utf-8", errors="replace")
    return RunStats(wall, max_rss / 1024 if max_rss else None, sampler.peak_mb, proc.returncode, text)


def _read_kib(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="ascii"))  # KiB on Linux
    except (OSError, ValueError):
        return None


class _TreeSampler:
    """Samples the memory of a process and its descendants in a background thread (Linux /proc)."""

    def __init__(self) -> None:
        self.peak_mb: float | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, pid: int) -> None:
        if not Path("/proc/self/stat").exists():
            return
        self._thread = threading.Thread(target=self._run, args=(pid,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self, root: int) -> None:
        while not self._stop.is_set():
            total = sum(_memory_kib(pid) for pid in _tree(root))
            if total:
                self.peak_mb = max(self.peak_mb or 0.0, total / 1024)
            self._stop.wait(SAMPLE_S)


def _tree(root: int) -> list[int]:
    """The pid and its live descendants."""
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(p) for p in fh.read().split())
        except OSError:
            continue
    return pids


def _memory_kib(pid: int) -> int:
    """Proportional set size (shared pages split between their sharers), else resident set size."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * _PAGE // 1024
    except (OSError, IndexError, ValueError):
        return 0
