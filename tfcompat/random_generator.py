"""`tf.random.Generator` (and `get_global_generator` / `set_global_generator`): an RNG whose
state (Philox: a 128-bit counter and a 64-bit key, as 3 int64 words) lives in a variable,
`random_generator/StateVar`. Each draw of n values reads the state and advances the counter by
256 * n blocks (TF's RngReadAndSkip), then runs the stateless V2 op on the (key, counter) it
read, so a generator gives TF's numbers for the same state.

TF keeps the state in a resource variable; tfcompat keeps it in a (ref) variable, read and
advanced by one op, `_RngReadAndSkip`, which does what TF's RngReadAndSkip does to it.
"""
from __future__ import annotations

import numpy as np

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops import state_ops
from tfcompat.ops.array_misc_ops import bitcast
from tfcompat.ops.array_ops_join import concat
from tfcompat.ops.array_ops_join import stack
from tfcompat.ops.array_ops_join import unstack
from tfcompat.ops.random_more_ops import rng_read_and_skip
from tfcompat.ops.random_more_ops import stateful_random_binomial
from tfcompat.ops.stateless_random_more import _uint_to_int
from tfcompat.ops.stateless_random_more import create_rng_state
from tfcompat.ops.stateless_random_ops import Algorithm
from tfcompat.ops.stateless_random_ops import convert_alg_to_int
from tfcompat.ops.stateless_random_ops import unsupported_alg_error_msg
from tfcompat.variables import Variable

_STATE_SIZES = {1: 3, 2: 2, 3: 3}


def _state_size(alg):
    if alg not in _STATE_SIZES:
        raise ValueError(unsupported_alg_error_msg(alg))
    return _STATE_SIZES[alg]


def _to_state_tensor(value):
    if isinstance(value, (list, tuple)):
        value = [_uint_to_int(v) for v in value]
    elif isinstance(value, int):
        value = _uint_to_int(value)
    return math_ops.cast(value, dtypes.int64)


def _shape_tensor(shape):
    dtype = dtypes.int64 if isinstance(shape, (tuple, list)) and not shape else None
    return convert_to_tensor(shape, dtype=dtype, name="shape")


