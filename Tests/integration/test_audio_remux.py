"""HTTP-AAC and HTTP-MP3 (srs-facts 7): `http_remux` mounts ending in `.aac` / `.mp3`, as SRS 5's
SrsAacStreamEncoder / SrsMp3StreamEncoder serve them. ffmpeg publishes AAC and MP3 streams; ffprobe
and ffmpeg play the mounts; a raw-socket player checks the head, the ADTS / ID3 framing, the
fast_cache burst, the wait for a publisher and the close at unpublish.

Two servers (a vhost has one mount): `aac` mounts `.aac` with `fast_cache 3`, `mp3` mounts `.mp3`
without a fast cache and with on_play/on_stop hooks.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Optional

import pytest

from harness import CLIP_360P, CLIP_AUDIO_ONLY, HOST, ProcessGroup, ffmpeg_publish, ffprobe_json, run_capture
from hook_server import HookServer
from test_http import (HttpFlvPlayer, WebServer, clients_of, exchange, parse_response, request, stream_named,
                       wait_stream)

pytestmark = pytest.mark.srs_only

AAC_AUDIO, AAC_AV, MP3_AV, LATE = "aac-audio", "aac-av", "mp3-av", "late"
FAST_CACHE = 3  # seconds, on the aac server
ID3 = bytes([0x49, 0x44, 0x33, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0A]) + bytes(10)


class AudioPlayer(HttpFlvPlayer):
    """HttpFlvPlayer's socket, head and chunked decoding; the body is kept raw (ADTS or MP3)."""

    def __init__(self, port: int, path: str):
        self.audio = bytearray()
        self.first_byte_at: Optional[float] = None
        super().__init__(port, path)

    def _parse_flv(self) -> None:
        if self._body and self.first_byte_at is None:
            self.first_byte_at = time.monotonic()
        self.audio += self._body
        self._body.clear()

    def wait_bytes(self, count: int, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.audio) < count:
                left = deadline - time.monotonic()
                assert left > 0 and not self.closed.is_set(), \
                    (f"{self.path}: {len(self.audio)} body bytes after {timeout}s (status {self.status}, "
                     f"closed {self.closed.is_set()}, error {self.error})")
                self._cond.wait(min(left, 0.2))
            return bytes(self.audio)


def adts_frames(data: bytes) -> list[tuple[int, int, int, int]]:
    """(profile, sampling index, channels, frame length) of each whole ADTS frame; asserts the
    stream is nothing but ADTS frames."""
    frames, at = [], 0
    while len(data) - at >= 7:
        h = data[at:at + 7]
        assert h[0] == 0xFF and h[1] & 0xF6 == 0xF0, f"no ADTS syncword at {at}: {h.hex()}"
        length = ((h[3] & 0x03) << 11) | (h[4] << 3) | (h[5] >> 5)
        assert length > 7, f"ADTS frame length {length} at {at}"
        if at + length > len(data):
            break
        frames.append((h[2] >> 6, (h[2] >> 2) & 0x0F, ((h[2] & 0x01) << 2) | (h[3] >> 6), length))
        at += length
    return frames


def mp3_frame_count(data: bytes) -> int:
    """MPEG-1 layer III frames after the ID3 tag (44.1 kHz: 144 * bitrate / rate + padding)."""
    rates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0]
    hz = [44100, 48000, 32000, 0]
    at, count = len(ID3), 0
    while len(data) - at >= 4:
        h = data[at:at + 4]
        assert h[0] == 0xFF and h[1] & 0xE0 == 0xE0, f"no MP3 frame sync at {at}: {h.hex()}"
        bitrate, rate = rates[h[2] >> 4] * 1000, hz[(h[2] >> 2) & 0x03]
        assert bitrate and rate, f"bad MP3 header {h.hex()}"
        length = 144 * bitrate // rate + ((h[2] >> 1) & 0x01)
        if at + length > len(data):
            break
        at += length
        count += 1
    return count


