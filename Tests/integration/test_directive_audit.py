"""Directives the audit (issue 10) found accepted but ignored, now working as in SRS 5:
`publish.kickoff_for_idle`, `asprocess`, `publish.parse_sps`, and the warnings for the ones
that are not supported (`srs -t` and the startup log say so)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from cluster_nodes import nodes, wait_until  # noqa: F401  (fixture)
from harness import BINARY, CLIP_360P, ProcessGroup, ffmpeg_publish, free_port, wait_exit

pytestmark = pytest.mark.srs_only

# Starts srs (argv 1, 2), waits until it listens on port argv 3, prints its pid and exits.
PARENT = """
import socket, subprocess, sys, time
p = subprocess.Popen([sys.argv[1], "-c", sys.argv[2]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
deadline = time.monotonic() + 15
while time.monotonic() < deadline:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[3])), timeout=1).close()
        break
    except OSError:
        time.sleep(0.05)
print(p.pid)
"""


def start_orphan(conf, port: int) -> int:
    """Starts srs from a parent process that exits once srs listens; returns srs's pid."""
    parent = subprocess.run([sys.executable, "-c", PARENT, str(BINARY), str(conf), str(port)],
                            capture_output=True, text=True, timeout=20)
    return int(parent.stdout.strip())


def test_kickoff_for_idle_disconnects_a_publisher_nobody_watches(nodes, tmp_path) -> None:
    node = nodes("idle", vhost_extra="publish { kickoff_for_idle 2; }")
    group = ProcessGroup("idle")
    try:
        started = time.monotonic()
        publisher = ffmpeg_publish(group, CLIP_360P, node.url("idle"), tmp_path / "ff.log")
        wait_until(lambda: node.stream("idle") is not None, 10, "stream published")
        code = wait_exit(publisher, 10)
        elapsed = time.monotonic() - started
        assert code is not None, "the idle publisher was not kicked"
        assert 2.0 <= elapsed < 6.0, elapsed
        log = node.log_since(0)
        assert "kicked for idle" in log and "timeout=2s" in log
    finally:
        group.kill_all()


def test_kickoff_for_idle_spares_a_publisher_with_players(nodes, tmp_path) -> None:
    node = nodes("watched", vhost_extra="publish { kickoff_for_idle 1; }")
    group = ProcessGroup("watched")
    try:
        publisher = ffmpeg_publish(group, CLIP_360P, node.url("w"), tmp_path / "ff.log")
        player = group.spawn(["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-i", node.url("w"),
                              "-f", "null", "-"], log=tmp_path / "play.log")
        wait_until(lambda: len(node.clients_of("w")) == 2, 10, "publisher and player")
        time.sleep(3)
        assert publisher.poll() is None and player.poll() is None
        assert "kicked for idle" not in node.log_since(0)
    finally:
        group.kill_all()


def test_asprocess_quits_when_the_parent_goes_away(tmp_path) -> None:
    port, api = free_port(), free_port()
    conf = tmp_path / "as.conf"
    conf.write_text(f"listen {port};\ndaemon off;\nasprocess on;\nsrs_log_tank file;\nsrs_log_file {tmp_path}/srs.log;\n"
                    f"pid {tmp_path}/srs.pid;\nhttp_api {{ enabled on; listen {api}; }}\nvhost __defaultVhost__ {{ }}\n")
    # The parent exits once srs listens (so srs has seen it): srs is re-parented.
    child = start_orphan(conf, port)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with open(f"/proc/{child}/stat") as stat:
                    if stat.read().split(")")[-1].split()[0] == "Z":
                        break
            except FileNotFoundError:
                break
            time.sleep(0.1)
        else:
            pytest.fail("srs with asprocess on kept running after its parent exited")
        assert "asprocess ppid changed" in (tmp_path / "srs.log").read_text()
    finally:
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_asprocess_off_outlives_its_parent(tmp_path) -> None:
    port = free_port()
    conf = tmp_path / "no.conf"
    conf.write_text(f"listen {port};\ndaemon off;\nsrs_log_tank file;\nsrs_log_file {tmp_path}/srs.log;\n"
                    f"pid {tmp_path}/srs.pid;\nvhost __defaultVhost__ {{ }}\n")
    child = start_orphan(conf, port)
    try:
        time.sleep(2)
        os.kill(child, 0)  # still there
    finally:
        os.kill(child, signal.SIGKILL)


def test_parse_sps_off_leaves_the_picture_size_unknown(nodes, tmp_path) -> None:
    on = nodes("sps-on")
    off = nodes("sps-off", vhost_extra="publish { parse_sps off; }")
    group = ProcessGroup("sps")
    try:
        for node in (on, off):
            ffmpeg_publish(group, CLIP_360P, node.url("s"), tmp_path / f"{node.workdir.name}.log")
        wait_until(lambda: (on.stream("s") or {}).get("video") and (off.stream("s") or {}).get("video"), 10, "video info")
        assert on.stream("s")["video"]["width"] == 640
        video = off.stream("s")["video"]
        assert video["codec"] == "H264" and video["profile"] == "Main" and video["width"] == 0 and video["height"] == 0
    finally:
        group.kill_all()


@pytest.mark.parametrize("body,word", [
    ("pithy_print_ms 10000;", "pithy_print_ms"),
    ("vhost __defaultVhost__ { play { send_min_interval 10; } }", "send_min_interval"),
    ("vhost __defaultVhost__ { hls { enabled on; hls_dts_directly off; } }", "hls_dts_directly"),
])
def test_unsupported_values_are_reported_by_t(tmp_path, body: str, word: str) -> None:
    conf = tmp_path / "t.conf"
    conf.write_text(f"listen 1935;\ndaemon off;\n{body}\n")
    result = subprocess.run([str(BINARY), "-t", "-c", str(conf)], capture_output=True, text=True, timeout=10)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert word in out and "not supported" in out, out
