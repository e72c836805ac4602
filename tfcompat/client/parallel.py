"""Inter-op parallelism for plans that span several devices (TF's `inter_op_parallelism_threads`).

A plan whose ops sit on one device stays one straight-line function (compile.py). A plan that
spans several devices (`/gpu:0` and `/gpu:1`, or the logical CPUs of
`ConfigProto(device_count={'CPU': N})`) is cut into *tasks*: runs of ops on one device that need
nothing from other tasks once they start. Tasks form a DAG; the calling thread schedules it,
running one ready task itself and handing the others to a pool of worker threads, so
independent branches overlap (kernels queued on different GPUs run at once; CPU kernels release
the GIL). Values crossing tasks go through one dict per run; `_mv` still moves them between
torch devices (non-blocking on CUDA).

Ordering rules that keep a parallel run equivalent to the sequential one:
- an op that writes session state (`mutates`: Assign, Apply*, queue ops, If/While ...) is a
  barrier: it runs after every op before it in the plan order and before every op after it, so
  a failing run still leaves variables untouched and reads never race with writes;
- stateful ops sharing state across ops (iterators, readers, py_func, Print ...) keep their
  plan order among themselves; random ops (own generator per op) and variable reads do not.

When no two tasks can run at once (a chain), the straight-line plan is kept.
"""
from __future__ import annotations

import linecache
import os
import queue
import sys
import threading

import torch

from tfcompat.client import plan as plan_lib
from tfcompat.client.compile import Plan
from tfcompat.client.compile import _requires_grad

# Stateful op types whose state is private to the op (or read-only), free to run concurrently.
_INDEPENDENT_STATEFUL = frozenset({
    "VariableV2", "Variable", "IsVariableInitialized", "_InitializedValue", "RandomStandardNormal",
    "RandomUniform", "RandomUniformInt", "TruncatedNormal", "Multinomial", "RandomShuffle",
    "Assert", "CheckNumerics", "LogUniformCandidateSampler", "UniformCandidateSampler"})
_MAX_TASKS = 256      # beyond this many tasks, scheduling costs more than it overlaps


def pool_size(config) -> int:
    """Worker threads for inter-op parallelism: the config's value, else the core count."""
    threads = int(getattr(config, "inter_op_parallelism_threads", 0) or 0)
    return threads if threads > 0 else max(2, os.cpu_count() or 2)


def build(compiler, feed_names, feed_devices, needs_grad):
    """A `ParallelPlan` for the compiler's body, or None when the plan should stay sequential."""
    devices = compiler.op_devices
    if len(set(devices.values())) < 2 or pool_size(compiler.session._config) < 2:
        return None
    groups, prologue = _group_lines(compiler.body)
    ops = list(groups)
    deps = _dependencies(ops, groups, compiler)
    tasks, task_deps = _cluster(ops, deps, devices)
    if len(tasks) < 2 or len(tasks) > _MAX_TASKS or not _has_parallelism(task_deps):
        return None
    fetch_names = [compiler.names[t] for t in compiler.fetches]
    code = _generate(compiler, tasks, groups, fetch_names, feed_names)
    runner = _Runner(code["fns"], task_deps, feed_names, prologue, code["results"],
                     compiler.session._config)
    described = [(devices[ops[0]], [op.name for op in ops]) for ops in tasks]
    return ParallelPlan(tuple(compiler.fed), tuple(feed_devices), tuple(compiler.fetches),
                        runner, code["source"], code["line_ops"], needs_grad, compiler.listing,
                        filename=code["filename"], tasks=described)


class ParallelPlan(Plan):
    """A `Plan` whose function schedules tasks (`plan.tasks`: [(TF device, [op names])])."""

    def __init__(self, *args, filename, tasks):
        super().__init__(*args)
        self._filename = filename
        self.tasks = tasks

    def describe(self) -> str:
        tasks = ["# task %d on %s: %s" % (i, device.rsplit("/", 1)[-1], ", ".join(names))
                 for i, (device, names) in enumerate(self.tasks)]
        return "\n".join([super().describe()] + tasks)

    def _failed_op(self, tb):
        op = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self._filename:
                op = self._line_ops.get(tb.tb_lineno, op)
            tb = tb.tb_next
        return op


# -- analysis -----------------------------------------------------------------------------

def _group_lines(body):
    """op -> its body lines (the op's call, its `_rg` lines); feed `_rg` names (no op)."""
    groups: dict = {}
    prologue = []
    for line, op, used, defined in body:
        if op is None:
            prologue.extend(used)
        else:
            groups.setdefault(op, []).append((line, used, defined))
    return groups, prologue


