"""`tf.keras.backend` in TF1 graph mode: the Keras session, the learning phase, per-graph name
uids, float settings, Keras variables and placeholders, `function`, and the tensor helpers Keras
code calls through `K` (each one tfcompat op, named as TF's).

The Keras session is a `tf.Session` on the default graph that Keras owns; `get_session()`
returns the default session when one is active, and before handing a session out runs the
initializers of the Keras-created variables that are not yet initialized (as TF's does), so
`model.fit` works without `tf.global_variables_initializer()`.
"""
from __future__ import annotations

import contextlib
import numbers
import warnings
import weakref

import numpy as np

from tfcompat import _unsupported
from tfcompat import variables as variables_lib
from tfcompat.client.session import Session
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.convert import constant as _constant
from tfcompat.framework.default_session import get_default_session
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import math_ops
from tfcompat.ops import random_ops
from tfcompat.ops import sparse_ops
from tfcompat.ops import state_ops
from tfcompat.ops.control_flow_ops import group
from tfcompat.layers import base as _layers_base
from tfcompat.layers.base import smart_cond as _smart_cond
from tfcompat.keras._backend_ops import *  # noqa: F401,F403  (K.dot, K.sum, ...)
from tfcompat.keras._backend_more import *  # noqa: F401,F403  (K.conv2d, K.reverse, ...)
from tfcompat.keras._backend_extra import *  # noqa: F401,F403  (K.ctc_batch_cost, ...)
from tfcompat.keras._backend_3d import *  # noqa: F401,F403  (K.conv3d, K.local_conv2d, ...)

_FLOATX = "float32"
_EPSILON = 1e-7
_IMAGE_DATA_FORMAT = "channels_last"
_MANUAL_VAR_INIT = False


class _SessionHolder:
    session = None


_SESSION = _SessionHolder()
_GRAPH_LEARNING_PHASES = weakref.WeakKeyDictionary()   # graph -> placeholder or 0/1
_GRAPH_UIDS = _layers_base.OBJECT_NAME_UIDS             # graph -> {key: count}, tf.layers' too
_GRAPH_VARIABLES = _layers_base.TRACKED_VARIABLES     # graph -> [Keras-created variables]
_GRAPH_TF_OPTIMIZERS = weakref.WeakKeyDictionary()     # graph -> [wrapped tf.train optimizers]
_GRAPH_SESSION_HOOKS = weakref.WeakKeyDictionary()     # graph -> [fn(session)] (get_session)


def get_graph():
    return graph_lib.get_default_graph()


# -- settings ------------------------------------------------------------------------------------
def floatx():
    """The default float type name, 'float32' unless `set_floatx` changed it."""
    return _FLOATX


def set_floatx(value):
    global _FLOATX
    if value not in {"float16", "bfloat16", "float32", "float64"}:
        raise ValueError("Unknown floatx type: " + str(value))
    _FLOATX = str(value)


def epsilon():
    return _EPSILON


def backend():
    """The backend's name: Keras programs branch on `K.backend() == 'tensorflow'`."""
    return "tensorflow"


def set_epsilon(value):
    global _EPSILON
    _EPSILON = value


def image_data_format():
    return _IMAGE_DATA_FORMAT


def set_image_data_format(data_format):
    global _IMAGE_DATA_FORMAT
    if data_format not in {"channels_last", "channels_first"}:
        raise ValueError("Unknown data_format: " + str(data_format))
    _IMAGE_DATA_FORMAT = str(data_format)


def normalize_data_format(value):
    value = image_data_format() if value is None else value
    data_format = value.lower()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError('The `data_format` argument must be one of "channels_first", '
                         '"channels_last". Received: ' + str(value))
    return data_format


def manual_variable_initialization(value):
    global _MANUAL_VAR_INIT
    _MANUAL_VAR_INIT = value


# -- names ---------------------------------------------------------------------------------------
def _uid_map():
    return _layers_base.object_name_uids(get_graph())


