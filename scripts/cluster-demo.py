#!/usr/bin/env python3
"""make cluster-demo: the seed's Kubernetes topologies as processes on loopback.

1. Edge cluster (deploy/k8s/03-edge-cluster.yaml): one origin, two edges; ffmpeg publishes to the
   origin, RTMP and HTTP-FLV players on both edges.
2. Origin cluster (deploy/k8s/04-origin-cluster.yaml): three origins that are each other's
   coworkers, two edges pulling from them; stream a on origin-0, b on origin-1, c on origin-2,
   players of every stream on both edges (the edges' pulls are sent to the right origin by RTMP 302).
   Like pods behind the headless Service srs-origin-svc, origin-N has its own address 127.0.0.(N+1)
   and all three use the same ports; `coworkers srs-origin-svc:1985` and `origin srs-origin-svc:1935`
   keep the name, which every node resolves to the three addresses (SRS_RESOLVER_HOSTS, the
   resolver's test hook, stands in for the cluster DNS). Per-pod names (srs-origin-N.srs-origin-svc,
   the form SRS needs) become that pod's address.
3. In each: a rolling update of the edges, one at a time: SIGQUIT (what `etc/init.d/srs grace`
   sends), wait for the exit, start a new edge on the same ports with the same config. Players
   whose connection ends reconnect to the same edge URL every 200 ms until they play again.
   A graceful quit never disconnects players (SRS neither): it waits for them to leave. So, as
   kubelet does at terminationGracePeriodSeconds, the demo SIGKILLs the edge when its
   termination grace (--termination-grace, 6 s) ends; with --drain leave its players hang up once
   its listeners closed instead, and the edge exits 0 on its own after grace_final_wait.
4. Figures: publisher interruptions, longest video gap per player, players that never recovered,
   upstreams seen by the origins. Exits 1 when a must-be-zero figure is not zero.

The srs.conf of every ConfigMap is used as written except for what loopback needs: ports are
remapped to free ones (the origin cluster's three origins share theirs and listen on their own
address), a pod or ClusterIP Service name becomes <its address>:<port>, a headless Service name stays
(only its port is remapped), logs go to files in a temp dir (and the edges get an http_api so their
`upstream` can be shown). Python 3 stdlib only; the RTMP player is Tests/integration/rtmp_client.py.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Callable, Optional

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "Tests" / "integration"))
from rtmp_client import RtmpClient, RtmpTimeout  # noqa: E402

HOST = "127.0.0.1"          # where nodes without their own address (edges, 03's origin) are reached
BINARY = Path(os.environ.get("SRS_BINARY", str(REPO / "objs" / "srs")))
CLIP_NAME = "avc-aac-360p-10s.flv"
RECONNECT_INTERVAL = 0.2   # a player whose connection ended retries this often
STALL_TIMEOUT = 8.0        # a player that got no video this long hangs up and reconnects
RECOVERED_WITHIN = 2.0     # "recovered": video arrived in the last 2 s of the run
T0 = time.monotonic()


def say(text: str = "") -> None:
    print(text, flush=True)


def stamp() -> str:
    return f"{time.monotonic() - T0:6.1f}s"


def log(text: str) -> None:
    say(f"  [{stamp()}] {text}")


class DemoError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Configs from the Kubernetes YAML


def configmaps(yaml_path: Path) -> dict[str, str]:
    """{ConfigMap name: its srs.conf} of a multi-document YAML, without a YAML parser: the
    `srs.conf: |` literal block is every following line indented deeper than the key."""
    out: dict[str, str] = {}
    for doc in re.split(r"^---[ \t]*$", yaml_path.read_text(), flags=re.M):
        if not re.search(r"^kind:\s*ConfigMap\s*$", doc, re.M):
            continue
        name = re.search(r"^metadata:[ \t]*\n(?:[ \t]+.*\n)*?[ \t]+name:[ \t]*(\S+)", doc, re.M)
        key = re.search(r"^([ \t]+)srs\.conf:[ \t]*\|[-+]?[ \t]*\n", doc, re.M)
        if not name or not key:
            continue
        lines = doc[key.end():].split("\n")
        body: list[str] = []
        indent: Optional[int] = None
        for line in lines:
            if not line.strip():
                body.append("")
                continue
            depth = len(line) - len(line.lstrip())
            if depth <= len(key.group(1)):
                break
            indent = depth if indent is None else indent
            body.append(line[indent:])
        out[name.group(1)] = "\n".join(body).rstrip() + "\n"
    return out


def free_ports(count: int) -> list[int]:
    """Free TCP ports (bind to 0, all held until every one is picked so none repeats)."""
    socks = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("0.0.0.0", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


class Node:
    """One srs process: its ConfigMap's srs.conf rendered for loopback in its own directory.

    `host`: the node's own loopback address (a pod of the origin cluster): every `listen` gets it
    and clients connect to it; without it `listen` keeps the port only and clients use 127.0.0.1.
    `shared_ports`: container port -> port here, shared with other nodes (pods of one StatefulSet
    use the same ports on their own addresses); ports missing from it are added to it."""

    def __init__(self, name: str, template: str, workdir: Path, names: dict[str, "Node | list[Node]"],
                 add_api: bool = False, host: Optional[str] = None, shared_ports: Optional[dict[int, int]] = None,
                 env: Optional[dict[str, str]] = None):
        self.name = name
        self.template = template
        self.workdir = workdir
        # DNS name -> node (a pod, a ClusterIP Service) or nodes (a headless Service: the name stays
        # in the config and the resolver answers it with every node's address).
        self.names = names
        self.host = host
        self.env = env if env is not None else {}  # extra environment (SRS_RESOLVER_HOSTS), filled by the topology
        workdir.mkdir(parents=True)
        (workdir / "html").mkdir()
        container_ports = sorted({int(re.search(r"(\d+)$", word).group(1))
                                  for value in re.findall(r"^\s*listen\s+([^;]+);", template, re.M)
                                  for word in value.split()})
        if add_api and not re.search(r"^http_api\s*\{", template, re.M):
            self.template = template.replace("\nvhost ", "\n# cluster-demo: an API to show the edge's upstream\n"
                                                          "http_api {\n    enabled         on;\n    listen          1985;\n}\nvhost ", 1)
            container_ports.append(1985)
        # Container port (1935 rtmp, 1985 api, 8080 http, any other listen) -> a free port here.
        ports = shared_ports if shared_ports is not None else {}
        missing = [c for c in container_ports if c not in ports]
        ports.update(zip(missing, free_ports(len(missing))))
        self.ports = {c: ports[c] for c in container_ports}
        self.conf = workdir / "srs.conf"
        self.log = workdir / "srs.log"
        self.stdio = workdir / "srs.stdio.log"
        self.proc: Optional[subprocess.Popen] = None

    @property
    def address(self) -> str:
        """Where clients reach the node."""
        return self.host or HOST

    @property
    def rtmp(self) -> int:
        return self.ports[1935]

    @property
    def api_port(self) -> Optional[int]:
        return self.ports.get(1985)

    @property
    def http(self) -> int:
        return self.ports[8080]

    def address_of(self, entry: str) -> str:
        """An `origin` / `coworkers` entry for loopback: a pod or ClusterIP Service name becomes its
        node's address, a headless Service name stays (the resolver answers it with all its nodes'
        addresses, which share the port)."""
        host, _, port = entry.rpartition(":")
        target = self.names.get(host)
        nodes = target if isinstance(target, list) else [target] if target is not None else []
        if not nodes or any(int(port) not in n.ports for n in nodes):
            raise DemoError(f"{self.name}: {entry} names no node of the demo")
        mapped = {n.ports[int(port)] for n in nodes}
        if len(mapped) != 1:
            raise DemoError(f"{self.name}: the nodes behind {host} do not share port {port}")
        return f"{host if isinstance(target, list) else nodes[0].address}:{mapped.pop()}"

    def render(self) -> str:
        out: list[str] = []
        blocks: list[str] = []
        for raw in self.template.splitlines():
            line = raw.strip()
            words = line.rstrip(";").split()
            if line.endswith("{"):
                blocks.append(words[0])
            elif line == "}":
                blocks.pop()
            elif words and words[0] == "listen":
                ports = " ".join((f"{self.host}:" if self.host else "")
                                 + str(self.ports[int(re.search(r"(\d+)$", w).group(1))]) for w in words[1:])
                raw = raw[:raw.index(words[1], raw.index("listen") + 6)] + f"{ports};"
            elif words and words[0] in ("origin", "coworkers") and blocks[-1:] == ["cluster"]:
                mapped = " ".join(self.address_of(w) for w in words[1:])
                raw = raw[:raw.index(words[1], raw.index(words[0]) + len(words[0]))] + f"{mapped};  # {' '.join(words[1:])}"
            elif words and words[0] == "dir" and blocks[-1:] == ["http_server"]:
                raw = raw[:raw.index(words[1], raw.index("dir") + 3)] + f"{self.workdir / 'html'};"
            elif words[:1] == ["srs_log_tank"] and not blocks:
                raw = f"srs_log_tank        file;\nsrs_log_file        {self.log};"
            elif words[:1] in (["srs_log_file"], ["pid"]) and not blocks:
                continue
            out.append(raw)
        text = "\n".join(out) + "\n"
        if not re.search(r"^srs_log_tank", text, re.M):
            text = f"srs_log_tank        file;\nsrs_log_file        {self.log};\n" + text
        return f"pid                 {self.workdir / 'srs.pid'};\n" + text

    def write_config(self) -> None:
        self.conf.write_text(self.render())
        check = subprocess.run([str(BINARY), "-t", "-c", str(self.conf)], capture_output=True, text=True, timeout=10,
                               env={**os.environ, **self.env})
        if check.returncode != 0:
            raise DemoError(f"{self.name}: srs -t rejects {self.conf}:\n{check.stdout}{check.stderr}")

    def start(self, procs: "Processes") -> None:
        self.proc = procs.spawn([BINARY, "-c", self.conf], self.stdio, cwd=self.workdir, env=self.env)
        deadline = time.monotonic() + 10
        for port in (self.rtmp, self.api_port):
            while port is not None:
                if self.proc.poll() is not None:
                    raise DemoError(f"{self.name} exited rc={self.proc.returncode}:\n{tail(self.log)}\n{tail(self.stdio)}")
                try:
                    socket.create_connection((self.address, port), timeout=0.5).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise DemoError(f"{self.name}: port {port} not accepting after 10 s")
                    time.sleep(0.02)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def api(self, path: str, timeout: float = 3.0) -> dict:
        with urllib.request.urlopen(f"http://{self.address}:{self.api_port}{path}", timeout=timeout) as response:
            return json.loads(response.read())

    def log_size(self) -> int:
        try:
            return self.log.stat().st_size
        except OSError:
            return 0

    def log_since(self, mark: int) -> str:
        try:
            with open(self.log, "rb") as f:
                f.seek(mark)
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def describe(self) -> str:
        names = {1935: "rtmp", 1985: "api", 8080: "http"}
        return "  ".join(f"{names.get(c, str(c))} {self.host or ''}:{p}" for c, p in self.ports.items())


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"<{path} unreadable>"


# --------------------------------------------------------------------------------------------
# Processes (each in its own process group; all of them go on exit or Ctrl-C)


class Processes:
    def __init__(self) -> None:
        self.procs: list[subprocess.Popen] = []

    def spawn(self, cmd: list, log_path: Path, cwd: Optional[Path] = None,
              env: Optional[dict[str, str]] = None) -> subprocess.Popen:
        with open(log_path, "ab") as out:
            proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                    start_new_session=True, env={**os.environ, **env} if env else None)
        self.procs.append(proc)
        return proc

    @staticmethod
    def stop(proc: subprocess.Popen, sig: int = signal.SIGINT, grace: float = 2.0) -> None:
        """SIGINT (srs: fast quit, also with force_grace_quit), then SIGKILL to the whole group."""
        for s, wait in ((sig, grace), (signal.SIGKILL, 5.0)):
            if proc.poll() is not None:
                break
            try:
                os.killpg(proc.pid, s)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                pass
        # Leftovers of the group (none expected).
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def stop_all(self) -> None:
        for proc in reversed(self.procs):
            self.stop(proc, grace=1.0)
        self.procs.clear()


# --------------------------------------------------------------------------------------------
# Players: record when video arrives, reconnect every 200 ms when the connection ends


class Player(threading.Thread):
    def __init__(self, kind: str, edge: Node, stream: str, index: int):
        super().__init__(name=f"{kind}:{edge.name}:{stream}#{index}", daemon=True)
        self.kind = kind
        self.edge = edge
        self.stream = stream
        self.label = f"{kind}@{edge.name}/{stream}#{index}"
        self.arrivals: list[float] = []       # monotonic arrival time of every video message
        self.sessions = 0                      # connections that played
        self.failed_attempts = 0               # connects refused / failed before playing
        self.ends: list[tuple[float, str]] = []  # (time, why) a playing connection ended
        self.ts_regressions = 0                # video timestamp went back >100 ms within a connection
        self.stalls = 0
        self.stop_event = threading.Event()
        self._hangup = threading.Event()
        self._sock: Optional[socket.socket] = None
        self._played = False

    # -- control -----------------------------------------------------------------------------

    def stop(self) -> None:
        self.stop_event.set()
        self.hang_up()

    def hang_up(self) -> None:
        """Ends the current connection (the player reconnects)."""
        self._hangup.set()
        sock = self._sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def video_after(self, since: float) -> bool:
        return bool(self.arrivals) and self.arrivals[-1] > since

    # -- loop --------------------------------------------------------------------------------

    def run(self) -> None:
        while not self.stop_event.is_set():
            self._hangup.clear()
            self._played = False
            try:
                self.session()
                why = "hung up" if self._hangup.is_set() else "closed by the server"
            except Exception as e:  # noqa: BLE001 - any failure means: reconnect
                why = f"{type(e).__name__}: {e}"
            if self.stop_event.is_set():
                break
            if self._played:
                self.ends.append((time.monotonic(), why))
            else:
                self.failed_attempts += 1
            self.stop_event.wait(RECONNECT_INTERVAL)

    def _video(self, arrival: float, timestamp: int, last_ts: list) -> None:
        if last_ts and timestamp < last_ts[0] - 100:
            self.ts_regressions += 1
        last_ts[:] = [timestamp]
        self.arrivals.append(arrival)

    def _stalled(self, since: float) -> bool:
        last = self.arrivals[-1] if self.arrivals and self.arrivals[-1] > since else since
        if time.monotonic() - last > STALL_TIMEOUT:
            self.stalls += 1
            return True
        return False

    def session(self) -> None:
        self.rtmp_session() if self.kind == "rtmp" else self.flv_session()

    def rtmp_session(self) -> bool:
        client = RtmpClient(self.edge.address, self.edge.rtmp, timeout=3)
        try:
            client.open()
            self._sock = client.sock
            client.handshake()
            client.connect("live")
            client.play(self.stream, reader=False)
            self._played = True
            self.sessions += 1
            started = time.monotonic()
            last_ts: list = []
            pending = client.snapshot()
            while not self.stop_event.is_set() and not self._hangup.is_set():
                for m in pending:
                    if m.is_video:
                        self._video(m.arrival, m.timestamp, last_ts)
                client.messages.clear()
                try:
                    pending = [client.read_message(deadline=time.monotonic() + 0.5)]
                except RtmpTimeout:
                    pending = []
                    if self._stalled(started):
                        break
            return True
        finally:
            self._sock = None
            client.close()

    def flv_session(self) -> bool:
        host, port, path = self.edge.address, self.edge.http, f"/live/{self.stream}.flv"
        for _ in range(4):  # follows up to 3 HTTP 302
            sock = socket.create_connection((host, port), timeout=3)
            self._sock = sock
            try:
                sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: cluster-demo\r\n"
                             f"Accept: */*\r\n\r\n".encode())
                head = b""
                while b"\r\n\r\n" not in head:
                    data = sock.recv(4096)
                    if not data:
                        raise ConnectionError("closed before the response head")
                    head += data
                head, rest = head.split(b"\r\n\r\n", 1)
                lines = head.decode("latin-1").split("\r\n")
                status = int(lines[0].split()[1])
                headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
                if status in (301, 302, 307):
                    m = re.match(r"http://([^/:]+):(\d+)(/.*)", headers.get("location", ""))
                    if not m:
                        raise ConnectionError(f"bad redirect {headers.get('location')}")
                    host, port, path = m.group(1), int(m.group(2)), m.group(3)
                    sock.close()
                    continue
                if status != 200:
                    raise ConnectionError(f"HTTP {status}")
                self._played = True
                self.sessions += 1
                self.read_flv(sock, rest, "chunked" in headers.get("transfer-encoding", "").lower())
                return True
            finally:
                self._sock = None
                sock.close()
        raise ConnectionError("too many redirects")

    def read_flv(self, sock: socket.socket, first: bytes, chunked: bool) -> None:
        sock.settimeout(0.5)
        raw = bytearray(first)   # bytes off the socket (chunked framing included)
        body = bytearray()       # FLV bytes
        chunk_left = 0
        header_done = False
        last_ts: list = []
        started = time.monotonic()
        while not self.stop_event.is_set() and not self._hangup.is_set():
            # De-chunk what we have.
            if chunked:
                while raw:
                    if chunk_left == 0:
                        end = raw.find(b"\r\n")
                        if end < 0:
                            break
                        line = bytes(raw[:end]).split(b";")[0].strip()
                        if not line:  # the CRLF after a chunk
                            del raw[:end + 2]
                            continue
                        chunk_left = int(line, 16)
                        del raw[:end + 2]
                        if chunk_left == 0:
                            return
                    take = min(chunk_left, len(raw))
                    body += raw[:take]
                    del raw[:take]
                    chunk_left -= take
            else:
                body += raw
                raw.clear()
            # Parse FLV.
            if not header_done and len(body) >= 13:
                if body[:3] != b"FLV":
                    raise ConnectionError("not FLV")
                del body[:struct.unpack_from(">I", body, 5)[0] + 4]
                header_done = True
            now = time.monotonic()
            while header_done and len(body) >= 11:
                size = int.from_bytes(body[1:4], "big")
                if len(body) < 11 + size + 4:
                    break
                if body[0] & 0x1F == 9:
                    self._video(now, int.from_bytes(body[4:7], "big") | (body[7] << 24), last_ts)
                del body[:11 + size + 4]
            try:
                data = sock.recv(65536)
            except socket.timeout:
                if self._stalled(started):
                    return
                continue
            if not data:
                return
            raw += data


# --------------------------------------------------------------------------------------------
# One topology


def longest_gap(arrivals: list[float], since: float, until: float) -> float:
    return longest_gap_at(arrivals, since, until)[0]


def longest_gap_at(arrivals: list[float], since: float, until: float) -> tuple[float, float]:
    """Longest time without video in [since, until] (counted from the last arrival before
    `since`, up to `until`) and when it began."""
    before = [t for t in arrivals if t < since]
    times = (before[-1:] or [since]) + [t for t in arrivals if since <= t <= until] + [until]
    return max(((b - a, a) for a, b in zip(times, times[1:])), default=(until - since, since))


def wait_until(predicate: Callable[[], object], timeout: float, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


class Topology:
    def __init__(self, title: str, yaml_path: Path, root: Path, procs: Processes, clip: Path, args):
        self.title = title
        self.yaml = yaml_path
        self.maps = configmaps(self.yaml)
        self.root = root
        self.procs = procs
        self.clip = clip
        self.args = args
        self.names: dict[str, Node | list[Node]] = {}
        self.env: dict[str, str] = {}  # every node's extra environment (SRS_RESOLVER_HOSTS)
        self.findings: list[str] = []   # lines for the figures
        self.origins: list[Node] = []
        self.edges: list[Node] = []
        self.streams: dict[str, Node] = {}  # stream -> origin it is published on
        self.publishers: dict[str, subprocess.Popen] = {}
        self.publisher_deaths: list[str] = []
        self.players: list[Player] = []
        self.failures: list[str] = []
        self.notes: list[str] = []
        self.outages: list[str] = []

    def node(self, name: str, configmap: str, add_api: bool = False, host: Optional[str] = None,
             shared_ports: Optional[dict[int, int]] = None) -> Node:
        if configmap not in self.maps:
            raise DemoError(f"{self.yaml.name} has no ConfigMap {configmap} (found {', '.join(self.maps)})")
        return Node(name, self.maps[configmap], self.root / name, self.names, add_api, host, shared_ports, self.env)

    def cluster_lines(self, node: Node) -> str:
        """The `origin` / `coworkers` lines of a node's rendered config."""
        return "; ".join(" ".join(line.split("#")[0].split()).rstrip(";")
                         for line in node.conf.read_text().splitlines()
                         if line.split()[:1] in (["origin"], ["coworkers"]))

    # -- publishers --------------------------------------------------------------------------

    def publish(self, stream: str, origin: Node) -> None:
        self.streams[stream] = origin
        self.publishers[stream] = self.procs.spawn(
            ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-re", "-stream_loop", "-1", "-i", self.clip,
             "-c", "copy", "-f", "flv", f"rtmp://{origin.address}:{origin.rtmp}/live/{stream}"],
            self.root / f"publish-{stream}.log")

    def check_publishers(self) -> None:
        for stream, proc in list(self.publishers.items()):
            if proc.poll() is not None:
                self.publisher_deaths.append(f"{stream} rc={proc.returncode} at {stamp()}")
                log(f"publisher of {stream} died rc={proc.returncode}; restarting it")
                self.publish(stream, self.streams[stream])

    def wait_published(self) -> None:
        for stream, origin in self.streams.items():
            def active() -> bool:
                try:
                    return any(s["name"] == stream and s["publish"]["active"]
                               for s in origin.api("/api/v1/streams/?count=100")["streams"])
                except OSError:
                    return False
            if not wait_until(active, 10, 0.1):
                raise DemoError(f"{stream} not published on {origin.name} after 10 s:\n"
                                f"{tail(self.root / f'publish-{stream}.log')}")

    # -- players -----------------------------------------------------------------------------

    def add_players(self, edge: Node, stream: str, rtmp: int, flv: int) -> list[Player]:
        made = []
        for kind, count in (("rtmp", rtmp), ("flv", flv)):
            for _ in range(count):
                index = sum(1 for p in self.players + made if (p.kind, p.edge, p.stream) == (kind, edge, stream))
                player = Player(kind, edge, stream, index)
                player.start()
                made.append(player)
        self.players += made
        return made

    def wait_playing(self, players: list[Player], since: float, timeout: float) -> bool:
        return bool(wait_until(lambda: all(p.video_after(since) for p in players), timeout))

    # -- the API -----------------------------------------------------------------------------

    def origin_upstreams(self) -> dict[tuple[str, str], int]:
        """(origin, stream) -> rtmp-play clients of that stream: the edges' pulls (the players
        only ever talk to edges, so every rtmp-play client of an origin is an edge)."""
        counts: dict[tuple[str, str], int] = {}
        for origin in self.origins:
            streams = {s["id"]: s["name"] for s in origin.api("/api/v1/streams/?count=100")["streams"]}
            for c in origin.api("/api/v1/clients/?count=1000")["clients"]:
                if c.get("type") == "rtmp-play" and c.get("stream") in streams:
                    key = (origin.name, streams[c["stream"]])
                    counts[key] = counts.get(key, 0) + 1
        return counts

    def check_upstream_count(self, when: str) -> int:
        expected = len(self.edges) * len(self.streams)
        readings: list[dict] = []

        def stable() -> bool:
            try:
                readings.append(self.origin_upstreams())
            except OSError as e:
                readings.append({("error", str(e)): -1})
            return len(readings) >= 3 and readings[-1] == readings[-2] == readings[-3] \
                and sum(readings[-1].values()) == expected
        wait_until(stable, 6, 0.3)
        counts = readings[-1]
        total = sum(counts.values())
        where = ", ".join(f"{o}/{s}:{n}" for (o, s), n in sorted(counts.items()))
        misplaced = [f"{o}/{s}" for (o, s) in counts if self.streams.get(s) is None or self.streams[s].name != o]
        log(f"origin upstreams {when}: {total} rtmp-play clients ({where}); "
            f"expected {len(self.edges)} edges x {len(self.streams)} streams = {expected}")
        self.upstream_expected = expected
        if total != expected:
            self.failures.append(f"origin upstream count {when} {total} != {expected} ({where})")
        if misplaced:
            self.failures.append(f"edge pulls on origins without the publisher {when}: {misplaced}")
        return total

    def show_edge_upstreams(self, when: str) -> None:
        """One line per edge from its streams' `upstream` objects; fails when a stream is pulled
        from another address than its publisher's origin."""
        pulled: set[str] = set()
        for edge in self.edges:
            try:
                streams = edge.api("/api/v1/streams/?count=100")["streams"]
            except OSError as e:
                log(f"{edge.name}: API error {e}")
                self.failures.append(f"{edge.name} API error {when}: {e}")
                continue
            parts = []
            for s in sorted(streams, key=lambda s: s["name"]):
                up = s.get("upstream") or {}
                text = (f"{s['name']} {up.get('state')} from {self.origin_named(up.get('origin'))} "
                        f"(reconnects {up.get('reconnects')}, redirects {up.get('redirects')}")
                parts.append(text + (f", last_error {up['last_error']!r})" if up.get("last_error") else ")"))
                origin = self.streams.get(s["name"])
                if origin is not None and up.get("origin") != f"{origin.address}:{origin.rtmp}":
                    self.failures.append(f"{edge.name} pulls {s['name']} from {up.get('origin')} {when}, "
                                         f"not from {origin.name} ({origin.address}:{origin.rtmp})")
                if up.get("origin"):
                    pulled.add(up["origin"])
            log(f"{edge.name} upstream {', '.join(sorted({str((s.get('upstream') or {}).get('direction')) for s in streams}))}: "
                + "; ".join(parts))
        if len(self.origins) > 1:
            self.findings.append(f"origins the edges pull from {when}: {', '.join(self.origin_named(a) for a in sorted(pulled))}")

    def origin_named(self, address: Optional[str]) -> str:
        """`host:port (origin-N)`: origins of the origin cluster share their ports, so the host tells."""
        for o in self.origins:
            if address == f"{o.address}:{o.rtmp}":
                return f"{address} ({o.name})" if len(self.origins) > 1 else o.name
        return str(address)

    # -- rolling update ----------------------------------------------------------------------

    def roll(self, edge: Node) -> None:
        """SIGQUIT, wait for the exit (kubelet: SIGKILL at terminationGracePeriodSeconds), start
        the new edge on the same ports, wait until its players play again."""
        mine = [p for p in self.players if p.edge is edge]
        mark = edge.log_size()
        quit_at = time.monotonic()
        os.kill(edge.proc.pid, signal.SIGQUIT)
        log(f"{edge.name}: SIGQUIT (etc/init.d/srs grace)")
        closed = wait_until(lambda: "listeners closed" in edge.log_since(mark), self.args.termination_grace)
        closed_at = time.monotonic()
        if closed:
            log(f"{edge.name}: listeners closed {closed_at - quit_at:.2f} s after SIGQUIT (grace_start_wait)")
        cut = time.monotonic()
        if self.args.drain == "leave":
            log(f"{edge.name}: its {len(mine)} players hang up (--drain leave)")
            for p in mine:
                p.hang_up()
        exited = wait_until(lambda: not edge.alive(), max(0.0, quit_at + self.args.termination_grace - time.monotonic()))
        text = edge.log_since(mark)
        waiting = re.findall(r"wait for (\d+) conns to quit", text)
        if exited:
            how = f"exited rc={edge.proc.returncode} by itself {time.monotonic() - quit_at:.2f} s after SIGQUIT"
            if edge.proc.returncode != 0:
                self.failures.append(f"{edge.name} graceful quit ended rc={edge.proc.returncode}")
        else:
            left = waiting[-1] if waiting else "?"
            how = (f"still waiting for {left} conns at the termination grace ({self.args.termination_grace:g} s): "
                   f"SIGKILL, as kubelet does after terminationGracePeriodSeconds")
            cut = time.monotonic()
            os.killpg(edge.proc.pid, signal.SIGKILL)
            edge.proc.wait(timeout=5)
        down_at = time.monotonic()
        log(f"{edge.name}: {how}")
        edge.start(self.procs)
        up_at = time.monotonic()
        log(f"{edge.name}: new process (pid {edge.proc.pid}) on the same ports, accepting {up_at - down_at:.2f} s later")
        back = self.wait_playing(mine, up_at, 15)
        recovered_at = time.monotonic()
        during = max(longest_gap(p.arrivals, quit_at, cut) for p in mine)
        across = max(longest_gap(p.arrivals, cut, recovered_at) for p in mine)
        log(f"{edge.name}: {sum(p.video_after(up_at) for p in mine)}/{len(mine)} players playing again "
            f"{recovered_at - down_at:.2f} s after the old process was gone")
        self.outages.append(f"{edge.name} ({'SIGKILL at the termination grace' if not exited else 'exit 0'}), "
                            f"its {len(mine)} players: {during:.2f} s during the grace, {across:.2f} s across the restart")
        if not back:
            self.failures.append(f"players of {edge.name} not back 15 s after its restart")

    # -- the run -----------------------------------------------------------------------------

    def run(self) -> dict:
        self.start_nodes()
        for stream, origin in self.streams.items():
            log(f"ffmpeg publishes /live/{stream} to {origin.name} (rtmp://{origin.address}:{origin.rtmp}/live/{stream})")
        self.wait_published()
        self.start_players()
        steady = time.monotonic()
        if not self.wait_playing(self.players, steady - 60, 15):
            late = [p.label for p in self.players if not p.arrivals]
            self.failures.append(f"players without video 15 s after start: {late}")
        log(f"{len(self.players)} players playing: "
            + ", ".join(f"{e.name}: {self.count(e, 'rtmp')} rtmp + {self.count(e, 'flv')} http-flv" for e in self.edges))
        steady = time.monotonic()
        time.sleep(self.args.steady)
        self.check_publishers()
        self.upstream_before = self.check_upstream_count("before the update")
        self.show_edge_upstreams("before the update")
        self.extra_checks()
        baseline_end = time.monotonic()
        log(f"rolling update of the edges (--drain {self.args.drain}, termination grace "
            f"{self.args.termination_grace:g} s)")
        for edge in self.edges:
            self.check_publishers()
            self.roll(edge)
        time.sleep(3.0)
        self.check_publishers()
        self.upstream_after = self.check_upstream_count("after the update")
        self.show_edge_upstreams("after the update")
        end = time.monotonic()
        for node in self.origins:
            if not node.alive():
                self.failures.append(f"{node.name} died rc={node.proc.returncode}")
        for edge in self.edges:
            if not edge.alive():
                self.failures.append(f"{edge.name} died rc={edge.proc.returncode}")
        for p in self.players:
            p.stop()
        for p in self.players:
            p.join(timeout=3)
        return self.figures(steady, baseline_end, end)

    def count(self, edge: Node, kind: str) -> int:
        return sum(1 for p in self.players if p.edge is edge and p.kind == kind)

    def extra_checks(self) -> None:
        pass

    def figures(self, steady: float, baseline_end: float, end: float) -> dict:
        gaps: dict[str, float] = {}
        gap_at: dict[str, float] = {}
        for p in self.players:
            gaps[p.label], at = longest_gap_at(p.arrivals, steady, end)
            gap_at[p.label] = at - T0
        baseline = max((longest_gap(p.arrivals, steady, baseline_end) for p in self.players), default=0.0)
        never = [p.label for p in self.players if not (p.arrivals and p.arrivals[-1] > end - RECOVERED_WITHIN)]
        return {
            "title": self.title,
            "publisher_interruptions": len(self.publisher_deaths),
            "publisher_details": self.publisher_deaths,
            "gaps": gaps,
            "gap_at": gap_at,
            "max_gap": max(gaps.values()) if gaps else 0.0,
            "never_recovered": never,
            "baseline_gap": baseline,
            "baseline_window": baseline_end - steady,
            "outages": self.outages,
            "upstream_before": getattr(self, "upstream_before", -1),
            "upstream_after": getattr(self, "upstream_after", -1),
            "upstream_expected": getattr(self, "upstream_expected", 0),
            "reconnects": sum(len(p.ends) for p in self.players),
            "refused_attempts": sum(p.failed_attempts for p in self.players),
            "stalls": sum(p.stalls for p in self.players),
            "ts_regressions": sum(p.ts_regressions for p in self.players),
            "failures": self.failures,
            "notes": self.notes,
            "findings": self.findings,
            "window": end - steady,
        }


