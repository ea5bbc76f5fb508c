"""Process/server helpers for the integration suite: boot srs (or nginx-rtmp for proving the
test client), run ffmpeg/ffprobe/rtmpdump with timeouts, and never leave a process behind."""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("SRS_BINARY", str(REPO / "objs" / "srs")))
# `make test-asan` runs the suite against an AddressSanitizer build: its allocator quarantines freed
# memory, so RSS bounds say nothing there (memory errors are what that run checks).
SANITIZED = os.environ.get("TEST_SANITIZED") == "1"

# The clips scripts/make-test-media.sh generates inside the repository (ensure_media() runs it), or
# a folder of your own clips with the same names (SRS_MEDIA_DIR; nothing is generated there).
MEDIA_SCRIPT = REPO / "scripts" / "make-test-media.sh"
MEDIA_OVERRIDE = os.environ.get("SRS_MEDIA_DIR")
MEDIA = Path(MEDIA_OVERRIDE) if MEDIA_OVERRIDE else REPO / "objs" / "media"
# "srs" (default) or "nginx": the latter runs the server-agnostic tests against nginx-rtmp to prove
# the client and fixtures; SRS-specific tests skip themselves.
BACKEND = os.environ.get("ITEST_BACKEND", "srs")
NGINX_MODULE = "/usr/lib/nginx/modules/ngx_rtmp_module.so"
HOST = "127.0.0.1"

SRS_VERSION = "5.0.216"
SRS_SIGNATURE = "SRS/5.0.216(Bee)"

CLIP_720P = MEDIA / "avc-aac-720p-20s.flv"
CLIP_360P = MEDIA / "avc-aac-360p-10s.flv"
CLIP_VIDEO_ONLY = MEDIA / "avc-only-240p-6s.flv"
CLIP_AUDIO_ONLY = MEDIA / "aac-only-6s.flv"
CLIPS = (CLIP_720P, CLIP_360P, CLIP_VIDEO_ONLY, CLIP_AUDIO_ONLY)


def ensure_media() -> None:
    """Makes sure every clip exists. The repository's folder is filled by the script (so `pytest`
    alone works on a fresh clone; it only makes clips that are missing or whose recipe changed); a
    folder named by SRS_MEDIA_DIR is only checked. Raises RuntimeError saying what is missing."""
    script = MEDIA_SCRIPT.relative_to(REPO)
    if not MEDIA_OVERRIDE:
        try:
            run = subprocess.run(["bash", str(MEDIA_SCRIPT), str(MEDIA)], stdin=subprocess.DEVNULL,
                                 capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired as error:
            raise RuntimeError(f"{script} took over {error.timeout:.0f} s") from error
        if run.returncode != 0:
            raise RuntimeError(f"{script} failed (rc={run.returncode}): {run.stderr.strip()[-2000:]}")
    missing = [c.name for c in CLIPS if not c.is_file()]
    if missing:
        hint = f"unset SRS_MEDIA_DIR to use the generated clips, or run {script} DIR" if MEDIA_OVERRIDE else script
        raise RuntimeError(f"{MEDIA} lacks {', '.join(missing)} ({hint})")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def tail(path: Path, lines: int = 60) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return f"<{path} unreadable>"
    return "\n".join(data.decode("utf-8", "replace").splitlines()[-lines:])


# --------------------------------------------------------------------------------------------
# Processes


class ProcessGroup:
    """Owns child processes; kill_all() terminates every one (its whole process group)."""

    _all: list[subprocess.Popen] = []

    def __init__(self, name: str):
        self.name = name
        self.procs: list[subprocess.Popen] = []

    def spawn(self, cmd: list[str], log: Optional[Path] = None, cwd: Optional[Path] = None,
              stdout_pipe: bool = False) -> subprocess.Popen:
        out = open(log, "ab") if log is not None else subprocess.DEVNULL
        try:
            proc = subprocess.Popen(
                [str(c) for c in cmd], cwd=cwd, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE if stdout_pipe else out,
                stderr=out, start_new_session=True)
        finally:
            if log is not None:
                out.close()
        proc.log_path = log  # type: ignore[attr-defined]
        self.procs.append(proc)
        ProcessGroup._all.append(proc)
        return proc

    def spawn_env(self, cmd: list, env: dict, log: Optional[Path] = None,
                  cwd: Optional[Path] = None) -> subprocess.Popen:
        """`spawn` with an explicit environment (SRS_* variables, resolver hooks)."""
        out = open(log, "ab") if log is not None else subprocess.DEVNULL
        try:
            proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                    stdout=out, stderr=out, start_new_session=True)
        finally:
            if log is not None:
                out.close()
        proc.log_path = log  # type: ignore[attr-defined]
        self.procs.append(proc)
        ProcessGroup._all.append(proc)
        return proc

    @staticmethod
    def kill(proc: subprocess.Popen, grace: float = 3.0, sig: int = signal.SIGTERM) -> None:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
                proc.wait(timeout=5)
        if proc.stdout is not None:
            proc.stdout.close()
        if proc in ProcessGroup._all:
            ProcessGroup._all.remove(proc)

    def kill_all(self) -> None:
        for proc in reversed(self.procs):
            self.kill(proc)
        self.procs.clear()

    @classmethod
    def kill_everything(cls) -> None:
        for proc in list(cls._all):
            cls.kill(proc, grace=1.0)


