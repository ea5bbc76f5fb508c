"""A 1-minute smoke of the soak run (scripts/soak.py, `make soak`): short phases (republish and reload
every 20 s, samples every 2 s) so every part of the load and of the verdict runs once. The RSS slope
limit is lax here (a minute of samples is noise, not a trend); fds, log lines, players and the API
are judged as in the long run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from harness import BINARY, REPO, SANITIZED, run_process_group

pytestmark = pytest.mark.srs_only


@pytest.mark.time_limit(120)
def test_one_minute_soak_passes_its_verdict() -> None:
    run = run_process_group([sys.executable, str(REPO / "scripts" / "soak.py"), "--binary", str(BINARY),
                             "--minutes", "1", "--restart-every", "20", "--reload-every", "20",
                             "--sample-every", "2", "--player-seconds", "8", "--max-slope", "1000000" if SANITIZED else "1000"],
                            110, stdin=subprocess.DEVNULL)
    print(run.stdout)
    assert run.returncode == 0 and "verdict: PASS" in run.stdout, run.stdout[-4000:] + run.stderr[-2000:]
