"""Configuration: finding the file, every key, strict validation, flags, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main
from archlint.config.loader import (MAX_CONFIG_BYTES, MAX_YAML_ALIASES, ConfigError, find_config,
                             load_settings)
from archlint.run.runner import check_paths
from archlint.model.findings import Severity
from archlint.model.values import Duration

from gate_helpers import TEST_RULES, run_archlint, use_test_rules

ALL_LEVELS = 'a: ec2 { flag = error }\nb: ec2 { flag = warning }\nc: ec2 { flag = info }\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository root (so the upward search stops here) as working directory."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    use_test_rules(monkeypatch)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def settings_from(project: Path, yaml_text: str, **flags):  # type: ignore[no-untyped-def]
    write(project / ".archlint.yaml", yaml_text)
    return load_settings([project], rules=TEST_RULES, **flags)


def config_error(project: Path, yaml_text: str, name: str = ".archlint.yaml") -> ConfigError:
    write(project / name, yaml_text)
    with pytest.raises(ConfigError) as caught:
        load_settings([project], rules=TEST_RULES)
    return caught.value


# -- which file ---------------------------------------------------------------

def test_no_configuration_gives_defaults(project: Path) -> None:
    settings = load_settings([project], rules=TEST_RULES)
    assert settings.config_file is None
    assert settings.select == ["ALL"] and settings.fail_on == Severity.ERROR
    assert settings.source("select") == "default"


def test_nearest_file_upward_wins(project: Path) -> None:
    write(project / ".archlint.yaml", "fail-on: info\n")
    write(project / "team" / ".archlint.yaml", "fail-on: warning\n")
    doc = write(project / "team" / "deep" / "a.arch", "a: ec2\n")
    assert find_config([doc]) == (project / "team" / ".archlint.yaml").resolve()
    assert load_settings([doc], rules=TEST_RULES).fail_on == Severity.WARNING
    other = write(project / "other" / "b.arch", "b: ec2\n")
    assert load_settings([other], rules=TEST_RULES).fail_on == Severity.INFO


def test_pyproject_without_table_marks_the_project(project: Path) -> None:
    """It configures nothing, but it is a project root (as for includes): a
    configuration above the project does not apply to it (issue 11)."""
    write(project / ".archlint.yaml", "fail-on: info\n")
    write(project / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    doc = write(project / "sub" / "a.arch", "a: ec2\n")
    assert find_config([doc]) is None
    assert find_config([write(project / "b.arch", "b: ec2\n")]) == (project / ".archlint.yaml").resolve()


@pytest.mark.parametrize("text", [
    '[tool]\narchlint.fail-on = "warning"\n',          # dotted keys under [tool]
    'tool.archlint.fail-on = "warning"\n',              # dotted keys at the top
    '[tool]\narchlint = { fail-on = "warning" }\n',    # an inline table
])
def test_pyproject_table_in_any_toml_spelling_is_found(project: Path, text: str) -> None:
    """These were silently skipped: the search looked for a `[tool.archlint` header."""
    write(project / "pyproject.toml", text)
    assert find_config([project]) == (project / "pyproject.toml").resolve()
    assert load_settings([project], rules=TEST_RULES).fail_on == Severity.WARNING


@pytest.mark.parametrize(("text", "header"), [
    ('[project]\nname = "x"\n\n[tool.archlnt]\nfail-on = "warning"\n', "tool.archlnt"),
    ('[tool.arch-lint]\nfail-on = "warning"\n', "tool.arch-lint"),
    ('[tools.archlint]\nfail-on = "warning"\n', "tools.archlint"),
    ('[archlint]\nfail-on = "warning"\n', "archlint"),
    ('[tool.archlint]\nfail-on = "warning"\n[tool.arch_lint.severity]\nSTO = "info"\n', "tool.arch_lint.severity"),
])
def test_a_misspelled_pyproject_table_is_an_error(project: Path, text: str, header: str) -> None:
    """These were skipped as "no [tool.archlint] table": the settings in them (a
    stricter fail-on) were silently not applied and the gate passed."""
    write(project / "pyproject.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_settings([project], rules=TEST_RULES)
    line = text.splitlines().index(f"[{header}]") + 1
    assert str(caught.value) == (f"pyproject.toml:{line}: [{header}] is not read by archlint, so its "
                                 "settings would be ignored; did you mean [tool.archlint]?")


@pytest.mark.parametrize(("name", "meant"), [
    ("archlint.yaml", ".archlint.yaml"),
    (".archlint.YAML", ".archlint.yaml"),
    (".archlnt.yml", ".archlint.yml"),
    (".arch-lint.yaml", ".archlint.yaml"),
    ("Archlint.yml", ".archlint.yml"),
    (".arhclint.yaml", ".archlint.yaml"),
])
def test_a_misnamed_configuration_file_is_an_error(project: Path, name: str, meant: str) -> None:
    """As a misspelt pyproject table: its settings (a stricter fail-on) were silently
    not applied, and the gate passed. The file is named once, as the position."""
    write(project / name, "fail-on: warning\n")
    with pytest.raises(ConfigError) as caught:
        load_settings([project], rules=TEST_RULES)
    assert str(caught.value) == (f"{name}: not read by archlint, so its settings "
                                 f"would be ignored; did you mean {meant}?")


@pytest.mark.parametrize("name", ["archlint-ci.yml", "searchlint.yaml", "richlint.yaml", "archlinter.yaml",
                                  ".archlinter.yaml", "archlnt.yml", ".searchlint.yml"])
def test_a_yaml_file_merely_like_archlint_is_not_a_misnamed_configuration(project: Path, name: str) -> None:
    """Only near-misses of `.archlint.yaml` are: a CI file `archlint-ci.yml` made
    every run exit 2."""
    write(project / name, "fail-on: warning\n")
    assert find_config([project]) is None
    assert load_settings([project], rules=TEST_RULES).fail_on == Severity.ERROR


def test_two_configuration_files_in_one_folder_are_an_error(project: Path) -> None:
    """`.archlint.yaml` was taken and `.archlint.yml` silently ignored."""
    write(project / ".archlint.yaml", "select: [TST]\n")
    write(project / ".archlint.yml", "fail-on: warning\n")
    with pytest.raises(ConfigError) as caught:
        load_settings([project], rules=TEST_RULES)
    assert str(caught.value) == (".archlint.yml: a second configuration file beside .archlint.yaml, "
                                 "which would win and leave it ignored; keep one")


def test_files_that_only_share_a_word_with_archlint_are_not_configurations(project: Path) -> None:
    for name in ("architecture.yaml", "archive.yml", ".pre-commit-config.yaml", "lint.yaml",
                 ".archlint-baseline.json", "arch.yaml"):
        write(project / name, "a: 1\n")
    assert find_config([project]) is None
    assert load_settings([project], rules=TEST_RULES).fail_on == Severity.ERROR


def test_other_tools_tables_are_not_mistaken_for_archlint(project: Path) -> None:
    write(project / "pyproject.toml", '[project]\nname = "research"\n[tool.ruff.lint]\n[tool.pylint.main]\n'
                                      '[tool.lint]\n[[tool.mypy.overrides]]\n[tool.archive]\n')
    assert find_config([project]) is None


def test_pyproject_table_is_read(project: Path) -> None:
    write(project / "pyproject.toml", """