class EdgeCluster(Topology):
    """03-edge-cluster.yaml: srs-origin-service -> one origin; two edges; one stream."""

    def start_nodes(self) -> None:
        origin = self.node("origin", "srs-origin-config")
        self.names["srs-origin-service"] = origin
        self.origins = [origin]
        self.edges = [self.node(f"edge-{i}", "srs-edge-config", add_api=True) for i in range(2)]
        for n in self.origins + self.edges:
            n.write_config()
        for n in self.origins + self.edges:
            n.start(self.procs)
            log(f"{n.name:<9} pid {n.proc.pid:<7} {n.describe()}")
        self.publish("livestream", origin)

    def start_players(self) -> None:
        for edge in self.edges:
            self.add_players(edge, "livestream", self.args.rtmp_players, self.args.flv_players)


class OriginCluster(Topology):
    """04-origin-cluster.yaml: the StatefulSet's pods origin-0, -1, -2 behind the headless Service
    srs-origin-svc, each on its own address (127.0.0.1, .2, .3) with the same ports, coworkers of
    each other; two edges; streams a, b, c on origin-0, -1, -2.

    `srs-origin-svc` stays in the configs (the 04 form: `coworkers srs-origin-svc:1985`, `origin
    srs-origin-svc:1935`) and every node resolves it to the three addresses (SRS_RESOLVER_HOSTS);
    the per-pod names `srs-origin-N.srs-origin-svc` (SRS's form, also valid) map to origin-N."""

    SERVICE = "srs-origin-svc"

    def start_nodes(self) -> None:
        shared: dict[int, int] = {}
        self.origins = [self.node(f"origin-{i}", "srs-origin-cluster-config", host=f"127.0.0.{i + 1}",
                                  shared_ports=shared) for i in range(3)]
        for i, o in enumerate(self.origins):
            self.names[f"srs-origin-{i}.{self.SERVICE}"] = o
        self.names[self.SERVICE] = self.origins
        self.env["SRS_RESOLVER_HOSTS"] = f"{self.SERVICE}=" + ",".join(o.host for o in self.origins)
        self.edges = [self.node(f"edge-{i}", "srs-oc-edge-config", add_api=True) for i in range(2)]
        for n in self.origins + self.edges:
            n.write_config()
        log(f"every node runs with SRS_RESOLVER_HOSTS={self.env['SRS_RESOLVER_HOSTS']} "
            f"(the headless Service's pod addresses)")
        log(f"origins' config: {self.cluster_lines(self.origins[0])}; edges' config: {self.cluster_lines(self.edges[0])}")
        for n in self.origins + self.edges:
            n.start(self.procs)
            log(f"{n.name:<9} pid {n.proc.pid:<7} {n.describe()}")
        self.show_resolved()
        for stream, origin in zip("abc", self.origins):
            self.publish(stream, origin)

    def show_resolved(self) -> None:
        """What the resolver of each node whose config names the Service answered (its log line
        `cluster: srs-origin-svc resolves to a,b,c`)."""
        pattern = re.compile(rf"cluster: {re.escape(self.SERVICE)} resolves to (\S+)")
        answers: dict[str, list[str]] = {}
        for n in self.origins + self.edges:
            if not re.search(rf"\b{re.escape(self.SERVICE)}:", self.cluster_lines(n)):
                continue
            found = wait_until(lambda: pattern.findall(n.log_since(0)), 3)
            answers.setdefault(found[-1] if found else "(nothing logged within 3 s)", []).append(n.name)
        for answer, nodes in answers.items():
            text = f"{self.SERVICE} resolves to {answer} in the log of {', '.join(nodes)}"
            log(text)
            self.findings.append(text)

    def start_players(self) -> None:
        # The first player of a stream starts the edge's pull at the next origin of the edge's
        # round robin (origin-0, -1, -2, ...). Starting c, a, b in that order sends every first
        # pull to an origin without the stream, so each one is redirected (RTMP 302).
        for stream in "cab":
            first = [self.add_players(edge, stream, 1, 0)[0] for edge in self.edges]
            self.wait_playing(first, 0, 10)
        rtmp, flv = max(1, self.args.rtmp_players - 1), max(1, self.args.flv_players - 1)
        for edge in self.edges:
            for stream in "abc":
                self.add_players(edge, stream, rtmp - 1, flv)

    def extra_checks(self) -> None:
        """`/api/v1/streams/?cluster=on` on every origin: its own streams (`self`) and each other
        coworker's, the coworkers found through the Service name at their own addresses. origin-0's
        list must be complete; origin-1's and -2's are shown and a difference is a note, unless
        --strict-lists: srs-swift 5.0.216 takes 127.0.0.1:<its api port> for itself whatever its
        http_api.listen host, so they skip origin-0 (docs/cluster.md, "Measured")."""
        for origin in self.origins:
            try:
                answer = origin.api("/api/v1/streams/?cluster=on")
            except OSError as e:
                self.failures.append(f"{origin.name} /api/v1/streams/?cluster=on failed: {e}")
                continue
            listed = sorted((s.get("name"), s.get("api")) for s in answer.get("streams", []))
            asked = sorted((w.get("api"), w.get("ok")) for w in answer.get("coworkers", []))
            text = (f"{origin.name} /api/v1/streams/?cluster=on: " + ", ".join(f"{n}@{a}" for n, a in listed)
                    + f"; coworkers asked: {', '.join(f'{a} ok' if ok else f'{a} FAILED' for a, ok in asked) or 'none'}")
            log(text)
            self.findings.append(f"cluster-wide list on {origin.name}: "
                                 + ", ".join(f"{n}@{a}" for n, a in listed))
            expected = sorted((s, "self" if o is origin else f"{o.address}:{o.api_port}") for s, o in self.streams.items())
            expected_asked = sorted((f"{o.address}:{o.api_port}", True) for o in self.origins if o is not origin)
            strict = origin is self.origins[0] or self.args.strict_lists
            if listed != expected:
                missing = ", ".join(f"{n}@{a}" for n, a in sorted(set(expected) - set(listed)))
                (self.failures if strict else self.notes).append(
                    f"cluster-wide stream list on {origin.name} lacks {missing or '-'} (got {listed})")
            if asked != expected_asked:
                skipped = ", ".join(a for a, _ in sorted(set(expected_asked) - set(asked)))
                (self.failures if strict else self.notes).append(
                    f"{origin.name} did not ask coworker {skipped or '-'} for its streams (asked {asked})")
        redirects = 0
        for edge in self.edges:
            for s in edge.api("/api/v1/streams/?count=100")["streams"]:
                redirects += (s.get("upstream") or {}).get("redirects", 0)
        log(f"RTMP 302 followed by the edges' pulls so far: {redirects}")


