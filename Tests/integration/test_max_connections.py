"""max_connections counts every TCP connection, even idle ones, and frees slots on close
(issue test 8; srs-facts 1.2: a new connection is dropped when count >= max_connections)."""

from __future__ import annotations

import socket
import time

import pytest

from harness import (CLIP_360P, HOST, ProcessGroup, Server, codecs, ffmpeg_publish, ffprobe,
                     start_server)
from rtmp_client import RtmpClient

pytestmark = pytest.mark.srs_only
LIMIT = 3


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    srv = start_server(tmp_path_factory, "maxconn", max_connections=LIMIT)
    time.sleep(0.5)  # let the readiness probe connection be released
    yield srv
    srv.stop()


def raw(server: Server, made: list[RtmpClient]) -> RtmpClient:
    client = RtmpClient(HOST, server.port, timeout=3).open()
    made.append(client)
    return client


@pytest.fixture
def made():
    conns: list[RtmpClient] = []
    yield conns
    for c in conns:
        c.close()


def test_fourth_connection_is_closed_and_a_freed_slot_is_reused(server: Server, made) -> None:
    idle = [raw(server, made) for _ in range(LIMIT)]
    time.sleep(0.3)
    extra = raw(server, made)
    assert extra.wait_closed(1.0), f"connection #{LIMIT + 1} was not closed (max_connections {LIMIT})"
    for conn in idle:
        assert not conn.wait_closed(0.05), "an idle connection within the limit was closed"

    idle.pop().close()
    time.sleep(0.5)
    again = raw(server, made)
    assert not again.wait_closed(1.0), "connection into a freed slot was closed"
    again.handshake()  # and it is really served
    again.connect("live")
    for conn in idle + [again]:
        conn.close()


def test_slots_are_released_after_churn_of_rejected_and_served_connections(server: Server,
                                                                           made) -> None:
    time.sleep(0.5)
    for _ in range(4):
        conns = [raw(server, made) for _ in range(LIMIT)]
        time.sleep(0.2)
        rejected = raw(server, made)
        assert rejected.wait_closed(1.0)
        conns[0].handshake()  # one of them does real work before closing
        for conn in conns + [rejected]:
            conn.close()
        time.sleep(0.4)
    conns = [raw(server, made) for _ in range(LIMIT)]
    for conn in conns:
        assert not conn.wait_closed(0.3), "slot leaked: a connection within the limit was closed"
    for conn in conns:
        conn.close()


def test_publish_and_play_work_after_all_connections_closed(server: Server,
                                                           procs: ProcessGroup) -> None:
    time.sleep(0.5)
    assert server.alive()
    ffmpeg_publish(procs, CLIP_360P, server.url("after-limit"), server.workdir / "pub.log")
    found = codecs(ffprobe(server.url("after-limit"), timeout=25))
    assert found == {"video": "h264", "audio": "aac"}


def test_server_is_still_alive(server: Server) -> None:
    with socket.create_connection((HOST, server.port), timeout=2):
        pass
    assert server.alive()
