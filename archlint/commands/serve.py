"""`archlint serve [PATH]`: a live preview page on 127.0.0.1 (archlint/output/preview/).

Renders every document under PATH, serves the page, and re-renders within a
second of a save (watchfiles), telling the page through server-sent events.
Ctrl-C stops the watcher and the server and exits 0.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import click

from archlint.commands.options import direction_option, findings_option

DEBOUNCE_MS = 100
"""watchfiles waits this long for a burst of writes (an editor's save) to end;
its default, 1,600 ms, alone would miss the one-second goal."""


@click.command("serve")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port on 127.0.0.1 (0: a free one, printed at start).")
@direction_option
@findings_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Configuration file [default: found upward].")
def serve_command(path: Path | None, port: int, direction: str | None, findings: str,
                  config_file: Path | None) -> None:
    """Serve a live preview of every architecture under PATH (default: the
    current directory): pictures and findings, updated on every save."""
    try:
        import diagrams  # noqa: F401
        import watchfiles
    except ImportError as error:
        click.echo(f"archlint: serve needs {error.name}: pip install 'archlint[serve]'", err=True)
        sys.exit(2)
    from archlint.config.loader import ConfigError, load_settings
    from archlint.output.preview.server import PreviewServer
    from archlint.output.preview.state import Preview
    from archlint.output.render import RenderOptions

    root = path or Path(".")
    try:
        settings = load_settings([root], config_file)
    except ConfigError as error:
        click.echo(f"archlint: error: {error}", err=True)
        sys.exit(2)
    preview = Preview([root], settings, RenderOptions("svg", direction and direction.upper(), findings))
    first = preview.refresh()
    if first.problem:
        click.echo(f"archlint: warning: {first.problem}", err=True)
    try:
        server = PreviewServer(preview, port)
    except OSError as error:
        click.echo(f"archlint: cannot listen on 127.0.0.1:{port}: {error.strerror or error}", err=True)
        sys.exit(2)
    stop = threading.Event()

    def watch() -> None:
        for _ in watchfiles.watch(root, stop_event=stop, debounce=DEBOUNCE_MS, step=20,
                                  raise_interrupt=False):
            try:
                # the configuration may be what was saved
                preview.settings = load_settings([root], config_file)
                preview.refresh()
            except ConfigError as error:
                click.echo(f"archlint: error: {error} (the page keeps the last pictures)", err=True)
            except Exception as error:  # noqa: BLE001 - keep serving; say what went wrong
                click.echo(f"archlint: internal error while re-rendering: {type(error).__name__}: "
                           f"{error}", err=True)

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)      # a service manager's stop: the same clean exit
    watcher = threading.Thread(target=watch, name="archlint-watch", daemon=True)
    watcher.start()
    try:
        click.echo(f"archlint: serving {len(first.documents)} document(s) from {root} at "
                   f"{server.url} (Ctrl-C stops)", err=True)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.stopping.set()
        server.server_close()
        watcher.join(timeout=2)
    click.echo("archlint: serve stopped", err=True)
