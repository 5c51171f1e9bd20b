"""Page runs take turns: one at a time in arrival order, and a long run lets the next one in."""

import threading
import time

import pytest

from session import turns


def run_together(count: int, block, turns_held: threading.Semaphore, seconds: float) -> None:
    def one(number: int) -> None:
        with turns.turn(turns_held, seconds):
            block(number)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads)


def turns_run(held: threading.Semaphore, block, number: int) -> None:
    with turns.turn(held, seconds=0.1):
        block(number)


def test_short_runs_never_overlap_and_every_run_gets_its_turn():
    lock, active, most, done = threading.Lock(), [0], [0], []

    def block(number: int) -> None:
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
        time.sleep(0.02)
        with lock:
            active[0] -= 1
            done.append(number)

    run_together(8, block, threading.BoundedSemaphore(1), seconds=30)
    assert most[0] == 1
    assert sorted(done) == list(range(8))


def test_two_turns_let_two_runs_proceed_at_once():
    both_in = threading.Barrier(2, timeout=5)
    run_together(2, lambda number: both_in.wait(), threading.BoundedSemaphore(2), seconds=30)


def test_a_run_longer_than_its_turn_lets_the_next_one_in_before_it_ends():
    second_ran = threading.Event()
    waited = []

    def block(number: int) -> None:
        if number == 0:
            waited.append(second_ran.wait(timeout=5))  # holds on until the other run has been in
        else:
            second_ran.set()

    held = threading.BoundedSemaphore(1)
    first = threading.Thread(target=lambda: turns_run(held, block, 0))
    first.start()
    time.sleep(0.05)  # the first run has its turn before the second asks
    turns_run(held, block, 1)
    first.join(timeout=10)
    assert waited == [True]
    assert held.acquire(blocking=False)  # both turns were given back, once each
    held.release()


def test_a_stopped_run_gives_its_turn_back():
    held = threading.BoundedSemaphore(1)
    with pytest.raises(RuntimeError):
        with turns.turn(held, seconds=30):
            raise RuntimeError("the user left the page")
    assert held.acquire(blocking=False)


@pytest.mark.parametrize(("setting", "runs"), [(None, 1), ("3", 3), ("0", 1), ("many", 1)])
def test_concurrent_runs_read_from_the_environment(setting, runs):
    environ = {} if setting is None else {"TMF_CONCURRENT_RUNS": setting}
    assert turns.concurrent_runs(environ) == runs
