"""A hook server for the HTTP callback tests (Python http.server in a thread): records every
call (path, JSON body, arrival time) and answers by rule — `0` by default, a refusal for
streams named in `refuse`, no answer at all on paths in `hang`."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Optional


class HookServer:
    def __init__(self) -> None:
        self.calls: list[dict] = []
        self.refuse: set[str] = set()
        self.hang: set[str] = set()
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw, object_pairs_hook=lambda pairs: pairs)
                except ValueError:
                    body = None
                record = {"path": self.path, "raw": raw, "pairs": body, "at": time.monotonic(),
                          "headers": dict(self.headers)}
                with owner.lock:
                    owner.calls.append(record)
                if self.path in owner.hang:
                    time.sleep(60)
                    return
                fields = dict(body or [])
                answer = b'{"code":403}' if fields.get("stream") in owner.refuse else b"0"
                self.send_response(200)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def actions(self) -> list[str]:
        with self.lock:
            return [dict(c["pairs"] or []).get("action", "?") for c in self.calls]

    def find(self, action: str, stream: Optional[str] = None) -> list[dict]:
        with self.lock:
            out = []
            for call in self.calls:
                fields = dict(call["pairs"] or [])
                if fields.get("action") == action and (stream is None or fields.get("stream") == stream):
                    out.append(call)
            return out

    def wait(self, action: str, stream: Optional[str] = None, timeout: float = 5.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            found = self.find(action, stream)
            if found:
                return found[-1]
            assert time.monotonic() < deadline, f"no {action} hook for {stream} in {timeout}s; got {self.actions()}"
            time.sleep(0.02)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
