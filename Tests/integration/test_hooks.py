"""HTTP callbacks (srs-facts §5.9, issue 9): the exact JSON of each hook, refusals, and a hook
server that never answers, with a Python hook server recording every call."""

from __future__ import annotations

import time
import urllib.request

import pytest

from cluster_nodes import Node, nodes, wait_until  # noqa: F401  (fixture)
from harness import CLIP_360P, HOST, ProcessGroup, codecs, ffmpeg_publish, ffprobe, wait_media
from hook_server import HookServer
from rtmp_client import ConnectionClosed, RtmpClient, RtmpError

pytestmark = pytest.mark.srs_only

COMMON = ["server_id", "service_id", "action", "client_id", "ip", "vhost", "app"]


@pytest.fixture
def hooks():
    server = HookServer()
    yield server
    server.close()


def hooked_node(nodes, hooks: HookServer, extra: str = "", name: str = "hooked") -> Node:
    body = (f"http_hooks {{ enabled on; on_connect {hooks.url('/api/v1/clients')}; on_close {hooks.url('/api/v1/clients')};"
            f" on_publish {hooks.url('/api/v1/streams')}; on_unpublish {hooks.url('/api/v1/streams')};"
            f" on_play {hooks.url('/api/v1/sessions')}; on_stop {hooks.url('/api/v1/sessions')}; }}\n{extra}")
    return nodes(name, vhost_extra=body)


def keys(call: dict) -> list[str]:
    return [k for k, _ in call["pairs"]]


def fields(call: dict) -> dict:
    return dict(call["pairs"])


def test_rtmp_publish_and_play_hooks_carry_srs_fields_in_order(nodes, procs, hooks) -> None:
    node = hooked_node(nodes, hooks)
    pub = ffmpeg_publish(procs, CLIP_360P, node.url("livestream") + "?token=abc", node.workdir / "pub.log")
    publish = hooks.wait("on_publish", "livestream", 10)
    assert keys(publish) == COMMON + ["tcUrl", "stream", "param", "stream_url", "stream_id"]
    f = fields(publish)
    assert f["vhost"] == "__defaultVhost__" and f["app"] == "live" and f["param"] == "?token=abc"
    assert f["stream_url"] == "/live/livestream" and f["ip"] == HOST and len(f["client_id"]) == 8
    assert f["tcUrl"] == f"rtmp://{HOST}:{node.port}/live"
    api = node.api("/api/v1/summaries")
    assert f["server_id"] == api["server"] and f["service_id"] == api["service"]
    assert publish["headers"]["User-Agent"] == "SRS/5.0.216(Bee)"
    assert publish["headers"]["Content-Type"] == "application/json"
    connect = hooks.find("on_connect")[0]
    assert keys(connect) == COMMON + ["stream", "param", "tcUrl", "pageUrl"]

    player = RtmpClient(HOST, node.port, timeout=5)
    player.handshake()
    player.connect("live")
    player.play("livestream")
    wait_media(player, 10, 10)
    play = hooks.wait("on_play", "livestream")
    assert keys(play) == COMMON + ["stream", "tcUrl", "param", "pageUrl", "stream_url", "stream_id"]
    assert fields(play)["stream_id"] == fields(publish)["stream_id"]
    player.close()
    stop = hooks.wait("on_stop", "livestream")
    assert keys(stop) == COMMON + ["tcUrl", "stream", "param", "stream_url", "stream_id"]
    close = hooks.wait("on_close")
    assert keys(close) == COMMON + ["send_bytes", "recv_bytes"] and fields(close)["send_bytes"] > 0
    ProcessGroup.kill(pub)
    unpublish = hooks.wait("on_unpublish", "livestream")
    assert keys(unpublish) == COMMON + ["tcUrl", "stream", "param", "stream_url", "stream_id"]


def test_http_flv_and_hls_players_call_on_play_and_on_stop(nodes, procs, hooks) -> None:
    node = hooked_node(nodes, hooks, extra="hls { enabled on; hls_fragment 1; hls_window 5; hls_path ./; }")
    ffmpeg_publish(procs, CLIP_360P, node.url("livestream"), node.workdir / "pub.log")
    wait_until(lambda: node.stream("livestream"), 10, "the publish")
    assert codecs(ffprobe(node.flv_url("livestream"))) == {"video": "h264", "audio": "aac"}
    play = hooks.wait("on_play", "livestream")
    assert keys(play) == COMMON + ["stream", "tcUrl", "param", "pageUrl", "stream_url", "stream_id"]
    assert fields(play)["tcUrl"].startswith(f"http://{HOST}:{node.http_port}/live/livestream.flv")
    hooks.wait("on_stop", "livestream")
    # HLS: one on_play per session (hls_ctx).
    wait_until(lambda: (node.workdir / "live" / "livestream.m3u8").exists(), 10, "the playlist")
    before = len(hooks.find("on_play"))
    assert codecs(ffprobe(f"http://{HOST}:{node.http_port}/live/livestream.m3u8")) == {"video": "h264", "audio": "aac"}
    wait_until(lambda: len(hooks.find("on_play")) == before + 1, 5, f"the HLS session on_play (hooks so far: {hooks.actions()})")