def get_uid(prefix=""):
    """1, 2, ... for each call with `prefix` in the current graph (`input_1`, `input_2`)."""
    uids = _uid_map()
    uids[prefix] += 1
    return uids[prefix]


def reset_uids():
    _GRAPH_UIDS.pop(get_graph(), None)


def unique_object_name(name, zero_based=True, avoid_names=None):
    """`dense`, `dense_1`, ... (zero-based) per graph, as Keras names layers and models."""
    uids = _uid_map()
    avoid_names = avoid_names or set()
    proposed = None
    while proposed is None or proposed in avoid_names:
        key = ("", name)
        if zero_based:
            number = uids[key]
            proposed = name + "_" + str(number) if number else name
            uids[key] += 1
        else:
            uids[key] += 1
            proposed = name + "_" + str(uids[key])
    return proposed


name_scope = graph_lib.name_scope   # TF binds K.name_scope to tf.name_scope (compat.v1)


# -- session -------------------------------------------------------------------------------------
def _get_session():
    default = get_default_session()
    if default is not None:
        return default
    if _SESSION.session is None or _SESSION.session.graph is not get_graph():
        _SESSION.session = Session()
    return _SESSION.session


def get_session():
    """The session Keras runs in: the default session if any, else Keras' own one on the
    default graph; initializes the Keras variables not yet initialized."""
    session = _get_session()
    if not _MANUAL_VAR_INIT:
        with session.graph.as_default():
            _initialize_variables(session)
    for hook in list(_GRAPH_SESSION_HOOKS.get(session.graph, ())):
        hook(session)
    return session


def _add_session_hook(graph, hook):
    """Runs `hook(session)` in every `get_session()` on `graph`, after the initialization:
    `load_weights` restores variables made after it this way (checkpoint_object_keras.py)."""
    _GRAPH_SESSION_HOOKS.setdefault(graph, []).append(hook)


def _remove_session_hook(graph, hook):
    hooks = _GRAPH_SESSION_HOOKS.get(graph, [])
    if hook in hooks:
        hooks.remove(hook)


def set_session(session):
    _SESSION.session = session


def _initialize_variables(session):
    graph = get_graph()
    variables = list(_GRAPH_VARIABLES.get(graph, []))
    for optimizer in _GRAPH_TF_OPTIMIZERS.get(graph, []):
        variables += optimizer.variables()          # its slots, made when the model trains
    candidates = [v for v in variables if not getattr(v, "_keras_initialized", False)]
    if not candidates:
        return
    flags = session.run([variables_lib.is_variable_initialized(v) for v in candidates])
    pending = []
    for flag, variable in zip(flags, candidates):
        if not flag:
            pending.append(variable)
        variable._keras_initialized = True
    if pending:
        session.run(variables_lib.variables_initializer(pending))


track_variable = _layers_base.track_variable   # records a variable get_session() initializes


def track_tf_optimizer(optimizer):
    """Records a `tf.train.Optimizer` Keras trains with, so `get_session()` initializes its
    slot variables too (as TF's Keras does for a TFOptimizer)."""
    tracked = _GRAPH_TF_OPTIMIZERS.setdefault(get_graph(), [])
    if optimizer not in tracked:
        tracked.append(optimizer)


def clear_session():
    """Resets the default graph, Keras' name uids, learning phase and session."""
    graph_lib.reset_default_graph()
    reset_uids()
    if _SESSION.session is not None:
        _SESSION.session.close()
    _SESSION.session = None


# -- learning phase ------------------------------------------------------------------------------
def learning_phase():
    """The `keras_learning_phase` placeholder_with_default(False) of the graph, or the 0/1 value
    `set_learning_phase` fixed."""
    graph = get_graph()
    if graph not in _GRAPH_LEARNING_PHASES:
        with graph_lib.name_scope(None):
            _GRAPH_LEARNING_PHASES[graph] = array_ops.placeholder_with_default(
                False, shape=(), name="keras_learning_phase")
    return _GRAPH_LEARNING_PHASES[graph]


