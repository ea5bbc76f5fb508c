"""HTTP side of the server: the API (srs-facts 9), HTTP-FLV (7), static files (7), CORS, abuse of
the HTTP parser, max_connections over HTTP (1.2, 15) and the shared API/server port (1.3).

One server (API port, HTTP port, web root) serves most tests while ffmpeg publishes a 720p clip, an
audio-only and a video-only clip; max_connections and the shared port use their own small servers.

Kbps: SRS's `recv_30s` is a 30 s average recomputed by the 3 s stat timer, so it stays 0 for the
first 30-33 s of a stream. The fast test checks the byte counters growing between two polls 3.5 s
apart; the module's last test waits (only as long as needed) for `recv_30s > 0` 36 s after the
publish started, which overlaps the rest of the module.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import random
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import pytest

from harness import (CLIP_360P, CLIP_720P, CLIP_AUDIO_ONLY, CLIP_VIDEO_ONLY, HOST, SRS_SIGNATURE,
                     SRS_VERSION, ProcessGroup, Server, codecs, ffmpeg_publish, ffprobe, free_port,
                     run_capture, wait_port)
from rtmp_client import RtmpClient

pytestmark = pytest.mark.srs_only
AV, AUDIO, VIDEO = "http-av", "http-audio", "http-video"
REMUX = "http_remux { enabled on; mount [vhost]/[app]/[stream].flv; }"
TAG_AUDIO, TAG_VIDEO, TAG_SCRIPT = 8, 9, 18

ENVELOPE = ["code", "server", "service", "pid"]
SELF_KEYS = {"version", "pid", "ppid", "argv", "cwd", "mem_kbyte", "mem_percent", "cpu_percent",
             "srs_uptime"}
SYSTEM_KEYS = {"cpu_percent", "disk_read_KBps", "disk_write_KBps", "disk_busy_percent", "mem_ram_kbyte",
               "mem_ram_percent", "mem_swap_kbyte", "mem_swap_percent", "cpus", "cpus_online", "uptime",
               "ilde_time", "load_1m", "load_5m", "load_15m", "net_sample_time", "net_recv_bytes",
               "net_send_bytes", "net_recvi_bytes", "net_sendi_bytes", "srs_sample_time", "srs_recv_bytes",
               "srs_send_bytes", "conn_sys", "conn_sys_et", "conn_sys_tw", "conn_sys_udp", "conn_srs"}
DATA_KEYS = {
    "rusages": {"ok", "sample_time", "ru_utime", "ru_stime", "ru_maxrss", "ru_ixrss", "ru_idrss",
                "ru_isrss", "ru_minflt", "ru_majflt", "ru_nswap", "ru_inblock", "ru_oublock", "ru_msgsnd",
                "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw"},
    "self_proc_stats": set(
        "ok sample_time percent pid comm state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt "
        "cmajflt utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss "
        "rsslim startcode endcode startstack kstkesp kstkeip signal blocked sigignore sigcatch wchan "
        "nswap cnswap exit_signal processor rt_priority policy delayacct_blkio_ticks guest_time "
        "cguest_time".split()),
    "system_proc_stats": set("ok sample_time percent user nice sys idle iowait irq softirq steal guest".split()),
    "meminfos": set("ok sample_time percent_ram percent_swap MemActive RealInUse NotInUse MemTotal "
                    "MemFree Buffers Cached SwapTotal SwapFree".split()),
}
FEATURE_FLAGS = set("ssl hls hds callback api httpd dvr transcode ingest stat caster complex_send "
                    "tcp_nodelay so_sendbuf mr".split())
V1_URLS = set("versions summaries rusages self_proc_stats system_proc_stats meminfos authors features "
              "requests vhosts streams clients raw clusters perf tcmalloc".split())
VHOST_KEYS = {"id", "name", "enabled", "clients", "streams", "send_bytes", "recv_bytes", "kbps", "hls"}
STREAM_KEYS = {"id", "name", "vhost", "app", "tcUrl", "url", "live_ms", "clients", "frames", "send_bytes",
               "recv_bytes", "kbps", "publish", "video", "audio"}
# "dropped" is ours (beyond SRS): messages dropped because the client fell behind.
CLIENT_KEYS = {"id", "vhost", "stream", "ip", "pageUrl", "swfUrl", "tcUrl", "url", "name", "type",
               "publish", "alive", "send_bytes", "recv_bytes", "kbps", "dropped"}


# --------------------------------------------------------------------------------------------
# HTTP plumbing


@dataclass
class Reply:
    status: int
    reason: str
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


def request(port: int, path: str, method: str = "GET", headers: Optional[dict] = None,
            body: Optional[bytes] = None, timeout: float = 5.0) -> Reply:
    """One request on a fresh connection (http.client: no redirects, no decompression)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return Reply(resp.status, resp.reason, {k.lower(): v for k, v in resp.getheaders()}, data)
    finally:
        conn.close()


