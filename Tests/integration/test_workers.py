"""`workers N` (performance issue item 4, beyond SRS): one process, N event loops on N threads,
SO_REUSEPORT listeners. Players that land on a worker without the publisher get the stream through
one in-process pull per worker; every worker's API shows the whole process; a stream has one
publisher process-wide; max_connections, reload and quit are the process's.

The kernel spreads connections over the workers by a hash of their addresses, so a test opens
enough of them that every worker gets some (the odds of one worker getting none are given where it
matters)."""

from __future__ import annotations

import json
import math
import os
import signal
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from harness import (CLIP_360P, CLIP_720P, CLIP_AUDIO_ONLY, HOST, ProcessGroup, Server, codecs, ffmpeg_publish, ffprobe,
                     free_port, wait_exit, wait_media, wait_port)
from cluster_nodes import nodes, wait_until  # noqa: F401  (fixture)
from rtmp_client import RtmpClient, RtmpError

pytestmark = pytest.mark.srs_only
REMUX = ("http_remux { enabled on; mount [vhost]/[app]/[stream].flv; }\n"
         "hls { enabled on; hls_fragment 1; hls_window 4; hls_path ./html; }")


class WorkerServer(Server):
    """A server with `workers N`, the HTTP API and the HTTP server (HTTP-FLV, HLS files)."""

    def __init__(self, workdir: Path, workers: str = "2", max_connections: int = 1000, extra: str = ""):
        super().__init__(workdir, max_connections=max_connections, vhost_body=REMUX)
        self.workers = workers
        self.extra = extra
        self.api_port = free_port()
        self.http_port = free_port()

    def write_config(self) -> None:
        super().write_config()
        (self.workdir / "html").mkdir(exist_ok=True)
        self.conf.write_text(
            f"workers {self.workers};\n{self.extra}\n"
            f"http_api {{ enabled on; listen {self.api_port}; }}\n"
            f"http_server {{ enabled on; listen {self.http_port}; dir {self.workdir}/html; }}\n"
            + self.conf.read_text())

    def start(self, timeout: float = 10.0) -> "WorkerServer":
        super().start(timeout)
        wait_port(self.api_port, timeout, self.proc)
        wait_port(self.http_port, timeout, self.proc)
        return self

    def api(self, path: str, method: str = "GET") -> dict:
        request = urllib.request.Request(f"http://{HOST}:{self.api_port}{path}", method=method)
        with urllib.request.urlopen(request, timeout=5) as reply:
            return json.loads(reply.read())


@pytest.fixture
def workers(tmp_path: Path):
    started: list[WorkerServer] = []

    def make(**kwargs) -> WorkerServer:
        server = WorkerServer(tmp_path / f"w{len(started)}", **kwargs)
        server.workdir.mkdir()
        started.append(server)
        return server.start()

    yield make
    for server in started:
        server.stop()


def players(clients, server: Server, stream: str, n: int) -> list[RtmpClient]:
    out = []
    for _ in range(n):
        player = clients(server)
        player.handshake()
        player.connect("live")
        player.play(stream)
        out.append(player)
    return out


