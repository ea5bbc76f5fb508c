"""DVR (srs-facts 1.4): publishes recorded to FLV and MP4 files, checked with ffprobe and ffmpeg.

Four servers, one per plan and format (session/segment x FLV/MP4, dvr_duration 3), get the 10 s
360p clip published once at module start, all at the same time; the MP4 session server also
records an audio-only and a video-only clip. The tests then look at the files: one per publish
(session) or a cut at every second 2 s keyframe (segment: files of ~4 s), codecs, durations
adding up to the publish, no `.tmp` left. A publisher killed with SIGKILL and an unwritable
dvr_path get servers of their own.
"""

from __future__ import annotations

import os
import re
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness import (CLIP_360P, CLIP_720P, CLIP_AUDIO_ONLY, CLIP_VIDEO_ONLY, ProcessGroup, Server, codecs,
                     ffmpeg_publish, ffprobe_json, keeps_playing, run_capture, wait_media)

pytestmark = pytest.mark.srs_only
CLIP_SECONDS = 10.0
SEGMENT = 3


def dvr_body(root: Path, plan: str, ext: str, extra: str = "") -> str:
    return (f"dvr {{ enabled on; dvr_plan {plan}; dvr_duration {SEGMENT}; "
            f"dvr_path {root}/[app]/[stream].[timestamp].{ext}; {extra} }}")


def recordings(root: Path, stream: str) -> list[Path]:
    """Finished files of a stream, oldest first (names carry the open time in ms)."""
    folder = root / "live"
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.name.startswith(stream + ".") and not p.name.endswith(".tmp")]
    return sorted(files, key=lambda p: int(p.name.split(".")[-2]))


def temporaries(root: Path) -> list[str]:
    return [str(p) for p in root.rglob("*.tmp")]


def probe(path: Path) -> tuple[dict[str, str], float]:
    """Codecs by type and the format duration of a file, as ffprobe reads them."""
    info = ffprobe_json(str(path))
    return codecs(info.get("streams", [])), float(info.get("format", {}).get("duration", "nan"))


def decode_errors(path: Path) -> str:
    """What ffmpeg complains about while decoding the whole file (empty = clean)."""
    res = run_capture(["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-f", "null", "-"], timeout=60)
    assert res.returncode == 0, f"ffmpeg cannot decode {path}: {res.stderr}"
    return res.stderr.strip()


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what} not within {timeout}s"
        time.sleep(0.05)


@dataclass
class Recorded:
    server: Server
    root: Path


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> dict[str, Recorded]:
    """Every plan and format, after one publish of the 360p clip each (plus A/V-only on MP4)."""
    group = ProcessGroup("dvr-publishers")
    servers: dict[str, Recorded] = {}
    try:
        for plan in ("session", "segment"):
            for ext in ("flv", "mp4"):
                workdir = tmp_path_factory.mktemp(f"dvr-{plan}-{ext}")
                root = workdir / "dvr"
                servers[f"{plan}-{ext}"] = Recorded(Server(workdir, vhost_body=dvr_body(root, plan, ext)).start(), root)
        publishers = []
        for name, rec in servers.items():
            publishers.append(ffmpeg_publish(group, CLIP_360P, rec.server.url("av"), rec.root.parent / "pub-av.log",
                                             loop=False))
        mp4 = servers["session-mp4"]
        publishers.append(ffmpeg_publish(group, CLIP_AUDIO_ONLY, mp4.server.url("audio"), mp4.root.parent / "pub-a.log",
                                         loop=False))
        publishers.append(ffmpeg_publish(group, CLIP_VIDEO_ONLY, mp4.server.url("video"), mp4.root.parent / "pub-v.log",
                                         loop=False))
        for pub in publishers:
            pub.wait(timeout=CLIP_SECONDS + 20)
        for rec in servers.values():
            wait_until(lambda: not temporaries(rec.root), 5, f"files of {rec.root} renamed")
        yield servers
    finally:
        group.kill_all()
        for rec in servers.values():
            rec.server.stop()


@pytest.mark.parametrize("ext", ["flv", "mp4"])
def test_session_plan_records_one_playable_file_per_publish(recorded, ext) -> None:
    rec = recorded[f"session-{ext}"]
    files = recordings(rec.root, "av")
    assert len(files) == 1, f"want one file per publish: {files}"
    assert files[0].suffix == f".{ext}"
    found, duration = probe(files[0])
    assert found == {"video": "h264", "audio": "aac"}, found
    assert abs(duration - CLIP_SECONDS) < 1.0, f"{files[0].name} lasts {duration:.2f}s of a {CLIP_SECONDS}s publish"
    assert decode_errors(files[0]) == ""
    assert not temporaries(rec.root)


@pytest.mark.parametrize("ext", ["flv", "mp4"])
def test_segment_plan_cuts_at_keyframes_and_files_add_up(recorded, ext) -> None:
    rec = recorded[f"segment-{ext}"]
    files = recordings(rec.root, "av")
    # 2 s GOPs and dvr_duration 3: each file is cut at the keyframe after 3 s of media (4 s, 8 s).
    assert len(files) == 3, f"want 3 segments of a 10 s publish: {[f.name for f in files]}"
    durations = []
    for path in files:
        found, duration = probe(path)
        assert found == {"video": "h264", "audio": "aac"}, f"{path.name}: {found}"
        assert decode_errors(path) == "", path.name
        durations.append(duration)
    assert all(d <= 4.5 for d in durations), durations
    assert abs(sum(durations) - CLIP_SECONDS) < 1.0, f"segments {durations} add up to {sum(durations):.2f}s"
    assert not temporaries(rec.root)