def symbolic_learning_phase():
    phase = learning_phase()
    return phase if hasattr(phase, "op") else None


def set_learning_phase(value):
    if value not in {0, 1}:
        raise ValueError("Expected learning phase to be 0 or 1.")
    _GRAPH_LEARNING_PHASES[get_graph()] = value


@contextlib.contextmanager
def learning_phase_scope(value):
    """The learning phase fixed to `value` (0 or 1) inside the block, restored after it."""
    warnings.warn("`tf.keras.backend.learning_phase_scope` is deprecated and will be removed "
                  "after 2020-10-11. To update it, simply pass a True/False value to the "
                  "`training` argument of the `__call__` method of your layer or model.",
                  stacklevel=3)
    if value not in {0, 1}:
        raise ValueError("Expected learning phase to be 0 or 1.")
    graph = get_graph()
    previous = _GRAPH_LEARNING_PHASES.get(graph)
    _GRAPH_LEARNING_PHASES[graph] = value
    try:
        yield
    finally:
        if previous is None:
            del _GRAPH_LEARNING_PHASES[graph]
        else:
            _GRAPH_LEARNING_PHASES[graph] = previous


# -- variables and placeholders ------------------------------------------------------------------
def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None, ragged=False):
    """A Keras placeholder (`tf.placeholder` with `floatx()` by default; with `sparse`, a
    `tf.sparse_placeholder`, fed a `tf.SparseTensorValue`)."""
    if ragged:
        raise _unsupported.UnsupportedAPIError("tf.keras.backend.placeholder(ragged=True)")
    dtype = dtype or floatx()
    if shape is None and ndim:
        shape = (None,) * ndim
    if sparse:
        return sparse_ops.sparse_placeholder(dtype, shape=shape, name=name)
    x = array_ops.placeholder(dtype, shape=shape, name=name)
    x._keras_shape = tuple(TensorShape(shape).as_list()) if shape is not None else None
    return x


def is_placeholder(x):
    return hasattr(x, "op") and x.op.type in ("Placeholder", "PlaceholderWithDefault")


def variable(value, dtype=None, name=None, constraint=None):
    """A Keras variable (initialized by `get_session()`), holding `value`."""
    dtype = dtypes.as_dtype(dtype or floatx())
    if hasattr(value, "op"):
        init = value
    else:
        init = np.asarray(value, dtype=dtype.as_numpy_dtype)
    v = variables_lib.Variable(init, dtype=dtype, name=name, constraint=constraint,
                               use_resource=True)
    track_variable(v)
    return v


def eval(x):  # noqa: A001  (Keras' name)
    """The value of a variable or tensor, as a numpy array."""
    return get_value(to_dense(x))


def eye(size, dtype=None, name=None):
    """A Keras variable holding the `size` x `size` identity matrix."""
    return variable(np.eye(size), dtype or floatx(), name)


def get_value(x):
    # as TF: what is not a tensor or variable (a Python number, an array) comes back as it is
    if x is None or isinstance(x, (numbers.Number, np.ndarray, np.generic, list, tuple, str)):
        return x
    return get_session().run(x)


def batch_get_value(tensors):
    return get_session().run(list(tensors)) if tensors else []


def _assign_feed(x, value):
    value = np.asarray(value, dtype=dtypes.as_dtype(x.dtype).base_dtype.as_numpy_dtype)
    if getattr(x, "_assign_placeholder", None) is None:
        with x.graph.as_default():
            x._assign_placeholder = array_ops.placeholder(x.dtype.base_dtype, shape=x.shape)
            x._assign_op = state_ops.assign(x, x._assign_placeholder)
    return x._assign_op, {x._assign_placeholder: value}


def set_value(x, value):
    op, feed = _assign_feed(x, value)
    get_session().run(op, feed_dict=feed)


def batch_set_value(tuples):
    ops, feed = [], {}
    for x, value in tuples:
        op, part = _assign_feed(x, value)
        ops.append(op)
        feed.update(part)
    if ops:
        get_session().run(ops, feed_dict=feed)


