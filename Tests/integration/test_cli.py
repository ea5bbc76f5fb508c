"""The srs command line (issue test 10; srs-facts 3.1)."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path

import pytest

from harness import BINARY, HOST, SRS_SIGNATURE, SRS_VERSION, run_capture, start_server

pytestmark = pytest.mark.srs_only

GOOD = """# a minimal valid config
listen 1935;
max_connections 100;
daemon off;
srs_log_tank console;
vhost __defaultVhost__ {
    play { gop_cache on; }
}
"""

BAD_ROOT = """listen 1935;
daemon off;
no_such_directive on;
vhost __defaultVhost__ {
}
"""

BAD_VHOST = """listen 1935;
daemon off;
vhost __defaultVhost__ {
    play { gop_cache on; }
    no_such_vhost_directive 1;
}
"""


def srs(*args: str, cwd: Path) -> tuple[int, str]:
    res = run_capture([BINARY, *args], timeout=10, cwd=cwd)
    return res.returncode, res.stdout + res.stderr


def test_dash_v_prints_the_version(tmp_path: Path) -> None:
    res = run_capture([BINARY, "-v"], timeout=10, cwd=tmp_path)
    assert res.returncode == 0
    assert res.stdout.strip() == SRS_VERSION, (res.stdout, res.stderr)


def test_dash_g_prints_the_signature(tmp_path: Path) -> None:
    rc, out = srs("-g", cwd=tmp_path)
    assert rc == 0
    assert out.strip() == SRS_SIGNATURE


def test_config_test_of_a_good_config_succeeds(tmp_path: Path) -> None:
    (tmp_path / "GOOD.conf").write_text(GOOD)
    rc, out = srs("-t", "-c", "GOOD.conf", cwd=tmp_path)
    assert rc == 0, out
    assert "the config file GOOD.conf syntax is ok" in out, out
    assert "config file GOOD.conf test is successful" in out, out
    assert not (tmp_path / "objs").exists() or not any((tmp_path / "objs").glob("*.pid")), \
        "-t must not start the server"


@pytest.mark.parametrize("name,text,line", [("BAD.conf", BAD_ROOT, 3),
                                            ("BADVHOST.conf", BAD_VHOST, 5)], ids=["root", "vhost"])
def test_config_test_of_an_unknown_directive_fails_naming_file_and_line(
        tmp_path: Path, name: str, text: str, line: int) -> None:
    (tmp_path / name).write_text(text)
    rc, out = srs("-t", "-c", name, cwd=tmp_path)
    assert rc != 0, out
    assert re.search(rf"{re.escape(name)}:{line}\b", out), out
    assert f"config file {name} test is failed" in out, out


def test_no_arguments_prints_help_and_exits_zero(tmp_path: Path) -> None:
    rc, out = srs(cwd=tmp_path)
    assert rc == 0, out
    assert "-c" in out and "-v" in out, out


def test_missing_config_file_fails(tmp_path: Path) -> None:
    rc, out = srs("-t", "-c", "missing.conf", cwd=tmp_path)
    assert rc != 0, out
    assert "missing.conf" in out, out


def test_file_log_tank_writes_the_configured_log_file(tmp_path_factory: pytest.TempPathFactory) -> None:
    """srs-facts 1.2/13: `srs_log_tank file; srs_log_file F;` logs to F, not the console."""
    server = start_server(tmp_path_factory, "logfile")
    try:
        with socket.create_connection((HOST, server.port), timeout=2):
            pass
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and "RTMP client ip=" not in _read(server.log):
            time.sleep(0.1)
        text = _read(server.log)
        assert "RTMP client ip=" in text, f"{server.log} lacks the connection line:\n{text[-500:]}"
        assert "RTMP client ip=" not in _read(server.stdio), "log lines went to the console"
    finally:
        server.stop()


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""
