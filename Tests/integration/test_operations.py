"""Operating the server: quit signals (srs-facts 3.3, 3.4), reload by SIGHUP and inotify (4),
security rules (1.4), the pid lock (1.2) and log reopening (SIGUSR1). Each test boots its own
server because most of them end it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import time
from pathlib import Path
from typing import Optional

import pytest

from harness import (BINARY, CLIP_360P, HOST, ProcessGroup, Server, codecs, ffmpeg_publish,
                     ffprobe, free_port, keeps_playing, refused, run_capture, tail, wait_exit,
                     wait_media, wait_refused)
from rtmp_client import ConnectionClosed, RtmpClient, RtmpError

pytestmark = pytest.mark.srs_only
GRACE = "grace_start_wait 500;\ngrace_final_wait 300;\n"
START_WAIT, FINAL_WAIT = 0.5, 0.3


class OpsServer(Server):
    """A Server whose config is rendered from parts (globals, listen ports, vhost body) and can
    be rewritten for a reload; with `prepared` set, `conf` is a layout the test built."""

    def __init__(self, workdir: Path, globals_: str = "", vhost_body: str = "",
                 max_connections: int = 1000):
        super().__init__(workdir, max_connections=max_connections, vhost_body=vhost_body)
        self.globals_ = globals_
        self.listens = [self.port]
        self.prepared = False

    def render(self) -> str:
        w = self.workdir
        return (f"listen {' '.join(str(p) for p in self.listens)};\n"
                f"max_connections {self.max_connections};\n"
                # In a container srs watches the config by default; off, so a SIGHUP test
                # really tests SIGHUP (the ConfigMap test turns inotify_auto_reload on).
                "daemon off;\nauto_reload_for_docker off;\nsrs_log_tank file;\n"
                f"srs_log_file {w}/srs.log;\npid {w}/srs.pid;\n{self.globals_}"
                f"vhost __defaultVhost__ {{\n{self.vhost_body}\n}}\n")

    def write_config(self) -> None:
        if not self.prepared:
            self.conf.write_text(self.render())



@pytest.fixture
def boot(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Factory of OpsServer in fresh temp dirs; all stopped at teardown (their log tails are
    printed first if the test failed: conftest's hook runs after they left Server.live)."""
    made: list[OpsServer] = []

    def make(name: str, start: bool = True, **kwargs) -> OpsServer:
        server = OpsServer(tmp_path_factory.mktemp(name), **kwargs)
        made.append(server)
        if start:
            server.start()
            time.sleep(0.2)  # let the readiness probe connection be released
        return server

    yield make
    report = getattr(request.node, "rep_call", None)
    for server in made:
        if report is not None and report.failed:
            print(server.diagnostics())
        server.stop()


@pytest.fixture
def conns():
    """RtmpClients of a test, closed at teardown."""
    made: list[RtmpClient] = []
    yield made
    for client in made:
        client.close()


def connected(conns: list, port: int, timeout: float = 3.0) -> RtmpClient:
    """An RtmpClient after handshake and connect("live")."""
    client = RtmpClient(HOST, port, timeout=timeout)
    conns.append(client)
    client.handshake()
    client.connect("live")
    return client


def player(conns: list, port: int, stream: str, timeout: float = 5.0) -> RtmpClient:
    client = connected(conns, port, timeout)
    client.play(stream)
    return client


def publish_live(server: OpsServer, procs: ProcessGroup, conns: list, stream: str) -> tuple:
    """ffmpeg publishes the 360p clip in a loop; returns (ffmpeg, a player receiving it)."""
    pub = ffmpeg_publish(procs, CLIP_360P, server.url(stream), server.workdir / f"pub-{stream}.log")
    client = player(conns, server.port, stream)
    wait_media(client, 20, 10)
    return pub, client


# ------------------------------------------------------------------------------------------
# Quit