def int_shape(x):
    try:
        return tuple(x.shape.as_list())
    except ValueError:
        return None


def ndim(x):
    return x.shape.ndims


def dtype(x):
    return dtypes.as_dtype(x.dtype).base_dtype.name


def count_params(x):
    return int(np.prod(x.shape.as_list()))


def is_keras_tensor(x):
    return hasattr(x, "_keras_history")


# -- function ------------------------------------------------------------------------------------
class GraphExecutionFunction:
    """`K.function(inputs, outputs, updates)`: runs `outputs` and `updates` in the Keras session
    with `inputs` fed from a list of arrays."""

    def __init__(self, inputs, outputs, updates=None, name=None, **session_kwargs):
        self.inputs = list(inputs)
        self._outputs_structure = outputs
        self.outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        updates = [u[0].assign(u[1]) if isinstance(u, tuple) else u for u in updates or []]
        with graph_lib.control_dependencies(self.outputs):
            # NOTE: a `group_deps` even without updates, as TF's (its name is taken)
            self.updates_op = group(*updates)
        self.name = name
        self.feed_dict = session_kwargs.pop("feed_dict", None) or {}
        self.fetches = session_kwargs.pop("fetches", [])
        self.session_kwargs = session_kwargs

    def __call__(self, inputs):
        inputs = inputs if isinstance(inputs, (list, tuple)) else [inputs]
        feed = dict(self.feed_dict)
        for tensor, value in zip(self.inputs, inputs):
            if value is None:
                continue
            feed[tensor] = value
        fetches = self.outputs + ([self.updates_op] if self.updates_op is not None else [])
        results = get_session().run(fetches + list(self.fetches), feed_dict=feed,
                                    **self.session_kwargs)
        if not isinstance(self._outputs_structure, (list, tuple)):
            return results[0]    # as TF: one output tensor gives its value, not a list
        return results[:len(self.outputs)]


def function(inputs, outputs, updates=None, name=None, **kwargs):
    for key in kwargs:
        # TF 1.15 checks them against `Session.run`'s arguments (`fetches` among them)
        if key not in ("fetches", "feed_dict", "options", "run_metadata"):
            raise ValueError('Invalid argument "%s" passed to K.function with TensorFlow '
                             "backend" % key)
    return GraphExecutionFunction(inputs, outputs, updates=updates, name=name, **kwargs)


# -- tensor helpers (K.*): the stateless ones are in _backend_ops ------------------------------
def cast(x, dtype):
    return math_ops.cast(x, dtype)


def cast_to_floatx(x):
    return np.asarray(x, dtype=floatx())


def constant(value, dtype=None, shape=None, name=None):
    return _constant(value, dtype=dtype or floatx(), shape=shape, name=name)


def zeros(shape, dtype=None, name=None):
    return variable(np.zeros(shape), dtype, name)


def ones(shape, dtype=None, name=None):
    return variable(np.ones(shape), dtype, name)


def zeros_like(x, dtype=None, name=None):
    return array_ops_join.zeros_like(x, dtype=dtype, name=name)


def ones_like(x, dtype=None, name=None):
    return array_ops_join.ones_like(x, dtype=dtype, name=name)


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    return random_ops.random_uniform(shape, minval, maxval, dtype=dtype or floatx(), seed=seed)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return random_ops.random_normal(shape, mean, stddev, dtype=dtype or floatx(), seed=seed)


def in_train_phase(x, alt, training=None):
    """`x` when training (the learning phase by default), else `alt`."""
    training = learning_phase() if training is None else training
    if isinstance(training, (bool, int)):
        chosen = x if training else alt
        return chosen() if callable(chosen) else chosen
    return _smart_cond(training, x if callable(x) else (lambda: x),
                       alt if callable(alt) else (lambda: alt))


def in_test_phase(x, alt, training=None):
    return in_train_phase(alt, x, training=training)



__getattr__ = _unsupported.missing_attr("keras.backend", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('keras.backend', __name__)   # TF's names, not this module's imports
