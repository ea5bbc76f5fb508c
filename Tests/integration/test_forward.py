"""`forward` (srs-facts §1.4, issue 9): every published stream relayed to each destination over
RTMP, reconnecting while the publish lasts; a dead destination slows nothing."""

from __future__ import annotations

import time

import pytest

from cluster_nodes import Node, nodes, wait_until  # noqa: F401  (fixture)
from harness import CLIP_360P, HOST, codecs, ffmpeg_publish, ffprobe, free_port, max_gap, wait_media
from rtmp_client import RtmpClient

pytestmark = pytest.mark.srs_only


def active(node: Node, stream: str = "livestream") -> bool:
    return bool((node.stream(stream) or {}).get("publish", {}).get("active"))


def test_forward_relays_to_every_destination_and_survives_a_restart(nodes, procs) -> None:
    backup = nodes("backup")
    dead_port = free_port()
    main = nodes("main", vhost_extra=f"forward {{ enabled on; destination {HOST}:{backup.port} {HOST}:{dead_port}; }}")
    pub = ffmpeg_publish(procs, CLIP_360P, main.url("livestream"), main.workdir / "pub.log")
    wait_until(lambda: active(backup), 10, "the forward on the backup")
    assert codecs(ffprobe(backup.url("livestream"))) == {"video": "h264", "audio": "aac"}
    # SRS's upnode identity reaches the destination.
    backup.wait_log("edge-srs")
    forwards = wait_until(lambda: main.stream("livestream").get("forward"), 5, "forward state in the API")
    by_server = {f["origin"]: f for f in forwards}
    assert by_server[f"{HOST}:{backup.port}"]["state"] == "pushing"
    assert by_server[f"{HOST}:{dead_port}"]["state"] in ("waiting", "connecting")
    assert by_server[f"{HOST}:{dead_port}"]["last_error"]
    # The dead destination slows nothing: a player on the main server plays smoothly.
    player = RtmpClient(HOST, main.port, timeout=5)
    try:
        player.handshake()
        player.connect("live")
        player.play("livestream")
        wait_media(player, 20, 10)
        since = time.monotonic()
        # The backup restarts mid-stream; the forward comes back to it.
        port, api, http = backup.port, backup.api_port, backup.http_port
        backup.kill()
        time.sleep(0.5)
        again = nodes("backup-again", start=False)
        again.port, again.api_port, again.http_port, again.rtmp_listen = port, api, http, str(port)
        again.start()
        wait_until(lambda: active(again), 10, "the forward after the restart")
        assert codecs(ffprobe(again.url("livestream"))) == {"video": "h264", "audio": "aac"}
        assert max_gap(player, since) < 1.0
    finally:
        player.close()
    assert pub.poll() is None, "the publisher was disturbed"
    reconnected = {f["origin"]: f for f in main.stream("livestream")["forward"]}[f"{HOST}:{port}"]
    assert reconnected["reconnects"] >= 1


def test_forward_stops_with_the_publish(nodes, procs) -> None:
    backup = nodes("backup")
    main = nodes("main", vhost_extra=f"forward {{ enabled on; destination {HOST}:{backup.port}; }}")
    pub = ffmpeg_publish(procs, CLIP_360P, main.url("livestream"), main.workdir / "pub.log")
    wait_until(lambda: active(backup), 10, "the forward")
    pub.kill()
    wait_until(lambda: not active(backup), 5, "the unpublish on the backup")
    main.wait_log("forward: stop /live/livestream")
