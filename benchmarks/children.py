"""One benchmark run in a fresh interpreter under a memory cap: a crash or the cap is a row, not a crash.

A script that uses it answers ``--child JSON`` by running that spec and printing one JSON row as its
last line of standard output.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def run_child(script: str, spec: dict[str, Any], memory_cap_gb: float, timeout: float | None = None) -> dict[str, Any]:
    """``python script --child spec`` under the cap; its row, or ``spec`` with why it has none."""
    limit = int(memory_cap_gb * 1024**3)
    started = time.perf_counter()
    try:
        process = subprocess.run(
            [sys.executable, script, "--child", json.dumps(spec)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=timeout,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
        )
    except subprocess.TimeoutExpired:
        return {**spec, "status": "timed out (killed)", "wall_s": round(time.perf_counter() - started, 1), "error": ""}
    wall = round(time.perf_counter() - started, 1)
    if process.returncode != 0:
        reason = "out of memory" if "MemoryError" in process.stderr or "bad_alloc" in process.stderr else "crashed"
        tail = (process.stderr.strip().splitlines() or ["?"])[-1][:120]
        return {**spec, "status": f"{reason} (cap {memory_cap_gb:g} GB)", "wall_s": wall, "error": tail}
    row: dict[str, Any] = json.loads(process.stdout.strip().splitlines()[-1])
    row["wall_s"] = wall
    return row