def test_graceful_quit_drains_live_players_then_exits_zero(boot, procs, conns) -> None:
    srv = boot("grace", globals_=GRACE)
    pub, watcher = publish_live(srv, procs, conns, "grace")

    signalled = time.monotonic()
    srv.signal(signal.SIGQUIT)
    late = connected(conns, srv.port, timeout=2)  # still served during grace_start_wait
    assert time.monotonic() - signalled < START_WAIT, "probe too slow to test the start wait"
    late.close()

    closed = wait_refused(srv.port, START_WAIT + 2)
    assert closed - signalled >= START_WAIT - 0.05, \
        f"listeners closed {closed - signalled:.2f}s after SIGQUIT, before grace_start_wait"
    keeps_playing(watcher, 2.2, since=closed)
    assert srv.alive(), "server exited while a player was still connected"
    assert pub.poll() is None, f"publisher dropped rc={pub.returncode}"

    ProcessGroup.kill(pub)
    watcher.close()
    left = time.monotonic()
    rc = wait_exit(srv.proc, FINAL_WAIT + 1)
    assert rc == 0, f"server did not exit 0 within grace_final_wait + 1 s (rc={rc})"
    assert time.monotonic() - left >= FINAL_WAIT - 0.05, "exited before grace_final_wait"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_fast_quit_exits_zero_at_once_with_clients_connected(boot, procs, conns, sig) -> None:
    srv = boot("fast")  # default grace waits (2300/3200 ms): a fast quit must not use them
    _, watcher = publish_live(srv, procs, conns, "fast")
    sent = time.monotonic()
    srv.signal(sig)
    rc = wait_exit(srv.proc, 1.0)
    assert rc == 0, f"no exit 0 within 1 s of {sig.name} (rc={rc})"
    assert time.monotonic() - sent < 1.0
    assert watcher.wait_closed(1.0), "player connection left open"


def test_force_grace_quit_makes_sigterm_graceful_and_sigint_ends_it(boot, conns) -> None:
    srv = boot("forcegrace", globals_=GRACE + "force_grace_quit on;\n")
    idle = connected(conns, srv.port)
    sent = time.monotonic()
    srv.signal(signal.SIGTERM)
    time.sleep(0.2)
    assert srv.alive(), "SIGTERM with force_grace_quit on quit at once"
    closed = wait_refused(srv.port, START_WAIT + 2)  # graceful: listeners close after the wait
    assert closed - sent >= START_WAIT - 0.05
    time.sleep(0.3)
    assert srv.alive(), "server exited while a client was connected"
    assert not idle.wait_closed(0.05), "graceful quit kicked a connected client"
    interrupted = time.monotonic()
    srv.signal(signal.SIGINT)
    rc = wait_exit(srv.proc, 1.0)
    assert rc == 0, f"SIGINT during the graceful wait did not quit at once (rc={rc})"
    assert time.monotonic() - interrupted < 1.0


# ------------------------------------------------------------------------------------------
# Reload


def test_reload_adds_and_removes_listen_ports_without_dropping_players(boot, procs, conns) -> None:
    srv = boot("listen")
    port_a, port_b = srv.port, free_port()
    pub, first = publish_live(srv, procs, conns, "ports")
    began = time.monotonic()

    mark = srv.reload(listens=[port_a, port_b])
    sent = time.monotonic()
    second = None
    while second is None:
        assert time.monotonic() - sent < 1.0, \
            f"port {port_b} did not serve a play within 1 s of SIGHUP\n{srv.log_since(mark)}"
        try:
            second = player(conns, port_b, "ports", timeout=1)
        except (OSError, RtmpError):
            time.sleep(0.02)
    wait_media(second, 5, 5)
    assert "reload config success, state=90." in srv.log_since(mark)
    keeps_playing(first, 0.5, since=began)

    removed_at = time.monotonic()
    mark = srv.reload(listens=[port_b])
    wait_refused(port_a, 1.0)
    assert "reload config success, state=90." in srv.log_since(mark)
    keeps_playing(first, 2.0, since=removed_at)
    assert pub.poll() is None, "the publisher on the removed port was dropped"
    wait_media(second, 5, 5)


