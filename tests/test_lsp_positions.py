"""Positions in the encoding the client and `archlint lsp` agree on: UTF-16 code units
by default (VS Code offers no choice), UTF-8 when the client prefers it (Neovim offers
utf-8 first). A CJK character (one UTF-16 unit, three UTF-8 bytes) and an emoji (two
UTF-16 units, four UTF-8 bytes) stand before ids on the same line, so a server counting
Python characters would land every range a few columns short."""

from __future__ import annotations

import sys

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = """users: users
vpc net "网络 😀" { db: rds { multi_az = true } }
vpc other "数据 😀" { q: sqss }
users -> db   # 注文 😀
"""
CLIENTS = {"visual-studio-code": "utf-16", "neovim": "utf-8"}


@pytest_lsp.fixture(scope="module", params=list(CLIENTS), config=ClientServerConfig(
    server_command=[sys.executable, "-m", "archlint", "lsp"]))
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest,
                 tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("lsp-positions")
    (root / ".archlint.yaml").write_text("select: [ALL]\n")
    lsp_client.root = root  # type: ignore[attr-defined]
    result = await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=client_capabilities(request.param), root_uri=root.as_uri()))
    lsp_client.encoding = result.capabilities.position_encoding  # type: ignore[attr-defined]
    lsp_client.expected = CLIENTS[request.param]  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def units(text: str, encoding: str) -> int:
    data = text.encode("utf-16-le" if encoding == "utf-16" else encoding)
    return len(data) // (2 if encoding == "utf-16" else 4 if encoding == "utf-32" else 1)


def at(text: str, needle: str, encoding: str, offset: int = 0, nth: int = 0) -> lsp.Position:
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    index += offset
    start = text.rfind("\n", 0, index) + 1
    return lsp.Position(text.count("\n", 0, index), units(text[start:index], encoding))


def applied(text: str, edits: list[lsp.TextEdit], encoding: str) -> str:
    """`edits` applied as the client applies them: columns counted in `encoding`."""
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        assert edit.range.start.line == edit.range.end.line
        data = lines[edit.range.start.line].encode(
            "utf-16-le" if encoding == "utf-16" else encoding)
        width = 2 if encoding == "utf-16" else 4 if encoding == "utf-32" else 1
        start, end = edit.range.start.character * width, edit.range.end.character * width
        line = data[:start] + edit.new_text.encode(
            "utf-16-le" if encoding == "utf-16" else encoding) + data[end:]
        lines[edit.range.start.line] = line.decode("utf-16-le" if encoding == "utf-16" else encoding)
    return "\n".join(lines)


async def test_every_range_lands_on_the_right_characters(client: LanguageClient) -> None:
    encoding = client.encoding  # type: ignore[attr-defined]
    assert encoding == client.expected  # type: ignore[attr-defined]
    path = client.root / "emoji.arch"  # type: ignore[attr-defined]
    path.write_text(TEXT, encoding="utf-8")
    uri = path.as_uri()
    doc = lsp.TextDocumentIdentifier(uri)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(
        uri=uri, language_id="archlint", version=1, text=TEXT)))
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    kind = next(d for d in client.diagnostics[uri] if d.code == "E101")
    assert kind.range.start == at(TEXT, "sqss", encoding)
    assert kind.range.end == at(TEXT, "sqss", encoding, offset=4)
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        doc, kind.range, lsp.CodeActionContext([kind])))
    fix = next(a for a in actions if a.title == "Replace with 'sqs'")
    assert applied(TEXT, fix.edit.changes[uri], encoding) == TEXT.replace("sqss", "sqs")

    hover = await client.text_document_hover_async(lsp.HoverParams(doc, at(TEXT, "rds", encoding, 1)))
    assert hover is not None and "Amazon RDS" in hover.contents.value

    use = at(TEXT, "> db", encoding, offset=3)
    found = await client.text_document_definition_async(lsp.DefinitionParams(doc, use))
    assert [(d.range.start, d.range.end) for d in found] == [
        (at(TEXT, "db:", encoding), at(TEXT, "db:", encoding, offset=2))]
    renamed = await client.text_document_rename_async(lsp.RenameParams(doc, use, "orders"))
    assert applied(TEXT, renamed.changes[uri], encoding) == \
        TEXT.replace("db:", "orders:").replace("> db", "> orders")

    symbols = await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(doc))
    db = symbols[1].children[0]
    assert db.name == "db" and db.selection_range.start == at(TEXT, "db:", encoding)

    messy = TEXT.replace("users: users", "users:users")
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
        [lsp.TextDocumentContentChangeWholeDocument(text=messy)]))
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    edits = await client.text_document_formatting_async(lsp.DocumentFormattingParams(
        doc, lsp.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert edits[0].new_text == TEXT