[project]
name = "x"

[tool.archlint]
select = ["TST001", "test-warning"]
fail-on = "warning"
require-reason = true

[tool.archlint.severity]
TST001 = "info"

[tool.archlint.rules.TST004]
limit = 7
max_wait = "2m"

[tool.archlint.per-file-ignores]
"docs/*.md" = ["TST002"]
""")
    settings = load_settings([project], rules=TEST_RULES)
    assert settings.config_file == project / "pyproject.toml"
    assert settings.select == ["TST001", "test-warning"]
    assert settings.fail_on == Severity.WARNING and settings.require_reason is True
    assert settings.severity == {"TST001": Severity.INFO}
    assert settings.options["TST004"]["limit"] == 7
    assert settings.options["TST004"]["max_wait"].seconds == 120
    assert settings.per_file_ignores == {"docs/*.md": ["TST002"]}
    assert settings.source("fail-on") == "pyproject.toml"


def test_yaml_beside_pyproject_wins_and_says_so(project: Path) -> None:
    write(project / "pyproject.toml", "[tool.archlint]\nfail-on = 'info'\n")
    write(project / ".archlint.yaml", "fail-on: warning\n")
    settings = load_settings([project], rules=TEST_RULES)
    assert settings.fail_on == Severity.WARNING
    shown = CliRunner().invoke(main, ["check", "--show-settings"]).output
    assert "# configuration file: .archlint.yaml" in shown
    assert "ignored" in shown and "pyproject.toml [tool.archlint]" in shown


def test_search_stops_at_the_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".archlint.yaml", "fail-on: info\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    doc = write(repo / "a.arch", "a: ec2\n")
    assert find_config([doc]) is None
    assert find_config([write(tmp_path / "b.arch", "b: ec2\n")]) == (tmp_path / ".archlint.yaml").resolve()


def test_yml_spelling_is_found(project: Path) -> None:
    write(project / ".archlint.yml", "fail-on: never\n")
    assert load_settings([project], rules=TEST_RULES).fail_on is None


def test_empty_file_is_an_empty_configuration(project: Path) -> None:
    settings = settings_from(project, "# nothing yet\n")
    assert settings.select == ["ALL"] and settings.config_file == project / ".archlint.yaml"


# -- every key ----------------------------------------------------------------

def test_select_and_ignore_by_id_name_and_family(project: Path) -> None:
    settings = settings_from(project, "select: [TST]\nignore: [TST001, test-info]\n")
    doc = write(project / "a.arch", ALL_LEVELS)
    ids = sorted(f.rule_id for f in check_paths([doc], settings, TEST_RULES).findings)
    assert ids == ["TST002"]


def test_select_by_id_prefix(project: Path) -> None:
    settings = settings_from(project, "select: [TST00]\nignore: [TST002, TST003]\n")
    doc = write(project / "a.arch", ALL_LEVELS)
    assert [f.rule_id for f in check_paths([doc], settings, TEST_RULES).findings] == ["TST001"]


def test_include_and_exclude_globs(project: Path) -> None:
    write(project / "arch" / "main.arch", "a: ec2 { flag = error }\n")
    write(project / "arch" / "fragments" / "net.arch", "b: ec2 { flag = error }\n")
    write(project / "docs" / "design.md", "```archlint\nc: ec2 { flag = error }\n```\n")
    write(project / "vendor" / "x.arch", "d: ec2 { flag = error }\n")
    settings = settings_from(project, 'include: ["arch/**/*.arch", "docs/*.md", "vendor/*"]\n'
                                      'exclude: ["fragments/", "vendor/**"]\n')
    files = {f.span.file for f in check_paths([project], settings, TEST_RULES).findings}
    assert files == {"arch/main.arch", "docs/design.md"}
    # a file named explicitly is checked even outside `include`, but never when excluded
    write(project / "loose.arch", "e: ec2 { flag = error }\n")
    explicit = check_paths([project / "loose.arch", project / "vendor" / "x.arch"], settings, TEST_RULES)
    assert {f.span.file for f in explicit.findings} == {"loose.arch"}
    assert explicit.files == 1


def test_a_glob_written_with_dot_slash_is_anchored_here(project: Path) -> None:
    """`./fragments` (how many write a relative path) never matched: the excluded
    fragment was checked, and `per-file-ignores: {"./drafts/*.md": ...}` ignored nothing."""
    write(project / "fragments" / "net.arch", "b: ec2 { flag = error }\n")
    write(project / "deep" / "fragments" / "x.arch", "c: ec2 { flag = error }\n")
    settings = settings_from(project, 'exclude: ["./fragments"]\n')
    files = {f.span.file for f in check_paths([project], settings, TEST_RULES).findings}
    assert files == {"deep/fragments/x.arch"}   # anchored, as `/fragments`
    settings = settings_from(project, 'per-file-ignores: {"./deep/**": [TST]}\n')
    files = {f.span.file for f in check_paths([project], settings, TEST_RULES).findings}
    assert files == {"fragments/net.arch"}


@pytest.mark.parametrize("pattern", ["../shared/*.arch", "docs/../drafts", "docs/./x.md"])
def test_a_glob_that_can_never_match_is_an_error(project: Path, pattern: str) -> None:
    error = config_error(project, f'include: ["*.arch"]\nexclude: ["{pattern}"]\n')
    assert str(error) == (f".archlint.yaml:2: exclude: glob {pattern!r} never matches: paths are matched "
                          "relative to the configuration file's directory, without '.' or '..' steps")


def test_per_file_ignores(project: Path) -> None:
    settings = settings_from(project, 'per-file-ignores:\n  "legacy/*.arch": [TST001, test-warning]\n')
    write(project / "legacy" / "old.arch", ALL_LEVELS)
    write(project / "new.arch", ALL_LEVELS)
    found = sorted((f.span.file, f.rule_id) for f in check_paths([project], settings, TEST_RULES).findings)
    assert found == [("legacy/old.arch", "TST003"), ("new.arch", "TST001"),
                     ("new.arch", "TST002"), ("new.arch", "TST003")]


def test_severity_overrides_by_family_name_and_id(project: Path) -> None:
    settings = settings_from(project, "severity:\n  TST001: info\n  TST: warning\n  test-warning: error\n")
    assert settings.severity["TST001"] == Severity.INFO          # the exact id beats the family
    assert settings.severity["TST002"] == Severity.ERROR
    assert settings.severity["TST003"] == Severity.WARNING
    doc = write(project / "a.arch", ALL_LEVELS)
    levels = {f.rule_id: f.severity for f in check_paths([doc], settings, TEST_RULES).findings}
    assert levels == {"TST001": Severity.INFO, "TST002": Severity.ERROR, "TST003": Severity.WARNING}


def test_rule_options_of_every_type(project: Path) -> None:
    settings = settings_from(project, """
