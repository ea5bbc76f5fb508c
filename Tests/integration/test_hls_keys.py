"""hls_keys (srs-facts 8.2, 8.3): AES-128 HLS with a new key every hls_fragments_per_key segments,
played over HTTP by real ffmpeg/ffprobe.

Two servers publish the 720p clip in a loop from module start, both with hls_fragment 2 and
hls_fragments_per_key 2 (with the clip's 2 s GOPs segments are ~4 s, so a key every ~8 s):
- RELATIVE: no hls_key_url, so key URIs are relative to the playlist (`livestream-0.key`);
- ABSOLUTE: hls_key_url http://127.0.0.1:<http port>/, hls_window 6 and hls_dispose 3, for the
  absolute URIs SRS writes (`<hls_key_url><hls_key_file>`), key cleanup and dispose.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

from harness import CLIP_720P, HOST, ProcessGroup, ffmpeg_publish, run_capture
from test_hls import HttpServer, fetch_media_playlist, probe, ts_problem
from test_http import request

pytestmark = pytest.mark.srs_only
STREAM = "livestream"
PER_KEY = 2
KEY_LINE = re.compile(r'#EXT-X-KEY:METHOD=AES-128,URI="([^"]+)",IV=0x([0-9A-F]{32})')
EXTINF = re.compile(r"#EXTINF:(\d+\.\d{3}), no desc")
KEYS = f"hls_keys on; hls_fragments_per_key {PER_KEY};"
RELATIVE = "hls { enabled on; hls_fragment 2; hls_window 60; hls_path {root}; " + KEYS + " }"
ABSOLUTE = ("hls { enabled on; hls_fragment 2; hls_window 6; hls_dispose 3; hls_path {root}; " + KEYS
            + " hls_key_url {url}; }")


@dataclass
class Key:
    uri: str
    iv: str


@dataclass
class Entry:
    seq: int
    uri: str
    key: Key
    key_line: bool  # an #EXT-X-KEY line stands right before this segment


def parse(text: str) -> list[Entry]:
    """The segments of an encrypted playlist with the key that applies to each (RFC 8216 4.3.2.4)."""
    assert text.startswith("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MEDIA-SEQUENCE:") and text.endswith("\n"), text
    entries, key, fresh = [], None, False
    lines = text[:-1].split("\n")
    for i, line in enumerate(lines):
        if line.startswith("#EXT-X-KEY:"):
            m = KEY_LINE.fullmatch(line)
            assert m, f"key line {line!r} is not SRS's `METHOD=AES-128,URI=\"...\",IV=0x<32 hex>`"
            key, fresh = Key(m.group(1), m.group(2)), True
        elif not line.startswith("#"):
            assert EXTINF.fullmatch(lines[i - 1]), f"no EXTINF before {line!r}: {text!r}"
            name = re.fullmatch(rf"{STREAM}-(\d+)\.ts(\?hls_ctx=\w+)?", line)
            assert name and key is not None, f"segment {line!r} without a key before it: {text!r}"
            entries.append(Entry(int(name.group(1)), line, key, fresh))
            fresh = False
    return entries


def check_rotation(entries: list[Entry], key_uri) -> None:
    """A key line before the first listed segment and before every multiple of PER_KEY, no other;
    each key is named after the segment it starts with."""
    assert [e.seq for e in entries] == list(range(entries[0].seq, entries[0].seq + len(entries)))
    for i, e in enumerate(entries):
        assert e.key_line == (i == 0 or e.seq % PER_KEY == 0), f"key lines at {[x.seq for x in entries if x.key_line]}"
        assert e.key.uri == key_uri(e.seq - e.seq % PER_KEY), (e.seq, e.key.uri)
    ivs = {e.key.uri: e.key.iv for e in entries}
    assert len(set(ivs.values())) == len(ivs), f"keys share an IV: {ivs}"


def wait_entries(folder: Path, count: int, timeout: float) -> tuple[str, list[Entry]]:
    deadline, text = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            text = (folder / f"{STREAM}.m3u8").read_text()
        except FileNotFoundError:
            text = None
        if text is not None and len(entries := parse(text)) >= count:
            return text, entries
        time.sleep(0.1)
    raise AssertionError(f"{STREAM}.m3u8 has not {count} segments after {timeout}s: {text!r}")


def decrypt(data: bytes, key: bytes, iv: str, workdir: Path) -> Optional[bytes]:
    """AES-128-CBC with PKCS7 by the openssl CLI (nothing here shares code with the server)."""
    src, dst = workdir / "cipher.bin", workdir / "clear.ts"
    src.write_bytes(data)
    res = run_capture(["openssl", "enc", "-d", "-aes-128-cbc", "-K", key.hex(), "-iv", iv,
                       "-in", str(src), "-out", str(dst)], timeout=10)
    return dst.read_bytes() if res.returncode == 0 else None


def play(url: str, seconds: float = 4.0) -> dict[int, int]:
    """ffmpeg decodes `seconds` of the HLS at url: frames per output stream (framecrc lines)."""
    res = run_capture(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", url, "-t", str(seconds),
                       "-map", "0:v", "-map", "0:a", "-f", "framecrc", "-"], timeout=60)
    assert res.returncode == 0 and not res.stderr.strip(), f"ffmpeg {url}: rc={res.returncode} {res.stderr[:1500]}"
    frames: dict[int, int] = {}
    for line in res.stdout.splitlines():
        if line and not line.startswith("#"):
            index = int(line.split(",")[0])
            frames[index] = frames.get(index, 0) + 1
    return frames


@dataclass
class KeysEnv:
    relative: HttpServer
    absolute: HttpServer
    publishers: dict


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory):
    relative = HttpServer(tmp_path_factory.mktemp("hlskeys-rel"), RELATIVE)
    absolute = HttpServer(tmp_path_factory.mktemp("hlskeys-abs"), ABSOLUTE)
    absolute.vhost_body = absolute.vhost_body.replace("{url}", f"http://{HOST}:{absolute.http_port}/")
    group = ProcessGroup("hls-keys-publishers")
    try:
        relative.start()
        absolute.start()
        pubs = {srv: ffmpeg_publish(group, CLIP_720P, srv.url(STREAM), srv.workdir / "pub.log")
                for srv in (relative, absolute)}
        yield KeysEnv(relative, absolute, pubs)
    finally:
        group.kill_all()
        relative.stop()
        absolute.stop()


def test_playlist_has_a_key_line_every_two_segments_and_segments_are_encrypted(env: KeysEnv, tmp_path: Path) -> None:
    folder = env.relative.root / "live"
    text, entries = wait_entries(folder, PER_KEY + 1, timeout=30)
    assert entries[0].seq == 0, text
    check_rotation(entries, lambda seq: f"{STREAM}-{seq}.key")
    assert text.count("#EXT-X-KEY:METHOD=AES-128,") == len([e for e in entries if e.seq % PER_KEY == 0]), text
    assert "#EXT-X-DISCONTINUITY\n#EXT-X-KEY:" in text, "SRS writes the discontinuity before the key line"
    for e in entries:
        data = (folder / e.uri).read_bytes()
        key = (folder / e.key.uri).read_bytes()
        assert len(key) == 16, f"{e.key.uri} has {len(key)} bytes"
        assert len(data) % 16 == 0 and ts_problem(data) is not None, f"{e.uri} looks like clear MPEG-TS"
        assert data[0] != 0x47 or set(data[::188]) != {0x47}, f"{e.uri} has MPEG-TS sync bytes"
        clear = decrypt(data, key, e.key.iv, tmp_path)
        assert clear is not None, f"{e.uri} does not decrypt (key {e.key.uri}, IV {e.key.iv}, PKCS7)"
        assert ts_problem(clear) is None, (e.uri, ts_problem(clear))
        (tmp_path / "clear.ts").write_bytes(clear)
        assert probe(str(tmp_path / "clear.ts")) == ("mpegts", {"video": "h264", "audio": "aac"}), e.uri
    assert env.publishers[env.relative].poll() is None, "publisher stopped"


def test_ffmpeg_plays_the_encrypted_hls_over_http(env: KeysEnv) -> None:
    srv = env.relative
    wait_entries(srv.root / "live", 2, timeout=20)
    text, path = fetch_media_playlist(srv.http_port, STREAM)
    entries = parse(text)
    key = request(srv.http_port, f"/live/{entries[0].key.uri}")
    assert key.status == 200 and len(key.body) == 16, (key.status, key.body[:40])
    url = f"http://{HOST}:{srv.http_port}/live/{STREAM}.m3u8"
    assert probe(url) == ("hls", {"video": "h264", "audio": "aac"})
    frames = play(url)
    assert frames.get(0, 0) >= 60 and frames.get(1, 0) >= 100, f"decoded frames per stream: {frames}"


def test_hls_key_url_makes_absolute_key_uris_that_players_fetch(env: KeysEnv) -> None:
    srv = env.absolute
    prefix = f"http://{HOST}:{srv.http_port}/"
    _, entries = wait_entries(srv.root / "live", 2, timeout=20)
    check_rotation(entries, lambda seq: f"{prefix}live/{STREAM}-{seq}.key")
    frames = play(f"{prefix}live/{STREAM}.m3u8")
    assert frames.get(0, 0) >= 60 and frames.get(1, 0) >= 100, f"decoded frames per stream: {frames}"


def key_files(folder: Path) -> set[int]:
    return {int(m.group(1)) for n in os.listdir(folder) if (m := re.fullmatch(rf"{STREAM}-(\d+)\.key", n))}


def test_keys_of_segments_that_left_the_window_are_deleted_and_dispose_removes_the_rest(env: KeysEnv) -> None:
    srv = env.absolute
    folder = srv.root / "live"
    prefix = f"http://{HOST}:{srv.http_port}/live/{STREAM}-"
    # hls_window 6 lists 2-3 segments of ~4 s: wait until key 0's segments are gone.
    text, entries = wait_entries(folder, 1, timeout=5)
    deadline = time.monotonic() + 45
    while entries[0].seq < PER_KEY + 1:
        assert time.monotonic() < deadline, f"window did not move past key {PER_KEY}: {text!r}"
        time.sleep(0.5)
        text, entries = wait_entries(folder, 1, timeout=5)
    for _ in range(20):
        before = (folder / f"{STREAM}.m3u8").read_text()
        on_disk = key_files(folder)
        if before == (folder / f"{STREAM}.m3u8").read_text():
            break
        time.sleep(0.1)
    used = {int(e.key.uri[len(prefix):-len(".key")]) for e in parse(before)}
    assert 0 not in on_disk, f"key 0 kept after its segments left: on disk {sorted(on_disk)}, playlist {before!r}"
    # The keys of listed segments, plus at most the next one (written as its segment opened).
    assert used <= on_disk and len(on_disk - used) <= 1, f"on disk {sorted(on_disk)}, used {sorted(used)}"
    assert all(len((folder / f"{STREAM}-{k}.key").read_bytes()) == 16 for k in used)

    ProcessGroup.kill(env.publishers[srv])
    deadline = time.monotonic() + 8
    while key_files(folder) or any(n.endswith(".ts") for n in os.listdir(folder)):
        assert time.monotonic() < deadline, f"left after hls_dispose 3: {sorted(os.listdir(folder))}"
        time.sleep(0.1)
    assert request(srv.http_port, f"/live/{STREAM}.m3u8").status == 404
