"""Launching a small job of worker processes on 127.0.0.1 (gloo), bounded in time.

`run_ranks(fn, args)` forks `world` workers from the test process (tfcompat and torch are
already imported, so a worker starts in milliseconds), sets the environment torchrun would
(RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR/PORT), calls `fn(*args)` in each, and returns
{rank: {"value": ...} or {"error": class name, "message": ...}, with "at": when} for the
workers that finished, killing any still running after `timeout` seconds.
"""
import multiprocessing
import os
import queue
import socket
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _worker(rank, world, port, fn, args, results, env):
    os.environ.update({"MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(port), "RANK": str(rank),
                       "WORLD_SIZE": str(world), "LOCAL_RANK": str(rank),
                       "LOCAL_WORLD_SIZE": str(world)})
    os.environ.update(env or {})
    from tfcompat.distribute import comm
    comm._WORLD.__init__()   # the test process's own hvd.init() state is not ours
    try:
        result = {"value": fn(*args)}
    except Exception as e:  # noqa: BLE001 - reported to the test
        result = {"error": type(e).__name__, "message": str(e)}
    result["at"] = time.time()
    results.put((rank, result))
    results.close()
    results.join_thread()
    os._exit(0)


def run_ranks(fn, args=(), world=2, timeout=60, env=None, wait_for=None):
    """Runs the job; returns once every rank in `wait_for` (default: all) has reported."""
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    port = free_port()
    procs = [ctx.Process(target=_worker, args=(r, world, port, fn, args, results, env))
             for r in range(world)]
    for p in procs:
        p.start()
    found, deadline = {}, time.time() + timeout
    wanted = set(range(world) if wait_for is None else wait_for)
    while not wanted <= set(found) and time.time() < deadline:
        try:
            rank, result = results.get(timeout=0.2)
            found[rank] = result
        except queue.Empty:
            if not any(p.is_alive() for p in procs) and results.empty():
                break
    if wait_for is not None:
        deadline = time.time() + 1.0
    for p in procs:
        p.join(timeout=max(0.1, deadline - time.time()))
        if p.is_alive():
            p.kill()
            p.join()
    return found