def test_players_on_every_worker_get_video_and_every_api_shows_the_process(workers, procs: ProcessGroup,
                                                                           clients) -> None:
    server = workers()
    ffmpeg_publish(procs, CLIP_720P, server.url("w1"), server.workdir / "pub.log")
    # 12 players: the chance that all land on the publisher's worker is 2^-12.
    group = players(clients, server, "w1", 12)
    for player in group:
        wait_media(player, 30, timeout=15)
    log = server.log_since()
    assert "pull /live/w1 from worker" in log, "no player landed on the other worker"

    # The API (whichever worker answers: every request is a new connection) lists the process.
    def one_stream():
        streams = [s for s in server.api("/api/v1/streams/")["streams"] if s["url"] == "/live/w1"]
        return streams if len(streams) == 1 and streams[0]["clients"] == 13 else None
    for _ in range(6):
        stream = wait_until(one_stream, 5, "one /live/w1 with 13 clients")[0]
        assert stream["publish"]["active"] and stream["video"]["codec"] == "H264"
        assert stream["tcUrl"].endswith("/live"), "the publisher's worker's copy is shown"
        clients_now = server.api("/api/v1/clients/?count=100")["clients"]
        assert len(clients_now) == 13
        assert sorted(c["type"] for c in clients_now).count("fmle-publish") == 1
        assert {c["stream"] for c in clients_now} == {stream["id"]}, "every worker names the stream alike"
        by_id = server.api(f"/api/v1/streams/{stream['id']}")
        assert by_id["stream"]["clients"] == 13
        vhost = server.api("/api/v1/vhosts/")["vhosts"][0]
        assert vhost["clients"] == 13 and vhost["streams"] == 1

    # HTTP-FLV and HLS from whichever worker answers.
    for _ in range(4):
        assert codecs(ffprobe(f"http://{HOST}:{server.http_port}/live/w1.flv")) == {"video": "h264", "audio": "aac"}
    wait_until(lambda: (server.workdir / "html" / "live" / "w1.m3u8").exists(), 10, "w1.m3u8")
    for _ in range(4):
        with urllib.request.urlopen(f"http://{HOST}:{server.http_port}/live/w1.m3u8", timeout=5) as reply:
            assert b"#EXTM3U" in reply.read()

    # Kicking works for a client of any worker.
    ids = [c["id"] for c in server.api("/api/v1/clients/?count=100")["clients"] if c["type"] == "rtmp-play"]
    assert len(ids) == len(group)
    for client_id in ids:
        assert server.api(f"/api/v1/clients/{client_id}", method="DELETE")["code"] == 0
    for player in group:
        assert player.wait_closed(5), "a kicked player stays connected"
    assert server.api("/api/v1/clients/nope", method="DELETE")["code"] == 2049
    wait_until(lambda: "stop pulling /live/w1" in server.log_since(), 5, "the pull ends with its last player")


def test_a_stream_has_one_publisher_in_the_process(workers, procs: ProcessGroup, clients) -> None:
    server = workers()
    ffmpeg_publish(procs, CLIP_360P, server.url("w2"), server.workdir / "pub.log")
    watcher = players(clients, server, "w2", 1)[0]
    wait_media(watcher, 20, timeout=10)
    # 10 intruders: the chance that none lands on the other worker is 2^-10.
    for _ in range(10):
        intruder = clients(server)
        intruder.handshake()
        intruder.connect("live")
        with pytest.raises(RtmpError):
            intruder.publish("w2")
    wait_media(watcher, 20, timeout=10)
    assert server.log_since().count("stream /live/w2 is busy") >= 10


def test_players_of_a_pulled_stream_wait_for_a_republish(workers, procs: ProcessGroup, clients) -> None:
    server = workers()
    first = ffmpeg_publish(procs, CLIP_360P, server.url("w3"), server.workdir / "pub1.log")
    group = players(clients, server, "w3", 8)
    for player in group:
        wait_media(player, 20, timeout=10)
    ProcessGroup.kill(first)
    wait_until(lambda: all(not s["publish"]["active"] for s in server.api("/api/v1/streams/")["streams"]
                         if s["url"] == "/live/w3"), 5, "the unpublish")
    ffmpeg_publish(procs, CLIP_360P, server.url("w3"), server.workdir / "pub2.log")
    for player in group:
        wait_media(player, 20, timeout=15)
        assert not player.closed


def test_max_connections_counts_every_worker(workers) -> None:
    server = workers(max_connections=6)
    held = []
    accepted = 0
    for _ in range(14):
        client = RtmpClient(HOST, server.port, timeout=2)
        try:
            client.handshake()
            client.connect("live")
            accepted += 1
            held.append(client)
        except Exception:
            client.close()
    try:
        assert accepted == 6, f"{accepted} RTMP connections accepted with max_connections 6 on 2 workers"
        assert "exceed max_connections=6" in server.log_since()
    finally:
        for client in held:
            client.close()


