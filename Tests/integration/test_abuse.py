"""Abuse (docs/reliability.md "Floods and abuse"): players that never read, publishers that jump
timestamps, change codecs and spam metadata, and HLS on a full filesystem. Each test prints the figures
it measures. Other players must keep playing, memory stays bounded, errors are logged once per kind."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from flood_tools import FloodServer, made, rtmp_player, video_rate  # noqa: F401  (made: fixture)
from harness import (SANITIZED, CLIP_360P, CLIP_720P, HOST, ProcessGroup, codecs, ffmpeg_publish, ffprobe, free_port,
                     run_capture, wait_port)
from rtmp_client import MSG_AUDIO, MSG_VIDEO, RtmpClient, read_flv
from test_http import HttpFlvPlayer, api, request

pytestmark = pytest.mark.srs_only




def metric(port: int, name: str) -> float:
    body = request(port, "/metrics").body.decode()
    m = re.search(rf"^{name}(?:{{[^}}]*}})? (\S+)$", body, re.M)
    assert m, f"/metrics lacks {name}"
    return float(m.group(1))


# --------------------------------------------------------------------------------------------
# 4. Players that never read


SMALL_BUF = 4096


class StuckRtmp:
    """An RTMP player that plays with a tiny receive buffer and then never reads."""

    def __init__(self, port: int, stream: str, tag: str):
        self.client = RtmpClient(HOST, port, timeout=5)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SMALL_BUF)
        sock.settimeout(5)
        sock.connect((HOST, port))
        self.client.sock = sock
        self.client.handshake()
        self.client.connect("live", extra={"pageUrl": tag})
        self.client.play(stream, reader=False)

    def close(self) -> None:
        self.client.close()


class StuckFlv:
    """An HTTP-FLV GET with a tiny receive buffer whose response is never read. Its Host header has
    no port, so its API client object's tcUrl tells it apart from a real player's."""

    def __init__(self, port: int, path: str):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SMALL_BUF)
        self.sock.settimeout(5)
        self.sock.connect((HOST, port))
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())

    def close(self) -> None:
        self.sock.close()


STUCK = 5


@pytest.mark.time_limit(60)
def test_players_that_never_read_are_dropped_for_counted_and_harm_no_one(tmp_path_factory, procs: ProcessGroup,
                                                                            made) -> None:
    exporter = free_port()
    srv = FloodServer(tmp_path_factory.mktemp("stuck"), extra="play { queue_length 2; }",
                      globals_=f"exporter {{ enabled on; listen {exporter}; }}").start()
    wait_port(exporter, 10, srv.proc)
    ffmpeg_publish(procs, CLIP_720P, srv.url("stuck"), srv.workdir / "pub.log")
    good = rtmp_player(made, srv.port, "stuck")
    good.wait_for(lambda m: m.is_video, timeout=10)
    good_flv = HttpFlvPlayer(srv.http_port, "/live/stuck.flv")
    made.append(good_flv)
    good_flv.wait_tags(10, 10)
    rss_before = srv.rss_kb()
    started = time.monotonic()
    for n in range(STUCK):
        made.append(StuckRtmp(srv.port, "stuck", f"stuck-{n}"))
        made.append(StuckFlv(srv.http_port, f"/live/stuck.flv?stuck={n}"))
    flv_tags_at_start = good_flv.tag_count(9)
    rss_samples = []
    deadline = started + 15
    while time.monotonic() < deadline:
        time.sleep(1.0)
        rss_samples.append(srv.rss_kb())
    clients = [c for c in api(srv.api_port, "/api/v1/clients/?count=100")["clients"] if not c["publish"]]
    stuck = [c for c in clients if c["pageUrl"].startswith("stuck-") or c["tcUrl"] == f"http://{HOST}/live/stuck.flv"]
    fine = [c for c in clients if c not in stuck]
    dropped_metric = metric(exporter, "srs_dropped_messages_total")
    rate, gap = video_rate(good, started)
    flv_video = good_flv.tag_count(9) - flv_tags_at_start
    print(f"\nnever-reading players: {STUCK} RTMP + {STUCK} HTTP-FLV on a 720p stream (queue_length 2 s): "
          f"dropped per client after 15 s {sorted(c['dropped'] for c in stuck)}; good players dropped "
          f"{[c['dropped'] for c in fine]}; /metrics srs_dropped_messages_total {dropped_metric:.0f}")
    print(f"never-reading players: RSS {rss_before / 1024:.1f} MiB before, then "
          f"{', '.join(f'{r / 1024:.1f}' for r in rss_samples[::3])} MiB; good RTMP rate {rate:.2f}x (gap {gap:.2f} s), "
          f"good HTTP-FLV {flv_video} video tags in 15 s")
    assert srv.alive()
    assert len(stuck) == 2 * STUCK, f"the API lists {len(stuck)} of {2 * STUCK} stuck players: {clients}"
    assert all(c["dropped"] > 0 for c in stuck), [c["dropped"] for c in stuck]
    assert all(c["dropped"] == 0 for c in fine), fine
    assert dropped_metric >= sum(c["dropped"] for c in stuck)
    if not SANITIZED:
        assert max(rss_samples) - rss_before < 24 * 1024, "RSS grew with the stuck players' queues"
        assert max(rss_samples[len(rss_samples) // 2:]) <= max(rss_samples[:len(rss_samples) // 2]) + 2048, \
            f"RSS still growing: {rss_samples}"
    assert 0.8 < rate < 1.3 and gap < 1.0, f"the good RTMP player fell behind: rate {rate:.2f}, gap {gap:.2f} s"
    assert flv_video > 15 * 20, f"the good HTTP-FLV player got {flv_video} video tags in 15 s"


# --------------------------------------------------------------------------------------------
# 5. A publisher that jumps timestamps, changes codecs and spams metadata


HOUR = 3_600_000
SPAM_PER_SECOND = 3000


def make_mp3_clip(path: Path) -> Path:
    """4 s of H.264 Baseline 320x240 with MP3 audio: a profile, resolution and audio codec change
    after the clips' H.264 Main 640x360 with AAC."""
    res = run_capture(["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                       "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
                       "-t", "4", "-c:v", "libx264", "-profile:v", "baseline", "-g", "25", "-pix_fmt", "yuv420p",
                       "-c:a", "libmp3lame", "-ar", "44100", "-b:a", "64k", "-f", "flv", path], timeout=60)
    assert res.returncode == 0, res.stderr
    return path


