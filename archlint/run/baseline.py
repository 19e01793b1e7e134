"""Baselines: adopt archlint on an existing design without fixing everything first.

`archlint check --write-baseline FILE` records today's findings; `--baseline FILE`
drops findings the baseline already holds, so that only new ones fail the build.
A finding is keyed on (file, Markdown block, element id, rule id), never on its
line, so that
edits elsewhere in a file do not invalidate the baseline; the baseline keeps a
count per key, and only findings beyond that count are reported (which ones:
the last in file order, since nothing tells old from new). Paths are stored
relative to the baseline file's directory, with forward slashes, so the same
baseline works from any working directory and on any system. Input errors
(E1xx) are never baselined: a file that does not parse is always an error.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Iterable

from archlint.config.loader import ConfigError
from archlint.model.findings import INPUT_ERROR_TITLES, Finding
from archlint.safe_read import ReadRefused, read_bytes

if TYPE_CHECKING:
    from archlint.run.results import Report

FORMAT_VERSION = 1
MAX_BASELINE_BYTES = 64 * 1024 * 1024

Key = tuple[str, str | None, str | None, str]   # file, block, element, rule
ENTRY_KEYS = ("file", "block", "element", "rule", "count")
DOCUMENT_KEYS = ("archlint-baseline", "findings")


def key(finding: Finding, base: Path) -> Key:
    """(file relative to `base`, Markdown block, element id, rule id). The block (its
    name, else `block2`) keeps one file's designs apart: a baselined finding in the
    rejected alternative must not hide a new one in the chosen design."""
    try:
        file = Path(finding.span.file).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        file = Path(finding.span.file).as_posix()
    return (file, finding.block, finding.element_id, finding.rule_id)


def dumps(findings: Iterable[Finding], base: Path) -> str:
    """The baseline document: sorted, stable, one entry per key with its count."""
    counts = Counter(key(f, base) for f in findings if not f.is_input_error)
    entries = [{"file": file, **({"block": block} if block is not None else {}),
                "element": element, "rule": rule, "count": count}
               for (file, block, element, rule), count in
               sorted(counts.items(), key=lambda item: tuple(k or "" for k in item[0]))]
    document = {"archlint-baseline": FORMAT_VERSION, "findings": entries}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def check_inside(findings: Iterable[Finding], base: Path) -> None:
    """Refuse to write a baseline in `base` for a file outside it: its path could not be
    stored relative to `base`, and `load` refuses such an entry."""
    outside = sorted({f.span.file for f in findings if not f.is_input_error
                      and not Path(f.span.file).resolve().is_relative_to(base.resolve())})
    if outside:
        raise ConfigError(f"--write-baseline: {outside[0]} is outside the baseline's directory "
                          f"{base}; write the baseline in a directory that holds every "
                          "checked file")


def load(path: Path, rules: Iterable[str] | None = None) -> Counter[Key]:
    """Read a baseline; anything malformed is a clear error (exit 2), never a guess.
    `rules` are the known rule ids: an entry for another would silently match nothing."""
    try:
        text = read_bytes(path, MAX_BASELINE_BYTES, special_ok=True).decode("utf-8")
    except ReadRefused as refused:
        raise ConfigError(f"cannot read baseline: {refused}", path) from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"baseline is not valid UTF-8: {error}", path) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(f"baseline is not valid JSON: {error.msg}", path, error.lineno) from None
    except RecursionError:
        raise ConfigError("baseline is not an archlint baseline: JSON nested too deeply "
                          "(a baseline nests three levels)", path, 1) from None
    except ValueError:   # Python's limit on converting very long integers
        raise ConfigError("baseline holds a number with too many digits (a count is small)",
                          path, _line_of_long_number(text)) from None
    version = document.get("archlint-baseline") if isinstance(document, dict) else None
    if type(version) is not int or version != FORMAT_VERSION:   # not True, not 1.0
        raise ConfigError(f"not an archlint baseline (expected \"archlint-baseline\": "
                          f"{FORMAT_VERSION}); write one with --write-baseline", path)
    for name in document:   # a misspelt "findings" is not an empty baseline
        if name not in DOCUMENT_KEYS:
            raise ConfigError(_unknown(name, f"keys are {', '.join(DOCUMENT_KEYS)}",
                                       DOCUMENT_KEYS), path)
    if "findings" not in document:
        raise ConfigError("baseline has no \"findings\" (a list, empty when nothing is "
                          "recorded); write one with --write-baseline", path)
    counts: Counter[Key] = Counter()
    entries = document["findings"]
    if not isinstance(entries, list):
        raise ConfigError("baseline \"findings\" must be a list", path)
    for index, entry in enumerate(entries):
        ok = (isinstance(entry, dict)
              and isinstance(entry.get("file"), str) and isinstance(entry.get("rule"), str)
              and "element" in entry   # null for a finding about no element
              and (entry["element"] is None or isinstance(entry["element"], str))
              and isinstance(entry.get("count"), int) and not isinstance(entry.get("count"), bool)
              and entry["count"] > 0
              and isinstance(entry.get("block", ""), str))   # absent: a whole file
        if not ok:
            raise ConfigError(f"baseline entry {index} must have file, element, rule and a "
                              "positive count (and block, if any, a string)", path,
                              _entry_line(text, index))
        _check_entry(entry, index, path, rules, text)
        counts[(entry["file"], entry.get("block"), entry["element"], entry["rule"])] += entry["count"]
    return counts


def _check_entry(entry: dict, index: int, path: Path, rules: Iterable[str] | None,
                 text: str) -> None:
    """An unknown key (a typo of `block` would make the entry cover the whole file), an
    unknown rule id, or a file outside the baseline's directory is an error."""
    def fail(found: str, expected: str, choices: Iterable[str]) -> ConfigError:
        return ConfigError(f"baseline entry {index}: {_unknown(found, expected, choices)}",
                           path, _entry_line(text, index))

    for name in entry:
        if name not in ENTRY_KEYS:
            raise fail(name, f"keys are {', '.join(ENTRY_KEYS)}", ENTRY_KEYS)
    known = set(rules) if rules is not None else None
    if entry["rule"] in INPUT_ERROR_TITLES:
        raise ConfigError(f"baseline entry {index}: {entry['rule']} is an input error, which is "
                          "never baselined: a file that does not read always fails the run", path,
                          _entry_line(text, index))
    if known is not None and entry["rule"] not in known:
        raise fail(entry["rule"], "rule must be a known rule id", known)
    file = PurePosixPath(entry["file"])
    if file.is_absolute() or ".." in file.parts or PureWindowsPath(entry["file"]).drive:
        raise ConfigError(f"baseline entry {index}: file must be a path relative to the "
                          f"baseline's directory, inside it, not {entry['file']!r}", path,
                          _entry_line(text, index))
    if file.as_posix() != entry["file"]:   # `./a.arch`, `a//b.arch`: never written, match nothing
        raise fail(entry["file"], f"file must be written as {file.as_posix()!r}", ())