def test_every_worker_answers_with_the_same_proc_sample(workers) -> None:
    """The process's /proc figures are sampled once a round for every worker, so two requests
    that land on different workers show the same sample (and `/metrics` agrees with the API)."""
    server = workers()
    time.sleep(0.5)  # both workers' loops run
    for _ in range(4):
        # 12 new connections: the chance that all land on one worker is 2^-11.
        times = {(server.api("/api/v1/self_proc_stats")["data"]["sample_time"],
                  server.api("/api/v1/meminfos")["data"]["sample_time"]) for _ in range(12)}
        if len(times) == 1:
            break
        time.sleep(0.7)  # a round began during the burst: another one
    assert len(times) == 1, f"the workers answered with different samples: {sorted(times)}"
    (proc_time, mem_time), = times
    assert proc_time == mem_time > 0


def test_reload_and_graceful_quit_reach_every_worker(workers, procs: ProcessGroup, clients) -> None:
    server = workers(extra="grace_start_wait 200;\ngrace_final_wait 200;")
    publisher = ffmpeg_publish(procs, CLIP_360P, server.url("w4"), server.workdir / "pub.log")
    group = players(clients, server, "w4", 4)
    for player in group:
        wait_media(player, 10, timeout=10)
    # A reload turns HTTP-FLV off on every worker: 10 requests all get 404 (the chance that they all
    # land on one worker is 2^-9).
    assert codecs(ffprobe(f"http://{HOST}:{server.http_port}/live/w4.flv")) == {"video": "h264", "audio": "aac"}
    mark = server.reload(vhost_body=REMUX.replace("enabled on; mount", "enabled off; mount"))
    wait_until(lambda: server.log_since(mark).count("reload config success") >= 2, 5, "a reload on both workers")
    for _ in range(10):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://{HOST}:{server.http_port}/live/w4.flv", timeout=5)
        assert refused.value.code == 404
    # Graceful quit (as with one worker): every worker closes its listeners after grace_start_wait
    # and waits for its clients; the process ends when they have left.
    mark = server.log_size()
    server.signal(signal.SIGQUIT)
    wait_until(lambda: server.log_since(mark).count("listeners closed") == 2, 5, "both workers closing their listeners")
    assert server.alive(), "the process ended while clients were connected"
    for player in group:
        player.close()
    ProcessGroup.kill(publisher)
    rc = wait_exit(server.proc, 15)
    assert rc == 0, f"graceful quit ended with {rc}"
    log = server.log_since(mark)
    assert "srs gracefully quit" in log
    assert log.count("hls: unpublish /live/w4") == 1, "only the publisher's worker writes HLS"


def test_an_edge_with_two_workers_makes_one_upstream_pull(nodes, procs: ProcessGroup, clients) -> None:
    """The worker whose edge pull takes the stream holds it for the process; players on the other
    worker pull from it in process. The origin sees one player, not one per worker, and the HLS of
    the edge is written once."""
    origin = nodes("origin", globals_="workers 1;\n")
    edge = nodes("edge", cluster=f"mode remote; origin {HOST}:{origin.port};",
                 vhost_extra="hls { enabled on; hls_fragment 1; hls_window 4; hls_path ./html; }", globals_="workers 2;\n")
    ffmpeg_publish(procs, CLIP_360P, origin.url("e1"), origin.workdir / "pub.log")
    wait_until(lambda: origin.stream("e1"), 10, "the publish on the origin")
    # 12 players over 2 workers: the chance that one worker gets none is 2^-11.
    group = players(clients, edge, "e1", 12)
    for player in group:
        wait_media(player, 10, timeout=10)
    time.sleep(0.5)
    upstreams = origin.clients_of("e1", "rtmp-play")
    assert len(upstreams) == 1, f"{len(upstreams)} upstream pulls for one stream: {upstreams}"
    log = edge.log_since(0)
    assert log.count("edge change from 0 to state 100 (pull)") == 1, "one edge pull in the process"
    assert "pull /live/e1 from worker" in log, "no in-process pull: the players all landed on one worker?"
    assert (edge.stream("e1") or {}).get("clients", 0) >= 12
    wait_until(lambda: (edge.workdir / "html/live/e1.m3u8").exists(), 10, "the edge's HLS")
    for player in group:
        player.close()
    wait_until(lambda: not origin.clients_of("e1", "rtmp-play"), 5, "the upstream pull to stop after the last player")
    assert edge.log_since(0).count("hls: unpublish /live/e1") == 1, "HLS written by one worker"


