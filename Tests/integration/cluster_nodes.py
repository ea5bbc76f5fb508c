"""Several srs processes on 127.0.0.1 for the cluster tests: origins, edges and origin-cluster
members, each with its own RTMP, API and HTTP ports, rendered configs that can be rewritten for
a reload, and helpers that read their HTTP API and logs."""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Optional

import pytest

from harness import BINARY, HOST, Server, free_port, wait_port

FLV_MOUNT = "http_remux { enabled on; mount [vhost]/[app]/[stream].flv; }"


class Node(Server):
    """One srs: `cluster` is the vhost's cluster block body (empty for a plain origin)."""

    def __init__(self, workdir: Path, cluster: str = "", vhost_extra: str = "", globals_: str = "",
                 rtmp_listen: Optional[str] = None, env: Optional[dict] = None):
        super().__init__(workdir)
        self.api_port = free_port()
        self.http_port = free_port()
        self.cluster = cluster
        self.vhost_extra = vhost_extra
        self.globals_ = globals_
        self.rtmp_listen = rtmp_listen or str(self.port)
        self.api_listen: Optional[str] = None
        self.env = env or {}

    def render(self) -> str:
        w = self.workdir
        cluster = f"cluster {{ {self.cluster} }}" if self.cluster else ""
        return (f"listen {self.rtmp_listen};\nmax_connections 1000;\ndaemon off;\n"
                "auto_reload_for_docker off;\nsrs_log_tank file;\n"
                f"srs_log_file {w}/srs.log;\npid {w}/srs.pid;\n"
                f"http_api {{ enabled on; listen {self.api_listen or self.api_port}; }}\n"
                f"http_server {{ enabled on; listen {self.http_port}; dir {w}; }}\n{self.globals_}"
                f"vhost __defaultVhost__ {{\n{cluster}\n{FLV_MOUNT}\n{self.vhost_extra}\n}}\n")

    def write_config(self) -> None:
        self.conf.write_text(self.render())

    def start(self, timeout: float = 10.0) -> "Node":
        self.write_config()
        env = dict(os.environ, **self.env)
        self.proc = self.group.spawn_env([BINARY, "-c", self.conf], env=env, log=self.stdio, cwd=self.workdir)
        Server.live.append(self)
        # The RTMP listener opens before the API and HTTP ones: wait for all of them, or the
        # first API call can race the server's start.
        ports = ([self.port] if "[" not in self.rtmp_listen else [])
        ports += [self.api_port] if "[" not in (self.api_listen or "") else []
        ports.append(self.http_port)
        try:
            for port in ports:
                wait_port(port, timeout, self.proc)
        except RuntimeError:
            print(self.diagnostics())
            raise
        return self

    def kill(self) -> None:
        """SIGKILL: the process dies without closing anything politely."""
        assert self.proc is not None
        self.signal(signal.SIGKILL)
        self.proc.wait(timeout=5)
        self.stop()

    # ---- HTTP API ----------------------------------------------------------------------------

    def api(self, path: str, method: str = "GET", timeout: float = 5.0) -> dict:
        host = "[::1]" if (self.api_listen or "").startswith("[::1]") else HOST
        request = urllib.request.Request(f"http://{host}:{self.api_port}{path}", method=method,
                                         data=b"" if method == "POST" else None)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())

    def stream(self, name: str, app: str = "live") -> Optional[dict]:
        for stream in self.api("/api/v1/streams/?count=100").get("streams", []):
            if stream.get("app") == app and stream.get("name") == name:
                return stream
        return None

    def clients_of(self, name: str, kind: Optional[str] = None) -> list[dict]:
        stream = self.stream(name)
        if stream is None:
            return []
        return [c for c in self.api("/api/v1/clients/?count=1000").get("clients", [])
                if c.get("stream") == stream.get("id") and (kind is None or c.get("type") == kind)]

    def flv_url(self, stream: str, app: str = "live") -> str:
        return f"http://{HOST}:{self.http_port}/{app}/{stream}.flv"


def wait_until(predicate, timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out after {timeout}s waiting for {what}"
        time.sleep(interval)


def http_status(url: str, timeout: float = 5.0) -> tuple[int, dict]:
    """Status and headers of a GET without following redirects (the body is not read)."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@pytest.fixture
def nodes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Factory of Nodes in fresh temp dirs; their log tails print when the test failed."""
    made: list[Node] = []

    def make(name: str, start: bool = True, **kwargs) -> Node:
        node = Node(tmp_path_factory.mktemp(name), **kwargs)
        made.append(node)
        if start:
            node.start()
        return node

    yield make
    report = getattr(request.node, "rep_call", None)
    for node in made:
        if report is not None and report.failed:
            print(node.diagnostics())
        node.stop()
