"""The Prometheus exporter (`exporter {}`, `GET /metrics`): SRS 5's families and ours, parsed with
prometheus_client's own text parser and cross-checked against the HTTP API (`/api/v1/streams`,
`/api/v1/clients`, `/api/v1/summaries`), the listener on reload, drop counters of a stalled
player, and an edge stream's upstream.

The server samples CPU, memory and its byte totals every 3 s for both the API and the exporter,
so those figures are compared within one sampling period (two scrapes that agree bracket the API
call); counters are compared by order (an API read between two scrapes lies between them)."""

from __future__ import annotations

import gzip
import json
import re
import socket
import time
import urllib.error
import urllib.request
from typing import Optional

import pytest
from prometheus_client.parser import text_string_to_metric_families

from cluster_nodes import Node, nodes, wait_until  # noqa: F401  (fixture)
from harness import CLIP_360P, HOST, REPO, SRS_VERSION, ProcessGroup, ffmpeg_publish, free_port, refused, wait_media
from rtmp_client import RtmpClient

pytestmark = pytest.mark.srs_only
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# SRS 5's families in its order, as prometheus_client names them (a counter's family drops `_total`).
SRS_FAMILIES = ["srs_node_uname_info", "srs_build_info", "srs_cpu_percent", "srs_memory", "srs_send_bytes",
                "srs_receive_bytes", "srs_streams", "srs_clients", "srs_clients", "srs_clients_errs"]


def exporter_block(port: int, enabled: str = "on", label: str = "cn-beijing", tag: str = "cn-edge") -> str:
    return f"exporter {{ enabled {enabled}; listen {port}; label {label}; tag {tag}; }}\n"


def get(port: int, path: str = "/metrics", headers: Optional[dict] = None, method: str = "GET"):
    """(status, headers, body bytes) of one request."""
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Metrics:
    """One scrape, parsed by prometheus_client: samples by name, and the families' types."""

    def __init__(self, text: str):
        self.text = text
        self.families = list(text_string_to_metric_families(text))
        self.types = {f.name: f.type for f in self.families}
        self.samples: dict[str, list] = {}
        for family in self.families:
            for sample in family.samples:
                self.samples.setdefault(sample.name, []).append(sample)

    def value(self, name: str, **labels) -> float:
        found = [s.value for s in self.samples.get(name, []) if all(s.labels.get(k) == v for k, v in labels.items())]
        assert len(found) == 1, f"{name}{labels}: {len(found)} samples in\n{self.text}"
        return found[0]

    def labels(self, name: str) -> dict:
        (sample,) = self.samples[name]
        return sample.labels

    def stream(self, name: str, stream: str) -> float:
        return self.value(name, vhost="__defaultVhost__", app="live", stream=stream)


def scrape(port: int) -> Metrics:
    status, headers, body = get(port)
    assert status == 200, (status, body[:200])
    assert headers["Content-Type"] == CONTENT_TYPE
    return Metrics(body.decode("utf-8"))


def exporter_node(nodes, name: str = "exporter", **kwargs) -> Node:
    node = nodes(name, start=False, **kwargs)
    node.exporter_port = free_port()
    node.globals_ = exporter_block(node.exporter_port) + node.globals_
    node.start()
    return node


def rtmp_player(made: list, node: Node, stream: str) -> RtmpClient:
    client = RtmpClient(HOST, node.port, timeout=5)
    made.append(client)
    client.handshake()
    client.connect("live")
    client.play(stream)
    return client


@pytest.fixture
def players():
    made: list[RtmpClient] = []
    yield made
    for client in made:
        client.close()


def bracketed(read_metrics, read_api, figures, tries: int = 6):
    """(metrics, api) of a moment when every sampled figure read the same in two scrapes around
    the API call (so the API, sampled by the same 3 s timer, read that sample too)."""
    for _ in range(tries):
        before, api, after = read_metrics(), read_api(), read_metrics()
        if all(figure(before) == figure(after) for figure in figures):
            return before, api, after
        time.sleep(0.3)
    raise AssertionError("the sampled figures never held still across two scrapes")


