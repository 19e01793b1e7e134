"""The preview's HTTP server: loopback only, everything served from memory.

Routes are matched exactly; a request path never reaches the file system
(`/svg/<key>` is a dictionary lookup). Requests whose Host header is not this
server's loopback address are refused, so a web page elsewhere cannot reach
it through DNS rebinding. `/events` is a server-sent event stream that says
`update` when a new snapshot is ready.
"""

from __future__ import annotations

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources

from archlint.output.preview.state import Preview

HOST = "127.0.0.1"
_STATIC = {"/": ("page.html", "text/html; charset=utf-8"),
           "/page.js": ("page.js", "text/javascript; charset=utf-8"),
           "/page.css": ("page.css", "text/css; charset=utf-8")}
_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'"
KEEPALIVE_SECONDS = 15.0


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, preview: Preview, port: int = 0) -> None:
        super().__init__((HOST, port), _Handler)
        self.preview = preview
        self.stopping = threading.Event()
        self.static = {path: resources.files(__package__).joinpath(name).read_bytes()
                       for path, (name, _) in _STATIC.items()}

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        port = self.server.server_address[1]
        if self.headers.get("Host") not in (f"{HOST}:{port}", f"localhost:{port}"):
            return self._send(HTTPStatus.FORBIDDEN, b"wrong host\n", "text/plain")
        path = self.path.split("?", 1)[0]
        snapshot = self.server.preview.snapshot
        if path in _STATIC:
            return self._send(HTTPStatus.OK, self.server.static[path], _STATIC[path][1])
        if path == "/state":
            body = {"version": snapshot.version, "documents": snapshot.documents,
                    "problem": snapshot.problem}
            return self._send(HTTPStatus.OK, json.dumps(body).encode(), "application/json")
        if path.startswith("/svg/") and path[5:] in snapshot.svgs:
            return self._send(HTTPStatus.OK, snapshot.svgs[path[5:]], "image/svg+xml")
        if path == "/events":
            return self._events()
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", _CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        preview, seen, quiet = self.server.preview, -1, 0.0
        try:
            while not self.server.stopping.is_set():
                # short waits, so that a stopping server ends the stream at once
                version = preview.wait_newer(seen, 0.25 if seen >= 0 else 0)
                if version != seen:
                    seen, quiet = version, 0.0
                    self.wfile.write(f"event: update\ndata: {version}\n\n".encode())
                elif (quiet := quiet + 0.25) >= KEEPALIVE_SECONDS:
                    quiet = 0.0
                    self.wfile.write(b": keepalive\n\n")   # finds a closed page
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True