class Generator:
    """TF2's RNG object, usable in TF1 graphs: `Generator.from_seed(1).normal([3])`."""

    @classmethod
    def from_state(cls, state, alg):
        return cls(alg=alg, state=state)

    @classmethod
    def from_seed(cls, seed, alg=None):
        alg = convert_alg_to_int(Algorithm.PHILOX if alg is None else alg)
        return cls(state=create_rng_state(seed, alg), alg=alg)

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        alg = convert_alg_to_int(Algorithm.PHILOX if alg is None else alg)
        words = np.random.SeedSequence().generate_state(_state_size(alg), np.uint64)
        return cls(state=[_uint_to_int(int(w)) for w in words], alg=alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg):
        alg = convert_alg_to_int(alg)
        counter, key = _to_state_tensor(counter), _to_state_tensor(key)
        counter.shape.assert_is_compatible_with([_state_size(alg) - 1])
        key.shape.assert_is_compatible_with([])
        return cls(state=concat([counter, array_ops.reshape(key, [1])], 0), alg=alg)

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            if alg is not None or state is not None:
                raise ValueError("Generator(copy_from=...) takes no state or alg")
            self._state_var = self._create_variable(copy_from.state)
            self._alg = copy_from.algorithm
        else:
            if alg is None or state is None:
                raise ValueError("Generator needs both a state and an alg (or copy_from); use "
                                 "Generator.from_seed(seed) for a seeded one")
            alg = convert_alg_to_int(alg)
            if isinstance(state, Variable):
                state.shape.assert_is_compatible_with([_state_size(alg)])
                self._state_var = state
            else:
                state = _to_state_tensor(state)
                state.shape.assert_is_compatible_with([_state_size(alg)])
                self._state_var = self._create_variable(state)
            self._alg = alg

    @staticmethod
    def _create_variable(initial):
        with name_scope("random_generator"):
            return Variable(initial, dtype=dtypes.int64, trainable=False, name="StateVar")

    # -- state ------------------------------------------------------------------------------

    @property
    def state(self):
        return self._state_var

    @property
    def algorithm(self):
        return self._alg

    @property
    def key(self):
        return self._state_var[-1]

    def _assign(self, state):
        return state_ops.assign(self._state_var, state)

    def reset(self, state):
        state = _to_state_tensor(state)
        state.shape.assert_is_compatible_with([_state_size(self.algorithm)])
        return self._assign(state)

    def reset_from_seed(self, seed):
        return self._assign(create_rng_state(seed, self.algorithm))

    def reset_from_key_counter(self, key, counter):
        counter, key = _to_state_tensor(counter), _to_state_tensor(key)
        counter.shape.assert_is_compatible_with([_state_size(self.algorithm) - 1])
        key.shape.assert_is_compatible_with([])
        return self._assign(concat([counter, array_ops.reshape(key, [1])], 0))

    def skip(self, delta):
        """Advances the counter as `delta` draws would; returns the state before."""
        return rng_read_and_skip(self._state_var, self.algorithm, delta)

    def _prepare_key_counter(self, shape):
        counter_key = self.skip(reduction_ops.reduce_prod(shape))
        size = _state_size(self.algorithm) - 1
        counter = bitcast(counter_key[:size], dtypes.uint64)
        key = bitcast(counter_key[size:size + 1], dtypes.uint64)
        return key, counter

    # -- draws --------------------------------------------------------------------------------

    def _stateless(self, op_type, shape, dtype, *bounds, name=None):
        key, counter = self._prepare_key_counter(shape)
        attrs = {} if bounds else {"dtype": dtype}
        return apply_op(op_type, [shape, key, counter, self.algorithm] + list(bounds),
                        name=name, **attrs)

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        with name_scope(name, "stateful_normal", [shape, mean, stddev]) as scope:
            shape = _shape_tensor(shape)
            mean = convert_to_tensor(mean, dtype=dtype, name="mean")
            stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
            rnd = self._stateless("StatelessRandomNormalV2", shape, dtypes.as_dtype(dtype))
            return math_ops.add(rnd * stddev, mean, name=scope)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        with name_scope(name, "truncated_normal", [shape, mean, stddev]) as scope:
            shape = _shape_tensor(shape)
            mean = convert_to_tensor(mean, dtype=dtype, name="mean")
            stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
            rnd = self._stateless("StatelessTruncatedNormalV2", shape, dtypes.as_dtype(dtype))
            return math_ops.add(rnd * stddev, mean, name=scope)

    def uniform(self, shape, minval=0, maxval=None, dtype=dtypes.float32, name=None):
        dtype = dtypes.as_dtype(dtype)
        if dtype.is_integer and (minval is None) != (maxval is None):
            raise ValueError("For integer dtype %s, minval and maxval must be both `None` or "
                             "both non-`None`; got minval=%s and maxval=%s"
                             % (dtype, minval, maxval))
        if not dtype.is_integer and maxval is None:
            maxval = 1
        with name_scope(name, "stateful_uniform", [shape, minval, maxval]) as scope:
            shape = _shape_tensor(shape)
            if dtype.is_integer and minval is None:
                return self._stateless("StatelessRandomUniformFullIntV2", shape, dtype,
                                       name=scope)
            minval = convert_to_tensor(minval, dtype=dtype, name="min")
            maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
            if dtype.is_integer:
                return self._stateless("StatelessRandomUniformIntV2", shape, dtype, minval,
                                       maxval, name=scope)
            rnd = self._stateless("StatelessRandomUniformV2", shape, dtype)
            return math_ops.add(rnd * (maxval - minval), minval, name=scope)

    def uniform_full_int(self, shape, dtype=dtypes.uint64, name=None):
        dtype = dtypes.as_dtype(dtype)
        with name_scope(name, "stateful_uniform_full_int", [shape]) as scope:
            return self._stateless("StatelessRandomUniformFullIntV2", _shape_tensor(shape),
                                   dtype, name=scope)

    def binomial(self, shape, counts, probs, dtype=dtypes.int32, name=None):
        """Binomial(counts, probs) samples of `shape` (ending with their broadcast shape)."""
        with name_scope(name, "binomial", [shape, counts, probs]) as scope:
            counts = convert_to_tensor(counts, name="counts")
            probs = convert_to_tensor(probs, name="probs")
            return stateful_random_binomial(self._state_var, self.algorithm,
                                            _shape_tensor(shape), counts, probs, dtype=dtype,
                                            name=scope)

    def make_seeds(self, count=1):
        keys = self.uniform_full_int(shape=[count], dtype=dtypes.int64)
        return stack([keys, array_ops.zeros_like(keys)])

    def split(self, count=1):
        keys = self.uniform_full_int(shape=[count], dtype=dtypes.int64)
        zeros = [0] * (_state_size(self.algorithm) - 1)
        return [Generator(state=concat([math_ops.cast(zeros, dtypes.int64),
                                        array_ops.reshape(key, [1])], 0), alg=self.algorithm)
                for key in unstack(keys, num=count)]


_GLOBAL = {"generator": None}


def get_global_generator():
    """TF `tf.random.get_global_generator`: the process's generator (from a non-deterministic
    state until `set_global_generator`)."""
    if _GLOBAL["generator"] is None:
        _GLOBAL["generator"] = Generator.from_non_deterministic_state()
    return _GLOBAL["generator"]


def set_global_generator(generator):
    """TF `tf.random.set_global_generator`: replaces the global generator (old references
    keep drawing from the old one)."""
    _GLOBAL["generator"] = generator