def probe_streams(url_or_file: str) -> list[dict]:
    """ffprobe's streams with codec, sample rate and channels."""
    run = run_capture(["ffprobe", "-v", "error", "-show_entries",
                       "stream=codec_type,codec_name,sample_rate,channels", "-of", "json", url_or_file], timeout=25)
    assert run.returncode == 0, f"ffprobe {url_or_file}: {run.stderr[:1000]}"
    return json.loads(run.stdout or "{}").get("streams", [])


def audio_of(url: str) -> dict:
    """The one stream of an audio mount (no video, no data stream)."""
    streams = probe_streams(url)
    assert [s.get("codec_type") for s in streams] == ["audio"], streams
    return streams[0]


def decoded_seconds(url: str, seconds: float, workdir, name: str) -> float:
    """Decodes `seconds` of the URL to a WAV file with ffmpeg; returns the file's duration."""
    out = workdir / f"{name}.wav"
    run = run_capture(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y", "-i", url, "-t", str(seconds),
                       "-c:a", "pcm_s16le", str(out)], timeout=40)
    assert run.returncode == 0 and run.stderr.strip() == "", run.stderr[:2000]
    return float(ffprobe_json(str(out))["format"]["duration"])


def mp3_publish(group: ProcessGroup, url: str, log, video: bool = True):
    """A live MP3 stream (sine at 44.1 kHz stereo, libmp3lame 128k), with H.264 video unless told."""
    cmd = ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-re",
           "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"]
    if video:
        cmd += ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-c:v", "libx264", "-preset", "ultrafast",
                "-g", "50"]
    cmd += ["-c:a", "libmp3lame", "-ac", "2", "-b:a", "128k", "-f", "flv", url]
    return group.spawn(cmd, log=log)


@dataclass
class Env:
    aac: WebServer
    mp3: WebServer
    hooks: HookServer


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory):
    hooks = HookServer()
    hooks.refuse.add("refused")
    aac = WebServer(tmp_path_factory.mktemp("aac"))
    aac.vhost_body = f"http_remux {{ enabled on; mount [vhost]/[app]/[stream].aac; fast_cache {FAST_CACHE}; }}"
    mp3 = WebServer(tmp_path_factory.mktemp("mp3"))
    mp3.vhost_body = ("http_remux { enabled on; mount [vhost]/[app]/[stream].mp3; }\n"
                      f"http_hooks {{ enabled on; on_play {hooks.url('/api/v1/sessions')}; "
                      f"on_stop {hooks.url('/api/v1/sessions')}; }}")
    group = ProcessGroup("audio-publishers")
    try:
        aac.start()
        mp3.start()
        ffmpeg_publish(group, CLIP_AUDIO_ONLY, aac.url(AAC_AUDIO), aac.workdir / "pub-audio.log")
        ffmpeg_publish(group, CLIP_360P, aac.url(AAC_AV), aac.workdir / "pub-av.log")
        mp3_publish(group, aac.url(MP3_AV), aac.workdir / "pub-mp3.log")
        mp3_publish(group, mp3.url(MP3_AV), mp3.workdir / "pub-mp3.log")
        ffmpeg_publish(group, CLIP_AUDIO_ONLY, mp3.url(AAC_AUDIO), mp3.workdir / "pub-aac.log")
        for srv, name in ((aac, AAC_AUDIO), (aac, AAC_AV), (aac, MP3_AV), (mp3, MP3_AV), (mp3, AAC_AUDIO)):
            # The API describes AAC audio only (as SRS), so an MP3 stream is ready once it publishes.
            wait_stream(srv, name, lambda s: s["publish"]["active"] and (bool(s.get("audio")) or "mp3" in s["name"]))
        time.sleep(FAST_CACHE)  # the fast cache fills
        yield Env(aac, mp3, hooks)
    finally:
        group.kill_all()
        aac.stop()
        mp3.stop()
        hooks.close()


@pytest.fixture
def players():
    made: list[AudioPlayer] = []

    def make(port: int, path: str) -> AudioPlayer:
        p = AudioPlayer(port, path)
        made.append(p)
        return p

    yield make
    for p in made:
        p.close()


def url(srv: WebServer, stream: str, ext: str) -> str:
    return f"http://{HOST}:{srv.http_port}/live/{stream}.{ext}"


# --------------------------------------------------------------------------------------------
# HTTP-AAC


