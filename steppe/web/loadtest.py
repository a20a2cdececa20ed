"""Load test: a synthetic database of merged events, the real server on loopback, and a few thousand
filtered `GET /api/events` requests from concurrent clients; prints p50/p95/p99 latency.

    python -m steppe.web.loadtest --events 100000 --requests 3000 --clients 8
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from steppe.web.synth import CATEGORIES, STATES, generate

ORDERS = ("date", "date_asc", "sources", "confidence")
WORDS = ("drones", "summit", "exercises", "sanctions", "intelligence", "investment", "Baku", "Astana")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def random_query(rng: random.Random) -> dict[str, Any]:
    """A realistic mix: most requests filter by one or two things, some page deep."""
    params: dict[str, Any] = {"limit": rng.choice([20, 50, 50, 100]), "order": rng.choice(ORDERS)}
    if rng.random() < 0.5:
        params["category"] = rng.sample(list(CATEGORIES), rng.choice([1, 1, 2]))
    if rng.random() < 0.4:
        year = rng.randint(2021, 2025)
        params["since"] = f"{year}-{rng.randint(1, 12):02d}"
        params["until"] = f"{year + rng.choice([0, 1])}-{rng.randint(1, 12):02d}"
    if rng.random() < 0.3:
        params[rng.choice(["actor", "recipient", "participant"])] = rng.choice(list(STATES))
    if rng.random() < 0.15:
        params["q"] = rng.choice(WORDS)
    if rng.random() < 0.15:
        params["min_sources"] = rng.choice([2, 3])
    if rng.random() < 0.2:
        params["offset"] = rng.choice([50, 200, 1000, 5000])
    return params


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def fire(base: str, requests: int, clients: int, seed: int) -> tuple[list[float], int]:
    """`requests` GETs split over `clients` threads; latencies in milliseconds and the failures."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()

    def worker(n: int, count: int) -> None:
        nonlocal failures
        rng = random.Random(seed * 1000 + n)
        mine: list[float] = []
        bad = 0
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(count):
                params = random_query(rng)
                t0 = time.perf_counter()
                response = client.get("/api/events", params=params)
                mine.append((time.perf_counter() - t0) * 1000)
                if response.status_code != 200 or "items" not in response.json():
                    bad += 1
        with lock:
            latencies.extend(mine)
            failures += bad

    share = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]
    threads = [threading.Thread(target=worker, args=(i, share[i])) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures


def start_server(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "steppe", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "STEPPE_TOKEN": ""})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start within 60 s")


def run(events: int, requests: int, clients: int, seed: int, db: Path | None = None,
        warmup: int = 50) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = db or Path(tmp) / "load.duckdb"
        t0 = time.perf_counter()
        if not path.exists():
            counts = generate(path, events=events, seed=seed)
        else:
            counts = {"clusters": None}
        built = time.perf_counter() - t0
        port = free_port()
        proc = start_server(path, port)
        try:
            base = f"http://127.0.0.1:{port}"
            fire(base, min(warmup, requests), min(clients, 4), seed + 1)  # warm caches and the thread pool
            t1 = time.perf_counter()
            latencies, failures = fire(base, requests, clients, seed)
            wall = time.perf_counter() - t1
        finally:
            proc.terminate()
            proc.wait(10)
    return {"events": counts.get("clusters") or events, "reports": counts.get("events"),
            "articles": counts.get("articles"), "build_s": round(built, 1), "requests": len(latencies),
            "clients": clients, "failures": failures, "wall_s": round(wall, 2),
            "throughput_rps": round(len(latencies) / wall, 1),
            "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1), "mean_ms": round(statistics.fmean(latencies), 1),
            "max_ms": round(max(latencies), 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m steppe.web.loadtest", description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000, help="merged events to generate (default 100000)")
    ap.add_argument("--requests", type=int, default=3000, help="GET /api/events requests (default 3000)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", type=Path, help="use (or keep) this database instead of a temporary one")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    if args.events < 1 or args.requests < 1 or args.clients < 1:
        ap.error("--events, --requests and --clients must be positive")
    print(f"generating {args.events} events, then {args.requests} requests from {args.clients} clients...",
          file=sys.stderr)
    figures = run(args.events, args.requests, args.clients, args.seed, args.db)
    print(f"{figures['events']} events ({figures['reports']} reports, {figures['articles']} articles) built in "
          f"{figures['build_s']} s")
    print(f"{figures['requests']} requests, {figures['clients']} clients, {figures['failures']} failed, "
          f"{figures['throughput_rps']} req/s")
    print(f"latency ms: p50 {figures['p50_ms']}  p95 {figures['p95_ms']}  p99 {figures['p99_ms']}  "
          f"mean {figures['mean_ms']}  max {figures['max_ms']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if figures["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
