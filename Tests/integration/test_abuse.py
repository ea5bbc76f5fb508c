"""Abuse (docs/reliability.md "Floods and abuse"): players that never read, publishers that jump
timestamps, change codecs and spam metadata, and HLS on a full filesystem. Each test prints the figures
it measures. Other players must keep playing, memory stays bounded, errors are logged once per kind."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from flood_tools import FloodServer, first_video_flv, rtmp_player, video_rate
from harness import (CLIP_360P, CLIP_720P, HOST, ProcessGroup, codecs, ffmpeg_publish, ffprobe, free_port,
                     run_capture, wait_port)
from rtmp_client import MSG_AUDIO, MSG_DATA_AMF0, MSG_VIDEO, ECMAArray, RtmpClient, read_flv
from test_http import HttpFlvPlayer, api, request

pytestmark = pytest.mark.srs_only


@pytest.fixture
def made():
    things: list = []
    yield things
    for t in things:
        t.close()


def metric(port: int, name: str) -> float:
    body = request(port, "/metrics").body.decode()
    m = re.search(rf"^{name}(?:{{[^}}]*}})? (\S+)$", body, re.M)
    assert m, f"/metrics lacks {name}"
    return float(m.group(1))


# --------------------------------------------------------------------------------------------
# 4. Players that never read


SMALL_BUF = 4096


class StuckRtmp:
    """An RTMP player that plays with a tiny receive buffer and then never reads."""

    def __init__(self, port: int, stream: str, tag: str):
        self.client = RtmpClient(HOST, port, timeout=5)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SMALL_BUF)
        sock.settimeout(5)
        sock.connect((HOST, port))
        self.client.sock = sock
        self.client.handshake()
        self.client.connect("live", extra={"pageUrl": tag})
        self.client.play(stream, reader=False)

    def close(self) -> None:
        self.client.close()


class StuckFlv:
    """An HTTP-FLV GET with a tiny receive buffer whose response is never read. Its Host header has
    no port, so its API client object's tcUrl tells it apart from a real player's."""

    def __init__(self, port: int, path: str):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SMALL_BUF)
        self.sock.settimeout(5)
        self.sock.connect((HOST, port))
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())

    def close(self) -> None:
        self.sock.close()


STUCK = 5


@pytest.mark.time_limit(60)
def test_players_that_never_read_are_dropped_for_counted_and_harm_no_one(tmp_path_factory, procs: ProcessGroup,
                                                                            made) -> None:
    exporter = free_port()
    srv = FloodServer(tmp_path_factory.mktemp("stuck"), extra="play { queue_length 2; }",
                      globals_=f"exporter {{ enabled on; listen {exporter}; }}").start()
    wait_port(exporter, 10, srv.proc)
    ffmpeg_publish(procs, CLIP_720P, srv.url("stuck"), srv.workdir / "pub.log")
    good = rtmp_player(made, srv.port, "stuck")
    good.wait_for(lambda m: m.is_video, timeout=10)
    good_flv = HttpFlvPlayer(srv.http_port, "/live/stuck.flv")
    made.append(good_flv)
    good_flv.wait_tags(10, 10)
    rss_before = srv.rss_kb()
    started = time.monotonic()
    for n in range(STUCK):
        made.append(StuckRtmp(srv.port, "stuck", f"stuck-{n}"))
        made.append(StuckFlv(srv.http_port, f"/live/stuck.flv?stuck={n}"))
    flv_tags_at_start = good_flv.tag_count(9)
    rss_samples = []
    deadline = started + 15
    while time.monotonic() < deadline:
        time.sleep(1.0)
        rss_samples.append(srv.rss_kb())
    clients = [c for c in api(srv.api_port, "/api/v1/clients/?count=100")["clients"] if not c["publish"]]
    stuck = [c for c in clients if c["pageUrl"].startswith("stuck-") or c["tcUrl"] == f"http://{HOST}/live/stuck.flv"]
    fine = [c for c in clients if c not in stuck]
    dropped_metric = metric(exporter, "srs_dropped_messages_total")
    rate, gap = video_rate(good, started)
    flv_video = good_flv.tag_count(9) - flv_tags_at_start
    print(f"\nnever-reading players: {STUCK} RTMP + {STUCK} HTTP-FLV on a 720p stream (queue_length 2 s): "
          f"dropped per client after 15 s {sorted(c['dropped'] for c in stuck)}; good players dropped "
          f"{[c['dropped'] for c in fine]}; /metrics srs_dropped_messages_total {dropped_metric:.0f}")
    print(f"never-reading players: RSS {rss_before / 1024:.1f} MiB before, then "
          f"{', '.join(f'{r / 1024:.1f}' for r in rss_samples[::3])} MiB; good RTMP rate {rate:.2f}x (gap {gap:.2f} s), "
          f"good HTTP-FLV {flv_video} video tags in 15 s")
    assert srv.alive()
    assert len(stuck) == 2 * STUCK, f"the API lists {len(stuck)} of {2 * STUCK} stuck players: {clients}"
    assert all(c["dropped"] > 0 for c in stuck), [c["dropped"] for c in stuck]
    assert all(c["dropped"] == 0 for c in fine), fine
    assert dropped_metric >= sum(c["dropped"] for c in stuck)
    assert max(rss_samples) - rss_before < 24 * 1024, "RSS grew with the stuck players' queues"
    assert max(rss_samples[len(rss_samples) // 2:]) <= max(rss_samples[:len(rss_samples) // 2]) + 2048, \
        f"RSS still growing: {rss_samples}"
    assert 0.8 < rate < 1.3 and gap < 1.0, f"the good RTMP player fell behind: rate {rate:.2f}, gap {gap:.2f} s"
    assert flv_video > 15 * 20, f"the good HTTP-FLV player got {flv_video} video tags in 15 s"
