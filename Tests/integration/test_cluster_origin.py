"""Origin clusters (srs-facts §11, §5.10, issue 8): serverA/B/C with coworkers, the
`/api/v1/clusters` answer, RTMP 302 with SRS's fields, edges that follow it, and the
beyond-SRS parts: HTTP-FLV 302, a cluster-wide stream list, coworker names with several
addresses."""

from __future__ import annotations

import time

import pytest

from cluster_nodes import Node, http_status, nodes, wait_until  # noqa: F401  (fixture)
from harness import CLIP_360P, HOST, codecs, ffmpeg_publish, ffprobe, wait_media
from rtmp_client import ConnectionClosed, RtmpClient, RtmpError

pytestmark = pytest.mark.srs_only


def origin_cluster(nodes, count: int = 3, env=None) -> list[Node]:
    """`count` origins, each listing every node's API (itself included, as SRS configs do)."""
    members = [nodes(f"server{chr(65 + i)}", start=False, env=env) for i in range(count)]
    coworkers = " ".join(f"{HOST}:{m.api_port}" for m in members)
    for member in members:
        member.cluster = f"mode local; origin_cluster on; coworkers {coworkers};"
        member.start()
    return members


def publish(procs, node: Node, stream: str = "livestream"):
    pub = ffmpeg_publish(procs, CLIP_360P, node.url(stream), node.workdir / f"pub-{stream}.log")
    wait_until(lambda: (node.stream(stream) or {}).get("publish", {}).get("active"), 10, f"the publish on {node.workdir.name}")
    return pub


def redirect_of(node: Node, stream: str = "livestream") -> dict:
    """Plays `stream` from `node` with the raw client and returns the RTMP 302 onStatus info."""
    client = RtmpClient(HOST, node.port, timeout=5)
    try:
        client.handshake()
        client.connect("live")
        client.play(stream, reader=False)
        message = client.wait_for(lambda m: m.name == "onStatus" and m.status_code() == "NetConnection.Connect.Rejected", 5)
        return message.amf[3]
    finally:
        client.close()


def test_clusters_api_answers_for_the_node_that_publishes(nodes, procs) -> None:
    a, b, c = origin_cluster(nodes)
    publish(procs, c)
    query = f"?vhost=__defaultVhost__&ip={HOST}&app=live&stream=livestream&coworker={HOST}:{c.api_port}"
    answer = c.api("/api/v1/clusters" + query, method="POST")
    assert answer["code"] == 0
    assert answer["data"]["query"] == {"ip": HOST, "vhost": "__defaultVhost__", "app": "live", "stream": "livestream"}
    origin = answer["data"]["origin"]
    assert list(origin)[:5] == ["ip", "port", "vhost", "api", "routers"]
    assert origin["ip"] == HOST and origin["port"] == c.port and origin["vhost"] == "__defaultVhost__"
    assert origin["api"] == f"{HOST}:{c.api_port}" and origin["routers"] == [f"{HOST}:{c.api_port}"]
    assert origin["http"] == f"{HOST}:{c.http_port}"
    # GET works too; a node without the stream says null.
    assert a.api("/api/v1/clusters" + query)["data"]["origin"] is None


def test_a_player_on_another_origin_gets_srs_rtmp_302(nodes, procs) -> None:
    a, b, c = origin_cluster(nodes)
    publish(procs, c)
    info = redirect_of(a)
    assert info["level"] == "error" and info["description"] == "RTMP 302 Redirect"
    assert info["ex"]["code"] == 302
    assert info["ex"]["redirect"] == f"rtmp://{HOST}:{c.port}/live"
    assert info["ex"]["redirect2"] == f"rtmp://{HOST}:{c.port}/live/livestream"
    a.wait_log("rtmp: redirect in cluster")


def test_a_stream_nobody_publishes_closes_the_player(nodes) -> None:
    a, b, c = origin_cluster(nodes)
    client = RtmpClient(HOST, a.port, timeout=5)
    try:
        client.handshake()
        client.connect("live")
        client.play("nobody", reader=False)
        assert client.wait_closed(5)
    finally:
        client.close()
    a.wait_log("no coworker publishes /live/nobody")


def test_an_edge_in_front_of_the_cluster_follows_the_302(nodes, procs) -> None:
    a, b, c = origin_cluster(nodes)
    publish(procs, c)
    edge = nodes("edge", cluster=f"mode remote; origin {HOST}:{a.port} {HOST}:{b.port};")
    assert codecs(ffprobe(edge.url("livestream"))) == {"video": "h264", "audio": "aac"}
    edge.wait_log("RTMP redirect /live/livestream")
    assert codecs(ffprobe(edge.flv_url("livestream"))) == {"video": "h264", "audio": "aac"}
    up = edge.stream("livestream")
    # The edge shows where it pulls from once it has a player; here the probes have left.
    assert up is None or up.get("upstream") is None or up["upstream"]["origin"].endswith(str(c.port))


def test_http_flv_players_get_an_http_302_to_the_publishing_origin(nodes, procs) -> None:
    a, b, c = origin_cluster(nodes)
    publish(procs, c)
    status, headers = http_status(a.flv_url("livestream") + "?token=1")
    assert status == 302
    assert headers["Location"] == f"http://{HOST}:{c.http_port}/live/livestream.flv?token=1"
    # A real player follows it.
    assert codecs(ffprobe(a.flv_url("livestream"))) == {"video": "h264", "audio": "aac"}


def test_coworkers_named_by_a_multi_address_name(nodes, procs) -> None:
    # B's API on 127.0.0.1:P and C's on [::1]:P; A lists one name that stands for both (the
    # resolver hook plays the headless Service), so C is found without being listed by address.
    b = nodes("serverB", start=False)
    c = nodes("serverC", start=False)
    port = b.api_port
    b.api_listen = f"{HOST}:{port}"
    c.api_port, c.api_listen = port, f"[::1]:{port}"
    b.start()
    c.start()
    a = nodes("serverA", cluster=f"mode local; origin_cluster on; coworkers coworkers:{port};",
              env={"SRS_RESOLVER_HOSTS": "coworkers=127.0.0.1,::1"})
    publish(procs, c)
    info = redirect_of(a)
    assert info["ex"]["redirect2"].endswith(f":{c.port}/live/livestream")


def test_an_flv_edge_follows_the_http_302(nodes, procs) -> None:
    a, b, c = origin_cluster(nodes)
    publish(procs, c)
    edge = nodes("edge", cluster=f"mode remote; protocol flv; origin {HOST}:{a.http_port};")
    assert codecs(ffprobe(edge.url("livestream"))) == {"video": "h264", "audio": "aac"}
    edge.wait_log(f"to http://{HOST}:{c.http_port}/live/livestream.flv")


def test_any_origin_lists_the_streams_of_the_whole_cluster(nodes, procs) -> None:
    a, b, c = origin_cluster(nodes)
    publish(procs, b, "on-b")
    publish(procs, c, "on-c")
    answer = a.api("/api/v1/streams/?cluster=on")
    assert answer["code"] == 0
    names = sorted((s["name"], s["api"]) for s in answer["streams"])
    assert names == [("on-b", f"{HOST}:{b.api_port}"), ("on-c", f"{HOST}:{c.api_port}")]
    assert sorted(w["api"] for w in answer["coworkers"]) == sorted([f"{HOST}:{b.api_port}", f"{HOST}:{c.api_port}"])
    assert all(w["ok"] for w in answer["coworkers"])
    # Without the flag the node answers for itself only, as SRS does.
    assert a.api("/api/v1/streams/")["streams"] == []
