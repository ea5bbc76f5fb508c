"""Helpers of the flood and abuse tests (test_floods, test_abuse): /proc figures of the server, real
players that measure their time to first video, many raw sockets, and a server with HTTP-FLV, the API
and any vhost body."""

from __future__ import annotations

import os
import resource
import socket
import time
from pathlib import Path

from harness import HOST
from rtmp_client import RtmpClient, RtmpError
from test_http import REMUX, HttpFlvPlayer, WebServer, api


def raise_fd_limit(wanted: int) -> int:
    """Raises this process's soft RLIMIT_NOFILE towards `wanted` (servers started later inherit it);
    returns the soft limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def fd_count(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def wait_fds(pid: int, at_most: int, timeout: float) -> int:
    """Polls until the process has at most `at_most` fds; returns the last count."""
    deadline = time.monotonic() + timeout
    n = fd_count(pid)
    while n > at_most and time.monotonic() < deadline:
        time.sleep(0.2)
        n = fd_count(pid)
    return n


class FloodServer(WebServer):
    """srs with RTMP, HTTP-FLV (remux), HTTP API and `extra` vhost directives; `globals_` goes at the
    top of the config."""

    def __init__(self, workdir: Path, max_connections: int = 1000, extra: str = "", globals_: str = ""):
        super().__init__(workdir, max_connections=max_connections)
        self.vhost_body = REMUX + "\n" + extra
        self.globals_ = globals_

    def write_config(self) -> None:
        super().write_config()
        text = self.conf.read_text()
        self.conf.write_text(self.globals_ + "\n" + text)

    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def rss_kb(self) -> int:
        return rss_kb(self.pid())

    def fds(self) -> int:
        return fd_count(self.pid())

    def summaries(self) -> dict:
        return api(self.api_port, "/api/v1/summaries")["data"]


def rtmp_player(made: list, port: int, stream: str, timeout: float = 5.0) -> RtmpClient:
    client = RtmpClient(HOST, port, timeout=timeout)
    made.append(client)
    client.open()
    client.handshake()
    client.connect("live")
    client.play(stream)
    return client


def first_video_rtmp(made: list, port: int, stream: str, timeout: float = 10.0) -> tuple[float, int]:
    """Seconds from the first connect attempt to the first video message of a new RTMP player, and
    the connections it took (one the server closes, e.g. at max_connections, is retried)."""
    start = time.monotonic()
    tries = 0
    while True:
        tries += 1
        try:
            client = rtmp_player(made, port, stream, timeout=min(5.0, timeout))
            client.wait_for(lambda m: m.is_video, timeout=max(0.5, start + timeout - time.monotonic()))
            return time.monotonic() - start, tries
        except (RtmpError, OSError):
            if time.monotonic() - start > timeout:
                raise
            time.sleep(0.01)


def first_video_flv(made: list, port: int, path: str, timeout: float = 10.0) -> float:
    """Seconds from the GET of an HTTP-FLV player to its first video tag."""
    start = time.monotonic()
    player = HttpFlvPlayer(port, path)
    made.append(player)
    deadline = start + timeout
    while player.tag_count(9) == 0:
        assert time.monotonic() < deadline and not player.closed.is_set(), \
            f"HTTP-FLV {path}: no video after {timeout}s (status {player.status}, {player.received} bytes)"
        time.sleep(0.01)
    return time.monotonic() - start


def video_rate(client: RtmpClient, since: float) -> tuple[float, float]:
    """(media seconds of video received since `since` / wall seconds, longest gap in s)."""
    now = time.monotonic()
    videos = [m for m in client.snapshot() if m.is_video and m.arrival >= since]
    if len(videos) < 2:
        return 0.0, now - since
    edges = [since] + [m.arrival for m in videos] + [now]
    gap = max(b - a for a, b in zip(edges, edges[1:]))
    return (videos[-1].timestamp - videos[0].timestamp) / 1000.0 / max(1e-3, now - since), gap


def open_sockets(port: int, count: int, timeout: float = 5.0) -> list[socket.socket]:
    socks = []
    for _ in range(count):
        s = socket.create_connection((HOST, port), timeout=timeout)
        socks.append(s)
    return socks


def close_all(socks: list) -> None:
    for s in socks:
        try:
            s.close()
        except OSError:
            pass
    socks.clear()


def closed_by_peer(sock: socket.socket) -> bool:
    """True when the peer closed the connection (EOF or reset), without blocking."""
    try:
        sock.setblocking(False)
        data = sock.recv(65536, socket.MSG_PEEK)
        return data == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        try:
            sock.setblocking(True)
        except OSError:
            pass
