"""Keystroke to published diagnostics in `archlint lsp`, and its memory over many edits.

Starts the real server (`python -m archlint lsp`) over stdio with pygls's client,
opens a generated 1,000-line document, then types: each edit changes one
character (a count, back and forth) and waits for the diagnostics of that
version. The debounce is set to 0 so that the time is the server's work (parse +
build + every rule + sending), not the pause it waits for while a person types.
Prints median and p95 latency (wall time), the server's CPU time per edit, and
its resident memory after opening and after all edits; asserts nothing (timings belong in reports, not in tests):

    python bench/bench_lsp.py               # 1,000 lines, 1,000 edits
    python bench/bench_lsp.py 1000 200      # lines, edits
    python bench/bench_lsp.py 1000 200 md   # the same lines as a design doc: 10 archlint
                                            # blocks between prose; the edits touch one
    python bench/bench_lsp.py 1000 200 outline  # after each edit also ask for the outline
                                            # and the folding ranges, as VS Code does
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import architecture  # noqa: E402


def cpu_ms(pid: int) -> float:
    """The server's CPU time so far (user + system), from /proc: on a shared machine
    wall time also measures the neighbours."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def design_doc(lines: int, blocks: int = 10) -> str:
    """A Markdown design doc: `blocks` archlint blocks of lines/blocks lines each."""
    parts = [f"## Part {i}\n\nProse about part {i}.\n\n```archlint\n{architecture(lines // blocks)}```\n"
             for i in range(blocks)]
    return "# Design\n\n" + "\n".join(parts)


async def main(lines: int, edits: int, markdown: bool = False, outline: bool = False) -> None:
    text = design_doc(lines) if markdown else architecture(lines)
    directory = Path(tempfile.mkdtemp(prefix="archlint-bench-lsp-"))
    path = directory / ("design.md" if markdown else "big.arch")
    path.write_text(text)
    uri = path.as_uri()
    client = LanguageClient("bench", "1")
    versions: dict[int, asyncio.Future] = {}

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
        waiting = versions.get(params.version or 0)
        if waiting is not None and not waiting.done():
            waiting.set_result(len(params.diagnostics))

    os.environ["ARCHLINT_LSP_DEBOUNCE_MS"] = "0"
    await client.start_io(sys.executable, "-m", "archlint", "lsp")
    pid = client._server.pid  # type: ignore[attr-defined]
    await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(),
                                                       root_uri=directory.as_uri()))
    client.initialized(lsp.InitializedParams())
    versions[1] = asyncio.get_running_loop().create_future()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(
        uri=uri, language_id="archlint", version=1, text=text)))
    found = await versions[1]
    opened = resident_mb(pid)
    cpu_before = cpu_ms(pid)
    latencies = []
    for version in range(2, edits + 2):
        edited = text.replace("count = 2", "count = 3", 1) if version % 2 else text
        versions[version] = asyncio.get_running_loop().create_future()
        start = time.perf_counter()
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [lsp.TextDocumentContentChangeWholeDocument(text=edited)]))
        await versions[version]
        del versions[version]
        latencies.append((time.perf_counter() - start) * 1000)
        if outline:   # what VS Code asks after a change (not in the latency above)
            document = lsp.TextDocumentIdentifier(uri)
            await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(document))
            await client.text_document_folding_range_async(lsp.FoldingRangeParams(document))
    after = resident_mb(pid)
    cpu_per_edit = (cpu_ms(pid) - cpu_before) / edits
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(f"document: {text.count(chr(10))} lines, {found} findings; {edits} edits")
    print(f"keystroke -> diagnostics: median {statistics.median(latencies):.1f} ms, "
          f"p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms")
    asked = " + outline + folding" if outline else ""
    print(f"server CPU time per edit (parse + build + all rules + messages{asked}): {cpu_per_edit:.1f} ms; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"server memory: {opened:.1f} MB after opening, {after:.1f} MB after {edits} edits")


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:] if a.isdigit()]
    asyncio.run(main(*(numbers + [1000, 1000][len(numbers):]), markdown="md" in sys.argv[1:],
                     outline="outline" in sys.argv[1:]))