def test_metrics_parse_and_agree_with_the_api(nodes, procs, players) -> None:
    node = exporter_node(nodes)
    ffmpeg_publish(procs, CLIP_360P, node.url("livestream"), node.workdir / "pub.log")
    wait_until(lambda: (node.stream("livestream") or {}).get("publish", {}).get("active"), 10, "the publish")
    for _ in range(2):
        wait_media(rtmp_player(players, node, "livestream"), 10, 10)
    flv = procs.spawn(["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-i", node.flv_url("livestream"),
                       "-c", "copy", "-f", "null", "-"], log=node.workdir / "flv-player.log")
    wait_until(lambda: len(node.clients_of("livestream")) == 4, 10, "the HTTP-FLV player in the API")
    time.sleep(3.5)  # one sampling round with every player attached

    m = scrape(node.exporter_port)
    # Every family is announced with its type; SRS's families come first, in SRS's order.
    assert [f.name for f in m.families][:10] == SRS_FAMILIES, [f.name for f in m.families]
    assert m.types["srs_send_bytes"] == "counter" and m.types["srs_streams"] == "gauge"
    assert all(m.types[f] == "counter" for f in ("srs_clients", "srs_clients_errs", "srs_stream_dropped_messages"))
    assert m.text.count("# TYPE srs_clients ") == 1 and m.text.count("# TYPE srs_clients_total ") == 1

    versions = node.api("/api/v1/versions")
    build = m.labels("srs_build_info")
    assert build == {"server": versions["server"], "service": versions["service"], "pid": versions["pid"],
                     "build_date": "", "major": SRS_VERSION.split(".")[0], "version": SRS_VERSION, "code": "Bee",
                     "label": "cn-beijing", "tag": "cn-edge"}
    assert int(build["pid"]) == node.proc.pid
    assert m.labels("srs_node_uname_info")["sysname"] == "Linux"
    assert m.labels("srs_node_uname_info")["nodename"] == socket.gethostname()

    streams = node.api("/api/v1/streams/?count=100")["streams"]
    clients = node.api("/api/v1/clients/?count=1000")["clients"]
    assert m.value("srs_streams") == len(streams) == 1
    assert m.value("srs_clients") == len(clients) == 4
    assert m.value("srs_clients_total") >= 4
    assert m.value("srs_clients_errs_total") == 0
    stream = streams[0]
    assert m.stream("srs_stream_clients", "livestream") == stream["clients"] == 4
    assert m.stream("srs_stream_players", "livestream") == 3
    assert m.stream("srs_stream_publishing", "livestream") == 1
    assert {c["type"] for c in clients} == {"fmle-publish", "rtmp-play", "flv-play"}
    assert all(c["dropped"] == 0 for c in clients)
    assert m.stream("srs_stream_dropped_messages_total", "livestream") == 0 == m.value("srs_dropped_messages_total")

    # Byte counters only grow: an API read between two scrapes lies between them.
    def api_stream() -> dict:
        return node.stream("livestream")
    before, api, after = scrape(node.exporter_port), api_stream(), scrape(node.exporter_port)
    for name, key in (("srs_stream_receive_bytes_total", "recv_bytes"), ("srs_stream_send_bytes_total", "send_bytes")):
        assert before.stream(name, "livestream") <= api[key] <= after.stream(name, "livestream"), (name, api[key])
    assert before.stream("srs_stream_receive_bytes_total", "livestream") > 100_000

    # Sampled figures: the same 3 s sample as the API's.
    def sampled(metrics: Metrics) -> tuple:
        return (metrics.value("srs_cpu_percent"), metrics.value("srs_memory"), metrics.value("srs_send_bytes_total"),
                metrics.value("srs_receive_bytes_total"), metrics.stream("srs_stream_receive_kbps", "livestream"),
                metrics.stream("srs_stream_send_kbps", "livestream"))

    def api_figures() -> tuple:
        return (node.api("/api/v1/summaries"), node.api("/api/v1/self_proc_stats"), api_stream())

    m, (summaries, proc, stream), _ = bracketed(lambda: scrape(node.exporter_port), api_figures, [sampled])
    system = summaries["data"]["system"]
    assert m.value("srs_send_bytes_total") == system["srs_send_bytes"] > 0
    assert m.value("srs_receive_bytes_total") == system["srs_recv_bytes"] > 0
    # The API prints the fraction with two decimals.
    assert abs(m.value("srs_cpu_percent") - summaries["data"]["self"]["cpu_percent"] * 100) <= 0.5 + 1e-9
    assert m.value("srs_memory") == proc["data"]["rss"] * 4  # KB of 4 KB pages
    assert m.stream("srs_stream_receive_kbps", "livestream") == stream["kbps"]["recv_30s"]
    assert m.stream("srs_stream_send_kbps", "livestream") == stream["kbps"]["send_30s"]

    # A player leaving: fewer clients, and the counters keep what it was counted for.
    ProcessGroup.kill(flv)
    wait_until(lambda: len(node.clients_of("livestream")) == 3, 10, "the HTTP-FLV player leaving")
    later = scrape(node.exporter_port)
    assert later.value("srs_clients") == 3 and later.stream("srs_stream_players", "livestream") == 2
    assert later.value("srs_clients_total") >= m.value("srs_clients_total")
    assert later.stream("srs_stream_send_bytes_total", "livestream") >= after.stream("srs_stream_send_bytes_total", "livestream")


