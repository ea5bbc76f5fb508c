#!/usr/bin/env python3
"""DVR cost: one 1.5 Mbps publish (the 720p clip) recorded to FLV and to MP4, against the same
server without DVR; server CPU over SECONDS (default 20) for each, in percent of one core.
`make bench-dvr`."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "integration"))

from cluster_nodes import Node, wait_until  # noqa: E402
from harness import CLIP_720P, ProcessGroup, ensure_media, ffmpeg_publish  # noqa: E402

SECONDS = float(os.environ.get("BENCH_DVR_SECONDS", "20"))
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def run(work: Path, name: str, extra: str) -> tuple[float, int]:
    node = Node(work / name, vhost_extra=extra)
    node.workdir.mkdir(parents=True, exist_ok=True)
    node.start()
    group = ProcessGroup("dvr-bench")
    try:
        ffmpeg_publish(group, CLIP_720P, node.url("livestream"), node.workdir / "pub.log")
        wait_until(lambda: (node.stream("livestream") or {}).get("publish", {}).get("active"), 10, "the publish")
        time.sleep(3)
        cpu0, t0 = cpu_seconds(node.proc.pid), time.monotonic()
        time.sleep(SECONDS)
        percent = 100 * (cpu_seconds(node.proc.pid) - cpu0) / (time.monotonic() - t0)
        written = sum(p.stat().st_size for p in node.workdir.rglob("*") if p.suffix in (".tmp", ".flv", ".mp4"))
        return percent, written
    finally:
        group.kill_all()
        node.stop()


def main() -> int:
    ensure_media()
    with tempfile.TemporaryDirectory(prefix="srs-dvr-bench-") as tmp:
        work = Path(tmp)
        base, _ = run(work, "plain", "")
        flv, flv_bytes = run(work, "flv", "dvr { enabled on; dvr_path ./rec/[stream].flv; }")
        mp4, mp4_bytes = run(work, "mp4", "dvr { enabled on; dvr_path ./rec/[stream].mp4; }")
    print(f"server CPU over {SECONDS:.0f} s, percent of one core: without DVR {base:.2f}, "
          f"FLV {flv:.2f} (cost {flv - base:.2f}, {flv_bytes / 1e6:.1f} MB written), "
          f"MP4 {mp4:.2f} (cost {mp4 - base:.2f}, {mp4_bytes / 1e6:.1f} MB written); target < 1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