def test_a_refused_publish_and_play_close_only_that_client(nodes, procs, hooks) -> None:
    hooks.refuse = {"secret"}
    node = hooked_node(nodes, hooks)
    good = ffmpeg_publish(procs, CLIP_360P, node.url("open"), node.workdir / "pub-open.log")
    bad = ffmpeg_publish(procs, CLIP_360P, node.url("secret"), node.workdir / "pub-secret.log", loop=False)
    assert bad.wait(timeout=15) != 0, "the refused publisher should fail"
    assert good.poll() is None
    assert node.stream("secret") is None or not node.stream("secret")["publish"]["active"]
    player = RtmpClient(HOST, node.port, timeout=5)
    try:
        player.handshake()
        player.connect("live")
        player.play("open")
        wait_media(player, 10, 10)
    finally:
        player.close()
    refused = RtmpClient(HOST, node.port, timeout=5)
    try:
        refused.handshake()
        refused.connect("live")
        refused.play("secret", reader=False)
        assert refused.wait_closed(5), "the refused player should be closed"
    finally:
        refused.close()
    node.wait_log("refused")


def test_a_hook_server_that_never_answers_delays_only_its_client(nodes, procs, hooks) -> None:
    hooks.hang = {"/hang"}
    node = nodes("hooked", vhost_extra=f"http_hooks {{ enabled on; on_play {hooks.url('/hang')}; }}")
    ffmpeg_publish(procs, CLIP_360P, node.url("livestream"), node.workdir / "pub.log")
    wait_until(lambda: node.stream("livestream"), 10, "the publish")
    stuck = RtmpClient(HOST, node.port, timeout=5)
    stuck.handshake()
    stuck.connect("live")
    stuck.play("livestream")
    wait_until(lambda: hooks.calls, 5, "the hanging call")
    # Everything else keeps working while that hook waits: the API, and another publisher.
    started = time.monotonic()
    assert node.api("/api/v1/versions")["code"] == 0
    ffmpeg_publish(procs, CLIP_360P, node.url("other"), node.workdir / "pub-other.log")
    wait_until(lambda: (node.stream("other") or {}).get("publish", {}).get("active"), 5, "the second publish")
    assert time.monotonic() - started < 5
    node.wait_log("still waiting after 1000ms")
    assert not [m for m in stuck.snapshot() if m.is_video], "the stuck player must not get media before on_play answers"
    stuck.close()


def test_hooks_are_reloadable(nodes, procs, hooks) -> None:
    node = nodes("plain")
    ffmpeg_publish(procs, CLIP_360P, node.url("before"), node.workdir / "pub-before.log")
    wait_until(lambda: node.stream("before"), 10, "the first publish")
    assert not hooks.calls
    mark = node.reload(vhost_extra=f"http_hooks {{ enabled on; on_publish {hooks.url('/api/v1/streams')}; }}")
    node.wait_log("reload config success", mark)
    ffmpeg_publish(procs, CLIP_360P, node.url("after"), node.workdir / "pub-after.log")
    hooks.wait("on_publish", "after", 10)
    assert not hooks.find("on_publish", "before")


def test_on_hls_and_on_hls_notify_follow_every_segment(nodes, procs, hooks) -> None:
    node = nodes("hooked", vhost_extra=(
        f"hls {{ enabled on; hls_fragment 1; hls_window 5; hls_path ./; }}\n"
        f"http_hooks {{ enabled on; on_hls {hooks.url('/api/v1/hls')}; on_hls_notify {hooks.url('/notify/[app]/[stream]/[ts_url]')}; }}"))
    ffmpeg_publish(procs, CLIP_360P, node.url("livestream"), node.workdir / "pub.log")
    call = hooks.wait("on_hls", "livestream", 15)
    assert keys(call) == COMMON + ["tcUrl", "stream", "param", "duration", "cwd", "file", "url", "m3u8", "m3u8_url",
                                   "seq_no", "stream_url", "stream_id"]
    f = fields(call)
    assert f["seq_no"] == 0 and 0.5 < f["duration"] < 3.5
    assert f["file"].endswith("live/livestream-0.ts") and f["url"] == "live/livestream-0.ts"
    assert f["m3u8"].endswith("live/livestream.m3u8") and f["m3u8_url"] == "live/livestream.m3u8"
    assert f["cwd"] == str(node.workdir)
    # on_hls_notify is a GET of the template (the hook server records POSTs only: look at the log).
    node.wait_log("http hook on_hls_notify", timeout=5)


def test_on_dvr_reports_every_finished_recording(nodes, procs, hooks) -> None:
    node = nodes("hooked", vhost_extra=(
        "dvr { enabled on; dvr_plan session; dvr_path ./rec/[app]/[stream].[timestamp].flv; }\n"
        f"http_hooks {{ enabled on; on_dvr {hooks.url('/api/v1/dvrs')}; }}"))
    pub = ffmpeg_publish(procs, CLIP_360P, node.url("livestream"), node.workdir / "pub.log", loop=False)
    state = wait_until(lambda: (node.stream("livestream") or {}).get("dvr"), 10, "dvr state in the API")
    assert state["recording"] and state["file"].startswith("./rec/live/livestream.")
    pub.wait(timeout=30)
    call = hooks.wait("on_dvr", "livestream", 10)
    assert keys(call) == COMMON + ["tcUrl", "stream", "param", "cwd", "file", "stream_url", "stream_id"]
    f = fields(call)
    assert f["cwd"] == str(node.workdir) and f["file"].startswith("./rec/live/livestream.") and f["file"].endswith(".flv")
    assert (node.workdir / f["file"]).exists()
