"""Run independent tasks on a local process pool or a ``dask.distributed`` cluster.

One executor for every "many solves" command (what-if sweeps, minimum staffing,
many offices): the tasks are picklable values, the function a module-level
function, and results come back as they finish. Scheduling, retries of tasks
whose worker died and data transfer are the pool's or Dask's; this module only
chooses between them and reports each finished task.

- **Local** (default): :class:`concurrent.futures.ProcessPoolExecutor` with
  ``spawn`` processes (CP-SAT's threads and a forked parent do not mix). A
  worker that dies (killed, out of memory) breaks the pool: the tasks that had
  not finished are run again on a new pool, up to ``retries`` times each.
- **Dask**: ``Client(address)`` and ``client.map(..., retries=retries)``; Dask
  reschedules the tasks of a lost worker itself.

The address comes from ``--dask ADDRESS`` or Dask's usual
``DASK_SCHEDULER_ADDRESS`` environment variable.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

from planner.errors import PlannerError

T = TypeVar("T")
R = TypeVar("R")

DASK_ADDRESS_VARIABLE = "DASK_SCHEDULER_ADDRESS"


class ExecutorError(PlannerError):
    """The Dask scheduler cannot be reached, or dask.distributed is not installed."""

    exit_code = 2


@dataclass(frozen=True)
class Finished(Generic[R]):
    """One task's end: its position in the task list and its result, or the error it raised."""

    index: int
    result: R | None
    error: str | None = None


def dask_address(given: str | None) -> str | None:
    """``--dask`` if given, else ``$DASK_SCHEDULER_ADDRESS``, else ``None`` (the local pool)."""
    return given or os.environ.get(DASK_ADDRESS_VARIABLE) or None


def default_processes() -> int:
    return max(1, os.cpu_count() or 1)


def run_tasks(
    function: Callable[[T], R],
    tasks: Sequence[T],
    *,
    processes: int | None = None,
    address: str | None = None,
    retries: int = 1,
) -> Iterator[Finished[R]]:
    """Yield a :class:`Finished` for every task, in the order they finish.

    An exception inside ``function`` ends that task only (``Finished.error``);
    a KeyboardInterrupt stops the run, cancelling what has not started.
    """
    if not tasks:
        return iter(())
    if address:
        return _run_dask(function, tasks, address, retries)
    return _run_local(function, tasks, processes or default_processes(), retries)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _run_local(function: Callable[[T], R], tasks: Sequence[T], processes: int, retries: int) -> Iterator[Finished[R]]:
    context = multiprocessing.get_context("spawn")
    pending = list(range(len(tasks)))
    attempts = [0] * len(tasks)
    while pending:
        pool = ProcessPoolExecutor(max_workers=min(processes, len(pending)), mp_context=context)
        with _workers_ignore_ctrl_c():
            futures: dict[Future[R], int] = {pool.submit(function, tasks[index]): index for index in pending}
        pending = []
        broken = False
        try:
            waiting = set(futures)
            while waiting:
                done, waiting = wait(waiting, return_when=FIRST_COMPLETED)
                for future in done:
                    index = futures[future]
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        # A worker died; the pool cannot tell whose task killed it, so every
                        # unfinished task is tried again (up to ``retries`` times) on a new pool.
                        broken = True
                        attempts[index] += 1
                        if attempts[index] > retries:
                            yield Finished(index, None, f"its worker process died {attempts[index]} times")
                        else:
                            pending.append(index)
                        continue
                    except Exception as error:
                        yield Finished(index, None, _describe(error))
                        continue
                    yield Finished(index, result)
        except BaseException:
            # Ctrl-C, or the caller stopped reading: running solves are stopped now rather
            # than left to finish (the pool has no public way to do so before Python 3.14).
            processes_left = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes_left:
                process.terminate()
            raise
        pool.shutdown(wait=not broken, cancel_futures=True)
        pending.sort()


@contextmanager
def _workers_ignore_ctrl_c() -> Iterator[None]:
    """Start the pool's processes with SIGINT blocked (a blocked signal stays blocked across exec).

    Ctrl-C in a terminal reaches the whole process group; the parent alone should act on it
    (stop, keep what finished, end the workers), not each worker with a traceback of its own,
    least of all one still starting. The pool starts its processes on submit, in this thread.
    The parent only blocks SIGINT in this thread for that moment: one that arrives then is
    delivered when it is unblocked, not lost.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _run_dask(function: Callable[[T], R], tasks: Sequence[T], address: str, retries: int) -> Iterator[Finished[R]]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise ExecutorError("--dask: dask.distributed is not installed (pip install distributed)") from None
    try:
        client = Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise ExecutorError(f"--dask {address}: no Dask scheduler answers there ({_describe(error)})") from None
    try:
        futures = client.map(function, list(tasks), pure=False, retries=retries)
        positions = {future.key: index for index, future in enumerate(futures)}
        for future in as_completed(futures, loop=client.loop, raise_errors=False):
            index = positions[future.key]
            if future.status == "error":
                yield Finished(index, None, _describe(future.exception()))
            else:
                yield Finished(index, future.result())
    except BaseException:
        client.cancel(futures)
        raise
    finally:
        client.close()


def expected_seconds(task_seconds: Sequence[float], workers: int, count: int | None = None) -> float:
    """Expected wall time of ``count`` tasks (default: as many as measured) on ``workers`` workers.

    Greedy longest-first list scheduling of the measured per-task times, repeated
    cyclically up to ``count`` tasks: what a pool that starts the next task on the
    first free worker gives, without the start-up of the workers.
    """
    if not task_seconds or workers < 1:
        return 0.0
    count = len(task_seconds) if count is None else count
    times = sorted((task_seconds[index % len(task_seconds)] for index in range(count)), reverse=True)
    loads = [0.0] * workers
    for seconds in times:
        loads[loads.index(min(loads))] += seconds
    return max(loads)