def test_invalid_reload_keeps_the_old_config_running(boot, procs, conns) -> None:
    srv = boot("badreload")
    mark = srv.log_size()
    srv.conf.write_text("listen 1935;\nvhost __defaultVhost__ {\n    play { gop_cache on\n")
    srv.signal(signal.SIGHUP)
    text = srv.wait_log("reload failed", mark, 2.0)
    time.sleep(0.2)
    assert srv.alive()
    assert "reload config success" not in text
    _, watcher = publish_live(srv, procs, conns, "stillold")
    keeps_playing(watcher, 1.0)


def make_configmap(root: Path, stamp: str, text: str) -> None:
    """Kubelet's atomic ConfigMap update: new timestamped dir, `..data_tmp` -> it, renamed over
    `..data`, then the old dir removed."""
    new = root / stamp
    new.mkdir()
    (new / "srs.conf").write_text(text)
    old = os.readlink(root / "..data") if (root / "..data").is_symlink() else None
    os.symlink(stamp, root / "..data_tmp")
    os.rename(root / "..data_tmp", root / "..data")
    if old is not None:
        shutil.rmtree(root / old)


def test_configmap_data_swap_is_applied_within_a_second(boot) -> None:
    srv = boot("configmap", start=False, globals_="inotify_auto_reload on;\n")
    root = srv.workdir / "config"
    root.mkdir()
    srv.conf = root / "srs.conf"
    srv.prepared = True
    make_configmap(root, "..2026_01_01_00_00_00.000000001", srv.render())
    os.symlink("..data/srs.conf", root / "srs.conf")
    srv.start()
    time.sleep(0.3)

    port_b = free_port()
    srv.listens = [srv.port, port_b]
    mark = srv.log_size()
    swapped = time.monotonic()
    make_configmap(root, "..2026_01_01_00_01_00.000000002", srv.render())
    while refused(port_b):
        assert time.monotonic() - swapped < 1.0, \
            f"..data swap not applied within 1 s\n{srv.log_since(mark)}"
        time.sleep(0.02)
    assert "reload config success, state=90." in srv.log_since(mark)
    assert not refused(srv.port), "the old port was closed"


def test_reload_of_max_connections_applies_to_new_connections_only(boot, procs, conns) -> None:
    srv = boot("maxconn", max_connections=10)
    _, watcher = publish_live(srv, procs, conns, "limit")  # 2 connections
    idle = RtmpClient(HOST, srv.port, timeout=3).open()
    conns.append(idle)
    began = time.monotonic()
    time.sleep(0.2)

    srv.wait_log("reload config success", srv.reload(max_connections=3), 2.0)
    extra = RtmpClient(HOST, srv.port, timeout=3).open()
    conns.append(extra)
    assert extra.wait_closed(1.0), "a 4th connection was not closed with max_connections 3"
    assert not idle.wait_closed(0.05), "lowering max_connections dropped an existing connection"

    srv.wait_log("reload config success", srv.reload(max_connections=10), 2.0)
    again = connected(conns, srv.port)
    assert not again.wait_closed(0.3), "a connection was closed after raising max_connections"
    keeps_playing(watcher, 0.5, since=began)
    assert not idle.wait_closed(0.05)


# ------------------------------------------------------------------------------------------
# Security


