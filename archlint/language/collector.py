"""Pausing Python's cyclic garbage collector while a document is parsed and checked,
and sparing the program its last collection.

Parsing and building allocate hundreds of thousands of small objects, none of them
in a reference cycle (the model holds no cycles: tests/test_memory.py). CPython's
collector still rescans every one of them at each full collection, over and over
as the heap grows: a 100,000-line parse and build took 6.1 s with the collector on
and 2.6 s with it paused, and the time grew faster than the input. Nothing is
lost by pausing: objects are freed by reference counting the moment they are
dropped, and any cycle made elsewhere is collected once the collector resumes.

When the program ends, the interpreter runs a full collection over every object
still alive (the modules, the rules, lark's tables, what the command left) only to
free a heap that is about to go: after a check of one small file it was 29 M of
the run's 538 M instructions and most of its CPU above the import floor
(docs/performance.md). `before_exit` takes those objects out of its sight.
"""

from __future__ import annotations

import functools
import gc
from typing import Callable, TypeVar

T = TypeVar("T")


def without_gc(function: Callable[..., T], resume: Callable[[], None] = gc.enable) -> Callable[..., T]:
    """Run `function` with the cyclic collector paused, and restore it however the
    call ends (a result, a syntax error, any exception). A caller that paused it
    already keeps it paused."""
    @functools.wraps(function)
    def paused(*args: object, **kwargs: object) -> T:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            resume()
    return paused


def command_without_gc(function: Callable[..., T]) -> Callable[..., T]:
    """`without_gc` for a whole command (`archlint check`): what it leaves alive is
    mostly for good (the rules, the parser's tables, their modules), so it is counted
    as old when the collector resumes, not rescanned by its first young collection
    (which held every object allocated while paused: 6.8 M instructions after one
    small file)."""
    return without_gc(function, resume=_resume_with_survivors_old)


def _resume_with_survivors_old() -> None:
    if gc.get_freeze_count() == 0:   # what someone else froze (a server before fork) stays frozen
        gc.freeze()     # every tracked object out of the generations, and back into
        gc.unfreeze()   # the oldest: two list splices, nothing scanned
    gc.enable()


def before_exit() -> None:
    """Spare the interpreter's last full collection (`gc.freeze`): only for a process
    that is ending (`archlint.cli.run` registers it with `atexit`, whose handlers run
    before that collection). Nothing waits for it: the standard streams are still
    flushed, and the files archlint writes are closed where they are written
    (output/atomic.py), never left to a collector."""
    gc.freeze()
