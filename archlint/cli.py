"""The `archlint` command.

Exit codes, the contract a CI gate relies on:
  0  no finding at or above the failure level
  1  findings at or above the failure level (`--fail-on`, default error)
  2  usage errors, unreadable or invalid input (syntax or semantic errors)
"""

from __future__ import annotations

import atexit
import errno
import os
import sys
from pathlib import Path

import click

from archlint import __version__
from archlint.language.collector import before_exit, command_without_gc
from archlint.output.reporters import FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130   # 128 + SIGINT, as shells report it
FAIL_LEVELS = ("error", "warning", "info", "never")


def exit_code(report, fail_on) -> int:
    if report.has_input_errors:
        return EXIT_ERROR
    if fail_on is not None and any(f.severity >= fail_on for f in report.unordered()):
        return EXIT_FINDINGS
    return EXIT_CLEAN


class _Main(click.Group):
    """Ctrl-C exits 130 with one line. Click would print 'Aborted!' and exit 1,
    which a CI gate would read as "findings"."""

    # commands in their own modules, imported only when asked for (the check path stays light)
    LAZY = {"import": "archlint.commands.import_:import_command",
            "export": "archlint.commands.export:export_command",
            "diff": "archlint.commands.diff:diff_command",
            "serve": "archlint.commands.serve:serve_command",
            "fmt": "archlint.commands.fmt:fmt", "init": "archlint.commands.init:init",
            "lsp": "archlint.commands.lsp:lsp"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            from importlib import import_module

            module, _, attr = self.LAZY[name].partition(":")
            return getattr(import_module(module), attr)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\narchlint: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="archlint")