def test_security_deny_publish_then_reload_allows_it(boot, procs, conns) -> None:
    srv = boot("security", vhost_body="security { enabled on; deny publish 127.0.0.1; "
                                      "allow play all; }")
    watcher = player(conns, srv.port, "guarded")
    denied = ffmpeg_publish(procs, CLIP_360P, srv.url("guarded"), srv.workdir / "pub-denied.log")
    rc = wait_exit(denied, 10)
    assert rc is not None and rc != 0, f"denied ffmpeg publish did not fail (rc={rc})"
    intruder = connected(conns, srv.port)
    with pytest.raises(RtmpError) as refusal:
        intruder.publish("guarded")
    assert isinstance(refusal.value, ConnectionClosed) or intruder.wait_closed(3), \
        f"denied publisher's connection left open: {refusal.value}"
    assert not watcher.wait_closed(0.05) and watcher.error is None, "allowed player was closed"

    pid = srv.proc.pid
    srv.wait_log("reload config success", srv.reload(
        vhost_body="security { enabled on; allow publish 127.0.0.1; allow play all; }"), 2.0)
    pub = ffmpeg_publish(procs, CLIP_360P, srv.url("guarded"), srv.workdir / "pub-allowed.log")
    wait_media(watcher, 20, 10)  # the player waiting since before the reload gets the stream
    assert pub.poll() is None, f"allowed publisher exited rc={pub.returncode}"
    assert srv.alive() and srv.proc.pid == pid


def test_security_enabled_without_rules_denies_play(boot, conns) -> None:
    srv = boot("secnorules", vhost_body="security { enabled on; }")
    client = connected(conns, srv.port)
    with pytest.raises(RtmpError) as refusal:
        client.play("x")
    assert isinstance(refusal.value, ConnectionClosed) or client.wait_closed(3)


# ------------------------------------------------------------------------------------------
# pid lock, log reopen


def test_second_instance_on_the_same_pid_file_refuses_to_start(boot, conns) -> None:
    srv = boot("pidlock")
    pid_text = (srv.workdir / "srs.pid").read_text().strip()
    other = srv.workdir / "second.conf"
    other.write_text(srv.render().replace(f"listen {srv.port};", f"listen {free_port()};")
                     .replace("srs.log", "second.log"))
    res = run_capture([BINARY, "-c", other], timeout=10, cwd=srv.workdir)
    said = res.stdout + res.stderr + tail(srv.workdir / "second.log", 20)
    assert res.returncode != 0, f"second instance exited 0:\n{said}"
    assert "already running" in said, said
    assert srv.alive()
    assert (srv.workdir / "srs.pid").read_text().strip() == pid_text == str(srv.proc.pid)
    connected(conns, srv.port)  # still serving


def test_sigusr1_reopens_the_log_file(boot) -> None:
    srv = boot("reopen")
    rotated = srv.workdir / "srs.log.1"
    os.rename(srv.log, rotated)
    before = rotated.read_text(errors="replace").count("RTMP client ip=")
    srv.signal(signal.SIGUSR1)
    time.sleep(0.2)
    with socket.create_connection((HOST, srv.port), timeout=2):
        pass
    deadline = time.monotonic() + 3
    while "RTMP client ip=" not in (srv.log.read_text(errors="replace") if srv.log.exists() else ""):
        assert time.monotonic() < deadline, f"no new {srv.log} with the connection line"
        time.sleep(0.05)
    assert rotated.read_text(errors="replace").count("RTMP client ip=") == before, \
        "the line still went to the renamed file"


# ------------------------------------------------------------------------------------------
# HLS / HTTP-FLV by reload


def test_reload_enabling_hls_and_http_flv_keeps_rtmp_players(boot, procs, conns) -> None:
    http_port = free_port()
    srv = boot("httpreload", start=False)
    html = srv.workdir / "html"
    html.mkdir()
    srv.globals_ = f"http_server {{ enabled on; listen {http_port}; dir {html}; }}\n"
    srv.start()
    _, watcher = publish_live(srv, procs, conns, "remux")
    began = time.monotonic()

    srv.wait_log("reload config success", srv.reload(
        vhost_body="hls { enabled on; hls_fragment 2; hls_path %s; }\n"
                   "http_remux { enabled on; }" % html), 2.0)
    found = codecs(ffprobe(f"http://{HOST}:{http_port}/live/remux.flv", timeout=15))
    assert found == {"video": "h264", "audio": "aac"}
    deadline = time.monotonic() + 6
    while not (html / "live" / "remux.m3u8").exists():
        assert time.monotonic() < deadline, f"no m3u8 under {html}/live after 6 s"
        time.sleep(0.1)
    keeps_playing(watcher, 0.5, since=began)