def test_aac_mount_serves_adts_that_ffprobe_and_ffmpeg_read(env: Env) -> None:
    clip = next(s for s in probe_streams(str(CLIP_AUDIO_ONLY)) if s["codec_type"] == "audio")
    audio = audio_of(url(env.aac, AAC_AUDIO, "aac"))
    assert (audio["codec_name"], audio["sample_rate"], audio["channels"]) == \
        ("aac", clip["sample_rate"], clip["channels"]), audio
    assert decoded_seconds(url(env.aac, AAC_AUDIO, "aac"), 4, env.aac.workdir, "aac-audio") >= 3.9


def test_aac_of_an_audio_video_stream_drops_the_video(env: Env, players) -> None:
    audio = audio_of(url(env.aac, AAC_AV, "aac"))
    assert audio["codec_name"] == "aac", audio
    player = players(env.aac.http_port, f"/live/{AAC_AV}.aac")
    data = player.wait_bytes(20_000, timeout=10)
    assert player.status == 200 and player.error is None, (player.status, player.error)
    assert player.headers.get("content-type") == "audio/x-aac", player.headers
    assert player.headers.get("transfer-encoding", "").lower() == "chunked", player.headers
    frames = adts_frames(data)  # asserts nothing but ADTS frames: no FLV, no H.264
    assert len(frames) > 20 and {f[:3] for f in frames} == {frames[0][:3]}, frames[:5]
    assert frames[0][0] == 1, f"ADTS profile {frames[0][0]} (LC is 1)"


def test_a_new_aac_player_gets_the_fast_cache_at_once(env: Env, players) -> None:
    player = players(env.aac.http_port, f"/live/{AAC_AUDIO}.aac")
    player.wait_bytes(1, timeout=5)
    time.sleep(0.5)
    # -re publishes in real time: 0.5 s of live audio is ~22 frames of 1024 samples at 44.1 kHz;
    # the cache adds up to FAST_CACHE seconds (~129 frames).
    frames = len(adts_frames(bytes(player.audio)))
    assert frames >= 80, f"{frames} ADTS frames in the first 0.5 s: no fast_cache burst"
    assert env.aac.wait_log("http: dump cache", timeout=2)


def test_aac_mount_refuses_an_mp3_stream_with_415(env: Env) -> None:
    reply = request(env.aac.http_port, f"/live/{MP3_AV}.aac")
    assert (reply.status, reply.body) == (415, b"Unsupported Media Type"), (reply.status, reply.body[:100])
    env.aac.wait_log("the stream's audio is MP3, the mount carries AAC")


def test_a_player_waits_for_the_publisher_and_is_closed_at_unpublish(env: Env, players, procs) -> None:
    srv = env.aac
    player = players(srv.http_port, f"/live/{LATE}.aac")
    time.sleep(1.5)
    assert not player.closed.is_set() and player.received == 0, \
        f"{player.received} bytes before any publisher (SRS writes none), closed {player.closed.is_set()}"
    pub = ffmpeg_publish(procs, CLIP_AUDIO_ONLY, srv.url(LATE), srv.workdir / "pub-late.log")
    data = player.wait_bytes(5_000, timeout=10)
    assert player.status == 200 and player.headers.get("content-type") == "audio/x-aac"
    assert adts_frames(data)
    ProcessGroup.kill(pub)
    assert player.closed.wait(5), "HTTP-AAC player not closed after unpublish"
    assert not player.terminated, "SRS ends the stream without the last chunk"


def test_only_the_vhosts_own_extension_is_mounted(env: Env) -> None:
    for path in (f"/live/{AAC_AUDIO}.mp3", f"/live/{AAC_AUDIO}.flv", f"/live/{AAC_AUDIO}.ts", f"/{AAC_AUDIO}.aac",
                 f"/a/live/{AAC_AUDIO}.aac"):
        assert request(env.aac.http_port, path).status == 404, path
    assert request(env.mp3.http_port, f"/live/{MP3_AV}.aac").status == 404


