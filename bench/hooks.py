#!/usr/bin/env python3
"""HTTP hooks under load: RATE play sessions per second (default 100) for SECONDS (default 10)
against one server — each an RTMP connect, play and close, so on_connect, on_play, on_stop and
on_close each fire RATE times a second — with a Python hook server answering `0`, then the same
load without hooks. Prints the server's CPU per 1000 events for both and their difference, and
the HTTP API's latency (p50 / p99 / max, one request every 20 ms) as a probe of how long the
loop was ever busy. `make bench-hooks`."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "integration"))

from cluster_nodes import Node, wait_until  # noqa: E402
from harness import CLIP_360P, HOST, ProcessGroup, ensure_media, ffmpeg_publish  # noqa: E402
from hook_server import HookServer  # noqa: E402
from rtmp_client import RtmpClient  # noqa: E402

RATE = int(os.environ.get("BENCH_HOOK_RATE", "100"))
SECONDS = float(os.environ.get("BENCH_HOOK_SECONDS", "10"))
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def one_play(port: int, errors: list) -> None:
    client = RtmpClient(HOST, port, timeout=10)
    try:
        client.handshake()
        client.connect("live")
        client.play("livestream", reader=False)
    except Exception as error:  # noqa: BLE001 (counted, not fatal)
        errors.append(repr(error))
    finally:
        client.close()


def run(work: Path, hooks: HookServer | None) -> dict:
    extra = ""
    if hooks is not None:
        urls = {name: hooks.url("/" + name) for name in ("on_connect", "on_play", "on_stop", "on_close")}
        extra = "http_hooks { enabled on; " + " ".join(f"{k} {v};" for k, v in urls.items()) + " }"
    node = Node(work / ("hooks" if hooks else "plain"), vhost_extra=extra)
    node.workdir.mkdir(parents=True, exist_ok=True)
    node.start()
    group = ProcessGroup("hooks-bench")
    try:
        ffmpeg_publish(group, CLIP_360P, node.url("livestream"), node.workdir / "pub.log")
        wait_until(lambda: (node.stream("livestream") or {}).get("publish", {}).get("active"), 10, "the publish")
        latencies: list[float] = []
        stop = threading.Event()

        def probe() -> None:
            url = f"http://{HOST}:{node.api_port}/api/v1/versions"
            while not stop.is_set():
                started = time.monotonic()
                with urllib.request.urlopen(url, timeout=5) as response:
                    response.read()
                latencies.append(time.monotonic() - started)
                time.sleep(0.02)

        prober = threading.Thread(target=probe, daemon=True)
        prober.start()
        errors: list = []
        threads: list[threading.Thread] = []
        cpu0 = cpu_seconds(node.proc.pid)
        t0 = time.monotonic()
        total = int(RATE * SECONDS)
        for i in range(total):
            due = t0 + i / RATE
            time.sleep(max(0.0, due - time.monotonic()))
            thread = threading.Thread(target=one_play, args=(node.port, errors), daemon=True)
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join(timeout=15)
        if hooks is not None:
            wait_until(lambda: len(hooks.find("on_close")) >= total - len(errors), 15, "every on_close")
        elapsed = time.monotonic() - t0
        cpu = cpu_seconds(node.proc.pid) - cpu0
        stop.set()
        prober.join(timeout=5)
        return {"events": total, "errors": len(errors), "elapsed": elapsed, "cpu": cpu,
                "cpu_per_1000": cpu / total * 1000, "lat": sorted(latencies)}
    finally:
        group.kill_all()
        node.stop()


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def main() -> int:
    ensure_media()
    hooks = HookServer()
    try:
        with tempfile.TemporaryDirectory(prefix="srs-hooks-bench-") as tmp:
            with_hooks = run(Path(tmp), hooks)
            without = run(Path(tmp), None)
    finally:
        hooks.close()
    calls = len(hooks.calls)
    for name, r in (("with hooks", with_hooks), ("without hooks", without)):
        lat = r["lat"]
        print(f"{name}: {r['events']} plays in {r['elapsed']:.1f} s ({r['errors']} failed), server CPU {r['cpu']:.2f} s "
              f"= {r['cpu_per_1000']:.3f} s per 1000 plays; API latency p50 {1000 * statistics.median(lat):.2f} ms, "
              f"p99 {1000 * pct(lat, 0.99):.2f} ms, max {1000 * max(lat):.2f} ms ({len(lat)} probes)")
    extra = with_hooks["cpu_per_1000"] - without["cpu_per_1000"]
    print(f"hook calls answered: {calls}; hook cost: {extra:.3f} CPU s per 1000 plays "
          f"(4 hooks each: {1000 * extra / 4 / 1000:.3f} ms of CPU per hook call)")
    return 0 if with_hooks["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
