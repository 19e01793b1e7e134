"""`archlint explain E101`: what each input error means and how to fix it.

Input errors are not rules (they cannot be selected, ignored or suppressed), but
a person who meets one asks the same question as for a rule. The examples are
checked by the test suite: `wrong` must produce the error, `right` must not.
The full reference with every message is docs/language.md#input-errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from archlint.model.findings import INPUT_ERROR_TITLES


@dataclass(frozen=True)
class InputErrorDoc:
    id: str
    what: str
    fix: str
    wrong: str | None   # None: the error is about bytes or sizes, not text one can show
    right: str


DOCS: dict[str, InputErrorDoc] = {d.id: d for d in (
    InputErrorDoc("E100", "The text does not follow the grammar. The message says what was "
                  "found and what would have been valid; a syntax error stops its document.",
                  "Fix the text at the caret. Units are glued to their number (15m, 512MB); "
                  "names use letters, digits and _; strings close on their line.",
                  "job: lambda { timeout = 15 minutes }", "job: lambda { timeout = 15m }"),
    InputErrorDoc("E101", "The word after 'id:' is not a node kind (nor an alias of one).",
                  "Use the suggested kind, or one listed by 'archlint kinds' (generic for a "
                  "component archlint does not model).",
                  "web: ec3", "web: ec2"),
    InputErrorDoc("E102", "Two nodes or groups share an id; ids are one namespace per "
                  "document, across included files too.",
                  "Rename one of them.", "web: ec2\nweb: lambda", "web: ec2\napi: lambda"),
    InputErrorDoc("E103", "An edge names an id that no node or group declares.",
                  "Declare it ('id: kind') or fix the spelling (the message suggests one).",
                  "web: ec2\nweb -> db", "web: ec2\ndb: rds { multi_az = true }\nweb -> db"),
    InputErrorDoc("E104", "A node's braces hold a statement (a node, edge, group or include); "
                  "they hold 'key = value' attributes only.",
                  "Move the statement out, or use a group to nest components.",
                  "web: ec2 { db: rds }", "web: ec2 { count = 2 }"),
    InputErrorDoc("E105", "An attribute value has the wrong type or range, is set twice, "
                  "misspells a known attribute, or a document attribute is unknown "
                  "('web = ec2' meant as 'web: ec2').",
                  "Write the value the message expects; free-form document metadata takes "
                  "the x_ prefix (x_owner = \"team\").",
                  "web = ec2", "web: ec2"),
    InputErrorDoc("E106", "An include cannot be followed: absolute, outside the project root, "
                  "missing, cyclic, too deep, or read from standard input.",
                  "Use a path relative to the including file, inside the project.",
                  'include "shared.arch"', "web: ec2"),
    InputErrorDoc("E107", "The input cannot be read as a document: not UTF-8, a NUL byte, "
                  "over the size limit, nested too deeply or too many edges.",
                  "Save the file as UTF-8 text; split very large designs with include.",
                  None, "web: ec2"),
    InputErrorDoc("E108", "An edge from an element to itself, or between a group and its own "
                  "member, means nothing.",
                  "Remove the edge or point it at another element.",
                  "web: ec2\nweb -> web", "web: ec2\napi: lambda\nweb -> api"),
)}


FIXABLE = {
    "E101": "the kind the message suggests, in place of the unknown one",
    "E103": "the id the message suggests, in place of the undefined one",
    "E105": "the attribute name the message suggests, in place of the unknown one",
}
"""Input errors whose "did you mean" is also an edit: unsafe, a guess at what was meant."""


def find(key: str) -> InputErrorDoc | None:
    return DOCS.get(key.strip().upper())


def explain_text(doc: InputErrorDoc) -> str:
    title = INPUT_ERROR_TITLES[doc.id]
    parts = [f"{doc.id} ({title.replace(' ', '-')}): {title[0].upper()}{title[1:]}",
             "An input error: always an error, exit status 2; it cannot be ignored or "
             "suppressed, and rules do not run on the document until it is fixed.", "",
             "What", f"    {doc.what}", "", "How to fix", f"    {doc.fix}", ""]
    if doc.wrong is not None:
        parts += ["Fails"] + [f"    {line}" for line in doc.wrong.splitlines()] + [""]
    parts += ["Passes"] + [f"    {line}" for line in doc.right.splitlines()] + [""]
    if doc.id in FIXABLE:
        parts += ["Automatic fix (unsafe: `archlint check --fix --unsafe-fixes` applies it)",
                  f"    {FIXABLE[doc.id]}", ""]
    parts += ["Reference", "    docs/language.md#input-errors"]
    return "\n".join(parts) + "\n"