rules:
  test-options:
    limit: 9
    ratio: 2
    strict: true
    label: hello
    names: [a, b]
    max_wait: 5m
""")
    options = settings.options["TST004"]
    assert options == {"limit": 9, "ratio": 2.0, "strict": True, "label": "hello",
                       "names": ["a", "b"], "max_wait": Duration(300, "5m")}
    doc = write(project / "a.arch", "a: ec2 { flag = options }\n")
    (finding,) = check_paths([doc], settings, TEST_RULES).findings
    assert "limit=9" in finding.message and "max_wait=5m" in finding.message


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("limit", '"9"', "must be an integer"),
    ("limit", "true", "must be an integer"),
    ("limit", "1.5", "must be an integer"),
    ("ratio", "fast", "must be a number"),
    ("limit", "-5", "must be a positive integer (the default is 3)"),   # used to pass silently
    ("limit", "0", "must be a positive integer"),
    ("ratio", "-0.5", "must be a positive number (the default is 0.5)"),
    ("strict", "1", "must be true or false"),
    ("label", "3", "must be a string"),
    ("names", "a", "must be a list"),
    ("max_wait", "5GB", "must be a duration"),
    ("max_wait", "60", "must be a duration"),
])
def test_rule_option_of_the_wrong_type(project: Path, option: str, value: str, expected: str) -> None:
    error = config_error(project, f"rules:\n  TST004:\n    {option}: {value}\n")
    assert expected in str(error) and f"rules.TST004.{option}" in str(error)
    assert error.line == 3


def test_unknown_option_and_unknown_rule(project: Path) -> None:
    error = config_error(project, "rules:\n  TST004:\n    limmit: 3\n")
    assert "unknown option 'limmit'" in str(error) and "limit" in str(error) and error.line == 3
    error = config_error(project, "rules:\n  TST009:\n    limit: 3\n")
    assert "unknown rule 'TST009'" in str(error) and error.line == 2
    error = config_error(project, "rules:\n  TST004: 3\n")
    assert "must be a mapping" in str(error)


@pytest.mark.parametrize(("level", "expected"), [
    ("error", Severity.ERROR), ("warning", Severity.WARNING), ("info", Severity.INFO), ("never", None)])
def test_fail_on_values(project: Path, level: str, expected: Severity | None) -> None:
    assert settings_from(project, f"fail-on: {level}\n").fail_on == expected


def test_require_reason(project: Path) -> None:
    assert settings_from(project, "require-reason: true\n").require_reason is True
    assert settings_from(project, "require-reason: false\n").require_reason is False


# -- strict validation ----------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "expected"), [
    ("select: [TST]\nfail_on: error\n", 2, "unknown key 'fail_on'; did you mean 'fail-on'?"),
    ("selectt: [TST]\n", 1, "did you mean 'select'?"),
    ("select: TST001\n", 1, "select must be a list of non-empty strings"),
    ("ignore: [TST001, 3]\n", 1, "ignore must be a list of non-empty strings"),
    ("select: [TSX]\n", 1, "unknown rule or family 'TSX'"),
    ("ignore: [nonsense-rule]\n", 1, "unknown rule or family 'nonsense-rule'"),
    ("include: [\"\"]\n", 1, "include must be a list of non-empty strings"),
    ("exclude: vendor\n", 1, "exclude must be a list"),
    ("per-file-ignores: [a]\n", 1, "per-file-ignores must be a mapping"),
    ("per-file-ignores:\n  '*.md': [NOPE1]\n", 2, "unknown rule or family 'NOPE1'"),
    ("severity:\n  TST001: fatal\n", 2, "severity.TST001 must be error, warning or info"),
    ("severity:\n  NOPE001: info\n", 2, "unknown rule or family 'NOPE001'"),
    ("fail-on: sometimes\n", 1, "fail-on must be one of error, warning, info, never"),
    ("fail-on: true\n", 1, "fail-on must be one of"),
    ("fail-on: warnig\n", 1, "not 'warnig'; did you mean 'warning'?"),
    ("fail-on: ERROR\n", 1, "not 'ERROR'; did you mean 'error'?"),
    ("severity:\n  TST001: infos\n", 2, "not 'infos'; did you mean 'info'?"),
    ("require-reason: yes please\n", 1, "require-reason must be true or false"),
    ("fail-on: info\nfail-on: error\n", 2, "duplicate key 'fail-on'"),
    ("- a\n- b\n", 1, "must be a mapping"),
    ("select: [TST\n", 2, "invalid YAML"),
    ("rules: !!python/object:os.system {}\n", 1, "invalid YAML"),
])
def test_bad_configuration_names_key_file_and_line(project: Path, text: str, line: int,
                                                    expected: str) -> None:
    error = config_error(project, text)
    assert expected in str(error)
    assert str(error).startswith(f".archlint.yaml:{line}: ")


def test_bad_pyproject_names_the_line(project: Path) -> None:
    error = config_error(project, "[project]\nname = 'x'\n\n[tool.archlint]\nselect = ['TST']\n"
                                  "failon = 'info'\n", name="pyproject.toml")
    assert str(error) == "pyproject.toml:6: unknown key 'failon'; did you mean 'fail-on'?"
    error = config_error(project, "[tool.archlint]\nselect = [\n", name="pyproject.toml")
    assert "invalid TOML" in str(error) and error.line is not None


def test_oversized_and_undecodable_files_are_refused(project: Path) -> None:
    error = config_error(project, "#" * (MAX_CONFIG_BYTES + 1))
    assert "limit" in str(error)
    (project / ".archlint.yaml").write_bytes(b"select: [\xff]\n")
    with pytest.raises(ConfigError, match="not valid UTF-8"):
        load_settings([project], rules=TEST_RULES)


def test_billion_laughs_is_refused_before_expansion(project: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    lines.append("select: *i")
    error = config_error(project, "\n".join(lines) + "\n")
    assert "expands to over" in str(error)


def test_doubling_alias_chain_and_recursion_are_refused(project: Path) -> None:
    lines = ["x0: &x0 [1]"] + [f"x{i}: &x{i} [*x{i - 1}, *x{i - 1}]" for i in range(1, 70)]
    error = config_error(project, "\n".join(lines) + "\n")
    assert f"more than {MAX_YAML_ALIASES} YAML aliases" in str(error)
    error = config_error(project, "select: &a [*a]\n")
    assert "recursive YAML alias" in str(error)


def test_a_few_aliases_are_fine(project: Path) -> None:
    settings = settings_from(project, "select: &rules [TST001, TST002]\n"
                                      "per-file-ignores:\n  'legacy/*': *rules\n")
    assert settings.per_file_ignores == {"legacy/*": ["TST001", "TST002"]}


# -- command line -----------------------------------------------------------------

def test_flags_override_the_file_and_show_settings_says_where(project: Path) -> None:
    write(project / ".archlint.yaml", "select: [TST001]\nignore: [TST003]\nfail-on: never\n"
                                      "require-reason: true\n")
    result = CliRunner().invoke(main, ["check", "--show-settings", "--select", "TST001,TST002",
                                       "--fail-on", "warning"])
    assert result.exit_code == 0
    lines = {line.split(" = ")[0]: line for line in result.output.splitlines() if " = " in line}
    assert lines["select"].startswith('select = ["TST001", "TST002"]')
    assert lines["select"].endswith("# command line")
    assert lines["fail-on"].startswith('fail-on = "warning"') and lines["fail-on"].endswith("# command line")
    assert lines["ignore"].endswith("# .archlint.yaml")
    assert lines["require-reason"].startswith("require-reason = true")
    assert lines["include"].endswith("# default")
    assert "# rules that run (2): TST001, TST002" in result.output
    result = CliRunner().invoke(main, ["check", "--show-settings", "--ignore", "TST"])
    assert "# rules that run (0)" in result.output


def test_show_settings_lists_options_and_severities(project: Path) -> None:
    write(project / ".archlint.yaml", "severity: {TST001: warning}\nrules: {TST004: {max_wait: 2m}}\n")
    output = CliRunner().invoke(main, ["check", "--show-settings"]).output
    assert 'severity = {"TST001": "warning"}' in output
    assert 'rules = {"TST004": {"max_wait": "2m"}}' in output


def test_config_flag_uses_that_file(project: Path) -> None:
    write(project / ".archlint.yaml", "fail-on: never\n")
    write(project / "ci" / "strict.yaml", "fail-on: info\n")
    doc = write(project / "a.arch", "c: ec2 { flag = info }\n")
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(doc)]).exit_code == 0
    result = runner.invoke(main, ["check", "--config", "ci/strict.yaml", str(doc)])
    assert result.exit_code == 1, result.output
    write(project / "ci" / "pyproject.toml", "[tool.archlint]\nfail-on = 'info'\n")
    assert runner.invoke(main, ["check", "--config", "ci/pyproject.toml", str(doc)]).exit_code == 1


@pytest.mark.parametrize(("args", "expected"), [
    (["--config", "missing.yaml"], "missing.yaml: no such configuration file"),
    (["--select", "NOPE9"], "--select: unknown rule or family 'NOPE9'"),
    (["--ignore", "tst-eror"], "--ignore: unknown rule or family 'tst-eror'"),
])
def test_bad_flags_exit_2_with_a_message(project: Path, args: list[str], expected: str) -> None:
    write(project / "a.arch", "a: ec2\n")
    result = CliRunner().invoke(main, ["check", *args, "a.arch"])
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def test_bad_configuration_exits_2_through_the_cli(project: Path) -> None:
    write(project / ".archlint.yaml", "select: [TST]\nfial-on: info\n")
    write(project / "a.arch", "a: ec2\n")
    result = CliRunner().invoke(main, ["check", "a.arch"])
    assert result.exit_code == 2
    assert "archlint: error: .archlint.yaml:2: unknown key 'fial-on'; did you mean 'fail-on'?" in result.output


def test_output_file_is_written_atomically(project: Path) -> None:
    write(project / "a.arch", "a: ec2 { flag = error }\n")
    (project / "out").mkdir()
    result = CliRunner().invoke(main, ["check", "--format", "json", "--output", "out/report.json",
                                       "a.arch"])
    assert result.exit_code == 1
    assert result.output == ""
    document = json.loads((project / "out" / "report.json").read_text())
    assert [f["rule"] for f in document["findings"]] == ["TST001"]
    assert [p.name for p in (project / "out").iterdir()] == ["report.json"]   # no temporary left


# -- exit codes, exactly as documented ---------------------------------------------

DOCS = {
    "all": ALL_LEVELS,
    "warning": "b: ec2 { flag = warning }\n",
    "info": "c: ec2 { flag = info }\n",
    "clean": "d: ec2\n",
    "broken": "e: ec2 {\n",
}
# docs/configuration.md, "Exit codes": fail-on level -> document -> exit code
EXPECTED = {
    "error":   {"all": 1, "warning": 0, "info": 0, "clean": 0, "broken": 2},
    "warning": {"all": 1, "warning": 1, "info": 0, "clean": 0, "broken": 2},
    "info":    {"all": 1, "warning": 1, "info": 1, "clean": 0, "broken": 2},
    "never":   {"all": 0, "warning": 0, "info": 0, "clean": 0, "broken": 2},
}
CASES = [(level, doc) for level in EXPECTED for doc in DOCS]


@pytest.mark.parametrize(("level", "doc"), CASES)
def test_exit_codes_flag_and_file(project: Path, level: str, doc: str) -> None:
    write(project / "a.arch", DOCS[doc])
    runner = CliRunner()
    by_flag = runner.invoke(main, ["check", "--fail-on", level, "a.arch"])
    assert by_flag.exit_code == EXPECTED[level][doc], by_flag.output
    write(project / ".archlint.yaml", f"fail-on: {level}\n")
    by_file = runner.invoke(main, ["check", "a.arch"])
    assert by_file.exit_code == EXPECTED[level][doc], by_file.output


def test_default_fail_level_is_error(project: Path) -> None:
    runner = CliRunner()
    for doc, code in EXPECTED["error"].items():
        write(project / "a.arch", DOCS[doc])
        assert runner.invoke(main, ["check", "a.arch"]).exit_code == code


# Real rules in a real process: CMP001 (a Lambda timeout over 15 minutes) re-levelled
# by the configuration gives a finding at each severity.
LAMBDA = 'fn: lambda { timeout = 20m }\n'


@pytest.mark.parametrize("level", ["error", "warning", "info"])
def test_exit_codes_in_a_real_process(tmp_path: Path, level: str) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "a.arch", LAMBDA)
    write(tmp_path / ".archlint.yaml", f"select: [CMP001]\nseverity: {{CMP001: {level}}}\n")
    for fail_on in ("error", "warning", "info", "never"):
        done = run_archlint("check", "--fail-on", fail_on, "a.arch", cwd=tmp_path)
        order = ["info", "warning", "error"]
        failing = fail_on != "never" and order.index(level) >= order.index(fail_on)
        assert done.returncode == (1 if failing else 0), (level, fail_on, done.stdout, done.stderr)
        assert f"CMP001 [{level}]" in done.stdout
    write(tmp_path / "b.arch", "x: lambda {\n")
    assert run_archlint("check", "--fail-on", "never", "b.arch", cwd=tmp_path).returncode == 2


def test_real_process_reports_config_errors(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "a.arch", LAMBDA)
    write(tmp_path / "pyproject.toml", "[tool.archlint]\nselect = ['CMP001']\n\n[tool.archlint.rules.CMP001]\n"
                                      "colour = 1\n")
    done = run_archlint("check", "a.arch", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("archlint: error: pyproject.toml:5: rules.CMP001: unknown option 'colour'")
    assert "Traceback" not in done.stderr


def test_unwritable_output_exits_2_with_a_message(project: Path) -> None:
    write(project / "a.arch", "a: ec2 { flag = error }\n")
    for flag in ("--output", "--write-baseline"):
        result = CliRunner().invoke(main, ["check", flag, "no/such/dir/out.json", "a.arch"])
        assert result.exit_code == 2
        assert "archlint: error: cannot write no/such/dir/out.json: No such file or directory" in result.output
