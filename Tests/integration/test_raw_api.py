"""`/api/v1/raw` (SRS's raw API, `http_api { raw_api { enabled; allow_reload; } }`): rpc=raw shows
the settings, rpc=reload reloads the config like SIGHUP, rpc=reload-fetch reports how it went."""

from __future__ import annotations

import pytest

from cluster_nodes import nodes, wait_until  # noqa: F401  (fixture)

pytestmark = pytest.mark.srs_only


def with_raw_api(node, block: str):
    """Makes `node.render` put `block` into its http_api block; returns the plain renderer."""
    base = node.render

    def render() -> str:
        plain = f"http_api {{ enabled on; listen {node.api_port}; }}\n"
        return base().replace(plain, f"http_api {{ enabled on; listen {node.api_port}; {block} }}\n")
    node.render = render  # type: ignore[method-assign]
    return base


def test_raw_api_off_answers_raw_only(nodes) -> None:
    node = nodes("raw-off")
    body = node.api("/api/v1/raw?rpc=raw")
    assert body == {"code": 0, "http_api": {"enabled": True, "listen": str(node.api_port), "crossdomain": True,
                                            "raw_api": {"enabled": False, "allow_reload": False,
                                                        "allow_query": False, "allow_update": False}}}
    for rpc in ("reload", "reload-fetch", "query", ""):
        assert node.api(f"/api/v1/raw?rpc={rpc}") == {"code": 1061}, rpc
    assert "reload config" not in node.log_since(0)


def test_raw_api_reload_applies_the_new_config_and_reports_it(nodes) -> None:
    node = nodes("raw-on", start=False)
    plain = with_raw_api(node, "raw_api { enabled on; allow_reload on; }")
    node.start()
    assert node.api("/api/v1/raw?rpc=raw")["http_api"]["raw_api"]["allow_reload"] is True
    assert node.api("/api/v1/raw?rpc=reload-fetch")["data"]["state"] == 0
    assert node.api("/api/v1/raw?rpc=nope") == {"code": 1060}

    # A config change picked up by rpc=reload, not by a signal.
    node.vhost_extra = "play { mw_latency 100; }"
    node.write_config()
    mark = node.log_size()
    assert node.api("/api/v1/raw?rpc=reload") == {"code": 0}
    node.wait_log("reload config success, state=90.", mark)
    fetched = node.api("/api/v1/raw?rpc=reload-fetch")["data"]
    assert fetched["err"] == 0 and fetched["state"] == 90 and len(fetched["rid"]) == 7

    # A broken config keeps the old one, and reload-fetch says where it stopped.
    good = node.conf.read_text()
    node.conf.write_text(good + "no_such_directive on;\n")
    mark = node.log_size()
    assert node.api("/api/v1/raw?rpc=reload") == {"code": 0}
    node.wait_log("reload failed", mark)
    failed = node.api("/api/v1/raw?rpc=reload-fetch")["data"]
    assert failed["err"] == 1023 and failed["state"] == 20 and "no_such_directive" in failed["msg"]
    assert failed["rid"] != fetched["rid"]

    # Turning allow_reload off takes effect with that reload.
    node.render = plain  # type: ignore[method-assign]
    with_raw_api(node, "raw_api { enabled on; allow_reload off; }")
    node.conf.write_text(node.render())
    mark = node.log_size()
    assert node.api("/api/v1/raw?rpc=reload") == {"code": 0}
    node.wait_log("reload config success", mark)
    assert node.api("/api/v1/raw?rpc=reload") == {"code": 1061}
    assert node.api("/api/v1/raw?rpc=reload-fetch")["code"] == 0
