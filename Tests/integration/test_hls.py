"""HLS (srs-facts 8) and HTTP-TS (7) with real ffmpeg/ffprobe players.

One server (hls_fragment 2, hls_window 10, hls_dispose 3, served by http_server from hls_path) gets
three looping publishes at module start: the 720p clip, an audio-only and a video-only clip. A
watcher thread reads every new `.ts` the moment it appears and every new version of the playlist.
The tests then look at that one long publish at fixed ages: playlist format and segments at 15 s,
window and cleanup at 25 s, then dispose after unpublish and republish. The read-only hls_path and
HTTP-TS use servers of their own (HLS and a `.ts` http_remux mount can't share a vhost).
With the clips' 2 s GOPs and hls_fragment 2, segments are ~4 s: a keyframe at exactly 2.0 s does
not cut because a segment's duration only counts the frames already in it (srs-facts 8.1).
"""

from __future__ import annotations

import json
import math
import os
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import pytest

from harness import (CLIP_720P, CLIP_AUDIO_ONLY, CLIP_VIDEO_ONLY, HOST, ProcessGroup, Server, codecs,
                     ffmpeg_publish, free_port, keeps_playing, run_capture, wait_media, wait_port)
from test_http import HttpFlvPlayer, request

pytestmark = pytest.mark.srs_only
FRAGMENT, WINDOW, DISPOSE = 2.0, 10.0, 3.0
AV, AUDIO, VIDEO, READONLY, HTTP_TS = "hls-av", "hls-audio", "hls-video", "hls-ro", "live-ts"
HLS = ("hls {{ enabled on; hls_fragment 2; hls_window 10; hls_path {path}; hls_dispose 3; "
       "hls_cleanup on; }}")
M3U8_TYPE, TS_TYPE = "application/vnd.apple.mpegurl", "video/MP2T"
EXTINF = re.compile(r"#EXTINF:(\d+\.\d{3}), no desc")


class HttpServer(Server):
    """srs with http_server serving `root`; `{root}` in the vhost body is replaced by its path."""

    def __init__(self, workdir: Path, vhost_body: str):
        self.root = workdir / "html"
        self.root.mkdir(exist_ok=True)
        super().__init__(workdir, vhost_body=vhost_body.replace("{root}", str(self.root)))
        self.http_port = free_port()

    def write_config(self) -> None:
        super().write_config()
        with self.conf.open("a") as f:
            f.write(f"http_server {{ enabled on; listen {self.http_port}; dir {self.root}; }}\n")

    def start(self, timeout: float = 10.0) -> "HttpServer":
        super().start(timeout)
        wait_port(self.http_port, timeout, self.proc)
        return self


# --------------------------------------------------------------------------------------------
# Playlists and segments


@dataclass
class Entry:
    seq: int
    duration: float
    uri: str
    discontinuity: bool


@dataclass
class Playlist:
    media_sequence: int
    target: int
    entries: list[Entry]
    text: str

    @property
    def seqs(self) -> list[int]:
        return [e.seq for e in self.entries]


def parse_playlist(text: str, stream: str) -> Playlist:
    """A media playlist, asserting the exact srs-facts 8.2 layout (tags, order, EXTINF, names)."""
    assert text.endswith("\n") and "\r" not in text, f"not LF-terminated lines: {text!r}"
    assert ".tmp" not in text and ".temp" not in text, f"temporary file listed: {text!r}"
    lines = text[:-1].split("\n")
    assert lines[:2] == ["#EXTM3U", "#EXT-X-VERSION:3"] and len(lines) >= 6, text
    seq_tag = re.fullmatch(r"#EXT-X-MEDIA-SEQUENCE:(\d+)", lines[2])
    target_tag = re.fullmatch(r"#EXT-X-TARGETDURATION:(\d+)", lines[3])
    assert seq_tag and target_tag, text
    entries, i = [], 4
    while i < len(lines):
        disc = lines[i] == "#EXT-X-DISCONTINUITY"
        i += disc
        inf = EXTINF.fullmatch(lines[i]) if i < len(lines) else None
        assert inf and i + 1 < len(lines), f"line {i + 1} is not `#EXTINF:%.3f, no desc` + uri: {text!r}"
        name = re.fullmatch(rf"{re.escape(stream)}-(\d+)\.ts(\?hls_ctx=\w+)?", lines[i + 1])
        assert name, f"uri {lines[i + 1]!r} is not {stream}-<seq>.ts"
        entries.append(Entry(int(name.group(1)), float(inf.group(1)), lines[i + 1], disc))
        i += 2
    playlist = Playlist(int(seq_tag.group(1)), int(target_tag.group(1)), entries, text)
    first = playlist.media_sequence
    assert playlist.seqs == list(range(first, first + len(entries))), f"sequence gaps: {text!r}"
    longest = max(e.duration for e in entries)
    assert playlist.target == math.ceil(max(longest, FRAGMENT)), f"TARGETDURATION: {text!r}"
    return playlist


