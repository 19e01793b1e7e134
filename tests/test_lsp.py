"""`archlint lsp` end to end: the real server process over stdio, driven by pytest-lsp
as an editor would drive it, for a `.arch` file and a Markdown design doc."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from archlint.config.settings import Settings
from archlint.run.engine import check_text
from archlint.run.runner import check_paths

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.asyncio(loop_scope="module")

ARCH = """title = "shop"
users: users
lb:    alb
web:   ec2 { count = 2, azs = 2 }
db:    rds { engin = "postgres" }
users -> lb -> web -> db
"""
MD = """# Design

Prose before.

```archlint
users: users
web: ec2
db:  rdss
users -> web -> db
```
"""


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(
    server_command=[sys.executable, "-m", "archlint", "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("lsp-project")
    (root / ".archlint.yaml").write_text("select: [ALL]\n")
    shutil.copytree(REPO / "samples", root / "samples")
    lsp_client.root = root  # type: ignore[attr-defined]
    await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def open_file(client: LanguageClient, name: str, text: str) -> str:
    path = client.root / name  # type: ignore[attr-defined]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    uri = path.as_uri()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(
        uri=uri, language_id="archlint", version=1, text=text)))
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


async def change(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [lsp.TextDocumentContentChangeWholeDocument(text=text)]))
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)


def position(text: str, needle: str, offset: int = 0) -> lsp.Position:
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return lsp.Position(line, index - (text.rfind("\n", 0, index) + 1))


async def test_arch_diagnostics_equal_check(client: LanguageClient) -> None:
    uri = await open_file(client, "shop.arch", ARCH)
    got = client.diagnostics[uri]
    expected = check_text(ARCH, "shop.arch").findings
    assert [(d.code, d.range.start.line + 1, d.range.start.character + 1, d.message) for d in got] == \
        [(f.rule_id, f.span.line, f.span.column, f.message) for f in expected]
    typo = next(d for d in got if d.code == "E105")
    assert "did you mean 'engine'" in typo.message
    # the heading's own anchor in docs/language.md (`### E105 invalid attribute value`)
    assert typo.code_description.href == \
        (REPO / "docs" / "language.md").as_uri() + "#e105-invalid-attribute-value"
    assert all(d.code_description is not None for d in got)

    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        lsp.TextDocumentIdentifier(uri), typo.range, lsp.CodeActionContext([typo])))
    fix = next(a for a in actions if a.title == "Replace with 'engine'")
    edit = fix.edit.changes[uri][0]
    line = ARCH.split("\n")[edit.range.start.line]
    fixed = line[:edit.range.start.character] + edit.new_text + line[edit.range.end.character:]
    assert fixed == 'db:    rds { engine = "postgres" }'


async def test_syntax_error_mid_edit_keeps_the_server(client: LanguageClient) -> None:
    uri = await open_file(client, "edit.arch", ARCH)
    await change(client, uri, ARCH + "web -> {\n", 2)
    assert [d.code for d in client.diagnostics[uri]] == ["E100"]
    await change(client, uri, ARCH.replace("engin", "engine"), 3)
    assert not [d for d in client.diagnostics[uri] if d.code.startswith("E")]
    hover = await client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri), position(ARCH, "rds")))
    assert hover is not None and "Amazon RDS" in hover.contents.value


async def test_hover_completion_navigation_and_rename(client: LanguageClient) -> None:
    uri = await open_file(client, "nav.arch", ARCH)
    doc = lsp.TextDocumentIdentifier(uri)
    hover = await client.text_document_hover_async(lsp.HoverParams(doc, position(ARCH, "count")))
    assert "identical copies" in hover.contents.value

    text = ARCH + "cache: ela"
    await change(client, uri, text, 2)
    items = await client.text_document_completion_async(lsp.CompletionParams(
        doc, lsp.Position(len(text.split("\n")) - 1, len("cache: ela"))))
    assert "elasticache" in {i.label for i in items.items}
    await change(client, uri, ARCH, 3)
    edge = ARCH + "web -> "
    await change(client, uri, edge, 4)
    items = await client.text_document_completion_async(lsp.CompletionParams(
        doc, lsp.Position(len(edge.split("\n")) - 1, len("web -> "))))
    assert {"db", "lb", "users"} <= {i.label for i in items.items}
    await change(client, uri, ARCH, 5)

    where = position(ARCH, "db -> ", 0) if "db -> " in ARCH else position(ARCH, "> db", 2)
    found = await client.text_document_definition_async(lsp.DefinitionParams(doc, where))
    assert found[0].range.start == position(ARCH, "db:")
    renamed = await client.text_document_rename_async(lsp.RenameParams(doc, where, "orders"))
    assert len(renamed.changes[uri]) == 2

    symbols = await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(doc))
    assert [s.name for s in symbols] == ["users", "lb", "web", "db"]

    messy = ARCH.replace("lb:    alb", "lb:alb")
    await change(client, uri, messy, 6)
    edits = await client.text_document_formatting_async(lsp.DocumentFormattingParams(
        doc, lsp.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert edits[0].new_text == ARCH


async def test_definition_across_an_include(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    hybrid = root / "samples" / "hybrid-platform.arch"
    text = hybrid.read_text()
    uri = await open_file(client, "samples/hybrid-platform.arch", text)
    found = await client.text_document_definition_async(lsp.DefinitionParams(
        lsp.TextDocumentIdentifier(uri), position(text, "tgw :")))
    assert found and found[0].uri == (root / "samples" / "network" / "shared.arch").as_uri()
    refs = await client.text_document_references_async(lsp.ReferenceParams(
        text_document=lsp.TextDocumentIdentifier(uri), position=position(text, "tgw :"),
        context=lsp.ReferenceContext(include_declaration=True)))
    assert {r.uri for r in refs} == {uri, found[0].uri}


async def test_markdown_positions_map_into_the_file(client: LanguageClient) -> None:
    uri = await open_file(client, "design.md", MD)
    got = client.diagnostics[uri]
    kind = next(d for d in got if d.code == "E101")
    assert (kind.range.start.line, kind.range.start.character) == (
        position(MD, "rdss").line, position(MD, "rdss").character)
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        lsp.TextDocumentIdentifier(uri), kind.range, lsp.CodeActionContext([kind])))
    assert any(a.title == "Replace with 'rds'" for a in actions)
    symbols = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(lsp.TextDocumentIdentifier(uri)))
    assert symbols[0].name == "users" and symbols[0].range.start.line == 5
    hover = await client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri), position(MD, "ec2")))
    assert "EC2" in hover.contents.value


async def actions_for(client: LanguageClient, uri: str, code: str,
                      column: int | None = None) -> list[lsp.CodeAction]:
    """The code actions offered on the first `code` diagnostic (at `column`, if given)."""
    finding = next(d for d in client.diagnostics[uri] if d.code == code
                   and (column is None or d.range.start.character == column))
    return await client.text_document_code_action_async(lsp.CodeActionParams(
        lsp.TextDocumentIdentifier(uri), finding.range, lsp.CodeActionContext([finding])))


async def test_rule_fix_and_suppression_as_code_actions(client: LanguageClient) -> None:
    text = "analysts: ec2\nreports: rds\nanalysts -- reports\n"
    uri = await open_file(client, "fixes.arch", text)
    titles = {a.title: a for a in await actions_for(client, uri, "REL004")}
    fix = titles["Fix REL004: write 'multi_az = true'"].edit.changes[uri][0]
    assert (fix.range.start.line, fix.range.start.character, fix.new_text) == (1, 12, " { multi_az = true }")
    suppress = titles["Suppress REL004 here (with a reason)"].edit.changes[uri][0]
    assert suppress.new_text == "  # archlint: ignore[REL004] TODO: reason"


def applied(text: str, edits: list[lsp.TextEdit]) -> str:
    """`text` with `edits` (ASCII, one line each) applied, last first."""
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        start, end = edit.range.start, edit.range.end
        assert start.line == end.line
        line = lines[start.line]
        lines[start.line] = line[:start.character] + edit.new_text + line[end.character:]
    return "\n".join(lines)


async def test_a_fix_of_two_edits_is_one_action(client: LanguageClient) -> None:
    text = 'etl: glue "x"\ndb: aurora { engine = "aurora-postgresql", azs = 1 }\netl -- db\n'
    uri = await open_file(client, "two_edits.arch", text)
    fixes = [a for a in await actions_for(client, uri, "REL007") if a.title.startswith("Fix REL007")]
    assert len(fixes) == 1 and len(fixes[0].edit.changes[uri]) == 2
    fixed = applied(text, fixes[0].edit.changes[uri])
    assert "REL007" not in {f.rule_id for f in check_text(fixed, "two_edits.arch").findings}


async def test_suppress_covers_the_finding_on_a_line_of_several_statements(
        client: LanguageClient) -> None:
    text = "u: users\nfirst: rds, second: rds { multi_az = true }\nu -> first\nu -> second\n"
    uri = await open_file(client, "several.arch", text)
    actions = await actions_for(client, uri, "REL001", column=0)
    suppress = next(a for a in actions if a.title.startswith("Suppress REL001"))
    fixed = applied(text, suppress.edit.changes[uri])
    assert fixed.split("\n")[1] == "# archlint: ignore[REL001] TODO: reason"
    assert "REL001" not in {f.rule_id for f in check_text(fixed, "several.arch").findings}


async def test_completion_and_hover_know_each_kinds_attributes(client: LanguageClient) -> None:
    text = ('db: rds { multi_az = true }\nfn: lambda { timeout = 15 }\n'
            'api: apigateway { type =  }\nfn -> db { async = true }\nvpc net { cidr = "10.0.0.0/16" }\n')
    uri = await open_file(client, "kinds.arch", text)
    doc = lsp.TextDocumentIdentifier(uri)

    async def labels(needle: str, offset: int) -> set[str]:
        found = await client.text_document_completion_async(
            lsp.CompletionParams(doc, position(text, needle, offset)))
        return {i.label for i in found.items}

    in_rds = await labels("multi_az", 0)
    assert {"multi_az", "engine", "read_replicas"} <= in_rds and "timeout" not in in_rds
    in_lambda = await labels("timeout", 0)
    assert {"timeout", "memory", "concurrency"} <= in_lambda and "multi_az" not in in_lambda
    assert await labels("type =  ", len("type = ")) == {"rest", "http"}
    assert await labels("= 15 }", len("= 15")) >= {"ms", "s", "min"}
    assert "GB" not in await labels("= 15 }", len("= 15"))          # a duration, not a size
    in_edge = await labels("async", 0)
    assert "async" in in_edge and "engine" not in in_edge
    assert "cidr" in await labels("cidr", 0)

    hover = await client.text_document_hover_async(lsp.HoverParams(doc, position(text, "multi_az")))
    assert "Type: a boolean" in hover.contents.value
    applies = hover.contents.value.split("Applies to: ")[1]
    assert "rds" in applies.split(", ") and "lambda" not in applies
    hover = await client.text_document_hover_async(lsp.HoverParams(doc, position(text, "timeout")))
    assert "Units: ms, s" in hover.contents.value and "lambda" in hover.contents.value


SHARED = "# shared data\nshared_db: rds { multi_az = true }\n"
MAIN = 'include "shared.arch"\napp: ec2\napp -> shared_db\n'
DOC = ('# Orders\n\nText.\n\n```archlint\ninclude "shared.arch"\n'
       'app: lambda\napp -> shared_db\n```\n')


async def test_rename_and_references_across_includes_both_ways(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    shared_uri = await open_file(client, "inc/shared.arch", SHARED)
    main_uri = await open_file(client, "inc/main.arch", MAIN)
    (root / "inc" / "doc.md").write_text(DOC)          # not open: read from the disk
    doc_uri = (root / "inc" / "doc.md").as_uri()

    def applied(text: str, edits: list[lsp.TextEdit]) -> str:
        lines = text.split("\n")
        for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                           reverse=True):
            assert edit.range.start.line == edit.range.end.line
            line = lines[edit.range.start.line]
            lines[edit.range.start.line] = (line[:edit.range.start.character] + edit.new_text
                                            + line[edit.range.end.character:])
        return "\n".join(lines)

    # from the included file: the including .arch and the Markdown block that include it
    renamed = await client.text_document_rename_async(lsp.RenameParams(
        lsp.TextDocumentIdentifier(shared_uri), position(SHARED, "shared_db"), "orders_db"))
    assert set(renamed.changes) == {shared_uri, main_uri, doc_uri}
    assert applied(SHARED, renamed.changes[shared_uri]) == SHARED.replace("shared_db", "orders_db")
    assert applied(MAIN, renamed.changes[main_uri]) == MAIN.replace("shared_db", "orders_db")
    assert applied(DOC, renamed.changes[doc_uri]) == DOC.replace("shared_db", "orders_db")

    # from the including file: the definition in the included file, and the other includer
    renamed = await client.text_document_rename_async(lsp.RenameParams(
        lsp.TextDocumentIdentifier(main_uri), position(MAIN, "> shared_db", 2), "orders_db"))
    assert set(renamed.changes) == {shared_uri, main_uri, doc_uri}
    assert applied(DOC, renamed.changes[doc_uri]) == DOC.replace("shared_db", "orders_db")

    refs = await client.text_document_references_async(lsp.ReferenceParams(
        text_document=lsp.TextDocumentIdentifier(shared_uri), position=position(SHARED, "shared_db"),
        context=lsp.ReferenceContext(include_declaration=True)))
    assert {(r.uri, r.range.start.line) for r in refs} == {
        (shared_uri, 1), (main_uri, 2), (doc_uri, position(DOC, "> shared_db").line)}
    found = await client.text_document_definition_async(lsp.DefinitionParams(
        lsp.TextDocumentIdentifier(main_uri), position(MAIN, "> shared_db", 2)))
    assert [(d.uri, d.range.start.line) for d in found] == [(shared_uri, 1)]

    # an id of the including file alone stays there: `app` of main.arch is not doc.md's
    renamed = await client.text_document_rename_async(lsp.RenameParams(
        lsp.TextDocumentIdentifier(main_uri), position(MAIN, "app:"), "worker"))
    assert set(renamed.changes) == {main_uri}


async def test_includers_are_searched_inside_the_project_root_only(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    (root / "inner").mkdir()
    (root / "inner" / ".archlint.yaml").write_text("select: [ALL]\n")   # its own project
    (root / "outer.arch").write_text('include "inner/x.arch"\nweb: ec2\nweb -> x_db\n')
    text = "x_db: rds\n"
    uri = await open_file(client, "inner/x.arch", text)
    renamed = await client.text_document_rename_async(lsp.RenameParams(
        lsp.TextDocumentIdentifier(uri), position(text, "x_db"), "y_db"))
    assert set(renamed.changes) == {uri}


def as_check(path: Path) -> list[tuple[str, int, int]]:
    report = check_paths([path], Settings(select=["ALL"]))
    return sorted((f.rule_id, f.span.line - 1, f.span.column - 1) for f in report.findings)


def diagnosed(client: LanguageClient, uri: str) -> list[tuple[str, int, int]]:
    return sorted((str(d.code), d.range.start.line, d.range.start.character)
                  for d in client.diagnostics[uri])


async def test_markdown_blocks_broken_then_fixed_match_check(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    uri = await open_file(client, "edges/empty.arch", "")
    assert diagnosed(client, uri) == as_check(root / "edges/empty.arch") == []
    md = ("# T\n\n```archlint\na: ec2\nb: ec3\n```\n\ntext\n\n```archlint\nx: ec2 {\n```\n\n"
          "> ```archlint\n> q: sqss\n> ```\n\n```archlnt\nz: ec2\n```\n")
    uri = await open_file(client, "edges/doc.md", md)
    assert diagnosed(client, uri) == as_check(root / "edges/doc.md")
    assert {code for code, _, _ in diagnosed(client, uri)} == {"E100", "E101"}
    fixed = md.replace("ec3", "ec2").replace("ec2 {", "ec2").replace("sqss", "sqs").replace("archlnt", "archlint")
    await change(client, uri, fixed, 2)
    (root / "edges/doc.md").write_text(fixed)
    assert diagnosed(client, uri) == as_check(root / "edges/doc.md") == []


async def test_a_file_outside_the_workspace_is_checked_as_check_does(client: LanguageClient) -> None:
    outside = client.root.parent / "elsewhere" / "x.arch"  # type: ignore[attr-defined]
    uri = await open_file(client, str(outside), 'include "../y.arch"\na: ec3\n')
    assert diagnosed(client, uri) == as_check(outside) == [("E101", 1, 3), ("E106", 0, 0)]


async def test_an_unsaved_buffer_cannot_include(client: LanguageClient) -> None:
    """An `untitled:` buffer has no folder, as standard input has none (`archlint check -`
    refuses its include). Its path was taken relative to the server's working directory,
    so it read whatever file there the include named."""
    uri = "untitled:Untitled-1"
    sample = os.path.relpath(REPO / "samples" / "hybrid-platform.arch")   # from where the server runs
    text = f'include "{sample}"\na: ec2\n'
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(
        uri=uri, language_id="archlint", version=1, text=text)))
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (diagnostic,) = client.diagnostics[uri]
    assert (diagnostic.code, diagnostic.range.start.line, diagnostic.range.start.character) == ("E106", 0, 0)
    assert diagnostic.message.startswith("include needs a file to resolve its path from")
    found = await client.text_document_definition_async(lsp.DefinitionParams(
        lsp.TextDocumentIdentifier(uri), lsp.Position(0, 12)))
    assert not found


async def test_rename_onto_an_existing_id_is_refused(client: LanguageClient) -> None:
    """Renaming `web` to `db` made both lines `db: ...`: two components merged into one,
    `web -> db` a loop on `db`. Renaming to a free name still works, included ids too."""
    text = "web: ec2\ndb: rds\nweb -> db\n"
    uri = await open_file(client, "edges/rename.arch", text)
    where = lsp.RenameParams(lsp.TextDocumentIdentifier(uri), position(text, "web"), "db")
    with pytest.raises(Exception, match="'db' is already an id here; renaming 'web' to it would merge"):
        await client.text_document_rename_async(where)
    where.new_name = "app"
    renamed = await client.text_document_rename_async(where)
    assert [e.new_text for e in renamed.changes[uri]] == ["app", "app"]
    md = "# Two\n\n```archlint\nweb: ec2\n```\n\n```archlint\nqueue: sqs\n```\n"
    uri = await open_file(client, "edges/rename.md", md)
    renamed = await client.text_document_rename_async(lsp.RenameParams(
        lsp.TextDocumentIdentifier(uri), position(md, "queue"), "web"))   # each block has its own ids
    assert [e.new_text for e in renamed.changes[uri]] == ["web"]