def test_a_stream_published_to_an_edge_has_one_publisher_in_the_process(nodes, procs: ProcessGroup) -> None:
    origin = nodes("origin", globals_="workers 1;\n")
    edge = nodes("edge", cluster=f"mode remote; origin {HOST}:{origin.port};", globals_="workers 2;\n")
    first = RtmpClient(HOST, edge.port, timeout=5)
    first.handshake()
    first.connect("live")
    first.publish("e2")
    wait_until(lambda: origin.stream("e2"), 10, "the push to the origin")
    # Whichever worker the next publishers land on, each is refused as busy.
    for _ in range(6):
        again = RtmpClient(HOST, edge.port, timeout=5)
        again.handshake()
        again.connect("live")
        with pytest.raises(RtmpError):
            again.publish("e2")
        again.close()
    assert len(origin.clients_of("e2", "rtmp-publish") or origin.clients_of("e2", "fmle-publish")) <= 1
    first.close()


def test_republishes_on_any_worker_continue_the_hls_playlist(workers, procs: ProcessGroup) -> None:
    """A stream's HLS muxer outlives its publish (sequence numbers continue, files stay until
    hls_dispose); a republish that lands on the other worker takes it over instead of starting at
    sequence 0 over the same file names. Five publishes: the chance that all land on one worker
    is 2^-4."""
    server = workers()
    playlist = server.workdir / "html/live/w6.m3u8"
    last = -1
    for round_ in range(5):
        publisher = ffmpeg_publish(procs, CLIP_360P, server.url("w6"), server.workdir / f"pub{round_}.log")

        def newest() -> int:
            try:
                text = playlist.read_text()
            except OSError:
                return -1
            seqs = [int(line.rsplit("-", 1)[1].split(".")[0]) for line in text.splitlines() if line.endswith(".ts")]
            return max(seqs, default=-1)

        wait_until(lambda: newest() > last, 15, f"a new segment in round {round_}")
        seen = newest()
        assert seen > last, f"round {round_}: the playlist went back from {last} to {seen}"
        last = seen
        ProcessGroup.kill(publisher)
        wait_until(lambda: "hls: unpublish /live/w6" in server.log_since(0) and
                   server.log_since(0).count("hls: unpublish /live/w6") > round_, 5, "the unpublish")
    log = server.log_since(0)
    assert "next seq=0" not in log.split("hls: unpublish /live/w6", 1)[1], "a republish started over at 0"


def test_aac_players_on_every_worker_get_the_fast_cache_at_once(tmp_path: Path, procs: ProcessGroup) -> None:
    """`fast_cache` of an audio mount: a worker that starts pulling the stream gets the owner's
    cache first (at most half a player's queue, older than the GOP), so its first player gets the
    burst too and its own cache fills from it. Six players: the chance that all land on the
    publisher's worker is 2^-6."""
    from test_audio_remux import AudioPlayer, adts_frames
    server = WorkerServer(tmp_path / "aac", extra="")
    server.workdir.mkdir()
    server.vhost_body = "http_remux { enabled on; fast_cache 3; mount [vhost]/[app]/[stream].aac; }"
    server.start()
    made: list[AudioPlayer] = []
    try:
        ffmpeg_publish(procs, CLIP_AUDIO_ONLY, server.url("fc"), server.workdir / "pub.log")
        wait_until(lambda: any(stream["publish"]["active"] for stream in server.api("/api/v1/streams/")["streams"]),
                   10, "the publish")
        time.sleep(3.5)  # the cache fills (3 s)
        for index in range(6):
            player = AudioPlayer(server.http_port, "/live/fc.aac")
            made.append(player)
            player.wait_bytes(1, timeout=5)
            time.sleep(0.5)
            frames = len(adts_frames(bytes(player.audio)))
            # Live audio is ~22 frames per 0.5 s at 44.1 kHz; the 3 s cache adds ~129.
            assert frames >= 80, f"player {index}: {frames} ADTS frames in its first 0.5 s: no fast_cache burst"
        assert "to a worker's pull of /live/fc" in server.log_since(0), "no player on the other worker?"
    finally:
        for player in made:
            player.close()
        server.stop()