def read_playlist(folder: Path, stream: str) -> Optional[Playlist]:
    try:
        text = (folder / f"{stream}.m3u8").read_text()
    except FileNotFoundError:
        return None
    return parse_playlist(text, stream)


def wait_playlist(folder: Path, stream: str, ready: Callable[[Playlist], bool], timeout: float) -> Playlist:
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        last = read_playlist(folder, stream)
        if last is not None and ready(last):
            return last
        time.sleep(0.05)
    raise AssertionError(f"{stream}.m3u8 not as expected after {timeout}s: {last.text if last else None!r}")


def snapshot_segments(folder: Path, stream: str, dest: Path, ready: Callable[[Playlist], bool],
                      timeout: float) -> tuple[Playlist, list[Path]]:
    """Waits for a ready playlist and copies its segments to dest before cleanup can delete them."""
    deadline = time.monotonic() + timeout
    while True:
        playlist = wait_playlist(folder, stream, ready, max(0.1, deadline - time.monotonic()))
        try:
            data = [(folder / e.uri).read_bytes() for e in playlist.entries]
        except FileNotFoundError:
            assert read_playlist(folder, stream) != playlist, f"listed segment missing: {playlist.text!r}"
            continue
        copies = [dest / e.uri for e in playlist.entries]
        for path, content in zip(copies, data):
            path.write_bytes(content)
        return playlist, copies


def ts_problem(data: bytes) -> Optional[str]:
    """Why data is not a whole MPEG-TS segment starting with PAT then PMT 0x1001 (8.3), or None."""
    if len(data) < 188 * 3 or len(data) % 188:
        return f"size {len(data)} is not a whole number of 188-byte packets"
    if set(data[::188]) != {0x47}:
        return "a packet lacks the 0x47 sync byte"
    pids = [((data[p + 1] & 0x1F) << 8) | data[p + 2] for p in (0, 188)]
    return None if pids == [0, 0x1001] else f"starts with PIDs {pids}, not PAT then PMT 0x1001"


def probe(target: str, timeout: float = 20.0) -> tuple[str, dict[str, str]]:
    """(format_name, {codec_type: codec_name}) by ffprobe, which must report no error."""
    res = run_capture(["ffprobe", "-v", "error", "-show_entries",
                       "stream=codec_type,codec_name:format=format_name", "-of", "json", target], timeout)
    assert res.returncode == 0 and not res.stderr.strip(), f"ffprobe {target}: {res.stderr[:800]}"
    doc = json.loads(res.stdout or "{}")
    return doc.get("format", {}).get("format_name", ""), codecs(doc.get("streams", []))