def api(port: int, path: str, **kwargs) -> dict:
    """GET of an API path that must answer 200 application/json with code 0."""
    r = request(port, path, **kwargs)
    assert r.status == 200, (path, r.status, r.body[:300])
    assert r.headers.get("content-type", "").startswith("application/json"), (path, r.headers)
    doc = r.json()
    assert doc.get("code") == 0, (path, doc)
    return doc


def exchange(port: int, data: bytes, timeout: float = 3.0) -> tuple[bytes, bool]:
    """Sends raw bytes, reads until the peer closes or timeout: (bytes read, closed by peer)."""
    got = bytearray()
    with socket.create_connection((HOST, port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            return bytes(got), True
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except (ConnectionResetError, ConnectionAbortedError):
                return bytes(got), True
            if not chunk:
                return bytes(got), True
            got += chunk
    return bytes(got), False


def parse_response(raw: bytes) -> tuple[Optional[int], str, dict[str, str], bytes]:
    """(status, reason, headers, body after the head) of raw response bytes; status None if none."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep or not head.startswith(b"HTTP/1."):
        return None, "", {}, raw
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(parts[1]), parts[2] if len(parts) > 2 else "", headers, body


@dataclass
class FlvTagInfo:
    type_id: int
    timestamp: int
    size: int


class HttpFlvPlayer:
    """GET of an HTTP-FLV URL on a raw socket; a thread decodes the head, chunked coding and FLV."""

    def __init__(self, port: int, path: str):
        self.path = path
        self.sock = socket.create_connection((HOST, port), timeout=5)
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUser-Agent: itest\r\n\r\n".encode())
        self.received = 0
        self.status: Optional[int] = None
        self.headers: dict[str, str] = {}
        self.flags: Optional[int] = None
        self.tags: list[FlvTagInfo] = []
        self.terminated = False  # a zero-size chunk was seen
        self.error: Optional[str] = None
        self.closed = threading.Event()
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._buf = bytearray()
        self._body = bytearray()
        self._chunked: Optional[bool] = None
        self._left = 0
        self._crlf = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                break
            if not data:
                break
            with self._cond:
                self.received += len(data)
                self._buf += data
                try:
                    self._parse()
                except (ValueError, IndexError) as e:
                    self.error = f"{type(e).__name__}: {e}"
                self._cond.notify_all()
        self.closed.set()
        with self._cond:
            self._cond.notify_all()

    def _parse(self) -> None:
        buf = self._buf
        if self.status is None:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            status, _, headers, _ = parse_response(bytes(buf[:end + 4]))
            if status is None:
                raise ValueError(f"bad response head {bytes(buf[:80])!r}")
            self.status, self.headers = status, headers
            self._chunked = "chunked" in headers.get("transfer-encoding", "").lower()
            del buf[:end + 4]
        while buf and not self.terminated:
            if not self._chunked:
                self._body += buf
                buf.clear()
            elif self._left:
                n = min(self._left, len(buf))
                self._body += buf[:n]
                del buf[:n]
                self._left -= n
                self._crlf = self._left == 0
            elif self._crlf:
                if len(buf) < 2:
                    break
                if buf[:2] != b"\r\n":
                    raise ValueError(f"no CRLF after chunk data: {bytes(buf[:8])!r}")
                del buf[:2]
                self._crlf = False
            else:
                end = buf.find(b"\r\n")
                if end < 0:
                    break
                size = int(bytes(buf[:end]).split(b";")[0], 16)
                del buf[:end + 2]
                self._left = size
                self.terminated = size == 0
        self._parse_flv()

    def _parse_flv(self) -> None:
        body = self._body
        if self.flags is None:
            if len(body) < 13:
                return
            if body[:3] != b"FLV":
                raise ValueError(f"not an FLV body: {bytes(body[:13])!r}")
            self.flags = body[4]
            del body[:13]
        pos = 0
        while len(body) - pos >= 11:
            size = int.from_bytes(body[pos + 1:pos + 4], "big")
            if len(body) - pos < 15 + size:
                break
            ts = int.from_bytes(body[pos + 4:pos + 7], "big") | (body[pos + 7] << 24)
            self.tags.append(FlvTagInfo(body[pos] & 0x1F, ts, size))
            pos += 15 + size
        del body[:pos]

    def tag_count(self, type_id: Optional[int] = None) -> int:
        with self._cond:
            return sum(1 for t in self.tags if type_id is None or t.type_id == type_id)

    def wait_tags(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.tags) < count:
                left = deadline - time.monotonic()
                assert left > 0 and not self.closed.is_set(), \
                    (f"{self.path}: {len(self.tags)} tags after {timeout}s (status {self.status}, "
                     f"{self.received} bytes, closed {self.closed.is_set()}, error {self.error})")
                self._cond.wait(min(left, 0.2))

    def close(self) -> None:
        self._stop.set()
        try:
            self.sock.close()
        except OSError:
            pass
        self._thread.join(timeout=2)


# --------------------------------------------------------------------------------------------
# Servers


class WebServer(Server):
    """srs with http_api, http_server (web root `html/`) and HTTP-FLV remux on the default vhost."""

    def __init__(self, workdir: Path, max_connections: int = 1000, shared_port: bool = False):
        super().__init__(workdir, max_connections=max_connections, vhost_body=REMUX)
        self.http_port = free_port()
        self.api_port = self.http_port if shared_port else free_port()
        self.root = workdir / "html"
        self.root.mkdir(exist_ok=True)

    def write_config(self) -> None:
        w = self.workdir
        self.conf.write_text(
            f"listen {self.port};\nmax_connections {self.max_connections};\ndaemon off;\n"
            f"srs_log_tank file;\nsrs_log_file {w}/srs.log;\npid {w}/srs.pid;\n"
            f"http_api {{ enabled on; listen {self.api_port}; }}\n"
            f"http_server {{ enabled on; listen {self.http_port}; dir {self.root}; }}\n"
            f"vhost __defaultVhost__ {{\n{self.vhost_body}\n}}\n")

    def start(self, timeout: float = 10.0) -> "WebServer":
        super().start(timeout)
        for port in {self.http_port, self.api_port}:
            wait_port(port, timeout, self.proc)
        return self

    def flv_path(self, stream: str) -> str:
        return f"/live/{stream}.flv"


def streams(srv: WebServer) -> list[dict]:
    return api(srv.api_port, "/api/v1/streams/?count=100")["streams"]


def clients_of(srv: WebServer, stream: str, kind: Optional[str] = None) -> list[dict]:
    return [c for c in api(srv.api_port, "/api/v1/clients/?count=1000")["clients"]
            if c.get("name") == stream and (kind is None or c.get("type") == kind)]


def stream_named(srv: WebServer, name: str) -> Optional[dict]:
    return next((s for s in streams(srv) if s.get("name") == name), None)


def wait_stream(srv: WebServer, name: str, ready: Callable[[dict], bool], timeout: float = 12.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        s = stream_named(srv, name)
        if s is not None and ready(s):
            return s
        assert time.monotonic() < deadline, f"stream {name} not ready after {timeout}s: {s}"
        time.sleep(0.2)


def publishing_av(s: dict) -> bool:
    return bool(s.get("publish", {}).get("active")) and bool(s.get("video")) and bool(s.get("audio"))


@dataclass
class Web:
    server: WebServer
    publishers: dict
    started: float


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory):
    srv = WebServer(tmp_path_factory.mktemp("http")).start()
    group = ProcessGroup("http-publishers")
    try:
        started = time.monotonic()
        pubs = {name: ffmpeg_publish(group, clip, srv.url(name), srv.workdir / f"pub-{name}.log")
                for name, clip in ((AV, CLIP_720P), (AUDIO, CLIP_AUDIO_ONLY), (VIDEO, CLIP_VIDEO_ONLY))}
        wait_stream(srv, AV, publishing_av)
        wait_stream(srv, AUDIO, lambda s: s["publish"]["active"] and bool(s.get("audio")))
        wait_stream(srv, VIDEO, lambda s: s["publish"]["active"] and bool(s.get("video")))
        yield Web(srv, pubs, started)
    finally:
        group.kill_all()
        srv.stop()


@pytest.fixture
def players():
    made: list[HttpFlvPlayer] = []

    def make(port: int, path: str) -> HttpFlvPlayer:
        p = HttpFlvPlayer(port, path)
        made.append(p)
        return p

    yield make
    for p in made:
        p.close()


# --------------------------------------------------------------------------------------------
# 1. API during a publish


def test_every_api_endpoint_answers_with_the_srs_envelope_and_field_names(web: Web) -> None:
    srv = web.server
    port = srv.api_port
    versions = api(port, "/api/v1/versions")
    assert list(versions)[:4] == ENVELOPE, list(versions)
    assert versions["server"].startswith("vid-") and versions["pid"] == str(srv.proc.pid), versions
    assert len(versions["service"]) == 8, versions
    assert versions["data"] == {"major": 5, "minor": 0, "revision": 216, "version": SRS_VERSION}
    assert api(srv.http_port, "/api/v1/versions")["data"] == versions["data"], "versions not on http port"

    summaries = api(port, "/api/v1/summaries")["data"]
    assert set(summaries) == {"ok", "now_ms", "self", "system"}, set(summaries)
    assert set(summaries["self"]) == SELF_KEYS, set(summaries["self"]) ^ SELF_KEYS
    assert set(summaries["system"]) == SYSTEM_KEYS, set(summaries["system"]) ^ SYSTEM_KEYS
    assert summaries["self"]["pid"] == srv.proc.pid and summaries["self"]["version"] == SRS_VERSION
    for name, keys in DATA_KEYS.items():
        doc = api(port, f"/api/v1/{name}")
        assert list(doc)[:4] == ENVELOPE, (name, list(doc))
        assert set(doc["data"]) == keys, (name, set(doc["data"]) ^ keys)
    authors = api(port, "/api/v1/authors")["data"]
    assert authors["license"] == "MIT" and isinstance(authors["contributors"], str), authors
    features = api(port, "/api/v1/features")["data"]
    assert {"options", "options2", "build", "build2", "features"} <= set(features), set(features)
    assert set(features["features"]) == FEATURE_FLAGS, set(features["features"]) ^ FEATURE_FLAGS
    index = api(port, "/api/v1/")
    assert set(index["urls"]) == V1_URLS, set(index["urls"]) ^ V1_URLS
    # SRS compat: `tests` is a sibling of `urls` (SrsGoApiV1::serve_http).
    assert set(index["tests"]) == {"requests", "errors", "redirects", "[vhost]"}, index.get("tests")
    assert api(port, "/")["urls"]["api"] == "the api root"
    assert api(port, "/api/")["urls"] == {"v1": "the api version 1.0"}

    vhosts = api(port, "/api/v1/vhosts/")["vhosts"]
    default = next(v for v in vhosts if v["name"] == "__defaultVhost__")
    assert set(default) == VHOST_KEYS, set(default) ^ VHOST_KEYS
    assert default["enabled"] is True and default["streams"] >= 3 and default["clients"] >= 3, default
    assert set(default["kbps"]) == {"recv_30s", "send_30s"} and default["hls"]["enabled"] is False
    assert api(port, f"/api/v1/vhosts/{default['id']}")["vhost"]["id"] == default["id"]


def test_api_streams_and_clients_describe_the_720p_publish(web: Web) -> None:
    srv = web.server
    stream = stream_named(srv, AV)
    assert stream is not None
    assert set(stream) == STREAM_KEYS, set(stream) ^ STREAM_KEYS
    vhost_id = api(srv.api_port, "/api/v1/vhosts/")["vhosts"][0]["id"]
    assert stream["vhost"] == vhost_id and stream["app"] == "live" and stream["url"] == f"/live/{AV}", stream
    assert stream["tcUrl"].startswith(f"rtmp://{HOST}") and stream["tcUrl"].endswith("/live"), stream
    assert stream["publish"]["active"] is True and stream["frames"] > 0 and stream["clients"] >= 1
    assert stream["video"] == {"codec": "H264", "profile": "High", "level": "3.1", "width": 1280,
                               "height": 720}, stream["video"]
    assert stream["audio"] == {"codec": "AAC", "sample_rate": 44100, "channel": 2, "profile": "LC"}, \
        stream["audio"]
    assert stream_named(srv, AUDIO)["video"] is None and stream_named(srv, VIDEO)["audio"] is None
    assert api(srv.api_port, f"/api/v1/streams/{stream['id']}")["stream"]["name"] == AV

    pub = clients_of(srv, AV, "fmle-publish")
    assert len(pub) == 1, clients_of(srv, AV)
    client = pub[0]
    assert set(client) == CLIENT_KEYS, set(client) ^ CLIENT_KEYS
    assert client["publish"] is True and client["ip"] == HOST and client["stream"] == stream["id"]
    assert client["vhost"] == vhost_id and client["url"] == f"/live/{AV}" and client["alive"] > 0
    assert stream["publish"]["cid"] == client["id"], (stream["publish"], client["id"])
    one = api(srv.api_port, f"/api/v1/clients/{client['id']}")["client"]
    assert one["id"] == client["id"] and one["type"] == "fmle-publish"


def test_api_byte_counters_grow_during_the_publish(web: Web) -> None:
    """recv_30s needs 30 s of history (see the module doc); the byte counters move every 3 s."""
    srv = web.server

    def snap() -> tuple[dict, dict, dict]:
        return (stream_named(srv, AV), clients_of(srv, AV, "fmle-publish")[0],
                api(srv.api_port, "/api/v1/summaries")["data"]["system"])

    s1, c1, sys1 = snap()
    time.sleep(3.5)
    s2, c2, sys2 = snap()
    assert s2["recv_bytes"] > s1["recv_bytes"] + 50_000, (s1["recv_bytes"], s2["recv_bytes"])
    assert c2["recv_bytes"] > c1["recv_bytes"] + 50_000, (c1["recv_bytes"], c2["recv_bytes"])
    assert sys2["srs_recv_bytes"] > sys1["srs_recv_bytes"], (sys1["srs_recv_bytes"], sys2["srs_recv_bytes"])
    for obj in (s2, c2):
        assert set(obj["kbps"]) == {"recv_30s", "send_30s"}
        assert all(isinstance(v, int) and v >= 0 for v in obj["kbps"].values()), obj["kbps"]


def test_api_jsonp_gzip_cors_and_redirect(web: Web) -> None:
    port = web.server.api_port
    plain = api(port, "/api/v1/versions")
    r = request(port, "/api/v1/versions?callback=cb_1.x-y")
    assert r.status == 200 and r.headers.get("content-type", "").startswith("text/javascript"), r
    text = r.body.decode()
    assert text.startswith("cb_1.x-y(") and text.endswith(")"), text[:80]
    assert json.loads(text[len("cb_1.x-y("):-1])["data"] == plain["data"]

    r = request(port, "/api/v1/summaries", headers={"Accept-Encoding": "gzip, deflate"})
    assert r.status == 200 and r.headers.get("content-encoding") == "gzip", r.headers
    assert json.loads(gzip.decompress(r.body))["code"] == 0
    r = request(port, "/api/v1/summaries")
    assert "content-encoding" not in r.headers and json.loads(r.body)["code"] == 0

    for p in (port, web.server.http_port):
        r = request(p, "/api/v1/versions", method="OPTIONS", headers={"Origin": "http://example.com"})
        assert r.status == 200 and r.headers.get("content-length") == "0" and r.body == b"", (p, r)
        assert r.headers.get("access-control-allow-origin") == "*", r.headers
        assert r.headers.get("server") == SRS_SIGNATURE, r.headers
    r = request(port, "/api/v1/versions", headers={"Origin": "http://example.com"})
    assert r.headers.get("access-control-allow-origin") == "*" and r.headers.get("server") == SRS_SIGNATURE

    r = request(port, "/api/v1/streams?count=10")
    assert r.status == 302 and r.headers.get("location") == "/api/v1/streams/?count=10", (r.status, r.headers)
    r = request(port, "/api/v1/streams/", method="POST", body=b"{}")
    assert r.status == 405 and r.headers.get("content-type", "").startswith("text/plain"), (r.status, r.body)


def test_api_pagination_and_unknown_ids(web: Web, clients) -> None:
    srv = web.server
    for i in range(11):  # each idle player creates a stream entry
        c = clients(srv)
        c.handshake()
        c.connect("live")
        c.play(f"http-page-{i:02d}")
    deadline = time.monotonic() + 6
    while len(everything := streams(srv)) < 14:
        assert time.monotonic() < deadline, [s["name"] for s in everything]
        time.sleep(0.2)
    ids = [s["id"] for s in everything]

    def page(query: str, key: str = "streams") -> list[str]:
        return [o["id"] for o in api(srv.api_port, f"/api/v1/{key}/?{query}")[key]]

    assert page("start=0&count=10") == ids[:10]
    assert page("start=10&count=10") == ids[10:20]
    assert page("start=0&count=1") == ids[:10], "count below 10 must be raised to 10"
    assert page("start=-5&count=10") == ids[:10]
    assert page("start=3") == ids[3:13]
    all_clients = page("count=1000", "clients")
    assert len(all_clients) >= 14 and page("count=2", "clients") == all_clients[:10]

    for path, code in (("/api/v1/streams/no-such-id", 2048), ("/api/v1/clients/no-such-id", 2049),
                       ("/api/v1/vhosts/no-such-id", 2014)):
        r = request(srv.api_port, path)
        assert r.status == 200 and r.json() == {"code": code}, (path, r.status, r.body)
    r = request(srv.api_port, "/api/v1/clients/no-such-id", method="DELETE")
    assert r.status == 200 and r.json() == {"code": 2049}, r.body


# --------------------------------------------------------------------------------------------
# 2-5. HTTP-FLV


def test_ffprobe_and_ffmpeg_read_the_http_flv_stream(web: Web) -> None:
    url = f"http://{HOST}:{web.server.http_port}{web.server.flv_path(AV)}"
    found = ffprobe(url, timeout=20)
    video = [s for s in found if s.get("codec_type") == "video"]
    assert codecs(found) == {"video": "h264", "audio": "aac"}, found
    assert (video[0]["width"], video[0]["height"]) == (1280, 720), video
    decode = run_capture(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", url, "-t", "5",
                          "-f", "null", "-"], timeout=40)
    assert decode.returncode == 0 and decode.stderr.strip() == "", decode.stderr[:2000]


def test_audio_only_and_video_only_http_flv_declare_and_carry_only_their_type(web: Web, players) -> None:
    audio = players(web.server.http_port, web.server.flv_path(AUDIO))
    video = players(web.server.http_port, web.server.flv_path(VIDEO))
    time.sleep(3)
    problems = []
    for p, flag, mine, other in ((audio, 0x04, TAG_AUDIO, TAG_VIDEO), (video, 0x01, TAG_VIDEO, TAG_AUDIO)):
        kinds = Counter(t.type_id for t in p.tags)
        if p.status != 200 or p.error is not None:
            problems.append(f"{p.path}: status {p.status}, {p.received} bytes in 3 s, error {p.error}")
            continue
        if p.headers.get("content-type") != "video/x-flv" or \
                p.headers.get("transfer-encoding", "").lower() != "chunked":
            problems.append(f"{p.path}: headers {p.headers}")
        if p.flags != flag:
            problems.append(f"{p.path}: FLV header flags {p.flags}, expected {flag:#04x}")
        if kinds[other] or kinds[mine] < 30:
            problems.append(f"{p.path}: tag types {dict(kinds)} (want >= 30 of {mine}, none of {other})")
    assert not problems, problems


def test_http_flv_player_waits_for_the_publisher_and_is_closed_at_unpublish(web: Web, players,
                                                                           procs: ProcessGroup) -> None:
    srv = web.server
    name = "http-late"
    player = players(srv.http_port, srv.flv_path(name))
    time.sleep(1.5)
    assert not player.closed.is_set(), "player of a not-yet-published stream was closed"
    assert player.received == 0, f"{player.received} bytes before any publisher (SRS writes none)"
    pub = ffmpeg_publish(procs, CLIP_360P, srv.url(name), srv.workdir / "pub-late.log")
    player.wait_tags(40, timeout=10)
    assert player.status == 200 and player.flags == 0x05, (player.status, player.flags)
    assert player.headers.get("content-type") == "video/x-flv"
    kinds = Counter(t.type_id for t in player.tags)
    assert kinds[TAG_AUDIO] and kinds[TAG_VIDEO] and player.tags[0].type_id == TAG_SCRIPT, kinds
    ProcessGroup.kill(pub)
    assert player.closed.wait(5), "HTTP-FLV player not closed after unpublish"


def test_deleting_clients_kicks_one_http_flv_player_then_the_publisher(web: Web, players, clients,
                                                                      procs: ProcessGroup) -> None:
    srv = web.server
    name = "http-kick"
    pub = ffmpeg_publish(procs, CLIP_360P, srv.url(name), srv.workdir / "pub-kick.log")
    wait_stream(srv, name, publishing_av)
    first = players(srv.http_port, srv.flv_path(name))
    first.wait_tags(10, 5)
    (first_id,) = [c["id"] for c in clients_of(srv, name, "flv-play")]
    second = players(srv.http_port, srv.flv_path(name))
    second.wait_tags(10, 5)
    rtmp = clients(srv)
    rtmp.handshake()
    rtmp.connect("live")
    rtmp.play(name)
    rtmp.wait_for(lambda m: m.is_media, 5)
    flv = clients_of(srv, name, "flv-play")
    assert len(flv) == 2 and all(c["publish"] is False and c["url"] == f"/live/{name}" for c in flv), flv

    r = request(srv.api_port, f"/api/v1/clients/{first_id}", method="DELETE")
    assert r.status == 200 and r.json()["code"] == 0, r.body
    assert first.closed.wait(3), "kicked HTTP-FLV player still connected"
    n_second, n_rtmp = second.tag_count(), sum(m.is_media for m in rtmp.snapshot())
    time.sleep(2)
    assert not second.closed.is_set() and second.tag_count() > n_second + 20, (n_second, second.tag_count())
    assert sum(m.is_media for m in rtmp.snapshot()) > n_rtmp + 20, "RTMP player stopped receiving"
    assert [c["id"] for c in clients_of(srv, name, "flv-play")] != [first_id]

    (pub_id,) = [c["id"] for c in clients_of(srv, name, "fmle-publish")]
    # SRS compat: `method=` overrides only together with a JSONP callback; alone it is a GET.
    assert api(srv.api_port, f"/api/v1/clients/{pub_id}?method=DELETE")["client"]["id"] == pub_id
    r = request(srv.api_port, f"/api/v1/clients/{pub_id}?callback=kick&method=DELETE")
    assert r.status == 200 and r.body.startswith(b'kick({"code":0,'), r.body[:120]
    deadline = time.monotonic() + 5
    while (s := stream_named(srv, name)) is not None and s["publish"]["active"]:
        assert time.monotonic() < deadline, f"stream still published 5 s after kicking: {s}"
        time.sleep(0.2)
    assert second.closed.wait(5), "HTTP-FLV player not closed when its publisher was kicked"
    try:
        pub.wait(timeout=8)
    except Exception:  # noqa: BLE001 - reported below
        pass
    assert pub.poll() is not None, "ffmpeg still running 8 s after its connection was kicked"


# --------------------------------------------------------------------------------------------
# 6. Garbage, oversize and traversal


def _no_file(name: str, raw: bytes, closed: bool, secret: bytes) -> None:
    status, _, _, body = parse_response(raw)
    assert secret not in raw, f"{name}: leaked the file: {raw[:300]!r}"
    assert (status is None and closed) or (status is not None and 400 <= status < 500), \
        f"{name}: status {status}, closed {closed}, {raw[:200]!r}"


def _expect_status(name: str, port: int, data: bytes, want: int) -> None:
    raw, closed = exchange(port, data)
    status, reason, headers, body = parse_response(raw)
    assert status == want, f"{name}: wanted {want}, got status {status} closed {closed}: {raw[:200]!r}"
    assert headers.get("content-type", "").startswith("text/plain"), (name, headers)
    assert body[:len(reason.encode())] == reason.encode(), (name, reason, body[:100])


def test_garbage_oversize_and_traversal_requests_get_4xx_or_close(web: Web, players) -> None:
    srv = web.server
    outside = srv.workdir / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_bytes(b"TOP-SECRET-2718\n")
    (srv.root / "escape-dir").symlink_to(outside, target_is_directory=True)
    (srv.root / "escape.txt").symlink_to(outside / "secret.txt")
    for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc/passwd",
                 "/live/../../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd"):
        raw, closed = exchange(srv.http_port, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        _no_file(path, raw, closed, b"root:")
        # The API port answers unknown paths with its root index (SRS), never with a file.
        raw, _ = exchange(srv.api_port, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        assert b"root:" not in raw and parse_response(raw)[2].get("content-type") == "application/json", raw[:200]
    for path in ("/escape-dir/secret.txt", "/escape.txt"):
        raw, closed = exchange(srv.http_port, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        _no_file(path, raw, closed, b"TOP-SECRET")

    _expect_status("malformed request line", srv.http_port, b"NONSENSE\r\n\r\n", 400)
    _expect_status("20 KB request line", srv.http_port,
                   b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414)
    _expect_status("200 headers", srv.api_port, b"GET /api/v1/versions HTTP/1.1\r\nHost: x\r\n"
                   + b"".join(b"X-H%d: v\r\n" % i for i in range(200)) + b"\r\n", 431)
    _expect_status("2 MB body", srv.api_port,
                   b"POST /api/v1/versions HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n", 413)
    for port in (srv.http_port, srv.api_port):
        raw, closed = exchange(port, random.Random(port).randbytes(4096))
        _no_file(f"random bytes on {port}", raw, closed, b"\x00never")
        assert not raw.startswith(b"HTTP/1.1 200"), raw[:100]
        with socket.create_connection((HOST, port), timeout=2) as s:
            s.sendall(b"GET /api/v1/versions HTTP/1.1\r\nHost: x\r\nAccept: */")
    for callback in ("alert(1)", "%3Cscript%3E", "a;b"):
        raw, closed = exchange(srv.api_port, f"GET /api/v1/versions?callback={callback} HTTP/1.1\r\n"
                               "Host: x\r\n\r\n".encode())
        _no_file(f"callback={callback}", raw, closed, b"\"version\"")

    r = request(srv.http_port, "/no-such-file.txt")
    assert r.status == 404 and r.body == b"Not Found", (r.status, r.body)
    assert r.headers.get("content-type") == "text/plain; charset=utf-8", r.headers
    assert srv.alive()
    assert api(srv.api_port, "/api/v1/versions")["data"]["version"] == SRS_VERSION
    players(srv.http_port, srv.flv_path(AV)).wait_tags(20, 5)


# --------------------------------------------------------------------------------------------
# 7. Static files


def test_static_files_types_range_conditional_head_and_gzip(web: Web) -> None:
    srv = web.server
    root = srv.root
    index = b"<!DOCTYPE html><html><body>" + b"<p>srs-swift static index</p>\n" * 40 + b"</body></html>\n"
    (root / "index.html").write_bytes(index)
    (root / "hls").mkdir(exist_ok=True)
    (root / "hls" / "plain.m3u8").write_bytes(b"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n"
                                              b"#EXTINF:2.000, no desc\nplain-0.ts\n")
    ts = b"\x47" + os.urandom(187) + bytes(188 * 9)
    (root / "hls" / "plain-0.ts").write_bytes(ts)
    movie = os.urandom(100_000)
    (root / "movie.mp4").write_bytes(movie)
    port = srv.http_port

    for path in ("/", "/index.html"):
        r = request(port, path)
        assert r.status == 200 and r.headers.get("content-type", "").startswith("text/html"), (path, r.headers)
        assert r.body == index and r.headers.get("server") == SRS_SIGNATURE
    r = request(port, "/hls/plain.m3u8")
    assert r.status == 200 and r.headers.get("content-type") == "application/vnd.apple.mpegurl", r.headers
    assert r.body.startswith(b"#EXTM3U")
    r = request(port, "/hls/plain-0.ts")
    assert r.status == 200 and r.headers.get("content-type") == "video/MP2T" and r.body == ts, r.headers

    r = request(port, "/movie.mp4", headers={"Range": "bytes=1000-1999"})
    assert r.status == 206 and r.body == movie[1000:2000], (r.status, len(r.body))
    assert r.headers.get("content-range") == f"bytes 1000-1999/{len(movie)}", r.headers
    r = request(port, "/movie.mp4", headers={"Range": "bytes=99990-"})
    assert r.status == 206 and r.body == movie[99990:], (r.status, len(r.body))

    modified = request(port, "/index.html").headers.get("last-modified")
    assert modified, "no Last-Modified"
    r = request(port, "/index.html", headers={"If-Modified-Since": modified})
    assert r.status == 304 and r.body == b"", (r.status, r.body[:80])
    r = request(port, "/index.html", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert r.status == 200 and r.body == index

    raw, _ = exchange(port, b"HEAD /hls/plain-0.ts HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1.5)
    status, _, headers, body = parse_response(raw)
    assert status == 200 and headers.get("content-length") == str(len(ts)) and body == b"", (status, raw[:300])

    r = request(port, "/index.html", headers={"Accept-Encoding": "gzip"})
    assert r.status == 200 and r.headers.get("content-encoding") == "gzip", r.headers
    assert gzip.decompress(r.body) == index


# --------------------------------------------------------------------------------------------
# 8. max_connections over HTTP


def _keepalive_get(sock: socket.socket, path: str = "/api/v1/versions") -> int:
    """Sends one keep-alive request and reads exactly its response; returns the status."""
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        assert chunk, f"closed before a response ({buf!r})"
        buf += chunk
    status, _, headers, body = parse_response(buf)
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, "closed in the body"
        body += chunk
    return status or 0


def _closed_at_once(port: int, payload: bytes) -> bool:
    raw, closed = exchange(port, payload, timeout=1.0)
    return closed and not raw.startswith(b"HTTP/1.1 200")


def test_max_connections_counts_idle_keep_alive_http_connections(tmp_path_factory) -> None:
    srv = WebServer(tmp_path_factory.mktemp("http-maxconn"), max_connections=4).start()
    held: list[socket.socket] = []
    try:
        time.sleep(0.5)  # readiness probes released
        for _ in range(4):
            s = socket.create_connection((HOST, srv.api_port), timeout=3)
            held.append(s)
            assert _keepalive_get(s) == 200
        time.sleep(0.2)
        get = b"GET /api/v1/versions HTTP/1.1\r\nHost: x\r\n\r\n"
        assert _closed_at_once(srv.api_port, get), "5th API connection was served (max_connections 4)"
        assert _closed_at_once(srv.http_port, get), "5th HTTP connection was served (max_connections 4)"
        rtmp = RtmpClient(HOST, srv.port, timeout=3).open()
        try:
            assert rtmp.wait_closed(1.0), "5th (RTMP) connection was not closed"
        finally:
            rtmp.close()
        for s in held:
            assert _keepalive_get(s) == 200, "a held keep-alive connection stopped serving"
        held.pop().close()
        time.sleep(0.5)
        assert request(srv.api_port, "/api/v1/versions").status == 200, "freed slot not reused"
    finally:
        for s in held:
            s.close()
        srv.stop()


# --------------------------------------------------------------------------------------------
# 9. Shared API/HTTP port


def test_api_and_http_flv_share_one_port(tmp_path_factory, procs: ProcessGroup) -> None:
    srv = WebServer(tmp_path_factory.mktemp("http-shared"), shared_port=True).start()
    try:
        name = "shared-av"
        (srv.root / "index.html").write_text("<html>shared</html>\n")
        ffmpeg_publish(procs, CLIP_360P, srv.url(name), srv.workdir / "pub-shared.log")
        wait_stream(srv, name, publishing_av)
        assert api(srv.http_port, "/api/v1/summaries")["data"]["ok"] is True
        assert api(srv.http_port, "/api/v1/versions")["data"]["version"] == SRS_VERSION
        found = codecs(ffprobe(f"http://{HOST}:{srv.http_port}/live/{name}.flv", timeout=20))
        assert found == {"video": "h264", "audio": "aac"}, found
        r = request(srv.http_port, "/index.html")
        assert r.status == 200 and r.body == b"<html>shared</html>\n"
    finally:
        procs.kill_all()
        srv.stop()


# --------------------------------------------------------------------------------------------
# 1 (end). kbps: last, so its wait overlaps the module


@pytest.mark.time_limit(60)
def test_kbps_of_the_stream_becomes_non_zero_within_36_seconds_of_the_publish(web: Web) -> None:
    deadline = web.started + 36
    while True:
        stream = stream_named(web.server, AV)
        assert stream is not None
        if stream["kbps"]["recv_30s"] > 0:
            break
        assert time.monotonic() < deadline, f"recv_30s still 0 after 36 s: {stream}"
        time.sleep(0.5)
    assert 300 <= stream["kbps"]["recv_30s"] <= 20_000, stream["kbps"]
    for p in web.publishers.values():
        assert p.poll() is None, f"a publisher exited rc={p.returncode}"