def _dependencies(ops, groups, compiler):
    """op -> ops it must follow: data and control edges, barriers, stateful chains."""
    defined_by = {name: op for op in ops for _, _, defined in groups[op] for name in defined}
    in_body = set(ops)
    deps = {}
    barrier, since_barrier, last_stateful = None, [], None
    for op in ops:
        d = {defined_by[n] for _, used, _ in groups[op] for n in used if n in defined_by}
        d.update(c for c in op._control_inputs if c in in_body)
        d.discard(op)
        op_def = op.op_def
        if op_def.mutates:
            d.update(since_barrier)
            if barrier is not None:
                d.add(barrier)
            barrier, since_barrier = op, []
        else:
            if barrier is not None:
                d.add(barrier)
            since_barrier.append(op)
            if op_def.stateful and op.type not in _INDEPENDENT_STATEFUL:
                if last_stateful is not None:
                    d.add(last_stateful)
                last_stateful = op
        deps[op] = d
    return deps


def _cluster(ops, deps, devices):
    """Tasks (lists of ops on one device) and each task's dependency set (task indices).

    An op joins the newest task of its device holding one of its inputs when everything else
    it needs is done before that task starts; an op needing nothing joins its device's first
    task; an op whose inputs all come from before the device's newest task joins that one;
    any other op starts a new task. Tasks only depend on earlier tasks: a DAG."""
    tasks, task_deps, ancestors, task_device = [], [], [], []
    task_of, root, newest = {}, {}, {}
    for op in ops:
        device = devices[op]
        needed = {task_of[d] for d in deps[op]}
        t = next((c for c in sorted(needed, reverse=True) if task_device[c] == device
                  and needed <= ({c} | ancestors[c])), None)
        if t is None and not needed:
            t = root.get(device)
        elif t is None and newest.get(device) is not None:
            c = newest[device]
            t = c if needed <= ancestors[c] else None
        if t is None:
            t = len(tasks)
            tasks.append([])
            task_deps.append(needed)
            task_device.append(device)
            ancestors.append(set().union(needed, *(ancestors[n] for n in needed)))
            if not needed:
                root.setdefault(device, t)
            newest[device] = t
        tasks[t].append(op)
        task_of[op] = t
    return tasks, [frozenset(_direct(d, ancestors)) for d in task_deps]


def _direct(needed, ancestors):
    """The dependencies not implied by another dependency."""
    return {n for n in needed if not any(n in ancestors[m] for m in needed if m != n)}


def _has_parallelism(task_deps) -> bool:
    """Whether some two tasks are unordered (neither depends on the other)."""
    ancestors = []
    for needed in task_deps:
        ancestors.append(set().union(needed, *(ancestors[n] for n in needed)))
    for t in range(1, len(task_deps)):
        if len(ancestors[t]) < t:
            return True
    return False


# -- code generation ----------------------------------------------------------------------

def _generate(compiler, tasks, groups, fetch_names, feed_names):
    """One function per task, `def _tN(E)`: read its inputs from E, run, write what others
    need to E, and free each local after its last use (as the straight-line plan does)."""
    producer = {name: t for t, ops in enumerate(tasks) for op in ops
                for _, _, defined in groups[op] for name in defined}
    producer.update((name, -1) for name in feed_names)
    exported = {n for t, ops in enumerate(tasks) for op in ops for _, used, _ in groups[op]
                for n in used if producer.get(n, t) != t} | (set(fetch_names) & set(producer))
    lines, line_ops = [], {}
    for t, ops in enumerate(tasks):
        _task_source(t, ops, groups, producer, exported, lines, line_ops)
    source = "\n".join(lines) + "\n"
    filename = "<tfcompat parallel plan %d>" % id(compiler)
    code = compile(source, filename, "exec")
    linecache.cache[filename] = (len(source), None, lines, filename)
    exec(code, compiler.namespace)  # noqa: S102 - our own generated code
    if plan_lib.DEBUG:
        print(source, file=sys.stderr)
    results = [(n, n in producer, compiler.namespace.get(n)) for n in fetch_names]
    return {"fns": [compiler.namespace["_t%d" % t] for t in range(len(tasks))],
            "source": source, "filename": filename, "line_ops": line_ops, "results": results}


def _task_source(t, ops, groups, producer, exported, lines, line_ops):
    """Appends task `t`'s function to `lines` (recording which op each line runs)."""
    last_use = {}
    for i, op in enumerate(ops):
        for _, used, _ in groups[op]:
            for name in used:
                if name in producer:
                    last_use[name] = i
    lines.append("def _t%d(E):" % t)
    imports = sorted(n for n in last_use if producer[n] != t)
    lines.extend("    %s = E[%r]" % (n, n) for n in imports)
    for i, op in enumerate(ops):   # an op's lines, its exports (after `_rg`), its frees
        defined = [n for _, _, names in groups[op] for n in names]
        for line, _, _ in groups[op]:
            lines.append("    " + line)
            line_ops[len(lines)] = op
        lines.extend("    E[%r] = %s" % (n, n) for n in defined if n in exported)
        dead = {n for _, used, _ in groups[op] for n in used if last_use.get(n) == i}
        dead.update(n for n in defined if n not in last_use)
        if dead:
            lines.append("    del " + ", ".join(sorted(dead)))
    lines.append("    return None")