def test_the_exporter_port_serves_metrics_only_with_head_gzip_and_the_api_port_too(nodes) -> None:
    node = exporter_node(nodes)
    status, headers, body = get(node.exporter_port, "/metrics", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert Metrics(gzip.decompress(body).decode()).value("srs_streams") == 0
    status, headers, body = get(node.exporter_port, "/metrics", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000
    assert get(node.exporter_port, "/api/v1/versions")[0] == 404
    assert get(node.exporter_port, "/")[0] == 404
    # SRS compat: the API answers /metrics as well.
    status, headers, body = get(node.api_port, "/metrics")
    assert status == 200 and headers["Content-Type"] == CONTENT_TYPE
    assert Metrics(body.decode()).labels("srs_build_info")["tag"] == "cn-edge"


def test_reload_moves_disables_and_reenables_the_exporter(nodes) -> None:
    node = exporter_node(nodes)
    first = node.exporter_port
    assert scrape(first).labels("srs_build_info")["label"] == "cn-beijing"

    moved = free_port()
    node.wait_log("reload config success", node.reload(globals_=exporter_block(moved, tag="cn-origin")), 3)
    wait_until(lambda: refused(first), 3, "the old exporter port closing")
    assert scrape(moved).labels("srs_build_info")["tag"] == "cn-origin"

    node.wait_log("reload config success", node.reload(globals_=exporter_block(moved, enabled="off")), 3)
    wait_until(lambda: refused(moved), 3, "the exporter port closing")
    status, _, body = get(node.api_port, "/metrics")
    assert status == 200 and body == b'{"code":1090}', body  # SRS's ERROR_EXPORTER_DISABLED

    # Enabled on the API's port: one listener serves both.
    mark = node.reload(globals_=exporter_block(node.api_port, label="shared", tag="x"))
    node.wait_log("reload config success", mark, 3)
    build = wait_until(lambda: get(node.api_port, "/metrics")[0] == 200 and scrape(node.api_port).labels("srs_build_info"),
                       3, "metrics on the API port")
    assert build["label"] == "shared"
    assert node.api("/api/v1/versions")["code"] == 0
    assert node.alive()


def test_a_stalled_player_drops_are_counted_per_stream_and_kept_after_it_left(nodes, procs) -> None:
    node = exporter_node(nodes, vhost_extra="play { queue_length 2; }")
    # Eight times real time: a player that does not read falls behind within a second.
    procs.spawn(["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-readrate", "8", "-stream_loop", "-1",
                 "-i", CLIP_360P, "-c", "copy", "-f", "flv", node.url("fast")], log=node.workdir / "pub.log")
    wait_until(lambda: (node.stream("fast") or {}).get("publish", {}).get("active"), 10, "the publish")
    stalled = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    client = RtmpClient(HOST, node.port, timeout=5)
    client.sock = stalled
    stalled.settimeout(5)
    stalled.connect((HOST, node.port))
    try:
        client.handshake()
        client.connect("live")
        client.play("fast", reader=False)  # and never reads again
        wait_until(lambda: scrape(node.exporter_port).stream("srs_stream_dropped_messages_total", "fast") > 0, 20,
                   "drops for the stalled player")

        def api_drops() -> int:
            return sum(c["dropped"] for c in node.clients_of("fast"))
        before, dropped, after = scrape(node.exporter_port), api_drops(), scrape(node.exporter_port)
        assert before.stream("srs_stream_dropped_messages_total", "fast") <= dropped
        assert dropped <= after.stream("srs_stream_dropped_messages_total", "fast")
        assert after.value("srs_dropped_messages_total") >= after.stream("srs_stream_dropped_messages_total", "fast")
        counted = after.stream("srs_stream_dropped_messages_total", "fast")
    finally:
        client.close()
    wait_until(lambda: len(node.clients_of("fast")) == 1, 10, "the stalled player leaving")
    left = scrape(node.exporter_port)
    assert left.stream("srs_stream_dropped_messages_total", "fast") >= counted
    assert left.value("srs_dropped_messages_total") >= counted
    assert left.stream("srs_stream_players", "fast") == 0


def test_an_edge_stream_shows_its_upstream_state_origin_bytes_and_reconnects(nodes, procs, players) -> None:
    origin = nodes("origin")
    edge = exporter_node(nodes, "edge", cluster=f"mode remote; origin {HOST}:{origin.port};")
    ffmpeg_publish(procs, CLIP_360P, origin.url("livestream"), origin.workdir / "pub.log")
    wait_until(lambda: origin.stream("livestream"), 10, "the publish on the origin")
    wait_media(rtmp_player(players, edge, "livestream"), 10, 10)

    m = scrape(edge.exporter_port)
    series = {"vhost": "__defaultVhost__", "app": "live", "stream": "livestream", "direction": "pull"}
    states = {s.labels["state"]: s.value for s in m.samples["srs_stream_upstream_state"]}
    assert states == {"connecting": 0, "pulling": 1, "pushing": 0, "waiting": 0, "stopped": 0}
    assert m.value("srs_stream_upstream_info", origin=f"{HOST}:{origin.port}", **series) == 1
    upstream = edge.stream("livestream")["upstream"]
    assert upstream["state"] == "pulling" and upstream["origin"] == f"{HOST}:{origin.port}"
    assert m.value("srs_stream_upstream_reconnects_total", **series) == upstream["reconnects"] == 0
    assert m.value("srs_stream_upstream_redirects_total", **series) == upstream["redirects"] == 0
    assert 0 < m.value("srs_stream_upstream_bytes_total", **series) <= edge.stream("livestream")["upstream"]["bytes"]
    assert m.stream("srs_stream_publishing", "livestream") == 1
    assert m.stream("srs_stream_players", "livestream") == m.stream("srs_stream_clients", "livestream") == 1
    # The origin has no exporter block: its API answers /metrics with SRS's ERROR_EXPORTER_DISABLED.
    assert get(origin.api_port, "/metrics")[2] == b'{"code":1090}'


def test_every_metric_the_grafana_dashboard_queries_is_exported(nodes) -> None:
    node = exporter_node(nodes)
    announced = set(re.findall(r"^# TYPE (\S+) ", scrape(node.exporter_port).text, re.M))
    dashboard = json.loads((REPO / "deploy" / "grafana" / "srs-swift.json").read_text())
    queried = {name for panel in dashboard["panels"] for target in panel.get("targets", [])
               for name in re.findall(r"\bsrs_[a-z_]+", target["expr"])}
    assert queried and queried <= announced, queried - announced
