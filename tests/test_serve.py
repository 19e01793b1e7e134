"""`archlint serve`: the preview state, the loopback server (routes, Host check,
server-sent events), Ctrl-C, a missing Graphviz, and the page itself in real
headless Chromium (Debian's, driven by Playwright): open it, save a file, see
the new picture and findings, click a finding, take a screenshot."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from archlint.config.settings import Settings
from archlint.output.preview.server import PreviewServer
from archlint.output.preview.state import Preview
from archlint.output.render import RenderOptions

CHROMIUM = Path("/usr/bin/chromium")
ARCHLINT = [sys.executable, "-m", "archlint"]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is required")

DESIGN = """\
title = "Orders"
users: users "Customers"
api: lambda "Order API" { timeout = 20m }
vpc prod "Production" {
  db: rds "Orders DB" { multi_az = true }
}
users -> api
api -> db : "writes"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "orders.arch").write_text(DESIGN)
    (tmp_path / "notes.md").write_text("# Notes\n\n```archlint\nq: sqs \"Jobs\"\n```\n")
    return tmp_path


def get(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    connection.request("GET", path, headers={"Host": host} if host else {})
    response = connection.getresponse()
    return response.status, response.read()


@pytest.fixture
def served(project: Path):
    preview = Preview([project], Settings(), RenderOptions("svg"))
    preview.refresh()
    server = PreviewServer(preview)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.stopping.set()
    server.shutdown()
    server.server_close()


@needs_dot
def test_state_lists_documents_findings_and_what_to_highlight(served: PreviewServer) -> None:
    status, body = get(served, "/state")
    state = json.loads(body)
    assert status == 200 and state["version"] == 1 and not state["problem"]
    by_name = {Path(d["name"]).name: d for d in state["documents"]}
    assert set(by_name) == {"orders.arch", "notes.md#block1"}
    findings = {f["rule"]: f for f in by_name["orders.arch"]["findings"]}
    assert findings["CMP001"]["severity"] == "error" and findings["CMP001"]["element"] == "Order API"
    assert findings["CMP001"]["targets"] == ["api"] and findings["CMP001"]["line"] == 3
    status, svg = get(served, "/svg/" + by_name["orders.arch"]["key"])
    assert status == 200 and b"<svg" in svg and b"<title>api</title>" in svg


@needs_dot
def test_only_rendered_outputs_are_served(served: PreviewServer, project: Path) -> None:
    assert served.server_address[0] == "127.0.0.1"
    for path in ("/orders.arch", "/svg/../orders.arch", "/svg/d9", "/svg/%2e%2e/orders.arch",
                 "//etc/passwd", "/state/../orders.arch"):
        status, body = get(served, path)
        assert status == 404 and b"multi_az" not in body, path
    status, _ = get(served, "/state", host="attacker.example:80")
    assert status == 403
    status, page = get(served, "/")
    assert status == 200 and b'<script src="/page.js"' in page


@needs_dot
def test_events_announce_each_new_version(served: PreviewServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", served.server_address[1], timeout=10)
    connection.request("GET", "/events")
    stream = connection.getresponse()
    assert stream.getheader("Content-Type") == "text/event-stream"
    assert stream.readline() == b"event: update\n" and stream.readline() == b"data: 1\n"
    served.preview.refresh()
    lines = [stream.readline() for _ in range(3)]
    assert lines[1:] == [b"event: update\n", b"data: 2\n"]


def test_graphviz_missing_is_said_on_the_page(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(project))           # no `dot` there
    preview = Preview([project], Settings(), RenderOptions("svg"))
    snapshot = preview.refresh()
    assert "Graphviz is not installed" in snapshot.problem and "apt-get install graphviz" in snapshot.problem
    assert snapshot.svgs == {} and len(snapshot.documents) == 2   # findings are still listed


def _start(project: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([*ARCHLINT, "serve", str(project), *args], stderr=subprocess.PIPE,
                               text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
    assert found, line
    return process, found.group(1)


@needs_dot
def test_ctrl_c_stops_cleanly(project: Path) -> None:
    process, url = _start(project)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=15)
    assert process.returncode == 0 and "serve stopped" in err and "Traceback" not in err


def _chromium():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is not installed; run: bash .ci/setup")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    return sync_playwright()


LAUNCH = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.mark.slow
@needs_dot
def test_the_page_in_chromium(project: Path, tmp_path: Path) -> None:
    process, url = _start(project)
    try:
        with _chromium() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.wait_for_selector("section[data-name$='orders.arch'] svg")
            assert page.locator("section").count() == 2
            orders = page.locator("section[data-name$='orders.arch']")
            assert orders.locator("li.error").first.inner_text().startswith("CMP001 error")
            assert "REL001" not in orders.inner_text()

            # save a change: a single-AZ database on the serving path is a REL001 error
            started = time.monotonic()
            (project / "orders.arch").write_text(DESIGN.replace("multi_az = true", "multi_az = false"))
            page.wait_for_selector("body[data-version='2']", timeout=10_000)
            page.wait_for_selector("section[data-name$='orders.arch'] li:has-text('REL001')")
            updated = time.monotonic() - started
            print(f"save to updated page: {updated:.2f} s")
            svg = orders.locator("svg").inner_html()
            assert "REL001" in svg                        # the new picture marks it too

            # click the finding: its element is highlighted in the picture
            orders.locator("li", has_text="REL001").first.click()
            highlight = orders.locator("rect.archlint-highlight")
            assert highlight.count() == 1 and highlight.get_attribute("data-target") == "db"
            assert orders.locator("li.active").inner_text().startswith("REL001")
            shot = Path(os.environ.get("ARCHLINT_TEST_ARTIFACTS", tmp_path)) / "serve-page.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000
            browser.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
    assert process.returncode == 0


@needs_dot
def test_a_busy_port_is_one_clear_error(project: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([*ARCHLINT, "serve", str(project), "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


@needs_dot
def test_a_saved_configuration_applies_without_a_restart(project: Path) -> None:
    process, url = _start(project)
    try:
        port = int(url.rsplit(":", 1)[1].strip("/"))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/events")
        stream = connection.getresponse()
        stream.readline(), stream.readline(), stream.readline()
        (project / ".archlint.yaml").write_text("ignore: [CMP001]\n")
        assert stream.readline() == b"event: update\n"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/state")
        state = json.loads(connection.getresponse().read())
        rules = {f["rule"] for d in state["documents"] for f in d["findings"]}
        assert "CMP001" not in rules and "DB002" in rules
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