class ChaosPublisher:
    """Publishes clip phases with a pure-Python RTMP client, paced in real time:
    (clip tags, timestamp base, with sequence headers, metadata messages per second)."""

    def __init__(self, port: int, stream: str):
        self.client = RtmpClient(HOST, port, timeout=5).open()
        self.client.handshake()
        self.client.connect("live")
        self.client.publish(stream)
        self.client.set_chunk_size(60000)
        self.phase_started: list[tuple[str, float]] = []
        self.metadata_sent = 0

    def phase(self, name: str, tags: list, base: int, seconds: float, headers: bool = True,
              spam: int = 0) -> None:
        self.phase_started.append((name, time.monotonic()))
        start = time.monotonic()
        spam_due = start
        for tag in tags:
            if tag.type_id not in (MSG_AUDIO, MSG_VIDEO):
                continue
            if not headers and len(tag.payload) > 1 and tag.payload[1] == 0 and \
                    ((tag.type_id == MSG_VIDEO and tag.payload[0] & 0x0F == 7) or tag.type_id == MSG_AUDIO):
                continue  # same codec: no new sequence header, only the timestamp jumps
            if tag.timestamp / 1000.0 >= seconds:
                break
            while True:
                now = time.monotonic()
                due = start + tag.timestamp / 1000.0
                while spam and spam_due <= now:
                    self.client.send_metadata({"title": f"spam {self.metadata_sent}", "width": 640.0 + self.metadata_sent % 2,
                                               "height": 360.0, "framerate": 25.0})
                    self.metadata_sent += 1
                    spam_due += 1.0 / spam
                if now >= due:
                    break
                time.sleep(min(due - now, 0.001 if spam else 0.05))
            self.client.send_tag(tag, base)

    def close(self) -> None:
        self.client.close()


