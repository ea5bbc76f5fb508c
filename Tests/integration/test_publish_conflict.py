"""One stream, several publishers: a busy stream refuses a second publisher (issue test 6), and a
player survives unpublish + republish with new sequence headers (issue test 7)."""

from __future__ import annotations

import signal
import time

import pytest

from harness import (BACKEND, CLIP_360P, CLIP_720P, ProcessGroup, Server, ffmpeg_publish, start_server)
from rtmp_client import ConnectionClosed, Message, RtmpClient, RtmpError, read_flv


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    srv = start_server(tmp_path_factory, "conflict")
    yield srv
    srv.stop()


def clip_video_sh(clip) -> bytes:
    return next(t.payload for t in read_flv(str(clip)) if t.type_id == 9 and t.payload[1] == 0)


def media_count(player: RtmpClient) -> int:
    return sum(1 for m in player.snapshot() if m.is_media)


def start_player(make, server: Server, stream: str) -> RtmpClient:
    player = make(server)
    player.handshake()
    player.connect("live")
    player.play(stream)
    return player


def wait_media_growth(player: RtmpClient, count: int, timeout: float) -> None:
    """Waits until the player has received `count` more media messages."""
    base = media_count(player)
    deadline = time.monotonic() + timeout
    while media_count(player) < base + count:
        assert player.error is None, f"player connection failed: {player.error!r}"
        assert time.monotonic() < deadline, \
            f"player got only {media_count(player) - base}/{count} media messages in {timeout}s"
        time.sleep(0.05)


def test_second_publisher_is_refused_and_first_continues(server: Server, procs: ProcessGroup,
                                                         clients) -> None:
    stream = "busy"
    first = ffmpeg_publish(procs, CLIP_720P, server.url(stream), server.workdir / "pub-first.log")
    player = start_player(clients, server, stream)
    wait_media_growth(player, 30, timeout=10)
    sh_720 = clip_video_sh(CLIP_720P)

    # A second ffmpeg to the same stream gives up quickly with an error.
    second = ffmpeg_publish(procs, CLIP_360P, server.url(stream), server.workdir / "pub-second.log")
    try:
        rc = second.wait(timeout=8)
    except Exception:
        rc = None
    assert rc is not None, "second ffmpeg publisher was not refused within 8 s"
    assert rc != 0, "second ffmpeg publisher exited 0"

    # The Python publisher is refused too: SRS closes the connection (no onStatus error).
    intruder = clients(server)
    intruder.handshake()
    intruder.connect("live")
    with pytest.raises(RtmpError) as refused:
        intruder.publish(stream)
    if BACKEND == "srs":  # nginx-rtmp answers onStatus error and keeps the connection
        if not isinstance(refused.value, ConnectionClosed):
            assert intruder.wait_closed(5), f"refused publisher not disconnected: {refused.value}"

    # The first publisher and its player are untouched.
    assert first.poll() is None, f"first publisher died rc={first.returncode}"
    wait_media_growth(player, 30, timeout=10)
    assert first.poll() is None
    video_shs = [m.payload for m in player.snapshot() if m.is_video_sh]
    assert video_shs and all(sh == sh_720 for sh in video_shs), "player saw a foreign sequence header"


def test_player_survives_unpublish_and_republish_with_new_sequence_header(
        server: Server, procs: ProcessGroup, clients) -> None:
    stream = "republish"
    sh_360, sh_720 = clip_video_sh(CLIP_360P), clip_video_sh(CLIP_720P)
    assert sh_360 != sh_720
    player = start_player(clients, server, stream)  # before any publisher: it just waits

    first = ffmpeg_publish(procs, CLIP_360P, server.url(stream), server.workdir / "pub-360.log")
    player.wait_for(lambda m: m.is_video_sh, timeout=10)
    wait_media_growth(player, 40, timeout=10)
    first.send_signal(signal.SIGINT)  # graceful: ffmpeg sends FCUnpublish/deleteStream
    try:
        first.wait(timeout=5)
    except Exception:
        ProcessGroup.kill(first)
    time.sleep(1.0)
    assert player.error is None, f"player dropped at unpublish: {player.error!r}"
    boundary = len(player.snapshot())

    second = ffmpeg_publish(procs, CLIP_720P, server.url(stream), server.workdir / "pub-720.log")
    new_sh = player.wait_for(lambda m: m.is_video_sh, timeout=10, start=boundary)
    wait_media_growth(player, 40, timeout=10)
    assert second.poll() is None

    messages = player.snapshot()
    first_shs = [m.payload for m in messages[:boundary] if m.is_video_sh]
    assert first_shs and first_shs[0] == sh_360
    assert new_sh.payload == sh_720, "new AVC sequence header after republish differs from the clip's"
    after: list[Message] = messages[messages.index(new_sh) + 1:]
    assert any(m.is_video and not m.is_video_sh for m in after), "no video frames after republish"
    assert any(m.is_audio and not m.is_audio_sh for m in after), "no audio frames after republish"
    assert player.error is None
