"""Low-latency mode (`min_latency on; tcp_nodelay on; play { mw_latency 0; }`): every frame a
publisher sends reaches a player in the same loop turn, without the merged-write wait; with the
default batching the same frames wait for a batch (the control: this test can fail).

The publisher sends one frame, then waits until the player has it before sending the next, so
the figure is the server's own delay per frame, not pacing."""

from __future__ import annotations

import statistics
import time

import pytest

from harness import BACKEND, CLIP_360P, Server
from rtmp_client import MSG_AUDIO, MSG_VIDEO, FlvTag, RtmpTimeout, read_flv

pytestmark = pytest.mark.skipif(BACKEND != "srs", reason="srs-swift directives")

LOW_LATENCY = "min_latency on; tcp_nodelay on; play { mw_latency 0; time_jitter off; }"
# The default merged write (mw_latency 350 ms, mw_msgs 8), only jitter off to match timestamps.
DEFAULT = "play { time_jitter off; }"


def _clip() -> tuple[list[FlvTag], list[FlvTag]]:
    """(metadata + sequence headers, then the A/V frames in file order)."""
    tags = read_flv(str(CLIP_360P))
    head = [t for t in tags if t.type_id == 18 or (t.type_id in (8, 9) and t.payload[1] == 0)][:3]
    frames = [t for t in tags if t.type_id in (MSG_AUDIO, MSG_VIDEO) and t.payload[1] == 1]
    return head, frames


def _frame_delays(server: Server, clients, stream: str, count: int, wait: float) -> list[float]:
    """Seconds from sending each frame to the player holding it (wait: the longest we wait)."""
    head, frames = _clip()
    pub = clients(server)
    pub.handshake()
    pub.connect("live")
    pub.set_chunk_size(60000)
    pub.publish(stream)
    for tag in head:
        pub.send_tag(tag)
    player = clients(server)
    player.handshake()
    player.connect("live")
    player.play(stream)
    # Start on a keyframe the player sees (the sequence headers come with the attach).
    start = next(i for i, t in enumerate(frames) if t.type_id == MSG_VIDEO and t.payload[0] >> 4 == 1)
    delays = []
    for tag in frames[start:start + count]:
        seen = len(player.snapshot())
        sent = time.monotonic()
        pub.send_tag(tag)
        try:
            msg = player.wait_for(lambda m, t=tag: m.type_id == t.type_id and m.timestamp == t.timestamp
                                  and m.payload[1] == 1, wait, seen)
            delays.append(msg.arrival - sent)
        except RtmpTimeout:
            delays.append(wait)
    pub.close()
    player.close()
    return delays


def test_low_latency_delivers_each_frame_in_the_loop_turn_it_arrived(tmp_path, clients):
    server = Server(tmp_path, vhost_body=LOW_LATENCY).start()
    try:
        delays = _frame_delays(server, clients, "ll", count=90, wait=1.0)
    finally:
        server.stop()
    assert len(delays) == 90
    # One loop turn: the frame is read, fanned out and written before the loop waits again. The
    # bounds leave room for a loaded CI machine; a merged write would hold frames for 350 ms.
    p50, worst = statistics.median(delays), max(delays)
    assert p50 < 0.02, f"median delay {p50 * 1000:.1f} ms: frames are batched"
    assert worst < 0.25, f"a frame waited {worst * 1000:.1f} ms"
    assert sum(d > 0.1 for d in delays) <= 2, [round(d * 1000, 1) for d in delays]


def test_default_batching_holds_frames_for_a_merged_write(tmp_path, clients):
    """The control: the same measurement with SRS's default merged write sees the wait."""
    server = Server(tmp_path, vhost_body=DEFAULT).start()
    try:
        delays = _frame_delays(server, clients, "batched", count=12, wait=1.5)
    finally:
        server.stop()
    assert statistics.median(delays) > 0.1, [round(d * 1000, 1) for d in delays]


def test_http_flv_players_get_the_merged_write_timeout_too(tmp_path, clients):
    """A stream too slow for the count rule (one frame at a time, never more than `mw_msgs`
    queued): SRS's consumer wait ends after `mw_latency` for HTTP-FLV players as for RTMP ones.
    Before, an HTTP-FLV player waited for 9 messages (here: the 1.5 s wait of every frame)."""
    from test_http import REMUX, HttpFlvPlayer, WebServer

    server = WebServer(tmp_path)
    server.vhost_body = REMUX + "\n" + DEFAULT
    server.start()
    head, frames = _clip()
    pub = clients(server)
    player = None
    try:
        pub.handshake()
        pub.connect("live")
        pub.set_chunk_size(60000)
        pub.publish("slow")
        for tag in head:
            pub.send_tag(tag)
        start = next(i for i, t in enumerate(frames) if t.type_id == MSG_VIDEO and t.payload[0] >> 4 == 1)
        pub.send_tag(frames[start])
        player = HttpFlvPlayer(server.http_port, server.flv_path("slow"))
        player.wait_tags(3, timeout=5)  # metadata, sequence headers, the keyframe: the attach dump
        delays = []
        for tag in frames[start + 1:start + 11]:
            have = player.tag_count()
            sent = time.monotonic()
            pub.send_tag(tag)
            deadline = sent + 1.5
            while player.tag_count() <= have and time.monotonic() < deadline:
                time.sleep(0.005)
            delays.append(time.monotonic() - sent)
    finally:
        if player:
            player.close()
        pub.close()
        server.stop()
    p50 = statistics.median(delays)
    # Held for the merged write (350 ms, checked every 100 ms), then written: not 1.5 s.
    assert 0.2 < p50 < 0.8, [round(d * 1000) for d in delays]
    assert max(delays) < 1.2, [round(d * 1000) for d in delays]