def run_capture(cmd: list, timeout: float, cwd: Optional[Path] = None) -> subprocess.CompletedProcess:
    """subprocess.run with separate stdout/stderr, in its own session, killed on timeout."""
    proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    ProcessGroup._all.append(proc)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        ProcessGroup.kill(proc, grace=1.0)
        proc.communicate()
        raise
    finally:
        if proc in ProcessGroup._all:
            ProcessGroup._all.remove(proc)
    return subprocess.CompletedProcess(proc.args, proc.returncode,
                                       out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


# --------------------------------------------------------------------------------------------
# Server


def wait_port(port: int, timeout: float, proc: Optional[subprocess.Popen] = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before listening")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"port {port} not accepting after {timeout}s")


class Server:
    """A running srs (or nginx-rtmp) bound to 127.0.0.1:port with logs in workdir."""

    live: list["Server"] = []

    def __init__(self, workdir: Path, max_connections: int = 1000, vhost_body: str = "",
                 backend: str = BACKEND):
        self.workdir = workdir
        self.backend = backend
        self.port = free_port()
        self.log = workdir / "srs.log"
        self.stdio = workdir / "srs.stdio.log"
        self.conf = workdir / ("srs.conf" if backend == "srs" else "nginx.conf")
        self.max_connections = max_connections
        self.vhost_body = vhost_body
        self.group = ProcessGroup(f"server:{workdir.name}")
        self.proc: Optional[subprocess.Popen] = None

    def write_config(self) -> None:
        w = self.workdir
        if self.backend == "srs":
            self.conf.write_text(
                f"listen {self.port};\n"
                f"max_connections {self.max_connections};\n"
                "daemon off;\n"
                "srs_log_tank file;\n"
                f"srs_log_file {w}/srs.log;\n"
                f"pid {w}/srs.pid;\n"
                f"vhost __defaultVhost__ {{\n{self.vhost_body}\n}}\n")
        else:
            self.conf.write_text(
                f"load_module {NGINX_MODULE};\n"
                "daemon off;\nmaster_process off;\nworker_processes 1;\n"
                f"pid {w}/srs.pid;\nerror_log {w}/srs.log info;\n"
                "events { worker_connections 1024; }\n"
                f"rtmp {{ server {{ listen {HOST}:{self.port}; application live {{ live on; }} }} }}\n")

    def start(self, timeout: float = 10.0) -> "Server":
        self.write_config()
        if self.backend == "srs":
            if not BINARY.exists():
                raise RuntimeError(f"srs binary not found at {BINARY} (set SRS_BINARY)")
            cmd = [BINARY, "-c", self.conf]
        else:
            cmd = ["nginx", "-p", self.workdir, "-c", self.conf]
        self.proc = self.group.spawn(cmd, log=self.stdio, cwd=self.workdir)
        Server.live.append(self)
        try:
            wait_port(self.port, timeout, self.proc)
        except RuntimeError:
            print(self.diagnostics())
            raise
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is not None:
            self.group.kill_all()
        if self in Server.live:
            Server.live.remove(self)

    def signal(self, sig: int) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, sig)

    def reload(self, **changes) -> int:
        """Applies attribute changes, rewrites the config, sends SIGHUP; returns the log offset
        before the signal (for wait_log)."""
        for key, value in changes.items():
            setattr(self, key, value)
        mark = self.log_size()
        self.write_config()
        self.signal(signal.SIGHUP)
        return mark

    def log_size(self) -> int:
        try:
            return self.log.stat().st_size
        except OSError:
            return 0

    def log_since(self, mark: int = 0) -> str:
        try:
            with open(self.log, "rb") as f:
                f.seek(mark)
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def wait_log(self, text: str, mark: int = 0, timeout: float = 5.0) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.log_since(mark):
            assert time.monotonic() < deadline, f"log of {self.workdir.name} lacks {text!r} after {timeout}s"
            time.sleep(0.02)
        return self.log_since(mark)

    def url(self, stream: str, app: str = "live") -> str:
        return f"rtmp://{HOST}:{self.port}/{app}/{stream}"

    def rss_mb(self) -> float:
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
        return 0.0

    def diagnostics(self, lines: int = 60) -> str:
        state = "running" if self.alive() else f"exited rc={self.proc.returncode if self.proc else None}"
        text = (f"----- {self.backend} on port {self.port} ({state}); tail of {self.log} -----\n"
                f"{tail(self.log, lines)}\n"
                f"----- tail of {self.stdio} -----\n{tail(self.stdio, 30)}")
        for other in sorted(self.workdir.glob("*.log")):
            if other not in (self.log, self.stdio) and other.stat().st_size:
                text += f"\n----- tail of {other.name} -----\n{tail(other, 8)}"
        return text


# --------------------------------------------------------------------------------------------
# ffmpeg family


def ffmpeg_publish(group: ProcessGroup, clip: Path, url: str, log: Path, loop: bool = True,
                   extra: Optional[list[str]] = None) -> subprocess.Popen:
    """`ffmpeg -re [-stream_loop -1] -i CLIP -c copy -f flv URL` in the background."""
    cmd = ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-re"]
    if loop:
        cmd += ["-stream_loop", "-1"]
    cmd += ["-i", clip] + (extra or []) + ["-c", "copy", "-f", "flv", url]
    return group.spawn(cmd, log=log)


def ffprobe(url_or_file: str, timeout: float = 20.0, extra: Optional[list[str]] = None) -> list[dict]:
    """Streams found by ffprobe (codec_type, codec_name, width, height)."""
    cmd = ["ffprobe", "-v", "error"] + (extra or []) + [
        "-show_entries", "stream=codec_type,codec_name,width,height:format=duration",
        "-of", "json", url_or_file]
    res = run_capture(cmd, timeout)
    assert res.returncode == 0, f"ffprobe {url_or_file} failed rc={res.returncode}: {res.stderr}"
    return json.loads(res.stdout or "{}").get("streams", [])


def ffprobe_json(path: str, timeout: float = 20.0) -> dict:
    res = run_capture(["ffprobe", "-v", "error", "-show_entries",
                       "stream=codec_type,codec_name,width,height:format=duration",
                       "-of", "json", path], timeout)
    assert res.returncode == 0, f"ffprobe {path} failed: {res.stderr}"
    return json.loads(res.stdout or "{}")


def codecs(streams: list[dict]) -> dict[str, str]:
    """{codec_type: codec_name} of the audio/video streams. Data streams are left out: ffmpeg's
    FLV demuxer turns SRS's `onStatus(NetStream.Data.Start)` data message (srs-facts 5.6) into one."""
    return {s.get("codec_type", "?"): s.get("codec_name", "?") for s in streams
            if s.get("codec_type") in ("audio", "video")}


def start_server(tmp_path_factory, name: str, **kwargs) -> Server:
    """Starts a server in a fresh temp dir (config, logs and pid file live there)."""
    return Server(tmp_path_factory.mktemp(name), **kwargs).start()


# --------------------------------------------------------------------------------------------
# Operations (test_operations): players that must keep playing, ports that must close, exits


def media_times(client) -> list[float]:
    """Arrival times (monotonic) of the media messages an RtmpClient received."""
    return [m.arrival for m in client.snapshot() if m.is_media]


def wait_media(client, count: int, timeout: float) -> None:
    """Waits until an RtmpClient player has received `count` more media messages."""
    base = len(media_times(client))
    deadline = time.monotonic() + timeout
    while len(media_times(client)) < base + count:
        assert client.error is None, f"player failed: {client.error!r}"
        assert time.monotonic() < deadline, f"player got < {count} media messages in {timeout}s"
        time.sleep(0.05)


def max_gap(client, since: float, until: Optional[float] = None) -> float:
    """Longest time without a media message in [since, until] (both edges count)."""
    until = time.monotonic() if until is None else until
    edges = [since] + [t for t in media_times(client) if since <= t <= until] + [until]
    return max(b - a for a, b in zip(edges, edges[1:]))


def keeps_playing(client, seconds: float, since: Optional[float] = None, gap: float = 1.0) -> None:
    """Asserts media keeps arriving for `seconds` from `since` (default now), no gap > `gap` s."""
    start = time.monotonic() if since is None else since
    time.sleep(max(0.0, start + seconds - time.monotonic()))
    assert client.error is None and not client.closed, f"player dropped: {client.error!r}"
    longest = max_gap(client, start)
    assert longest <= gap, f"player had a {longest:.2f}s gap in media"


def refused(port: int) -> bool:
    """True if a TCP connect to 127.0.0.1:port gets ECONNREFUSED."""
    try:
        with socket.create_connection((HOST, port), timeout=1):
            return False
    except OSError as e:
        return e.errno == errno.ECONNREFUSED


def wait_refused(port: int, timeout: float) -> float:
    """Polls until port refuses connections; returns the monotonic time it did."""
    deadline = time.monotonic() + timeout
    while not refused(port):
        assert time.monotonic() < deadline, f"port {port} still accepts after {timeout}s"
        time.sleep(0.02)
    return time.monotonic()


def wait_exit(proc: subprocess.Popen, timeout: float) -> Optional[int]:
    """The return code, or None if the process still runs after timeout."""
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def run_process_group(args: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess:
    """`subprocess.run` for a script that starts servers and clients of its own (the benchmark, the
    soak): it runs in a new process group. When it times out (or the test gives up) the group gets
    SIGINT first, so the script's own cleanup stops what it started (bash's EXIT trap, Python's
    `finally`, also for children in sessions of their own), then SIGKILL: a timed-out run leaves
    nothing running to skew the tests after it."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, **kwargs)

    def signal_group(sig: int) -> None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass

    try:
        stdout, stderr = proc.communicate(timeout=timeout)
        return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    finally:
        if proc.poll() is None:
            signal_group(signal.SIGINT)
            try:
                proc.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        signal_group(signal.SIGKILL)
        proc.wait()
