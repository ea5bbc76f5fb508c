"""ffmpeg publishes clips; ffprobe/ffmpeg/rtmpdump/the Python client play them back (issue tests 1-5)."""

from __future__ import annotations

import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness import (CLIP_720P, CLIP_AUDIO_ONLY, CLIP_VIDEO_ONLY, SRS_SIGNATURE, SRS_VERSION,
                     ProcessGroup, Server, codecs, ffmpeg_publish, ffprobe, ffprobe_json, run_capture,
                     start_server)
from rtmp_client import ConnectionClosed, Message, RtmpClient, read_flv

AV, AUDIO_ONLY, VIDEO_ONLY = "media720", "audio-only", "video-only"


@dataclass
class MediaEnv:
    server: Server
    publishers: dict
    started: float  # monotonic time the 720p publisher was started


def wait_live(server: Server, stream: str, timeout: float = 10.0) -> None:
    """Blocks until a player of stream receives a media message."""
    with RtmpClient("127.0.0.1", server.port) as player:
        player.handshake()
        player.connect("live")
        player.play(stream)
        player.wait_for(lambda m: m.is_media, timeout)


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory):
    server = start_server(tmp_path_factory, "media")
    group = ProcessGroup("media-publishers")
    try:
        started = time.monotonic()
        publishers = {
            AV: ffmpeg_publish(group, CLIP_720P, server.url(AV), server.workdir / "pub-av.log"),
            AUDIO_ONLY: ffmpeg_publish(group, CLIP_AUDIO_ONLY, server.url(AUDIO_ONLY),
                                       server.workdir / "pub-audio.log"),
            VIDEO_ONLY: ffmpeg_publish(group, CLIP_VIDEO_ONLY, server.url(VIDEO_ONLY),
                                       server.workdir / "pub-video.log"),
        }
        wait_live(server, AV)
        yield MediaEnv(server, publishers, started)
    finally:
        group.kill_all()
        server.stop()


def assert_publishers_alive(env: MediaEnv) -> None:
    for name, proc in env.publishers.items():
        assert proc.poll() is None, f"publisher {name} exited rc={proc.returncode}"


def test_ffprobe_of_the_rtmp_url_finds_h264_720p_and_aac(media: MediaEnv) -> None:
    streams = ffprobe(media.server.url(AV), timeout=25)
    video = [s for s in streams if s.get("codec_type") == "video"]
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    assert len(video) == 1 and len(audio) == 1, streams
    assert video[0]["codec_name"] == "h264"
    assert (video[0]["width"], video[0]["height"]) == (1280, 720)
    assert audio[0]["codec_name"] == "aac"
    assert_publishers_alive(media)


def test_ffmpeg_records_five_seconds_that_decode_without_errors(media: MediaEnv,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "out.flv"
    rec = run_capture(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", media.server.url(AV),
                       "-t", "5", "-c", "copy", "-y", out], timeout=30)
    assert rec.returncode == 0, rec.stderr
    assert out.exists() and out.stat().st_size > 50_000
    decode = run_capture(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", out,
                          "-f", "null", "-"], timeout=60)
    assert decode.returncode == 0
    assert decode.stdout.strip() == "" and decode.stderr.strip() == "", decode.stderr[:2000]
    info = ffprobe_json(str(out))
    duration = float(info["format"]["duration"])
    assert 4.5 <= duration <= 5.6, duration
    assert codecs(info["streams"]) == {"video": "h264", "audio": "aac"}


def test_rtmpdump_records_a_valid_flv(media: MediaEnv, tmp_path: Path) -> None:
    out = tmp_path / "dump.flv"
    # -B 4 makes librtmp send play(name, -1000, 4000), so SRS ends the session after 4 s of
    # media. If it does not, the dump is stopped with SIGTERM at the timeout, which rtmpdump
    # handles by closing the file cleanly (play duration has its own test below).
    try:
        run_capture(["rtmpdump", "-q", "-v", "-r", media.server.url(AV), "-B", "4", "-m", "10",
                     "-o", out], timeout=8)
    except subprocess.TimeoutExpired:
        pass
    assert out.exists() and out.stat().st_size > 50_000, "rtmpdump wrote (almost) nothing"
    streams = ffprobe(str(out), timeout=20)
    assert codecs(streams) == {"video": "h264", "audio": "aac"}, streams


