"""A short run of `make bench` (bench/run.sh) so the benchmark stays runnable: the load tools
build without warnings and pass their self-tests, and a few players, publishers and the bare
fan-out (batched and low latency) produce figures. The real runs (N up to 5000) are `make bench` / `make bench-ingest`."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from harness import BACKEND, BINARY, CLIP_720P, REPO, run_process_group

pytestmark = pytest.mark.skipif(BACKEND != "srs", reason="benchmarks srs-swift")


def _run_bench(env: dict, timeout: float) -> subprocess.CompletedProcess:
    return run_process_group(["bash", str(REPO / "bench" / "run.sh")], timeout, env=env)


def _row(results: str, label: str, n: int) -> list[str]:
    """The cells of the table row `| label | n | ...`."""
    for line in results.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 2 and cells[0] == label and cells[1] == str(n):
            return cells
    raise AssertionError(f"no row for {label} N={n} in:\n{results}")


def test_tools_build_without_warnings_and_pass_their_self_tests(tmp_path: Path):
    for tool in ("rtmp_load", "rtmp_publish", "bare_fanout", "api_poll", "hls_watch"):
        out = subprocess.run(["gcc", "-O2", "-Wall", "-Wextra", "-o", str(tmp_path / tool), str(REPO / "bench" / f"{tool}.c")],
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0 and "warning" not in out.stderr, f"{tool}: {out.stderr}"
    for tool in ("rtmp_load", "rtmp_publish"):
        out = subprocess.run([str(tmp_path / tool), "-S"], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, f"{tool} -S: {out.stdout}{out.stderr}"


@pytest.mark.time_limit(240)  # about 80 s: eleven short runs, each a fresh server with its publisher
def test_a_small_benchmark_run_measures_players_publishers_and_the_bare_fan_out(tmp_path: Path):
    env = dict(os.environ, BENCH_OUT=str(tmp_path / "out"), BENCH_SRS=str(BINARY), BENCH_CLIP=str(CLIP_720P),
               BENCH_SERVERS="srs-swift", BENCH_PARTS="rtmp http bare lowlat ingest streams workers", BENCH_NS="20", BENCH_LL_NS="20",
               BENCH_WORKERS_NS="20",
               BENCH_INGEST_NS="5", BENCH_STREAMS_N="5", BENCH_SECONDS="2", BENCH_WARMUP="1", BENCH_BASELINE="1")
    out = _run_bench(env, timeout=400)
    assert out.returncode == 0, out.stderr[-3000:]
    results = (tmp_path / "out" / "results.md").read_text()
    for label in ("srs-swift", "srs-swift HTTP-FLV", "bare, mode 350", "srs-swift low latency", "bare, mode 0n"):
        cells = _row(results, label, 20)
        assert cells[2] == "20", f"{label}: {cells[2]} of 20 playing"
        assert re.match(r"-?\d+\.\d+ \(", cells[3]), f"{label}: no CPU figure: {cells}"
    # Low latency: the server's writes per player per second and the ratio to the floor.
    low_latency = results.split("### Low latency", 1)[-1].split("###", 1)[0]
    assert re.search(r"^\| 20 \| \d+\.\d+ \| \d+\.\d+ \| (-?\d+\.\d+|n/a) \|$", low_latency, re.M), results
    # The exact commands, with the run's paths as variables (no path of this machine in the report).
    commands = results.split("### Commands", 1)[-1]
    assert re.search(r"^taskset -c \S+ \S+ -c \$TMP/\S+/srs\.conf$", commands, re.M), commands[:2000]
    assert re.search(r"^taskset -c \S+ \$OUT/rtmp_load -u rtmp://127\.0\.0\.1:\d+/live/livestream -n 20 ", commands, re.M)
    assert re.search(r"^taskset -c \S+ \$OUT/rtmp_publish .* -L \$TMP/send-ll-20\.log$", commands, re.M), commands[:3000]
    assert str(tmp_path) not in commands
    # Publish-to-play latency of both modes: probes matched every video message they got with the send log.
    for label, low, high in (("low latency", 0, 100), ("default (mw_latency 350)", 0, 1000)):
        row = re.search(rf"^\| {re.escape(label)} \| 20 \| .* \| (\d+\.\d+) / (\d+\.\d+) / (\d+\.\d+) \| (\d+) \((\d+)\) \|$",
                        low_latency, re.M)
        assert row, f"{label}: no latency row:\n{low_latency}"
        p50, p99, top, samples, unmatched = (float(v) for v in row.groups())
        assert low <= p50 <= p99 <= top < high and samples > 20 and unmatched == 0, f"{label}: {row.group(0)}"
    ingest = _row(results, "srs-swift", 5)
    assert ingest[2] == "5, API: 5 of 5", f"ingest: {ingest}"
    assert "| 5 | 10 | 5 / 10" in results, f"streams row:\n{results}"
    # Workers: one and two event loops, every player playing, the threads' shares of the CPU.
    workers = results.split("### Workers", 1)[-1].split("###", 1)[0]
    for w in ("1", "2"):
        cells = _row(workers, w, 20)
        assert cells[2] == "20", f"workers {w}: {cells}"
        assert re.match(r"(\d+(/\d+)*|n/a)$", cells[-1]), f"workers {w}: thread shares {cells[-1]!r}"
    # The ratio to the bare fan-out is computed in the same run.
    # (At 20 players the CPU figures are a few clock ticks, and a ratio of a net figure at or below
    # zero reads n/a: only the row and the bare figure are checked.)
    assert re.search(r"\| 20 \| \d+\.\d+ \| (-?\d+\.\d+|n/a) \| (-?\d+\.\d+|n/a) \| \d+\.\d+ \|", results), results


@pytest.mark.time_limit(150)  # about 50 s: 6 short runs
def test_the_ratio_part_runs_rounds_of_rtmp_http_flv_and_bare_in_turn(tmp_path: Path):
    env = dict(os.environ, BENCH_OUT=str(tmp_path / "out"), BENCH_SRS=str(BINARY), BENCH_CLIP=str(CLIP_720P),
               BENCH_SERVERS="srs-swift", BENCH_PARTS="ratio", BENCH_RATIO_N="20", BENCH_RATIO_ROUNDS="2",
               BENCH_SECONDS="2", BENCH_WARMUP="1", BENCH_BASELINE="1")
    out = _run_bench(env, timeout=140)
    assert out.returncode == 0, out.stderr[-3000:]
    results = (tmp_path / "out" / "results.md").read_text()
    assert out.stderr.count("ratio round ") == 2, out.stderr[-3000:]
    # Two rounds and their medians (at 20 players a net figure can be at or below zero: n/a ratios).
    ratio = results.split("### Ratio to the bare fan-out", 1)[-1].split("###", 1)[0]
    number = r"(-?\d+\.\d+|n/a)"
    for r in ("1", "2"):
        assert re.search(rf"^\| {r} \| {number} \| {number} \| \d+\.\d+ \| {number} \| {number} \|$", ratio, re.M), ratio
    assert re.search(rf"^\| median \| {number} \| {number} \| -?\d+(\.\d+)? \| {number} \| {number} \|$", ratio, re.M), ratio
