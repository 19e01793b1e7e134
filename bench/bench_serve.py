"""Time from a save to an updated `archlint serve` page, for the samples and a
generated 1,000-node document.

    python bench/bench_serve.py            # every sample, then 1,000 nodes
    python bench/bench_serve.py 100 1000   # generated documents of these sizes only

Each case runs a real `archlint serve` on a temporary copy, listens to its
`/events` stream as the page does, saves a small change (a new node appended),
and stops the clock when the page has what it needs: the `update` event, then
`/state` and the changed document's `/svg`. Three saves per case; the median
and the slowest are printed. The browser's own drawing is not included
(tests/test_serve.py prints the whole save-to-page time in Chromium).
Asserts nothing: timings belong in reports, not in tests.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_render import document  # noqa: E402 - the render benchmark's generated graphs

ROOT = Path(__file__).resolve().parent.parent
SAVES = 3


def _events(port: int) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", "/events")
    stream = connection.getresponse()
    assert stream.readline() == b"event: update\n"
    stream.readline(), stream.readline()                    # data, blank line
    return stream


def _fetch(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path)
    return connection.getresponse().read()


def measure(folder: Path, edits: list[Path], saves: int) -> dict[str, list[float]]:
    """Serve a copy of `folder`; save each of `edits` (paths under it) `saves` times;
    seconds from each save to the updated page, per edited file."""
    with tempfile.TemporaryDirectory(prefix="archlint-bench-serve-") as work:
        shutil.copytree(folder, work, dirs_exist_ok=True)
        (Path(work) / ".git").mkdir(exist_ok=True)
        server = subprocess.Popen([sys.executable, "-m", "archlint", "serve", work],
                                  stderr=subprocess.PIPE, text=True, cwd=ROOT)
        assert server.stderr is not None
        port = int(re.search(r"127\.0\.0\.1:(\d+)", server.stderr.readline()).group(1))  # type: ignore[union-attr]
        stream = _events(port)
        times: dict[str, list[float]] = {}
        try:
            for edit in edits:
                target = Path(work) / edit.relative_to(folder)
                for save in range(saves):
                    addition = f'\nbench_extra_{save}: ec2 "Added {save}"\n'
                    text = target.read_text()
                    if target.suffix == ".md":      # inside the first archlint block
                        text = text.replace("```archlint\n", "```archlint" + addition, 1)
                    else:
                        text += addition
                    started = time.perf_counter()
                    target.write_text(text)
                    while stream.readline() != b"event: update\n":
                        pass
                    stream.readline(), stream.readline()
                    state = json.loads(_fetch(port, "/state"))
                    for entry in state["documents"]:
                        if entry["key"]:
                            _fetch(port, f"/svg/{entry['key']}")
                    times.setdefault(edit.name, []).append(time.perf_counter() - started)
        finally:
            server.send_signal(signal.SIGINT)
            server.communicate(timeout=30)
        return times


def main(sizes: list[int]) -> None:
    results: dict[str, list[float]] = {}
    if not sizes:
        samples = ROOT / "samples"
        edits = sorted(samples.glob("*.arch")) + [samples / "design-doc.md"]
        results.update(measure(samples, edits, 1))
        sizes = [1000]
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="archlint-bench-docs-") as scratch:
            path = Path(scratch) / f"generated-{size}.arch"
            path.write_text(document(size))
            results.update({f"{size} nodes (alone)": t for t in measure(Path(scratch), [path], SAVES).values()})
    print(f"{'saved document':44} {'median':>8} {'slowest':>8}")
    for name, times in results.items():
        print(f"{name:44} {statistics.median(times):7.2f}s {max(times):7.2f}s")
    every = [t for times in results.values() for t in times]
    print(f"{'all saves':44} {statistics.median(every):7.2f}s {max(every):7.2f}s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]])
