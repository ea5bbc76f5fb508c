"""Edge clusters (srs-facts §10, issue 8): several srs processes on 127.0.0.1 — origins and
edges — played and published with ffmpeg, ffprobe and the Python RTMP client."""

from __future__ import annotations

import signal
import time

import pytest

from cluster_nodes import Node, nodes, wait_until  # noqa: F401  (fixture)
from harness import CLIP_360P, CLIP_720P, HOST, ProcessGroup, codecs, ffmpeg_publish, ffprobe, max_gap, wait_media
from rtmp_client import ConnectionClosed, RtmpClient, RtmpError

pytestmark = pytest.mark.srs_only


@pytest.fixture
def players():
    made: list[RtmpClient] = []

    def make(node: Node, stream: str = "livestream", timeout: float = 5.0) -> RtmpClient:
        client = RtmpClient(HOST, node.port, timeout=timeout)
        made.append(client)
        client.handshake()
        client.connect("live")
        client.play(stream)
        return client

    yield make
    for client in made:
        client.close()


def edge_of(nodes, *origins: Node, name: str = "edge", **kwargs) -> Node:
    listed = " ".join(f"{HOST}:{o.port}" for o in origins)
    return nodes(name, cluster=f"mode remote; origin {listed};", **kwargs)


def publish(procs: ProcessGroup, node: Node, stream: str = "livestream", clip=CLIP_360P):
    return ffmpeg_publish(procs, clip, node.url(stream), node.workdir / f"pub-{stream}.log")


def published_origins(nodes, procs) -> tuple[Node, Node]:
    """Two origins, each with its own publisher of `livestream` (the failover tests)."""
    a, b = nodes("origin-a"), nodes("origin-b")
    for origin in (a, b):
        publish(procs, origin)
    for origin in (a, b):
        wait_until(lambda: origin.stream("livestream"), 10, "the publishes")
    return a, b


def video_after(client: RtmpClient, since: float) -> list[float]:
    return [m.arrival for m in client.snapshot() if m.is_video and m.arrival >= since]


def test_edge_serves_rtmp_and_http_flv_pulled_from_the_origin(nodes, procs) -> None:
    origin = nodes("origin")
    edge = edge_of(nodes, origin)
    publish(procs, origin)
    wait_until(lambda: origin.stream("livestream"), 10, "the publish on the origin")
    assert codecs(ffprobe(edge.url("livestream"))) == {"video": "h264", "audio": "aac"}
    assert codecs(ffprobe(edge.flv_url("livestream"))) == {"video": "h264", "audio": "aac"}
    edge.wait_log("edge change from 100 to state 101 (pull)")
    # SRS's upnode identity reaches the origin with the edge's pid.
    origin.wait_log("edge-srs")


def test_players_on_one_edge_share_one_upstream_and_it_stops_after_the_last(nodes, procs, players) -> None:
    origin = nodes("origin")
    edge = edge_of(nodes, origin)
    publish(procs, origin)
    wait_until(lambda: origin.stream("livestream"), 10, "the publish on the origin")
    clients = [players(edge) for _ in range(10)]
    for client in clients:
        wait_media(client, 10, 10)
    # The origin sees one player of the stream: the edge's pull, not ten.
    upstreams = wait_until(lambda: origin.clients_of("livestream", "rtmp-play"), 5, "the edge pull on the origin")
    time.sleep(0.5)
    assert len(origin.clients_of("livestream", "rtmp-play")) == 1, upstreams
    edge_stream = edge.stream("livestream")
    assert edge_stream is not None and edge_stream["clients"] >= 10
    for client in clients:
        client.close()
    wait_until(lambda: not origin.clients_of("livestream", "rtmp-play"), 3, "the pull to stop")
    edge.wait_log("edge change from 101 to 300 then 0 (init)")


def test_killed_origin_is_replaced_by_the_next_within_a_second(nodes, procs, players) -> None:
    a, b = published_origins(nodes, procs)
    edge = edge_of(nodes, a, b)
    client = players(edge)
    wait_media(client, 30, 10)
    pulled = wait_until(lambda: [o for o in (a, b) if o.clients_of("livestream", "rtmp-play")], 5, "the pull")
    victim = pulled[0]
    survivor = b if victim is a else a
    killed_at = time.monotonic()
    victim.kill()
    wait_until(lambda: video_after(client, killed_at + 0.05), 5, "video from the next origin")
    first_video = video_after(client, killed_at + 0.05)[0]
    assert first_video - killed_at < 1.0, f"video came back after {first_video - killed_at:.2f}s"
    time.sleep(2)
    assert not client.closed and client.error is None
    assert max_gap(client, killed_at + 0.5) < 1.0
    assert survivor.clients_of("livestream", "rtmp-play")
    # Timestamps stay monotonic for the player across the switch (no jump back).
    stamps = [m.timestamp for m in client.snapshot() if m.is_video]
    assert all(b >= a - 100 for a, b in zip(stamps, stamps[1:])), "video timestamps went back"


