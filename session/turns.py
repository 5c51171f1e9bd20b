"""Page runs take turns: in one app process a page runs alone while the others wait in line.

Streamlit runs each session's script in its own thread, and the threads of one process
share one interpreter lock. When thirty people open a page at the same second, thirty runs
that each need a third of a second of CPU share the processor and all finish together,
after about ten seconds. Letting only ``TMF_CONCURRENT_RUNS`` runs proceed at once (default
1: a run is almost all CPU, so a second one at the same time only slows the first) and
queueing the others in arrival order takes the same total but hands the pages out one after
another: half of the room has its page in half the time.

A turn lasts at most ``TURN_SECONDS``: a run that takes longer (an import, a briefing, a
robustness study) gives its turn to the next in line and goes on beside the others, as
every run did before, so one long task never holds up everyone's pages. A waiting run uses
no CPU; a session closed while it waits gives its turn back at its first Streamlit call.
Only whole page runs take a turn: a fragment's rerun (a search, the live workshop slide) is
short and runs at once.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_CONCURRENT_RUNS = 1
TURN_SECONDS = 1.0


def concurrent_runs(environ: dict[str, str] = os.environ) -> int:
    """How many page runs may proceed at once: TMF_CONCURRENT_RUNS (at least 1), else 1."""
    try:
        return max(1, int(environ.get("TMF_CONCURRENT_RUNS", DEFAULT_CONCURRENT_RUNS)))
    except ValueError:
        return DEFAULT_CONCURRENT_RUNS


_TURNS = threading.BoundedSemaphore(concurrent_runs())


class _Turn:
    """One held turn, given back exactly once: when the run ends or when its time is up."""

    def __init__(self, turns: threading.Semaphore) -> None:
        self._turns, self._lock, self.given_back = turns, threading.Lock(), False

    def give_back(self) -> None:
        with self._lock:
            if not self.given_back:
                self.given_back = True
                self._turns.release()


@contextmanager
def turn(turns: threading.Semaphore = _TURNS, seconds: float = TURN_SECONDS) -> Iterator[None]:
    """Wait for a turn, run the block, give the turn back at its end or after ``seconds``."""
    turns.acquire()
    held = _Turn(turns)
    timer = threading.Timer(seconds, held.give_back)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        held.give_back()
