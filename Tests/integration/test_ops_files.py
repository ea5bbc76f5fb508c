"""Ops files: every shipped and Kubernetes-embedded config passes `srs -t`, the Docker/K8s files say
what SRS's do, and etc/init.d/srs drives a real server (start/status/reload/rotate/stop/grace).
The Docker runtime check itself (debootstrap + chroot) is `make docker-check`, not part of this suite."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Iterator, Optional

import pytest

pytestmark = pytest.mark.srs_only

REPO = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("SRS_BINARY", str(REPO / "objs" / "srs")))
INIT_SCRIPT = REPO / "etc" / "init.d" / "srs"
K8S_DIR = REPO / "deploy" / "k8s"
FRAGMENTS = {"include.vhost.conf"}  # included by include.conf, not a config on its own

SHIPPED_CONFIGS = sorted(p for p in (REPO / "conf").glob("*.conf") if p.name not in FRAGMENTS)
K8S_FILES = sorted(K8S_DIR.glob("*.yaml"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def process_alive(pid: int) -> bool:
    """True if `pid` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def wait_until(predicate, timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def check_config(path: Path, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([str(BINARY), "-t", "-c", str(path)], cwd=cwd, capture_output=True,
                          text=True, timeout=10)


def with_test_certificate(directory: Path) -> Path:
    """A working directory with the ./conf/server.key and ./conf/server.crt an HTTPS config names
    (no key is shipped: `-t` loads them)."""
    (directory / "conf").mkdir(exist_ok=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "1", "-subj", "/CN=localhost", "-keyout", "conf/server.key",
                    "-out", "conf/server.crt"], cwd=directory, check=True, capture_output=True, timeout=30)
    return directory


# --------------------------------------------------------------------------------------------
# Configs embedded in the Kubernetes manifests


def srs_confs_by_text(text: str) -> list[str]:
    """The `srs.conf: |` block scalars of a manifest, without a YAML library."""
    lines = text.splitlines()
    found = []
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)srs\.conf:\s*\|\s*$", line)
        if not m:
            continue
        key_indent = len(m.group(1))
        block: list[str] = []
        for body in lines[i + 1:]:
            if body.strip() and len(body) - len(body.lstrip(" ")) <= key_indent:
                break
            block.append(body)
        while block and not block[-1].strip():
            block.pop()
        indent = min(len(b) - len(b.lstrip(" ")) for b in block if b.strip())
        found.append("\n".join(b[indent:] for b in block) + "\n")
    return found


def srs_confs(path: Path) -> list[str]:
    """Every ConfigMap's `srs.conf` in a manifest (PyYAML when installed)."""
    text = path.read_text()
    try:
        import yaml
    except ImportError:
        return srs_confs_by_text(text)
    return [doc["data"]["srs.conf"] for doc in yaml.safe_load_all(text)
            if doc and doc.get("kind") == "ConfigMap" and "srs.conf" in (doc.get("data") or {})]


def k8s_documents(path: Path) -> list[dict]:
    yaml = pytest.importorskip("yaml")
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def pod_specs(path: Path) -> list[dict]:
    return [doc["spec"]["template"]["spec"] for doc in k8s_documents(path)
            if doc["kind"] in ("Deployment", "StatefulSet")]


K8S_CONFIGS = [pytest.param(path, index, id=f"{path.name}#{index}")
               for path in K8S_FILES for index in range(len(srs_confs(path)))]