@pytest.mark.time_limit(90)
def test_publisher_timestamp_jumps_codec_changes_and_metadata_spam(tmp_path_factory, procs: ProcessGroup,
                                                                   made) -> None:
    workdir = tmp_path_factory.mktemp("chaos")
    hls = (f"hls {{ enabled on; hls_fragment 2; hls_window 60; hls_path {workdir / 'html'}; "
           "hls_cleanup off; }")
    srv = FloodServer(workdir, extra=hls).start()
    clip = read_flv(str(CLIP_360P))
    big = read_flv(str(CLIP_720P))
    mp3 = read_flv(str(make_mp3_clip(workdir / "baseline-mp3.flv")))
    pub = ChaosPublisher(srv.port, "chaos")
    made.append(pub)
    done = threading.Event()
    errors: list[BaseException] = []
    decode: dict = {}

    def run() -> None:
        try:
            pub.phase("normal", clip, 0, 4.0)
            pub.phase("+3 h", clip, 3 * HOUR, 3.0, headers=False)
            pub.phase("-2 h", clip, 1 * HOUR, 3.0, headers=False)
            pub.phase("baseline 320x240 + MP3", mp3, 1 * HOUR + 4000, 3.5)
            pub.phase("720p + AAC", big, 1 * HOUR + 8000, 3.0)
            pub.phase(f"metadata {SPAM_PER_SECOND}/s", clip, 1 * HOUR + 12000, 4.0, spam=SPAM_PER_SECOND)
            pub.phase("after", clip, 1 * HOUR + 17000, 6.0)
        except BaseException as e:  # noqa: BLE001 - reported by the test
            errors.append(e)
        finally:
            done.set()

    threading.Thread(target=run, daemon=True).start()
    player = rtmp_player(made, srv.port, "chaos")
    flv = HttpFlvPlayer(srv.http_port, "/live/chaos.flv")
    made.append(flv)
    started = time.monotonic()
    while not any(name == "after" for name, _ in pub.phase_started):
        assert not done.is_set(), f"publisher stopped early: {errors}"
        time.sleep(0.1)
    spam_start = next(t for name, t in pub.phase_started if name.startswith("metadata"))
    after_start = next(t for name, t in pub.phase_started if name == "after")
    log_during_spam = srv.log_since(0).count("\n")
    run_ffmpeg = run_capture(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", srv.url("chaos"),
                              "-t", "3", "-f", "null", "-"], timeout=20)
    decode["rc"], decode["err"] = run_ffmpeg.returncode, run_ffmpeg.stderr.strip()[-500:]
    assert done.wait(15), "publisher did not finish"
    assert not errors, f"publisher failed: {errors}"
    rate, gap = video_rate(player, started)
    flv_tags = flv.tag_count(9)
    time.sleep(0.5)
    lines_total = srv.log_since(0).count("\n")

    playlist = (workdir / "html" / "live" / "chaos.m3u8").read_text()
    segments = [line for line in playlist.splitlines() if line.endswith(".ts")]
    probed = []
    for seg in segments:
        streams = ffprobe(str(workdir / "html" / "live" / seg), timeout=15)
        probed.append(codecs(streams))
    msgs = player.snapshot()
    video_ts = [m.timestamp for m in msgs if m.is_video]
    backwards = sum(1 for a, b in zip(video_ts, video_ts[1:]) if b < a)
    biggest_jump = max((b - a for a, b in zip(video_ts, video_ts[1:])), default=0)
    print(f"\nchaos publisher: phases {[name for name, _ in pub.phase_started]}; {pub.metadata_sent} onMetaData in "
          f"{after_start - spam_start:.1f} s; RTMP player video rate {rate:.2f}x, longest gap {gap:.2f} s, "
          f"timestamps backwards {backwards}, largest forward step {biggest_jump} ms; HTTP-FLV {flv_tags} video tags")
    print(f"chaos publisher: ffmpeg decode rc {decode['rc']} {decode['err']!r}; HLS {len(segments)} segments, "
          f"codecs {sorted(set(str(sorted(p.items())) for p in probed))}; log {log_during_spam} lines up to the end "
          f"of the spam, {lines_total} in all")
    assert srv.alive()
    assert gap < 1.5, f"the RTMP player had a {gap:.2f} s gap"
    assert flv_tags > 20 * 20 and not flv.closed.is_set(), "the HTTP-FLV player stopped"
    assert decode["rc"] == 0, decode
    assert segments and all(p.get("video") for p in probed), probed
    assert any(p.get("audio") == "mp3" for p in probed) and any(p.get("audio") == "aac" for p in probed), probed
    assert lines_total < 100, f"{lines_total} log lines for one publish (metadata spam logged per message?)"


# --------------------------------------------------------------------------------------------
# 7. HLS on a full filesystem


TMPFS_SIZE = "8m"


