"""Pausing Python's cyclic garbage collector while a document is parsed and checked.

Parsing and building allocate hundreds of thousands of small objects, none of them
in a reference cycle (the model holds no cycles: tests/test_memory.py). CPython's
collector still rescans every one of them at each full collection, over and over
as the heap grows: a 100,000-line parse and build took 6.1 s with the collector on
and 2.6 s with it paused, and the time grew faster than the input. Nothing is
lost by pausing: objects are freed by reference counting the moment they are
dropped, and any cycle made elsewhere is collected once the collector resumes.
"""

from __future__ import annotations

import functools
import gc
from typing import Callable, TypeVar

T = TypeVar("T")


def without_gc(function: Callable[..., T]) -> Callable[..., T]:
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
            gc.enable()
    return paused