def test_aac_and_mp3_players_are_http_stream_clients_in_the_api(env: Env, players) -> None:
    aac = players(env.aac.http_port, f"/live/{AAC_AUDIO}.aac")
    mp3 = players(env.mp3.http_port, f"/live/{MP3_AV}.mp3")
    aac.wait_bytes(1000, timeout=5)
    mp3.wait_bytes(1000, timeout=5)
    for srv, name in ((env.aac, AAC_AUDIO), (env.mp3, MP3_AV)):
        found = clients_of(srv, name, "flv-play")
        assert len(found) == 1, clients_of(srv, name)
        assert found[0]["publish"] is False and found[0]["url"] == f"/live/{name}", found
        assert stream_named(srv, name)["clients"] == 2, stream_named(srv, name)
    aac.close()
    deadline = time.monotonic() + 5
    while clients_of(env.aac, AAC_AUDIO, "flv-play"):
        assert time.monotonic() < deadline, "closed HTTP-AAC player still listed"
        time.sleep(0.1)


# --------------------------------------------------------------------------------------------
# HTTP-MP3


def test_mp3_mount_serves_srs_id3_tag_then_mp3_frames(env: Env, players) -> None:
    player = players(env.mp3.http_port, f"/live/{MP3_AV}.mp3")
    data = player.wait_bytes(30_000, timeout=10)
    assert player.status == 200 and player.error is None, (player.status, player.error)
    assert player.headers.get("content-type") == "audio/mpeg", player.headers
    assert player.headers.get("transfer-encoding", "").lower() == "chunked", player.headers
    assert data[:len(ID3)] == ID3, data[:24].hex()
    assert mp3_frame_count(data) > 20  # asserts nothing but MP3 frames: the H.264 video is dropped


def test_mp3_mount_probes_and_decodes_as_mp3(env: Env) -> None:
    audio = audio_of(url(env.mp3, MP3_AV, "mp3"))
    assert (audio["codec_name"], audio["sample_rate"], audio["channels"]) == ("mp3", "44100", 2), audio
    assert decoded_seconds(url(env.mp3, MP3_AV, "mp3"), 4, env.mp3.workdir, "mp3-av") >= 3.9


def test_without_fast_cache_an_mp3_player_starts_at_the_live_edge(env: Env, players) -> None:
    player = players(env.mp3.http_port, f"/live/{MP3_AV}.mp3")
    player.wait_bytes(len(ID3) + 1, timeout=5)
    time.sleep(0.5)
    frames = mp3_frame_count(bytes(player.audio))
    assert frames < 50, f"{frames} MP3 frames (26 ms each) in the first 0.5 s without fast_cache"


def test_mp3_mount_refuses_an_aac_stream_with_415(env: Env) -> None:
    reply = request(env.mp3.http_port, f"/live/{AAC_AUDIO}.mp3")
    assert reply.status == 415, (reply.status, reply.body[:100])
    assert reply.headers.get("content-type") == "text/plain; charset=utf-8"


def test_head_of_an_mp3_mount_is_answered_like_get(env: Env) -> None:
    raw, _ = exchange(env.mp3.http_port,
                      f"HEAD /live/{MP3_AV}.mp3 HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode(), timeout=2)
    status, _, headers, _ = parse_response(raw)
    assert status == 200 and headers.get("content-type") == "audio/mpeg", raw[:300]


def test_on_play_and_on_stop_hooks_run_for_mp3_players(env: Env, players, procs) -> None:
    srv = env.mp3
    player = players(srv.http_port, f"/live/{MP3_AV}.mp3?token=abc")
    player.wait_bytes(1000, timeout=5)
    plays = env.hooks.find("on_play", MP3_AV)
    assert plays and dict(plays[-1]["pairs"]).get("param") == "?token=abc", plays
    player.close()
    deadline = time.monotonic() + 5
    while not env.hooks.find("on_stop", MP3_AV):
        assert time.monotonic() < deadline, f"no on_stop: {env.hooks.actions()}"
        time.sleep(0.1)
    mp3_publish(procs, srv.url("refused"), srv.workdir / "pub-refused.log", video=False)
    wait_stream(srv, "refused", lambda s: s["publish"]["active"])
    assert request(srv.http_port, "/live/refused.mp3").status == 403