def test_publish_via_an_edge_reaches_the_origin_and_another_edge(nodes, procs) -> None:
    origin = nodes("origin")
    edge = edge_of(nodes, origin)
    edge2 = edge_of(nodes, origin, name="edge2")
    publish(procs, edge, "pushed")
    wait_until(lambda: origin.stream("pushed"), 10, "the edge push on the origin")
    edge.wait_log("edge change from 0 to state 200 (push)")
    assert codecs(ffprobe(origin.url("pushed"))) == {"video": "h264", "audio": "aac"}
    assert codecs(ffprobe(edge2.flv_url("pushed"))) == {"video": "h264", "audio": "aac"}


def test_second_publisher_of_an_edge_stream_is_refused(nodes, procs) -> None:
    origin = nodes("origin")
    edge = edge_of(nodes, origin)
    publish(procs, edge, "pushed")
    wait_until(lambda: origin.stream("pushed"), 10, "the edge push")
    second = RtmpClient(HOST, edge.port, timeout=3)
    try:
        second.handshake()
        second.connect("live")
        with pytest.raises((RtmpError, ConnectionClosed, OSError)):
            second.publish("pushed")
            second.wait_closed(3)
            raise ConnectionClosed("closed")
    finally:
        second.close()
    # The first publisher still reaches the origin.
    assert codecs(ffprobe(origin.url("pushed"))) == {"video": "h264", "audio": "aac"}


def test_edge_publisher_survives_an_origin_restart(nodes, procs) -> None:
    origin = nodes("origin")
    edge = edge_of(nodes, origin)
    pub = publish(procs, edge, "pushed")
    wait_until(lambda: origin.stream("pushed"), 10, "the edge push")
    port, api, http = origin.port, origin.api_port, origin.http_port
    origin.kill()
    time.sleep(1.0)
    restarted = nodes("origin-again", start=False)
    restarted.port, restarted.api_port, restarted.http_port = port, api, http
    restarted.rtmp_listen = str(port)
    restarted.start()
    wait_until(lambda: (restarted.stream("pushed") or {}).get("publish", {}).get("active"), 10,
               "the edge to publish again")
    assert pub.poll() is None, "the publisher was dropped"
    assert codecs(ffprobe(restarted.url("pushed"))) == {"video": "h264", "audio": "aac"}


def test_reload_of_the_origin_list_applies_to_the_next_connect(nodes, procs, players) -> None:
    a, b = published_origins(nodes, procs)
    edge = edge_of(nodes, a)
    client = players(edge)
    wait_media(client, 20, 10)
    edge.reload(cluster=f"mode remote; origin {HOST}:{b.port};")
    edge.wait_log("reload config success")
    # The live player is untouched ...
    since = time.monotonic()
    time.sleep(1.0)
    assert max_gap(client, since) < 1.0 and a.clients_of("livestream", "rtmp-play")
    # ... and when its origin goes away the edge reconnects to the new list.
    a.kill()
    wait_until(lambda: b.clients_of("livestream", "rtmp-play"), 5, "the pull from the new origin")
    wait_media(client, 20, 5)


def test_reload_changing_the_mode_is_refused(nodes) -> None:
    edge = nodes("edge", cluster=f"mode remote; origin {HOST}:1;")
    mark = edge.reload(cluster="mode local;")
    edge.wait_log("reload refused: vhost __defaultVhost__ cluster.mode", mark)
    assert edge.alive()


def test_graceful_quit_of_an_edge_keeps_its_player_and_pull(nodes, procs, players) -> None:
    origin = nodes("origin")
    edge = edge_of(nodes, origin, globals_="grace_start_wait 300;\ngrace_final_wait 100;\n")
    publish(procs, origin)
    wait_until(lambda: origin.stream("livestream"), 10, "the publish")
    client = players(edge)
    wait_media(client, 20, 10)
    edge.signal(signal.SIGQUIT)
    since = time.monotonic()
    time.sleep(1.5)
    assert edge.alive() and not client.closed
    assert max_gap(client, since) < 1.0
    assert origin.clients_of("livestream", "rtmp-play"), "the pull ended before the player"
    client.close()
    assert edge.proc.wait(timeout=5) == 0


def test_a_name_standing_for_several_addresses_fails_over_between_them(nodes, procs, players) -> None:
    # Two origins on one port, one on 127.0.0.1 and one on ::1; the edge names them "origins"
    # (the resolver hook gives that name both addresses, like a headless Service).
    a = nodes("origin-v4", rtmp_listen=None)
    port = a.port
    a.stop()
    a = nodes("origin-v4b", start=False)
    a.port, a.rtmp_listen = port, f"{HOST}:{port}"
    a.start()
    b = nodes("origin-v6", start=False)
    b.port, b.rtmp_listen = port, f"[::1]:{port}"
    b.start()
    publish(procs, a)
    ffmpeg_publish(procs, CLIP_360P, f"rtmp://[::1]:{port}/live/livestream", b.workdir / "pub.log")
    for origin in (a, b):
        wait_until(lambda: origin.stream("livestream"), 10, "the publishes")
    edge = nodes("edge", cluster=f"mode remote; origin origins:{port};",
                 env={"SRS_RESOLVER_HOSTS": "origins=127.0.0.1,::1"})
    client = players(edge)
    wait_media(client, 20, 10)
    pulled = wait_until(lambda: [o for o in (a, b) if o.clients_of("livestream", "rtmp-play")], 5, "the pull")
    survivor = b if pulled[0] is a else a
    killed_at = time.monotonic()
    pulled[0].kill()
    wait_until(lambda: survivor.clients_of("livestream", "rtmp-play"), 5, "the pull from the other address")
    wait_until(lambda: video_after(client, killed_at + 0.05), 5, "video again")