def fetch_media_playlist(port: int, stream: str) -> tuple[str, str]:
    """GETs /live/STREAM.m3u8, following an hls_ctx master playlist: (media playlist, its path)."""
    path = f"/live/{stream}.m3u8"
    for _ in range(2):
        r = request(port, path)
        assert r.status == 200, (path, r.status, r.body[:200])
        assert r.headers.get("content-type") == M3U8_TYPE, (path, r.headers)
        assert r.headers.get("cache-control") == "no-cache", (path, r.headers)
        text = r.body.decode()
        if "#EXT-X-STREAM-INF" not in text:
            return text, path
        lines = text.strip().split("\n")
        assert lines[:2] == ["#EXTM3U", "#EXT-X-STREAM-INF:BANDWIDTH=1,AVERAGE-BANDWIDTH=1"], text
        assert re.fullmatch(rf"/live/{re.escape(stream)}\.m3u8\?hls_ctx=\w+", lines[2]), text
        path = lines[2]
    raise AssertionError(f"{path} answered a master playlist again")


class SegmentWatcher(threading.Thread):
    """Polls a folder every 10 ms: reads each new `<stream>-<seq>.ts` as soon as it is listed
    (keeping a copy) and checks each new version of the playlist (complete, listed files exist)."""

    def __init__(self, folder: Path, stream: str, copies: Path):
        super().__init__(daemon=True)
        self.folder, self.stream, self.copies = folder, stream, copies
        self.name_re = re.compile(rf"{re.escape(stream)}-(\d+)\.ts")
        self.seen: dict[int, tuple[float, bytes]] = {}  # seq -> (monotonic time seen, bytes read)
        self.problems: list[str] = []
        self.playlists = 0
        self.halt = threading.Event()
        self._m3u8_key: Optional[tuple] = None

    def run(self) -> None:
        while not self.halt.is_set():
            try:
                self._scan()
            except Exception as e:  # noqa: BLE001 - reported by the tests
                self.problems.append(f"watcher: {type(e).__name__}: {e}")
            time.sleep(0.01)

    def _scan(self) -> None:
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return
        for name in names:
            m = self.name_re.fullmatch(name)
            if m and int(m.group(1)) not in self.seen:
                try:
                    data = (self.folder / name).read_bytes()
                except FileNotFoundError:
                    continue
                self.seen[int(m.group(1))] = (time.monotonic(), data)
                (self.copies / name).write_bytes(data)
                if (why := ts_problem(data)) is not None:
                    self.problems.append(f"{name} read on appearance: {why}")
        self._check_playlist()

    def _check_playlist(self) -> None:
        path = self.folder / f"{self.stream}.m3u8"
        try:
            st = path.stat()
            key = (st.st_ino, st.st_mtime_ns, st.st_size)
            if key == self._m3u8_key:
                return
            text = path.read_text()
        except FileNotFoundError:
            return
        self._m3u8_key = key
        self.playlists += 1
        try:
            playlist = parse_playlist(text, self.stream)
        except AssertionError as e:
            self.problems.append(f"bad playlist read from disk: {e}")
            return
        missing = [e.uri for e in playlist.entries if not (self.folder / e.uri).exists()]
        if missing and path.exists() and path.read_text() == text:
            self.problems.append(f"playlist lists missing files {missing}: {text!r}")

    def last_seen(self) -> float:
        return max((t for t, _ in self.seen.values()), default=0.0)

    def wait_mid_segment(self, timeout: float = 10.0) -> None:
        """Waits until the open segment is 1-3 s old, so stopping now flushes a real segment."""
        deadline = time.monotonic() + timeout
        while not 1.0 <= time.monotonic() - self.last_seen() <= 3.0:
            assert time.monotonic() < deadline, "no segment closed in the last seconds"
            time.sleep(0.02)


# --------------------------------------------------------------------------------------------
# The long publish


@dataclass
class HlsEnv:
    server: HttpServer
    folder: Path
    publishers: dict
    watcher: SegmentWatcher
    started: float
    notes: dict = field(default_factory=dict)

    def at(self, age: float) -> None:
        """Sleeps until the publishes are `age` seconds old."""
        time.sleep(max(0.0, self.started + age - time.monotonic()))


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory):
    srv = HttpServer(tmp_path_factory.mktemp("hls"), HLS.format(path="{root}")).start()
    group = ProcessGroup("hls-publishers")
    copies = srv.workdir / "copies"
    copies.mkdir()
    watcher = SegmentWatcher(srv.root / "live", AV, copies)
    watcher.start()
    try:
        started = time.monotonic()
        pubs = {name: ffmpeg_publish(group, clip, srv.url(name), srv.workdir / f"pub-{name}.log")
                for name, clip in ((AV, CLIP_720P), (AUDIO, CLIP_AUDIO_ONLY), (VIDEO, CLIP_VIDEO_ONLY))}
        yield HlsEnv(srv, srv.root / "live", pubs, watcher, started)
    finally:
        watcher.halt.set()
        watcher.join(timeout=2)
        group.kill_all()
        srv.stop()


