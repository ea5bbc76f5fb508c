#!/usr/bin/env python3
"""Edge failover gap: an edge pulls from two origins that both have the stream; the origin it
pulls from is killed (SIGKILL) KILLS times (default 10) and restarted. For each kill it prints the
time from the kill to the next video message at an RTMP player on the edge, and the longest gap
between two video messages around it; then p50 / max over all kills. `make bench-failover`."""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "integration"))

from cluster_nodes import Node, wait_until  # noqa: E402
from harness import CLIP_360P, HOST, ProcessGroup, ensure_media  # noqa: E402
from rtmp_client import RtmpClient  # noqa: E402

KILLS = int(os.environ.get("BENCH_KILLS", "10"))


def start(workdir: Path, name: str, port: int = 0, api: int = 0, http: int = 0, cluster: str = "") -> Node:
    node = Node(workdir / name, cluster=cluster)
    node.workdir.mkdir(parents=True, exist_ok=True)
    if port:
        node.port, node.api_port, node.http_port, node.rtmp_listen = port, api, http, str(port)
    return node.start()


def publish(group: ProcessGroup, node: Node) -> subprocess.Popen:
    cmd = ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", CLIP_360P,
           "-c", "copy", "-f", "flv", node.url("livestream")]
    proc = group.spawn(cmd, log=node.workdir / "pub.log")
    wait_until(lambda: (node.stream("livestream") or {}).get("publish", {}).get("active"), 10, "the publish")
    return proc


def main() -> int:
    ensure_media()
    group = ProcessGroup("failover")
    with tempfile.TemporaryDirectory(prefix="srs-failover-") as tmp:
        work = Path(tmp)
        origins = [start(work, "origin-a"), start(work, "origin-b")]
        publishers = [publish(group, o) for o in origins]
        edge = start(work, "edge", cluster=f"mode remote; origin {HOST}:{origins[0].port} {HOST}:{origins[1].port};")
        player = RtmpClient(HOST, edge.port, timeout=5)
        player.handshake()
        player.connect("live")
        player.play("livestream")
        time.sleep(2)
        to_first, gaps, steady = [], [], []
        try:
            for kill in range(KILLS):
                pulled = wait_until(lambda: [i for i, o in enumerate(origins) if o.clients_of("livestream", "rtmp-play")],
                                    10, "the pull")[0]
                victim = origins[pulled]
                killed_at = time.monotonic()
                victim.kill()
                publishers[pulled].kill()
                wait_until(lambda: [m for m in player.snapshot() if m.is_video and m.arrival > killed_at], 10, "video after the kill")
                time.sleep(1.5)
                videos = [m.arrival for m in player.snapshot() if m.is_video and killed_at - 2 <= m.arrival <= killed_at + 1.5]
                first = next(t for t in videos if t > killed_at)
                longest = max(b - a for a, b in zip(videos, videos[1:]))
                before = [t for t in videos if t <= killed_at]
                steady.append(max((b - a for a, b in zip(before, before[1:])), default=0.0))
                to_first.append(first - killed_at)
                gaps.append(longest)
                print(f"kill {kill + 1}: video again after {1000 * (first - killed_at):.0f} ms, "
                      f"longest video gap {1000 * longest:.0f} ms (the 2 s before the kill: {1000 * steady[-1]:.0f} ms)", flush=True)
                # Bring the origin back on the same ports with its publisher.
                origins[pulled] = start(work, f"origin-{kill}", victim.port, victim.api_port, victim.http_port)
                publishers[pulled] = publish(group, origins[pulled])
                time.sleep(1.0)
            assert not player.closed and player.error is None, "the player was dropped"
        finally:
            player.close()
            for node in origins + [edge]:
                node.stop()
            group.kill_all()
    print(f"failover over {KILLS} origin kills: video again after p50 {1000 * statistics.median(to_first):.0f} ms, "
          f"max {1000 * max(to_first):.0f} ms; longest video gap p50 {1000 * statistics.median(gaps):.0f} ms, "
          f"max {1000 * max(gaps):.0f} ms (without a kill, merged writes alone: p50 {1000 * statistics.median(steady):.0f} ms, "
          f"max {1000 * max(steady):.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
