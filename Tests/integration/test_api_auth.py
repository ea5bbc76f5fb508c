"""`http_api { auth { enabled on; username; password; } }` (issue 10): HTTP Basic on every API
path, 401 with a challenge otherwise, reloadable."""

from __future__ import annotations

import base64
import urllib.error
import urllib.request

import pytest

from cluster_nodes import nodes  # noqa: F401  (fixture)
from harness import HOST

pytestmark = pytest.mark.srs_only


def get(port: int, path: str, user: str | None = None, password: str = "") -> tuple[int, dict]:
    request = urllib.request.Request(f"http://{HOST}:{port}{path}")
    if user is not None:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_api_needs_the_credentials_and_the_change_is_reloadable(nodes) -> None:
    auth = "http_api { enabled on; listen %d; auth { enabled on; username admin; password secret; } }\n"
    node = nodes("auth", start=False)
    node.globals_ = ""
    base = node.render
    node.render = lambda: base().replace(f"http_api {{ enabled on; listen {node.api_port}; }}\n", auth % node.api_port)  # type: ignore[method-assign]
    node.start()
    for path in ("/api/v1/versions", "/api/v1/clients/", "/api/v1/streams/", "/api/v1/summaries"):
        status, headers = get(node.api_port, path)
        assert status == 401 and headers.get("WWW-Authenticate") == 'Basic realm="SRS"', path
        assert get(node.api_port, path, "admin", "wrong")[0] == 401
        assert get(node.api_port, path, "admin", "secret")[0] == 200
    # Turning auth off is a reload away.
    mark = node.reload(render=base)
    node.wait_log("reload config success", mark)
    assert get(node.api_port, "/api/v1/clients/")[0] == 200