@pytest.mark.srs_only
def test_play_duration_ends_the_session_after_that_much_media(media: MediaEnv, clients) -> None:
    """srs-facts 5.6: play(name, start, duration>0 ms) disconnects after that much media
    (what `rtmpdump -B` relies on)."""
    player = clients(media.server)
    player.handshake()
    player.connect("live")
    player.play(AV, start_arg=-1000, duration=2000)
    deadline = time.monotonic() + 8
    while player.error is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert isinstance(player.error, ConnectionClosed), \
        f"session not ended by the server after 2000 ms of media ({player.error!r})"
    stamps = [m.timestamp for m in player.snapshot() if m.is_media]
    assert stamps and 1500 <= max(stamps) - min(stamps) <= 5000, (min(stamps), max(stamps))


def _first(messages: list[Message], pred) -> tuple[int, Message]:
    for i, m in enumerate(messages):
        if pred(m):
            return i, m
    raise AssertionError(f"no such message among {messages[:30]}")


def _late_player(media: MediaEnv, make) -> RtmpClient:
    wait = media.started + 3.0 - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    player = make(media.server)
    player.handshake()
    player.connect("live")
    player.play(AV)
    return player


@pytest.mark.srs_only  # GOP cache: SRS starts players at the last keyframe
def test_late_joiner_gets_a_keyframe_first_within_one_second(media: MediaEnv, clients) -> None:
    player = _late_player(media, clients)
    first_video = player.wait_for(lambda m: m.is_video, timeout=3)
    assert first_video.arrival - player.play_sent_at <= 1.0
    first_frame = player.wait_for(lambda m: m.is_video and not m.is_video_sh, timeout=3)
    assert first_frame.arrival - player.play_sent_at <= 1.0, \
        f"first video frame after {first_frame.arrival - player.play_sent_at:.2f}s"
    assert first_frame.payload[0] >> 4 == 1, f"first frame is not a keyframe: {first_frame}"
    assert first_video.payload[0] >> 4 == 1


@pytest.mark.srs_only
def test_late_joiner_gets_metadata_then_audio_then_video_sequence_headers(media: MediaEnv,
                                                                         clients) -> None:
    player = _late_player(media, clients)
    player.wait_for(lambda m: m.is_video and not m.is_video_sh, timeout=3)
    messages = player.snapshot()
    i_meta, meta = _first(messages, lambda m: m.is_data and m.name == "onMetaData")
    i_ash, ash = _first(messages, lambda m: m.is_audio)
    i_vsh, vsh = _first(messages, lambda m: m.is_video)
    assert ash.is_audio_sh, f"first audio message is not the AAC sequence header: {ash}"
    assert vsh.is_video_sh, f"first video message is not the AVC sequence header: {vsh}"
    assert i_meta < i_ash < i_vsh, (i_meta, i_ash, i_vsh)
    props = next((v for v in meta.amf[1:] if isinstance(v, dict)), None)
    assert props is not None, meta.amf
    assert props.get("server") == SRS_SIGNATURE, props
    assert props.get("server_version") == SRS_VERSION, props
    assert props.get("width") == 1280 and props.get("height") == 720, props
    assert "duration" not in props, props
    # The sequence headers are forwarded byte for byte.
    tags = read_flv(str(CLIP_720P))
    clip_vsh = next(t.payload for t in tags if t.type_id == 9 and t.payload[1] == 0)
    clip_ash = next(t.payload for t in tags if t.type_id == 8 and t.payload[1] == 0)
    assert vsh.payload == clip_vsh
    assert ash.payload == clip_ash


def test_audio_only_and_video_only_publishes_play(media: MediaEnv) -> None:
    results: dict[str, object] = {}

    def probe(name: str) -> None:
        try:
            results[name] = codecs(ffprobe(media.server.url(name), timeout=25))
        except BaseException as e:  # noqa: BLE001 - reported below
            results[name] = e

    threads = [threading.Thread(target=probe, args=(n,)) for n in (AUDIO_ONLY, VIDEO_ONLY)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=40)
    assert results.get(AUDIO_ONLY) == {"audio": "aac"}, results.get(AUDIO_ONLY)
    assert results.get(VIDEO_ONLY) == {"video": "h264"}, results.get(VIDEO_ONLY)
    assert_publishers_alive(media)
