"""Long-lived objects out of the garbage collector's way, once per app process.

After every page run Streamlit collects garbage in full (``runner.postScriptGC``), holding
the interpreter lock while it walks every object of the process: the libraries, the
geodata and the cached inventories, about 200 ms on the demo inventory, during which no
other session's page runs and no message of the finished run leaves for the browser. Once
the first page run has loaded them, ``gc.freeze`` moves these objects to the permanent
generation, so each later full collection walks only what the runs made since. Caches
rebuilt after an import are not frozen: collections walk them again, as before, until the
process restarts (bench/README.md: "Long-lived objects frozen").
"""

from __future__ import annotations

import gc
import threading

_LOCK = threading.Lock()
_FROZEN: set[str] = set()


def freeze_once(page: str) -> bool:
    """After the first run of ``page`` in this process (which loaded what it caches), freeze
    what the process holds; True when it froze. Each page once: at most one extra full
    collection per page and process, and what a run leaves alive is frozen only then."""
    with _LOCK:
        if page in _FROZEN:
            return False
        gc.collect()  # what is garbage already is collected, not frozen
        gc.freeze()
        _FROZEN.add(page)
        return True