def test_token_traverse_asks_the_origin_before_serving(nodes, procs) -> None:
    origin = nodes("origin")
    edge = edge_of(nodes, origin)
    edge.reload(cluster=f"mode remote; origin {HOST}:{origin.port}; token_traverse on;")
    edge.wait_log("reload config success")
    publish(procs, origin)
    wait_until(lambda: origin.stream("livestream"), 10, "the publish")
    mark = origin.log_size()
    assert codecs(ffprobe(edge.url("livestream") + "?token=abc")) == {"video": "h264", "audio": "aac"}
    edge.wait_log("edge token auth ok")
    # The origin saw the client's own tcUrl in the probe's connect.
    origin.wait_log(f"tcUrl=rtmp://{HOST}:{edge.port}/live", mark)


def test_token_traverse_rejects_when_no_origin_answers(nodes) -> None:
    dead = nodes("dead")
    port = dead.port
    dead.stop()
    edge = nodes("edge", cluster=f"mode remote; origin {HOST}:{port}; token_traverse on;")
    client = RtmpClient(HOST, edge.port, timeout=5)
    try:
        client.handshake()
        client.connect("live")
        with pytest.raises((RtmpError, ConnectionClosed, OSError)):
            client.play("livestream")
    finally:
        client.close()
    edge.wait_log("no origin reachable")


def test_edge_pulls_over_http_flv_with_protocol_flv(nodes, procs, players) -> None:
    origin = nodes("origin")
    edge = nodes("edge", cluster=f"mode remote; protocol flv; origin {HOST}:{origin.http_port};")
    publish(procs, origin)
    wait_until(lambda: origin.stream("livestream"), 10, "the publish")
    client = players(edge)
    wait_media(client, 30, 10)
    assert origin.clients_of("livestream", "flv-play"), "the origin should see the edge as an HTTP-FLV player"
    up = edge.stream("livestream")["upstream"]
    assert up["direction"] == "pull" and up["state"] == "pulling" and up["origin"] == f"{HOST}:{origin.http_port}"
    assert codecs(ffprobe(edge.url("livestream"))) == {"video": "h264", "audio": "aac"}


def test_a_silent_origin_is_left_after_the_read_timeout(nodes, procs, players) -> None:
    a, b = published_origins(nodes, procs)
    edge = edge_of(nodes, a, b)
    client = players(edge)
    wait_media(client, 30, 10)
    pulled = wait_until(lambda: [o for o in (a, b) if o.clients_of("livestream", "rtmp-play")], 5, "the pull")[0]
    # SIGSTOP: the origin keeps its sockets open but says nothing (a hung process, a partition).
    stopped_at = time.monotonic()
    pulled.signal(signal.SIGSTOP)
    try:
        wait_until(lambda: video_after(client, stopped_at + 1.0), 10, "video from the other origin")
        back = video_after(client, stopped_at + 1.0)[0] - stopped_at
        assert back < 5.0 + 1.0, f"video came back after {back:.2f}s (read timeout 5 s)"
        assert not client.closed
        edge.wait_log("EdgeIngester: Ignore error")
    finally:
        pulled.signal(signal.SIGCONT)


def test_unpublish_on_an_edge_reaches_the_origin(nodes, procs) -> None:
    origin = nodes("origin")
    edge = edge_of(nodes, origin)
    pub = publish(procs, edge, "pushed")
    wait_until(lambda: (origin.stream("pushed") or {}).get("publish", {}).get("active"), 10, "the edge push")
    ProcessGroup.kill(pub)
    wait_until(lambda: not (origin.stream("pushed") or {}).get("publish", {}).get("active"), 5, "the unpublish on the origin")
    edge.wait_log("edge change from 200 to state 0 (init)")


def test_follow_client_pulls_http_flv_for_an_http_flv_player(nodes, procs) -> None:
    origin = nodes("origin")
    # SRS semantics: the same `origin` entries serve both protocols, so they name the HTTP port here.
    edge = nodes("edge", cluster=f"mode remote; follow_client on; origin {HOST}:{origin.http_port};")
    publish(procs, origin)
    wait_until(lambda: origin.stream("livestream"), 10, "the publish")
    assert codecs(ffprobe(edge.flv_url("livestream"))) == {"video": "h264", "audio": "aac"}
    edge.wait_log(f"edge-pull publish url http://{HOST}:{origin.http_port}/live/livestream.flv")