# --------------------------------------------------------------------------------------------
# Media and report


def rel(path: Path) -> str:
    """A path inside the repository relative to it (the output is pasted into docs)."""
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def find_clip() -> Path:
    media = os.environ.get("SRS_MEDIA_DIR")
    if media:
        clip = Path(media) / CLIP_NAME
        if not clip.exists():
            raise DemoError(f"SRS_MEDIA_DIR={media} has no {CLIP_NAME}")
        return clip
    clip = REPO / "objs" / "media" / CLIP_NAME
    if clip.exists():
        return clip
    maker = REPO / "scripts" / "make-test-media.sh"
    if maker.exists():
        say(f"{clip.relative_to(REPO)} missing: running scripts/make-test-media.sh")
        subprocess.run(["bash", str(maker)], cwd=REPO, check=True)
        if clip.exists():
            return clip
    say(f"{clip.relative_to(REPO)} missing: generating a 10 s test clip with ffmpeg lavfi")
    clip.parent.mkdir(parents=True, exist_ok=True)
    tmp = clip.with_suffix(".part.flv")
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "10", "-c:v", "libx264",
                    "-preset", "veryfast", "-g", "60", "-b:v", "800k", "-c:a", "aac", "-f", "flv", str(tmp)],
                   check=True, timeout=120)
    tmp.rename(clip)
    return clip


