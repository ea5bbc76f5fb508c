"""Configuration from SRS_* environment variables (srs-facts 1.1, 3.1, 14.2).

SRS's own black-box suite starts every server as `srs -e` with no config file, only SRS_* variables,
and waits for /api/v1/versions; the first fixture does the same, then publishes and plays over
RTMP, HTTP-FLV and HLS. The other tests cover the environment over a file and `-t`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from harness import (BINARY, CLIP_360P, HOST, ProcessGroup, codecs, ffmpeg_publish, ffprobe, free_port,
                     refused, run_capture, tail, wait_port)

pytestmark = pytest.mark.srs_only
STREAM = "env-stream"


def get_json(port: int, path: str, timeout: float = 3.0) -> dict:
    with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=timeout) as resp:
        return json.loads(resp.read())


def wait_api(port: int, proc: subprocess.Popen, timeout: float = 10.0) -> dict:
    """Polls /api/v1/versions every 100 ms like SRS's suite; returns the answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"srs exited with {proc.returncode}")
        try:
            return get_json(port, "/api/v1/versions", timeout=1)
        except (OSError, urllib.error.URLError, ValueError):
            time.sleep(0.1)
    raise RuntimeError(f"/api/v1/versions not answering on {port} after {timeout}s")


def base_env() -> dict:
    """A clean environment: no SRS_* variable of the caller leaks in."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C"}


@dataclass
class EnvServer:
    proc: subprocess.Popen
    workdir: Path
    launch: Path
    stdio: Path
    rtmp: int
    api: int
    http: int
    group: ProcessGroup

    def log(self) -> str:
        return self.stdio.read_text(errors="replace") if self.stdio.exists() else ""


@pytest.fixture(scope="module")
def env_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EnvServer]:
    workdir = tmp_path_factory.mktemp("env-work")
    launch = tmp_path_factory.mktemp("env-launch")
    rtmp, api, http = free_port(), free_port(), free_port()
    env = base_env() | {
        "SRS_LISTEN": str(rtmp),
        "SRS_HTTP_API_ENABLED": "on",
        "SRS_HTTP_API_LISTEN": str(api),
        "SRS_HTTP_SERVER_ENABLED": "on",
        "SRS_HTTP_SERVER_LISTEN": str(http),
        "SRS_WORK_DIR": str(workdir),
        "SRS_PID": str(workdir / "srs.pid"),
        "SRS_SERVER_ID": "vid-envtest",
        "SRS_SRS_LOG_FILE": "console",
        "SRS_DAEMON": "off",
        "SRS_MAX_CONNECTIONS": "100",
        "SRS_VHOST_HLS_ENABLED": "on",
        "SRS_VHOST_HLS_HLS_FRAGMENT": "2",
        "SRS_VHOST_HLS_HLS_WINDOW": "10",
        "SRS_VHOST_HTTP_REMUX_ENABLED": "on",
        "SRS_VHOST_HTTP_REMUX_MOUNT": "[vhost]/[app]/[stream].flv",
        # SRS's suite sets it, and SRS 5 reads no such variable: listed as unknown.
        "SRS_CHUNK_SIZE": "128",
    }
    group = ProcessGroup("env-server")
    stdio = launch / "srs.stdio.log"
    proc = group.spawn_env([BINARY, "-e"], env=env, log=stdio, cwd=launch)
    server = EnvServer(proc, workdir, launch, stdio, rtmp, api, http, group)
    try:
        wait_api(api, proc)
        ffmpeg_publish(group, CLIP_360P, f"rtmp://{HOST}:{rtmp}/live/{STREAM}", launch / "publish.log")
        yield server
    except Exception:
        print(tail(stdio))
        raise
    finally:
        group.kill_all()


def test_environment_only_server_answers_the_api_from_its_work_dir(env_server: EnvServer) -> None:
    versions = get_json(env_server.api, "/api/v1/versions")
    assert versions["code"] == 0 and versions["server"] == "vid-envtest", versions
    summaries = get_json(env_server.api, "/api/v1/summaries")
    assert summaries["data"]["self"]["cwd"] == str(env_server.workdir), summaries["data"]["self"]
    pid = (env_server.workdir / "srs.pid").read_text().strip()
    assert pid == str(env_server.proc.pid)


def test_environment_only_server_logs_the_overrides_and_the_unknown_variables_once(env_server: EnvServer) -> None:
    text = env_server.log()
    assert f"env: SRS_LISTEN={env_server.rtmp} => listen {env_server.rtmp};" in text, text[-3000:]
    assert "env: SRS_VHOST_HLS_ENABLED=on => vhost __defaultVhost__ { hls { enabled on; } }" in text
    assert text.count("unknown SRS_* variables, ignored: SRS_CHUNK_SIZE") == 1, text[-3000:]


def test_environment_only_server_plays_over_rtmp_and_http_flv(env_server: EnvServer) -> None:
    rtmp = ffprobe(f"rtmp://{HOST}:{env_server.rtmp}/live/{STREAM}", timeout=20)
    assert codecs(rtmp) == {"video": "h264", "audio": "aac"}, rtmp
    flv = ffprobe(f"http://{HOST}:{env_server.http}/live/{STREAM}.flv", timeout=20)
    assert codecs(flv) == {"video": "h264", "audio": "aac"}, flv


def test_environment_only_server_writes_hls_under_its_work_dir(env_server: EnvServer) -> None:
    playlist = env_server.workdir / "objs" / "nginx" / "html" / "live" / f"{STREAM}.m3u8"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (not playlist.exists() or playlist.read_text().count("#EXTINF") < 2):
        time.sleep(0.2)
    assert playlist.exists(), env_server.log()[-2000:]
    hls = ffprobe(f"http://{HOST}:{env_server.http}/live/{STREAM}.m3u8", timeout=30)
    assert codecs(hls) == {"video": "h264", "audio": "aac"}, hls


def test_environment_only_server_reloads_with_the_same_environment(env_server: EnvServer) -> None:
    os.kill(env_server.proc.pid, signal.SIGHUP)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and "reload config success" not in env_server.log():
        time.sleep(0.1)
    assert "reload config success" in env_server.log(), env_server.log()[-2000:]
    assert env_server.proc.poll() is None
    wait_port(env_server.rtmp, 2)
    assert get_json(env_server.api, "/api/v1/versions")["code"] == 0


def config_file(folder: Path, port: int) -> Path:
    conf = folder / "srs.conf"
    conf.write_text(f"listen {port};\ndaemon off;\nsrs_log_tank console;\npid {folder}/srs.pid;\n"
                    "vhost __defaultVhost__ {\n}\n")
    return conf


def test_environment_wins_over_the_config_file(tmp_path: Path) -> None:
    in_file, in_env = free_port(), free_port()
    conf = config_file(tmp_path, in_file)
    group = ProcessGroup("env-over-file")
    stdio = tmp_path / "srs.stdio.log"
    try:
        proc = group.spawn_env([BINARY, "-c", conf], env=base_env() | {"SRS_LISTEN": str(in_env)}, log=stdio,
                               cwd=tmp_path)
        wait_port(in_env, 10, proc)
        assert refused(in_file), f"still listening on the file's port {in_file}"
    finally:
        group.kill_all()


def test_config_test_shows_the_environment_overrides(tmp_path: Path) -> None:
    conf = config_file(tmp_path, 1935)
    env = base_env() | {"SRS_LISTEN": "19350", "SRS_HTTP_API_AUTH_PASSWORD": "hidden", "SRS_NO_SUCH": "1"}
    res = subprocess.run([str(BINARY), "-t", "-c", str(conf)], env=env, cwd=tmp_path, capture_output=True,
                         text=True, timeout=10)
    out = res.stdout + res.stderr
    assert res.returncode == 0, out
    assert "env: SRS_LISTEN=19350 => listen 19350;" in out, out
    assert "env: SRS_HTTP_API_AUTH_PASSWORD=****** => http_api { auth { password ******; } }" in out, out
    assert "hidden" not in out, out
    assert "unknown SRS_* variables, ignored: SRS_NO_SUCH" in out, out
    assert f"config file {conf} test is successful" in out, out


def test_config_test_of_a_bad_variable_names_it(tmp_path: Path) -> None:
    res = subprocess.run([str(BINARY), "-t", "-e"], env=base_env() | {"SRS_MAX_CONNECTIONS": "many"},
                         cwd=tmp_path, capture_output=True, text=True, timeout=10)
    out = res.stdout + res.stderr
    assert res.returncode == 255, out
    assert "env SRS_MAX_CONNECTIONS=many: max_connections=many is invalid" in out, out


def test_dash_e_ignores_the_config_file(tmp_path: Path) -> None:
    """SRS 5: with -e the file is never read, even when -c names one (here a broken one)."""
    (tmp_path / "broken.conf").write_text("listen 1935\n")
    res = run_capture([BINARY, "-t", "-c", "broken.conf", "-e"], timeout=10, cwd=tmp_path)
    out = res.stdout + res.stderr
    assert res.returncode == 0, out
    assert "ignore config file broken.conf" in out, out
