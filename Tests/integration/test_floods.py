"""Floods (docs/reliability.md "Floods and abuse"): connection floods beyond max_connections,
slowloris on RTMP and HTTP, a peer announcing a 16 MiB message and trickling it, and 1 000 streams at
once. Each test prints the figures it measures (`pytest -s` shows them; they are recorded in the doc).
Real players must keep getting video at the stream's rate, memory and fds stay bounded and come back."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from flood_tools import (FloodServer, made, close_all, closed_by_peer, first_video_flv, first_video_rtmp,
                         open_sockets, raise_fd_limit, rtmp_player, video_rate, wait_fds)
from harness import CLIP_360P, HOST, SANITIZED, ProcessGroup, ffmpeg_publish
from rtmp_client import CSID_VIDEO, MSG_VIDEO, RtmpClient, RtmpError, encode_chunk_header, read_flv
from test_http import api

pytestmark = pytest.mark.srs_only
FD_LIMIT = raise_fd_limit(8192)


def boot(tmp_path_factory, name: str, **kwargs) -> FloodServer:
    srv = FloodServer(tmp_path_factory.mktemp(name), **kwargs).start()
    time.sleep(0.3)  # the readiness probes' slots are released
    return srv




# --------------------------------------------------------------------------------------------
# 1. Connection flood beyond max_connections


LIMIT, FLOOD = 100, 10_000


def flood(port: int, attempts: int, threads: int, results: dict, until: threading.Event) -> None:
    """At least `attempts` connects over `threads` threads, and on until `until` is set; each waits up
    to 0.2 s for the server to close it. Records the close latencies of refused ones and counts those
    the server held (a flood connection that got a free slot, closed by the flooder after 0.2 s)."""
    lock = threading.Lock()
    left = [attempts]

    def worker() -> None:
        while True:
            with lock:
                if left[0] <= 0 and until.is_set():
                    return
                left[0] -= 1
            start = time.monotonic()
            try:
                s = socket.create_connection((HOST, port), timeout=2)
            except OSError:
                with lock:
                    results["connect_errors"] += 1
                continue
            s.settimeout(0.2)
            try:
                data = s.recv(1)
                closed = data == b""
            except socket.timeout:
                closed = False
            except OSError:
                closed = True
            took = time.monotonic() - start
            s.close()
            with lock:
                if closed:
                    results["latencies"].append(took)
                else:
                    results["held"] += 1

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=120)


@pytest.mark.time_limit(90)
def test_connection_flood_beyond_max_connections_keeps_players_served(tmp_path_factory, procs: ProcessGroup,
                                                                       made) -> None:
    srv = boot(tmp_path_factory, "flood", max_connections=LIMIT)
    ffmpeg_publish(procs, CLIP_360P, srv.url("flood"), srv.workdir / "pub.log")
    players = [rtmp_player(made, srv.port, "flood") for _ in range(3)]
    first_video_flv(made, srv.http_port, "/live/flood.flv", timeout=10)
    for p in players:
        p.wait_for(lambda m: m.is_video, timeout=10)
    held_by_players = 1 + len(players) + 1  # publisher, RTMP players, HTTP-FLV player
    idle = open_sockets(srv.port, LIMIT - held_by_players)
    made.append(type("Closer", (), {"close": lambda self: close_all(idle)})())
    time.sleep(0.5)
    assert not any(closed_by_peer(s) for s in idle), "an idle connection within max_connections was closed"
    fds_before, rss_before = srv.fds(), srv.rss_kb()

    results = {"latencies": [], "held": 0, "connect_errors": 0}
    newcomer_done = threading.Event()
    started = time.monotonic()
    worker = threading.Thread(target=flood, args=(srv.port, FLOOD, 8, results, newcomer_done), daemon=True)
    worker.start()
    time.sleep(0.3)
    # A real player needs a slot: one idle connection leaves and the newcomer races the flood for it
    # (max_connections admits whoever is accepted first, as SRS does); a flood connection that wins it
    # holds it 0.2 s. Reported, not asserted: at the limit the race is the flood's to win.
    idle.pop().close()
    try:
        try:
            during_flood, tries = first_video_rtmp(made, srv.port, "flood", timeout=10)
            race = f"got video after {during_flood:.2f} s ({tries} connections)"
        except (RtmpError, OSError):
            during_flood, race = None, "got no video in 10 s (the flood took every freed slot)"
        held_during = results["held"]
        fds_peak = srv.fds()
    finally:
        newcomer_done.set()
    worker.join(timeout=120)
    flood_seconds = time.monotonic() - started
    rss_after, fds_after = srv.rss_kb(), srv.fds()
    if during_flood is None:
        time.sleep(0.3)  # flood connections that held the freed slot are closed
    after_flood, _ = first_video_rtmp(made, srv.port, "flood", timeout=5) if during_flood is None else (0.0, 0)

    time.sleep(max(0.0, started + 5.0 - time.monotonic()))  # the players' rate needs a few seconds
    lat = sorted(results["latencies"])
    attempts = len(lat) + results["held"] + results["connect_errors"]
    rates = [video_rate(p, started) for p in players]
    print(f"\nflood: {attempts} connects at max_connections {LIMIT} in {flood_seconds:.1f} s "
          f"({attempts / flood_seconds:.0f}/s): refused {len(lat)} (closed after p50 {lat[len(lat) // 2] * 1000:.1f} ms, "
          f"p99 {lat[int(len(lat) * 0.99)] * 1000:.1f} ms, max {lat[-1] * 1000:.1f} ms), held {results['held']}, "
          f"connect errors {results['connect_errors']}")
    print(f"flood: server fds {fds_before} before, {fds_peak} during, {fds_after} after; "
          f"RSS {rss_before / 1024:.1f} MiB before, {rss_after / 1024:.1f} MiB after")
    print(f"flood: a new RTMP player racing the flood for one freed slot {race}; the flood won the slot "
          f"{held_during} times meanwhile" + (f"; after the flood it got video in {after_flood:.2f} s" if during_flood is None else ""))
    print("flood: players' video rate during the flood " + ", ".join(f"{r:.2f}x (gap {g:.2f} s)" for r, g in rates))

    assert srv.alive()
    assert len(lat) >= attempts * 0.95, f"only {len(lat)} of {attempts} refused connections were closed within 0.2 s"
    assert lat[int(len(lat) * 0.99)] < 0.2, f"refused connections closed slowly (p99 {lat[int(len(lat) * 0.99)]:.3f} s)"
    assert fds_peak <= fds_before + 10 and fds_after <= fds_before + 2, (fds_before, fds_peak, fds_after)
    assert SANITIZED or rss_after - rss_before < 16 * 1024, f"RSS grew {(rss_after - rss_before) / 1024:.1f} MiB in the flood"
    for rate, gap in rates:
        assert 0.8 < rate < 1.3 and gap < 1.0, f"a player fell behind during the flood: rate {rate:.2f}, gap {gap:.2f} s"
    assert after_flood < 2.0


# --------------------------------------------------------------------------------------------
# 2. Slowloris: handshakes and request heads trickled at 1 byte per second


SLOW = 1000
RTMP_HANDSHAKE_TIMEOUT, HTTP_HEAD_TIMEOUT = 30.0, 15.0  # SRS_CONSTS_RTMP_TIMEOUT, SRS_HTTP_RECV_TIMEOUT


class Trickler:
    """Sends one byte per second on every socket (round-robin from `payload`) until stopped; records
    when the server closed each one."""

    def __init__(self, socks: list[socket.socket], payload: bytes):
        self.socks = socks
        self.payload = payload
        self.closed_at: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        i = 0
        while not self.stop.wait(1.0):
            byte = self.payload[i % len(self.payload):i % len(self.payload) + 1]
            i += 1
            now = time.monotonic()
            for n, s in enumerate(self.socks):
                if n in self.closed_at:
                    continue
                if closed_by_peer(s):
                    self.closed_at[n] = now
                    continue
                try:
                    s.send(byte)
                except OSError:
                    self.closed_at[n] = now


@pytest.mark.time_limit(120)
def test_slowloris_rtmp_and_http_never_starve_players_and_are_cut(tmp_path_factory, procs: ProcessGroup,
                                                                  made) -> None:
    assert FD_LIMIT > 2 * SLOW + 200, f"fd limit {FD_LIMIT} too low for {2 * SLOW} sockets"
    srv = boot(tmp_path_factory, "slowloris", max_connections=2 * SLOW + 100)
    ffmpeg_publish(procs, CLIP_360P, srv.url("slow"), srv.workdir / "pub.log")
    watcher = rtmp_player(made, srv.port, "slow")
    watcher.wait_for(lambda m: m.is_video, timeout=10)
    time.sleep(0.5)
    fds_baseline, rss_before = srv.fds(), srv.rss_kb()

    started = time.monotonic()
    rtmp_socks = open_sockets(srv.port, SLOW)
    http_socks = open_sockets(srv.http_port, SLOW)
    head = f"GET /live/slow.flv HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: slowloris\r\n".encode() + b"X-a: b\r\n" * 200
    tricklers = [Trickler(rtmp_socks, b"\x03" + bytes(1536)), Trickler(http_socks, head)]
    made.append(type("Stopper", (), {"close": lambda self: [t.stop.set() for t in tricklers]})())
    opened = time.monotonic() - started
    time.sleep(2.0)
    fds_attack = srv.fds()
    rtmp_first, _ = first_video_rtmp(made, srv.port, "slow", timeout=10)
    flv_first = first_video_flv(made, srv.http_port, "/live/slow.flv", timeout=10)
    rss_attack = srv.rss_kb()

    deadline = started + RTMP_HANDSHAKE_TIMEOUT + 8
    while time.monotonic() < deadline and (len(tricklers[0].closed_at) < SLOW or len(tricklers[1].closed_at) < SLOW):
        time.sleep(0.5)
    for t in tricklers:
        t.stop.set()
        t.thread.join(timeout=5)
    cut = [sorted(at - started for at in t.closed_at.values()) for t in tricklers]
    rate, gap = video_rate(watcher, started)
    close_all(rtmp_socks)
    close_all(http_socks)
    extra_players = 2  # the RTMP and HTTP-FLV newcomers are still playing
    fds_end = wait_fds(srv.pid(), fds_baseline + extra_players, 10)

    def span(times: list[float]) -> str:
        return f"{len(times)} cut, first at {times[0]:.1f} s, last at {times[-1]:.1f} s" if times else "none cut"

    print(f"\nslowloris: {SLOW} RTMP + {SLOW} HTTP sockets opened in {opened:.1f} s, trickling 1 byte/s; "
          f"server fds {fds_baseline} before, {fds_attack} during, {fds_end} after; "
          f"RSS {rss_before / 1024:.1f} MiB before, {rss_attack / 1024:.1f} MiB during")
    print(f"slowloris: RTMP handshakes {span(cut[0])}; HTTP heads {span(cut[1])}")
    print(f"slowloris: new players' first video during the attack: RTMP {rtmp_first:.2f} s, HTTP-FLV {flv_first:.2f} s; "
          f"watcher rate {rate:.2f}x, longest gap {gap:.2f} s")

    assert srv.alive()
    assert len(cut[0]) == SLOW, f"{SLOW - len(cut[0])} trickled RTMP handshakes still open after {deadline - started:.0f} s"
    assert len(cut[1]) == SLOW, f"{SLOW - len(cut[1])} trickled HTTP request heads still open after {deadline - started:.0f} s"
    assert cut[0][0] > RTMP_HANDSHAKE_TIMEOUT - 2 and cut[1][0] > HTTP_HEAD_TIMEOUT - 2, "cut before the timeout"
    assert cut[1][-1] < HTTP_HEAD_TIMEOUT + 6, f"HTTP heads cut late ({cut[1][-1]:.1f} s)"
    assert rtmp_first < 5 and flv_first < 5, "a new player was starved during the attack"
    assert 0.8 < rate < 1.3 and gap < 1.0, f"the watcher fell behind: rate {rate:.2f}, gap {gap:.2f} s"
    assert fds_end <= fds_baseline + extra_players, f"fds {fds_end} after the attack, baseline {fds_baseline}"


# --------------------------------------------------------------------------------------------
# 3. A peer announcing a 16 MiB message and trickling its bytes


BIG = 16 * 1024 * 1024 - 1  # the largest RTMP message length (24 bits)
TRICKLERS = 50
PUBLISH_TIMEOUTS = "publish { firstpkt_timeout 4000; normal_timeout 4000; }"


def announce_big_message(port: int, stream: str) -> RtmpClient:
    """A publisher whose first media message is announced at 16 MiB: only its first 1 002 bytes are sent."""
    c = RtmpClient(HOST, port, timeout=5).open()
    c.handshake()
    c.connect("live")
    c.publish(stream)
    c.set_chunk_size(65536)
    head = encode_chunk_header(0, CSID_VIDEO, timestamp=40, length=BIG, type_id=MSG_VIDEO, stream_id=c.stream_id)
    c.send_raw(head + b"\x17\x01" + bytes(1000))
    return c


@pytest.mark.time_limit(60)
def test_peers_announcing_16mib_messages_cost_no_16mib_and_are_cut(tmp_path_factory, procs: ProcessGroup,
                                                                     made) -> None:
    srv = boot(tmp_path_factory, "bigmsg", extra=PUBLISH_TIMEOUTS)
    ffmpeg_publish(procs, CLIP_360P, srv.url("real"), srv.workdir / "pub.log")
    watcher = rtmp_player(made, srv.port, "real")
    watcher.wait_for(lambda m: m.is_video, timeout=10)
    rss_before = srv.rss_kb()
    started = time.monotonic()
    peers = []
    for n in range(TRICKLERS):
        peers.append(announce_big_message(srv.port, f"big{n}"))
        made.append(peers[-1])
    stop = threading.Event()

    def trickle() -> None:  # 100 bytes per second per peer: the message would take two days
        while not stop.wait(1.0):
            for p in peers:
                try:
                    p.send_raw(bytes(100))
                except OSError:
                    pass

    threading.Thread(target=trickle, daemon=True).start()
    time.sleep(2.0)
    rss_peak = srv.rss_kb()
    deadline = started + 4.0 + 10
    while time.monotonic() < deadline and not all(p.wait_closed(0.01) for p in peers):
        time.sleep(0.2)
    cut_after = time.monotonic() - started
    stop.set()
    closed = sum(p.wait_closed(0.01) for p in peers)
    rate, gap = video_rate(watcher, started)
    streams = api(srv.api_port, "/api/v1/streams/?count=100")["streams"]
    print(f"\n16 MiB message: {TRICKLERS} peers announcing {BIG} bytes and trickling 100 B/s: RSS "
          f"{rss_before / 1024:.1f} MiB before, {rss_peak / 1024:.1f} MiB with them "
          f"(+{(rss_peak - rss_before) / TRICKLERS:.0f} KiB per peer); {closed} cut within {cut_after:.1f} s "
          f"(normal_timeout 4 s); watcher rate {rate:.2f}x, gap {gap:.2f} s")
    assert srv.alive()
    assert rss_peak - rss_before < TRICKLERS * 512, \
        f"RSS grew {(rss_peak - rss_before) / 1024:.1f} MiB for {TRICKLERS} peers (a buffer per announced message?)"
    assert closed == TRICKLERS, f"{TRICKLERS - closed} trickling peers were not cut by the publish timeout"
    assert [s["name"] for s in streams if s.get("publish", {}).get("active")] == ["real"]
    assert 0.8 < rate < 1.3 and gap < 1.0, f"the watcher fell behind: rate {rate:.2f}, gap {gap:.2f} s"


# --------------------------------------------------------------------------------------------
# 6. 1 000 streams published at once


STREAMS = 1000


def tiny_publisher(port: int, name: str, sh: bytes) -> RtmpClient:
    c = RtmpClient(HOST, port, timeout=10).open()
    c.handshake()
    c.connect("live")
    c.publish(name)
    c.send_video(0, sh)
    return c


@pytest.mark.time_limit(120)
def test_a_thousand_streams_at_once_are_all_listed(tmp_path_factory, made) -> None:
    assert FD_LIMIT > STREAMS + 200
    srv = boot(tmp_path_factory, "streams", max_connections=STREAMS + 100)
    sh = next(t.payload for t in read_flv(str(CLIP_360P)) if t.type_id == MSG_VIDEO)
    rss_before, fds_before = srv.rss_kb(), srv.fds()
    started = time.monotonic()
    pubs = []
    for n in range(STREAMS):
        pubs.append(tiny_publisher(srv.port, f"s{n:04d}", sh))
    made.extend(pubs)
    took = time.monotonic() - started
    time.sleep(1.0)
    rss_with = srv.rss_kb()
    names: list[str] = []
    pages = 0
    while True:
        page = api(srv.api_port, f"/api/v1/streams/?start={len(names)}&count=100")["streams"]
        pages += 1
        names += [s["name"] for s in page]
        if len(page) < 100 or pages > 20:
            break
    per_source = (rss_with - rss_before) / STREAMS
    for p in pubs:
        p.close()
    pubs.clear()
    fds_after = wait_fds(srv.pid(), fds_before, 15)
    print(f"\n{STREAMS} streams: published in {took:.1f} s; RSS {rss_before / 1024:.1f} MiB before, "
          f"{rss_with / 1024:.1f} MiB with them ({per_source:.1f} KiB per idle source and its publisher); "
          f"API listed {len(names)} in {pages} pages of 100; fds {fds_before} before, {fds_after} after they left")
    assert srv.alive()
    assert sorted(names) == [f"s{n:04d}" for n in range(STREAMS)]
    assert per_source < 256, f"{per_source:.0f} KiB per idle source"
    assert fds_after <= fds_before