def test_the_cluster_wide_stream_list_has_every_workers_streams(nodes, procs: ProcessGroup) -> None:
    """`/api/v1/streams/?cluster=on` on an origin-cluster member: its own part is the process's
    (every worker's streams, merged), whichever worker answers. Ten requests: the chance that all
    land on the publisher's worker is 2^-10."""
    a, b = (nodes(name, start=False, globals_="workers 2;\n") for name in ("cluster-a", "cluster-b"))
    for member in (a, b):
        member.cluster = f"mode local; origin_cluster on; coworkers {HOST}:{a.api_port} {HOST}:{b.api_port};"
        member.start()
    ffmpeg_publish(procs, CLIP_360P, a.url("wa"), a.workdir / "pub.log")
    wait_until(lambda: (a.stream("wa") or {}).get("publish", {}).get("active"), 10, "the publish")
    for _ in range(10):
        answer = a.api("/api/v1/streams/?cluster=on")
        names = sorted((s["name"], s["api"]) for s in answer["streams"])
        assert names == [("wa", "self")], answer


def test_a_reload_that_changes_what_a_port_serves_resets_no_connection(workers) -> None:
    """The exporter joining and leaving the API's port changes that listener's routes: each worker
    keeps its SO_REUSEPORT socket (closing one resets the connections waiting in its backlog), so
    requests made all through the reloads never see a reset."""
    import threading
    server = workers()
    errors: list[str] = []
    done = threading.Event()
    count = 0

    def hammer() -> None:
        nonlocal count
        while not done.is_set():
            try:
                with urllib.request.urlopen(f"http://{HOST}:{server.api_port}/api/v1/versions", timeout=5) as reply:
                    reply.read()
            except urllib.error.HTTPError:
                pass
            except OSError as error:
                errors.append(repr(error))
            count += 1

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for round_ in range(6):
            on = f"exporter {{ enabled on; listen {server.api_port}; label r{round_}; }}" if round_ % 2 == 0 else ""
            mark = server.reload(extra=on)
            wait_until(lambda: server.log_since(mark).count("reload config success") >= 2, 5, "a reload on both workers")
            time.sleep(0.2)
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert count > 100, f"only {count} requests"
    assert not errors, f"{len(errors)} of {count} requests failed: {errors[:3]}"
    assert "HTTP listener closed" not in server.log_since(0)


def expected_cpus() -> int:
    cpus = len(os.sched_getaffinity(0))
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        if quota != "max":
            cpus = min(cpus, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return max(1, min(64, cpus))


def test_workers_auto_is_one_per_cpu(workers) -> None:
    server = workers(workers="auto")
    n = expected_cpus()
    assert f"workers={n}" in server.wait_log("workers=")
    assert server.log_since().count("worker ") >= n - 1


def test_a_bad_worker_count_is_a_config_error(tmp_path: Path) -> None:
    server = WorkerServer(tmp_path, workers="0")
    server.write_config()
    from harness import BINARY, run_capture
    res = run_capture([BINARY, "-t", "-c", server.conf], 10)
    assert res.returncode != 0
    assert "workers=0 is invalid, use 1 to 64 or auto" in res.stdout + res.stderr