def test_playlist_and_segments_are_valid_and_files_appear_complete(env: HlsEnv, tmp_path: Path) -> None:
    srv, folder = env.server, env.folder
    wait_playlist(folder, AV, lambda p: len(p.entries) >= 2, timeout=14)
    url = f"http://{HOST}:{srv.http_port}/live/{AV}.m3u8"
    read = run_capture(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", url, "-t", "5",
                        "-f", "null", "-"], timeout=30)
    assert read.returncode == 0 and not read.stderr.strip(), f"ffmpeg read of {url}: {read.stderr[:1500]}"
    assert env.publishers[AV].poll() is None, "publisher stopped"
    env.at(15)

    playlist, copies = snapshot_segments(folder, AV, tmp_path, lambda p: len(p.entries) >= 3, timeout=3)
    assert playlist.entries[0].discontinuity and playlist.media_sequence == 0, playlist.text
    assert not any(e.discontinuity for e in playlist.entries[1:]), playlist.text
    for e, copy in zip(playlist.entries, copies):
        limit = (0.1 if e is playlist.entries[-1] else 1.0, 2 * FRAGMENT)
        assert limit[0] <= e.duration <= limit[1], f"EXTINF {e.duration} of {e.uri}: {playlist.text}"
        assert ts_problem(copy.read_bytes()) is None, (e.uri, ts_problem(copy.read_bytes()))
        assert probe(str(copy)) == ("mpegts", {"video": "h264", "audio": "aac"}), e.uri

    text, path = fetch_media_playlist(srv.http_port, AV)
    served = parse_playlist(text, AV)
    for e in served.entries:
        r = request(srv.http_port, f"/live/{e.uri}")
        assert r.status == 200 and r.headers.get("content-type") == TS_TYPE, (e.uri, r.status, r.headers)
        on_disk = folder / e.uri.split("?")[0]
        if on_disk.exists():
            assert r.body == on_disk.read_bytes(), f"{e.uri} served differs from the file"

    w = env.watcher
    assert not w.problems, w.problems[:5]
    assert w.playlists >= 3 and set(range(len(playlist.entries))) <= set(w.seen), (w.playlists, sorted(w.seen))
    for seq, (_, data) in sorted(w.seen.items()):
        name = f"{AV}-{seq}.ts"
        final = folder / name
        if final.exists():
            assert final.read_bytes() == data, f"{name} changed after it appeared (read incomplete)"
        assert probe(str(w.copies / name)) == ("mpegts", {"video": "h264", "audio": "aac"}), name


def test_audio_only_and_video_only_publishes_make_valid_hls(env: HlsEnv, tmp_path: Path) -> None:
    for stream, want in ((AUDIO, {"audio": "aac"}), (VIDEO, {"video": "h264"})):
        playlist, copies = snapshot_segments(env.folder, stream, tmp_path, lambda p: True, timeout=15)
        assert playlist.entries[0].discontinuity or playlist.media_sequence > 0, playlist.text
        for e, copy in zip(playlist.entries, copies):
            assert ts_problem(copy.read_bytes()) is None, (e.uri, ts_problem(copy.read_bytes()))
            assert probe(str(copy)) == ("mpegts", want), f"{e.uri} of {stream}"
        assert env.publishers[stream].poll() is None, f"{stream} publisher stopped"