def report(results: list[dict]) -> bool:
    ok = True
    say()
    say("=" * 100)
    say("figures")
    for r in results:
        say(f"  {r['title']} (measured over {r['window']:.1f} s)")
        say(f"    publisher interruptions (must be 0):        {r['publisher_interruptions']}"
            + (f"  {r['publisher_details']}" if r['publisher_details'] else ""))
        say(f"    players that never recovered (must be 0):   {len(r['never_recovered'])}"
            + (f"  {r['never_recovered']}" if r['never_recovered'] else ""))
        say(f"    origin upstreams before / after the update (must be {r['upstream_expected']}): "
            f"{r['upstream_before']} / {r['upstream_after']}")
        say(f"    longest video gap, max over {len(r['gaps'])} players:     {r['max_gap']:.2f} s")
        say(f"      before the update ({r['baseline_window']:.1f} s, merged writes): {r['baseline_gap']:.2f} s")
        for outage in r["outages"]:
            say(f"      {outage}")
        say(f"    player reconnects / refused attempts / stalls: {r['reconnects']} / {r['refused_attempts']} / {r['stalls']}")
        say(f"    video timestamp regressions in a connection:   {r['ts_regressions']}")
        say("    longest video gap per player:")
        items = sorted(r["gaps"].items())
        width = max(len(k) for k, _ in items) if items else 0
        for i in range(0, len(items), 3):
            say("      " + "   ".join(f"{k:<{width}} {v:5.2f} s @{r['gap_at'][k]:5.1f}s" for k, v in items[i:i + 3]))
        for finding in r["findings"]:
            say(f"    {finding}")
        for note in r["notes"]:
            say(f"    note: {note}")
        bad = r["publisher_interruptions"] or r["never_recovered"] or r["failures"]
        for f in r["failures"]:
            say(f"    FAILED: {f}")
        ok = ok and not bad
    say("=" * 100)
    say("result: " + ("OK" if ok else "FAILED"))
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("edge", "origin"), help="run one topology")
    parser.add_argument("--termination-grace", type=float, default=6.0,
                        help="seconds from SIGQUIT to SIGKILL, kubelet's terminationGracePeriodSeconds (60 in "
                             "deploy/k8s) scaled down for the demo (default 6)")
    parser.add_argument("--drain", choices=("kill", "leave"), default="kill",
                        help="kill: players stay on the quitting edge until the termination grace ends it (default); "
                             "leave: its players hang up once its listeners closed, so it exits by itself")
    parser.add_argument("--rtmp-players", type=int, default=2, help="RTMP players per edge and stream (edge cluster; "
                        "the origin cluster uses max(1, n-1))")
    parser.add_argument("--flv-players", type=int, default=2, help="HTTP-FLV players per edge and stream (idem)")
    parser.add_argument("--steady", type=float, default=6.0, help="seconds of playing before the update (default 6)")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (configs, logs) also on success")
    parser.add_argument("--strict-lists", action="store_true",
                        help="fail when the cluster-wide stream list of origin-1 or -2 is incomplete (origin-0's "
                             "always counts)")
    parser.add_argument("--edge-yaml", type=Path, default=REPO / "deploy" / "k8s" / "03-edge-cluster.yaml",
                        help="the edge cluster's manifests (default deploy/k8s/03-edge-cluster.yaml)")
    parser.add_argument("--origin-yaml", type=Path, default=REPO / "deploy" / "k8s" / "04-origin-cluster.yaml",
                        help="the origin cluster's manifests (default deploy/k8s/04-origin-cluster.yaml); "
                             "`coworkers` / `origin` may name the headless Service or list the pods")
    args = parser.parse_args()

    if not BINARY.exists():
        raise DemoError(f"{BINARY} missing: run `make build` (or set SRS_BINARY)")
    for tool in ("ffmpeg",):
        if shutil.which(tool) is None:
            raise DemoError(f"{tool} not found (make deps installs it)")
    clip = find_clip()
    root = Path(tempfile.mkdtemp(prefix="srs-cluster-demo-"))
    procs = Processes()
    version = subprocess.run([str(BINARY), "-v"], capture_output=True, text=True).stdout.strip()
    say(f"cluster demo: {rel(BINARY)} {version}, clip {rel(clip)}, configs and logs in {root}")
    results = []
    ok = False
    try:
        plan = [("edge", EdgeCluster, "edge cluster: 1 origin + 2 edges", args.edge_yaml),
                ("origin", OriginCluster, "origin cluster: 3 origins + 2 edges", args.origin_yaml)]
        for key, cls, title, yaml_path in plan:
            if args.only and args.only != key:
                continue
            say()
            say(f"== {title} ({rel(yaml_path)}) ==")
            topo = cls(title, yaml_path, root / key, procs, clip, args)
            try:
                results.append(topo.run())
            finally:
                for p in topo.players:
                    p.stop()
                procs.stop_all()
        ok = report(results)
    except KeyboardInterrupt:
        say("\ninterrupted")
    except DemoError as e:
        say(f"\nerror: {e}")
    finally:
        procs.stop_all()
        if ok and not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            say(f"configs and logs kept in {root}")
    say(f"total {time.monotonic() - T0:.1f} s")
    return 0 if ok else 1


def _terminate(signo, _frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGINT, _terminate)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    try:
        sys.exit(main())
    except DemoError as e:
        say(f"error: {e}")
        sys.exit(1)
