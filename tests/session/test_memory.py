"""Long-lived objects are frozen once per page and process (session/memory.py)."""

import gc
import weakref

from session import memory


class Node:
    pass


def test_the_first_run_of_each_page_freezes_what_the_process_holds_and_later_runs_do_not(monkeypatch):
    monkeypatch.setattr(memory, "_FROZEN", set())
    garbage = Node()
    garbage.me = garbage  # a cycle that only a collection frees
    gone = weakref.ref(garbage)
    del garbage
    try:
        assert memory.freeze_once("ranking")
        assert gone() is None, "garbage is collected before the freeze, never frozen"
        frozen = gc.get_freeze_count()
        assert frozen > 0
        assert not memory.freeze_once("ranking"), "a page freezes once per process"
        assert gc.get_freeze_count() == frozen
        assert memory.freeze_once("overview"), "another page's first run loads other caches"
    finally:
        gc.unfreeze()
