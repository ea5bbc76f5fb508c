"""HTTPS listeners (`http_api { https {} }`, `http_server { https {} }`, SRS 5): the same routes as
the plain listeners over TLS — the API with auth, HTTP-FLV, HLS — plus the failure paths: plain
HTTP on the TLS port, a stalled handshake, TLS 1.1, bad key/cert files, a certificate swapped by
reload. Certificates are made at test time with the `openssl` CLI (a CA and two server certs)."""

from __future__ import annotations

import base64
import json
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import pytest

from harness import (BINARY, CLIP_360P, HOST, ProcessGroup, Server, codecs, ffmpeg_publish, ffprobe,
                     free_port, run_capture, wait_port)

pytestmark = pytest.mark.srs_only
STREAM = "livestream"


def openssl(*args: str, cwd: Path) -> None:
    res = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, timeout=30)
    assert res.returncode == 0, f"openssl {' '.join(args)}: {res.stderr}"


def make_certificates(directory: Path) -> None:
    """ca.pem/ca.key, then a.crt/a.key (CN=srs-test-a) and b.crt/b.key (CN=srs-test-b) signed by
    it for IP 127.0.0.1, EC P-256 keys (fast)."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=srs-test-ca",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=directory)
    (directory / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                                       "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n")
    for name in ("a", "b"):
        openssl("req", *ec, "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN=srs-test-{name}",
                cwd=directory)
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", f"{name}.crt", "-days", "2", "-extfile", "ext.cnf", cwd=directory)


class HttpsServer(Server):
    """srs with the API and the HTTP server on plain and HTTPS ports, auth on, HTTP-FLV and HLS."""

    def __init__(self, workdir: Path, certs: Path, shared: bool = False):
        super().__init__(workdir)
        self.certs = certs
        self.shared = shared
        self.api_port, self.http_port = free_port(), free_port()
        self.apis_port, self.https_port = free_port(), free_port()
        if shared:
            self.api_port, self.apis_port = self.http_port, self.https_port
        self.auth = True
        self.key, self.cert = certs / "server.key", certs / "server.crt"
        self.html = workdir / "html"
        self.html.mkdir(exist_ok=True)
        (self.html / "index.html").write_text("hello https\n")

    def write_config(self) -> None:
        w = self.workdir
        auth = "auth { enabled on; username admin; password secret; }" if self.auth else ""
        # Shared: no listen, so the HTTPS API defaults to the HTTPS server's port (SRS).
        api_listen = "" if self.shared else f"listen {self.apis_port};"
        api_https = f"https {{ enabled on; {api_listen} key {self.key}; cert {self.cert}; }}"
        self.conf.write_text(
            f"listen {self.port};\nmax_connections 100;\ndaemon off;\nsrs_log_tank file;\n"
            f"srs_log_file {w}/srs.log;\npid {w}/srs.pid;\n"
            f"http_api {{ enabled on; listen {self.api_port}; {auth} {api_https} }}\n"
            f"http_server {{ enabled on; listen {self.http_port}; dir {self.html};\n"
            f"  https {{ enabled on; listen {self.https_port}; key {self.key}; cert {self.cert}; }} }}\n"
            "vhost __defaultVhost__ {\n"
            "  http_remux { enabled on; mount [vhost]/[app]/[stream].flv; }\n"
            f"  hls {{ enabled on; hls_fragment 2; hls_window 10; hls_path {self.html}; }}\n}}\n")


def client_context(certs: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(certs / "ca.pem"))
    return context


def https_get(port: int, path: str, certs: Path, user: str | None = None, password: str = "",
              timeout: float = 5.0) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"https://{HOST}:{port}{path}")
    if user is not None:
        request.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=client_context(certs)) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def peer_subject(port: int, certs: Path) -> str:
    with socket.create_connection((HOST, port), timeout=5) as raw:
        with client_context(certs).wrap_socket(raw, server_hostname=HOST) as tls:
            subject = dict(item[0] for item in tls.getpeercert()["subject"])
            return subject["commonName"]


def curl(*args: str) -> subprocess.CompletedProcess:
    return run_capture(["curl", "-sS", "--max-time", "5", *args], timeout=10)


@pytest.fixture(scope="module")
def certs(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("certs")
    make_certificates(directory)
    shutil.copy(directory / "a.key", directory / "server.key")
    shutil.copy(directory / "a.crt", directory / "server.crt")
    return directory


@pytest.fixture(scope="module")
def node(tmp_path_factory, certs):
    server = HttpsServer(tmp_path_factory.mktemp("https"), certs)
    server.start()
    wait_port(server.https_port, 5, server.proc)
    wait_port(server.apis_port, 5, server.proc)
    group = ProcessGroup("https-publisher")
    ffmpeg_publish(group, CLIP_360P, server.url(STREAM), server.workdir / "ffmpeg.log")
    yield server
    group.kill_all()
    server.stop()


def wait_stream(node: HttpsServer, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, _, body = https_get(node.apis_port, "/api/v1/streams/", node.certs, "admin", "secret")
        if status == 200 and json.loads(body).get("streams") and json.loads(body)["streams"][0].get("publish", {}).get("active"):
            return
        time.sleep(0.2)
    raise AssertionError(f"stream not published after {timeout}s\n{node.diagnostics()}")


def test_the_api_over_https_with_curl_and_auth(node) -> None:
    ca = str(node.certs / "ca.pem")
    url = f"https://{HOST}:{node.apis_port}/api/v1/clients/"
    ok = curl("-u", "admin:secret", "--cacert", ca, "-w", "\n%{http_code}", url)
    assert ok.returncode == 0, ok.stderr
    body, status = ok.stdout.rsplit("\n", 1)
    assert status == "200" and json.loads(body)["code"] == 0
    refused = curl("--cacert", ca, "-D", "-", "-o", "/dev/null", url)
    assert refused.returncode == 0, refused.stderr
    assert refused.stdout.startswith("HTTP/1.1 401")
    assert re.search(r'(?im)^WWW-Authenticate: Basic realm="SRS"', refused.stdout)
    assert https_get(node.apis_port, "/api/v1/versions", node.certs, "admin", "wrong")[0] == 401
    # The plain API port serves the same router (and the same auth).
    assert curl("-o", "/dev/null", "-w", "%{http_code}", f"http://{HOST}:{node.api_port}/api/v1/versions").stdout == "401"
    # A client that does not trust the CA is refused by curl itself: the certificate is the one configured.
    untrusted = curl("-u", "admin:secret", url)
    assert untrusted.returncode != 0


def test_static_files_and_alpn_on_the_https_server_port(node) -> None:
    status, _, body = https_get(node.https_port, "/index.html", node.certs)
    assert (status, body) == (200, b"hello https\n")
    with socket.create_connection((HOST, node.https_port), timeout=5) as raw:
        context = client_context(node.certs)
        context.set_alpn_protocols(["h2", "http/1.1"])
        with context.wrap_socket(raw, server_hostname=HOST) as tls:
            assert tls.selected_alpn_protocol() == "http/1.1"
            assert tls.version() in ("TLSv1.2", "TLSv1.3")


def test_https_flv_plays_with_ffprobe(node) -> None:
    wait_stream(node)
    url = f"https://{HOST}:{node.https_port}/live/{STREAM}.flv"
    streams = ffprobe(url, extra=["-ca_file", str(node.certs / "ca.pem"), "-tls_verify", "1"])
    assert codecs(streams) == {"video": "h264", "audio": "aac"}


def test_https_flv_with_a_python_ssl_client(node) -> None:
    wait_stream(node)
    with socket.create_connection((HOST, node.https_port), timeout=5) as raw:
        with client_context(node.certs).wrap_socket(raw, server_hostname=HOST) as tls:
            tls.sendall(f"GET /live/{STREAM}.flv HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
            data = b""
            deadline = time.monotonic() + 10
            while len(data) < 400_000 and time.monotonic() < deadline:
                chunk = tls.recv(65536)
                if not chunk:
                    break
                data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and b"video/x-flv" in head
    # Chunked coding: the first chunk's data starts with the FLV signature.
    assert b"FLV\x01" in body[:64]
    assert len(data) >= 400_000, f"only {len(data)} bytes in 10 s"


def test_hls_playlist_and_a_segment_over_https(node) -> None:
    wait_stream(node)
    deadline = time.monotonic() + 20
    path, playlist = f"/live/{STREAM}.m3u8", b""
    while time.monotonic() < deadline:
        status, _, playlist = https_get(node.https_port, path, node.certs)
        if status == 200 and b"hls_ctx=" in playlist and b".ts" not in playlist:
            # SRS's session playlist: the variant URL carries the hls_ctx.
            path = next(line for line in playlist.decode().splitlines() if line.startswith("/"))
            continue
        if status == 200 and b".ts" in playlist:
            break
        time.sleep(0.5)
    assert b"#EXTM3U" in playlist and b".ts" in playlist, playlist
    segment = next(line for line in playlist.decode().splitlines() if ".ts" in line and not line.startswith("#"))
    status, headers, data = https_get(node.https_port, segment if segment.startswith("/") else f"/live/{segment}",
                                      node.certs)
    assert status == 200 and len(data) > 10_000 and data[0] == 0x47 and data[188] == 0x47
    streams = ffprobe(f"https://{HOST}:{node.https_port}/live/{STREAM}.m3u8",
                      extra=["-ca_file", str(node.certs / "ca.pem"), "-tls_verify", "1"])
    assert "video" in codecs(streams)


def test_plain_http_on_the_https_port_is_closed(node) -> None:
    mark = node.log_size()
    with socket.create_connection((HOST, node.https_port), timeout=5) as plain:
        plain.sendall(f"GET /index.html HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
        received = b""
        try:
            while chunk := plain.recv(4096):
                received += chunk
        except ConnectionResetError:
            pass  # closed with the request unread: a reset is a close too
    assert b"HTTP/1.1" not in received  # a TLS alert at most, never a response in clear
    text = node.wait_log("https handshake with 127.0.0.1", mark)
    assert "http request" in text  # OpenSSL's reason
    assert node.alive()
    assert https_get(node.https_port, "/index.html", node.certs)[0] == 200


def test_tls_1_1_is_refused(node) -> None:
    mark = node.log_size()
    old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    old.check_hostname = False
    old.verify_mode = ssl.CERT_NONE
    old.set_ciphers("DEFAULT:@SECLEVEL=0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        old.minimum_version = old.maximum_version = ssl.TLSVersion.TLSv1_1
    with socket.create_connection((HOST, node.https_port), timeout=5) as raw:
        with pytest.raises(ssl.SSLError):
            old.wrap_socket(raw, server_hostname=HOST)
    # The server refused it (its log says why), rather than the client failing to offer it.
    assert "unsupported protocol" in node.wait_log("https handshake with 127.0.0.1", mark)
    old.maximum_version = ssl.TLSVersion.TLSv1_2
    old.minimum_version = ssl.TLSVersion.TLSv1_2
    with socket.create_connection((HOST, node.https_port), timeout=5) as raw:
        with old.wrap_socket(raw, server_hostname=HOST) as tls:
            assert tls.version() == "TLSv1.2"


def test_a_stalled_handshake_is_cut_by_the_idle_timeout_while_others_are_served(node) -> None:
    stalled = socket.create_connection((HOST, node.https_port), timeout=45)
    idle = socket.create_connection((HOST, node.apis_port), timeout=45)
    try:
        # Half a ClientHello record header, then nothing.
        stalled.sendall(b"\x16\x03\x01\x02\x00\x01")
        started = time.monotonic()
        served = 0
        while time.monotonic() - started < 5:
            assert https_get(node.https_port, "/index.html", node.certs)[0] == 200
            served += 1
        assert served >= 5
        for sock in (stalled, idle):
            assert sock.recv(1) == b""
        elapsed = time.monotonic() - started
        assert 25 <= elapsed <= 40, elapsed
    finally:
        stalled.close()
        idle.close()


def test_bad_key_or_cert_fails_the_test_and_the_start(node, tmp_path) -> None:
    certs = node.certs
    cases = {
        "missing cert": (certs / "server.key", tmp_path / "nope.crt", "nope.crt"),
        "garbage cert": (certs / "server.key", tmp_path / "garbage.crt", "garbage.crt"),
        "mismatched key": (certs / "b.key", certs / "a.crt", "key values mismatch"),
    }
    (tmp_path / "garbage.crt").write_text("not a certificate\n")
    for name, (key, cert, expected) in cases.items():
        conf = tmp_path / f"{name.replace(' ', '-')}.conf"
        port = free_port()
        conf.write_text(f"listen {free_port()};\ndaemon off;\nsrs_log_tank console;\npid {tmp_path}/{port}.pid;\n"
                        f"http_server {{ enabled on; listen {free_port()};\n"
                        f"  https {{ enabled on; listen {port}; key {key}; cert {cert}; }} }}\n")
        checked = run_capture([str(BINARY), "-t", "-c", str(conf)], timeout=10)
        assert checked.returncode != 0, name
        output = checked.stdout + checked.stderr
        assert expected in output and "test is failed" in output, (name, output)
        assert re.search(r"https (cert|key) \S+", output), output
        started = run_capture([str(BINARY), "-c", str(conf)], timeout=10)
        assert started.returncode != 0, name
        assert expected in started.stdout + started.stderr, (name, started.stdout)


def test_reload_swaps_the_certificate_and_auth_over_https(node) -> None:
    certs = node.certs
    assert peer_subject(node.https_port, certs) == "srs-test-a"
    # An established keep-alive connection across the reload keeps its session.
    with socket.create_connection((HOST, node.https_port), timeout=5) as raw:
        with client_context(certs).wrap_socket(raw, server_hostname=HOST) as kept:
            shutil.copy(certs / "b.key", certs / "server.key")
            shutil.copy(certs / "b.crt", certs / "server.crt")
            mark = node.reload(auth=False)
            node.wait_log("reload config success", mark)
            assert peer_subject(node.https_port, certs) == "srs-test-b"
            assert peer_subject(node.apis_port, certs) == "srs-test-b"
            kept.sendall(f"GET /index.html HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
            assert kept.recv(4096).startswith(b"HTTP/1.1 200")
            assert dict(i[0] for i in kept.getpeercert()["subject"])["commonName"] == "srs-test-a"
    # Auth turned off by the same reload, over HTTPS.
    assert https_get(node.apis_port, "/api/v1/versions", certs)[0] == 200
    # A bad certificate on reload: the old config and certificate stay.
    (certs / "server.crt").write_text("broken\n")
    mark = node.reload(auth=True)
    text = node.wait_log("keep running with the previous config", mark)
    assert "reload failed" in text and "server.crt" in text
    assert peer_subject(node.https_port, certs) == "srs-test-b"
    assert https_get(node.apis_port, "/api/v1/versions", certs)[0] == 200  # auth still off
    shutil.copy(certs / "b.crt", certs / "server.crt")


def test_the_shared_port_serves_api_and_files_over_https(tmp_path_factory, certs) -> None:
    server = HttpsServer(tmp_path_factory.mktemp("https-shared"), certs, shared=True)
    server.start()
    try:
        wait_port(server.https_port, 5, server.proc)
        assert "HTTPS-Server (API reuses https)" in server.log_since()
        assert https_get(server.https_port, "/index.html", certs)[0] == 200
        status, headers, _ = https_get(server.https_port, "/api/v1/versions", certs)
        assert status == 401 and headers.get("WWW-Authenticate") == 'Basic realm="SRS"'
        assert https_get(server.https_port, "/api/v1/versions", certs, "admin", "secret")[0] == 200
    finally:
        server.stop()