# -- running ------------------------------------------------------------------------------

_worker_state = threading.local()


class _Job:
    """One task handed to the pool; whoever claims it first (a worker or the scheduler,
    reclaiming work nobody started) runs it."""

    __slots__ = ("index", "fn", "env", "grad", "threads", "done", "_claim")

    def __init__(self, index, fn, env, grad, threads, done):
        self.index, self.fn, self.env, self.grad, self.done = index, fn, env, grad, done
        self.threads = threads
        self._claim = threading.Lock()

    def claim(self) -> bool:
        return self._claim.acquire(blocking=False)

    def work(self):
        """Runs in a worker thread: the task, under the scheduling thread's grad mode and
        intra-op thread count (OpenMP keeps that count per thread)."""
        if not self.claim():
            return
        try:
            if getattr(_worker_state, "threads", None) != self.threads:
                torch.set_num_threads(self.threads)
                _worker_state.threads = self.threads
            with torch.set_grad_enabled(self.grad):
                self.fn(self.env)
            self.done.put((self.index, None))
        except BaseException as e:  # noqa: BLE001 - handed to the scheduling thread
            self.done.put((self.index, e))


class _Pool:
    """Daemon worker threads pulling jobs from one queue (shared by every session)."""

    _pools: dict = {}
    _lock = threading.Lock()

    @classmethod
    def get(cls, size):
        with cls._lock:
            pool = cls._pools.get(size)
            if pool is None:
                pool = cls._pools[size] = cls(size)
            return pool

    def __init__(self, size):
        self.jobs = queue.SimpleQueue()
        for i in range(size - 1):   # the scheduling thread is the size-th worker
            threading.Thread(target=self._work, name="tfcompat-inter-op-%d" % i,
                             daemon=True).start()

    def _work(self):
        while True:
            self.jobs.get().work()

    def submit(self, job):
        self.jobs.put(job)


def _forget_pools_in_child():
    """A forked child has none of the parent's worker threads: start afresh."""
    _Pool._pools = {}
    _Pool._lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_pools_in_child)


class _Runner:
    """Schedules one run's task DAG; called with the feed values, returns the fetch values."""

    def __init__(self, fns, task_deps, feed_names, prologue, results, config):
        self.fns = fns
        self.n_deps = [len(d) for d in task_deps]
        self.users = [[] for _ in fns]
        for t, needed in enumerate(task_deps):
            for n in needed:
                self.users[n].append(t)
        self.roots = [t for t, n in enumerate(self.n_deps) if n == 0]
        self.feed_names = feed_names
        self.prologue = prologue
        self.results = results
        self.pool = _Pool.get(pool_size(config))

    def __call__(self, *feeds):
        env = dict(zip(self.feed_names, feeds))
        for name in self.prologue:
            env[name] = _requires_grad(env[name])
        self._schedule(env)
        return tuple(env[n] if local else value for n, local, value in self.results)

    def _schedule(self, env):
        remaining = list(self.n_deps)
        ready = list(reversed(self.roots))
        done = queue.SimpleQueue()
        pending: dict = {}
        grad, threads = torch.is_grad_enabled(), torch.get_num_threads()
        failure = None
        while True:
            if ready and failure is None:
                mine = ready.pop()
                for t in ready:
                    pending[t] = job = _Job(t, self.fns[t], env, grad, threads, done)
                    self.pool.submit(job)
                ready.clear()
                finished, error = mine, _run_inline(self.fns[mine], env)
            elif pending:
                finished, error = self._wait(pending, done, env, failure is not None)
                del pending[finished]
            else:
                break
            if error is not None:
                failure = failure or error
                continue
            for user in self.users[finished]:
                remaining[user] -= 1
                if remaining[user] == 0:
                    ready.append(user)
        if failure is not None:
            raise failure

    @staticmethod
    def _wait(pending, done, env, failing):
        """The next finished task: a worker's, or one nobody started, run here (or dropped
        after a failure)."""
        try:
            return done.get_nowait()
        except queue.Empty:
            pass
        for t, job in pending.items():
            if job.claim():
                return t, None if failing else _run_inline(job.fn, env)
        return done.get()


def _run_inline(fn, env):
    try:
        fn(env)
    except Exception as e:  # noqa: BLE001 - raised once every started task has finished
        return e
    return None
