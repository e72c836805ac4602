"""`Session` and `InteractiveSession`: run parts of a graph on torch, with per-session state.

`run` reads as: normalise fetches -> convert feeds -> look up (or compile) the plan for this
(fetches, targets, fed tensors) signature -> call it -> build results in the caller's
structure. A warm run does nothing else.
"""
from __future__ import annotations

import threading
import time

import torch

from tfcompat.client import cpu_allocator
from tfcompat.client import context
from tfcompat.client import fetch as fetch_lib
from tfcompat.client import partial_run as partial_run_lib
from tfcompat.client import threads
from tfcompat.client import tracing
from tfcompat.client.compile import compile_plan
from tfcompat.client.compile import compile_subplan
from tfcompat.client.placement import Placer
from tfcompat.client.state import SessionState
from tfcompat.framework import default_session
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.operation import Tensor


# the default-session stack lives with the graph stack (framework/), as in TF
_DefaultSessionContext = default_session.DefaultSessionContext
get_default_session = default_session.get_default_session


class BaseSession:
    """Runs a graph on PyTorch (TF1 `tf.Session`).

    Each `run` signature (fetches, feeds, targets) is compiled once into a plan, a pruned,
    placed, constant-folded straight-line function, and cached, so a warm run only converts
    feeds, calls the plan and converts results. Variable values, RNG streams and iterator
    positions live here, so two sessions on one graph are independent.

    >>> with tf.Session() as sess:
    ...     print(sess.run(tf.add(3, 5)))
    8
    """

    def __init__(self, target="", graph=None, config=None):
        if graph is not None and not isinstance(graph, graph_lib.Graph):
            raise TypeError("graph must be a tf.Graph, but got %s" % type(graph))
        self._graph = graph if graph is not None else graph_lib.get_default_graph()
        self._target = target
        # no config: the tf.config settings (TF 2.x's compat.v1 starts from its context's)
        self._config = config if config is not None else context.default_config()
        self._closed = False
        self._state = SessionState()
        self._placer = Placer(self._config)
        self._plans: dict = {}
        self._partial_runs: dict = {}   # handle -> a step run in parts (client/partial_run.py)
        self._single: dict = {}
        # a run's deadline (RunOptions.timeout_in_ms, else ConfigProto.operation_timeout_in_ms)
        # per calling thread; blocking ops (queues) ask `step_timed_out()` while they wait
        self._op_timeout_ms = getattr(self._config, "operation_timeout_in_ms", 0) or 0
        self._deadline = threading.local()
        self._lock = threading.RLock()
        self._hits = self._misses = 0
        self._apply_config(self._config)
        self._context_stack: list = []

    @staticmethod
    def _apply_config(config):
        threads.apply(config)   # ConfigProto's count, else what the machine has free
        cpu_allocator.reuse_host_memory()   # large host tensors reused across steps
        fraction = getattr(getattr(config, "gpu_options", None),
                           "per_process_gpu_memory_fraction", 0.0)
        if fraction and torch.cuda.is_available():
            for i in range(torch.cuda.device_count()):
                torch.cuda.set_per_process_memory_fraction(fraction, i)

    def compile_subplan(self, ops, fed, fetches):
        """A plan for a control-flow branch, loop body or custom gradient: how op records
        (ops/) get their sub-graphs compiled without importing the runtime."""
        return compile_subplan(self, ops, fed, fetches)

    # -- properties --------------------------------------------------------------------
    graph = property(lambda self: self._graph)
    sess_str = property(lambda self: self._target)

    @property
    def graph_def(self):
        return self._graph.as_graph_def()

    def list_devices(self):
        return [_DeviceAttributes(name) for name in self._placer.available()]

    # -- running -----------------------------------------------------------------------
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Runs the ops needed for `fetches` and returns their values in the same structure."""
        if (options is not None or self._op_timeout_ms) and \
                getattr(self._deadline, "at", None) is None:
            timeout_ms = getattr(options, "timeout_in_ms", 0) if options is not None else 0
            timeout_ms = timeout_ms if timeout_ms > 0 else self._op_timeout_ms
            if timeout_ms > 0:
                return self._run_with_deadline(timeout_ms, fetches, feed_dict, options,
                                               run_metadata)
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        if run_metadata is not None and tracing.wants_metadata(options, run_metadata):
            return tracing.run_traced(self, fetches, feed_dict, options, run_metadata)
        if type(fetches) is Tensor and not feed_dict:
            hit = self._single.get(fetches)
            if hit is not None and hit[0] == self._graph._version:
                return fetch_lib.to_numpy(hit[1](())[0])
        if feed_dict and not self._graph._ops:
            self._mapper(fetches)  # raises TF's "The Session graph is empty" first
        fed, arrays, returned = self._feeds(feed_dict)  # as TF, feeds are checked first
        if type(fetches) is Tensor:
            if fetches.graph is not self._graph or self._graph._unfetchable_ops:
                self._mapper(fetches)  # raises TF's error: a foreign or unfetchable tensor
            tensors, targets, build = (fetches,), (), _first
        else:
            mapper = self._mapper(fetches)
            tensors, targets, build = mapper.tensors, mapper.targets, mapper.build
        if self._placer.log:
            self._placer.log_graph(self._graph)
        plan = self._plan(tensors, targets, fed)
        values = plan([fetch_lib.to_torch(arrays[t], d)
                       for t, d in zip(plan.feed_tensors, plan.feed_devices)])
        if type(fetches) is Tensor and not feed_dict:
            self._single[fetches] = (self._graph._version, plan)
        outs = [fetch_lib.to_numpy(v) for v in values]
        if returned:  # TF's _FetchHandler: a fetched tensor that is fed gives the fed array
            outs = [returned.get(t, o) for t, o in zip(tensors, outs)]
        return build(outs)

    def _run_with_deadline(self, timeout_ms, *args):
        # (a run nested in it, a py_func's, keeps the outer run's deadline)
        self._deadline.at = time.monotonic() + timeout_ms / 1000.0
        try:
            return self.run(*args)
        finally:
            self._deadline.at = None

    def step_timed_out(self) -> bool:
        """Whether this thread's run has passed its deadline (TF then cancels the step:
        DeadlineExceededError "Timed out waiting for notification")."""
        at = getattr(self._deadline, "at", None)
        return at is not None and time.monotonic() > at

    def _mapper(self, fetches):
        if not self._graph._ops:
            raise RuntimeError("The Session graph is empty. Add operations to the graph before "
                               "calling run().")
        return fetch_lib.FetchMapper(self._graph, fetches)

    def _feeds(self, feed_dict):
        """(the fed tensors, their arrays to run on, the arrays a fetch of them returns)"""
        if not feed_dict:
            return frozenset(), {}, {}
        arrays, returned = {}, {}
        for key, value in fetch_lib.flatten_feed_dict(feed_dict).items():
            for part, part_value in fetch_lib.expand_feed(key, value):
                tensor = fetch_lib.resolve_feed_key(self._graph, part)
                arrays[tensor], returned[tensor] = fetch_lib.feed_arrays(tensor, part_value)
        return frozenset(arrays), arrays, returned

    def _plan(self, tensors, targets, fed, traced=False):
        key = (tuple(tensors), tuple(targets), fed) + (("traced",) if traced else ())
        entry = self._plans.get(key)
        if entry is not None and entry[0] == self._graph._version:
            self._hits += 1
            return entry[1]
        with self._lock:
            self._misses += 1
            plan = compile_plan(self, tensors, targets, fed, traced=traced)
            self._plans[key] = (self._graph._version, plan)
            self._single.clear()
        return plan

    def _plan_cache_info(self):
        return {"hits": self._hits, "misses": self._misses, "size": len(self._plans)}

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        """A function running `fetches` with positional feed values for `feed_list`."""
        mapper = self._mapper(fetches)
        keys = list(feed_list or [])
        feeds = [t for k in keys for t in fetch_lib.feed_parts(self._graph, k)]
        plan = self._plan(mapper.tensors, mapper.targets, frozenset(feeds))
        position = {t: i for i, t in enumerate(feeds)}
        order = [(position[t], t, d) for t, d in zip(plan.feed_tensors, plan.feed_devices)]

        if not feeds:
            single = type(fetches) is Tensor
            to_numpy = fetch_lib.to_numpy

            def call_without_feeds():
                if self._closed:
                    raise RuntimeError("Attempted to use a closed Session.")
                if single:
                    return to_numpy(plan(())[0])
                return mapper.build([to_numpy(v) for v in plan(())])
            return call_without_feeds

        def call(*args, **kwargs):
            if self._closed:
                raise RuntimeError("Attempted to use a closed Session.")
            if len(args) != len(keys):
                raise TypeError("callable expects %d feed values, got %d"
                                % (len(keys), len(args)))
            if len(keys) != len(feeds):  # a SparseTensor's value feeds its three parts
                args = _expand_sparse_args(keys, args, len(feeds))
            values = plan([fetch_lib.to_torch(fetch_lib.feed_array(t, args[i]), d)
                           for i, t, d in order])
            return mapper.build([fetch_lib.to_numpy(v) for v in values])

        return call

    def partial_run_setup(self, fetches, feeds=None):
        """A handle for a step run in parts by `partial_run` (client/partial_run.py)."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        return partial_run_lib.setup(self, fetches, feeds)

    def partial_run(self, handle, fetches, feed_dict=None):
        """Continues the step `handle`: feeds `feed_dict`, returns `fetches`' values."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        return partial_run_lib.run(self, handle, fetches, feed_dict)

    # -- lifetime ----------------------------------------------------------------------
    def close(self):
        self._closed = True
        self._plans.clear()
        self._single.clear()
        self._state.close()
        self._state = SessionState()

    def as_default(self):
        """Makes this the default session (for `Tensor.eval()` / `Operation.run()`)."""
        return _DefaultSessionContext(self)

    def __enter__(self):
        graph_ctx = self._graph.as_default()
        graph_ctx.__enter__()
        session_ctx = self.as_default()
        session_ctx.__enter__()
        self._context_stack.append((graph_ctx, session_ctx))
        return self

    def __exit__(self, exc_type, exc_value, tb):
        graph_ctx, session_ctx = self._context_stack.pop()
        session_ctx.__exit__(exc_type, exc_value, tb)
        graph_ctx.__exit__(exc_type, exc_value, tb)
        self.close()

    def __del__(self):
        self._closed = True

    @staticmethod
    def reset(target, containers=None, config=None):
        """Accepted for API compatibility: there is no server-side state to reset."""


class Session(BaseSession):
    __doc__ = BaseSession.__doc__


class InteractiveSession(BaseSession):
    """A session that installs itself as the default on construction (TF1 semantics), so
    `t.eval()` and `op.run()` work without a `with` block."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        self._default_ctx = self.as_default()
        self._default_ctx.__enter__()
        self._graph_ctx = self._graph.as_default()
        self._graph_ctx.__enter__()

    def close(self):
        if not self._closed and getattr(self, "_default_ctx", None) is not None:
            self._default_ctx.__exit__(None, None, None)
            try:
                self._graph_ctx.__exit__(None, None, None)
            except IndexError:
                pass
        super().close()


class _DeviceAttributes:
    def __init__(self, name):
        self.name = name
        self.device_type = name.rsplit("/device:", 1)[1].split(":")[0]
        self.memory_limit_bytes = 0
        self.incarnation = 0

    def __repr__(self):
        return "_DeviceAttributes(%s, %s, %d, %d)" % (self.name, self.device_type,
                                                      self.memory_limit_bytes, self.incarnation)


def _first(values):
    return values[0]


def _expand_sparse_args(keys, args, count):
    args = [v for key, arg in zip(keys, args) for _, v in fetch_lib.expand_feed(key, arg)]
    if len(args) != count:
        raise ValueError("A value fed for a SparseTensor must have its indices, values and "
                         "dense_shape (a tf.SparseTensorValue or a triple)")
    return args


def _run_using_default_session(element, feed_dict, graph, session=None):
    """What `Tensor.eval()` and `Operation.run()` do (framework/default_session.py)."""
    return default_session.run_using_default_session(
        element, feed_dict, graph, session, "tensor" if isinstance(element, Tensor) else None)