def test_http_ts_streams_h264_and_aac_that_decode(tmp_path_factory, procs: ProcessGroup) -> None:
    srv = HttpServer(tmp_path_factory.mktemp("httpts"),
                     "http_remux { enabled on; mount [vhost]/[app]/[stream].ts; }").start()
    try:
        ffmpeg_publish(procs, CLIP_720P, srv.url(HTTP_TS), srv.workdir / "pub-ts.log")
        url = f"http://{HOST}:{srv.http_port}/live/{HTTP_TS}.ts"
        assert probe(url, timeout=20) == ("mpegts", {"video": "h264", "audio": "aac"})
        decode = run_capture(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", url, "-t", "4",
                              "-f", "null", "-"], timeout=30)
        assert decode.returncode == 0 and not decode.stderr.strip(), decode.stderr[:1500]
        with socket.create_connection((HOST, srv.http_port), timeout=5) as s:
            s.sendall(f"GET /live/{HTTP_TS}.ts HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = s.recv(4096)
                assert chunk, f"closed before the response head: {head!r}"
                head += chunk
        lines = head.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
        assert lines[0] == "HTTP/1.1 200 OK", lines
        assert f"content-type: {TS_TYPE}".lower() in [x.lower() for x in lines], lines
    finally:
        procs.kill_all()
        srv.stop()


def test_window_keeps_one_segment_beyond_it_and_cleanup_deletes_the_rest(env: HlsEnv) -> None:
    env.at(25)
    for _ in range(5):
        before = read_playlist(env.folder, AV)
        files = {int(m.group(1)) for n in os.listdir(env.folder)
                 if (m := re.fullmatch(rf"{AV}-(\d+)\.ts", n))}
        after = read_playlist(env.folder, AV)
        if before is not None and after is not None and before.text == after.text:
            break
        time.sleep(0.2)
    assert before is not None and after is not None and before.text == after.text
    durations = [e.duration for e in after.entries]
    assert sum(durations) <= WINDOW + max(durations), after.text
    # 8.1: from the newest back, segments older than the one that exceeds the window are removed.
    assert sum(durations) > WINDOW and sum(durations[1:]) <= WINDOW, after.text
    listed = set(after.seqs)
    assert after.media_sequence >= 2 and 0 in env.watcher.seen, (after.text, sorted(env.watcher.seen))
    extra = files - listed
    assert listed <= files and len(extra) <= 1, f"on disk {sorted(files)}, listed {sorted(listed)}"
    assert extra <= {after.media_sequence - 1, after.seqs[-1] + 1}, f"stale files {sorted(extra)}"


def test_dispose_deletes_the_files_hls_dispose_seconds_after_unpublish(env: HlsEnv) -> None:
    env.at(20)
    env.watcher.wait_mid_segment()
    open_before = read_playlist(env.folder, AV)
    assert open_before is not None
    ProcessGroup.kill(env.publishers[AV])
    stopped = time.monotonic()
    flushed = open_before.seqs[-1] + 1
    final = wait_playlist(env.folder, AV, lambda p: p.seqs[-1] >= flushed, timeout=1.5)
    assert final.seqs[-1] == flushed and final.entries[-1].duration >= 0.5, final.text
    kept = [env.folder / e.uri for e in final.entries] + [env.folder / f"{AV}.m3u8"]
    first_missing = all_gone = None
    while time.monotonic() < stopped + 6.5:
        now = time.monotonic() - stopped
        if first_missing is None and not all(p.exists() for p in kept):
            first_missing = now
        if not [n for n in os.listdir(env.folder) if n.startswith(f"{AV}-") or n.startswith(f"{AV}.")]:
            all_gone = now
            break
        time.sleep(0.05)
    env.notes["last_seq"] = flushed
    assert all_gone is not None and all_gone <= 5.5, \
        f"files left 6.5 s after unpublish: {sorted(os.listdir(env.folder))}"
    assert first_missing is not None and first_missing >= 2.5, \
        f"files started to vanish {first_missing:.2f}s after unpublish (hls_dispose {DISPOSE})"
    assert request(env.server.http_port, f"/live/{AV}.m3u8").status == 404
    assert probe(str(env.watcher.copies / f"{AV}-{flushed}.ts"))[0] == "mpegts"


def test_republish_continues_the_sequence_after_a_discontinuity(env: HlsEnv, procs: ProcessGroup) -> None:
    if env.publishers[AV].poll() is None:
        ProcessGroup.kill(env.publishers[AV])
        time.sleep(1.0)
    last = env.notes.get("last_seq", max(env.watcher.seen, default=-1))
    url, log = env.server.url(AV), env.server.workdir / "pub-republish.log"
    begun = time.time()
    pub = ffmpeg_publish(procs, CLIP_720P, url, log)

    def written_since(e: Entry) -> bool:
        try:
            return (env.folder / e.uri).stat().st_mtime >= begun
        except FileNotFoundError:
            return False

    first = wait_playlist(env.folder, AV, lambda p: written_since(p.entries[-1]), timeout=12)
    new = [e for e in first.entries if written_since(e)]
    assert new[0].seq == last + 1, \
        f"republish began at seq {new[0].seq}, the last one before was {last} (8.1): {first.text!r}"
    assert new[0].discontinuity, f"no discontinuity before the republish: {first.text!r}"

    # Again, quickly (within hls_dispose): the old segments stay, the new publish follows them.
    env.watcher.wait_mid_segment()
    flushed = read_playlist(env.folder, AV).seqs[-1] + 1
    ProcessGroup.kill(pub)
    ffmpeg_publish(procs, CLIP_720P, url, log)
    again = wait_playlist(env.folder, AV, lambda p: p.seqs[-1] > flushed, timeout=12)
    by_seq = {e.seq: e for e in again.entries}
    assert flushed in by_seq and flushed + 1 in by_seq, again.text
    marked = [e.seq for e in again.entries if e.discontinuity]
    assert marked == [s for s in (last + 1, flushed + 1) if s in by_seq], \
        f"discontinuities at {marked}, publishes began at {last + 1} and {flushed + 1}: {again.text}"


def test_unwritable_hls_path_leaves_rtmp_and_http_flv_players_playing(tmp_path_factory, procs, clients) -> None:
    body = HLS.format(path="{root}/blocker/sub") + "\nhttp_remux { enabled on; mount [vhost]/[app]/[stream].flv; }"
    workdir = tmp_path_factory.mktemp("hlsro")
    (workdir / "html").mkdir()
    (workdir / "html" / "blocker").write_text("a file, so mkdir under it fails even for root\n")
    srv = HttpServer(workdir, body).start()
    flv = None
    try:
        pub = ffmpeg_publish(procs, CLIP_720P, srv.url(READONLY), workdir / "pub-ro.log")
        rtmp = clients(srv)
        rtmp.handshake()
        rtmp.connect("live")
        rtmp.play(READONLY)
        wait_media(rtmp, 10, timeout=10)
        flv = HttpFlvPlayer(srv.http_port, f"/live/{READONLY}.flv")
        flv.wait_tags(10, timeout=10)
        began, counts = time.monotonic(), [flv.tag_count()]
        for _ in range(6):
            time.sleep(1.0)
            counts.append(flv.tag_count())
        keeps_playing(rtmp, 6.0, since=began, gap=1.0)
        assert all(b > a for a, b in zip(counts, counts[1:])), f"HTTP-FLV tags per second stalled: {counts}"
        assert flv.status == 200 and flv.error is None and not flv.closed.is_set(), (flv.status, flv.error)
        assert srv.alive() and pub.poll() is None, "server or publisher went away"
        lines = srv.log.read_text(errors="replace").splitlines()
        errors = [x for x in lines if re.search(r"\[(error|warn)\]", x, re.I) and "hls" in x.lower()]
        assert len(errors) == 1, f"{len(errors)} HLS error lines (want exactly 1): {errors[:5]}"
        assert sorted(os.listdir(workdir / "html")) == ["blocker"]
    finally:
        if flv is not None:
            flv.close()
        procs.kill_all()
        srv.stop()