def main() -> None:
    """Lint cloud architectures written in design docs (.arch files and
    ```archlint blocks in Markdown)."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text",
              show_default=True, help="Output format.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rules: ids, names or families (REL, NET001, "
                   "single-point-of-failure), comma-separated.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules.")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default=None,
              help="Lowest severity that makes the exit code 1 [default: error].")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing when there are no findings.")
@click.option("--color/--no-color", default=None,
              help="Color the text output, also in a pipe [default: on a terminal, unless "
                   "NO_COLOR is set; FORCE_COLOR forces it].")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Configuration file (.archlint.yaml or pyproject.toml) [default: the nearest one].")
@click.option("--output", "output_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file (atomically) instead of standard output.")
@click.option("--show-settings", is_flag=True,
              help="Print the effective settings and where each came from, then exit.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Drop findings recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Record the current findings as the baseline in this file.")
@click.option("-j", "--jobs", default="auto", metavar="N|auto", show_default=True,
              help="Worker processes; auto uses every core only when there are many files.")
@click.option("--cache/--no-cache", "use_cache", default=True, show_default=True,
              help="Reuse results of unchanged files.")
@click.option("--fix", is_flag=True, help="Apply the rules' mechanical fixes, then report what is left.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the mechanical fixes as a diff, change nothing; exit 1 if there are any.")
@click.option("--unsafe-fixes", is_flag=True,
              help="With --fix or --diff, also the unsafe fixes (they may change more than "
                   "the finding names: `archlint explain ID` says which are).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where results are cached [default: $ARCHLINT_CACHE_DIR or ~/.cache/archlint].")
@click.option("--templates", "templates", is_flag=True,
              help="Also import and check CloudFormation/SAM templates and Terraform files "
                   "found in directories (named files with those suffixes always are).")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A template parameter's value (default: the template's Default).")
@command_without_gc   # the whole check, not only each document: importing the rules and
# the parser made ~10 collections that found nothing to free (4.6 ms of a 140 ms check)
def check(paths: tuple[Path, ...], output_format: str, select: tuple[str, ...],
          ignore: tuple[str, ...], fail_on: str | None, quiet: bool, color: bool | None,
          config_file: Path | None, output_file: Path | None, show_settings: bool,
          baseline_file: Path | None, write_baseline_file: Path | None, jobs: str,
          use_cache: bool, cache_dir: Path | None, templates: bool = False,
          params: tuple[str, ...] = (), fix: bool = False, show_diff: bool = False,
          unsafe_fixes: bool = False) -> None:
    """Check architecture files and directories (default: the current directory);
    `-` reads one .arch document from standard input."""
    from archlint.catalogue import Selection, known_rules
    from archlint.arguments import distinct_outputs, reads_stdin, selectors, targets_of
    from archlint.config.loader import ConfigError, describe, load_settings
    from archlint.registry import selected
    from archlint.run.runner import check_paths
    from archlint.output.reporters import RunInfo, reporter

    targets = targets_of(paths)
    distinct_outputs(output_file, write_baseline_file)
    select_given, ignore_given = selectors(select, "--select"), selectors(ignore, "--ignore")
    if cache_dir is not None:
        cache_dir = cache_dir.expanduser()   # '~/x' quoted in a CI file is not expanded by a shell
    if use_cache and cache_dir is None:
        from archlint.run.cache import default_directory

        cache_dir = default_directory()
    try:
        # the rules' ids, names and options; from the cache's catalogue when it has them,
        # so that a run served from the cache never imports a rule (archlint/catalogue.py)
        table = known_rules(cache_dir if use_cache else None)
        settings = load_settings(targets, config_file, select=select_given,
                                 ignore=ignore_given, fail_on=fail_on, rules=table)
        known = None
        if baseline_file is not None:
            from archlint.run import baseline

            known = baseline.load(baseline_file, [r.id for r in table])
    except ConfigError as error:
        click.echo(f"archlint: error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    if templates or params:
        from archlint.commands.import_ import parse_params
        from archlint.config.settings import TEMPLATE_SUFFIXES

        settings.templates = settings.templates or [f"*{s}" for s in TEMPLATE_SUFFIXES] * templates
        settings.params = {**settings.params, **parse_params(params)}
    rules = Selection(selected(table, settings.select, settings.ignore))
    if show_settings:
        click.echo(describe(settings, rules.chosen), nl=False)
        return
    if unsafe_fixes and not (fix or show_diff):
        raise click.UsageError("--unsafe-fixes applies with --fix or --diff")
    if fix and show_diff:
        raise click.UsageError("--fix applies the fixes and --diff only shows them: use one")
    if (fix or show_diff) and reads_stdin(targets):
        raise click.UsageError(f"--{'fix' if fix else 'diff'} changes files, and standard input "
                               "is not one: name the file")
    report = check_paths(targets, settings, table, jobs=_jobs(jobs),
                         cache_dir=cache_dir if use_cache else None, keep_graphs=False)   # findings only
    if fix or show_diff:
        from archlint.commands.fix import apply_fixes

        fixed = apply_fixes(report, fix, lambda: check_paths(
            targets, settings, table, jobs=_jobs(jobs), cache_dir=cache_dir if use_cache else None,
            keep_graphs=False), unsafe_fixes)
        if fixed is None or show_diff:
            sys.exit(EXIT_FINDINGS if fixed is not None else EXIT_CLEAN)
        report = fixed
    for note in report.notes:
        click.echo(f"archlint: note: {note}", err=True)
    if report.files == 0 and not quiet:
        # a mistyped directory or an include/exclude that matches nothing would pass green
        click.echo("archlint: warning: no files to check (looked for .arch and .md files; "
                   "see include and exclude)", err=True)
    if not quiet:
        if not rules.chosen:   # `select: []`, or --ignore naming what --select chose
            click.echo(f"archlint: warning: no rule runs: select ({settings.source('select')}) and "
                       f"ignore ({settings.source('ignore')}) leave none, so nothing was judged", err=True)
        for document in report.empty_documents:
            what = "archlint block" if document.block is not None else "document"
            click.echo(f"archlint: warning: {document.path}:{document.line_offset or 1}: "
                       f"empty {what}: it declares no component, so nothing was checked", err=True)
    read = [*report.read_files(), *([settings.config_file] if settings.config_file else [])]
    if write_baseline_file is not None:   # may refresh the --baseline file in place
        from archlint.run import baseline

        # where the file will be: a symlink (even a loop) there is replaced, not followed
        base = Path(os.path.realpath(write_baseline_file.parent))
        try:
            if base.is_dir():   # else writing it fails below, saying why
                baseline.check_inside(report.findings, base)
        except ConfigError as error:
            click.echo(f"archlint: error: {error}", err=True)
            sys.exit(EXIT_ERROR)
        text = baseline.dumps(report.findings, base)
        _write(write_baseline_file, text, read)
        recorded = sum(not f.is_input_error for f in report.findings)
        click.echo(f"archlint: recorded {recorded} finding{'s' * (recorded != 1)} "
                   f"in {write_baseline_file}", err=True)
        baseline.apply(report, baseline.load(write_baseline_file), base)
    if known is not None and baseline_file is not None:
        baseline.apply(report, known, baseline_file.resolve().parent)
    info = RunInfo(fail_on=settings.fail_on, quiet=quiet, rules=rules,
                   color=_use_color(color, output_file))
    text = reporter(output_format)(report, info)
    if output_file is not None:
        _write(output_file, text, [*read, *([baseline_file] if baseline_file else [])])
    else:
        click.echo(text, nl=False, color=info.color)  # click would strip colour in a pipe
    sys.exit(exit_code(report, settings.fail_on))


def _use_color(flag: bool | None, output_file: Path | None) -> bool:
    """--color/--no-color win; then FORCE_COLOR and NO_COLOR (https://no-color.org,
    https://force-color.org), set and not empty; then: only on a terminal."""
    import os

    if flag is not None:
        return flag
    if output_file is not None:
        return False   # a report file is read by tools, not a terminal
    if os.environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    if os.environ.get("NO_COLOR", ""):
        return False
    return sys.stdout.isatty()


def _jobs(value: str) -> int | None:
    """`--jobs auto` -> None (decided by the number of files), else a positive count."""
    if value.strip().lower() == "auto":
        return None
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise click.BadParameter(f"{value!r} is not a positive number or 'auto'",
                                 param_hint="'--jobs'")
    return count


def _write(path: Path, text: str, inputs: list[Path]) -> None:
    """Write an output file, or stop with exit 2 and the reason (never a traceback)."""
    from archlint.output.atomic import write_output

    try:
        write_output(path, text, inputs)
    except OSError as error:
        click.echo(f"archlint: error: cannot write {path}: {error.strerror or error}", err=True)
        sys.exit(EXIT_ERROR)


@main.command("render")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output-dir", "outdir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Write pictures here [default: next to each source].")
@click.option("--format", "picture_format", type=click.Choice(["png", "svg", "dot"]),
              default="png", show_default=True, help="Picture format (svg embeds its icons).")
@click.option("--direction", type=click.Choice(["TB", "BT", "LR", "RL"], case_sensitive=False),
              default=None, help="Direction of the flow [default: the document's "
                                 "'direction = ...', else LR].")
@click.option("--findings", "findings", type=click.Choice(["none", "errors", "all"]), default="all",
              show_default=True, help="Which findings to mark, with a legend under the picture.")
@click.option("--no-findings", is_flag=True, hidden=True, help="Same as --findings none.")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if a picture is missing or out of date with its source.")
@click.option("--update-markdown", is_flag=True,
              help="Also keep a marked image link right after each ```archlint block of a .md file.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Configuration file (which findings to draw) [default: found upward].")
def render_command(paths: tuple[Path, ...], outdir: Path | None, picture_format: str,
                   direction: str | None, findings: str, no_findings: bool, check_only: bool,
                   update_markdown: bool, config_file: Path | None) -> None:
    """Draw each architecture (a .arch file, or each archlint block of a .md
    file) as a picture named after its source: x.arch -> x.png, the second
    block of doc.md -> doc-block2.png (doc-NAME.png for ```archlint name=NAME).
    Needs Graphviz for png and svg."""
    from archlint.config.loader import ConfigError, load_settings
    from archlint.output.render import RenderOptions, render_paths

    targets = list(paths) or [Path(".")]
    missing = [p for p in targets if not p.exists()]
    if missing:
        raise click.UsageError(f"no such file or directory: {missing[0]}")
    if update_markdown and picture_format == "dot":
        raise click.UsageError("--update-markdown links pictures: use --format png or svg")
    try:
        settings = load_settings(targets, config_file)
    except ConfigError as error:
        click.echo(f"archlint: error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    options = RenderOptions(format=picture_format, direction=direction and direction.upper(),
                            findings="none" if no_findings else findings)
    sys.exit(render_paths(targets, options, outdir, check_only, out=click.echo,
                          err=lambda text: click.echo(text, err=True), settings=settings,
                          update_markdown=update_markdown))


@main.command("rules")
def list_rules() -> None:
    """List every rule: id, name, default severity, title."""
    from archlint.registry import all_rules
    from archlint.output.rule_doc import rules_table

    click.echo(rules_table(all_rules()), nl=False)


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print a rule's documentation (by id such as REL001, or by name), or an
    input error's (E100-E108)."""
    from archlint.registry import all_rules, find_rule
    from archlint.output import input_error_doc
    from archlint.output.rule_doc import explain_text

    error_doc = input_error_doc.find(rule)
    if error_doc is not None:
        click.echo(input_error_doc.explain_text(error_doc), nl=False)
        return
    found = find_rule(rule, all_rules())
    if found is None:
        from archlint.spelling import closest

        keys = [k for r in all_rules() for k in (r.id, r.name)] + list(input_error_doc.DOCS)
        close = closest(rule, keys)
        hint = f"; did you mean {close}?" if close else "; 'archlint rules' lists them"
        raise click.UsageError(f"no rule {rule!r}{hint}")
    click.echo(explain_text(found), nl=False)


@main.command("kinds")
def list_kinds() -> None:
    """List the node and group kinds the language knows."""
    from archlint.model.kinds import GROUP_KINDS, KINDS

    width = max(len(k) for k in KINDS)
    for kind in KINDS.values():
        aliases = f" (also: {', '.join(kind.aliases)})" if kind.aliases else ""
        click.echo(f"{kind.name:<{width}}  {kind.category:<13}  {kind.title}{aliases}")
    click.echo("\ngroups: " + ", ".join(GROUP_KINDS))


_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}


def _silence_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's final flush of
    what is still buffered does not fail a second time with a traceback."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def run() -> None:
    """Entry point that turns any unexpected failure into a message, never a traceback.
    When the interpreter ends, its last collection is spared (`before_exit`, as an
    `atexit` handler: a program that calls `run` and goes on keeps its collector)."""
    from archlint.plugins import PluginError

    atexit.register(before_exit)
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("archlint: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except PluginError as error:
        click.echo(f"archlint: error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as error:  # noqa: BLE001 - the last line of defence for users
        # every file archlint writes has its own message: left is standard output
        if isinstance(error, OSError) and error.errno in _OUTPUT_ERRNOS:
            _silence_stdout()
            click.echo(f"archlint: error: cannot write standard output: {error.strerror}", err=True)
        elif isinstance(error, OSError) and error.strerror:   # the system's refusal, said as such
            where = "".join(f": {name}" for name in (error.filename, error.filename2) if name)
            click.echo(f"archlint: error: {error.strerror}{where}", err=True)
        else:
            click.echo(f"archlint: internal error: {type(error).__name__}: {error}\n"
                       "This is a bug in archlint; please report it with the input that caused it.",
                       err=True)
        sys.exit(EXIT_ERROR)