@pytest.fixture
def tmpfs(tmp_path: Path):
    """A small tmpfs mounted at tmp_path/hls (unmounted afterwards); skips when mounting is refused."""
    point = tmp_path / "hls"
    point.mkdir()
    if not shutil.which("mount"):
        pytest.skip("no mount command")
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", str(point)],
                         capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"mount -t tmpfs refused (needs root or CAP_SYS_ADMIN): {res.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def fill(point: Path) -> Path:
    """Writes a file until the filesystem is full; returns it."""
    filler = point / "filler.bin"
    block = bytes(64 * 1024)
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(block)
        except OSError:
            pass
    return filler


def segment_files(point: Path) -> set[str]:
    return {p.name for p in (point / "live").glob("full-*.ts")}


def hls_error_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "[Error]" in line.replace("ERROR", "Error") and "hls" in line.lower()]


@pytest.mark.time_limit(80)
def test_hls_on_a_full_filesystem_keeps_the_stream_and_recovers(tmp_path_factory, tmpfs: Path, procs: ProcessGroup,
                                                                made) -> None:
    hls = (f"hls {{ enabled on; hls_fragment 1; hls_window 4; hls_path {tmpfs}; hls_cleanup on; }}")
    srv = FloodServer(tmp_path_factory.mktemp("fullfs"), extra=hls).start()
    ffmpeg_publish(procs, CLIP_720P, srv.url("full"), srv.workdir / "pub.log")
    player = rtmp_player(made, srv.port, "full")
    player.wait_for(lambda m: m.is_video, timeout=10)
    flv = HttpFlvPlayer(srv.http_port, "/live/full.flv")
    made.append(flv)
    deadline = time.monotonic() + 15
    while len(segment_files(tmpfs)) < 2:
        assert time.monotonic() < deadline, "no HLS segments before the disk was filled"
        time.sleep(0.2)
    mark = srv.log_size()
    filled_at = time.monotonic()
    filler = fill(tmpfs)
    before = segment_files(tmpfs)
    time.sleep(8.0)
    full_log = srv.log_since(mark)
    errors = hls_error_lines(full_log)
    during = segment_files(tmpfs) - before
    rate_full, gap_full = video_rate(player, filled_at)
    flv_tags_full = flv.tag_count(9)

    filler.unlink()
    freed_at = time.monotonic()
    deadline = freed_at + 15
    while not (segment_files(tmpfs) - before - during):
        assert time.monotonic() < deadline, f"no new segment within 15 s of freeing space; log: {srv.log_since(mark)[-2000:]}"
        time.sleep(0.2)
    recovered = time.monotonic() - freed_at
    time.sleep(3.0)
    playlist = (tmpfs / "live" / "full.m3u8").read_text()
    listed = [line for line in playlist.splitlines() if line.endswith(".ts")]
    probed = [codecs(ffprobe(str(tmpfs / "live" / seg), timeout=15)) for seg in listed]
    errors_after = hls_error_lines(srv.log_since(mark))
    rate, gap = video_rate(player, filled_at)
    print(f"\nfull filesystem: tmpfs {TMPFS_SIZE} filled; in 8 s full: {len(errors)} HLS error lines "
          f"({[e.split('] ', 1)[-1][:90] for e in errors]}), {len(during)} segments written; RTMP player rate "
          f"{rate_full:.2f}x (gap {gap_full:.2f} s), HTTP-FLV {flv_tags_full} video tags")
    print(f"full filesystem: space freed, first new segment after {recovered:.1f} s; playlist lists {len(listed)} "
          f"segments, all probed {sorted(set(str(sorted(p.items())) for p in probed))}; error lines in all "
          f"{len(errors_after)}; RTMP player over the whole test {rate:.2f}x (gap {gap:.2f} s)")
    assert srv.alive()
    assert 1 <= len(errors) <= 4, f"{len(errors)} HLS error lines in 8 s of a full disk: {errors[:10]}"
    assert len({e.split('] ', 1)[-1].split(',')[0] for e in errors_after}) == len(errors_after), \
        f"an error kind logged twice: {errors_after}"
    assert 0.8 < rate < 1.3 and gap < 1.0, f"the RTMP player suffered: rate {rate:.2f}, gap {gap:.2f} s"
    assert not flv.closed.is_set() and flv.tag_count(9) > flv_tags_full, "the HTTP-FLV player stopped"
    assert listed and all(p.get("video") == "h264" for p in probed), probed
    assert all((tmpfs / "live" / seg).exists() for seg in listed)
