#!/usr/bin/env python3
"""Soak run (`make soak MINUTES=60`): one server on 127.0.0.1 under a steady, varied load for MINUTES,
sampled every few seconds, then a verdict.

Load: stream `churn` republished every --restart-every s (ffmpeg, killed and started again); stream
`always` published for the whole run with HLS and HTTP-FLV; players joining and leaving all the time
(rtmpdump and ffmpeg over RTMP, HTTP-FLV, HLS playlist + segment fetches); API polling; a reload
(SIGHUP) every --reload-every s. The binary is copied to a temp dir first, so `make build` may run
meanwhile.

Samples: RSS (/proc/PID/status), open fds (/proc/PID/fd), CPU % (/proc/PID/stat), and the server's
own counters (/api/v1/summaries, /api/v1/streams, /api/v1/clients).

Verdict (exit 1 when one fails): after warm-up (the first 10 %, at least 5 min, at most half the run)
the least-squares RSS slope is under --max-slope %/hour; fds return to their baseline once the players
are gone (and again once the publishers are gone); the log has no error or warning line beyond the
expected disconnects (classified, counted); every player that wanted video got it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[1]
CLIP = REPO / "objs" / "media" / "avc-aac-360p-10s.flv"
HOST = "127.0.0.1"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# Log lines at WARN/ERROR that a run with players killed and publishers restarted is expected to
# produce: peers that go away mid-stream, and the publish timeouts of a killed publisher.
EXPECTED = [
    ("peer closed", re.compile(r"client closed|closed by peer|peer closed|EOF|end of file|read\b.*\b0\b", re.I)),
    ("reset / broken pipe", re.compile(r"reset by peer|broken pipe|ECONNRESET|EPIPE|errno=104|errno=32|\[104\]|\[32\]", re.I)),
    ("timeout", re.compile(r"timeout", re.I)),
    ("hls dispose/cleanup", re.compile(r"hls.*(dispose|cleanup|unpublish)", re.I)),
    ("reload", re.compile(r"reload", re.I)),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"port {port} not accepting after {timeout}s")


def http_get(port: int, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""


def flv_video_tags(data: bytes) -> int:
    """Video tags in an FLV byte string (stops at the first truncated tag)."""
    if data[:3] != b"FLV" or len(data) < 13:
        return 0
    pos, count = 13, 0
    while pos + 11 <= len(data):
        size = int.from_bytes(data[pos + 1:pos + 4], "big")
        if pos + 15 + size > len(data):
            break
        count += (data[pos] & 0x1F) == 9
        pos += 15 + size
    return count


# --------------------------------------------------------------------------------------------
# Process helpers


class Procs:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.live: set[subprocess.Popen] = set()

    def spawn(self, cmd: list, log: Optional[Path] = None, **kw) -> subprocess.Popen:
        out = open(log, "ab") if log else subprocess.DEVNULL
        try:
            p = subprocess.Popen([str(c) for c in cmd], stdin=subprocess.DEVNULL, stdout=kw.pop("stdout", out),
                                 stderr=kw.pop("stderr", out), start_new_session=True, **kw)
        finally:
            if log:
                out.close()
        with self.lock:
            self.live.add(p)
        return p

    def kill(self, p: subprocess.Popen, sig: int = signal.SIGTERM, grace: float = 3.0) -> None:
        if p.poll() is None:
            try:
                os.killpg(p.pid, sig)
                p.wait(timeout=grace)
            except (ProcessLookupError, PermissionError):
                pass
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=5)
        with self.lock:
            self.live.discard(p)

    def kill_all(self) -> None:
        with self.lock:
            procs = list(self.live)
        for p in procs:
            self.kill(p, grace=1.0)


# --------------------------------------------------------------------------------------------
# Server


class SoakServer:
    def __init__(self, workdir: Path, binary: Path, procs: Procs):
        self.workdir, self.procs = workdir, procs
        self.binary = workdir / "srs"
        shutil.copy2(binary, self.binary)
        self.port, self.http_port, self.api_port = free_port(), free_port(), free_port()
        self.html = workdir / "html"
        self.html.mkdir()
        self.log = workdir / "srs.log"
        self.conf = workdir / "srs.conf"
        self.proc: Optional[subprocess.Popen] = None

    def write_config(self) -> None:
        w = self.workdir
        self.conf.write_text(
            f"listen {self.port};\nmax_connections 1000;\ndaemon off;\n"
            f"srs_log_tank file;\nsrs_log_file {self.log};\npid {w}/srs.pid;\n"
            f"http_api {{ enabled on; listen {self.api_port}; }}\n"
            f"http_server {{ enabled on; listen {self.http_port}; dir {self.html}; }}\n"
            "vhost __defaultVhost__ {\n"
            "  http_remux { enabled on; mount [vhost]/[app]/[stream].flv; }\n"
            f"  hls {{ enabled on; hls_fragment 2; hls_window 10; hls_path {self.html}; "
            "hls_cleanup on; hls_dispose 10; }\n"
            "}\n")

    def start(self) -> None:
        self.write_config()
        self.proc = self.procs.spawn([self.binary, "-c", self.conf], log=self.workdir / "srs.stdio.log")
        for port in (self.port, self.http_port, self.api_port):
            wait_port(port, 10)

    def reload(self) -> None:
        self.write_config()
        os.kill(self.proc.pid, signal.SIGHUP)

    def url(self, stream: str) -> str:
        return f"rtmp://{HOST}:{self.port}/live/{stream}"

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def fds(self) -> int:
        return len(os.listdir(f"/proc/{self.proc.pid}/fd"))

    def cpu_ticks(self) -> int:
        stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2:].split()
        return int(fields[11]) + int(fields[12])  # utime + stime

    def api(self, path: str) -> dict:
        status, body = http_get(self.api_port, path)
        if status != 200:
            raise RuntimeError(f"API {path}: HTTP {status}")
        return json.loads(body)


# --------------------------------------------------------------------------------------------
# Players


@dataclass
class Session:
    kind: str
    stream: str
    started: float
    ok: Optional[bool] = None
    detail: str = ""


class Load:
    """Publishers, players, API polling and reloads, each on its own thread until stop is set."""

    def __init__(self, srv: SoakServer, procs: Procs, args: argparse.Namespace):
        self.srv, self.procs, self.args = srv, procs, args
        self.stop = threading.Event()
        self.players_stop = threading.Event()
        self.sessions: list[Session] = []
        self.lock = threading.Lock()
        self.counts = {"churn restarts": 0, "reloads": 0, "api polls": 0, "api errors": 0}
        self.pub_always: Optional[subprocess.Popen] = None
        self.pub_churn: Optional[subprocess.Popen] = None
        self.threads: list[threading.Thread] = []
        self.active = 0

    def publish(self, stream: str) -> subprocess.Popen:
        return self.procs.spawn(["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-re",
                                 "-stream_loop", "-1", "-i", CLIP, "-c", "copy", "-f", "flv",
                                 self.srv.url(stream)], log=self.srv.workdir / f"pub-{stream}.log")

    def start_publishers(self) -> None:
        self.pub_always = self.publish("always")
        self.pub_churn = self.publish("churn")

    def stop_publishers(self) -> None:
        for p in (self.pub_churn, self.pub_always):
            if p is not None:
                self.procs.kill(p)

    def start(self) -> None:
        for target in (self.churn_loop, self.player_loop, self.api_loop, self.reload_loop):
            t = threading.Thread(target=target, daemon=True)
            t.start()
            self.threads.append(t)

    def churn_loop(self) -> None:
        while not self.stop.wait(self.args.restart_every):
            self.procs.kill(self.pub_churn)
            time.sleep(0.5)
            self.pub_churn = self.publish("churn")
            self.counts["churn restarts"] += 1

    def reload_loop(self) -> None:
        while not self.stop.wait(self.args.reload_every):
            self.srv.reload()
            self.counts["reloads"] += 1

    def api_loop(self) -> None:
        paths = ["/api/v1/summaries", "/api/v1/streams/?count=10", "/api/v1/clients/?count=100",
                 "/api/v1/vhosts/", "/api/v1/versions"]
        while not self.stop.wait(1.0):
            for path in paths:
                try:
                    doc = self.srv.api(path)
                    ok = doc.get("code") == 0
                except (OSError, RuntimeError, ValueError):
                    ok = False
                self.counts["api polls"] += 1
                self.counts["api errors"] += not ok

    def player_loop(self) -> None:
        kinds = ["rtmpdump", "ffmpeg", "flv", "hls"]
        rng = random.Random(1)
        n = 0
        while not self.players_stop.wait(self.args.player_every):
            if self.active >= self.args.max_players:
                continue
            kind = kinds[n % len(kinds)]
            stream = "churn" if (n // len(kinds)) % 3 == 2 and kind != "hls" else "always"
            n += 1
            seconds = rng.uniform(2.0, self.args.player_seconds)
            s = Session(kind, stream, time.monotonic())
            with self.lock:
                self.sessions.append(s)
                self.active += 1
            threading.Thread(target=self.play, args=(s, seconds), daemon=True).start()

    def play(self, s: Session, seconds: float) -> None:
        try:
            getattr(self, f"play_{s.kind}")(s, seconds)
        except Exception as e:  # a player's own failure is a verdict line, not a crash of the run
            s.ok, s.detail = False, f"{type(e).__name__}: {e}"
        finally:
            with self.lock:
                self.active -= 1

    # A player on `churn` may join while its publisher restarts: it waits (play before publish).
    def timeout_for(self, s: Session, seconds: float) -> float:
        return seconds + (self.args.restart_every if s.stream == "churn" else 0) + 15

    def play_rtmpdump(self, s: Session, seconds: float) -> None:
        out = self.srv.workdir / f"rtmpdump-{threading.get_ident()}.flv"
        p = self.procs.spawn(["rtmpdump", "-q", "-v", "-r", self.srv.url(s.stream), "-o", out])
        time.sleep(seconds)
        deadline = time.monotonic() + self.timeout_for(s, 0)
        while flv_video_tags(out.read_bytes() if out.exists() else b"") == 0 and time.monotonic() < deadline:
            if p.poll() is not None:
                break
            time.sleep(0.5)
        self.procs.kill(p, sig=signal.SIGINT)
        frames = flv_video_tags(out.read_bytes() if out.exists() else b"")
        out.unlink(missing_ok=True)
        s.ok, s.detail = frames > 0, f"{frames} video tags"

    def play_ffmpeg(self, s: Session, seconds: float) -> None:
        p = self.procs.spawn(["ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-i", self.srv.url(s.stream),
                              "-t", f"{seconds:.1f}", "-map", "0:v", "-c", "copy", "-f", "null", "-"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _, err = p.communicate(timeout=self.timeout_for(s, seconds))
        except subprocess.TimeoutExpired:
            self.procs.kill(p)
            _, err = p.communicate()
        with self.procs.lock:
            self.procs.live.discard(p)
        m = re.search(rb"video:\s*(\d+)\s*k", err or b"", re.I)
        s.ok = bool(m) and int(m.group(1)) > 0
        s.detail = (m.group(0).decode() if m else (err or b"")[-200:].decode("utf-8", "replace"))

    def play_flv(self, s: Session, seconds: float) -> None:
        sock = socket.create_connection((HOST, self.srv.http_port), timeout=5)
        try:
            sock.sendall(f"GET /live/{s.stream}.flv HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
            body, head = bytearray(), b""
            end = time.monotonic() + seconds
            deadline = time.monotonic() + self.timeout_for(s, seconds)
            sock.settimeout(1.0)
            while time.monotonic() < deadline:
                try:
                    data = sock.recv(65536)
                except socket.timeout:
                    continue
                if not data:
                    break
                body += data
                if len(body) > 2_000_000:
                    del body[200_000:]  # keep the start; chunk framing is not decoded here
                if time.monotonic() > end and b"\x09" in body:
                    break
            head_end = body.find(b"\r\n\r\n")
            head = bytes(body[:head_end])
            flv = body.find(b"FLV\x01")
            frames = flv_video_tags(bytes(body[flv:])) if flv >= 0 and b"chunked" not in head.lower() else 0
            if flv >= 0 and b"chunked" in head.lower():
                frames = body.count(b"\x09\x00")  # chunked: a rough count is enough to say "got video"
            s.ok, s.detail = head.startswith(b"HTTP/1.1 200") and frames > 0, f"{len(body)} bytes"
        finally:
            sock.close()

    def play_hls(self, s: Session, seconds: float) -> None:
        """Fetches the playlist (following SRS's hls_ctx playlist to the media playlist), then its
        newest segment, once a second; every segment must be whole TS packets."""
        end = time.monotonic() + seconds
        got = 0
        while True:
            path = f"/live/{s.stream}.m3u8"
            for _ in range(3):
                status, body = http_get(self.srv.http_port, path)
                uris = [line for line in body.decode("utf-8", "replace").splitlines()
                        if line and not line.startswith("#")] if status == 200 else []
                if not uris or ".m3u8" not in uris[-1]:
                    break
                path = urllib.parse.urljoin(path, uris[-1])
            if uris:
                seg = urllib.parse.urljoin(path, uris[-1])
                status, ts = http_get(self.srv.http_port, seg)
                if status == 200 and ts[:1] == b"\x47" and len(ts) % 188 == 0:
                    got += 1
                elif status == 200:
                    s.ok, s.detail = False, f"bad segment {seg} ({len(ts)} bytes)"
                    return
            if time.monotonic() > end and got or time.monotonic() > end + 15:
                break
            time.sleep(1.0)
        s.ok, s.detail = got > 0, f"{got} segments"


# --------------------------------------------------------------------------------------------
# Sampling and verdict


@dataclass
class Sample:
    t: float
    rss_kb: int
    fds: int
    cpu: float
    streams: int = -1
    clients: int = -1
    players: int = 0


def sample(srv: SoakServer, load: Optional[Load], last: tuple[float, int]) -> tuple[Sample, tuple[float, int]]:
    now, ticks = time.monotonic(), srv.cpu_ticks()
    cpu = 100.0 * (ticks - last[1]) / CLK_TCK / max(1e-3, now - last[0])
    s = Sample(now, srv.rss_kb(), srv.fds(), cpu, players=load.active if load else 0)
    try:
        s.streams = len(srv.api("/api/v1/streams/?count=100").get("streams", []))
        s.clients = len(srv.api("/api/v1/clients/?count=1000").get("clients", []))
    except (OSError, RuntimeError, ValueError):
        pass
    return s, (now, ticks)


def slope_pct_per_hour(samples: list[Sample]) -> tuple[float, float]:
    """Least-squares slope of RSS (KiB/s) as % of the mean per hour, and the mean (KiB)."""
    n = len(samples)
    if n < 3:
        return 0.0, 0.0
    mt = sum(s.t for s in samples) / n
    mr = sum(s.rss_kb for s in samples) / n
    num = sum((s.t - mt) * (s.rss_kb - mr) for s in samples)
    den = sum((s.t - mt) ** 2 for s in samples) or 1.0
    return 100.0 * (num / den) * 3600.0 / mr, mr


def classify_log(path: Path) -> tuple[dict[str, int], list[str]]:
    counts: dict[str, int] = {}
    unexpected: list[str] = []
    for line in path.read_text("utf-8", "replace").splitlines():
        m = re.match(r"\[[^\]]*\]\[(Warn|Error|WARN|ERROR)\]", line)
        if not m:
            continue
        for name, pattern in EXPECTED:
            if pattern.search(line):
                counts[name] = counts.get(name, 0) + 1
                break
        else:
            unexpected.append(line)
    return counts, unexpected


def settle_fds(srv: SoakServer, baseline: int, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    fds = srv.fds()
    while fds > baseline and time.monotonic() < deadline:
        time.sleep(0.5)
        fds = srv.fds()
    return fds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=float(os.environ.get("MINUTES", 60)))
    ap.add_argument("--binary", type=Path, default=Path(os.environ.get("SRS_BINARY", REPO / "objs" / "srs")))
    ap.add_argument("--restart-every", type=float, default=60.0, help="s between republishes of `churn`")
    ap.add_argument("--reload-every", type=float, default=300.0, help="s between SIGHUPs")
    ap.add_argument("--sample-every", type=float, default=5.0)
    ap.add_argument("--player-every", type=float, default=1.0, help="s between new players")
    ap.add_argument("--player-seconds", type=float, default=12.0, help="longest a player stays")
    ap.add_argument("--max-players", type=int, default=8)
    ap.add_argument("--max-slope", type=float, default=1.0, help="RSS slope limit, %% of mean per hour")
    ap.add_argument("--keep", action="store_true", help="keep the work dir")
    args = ap.parse_args()
    if args.minutes < 1 and args.restart_every >= 60:
        print("note: --minutes below 1 with default phases gives few samples", file=sys.stderr)
    if not args.binary.exists():
        print(f"soak: no server binary at {args.binary} (make build)", file=sys.stderr)
        return 2
    if not CLIP.exists():
        print(f"soak: no clip {CLIP} (make media)", file=sys.stderr)
        return 2

    duration = args.minutes * 60.0
    warmup = min(max(0.1 * duration, 300.0), 0.5 * duration)
    workdir = Path(tempfile.mkdtemp(prefix="srs-soak-"))
    procs = Procs()
    srv = SoakServer(workdir, args.binary, procs)
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "?"
    print(f"soak: {args.minutes:g} min, commit {commit}, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, "
          f"work dir {workdir}, warm-up {warmup:.0f} s", flush=True)
    samples: list[Sample] = []
    try:
        srv.start()
        time.sleep(1.0)
        fd_idle = srv.fds()
        rss_start = srv.rss_kb()
        load = Load(srv, procs, args)
        load.start_publishers()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            status, _ = http_get(srv.http_port, "/live/always.m3u8")
            if status == 200:
                break
            time.sleep(0.5)
        time.sleep(2.0)
        fd_published = srv.fds()
        t0 = time.monotonic()
        last = (time.monotonic(), srv.cpu_ticks())
        load.start()
        next_print = t0
        while time.monotonic() - t0 < duration:
            if srv.proc.poll() is not None:
                raise RuntimeError(f"server exited with {srv.proc.returncode}")
            s, last = sample(srv, load, last)
            samples.append(s)
            if s.t >= next_print:
                print(f"  t={s.t - t0:7.0f}s rss={s.rss_kb / 1024:7.1f} MiB fds={s.fds:4d} cpu={s.cpu:5.1f}% "
                      f"streams={s.streams} clients={s.clients} players={s.players}", flush=True)
                next_print = s.t + max(60.0, args.sample_every)
            time.sleep(max(0.0, args.sample_every - (time.monotonic() - s.t)))
        load.players_stop.set()
        deadline = time.monotonic() + args.player_seconds + args.restart_every + 30
        while load.active and time.monotonic() < deadline:
            time.sleep(0.5)
        load.stop.set()
        for t in load.threads:
            t.join(timeout=10)
        fd_after_players = settle_fds(srv, fd_published, 15)
        load.stop_publishers()
        fd_after_all = settle_fds(srv, fd_idle, 20)
        alive = srv.proc.poll() is None
        rss_end = srv.rss_kb() if alive else 0
    finally:
        procs.kill_all()

    after = [s for s in samples if s.t - samples[0].t >= warmup] if samples else []
    slope, mean = slope_pct_per_hour(after)
    log_counts, unexpected = classify_log(srv.log)
    sessions = load.sessions
    failed = [s for s in sessions if s.ok is not True]
    by_kind: dict[str, list[int]] = {}
    for s in sessions:
        ok_fail = by_kind.setdefault(s.kind, [0, 0])
        ok_fail[0 if s.ok else 1] += 1

    def row(name: str, value: str, ok: Optional[bool] = None) -> None:
        mark = "" if ok is None else ("ok" if ok else "FAIL")
        print(f"| {name:<40} | {value:<46} | {mark:<4} |")

    print()
    print(f"| {'figure':<40} | {'value':<46} | {'':<4} |")
    print(f"|{'-' * 42}|{'-' * 48}|{'-' * 6}|")
    row("duration", f"{duration / 60:.1f} min, {len(samples)} samples, warm-up {warmup:.0f} s")
    row("RSS start / end", f"{rss_start / 1024:.1f} / {rss_end / 1024:.1f} MiB")
    if samples:
        row("RSS min / max", f"{min(s.rss_kb for s in samples) / 1024:.1f} / "
                             f"{max(s.rss_kb for s in samples) / 1024:.1f} MiB")
    row("RSS slope after warm-up", f"{slope:+.2f} %/h of {mean / 1024:.1f} MiB (limit {args.max_slope} %/h)",
        abs(slope) < args.max_slope if len(after) >= 3 else False)
    if samples:
        cpus = sorted(s.cpu for s in samples)
        row("CPU mean / p95 / max", f"{sum(cpus) / len(cpus):.1f} / {cpus[int(0.95 * (len(cpus) - 1))]:.1f} / "
                                    f"{cpus[-1]:.1f} %")
        row("fds min / max during run", f"{min(s.fds for s in samples)} / {max(s.fds for s in samples)}")
        row("API clients max", f"{max(s.clients for s in samples)}")
    row("fds published baseline / after players", f"{fd_published} / {fd_after_players}",
        fd_after_players <= fd_published)
    row("fds idle baseline / after all", f"{fd_idle} / {fd_after_all}", fd_after_all <= fd_idle)
    for kind, (ok, bad) in sorted(by_kind.items()):
        row(f"players {kind} got video / failed", f"{ok} / {bad}", bad == 0)
    row("players total", f"{len(sessions)}", len(sessions) > 0 and not failed)
    for name, value in load.counts.items():
        row(name, str(value), value == 0 if name == "api errors" else None)
    row("log warn/error lines expected", ", ".join(f"{k} {v}" for k, v in sorted(log_counts.items())) or "none")
    row("log warn/error lines unexpected", str(len(unexpected)), not unexpected)
    row("server alive at the end", str(alive), alive)
    for s in failed[:10]:
        print(f"  failed player: {s.kind} {s.stream} at +{s.started - (samples[0].t if samples else 0):.0f}s: {s.detail}")
    for line in unexpected[:20]:
        print(f"  unexpected log line: {line[:300]}")
    verdict = (alive and len(after) >= 3 and abs(slope) < args.max_slope and fd_after_players <= fd_published
               and fd_after_all <= fd_idle and sessions and not failed and not unexpected
               and load.counts["api errors"] == 0)
    print(f"\nverdict: {'PASS' if verdict else 'FAIL'}")
    if args.keep or not verdict:
        print(f"work dir kept: {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