@pytest.mark.parametrize("path", SHIPPED_CONFIGS, ids=lambda p: p.name)
def test_every_shipped_config_passes_the_config_test(path: Path, tmp_path: Path) -> None:
    if re.search(r"\bhttps\s*\{", path.read_text()):
        missing = check_config(path, cwd=tmp_path)
        assert missing.returncode != 0 and "https cert ./conf/server.crt" in missing.stdout, missing.stdout
        result = check_config(path, cwd=with_test_certificate(tmp_path))
    else:
        result = check_config(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "test is successful" in result.stdout


@pytest.mark.parametrize("path,index", K8S_CONFIGS)
def test_every_config_embedded_in_the_kubernetes_manifests_passes_the_config_test(
        path: Path, index: int, tmp_path: Path) -> None:
    conf = tmp_path / "srs.conf"
    conf.write_text(srs_confs(path)[index])
    result = check_config(conf)
    assert result.returncode == 0, f"{path.name} config #{index}:\n{result.stdout}{result.stderr}"


def test_the_srs_variables_of_the_kubernetes_manifests_are_known_and_pass_the_config_test(tmp_path: Path) -> None:
    """`env:` entries of the containers (SRS_* overrides) are SRS 5 names and valid over the file."""
    checked = 0
    for path in K8S_FILES:
        confs = srs_confs(path)
        for spec in pod_specs(path):
            for container in spec.get("containers", []):
                env = {e["name"]: str(e["value"]) for e in container.get("env", [])
                       if e["name"].startswith("SRS_") and "value" in e}
                if not env:
                    continue
                conf = tmp_path / "srs.conf"
                conf.write_text(confs[0])
                result = subprocess.run([str(BINARY), "-t", "-c", str(conf)], capture_output=True, text=True,
                                        timeout=10, env={"PATH": os.environ.get("PATH", "/usr/bin")} | env)
                out = result.stdout + result.stderr
                assert result.returncode == 0, f"{path.name}: {out}"
                assert "unknown SRS_*" not in out, f"{path.name}: {out}"
                for name, value in env.items():
                    assert f"env: {name}={value} => " in out, f"{path.name}: {name} not applied:\n{out}"
                checked += 1
    assert checked >= 1, "no manifest shows an SRS_* env override"


def test_every_kubernetes_manifest_embeds_an_srs_config() -> None:
    assert len(K8S_FILES) >= 5
    for path in K8S_FILES:
        assert srs_confs(path), f"{path.name} has no srs.conf"


def test_the_text_extractor_agrees_with_pyyaml() -> None:
    pytest.importorskip("yaml")
    for path in K8S_FILES:
        assert srs_confs_by_text(path.read_text()) == srs_confs(path), path.name


def test_edges_quit_gracefully_through_the_init_script() -> None:
    edges = 0
    for path in K8S_FILES:
        for spec in pod_specs(path):
            for container in spec["containers"]:
                pre_stop = container.get("lifecycle", {}).get("preStop")
                if pre_stop:
                    edges += 1
                    assert pre_stop["exec"]["command"] == ["/usr/local/srs/etc/init.d/srs", "grace"]
                    assert spec["terminationGracePeriodSeconds"] > 10
    assert edges >= 2
    for path in K8S_FILES:
        for conf in srs_confs(path):
            if re.search(r"\bmode\s+remote\s*;", conf):
                assert "force_grace_quit    on;" in conf, path.name


def test_the_auto_reload_scenario_mounts_the_configmap_directory_without_subpath() -> None:
    path = K8S_DIR / "05-configmap-auto-reload.yaml"
    assert any("inotify_auto_reload on;" in conf for conf in srs_confs(path))
    mounts = [m for spec in pod_specs(path) for c in spec["containers"] for m in c.get("volumeMounts", [])]
    conf_mounts = [m for m in mounts if m["mountPath"].rstrip("/") == "/usr/local/srs/conf"]
    assert conf_mounts and all("subPath" not in m for m in conf_mounts)


def exporter_port(conf: str) -> Optional[int]:
    """The port of an enabled `exporter {}` block of a config, else None."""
    block = re.search(r"^exporter\s*\{([^}]*)\}", conf, re.M)
    if not block or not re.search(r"\benabled\s+on\s*;", block.group(1)):
        return None
    listen = re.search(r"\blisten\s+(?:\S+:)?(\d+)\s*;", block.group(1))
    return int(listen.group(1)) if listen else 9972


def test_pods_whose_config_enables_the_exporter_are_annotated_for_scraping_and_expose_its_port() -> None:
    scraped = 0
    for path in K8S_FILES:
        docs = k8s_documents(path)
        confs = {doc["metadata"]["name"]: doc["data"]["srs.conf"] for doc in docs
                 if doc["kind"] == "ConfigMap" and "srs.conf" in (doc.get("data") or {})}
        for doc in docs:
            if doc["kind"] not in ("Deployment", "StatefulSet"):
                continue
            template = doc["spec"]["template"]
            maps = [v["configMap"]["name"] for v in template["spec"].get("volumes", []) if "configMap" in v]
            port = next((exporter_port(confs[m]) for m in maps if m in confs), None)
            annotations = template["metadata"].get("annotations", {})
            where = f"{path.name} {doc['metadata']['name']}"
            if port is None:
                assert "prometheus.io/scrape" not in annotations, where
                continue
            scraped += 1
            assert annotations == {"prometheus.io/scrape": "true", "prometheus.io/port": str(port),
                                   "prometheus.io/path": "/metrics"}, where
            (srs,) = [c for c in template["spec"]["containers"] if c["name"] == "srs"]
            assert {"name": "metrics", "containerPort": port} in srs["ports"], where
    assert scraped >= 5


def test_the_grafana_dashboard_is_valid_json_with_the_operator_panels() -> None:
    dashboard = json.loads((REPO / "deploy" / "grafana" / "srs-swift.json").read_text())
    exprs = " ".join(t["expr"] for p in dashboard["panels"] for t in p.get("targets", []))
    for metric in ("srs_streams", "srs_clients", "srs_receive_bytes_total", "srs_send_bytes_total", "srs_cpu_percent",
                   "srs_memory", "srs_dropped_messages_total", "srs_stream_upstream_reconnects_total"):
        assert re.search(rf"\b{metric}\b", exprs), metric
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------------------------
# Docker image files


def runtime_stage() -> list[str]:
    """The Dockerfile's last stage, continuation lines joined, comments dropped."""
    text = (REPO / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    last_from = max(i for i, line in enumerate(lines) if line.startswith("FROM "))
    return lines[last_from:]


def test_the_image_runs_like_srs_5s() -> None:
    stage = runtime_stage()
    assert stage[0] == "FROM debian:bookworm-slim"
    assert "WORKDIR /usr/local/srs" in stage
    assert "EXPOSE 1935 1985 8080" in stage
    assert "ENV SRS_DAEMON=off SRS_IN_DOCKER=on" in stage
    cmd = [line for line in stage if line.startswith("CMD ")]
    assert json.loads(cmd[-1][4:]) == ["./objs/srs", "-c", "conf/docker.conf"]
    install = [line for line in stage if "apt-get install" in line]
    assert install and re.search(r"\blibssl3\b", install[0])


def test_the_install_layout_matches_srs_make_install(tmp_path: Path) -> None:
    subprocess.run(["sh", "deploy/docker/install-layout.sh", str(BINARY), "/usr/local/srs"], cwd=REPO,
                   env={**os.environ, "DESTDIR": str(tmp_path)}, check=True, timeout=30)
    root = tmp_path / "usr" / "local" / "srs"
    assert os.access(root / "objs" / "srs", os.X_OK)
    assert (root / "conf" / "docker.conf").is_file()
    assert (root / "objs" / "nginx" / "html").is_dir()
    script = (root / "etc" / "init.d" / "srs").read_text()
    assert re.search(r'^ROOT="/usr/local/srs"$', script, re.M)


@pytest.mark.parametrize("script", ["etc/init.d/srs", "scripts/docker-rootfs-check.sh",
                                    "deploy/docker/install-layout.sh"])
def test_ops_scripts_are_valid_shell(script: str) -> None:
    result = subprocess.run(["bash", "-n", str(REPO / script)], capture_output=True, text=True, timeout=10)
    assert result.returncode == 0, result.stderr
    if shutil.which("shellcheck"):
        result = subprocess.run(["shellcheck", str(REPO / script)], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stdout


# --------------------------------------------------------------------------------------------
# etc/init.d/srs against the real server


class InitScript:
    """Runs etc/init.d/srs with SRS_ROOT/SRS_CONFIG pointing at a temp config."""

    def __init__(self, tmp: Path, extra: str = ""):
        self.tmp = tmp
        self.port = free_port()
        self.pid_file = tmp / "srs.pid"
        self.log_file = tmp / "srs.log"
        self.config = tmp / "srs.conf"
        self.config.write_text(
            f"listen {self.port};\ndaemon off;\npid {self.pid_file};\nsrs_log_tank file;\n"
            f"srs_log_file {self.log_file};\n{extra}vhost __defaultVhost__ {{}}\n")
        self.root = REPO
        if BINARY.resolve() != (REPO / "objs" / "srs").resolve():
            # The script runs ROOT/objs/srs: give it a root whose objs/srs is the binary under test.
            self.root = tmp / "root"
            (self.root / "objs").mkdir(parents=True)
            (self.root / "objs" / "srs").symlink_to(BINARY.resolve())

    def run(self, command: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "SRS_ROOT": str(self.root), "SRS_CONFIG": str(self.config)}
        return subprocess.run([str(INIT_SCRIPT), command], env=env, capture_output=True, text=True,
                              timeout=60, stdin=subprocess.DEVNULL)

    def pid(self) -> Optional[int]:
        try:
            return int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None

    def diagnostics(self) -> str:
        parts = []
        for path in (self.log_file, Path(f"{self.log_file}.sys")):
            try:
                parts.append(f"--- {path.name}\n" + "\n".join(path.read_text().splitlines()[-20:]))
            except OSError:
                pass
        return "\n".join(parts)

    def kill(self) -> None:
        pid = self.pid()
        if pid and process_alive(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def init(tmp_path: Path) -> Iterator[InitScript]:
    script = InitScript(tmp_path)
    yield script
    script.kill()


@pytest.fixture
def graceful_init(tmp_path: Path) -> Iterator[InitScript]:
    script = InitScript(tmp_path, extra="grace_start_wait 500;\ngrace_final_wait 500;\n")
    yield script
    script.kill()


def start(init: InitScript) -> int:
    result = init.run("start")
    assert result.returncode == 0, result.stdout + result.stderr + init.diagnostics()
    assert wait_until(lambda: port_accepts(init.port), 5), "port not accepting\n" + init.diagnostics()
    pid = init.pid()
    assert pid is not None and process_alive(pid)
    return pid


def test_the_init_script_prints_usage_for_an_unknown_command(init: InitScript) -> None:
    result = init.run("bogus")
    assert result.returncode != 0
    assert "{start|stop|status|restart|reload|rotate|grace}" in result.stdout


def test_the_init_script_starts_reloads_rotates_and_stops_the_server(init: InitScript) -> None:
    pid = start(init)
    assert init.run("status").returncode == 0

    assert init.run("start").returncode == 0, "starting twice is refused but not an error"
    assert init.pid() == pid

    assert init.run("reload").returncode == 0
    time.sleep(0.3)
    assert process_alive(pid) and port_accepts(init.port), "server died on reload\n" + init.diagnostics()

    assert init.run("rotate").returncode == 0
    time.sleep(0.3)
    assert process_alive(pid), "server died on rotate\n" + init.diagnostics()

    result = init.run("stop")
    assert result.returncode == 0, result.stdout
    assert not process_alive(pid)
    assert not init.pid_file.exists()
    status = init.run("status")
    assert status.returncode != 0
    assert "stopped" in status.stdout


def test_the_init_script_restarts_the_server(init: InitScript) -> None:
    old = start(init)
    result = init.run("restart")
    assert result.returncode == 0, result.stdout + init.diagnostics()
    assert not process_alive(old)
    new = init.pid()
    assert new is not None and new != old and process_alive(new)
    assert wait_until(lambda: port_accepts(init.port), 5)


def test_grace_makes_the_server_quit_within_ten_seconds(graceful_init: InitScript) -> None:
    pid = start(graceful_init)
    assert graceful_init.run("grace").returncode == 0
    assert wait_until(lambda: not process_alive(pid), 10), "still running 10 s after grace\n" + \
        graceful_init.diagnostics()
    assert graceful_init.run("status").returncode != 0


def test_the_init_script_reports_a_server_that_cannot_start(init: InitScript) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        busy.bind(("0.0.0.0", init.port))
        busy.listen()
        result = init.run("start")
    assert result.returncode != 0, result.stdout + init.diagnostics()
    assert init.run("status").returncode != 0