@pytest.mark.parametrize("stream,want", [("audio", {"audio": "aac"}), ("video", {"video": "h264"})])
def test_mp4_records_a_single_track(recorded, stream, want) -> None:
    rec = recorded["session-mp4"]
    files = recordings(rec.root, stream)
    assert len(files) == 1, files
    found, duration = probe(files[0])
    assert found == want, found
    assert abs(duration - 6.0) < 1.0, duration
    assert decode_errors(files[0]) == ""


def test_every_file_is_logged_when_reaped(recorded) -> None:
    rec = recorded["segment-flv"]
    log = rec.server.log.read_text(errors="replace")
    reaped = re.findall(r"dvr: reap file (\S+),", log)
    assert sorted(reaped) == sorted(str(p) for p in recordings(rec.root, "av")), reaped


@pytest.mark.parametrize("ext", ["flv", "mp4"])
def test_a_publisher_killed_with_sigkill_leaves_a_playable_file(tmp_path_factory, procs, ext) -> None:
    workdir = tmp_path_factory.mktemp(f"dvr-kill-{ext}")
    root = workdir / "dvr"
    srv = Server(workdir, vhost_body=dvr_body(root, "session", ext)).start()
    try:
        pub = ffmpeg_publish(procs, CLIP_720P, srv.url("killed"), workdir / "pub.log")
        wait_until(lambda: temporaries(root), 10, "the recording's .tmp")
        began = time.monotonic()
        time.sleep(5.0)
        os.killpg(pub.pid, signal.SIGKILL)
        pub.wait(timeout=5)
        files = wait_until(lambda: recordings(root, "killed"), 5, "the file renamed after the kill")
        elapsed = time.monotonic() - began
        assert not temporaries(root)
        found, duration = probe(files[0])
        assert found == {"video": "h264", "audio": "aac"}, found
        assert 4.0 <= duration <= elapsed + 2.0, f"{duration:.2f}s recorded of ~{elapsed:.1f}s published"
        assert decode_errors(files[0]) == ""
    finally:
        procs.kill_all()
        srv.stop()


def test_an_unwritable_dvr_path_keeps_the_stream_playing_and_logs_once(tmp_path_factory, procs, clients) -> None:
    workdir = tmp_path_factory.mktemp("dvr-ro")
    blocker = workdir / "blocker"
    blocker.write_text("a file, so mkdir under it fails even for root\n")
    srv = Server(workdir, vhost_body=dvr_body(blocker / "sub", "segment", "flv")).start()
    try:
        pub = ffmpeg_publish(procs, CLIP_720P, srv.url("ro"), workdir / "pub.log")
        rtmp = clients(srv)
        rtmp.handshake()
        rtmp.connect("live")
        rtmp.play("ro")
        wait_media(rtmp, 10, timeout=10)
        keeps_playing(rtmp, 6.0, gap=1.0)
        assert srv.alive() and pub.poll() is None, "server or publisher went away"
        lines = srv.log.read_text(errors="replace").splitlines()
        errors = [x for x in lines if re.search(r"\[(error|warn)\]", x, re.I) and "dvr" in x.lower()]
        assert len(errors) == 1, f"{len(errors)} DVR error lines (want exactly 1): {errors[:5]}"
        assert "Not a directory" in errors[0], errors[0]
        assert blocker.is_file() and not list(workdir.rglob("*.flv")) and not temporaries(workdir), os.listdir(workdir)
    finally:
        procs.kill_all()
        srv.stop()


def reload(srv: Server, vhost_body: str) -> None:
    """Rewrites the vhost and reloads (SIGHUP; the config watcher may reload it first, the same way)."""
    srv.vhost_body = vhost_body
    srv.write_config()
    assert srv.proc is not None
    os.kill(srv.proc.pid, signal.SIGHUP)


def test_reload_starts_a_live_recording_and_switches_its_format(tmp_path_factory, procs) -> None:
    workdir = tmp_path_factory.mktemp("dvr-reload")
    root = workdir / "dvr"
    srv = Server(workdir, vhost_body="dvr { enabled off; }").start()
    try:
        pub = ffmpeg_publish(procs, CLIP_720P, srv.url("live1"), workdir / "pub.log")
        time.sleep(2.0)
        assert not root.exists(), "nothing is recorded while dvr is off"
        reload(srv, dvr_body(root, "session", "flv"))
        wait_until(lambda: temporaries(root), 10, "a recording started by the reload")
        time.sleep(4.0)
        reload(srv, dvr_body(root, "session", "mp4"))
        flv = wait_until(lambda: [p for p in recordings(root, "live1") if p.suffix == ".flv"], 5, "the FLV finished")
        wait_until(lambda: [t for t in temporaries(root) if t.endswith(".mp4.tmp")], 10, "the MP4 begun")
        time.sleep(4.0)
        ProcessGroup.kill(pub)
        mp4 = wait_until(lambda: [p for p in recordings(root, "live1") if p.suffix == ".mp4"], 5, "the MP4 finished")
        for path in flv + mp4:
            found, duration = probe(path)
            assert found == {"video": "h264", "audio": "aac"}, f"{path.name}: {found}"
            assert duration >= 2.5, f"{path.name} lasts {duration:.2f}s"
            assert decode_errors(path) == "", path.name
        assert len(recordings(root, "live1")) == 2 and not temporaries(root)
    finally:
        procs.kill_all()
        srv.stop()