def _unknown(found: str, expected: str, choices: Iterable[str]) -> str:
    """`expected, not 'found'; did you mean 'closest'?`"""
    from archlint.spelling import closest

    close = closest(found, choices)
    return f"{expected}, not {found!r}" + (f"; did you mean {close!r}?" if close else "")


def _entry_line(text: str, index: int) -> int | None:
    """The line where entry `index` of "findings" starts (best effort: only for an error)."""
    found = re.search(r'"findings"\s*:\s*\[', text)
    if found is None:
        return None
    decoder, position = json.JSONDecoder(), found.end()
    try:
        for _ in range(index):
            position = decoder.raw_decode(text, _skip(text, position))[1]
        return text.count("\n", 0, _skip(text, position)) + 1
    except (ValueError, RecursionError):
        return None


def _skip(text: str, position: int) -> int:
    """Past white space and the comma between two entries."""
    while position < len(text) and text[position] in " \t\r\n,":
        position += 1
    return position


def _line_of_long_number(text: str) -> int:
    found = re.search(r"[0-9]{100}", text)
    return 1 if found is None else text.count("\n", 0, found.start()) + 1


def apply(report: "Report", baseline: Counter[Key], base: Path) -> int:
    """Drop findings the baseline covers from `report`; return how many were dropped."""
    budget = Counter(baseline)
    dropped: set[int] = set()
    everything = sorted((f for r in report.results for f in r.findings), key=Finding.sort_key)
    for finding in everything:
        if finding.is_input_error:
            continue
        k = key(finding, base)
        if budget[k] == 0 and k[1] is not None:
            k = (k[0], None, *k[2:])   # an entry written before blocks were keyed
        if budget[k] > 0:
            budget[k] -= 1
            dropped.add(id(finding))
    for result in report.results:
        result.findings = [f for f in result.findings if id(f) not in dropped]
    return len(dropped)
