"""Python's cyclic garbage collector paused while a command sets up, on again for the job.

Reading, composing and checking a large office's config, and Hydra copying and saving it,
make hundreds of thousands of objects that nearly all stay alive: the collector would scan
them over and over (a tenth of the set-up) and find little. The job turns it back on
before it simulates anything, since a finished model is a web of reference cycles.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Whether the collector is off because of :func:`collection_paused` (not the caller's own).
_paused = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """The collector off for the block, or until :func:`resume_collection`; then as it was."""
    global _paused
    enabled = gc.isenabled()
    gc.disable()
    _paused = enabled
    try:
        yield
    finally:
        _paused = False
        if enabled:
            gc.enable()


def resume_collection() -> None:
    """The collector back on if :func:`collection_paused` turned it off; else nothing."""
    global _paused
    if _paused:
        gc.enable()
        _paused = False
