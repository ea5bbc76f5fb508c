"""Shared fixtures: servers per module, process/client cleanup, per-test time limit, and the
server log tail printed whenever a test fails."""

from __future__ import annotations

import signal
from typing import Callable, Iterator

import pytest

import harness
from harness import BACKEND, ProcessGroup, Server
from rtmp_client import RtmpClient

TEST_TIME_LIMIT = 90  # seconds; every subprocess/socket also has its own timeout


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "srs_only: SRS-specific behaviour (skipped on nginx backend)")
    config.addinivalue_line("markers", "time_limit(seconds): override the per-test time limit")


def pytest_sessionstart(session: pytest.Session) -> None:
    # Once, before any test: most modules publish the clips.
    try:
        harness.ensure_media()
    except RuntimeError as error:
        pytest.exit(f"test media: {error}", returncode=pytest.ExitCode.USAGE_ERROR)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if BACKEND == "srs":
        return
    skip = pytest.mark.skip(reason=f"SRS-specific; backend is {BACKEND}")
    for item in items:
        if item.get_closest_marker("srs_only"):
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for server in list(Server.live):
        server.stop()
    ProcessGroup.kill_everything()


class _TestTimeout(Exception):
    pass


@pytest.fixture(autouse=True)
def _time_limit(request: pytest.FixtureRequest) -> Iterator[None]:
    marker = request.node.get_closest_marker("time_limit")
    seconds = int(marker.args[0]) if marker else TEST_TIME_LIMIT

    def expired(signum: int, frame: object) -> None:
        raise _TestTimeout(f"test exceeded {seconds}s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(autouse=True)
def _diagnostics_on_failure(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    failed = any(getattr(request.node, f"rep_{w}", None) is not None
                 and getattr(request.node, f"rep_{w}").failed for w in ("setup", "call"))
    if failed:
        for server in Server.live:
            print(server.diagnostics())


@pytest.fixture
def procs(request: pytest.FixtureRequest) -> Iterator[ProcessGroup]:
    """Processes that live for one test (killed at teardown, before the server)."""
    group = ProcessGroup(request.node.name)
    yield group
    group.kill_all()


@pytest.fixture
def clients() -> Iterator[Callable[..., RtmpClient]]:
    """Factory of RtmpClient bound to a server; every client is closed at teardown."""
    made: list[RtmpClient] = []

    def make(server: Server, timeout: float = 5.0) -> RtmpClient:
        client = RtmpClient(harness.HOST, server.port, timeout=timeout)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()

