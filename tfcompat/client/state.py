"""What a `Session` holds between runs: variable values, random generators and resources
(iterators, queues). The graph holds none of this, so two sessions on one graph are independent.
"""
from __future__ import annotations

import os
import threading

import torch

from tfcompat import errors


_MASK64 = (1 << 64) - 1


def _splitmix64(x):
    x = (x + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def stream_seed(seed, seed2):
    """The torch seed of the stream an op with TF's (`seed`, `seed2`) attrs draws from.

    Both attrs must reach the generator: torch's CPU generator (mt19937) keeps only the low 32
    bits of its seed, so packing them as `seed << 31 ^ seed2` left just `seed`'s parity. A
    well-mixed hash folded to 32 bits selects one stream per (seed, seed2) pair, the same on
    every run. Only for the few seeded ops that do not reproduce TF's own Philox numbers
    (the others read TF's stream through `reserve_philox`)."""
    x = _splitmix64(_splitmix64(int(seed) & _MASK64) ^ (int(seed2) & _MASK64))
    return (x ^ (x >> 32)) & 0xFFFFFFFF


class RandomStreams:
    """Where seeded random ops' streams stand (Philox blocks used, torch generators), for one
    owner: the session, or one tf.data iterator (random_streams)."""

    def __init__(self):
        self.philox_blocks: dict = {}
        self.generators: dict = {}


_CURRENT_STREAMS = threading.local()


class random_streams:  # noqa: N801 - used as a context manager, like a function
    """Random ops run on this thread inside the block draw from `streams`: TF instantiates a
    tf.data function's kernels per iterator, so each iterator (each initialization, each
    one-shot iterator) starts its random ops' streams afresh, while repeat() goes on."""

    def __init__(self, streams):
        self.streams = streams

    def __enter__(self):
        self.previous = getattr(_CURRENT_STREAMS, "streams", None)
        _CURRENT_STREAMS.streams = self.streams

    def __exit__(self, *exc):
        _CURRENT_STREAMS.streams = self.previous


class SessionState:
    """Variable values (keyed by the VariableV2 Operation), per-op RNGs and named resources."""

    def __init__(self):
        self.variables: dict = {}
        self.generators: dict = {}
        self.philox_blocks: dict = {}   # seeded random op -> Philox blocks its runs used
        self.resources: dict = {}
        self.subplans: dict = {}     # (op, key) -> (graph version, Plan) for control flow
        self.lock = threading.RLock()
        self.variable_locks: dict = {}   # VariableV2 op -> its update lock
        self.on_close: list = []   # callables run when the session closes (summary writers)

    def close(self):
        """Runs the `on_close` callables once (TF destroys a session's resources on close)."""
        with self.lock:
            callbacks, self.on_close = self.on_close, []
        for callback in callbacks:
            callback()

    def variable_lock(self, var_op):
        """The lock that serializes read-modify-write updates of one variable."""
        found = self.variable_locks.get(var_op)
        if found is None:
            with self.lock:
                found = self.variable_locks.setdefault(var_op, threading.RLock())
        return found

    def read_variable(self, var_op):
        value = self.variables.get(var_op)
        if value is None:
            raise errors.op_error(errors.FailedPreconditionError, var_op,
                                  "Attempting to use uninitialized value %s" % var_op.name)
        return value

    def is_initialized(self, var_op) -> bool:
        return var_op in self.variables

    def assign(self, var_op, value, device, validate_shape=True):
        """Writes `value` into the variable: in place when shape/dtype/device agree (so
        references taken earlier in the run see it, as with TF's ref variables)."""
        current = self.variables.get(var_op)
        if not isinstance(value, torch.Tensor):  # a tf.string variable holds a numpy array
            self.variables[var_op] = value = value.copy()
            return value
        if (current is not None and current.shape == value.shape
                and current.dtype == value.dtype and current.device == value.device):
            # through .data: a gradient later in the run that saved this variable reads the
            # new value, as TF's kernels read a ref variable's buffer when they run
            # (spectral-norm `u.assign(u_hat)` before the gradient), instead of autograd's
            # "modified by an inplace operation" error
            current.data.copy_(value)
            return current
        new = value.detach().to(device, copy=True)
        self.variables[var_op] = new
        return new

    def _streams(self):
        return getattr(_CURRENT_STREAMS, "streams", None) or self

    def generator(self, op, device):
        generators = self._streams().generators
        gen = generators.get(op)
        if gen is None:
            with self.lock:
                gen = generators.get(op)
                if gen is None:
                    gen = torch.Generator(device=device)
                    seed, seed2 = op._attrs.get("seed", 0), op._attrs.get("seed2", 0)
                    if seed == 0 and seed2 == 0:
                        gen.manual_seed(int.from_bytes(os.urandom(8), "little") >> 1)
                    else:
                        gen.manual_seed(stream_seed(seed, seed2))
                    generators[op] = gen
        return gen


    def reserve_philox(self, op, blocks):
        """The first Philox block of this run of a seeded random op; the op's stream then
        moves on by `blocks` (TF's GuardedPhiloxRandom::ReserveSamples128: a kernel's stream
        lives as long as the session and each run takes a fresh window of it)."""
        blocks_used = self._streams().philox_blocks
        with self.lock:
            start = blocks_used.get(op, 0)
            blocks_used[op] = start + int(blocks)
        return start


class StepContext:
    """The `ctx` a lowering receives: its op, placed device and the session's state."""

    __slots__ = ("op", "device", "state", "create_graph", "retain_graph", "session",
                 "in_grad_region", "used_outputs")

    def __init__(self, op, device, state, session=None):
        self.op = op
        self.device = device
        self.state = state
        self.create_graph = False
        self.retain_graph = False   # another gradient op of the run reuses the autograd graph
        self.session = session
        self.in_grad_region = False  # downstream of the xs of the plan's tf.gradients
        # for ops that compute only what is used (a while loop's variables): the indices of
        # the outputs the plan reads, or None for all
        self.used_outputs = None

    def generator(self):
        return self.state.generator(self.op, self.device)

    def philox_start(self, blocks):
        """This run's first block of the op's Philox stream, which then moves on by `blocks`."""
        return self.state.reserve_philox(self.op, blocks)
