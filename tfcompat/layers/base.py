"""`tf.layers.Layer`: the TF1 legacy layer base (tf_keras's legacy_tf_layers.base in graph mode).

A layer owns a variable scope, captured on first use (`dense`, `dense_1`, ... or its `name`);
its variables are made with `tf.get_variable` inside that scope, and its ops go in the scope's
original name scope, so names match TF1 (`dense/kernel`, `dense/MatMul`). Later calls reuse the
variables. Update ops (batch-norm moving averages) go to the UPDATE_OPS collection and weight
regularization losses to REGULARIZATION_LOSSES, as in TF.
"""
from __future__ import annotations

import collections
import functools
import re
import weakref

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.framework.default_session import get_default_session
from tfcompat.layers.keras_members import KerasLayerMembers
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops.control_flow_ops import cond
from tfcompat.variable_scope import VariableScope
from tfcompat.variable_scope import get_variable
from tfcompat.variable_scope import variable_scope

# graph -> {(namespace, name): count}: Keras's per-graph name counts (its backend's
# PER_GRAPH_OBJECT_NAME_UIDS), which TF's tf.layers layers share: a tf.layers.Dense named
# `dense_1` makes the next Keras Dense `dense_1` too, and its variables `dense_1/kernel`
OBJECT_NAME_UIDS = weakref.WeakKeyDictionary()


def object_name_uids(graph):
    return OBJECT_NAME_UIDS.setdefault(graph, collections.defaultdict(int))


# graph -> [variables]: those Keras's `get_session()` initializes (its backend's
# `_GRAPH_VARIABLES`). TF's tf.layers layers and tf.nn.rnn_cell cells are Keras layers, whose
# `add_weight` tracks each variable there, so `K.get_session()` initializes theirs too
TRACKED_VARIABLES = weakref.WeakKeyDictionary()


def track_variable(variable):
    tracked = TRACKED_VARIABLES.setdefault(variable.graph, [])
    if variable not in tracked:
        tracked.append(variable)


def _to_snake_case(name: str) -> str:
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return insecure if insecure[0] != "_" else "private" + insecure


def _unique_layer_name(base: str) -> str:
    """`dense_1`, `dense_2`, ... per graph (TF's layer names are 1-based; scopes are not),
    counted with Keras's zero-based names (`dense`, `dense_1`, ...)."""
    uids = object_name_uids(graph_lib.get_default_graph())
    uids[("", base)] += 1
    return "%s_%d" % (base, uids[("", base)])


def smart_cond(pred, true_fn, false_fn, name=None):
    """TF's `smart_cond`: calls one branch directly when `pred` is known at build time."""
    if isinstance(pred, bool) or pred is None:
        return true_fn() if pred else false_fn()
    value = constant_value(pred) if hasattr(pred, "op") else bool(pred)
    if value is not None:
        return true_fn() if bool(value) else false_fn()
    return cond(pred, true_fn, false_fn, name=name)


def static_value(pred):
    """The Python value of a bool/tensor `pred`, or None when only known at run time."""
    if pred is None or isinstance(pred, (bool, int)):
        return pred
    value = constant_value(pred) if hasattr(pred, "op") else pred
    return None if value is None else bool(value)


class InputSpec:
    """`tf.layers.InputSpec` = `tf.keras.layers.InputSpec` (one class in TF): the dtype, rank
    and axis sizes a layer accepts."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None,
                 axes=None, allow_last_axis_squeeze=False, name=None):
        self.dtype = dtypes.as_dtype(dtype).name if dtype is not None else None
        self.shape = tuple(shape) if shape is not None else None
        self.ndim = len(shape) if shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.name = name
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.axes = {int(k): v for k, v in (axes or {}).items()}

    def __repr__(self):
        spec = [("dtype=" + str(self.dtype)) if self.dtype else "",
                ("shape=" + str(self.shape)) if self.shape else "",
                ("ndim=" + str(self.ndim)) if self.ndim else "",
                ("max_ndim=" + str(self.max_ndim)) if self.max_ndim else "",
                ("min_ndim=" + str(self.min_ndim)) if self.min_ndim else "",
                ("axes=" + str(self.axes)) if self.axes else ""]
        return "InputSpec(%s)" % ", ".join(x for x in spec if x)

    def get_config(self):
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim,
                "max_ndim": self.max_ndim, "min_ndim": self.min_ndim, "axes": self.axes}


def _check_input_spec(layer, spec, x):
    if spec is None:
        return
    shape = x.shape
    rank = shape.ndims
    where = 'Input 0 of layer "%s" is incompatible with the layer: ' % layer.name
    if spec.ndim is not None and rank is not None and rank != spec.ndim:
        raise ValueError(where + "expected ndim=%d, found ndim=%d. Full shape received: %s"
                         % (spec.ndim, rank, tuple(shape)))   # TF prints the Dimensions
    if spec.min_ndim is not None and rank is not None and rank < spec.min_ndim:
        raise ValueError(where + "expected min_ndim=%d, found ndim=%d. Full shape received: %s"
                         % (spec.min_ndim, rank, tuple(shape)))
    for axis, value in spec.axes.items():
        if rank is None:
            continue
        dim = shape.as_list()[axis]
        if dim is not None and value is not None and dim != value:
            raise ValueError(where + "expected axis %d of input shape to have value %d, but "
                             "received input with shape %s" % (axis, value,
                                                              tuple(shape.as_list())))


class Layer(KerasLayerMembers):
    """Base class of the `tf.layers` layers (TF1 `tf.layers.Layer`); subclasses implement
    `build(input_shape)` and `call(inputs, ...)`.

    >>> y = tf.layers.Dense(4, name='fc')(tf.zeros([2, 3]))
    >>> y.name
    'fc/BiasAdd:0'
    """

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        scope = kwargs.pop("_scope", None)
        self._reuse = kwargs.pop("_reuse", None)
        kwargs.pop("autocast", None)
        activity_regularizer = kwargs.pop("activity_regularizer", None)
        kwargs.pop("input_shape", None)
        if kwargs:
            raise TypeError("Keyword argument not understood: %s" % sorted(kwargs)[0])
        self.trainable = trainable
        self.built = False
        self._dtype = None if dtype is None else dtypes.as_dtype(dtype)
        self._trainable_weights: list = []
        self._non_trainable_weights: list = []
        self._updates: list = []
        self._losses: list = []
        self._callable_losses: list = []   # weight regularizers, rebuilt on each `losses` read
        self.input_spec = None
        self.activity_regularizer = activity_regularizer
        self._init_set_name(name)
        self._current_scope = None
        self._scope = None
        if scope:
            with variable_scope(scope) as captured:
                self._scope = captured

    def _init_set_name(self, name):
        if isinstance(name, VariableScope):
            self._base_name = name.name
            self._name = _unique_layer_name(_to_snake_case(type(self).__name__))
        elif name:
            self._base_name = self._name = name
        else:
            base = _to_snake_case(type(self).__name__)
            self._name, self._base_name = _unique_layer_name(base), base

    # -- properties ------------------------------------------------------------------------
    name = property(lambda self: self._name)
    dtype = property(lambda self: None if self._dtype is None else self._dtype.name)
    updates = property(lambda self: list(self._updates))

    @property
    def losses(self):
        """As TF's Layer.losses: the added losses, then each weight regularizer's loss built
        anew (new ops in the current name scope, `kernel/Regularizer_1/...`) on every read."""
        return list(self._losses) + [loss for loss in (fn() for fn in self._callable_losses)
                                     if loss is not None]

    @property
    def scope_name(self):
        if not self._scope:
            raise ValueError('No name available for layer scope because the layer "%s" has not '
                             "been used yet. The scope name  is determined the first time the "
                             "layer instance is called. You must therefore call the layer "
                             "before querying `scope_name`." % self._name)
        return self._scope.name

    @property
    def trainable_weights(self):
        return list(self._trainable_weights) if self.trainable else []

    @property
    def non_trainable_weights(self):
        if self.trainable:
            return list(self._non_trainable_weights)
        return list(self._trainable_weights) + list(self._non_trainable_weights)

    @property
    def weights(self):
        return self.trainable_weights + self.non_trainable_weights

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    def count_params(self):
        import numpy as np
        return int(sum(np.prod(w.shape.as_list()) for w in self.weights))

    def get_weights(self):
        return get_default_session().run(self.weights)

    # -- scopes and weights ----------------------------------------------------------------
    def _set_scope(self, scope=None):
        if self._scope is None:
            if self._reuse:
                with variable_scope(scope if scope is not None else self._base_name) as captured:
                    self._scope = captured
            else:
                with variable_scope(scope, default_name=self._base_name) as captured:
                    self._scope = captured

    def _name_scope(self):
        return self._current_scope.original_name_scope

    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None,
                   trainable=None, constraint=None, partitioner=None, use_resource=None,
                   synchronization=None, aggregation=None, **kwargs):
        """Creates (or on reuse, gets) a variable `<layer scope>/<name>` with `get_variable`."""
        trainable = True if trainable is None else trainable
        dtype = dtypes.as_dtype(dtype or self._dtype or dtypes.float32)
        self._set_scope(None)
        reuse = self.built or self._reuse
        graph = graph_lib.get_default_graph()
        existing = set(graph.get_collection(GraphKeys.GLOBAL_VARIABLES))
        with variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as scope:
            self._current_scope = scope
            with graph.name_scope(self._name_scope()):
                variable = get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                                        trainable=trainable and self.trainable,
                                        constraint=constraint, partitioner=partitioner)
                if regularizer is not None and variable not in existing:
                    self._add_weight_regularizer(name, variable, regularizer)
        for part in getattr(variable, "_variable_list", None) or [variable]:
            track_variable(part)
        if trainable and self.trainable and variable in graph.get_collection(
                GraphKeys.TRAINABLE_VARIABLES):
            self._trainable_weights.append(variable)
        else:
            self._non_trainable_weights.append(variable)
        return variable

    add_variable = add_weight  # the TF 1.x name

    def _add_weight_regularizer(self, name, variable, regularizer):
        """TF's _handle_weight_regularization: one callable loss a variable (a part of a
        partitioned one); the collection gets the loss built now, in the layer's scope."""
        def loss_for(v):
            with graph_lib.name_scope(name + "/Regularizer"):
                return regularizer(v)

        graph = graph_lib.get_default_graph()
        for part in getattr(variable, "_variable_list", None) or [variable]:
            fn = functools.partial(loss_for, part)
            self._callable_losses.append(fn)
            loss = fn()
            if loss is not None and loss not in graph.get_collection(
                    GraphKeys.REGULARIZATION_LOSSES):
                graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)

    def _add_losses(self, losses):
        graph = graph_lib.get_default_graph()
        for loss in losses:
            self._losses.append(loss)
            if loss not in graph.get_collection(GraphKeys.REGULARIZATION_LOSSES):
                graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)

    def add_loss(self, losses, inputs=None):
        losses = losses if isinstance(losses, (list, tuple)) else [losses]
        self._add_losses([loss() if callable(loss) else loss for loss in losses])

    def add_update(self, updates, inputs=None):
        updates = updates if isinstance(updates, (list, tuple)) else [updates]
        for update in updates:
            update = update() if callable(update) else update
            # NOTE: TF collects the update *ops* (an Assign's op, a cond's Merge op).
            self._updates.append(update.op if hasattr(update, "op") and hasattr(
                update, "value_index") else update)

    def get_updates_for(self, inputs):
        return self.updates

    def get_losses_for(self, inputs):
        return self.losses

    # -- calling -------------------------------------------------------------------------------
    def build(self, input_shape):
        self.built = True

    def call(self, inputs, **kwargs):
        return inputs

    def compute_output_shape(self, input_shape):
        raise NotImplementedError

    def apply(self, inputs, *args, **kwargs):
        return self(inputs, *args, **kwargs)

    def __call__(self, inputs, *args, **kwargs):
        scope = kwargs.pop("scope", None)
        self._set_scope(scope)
        reuse = True if self.built else self._reuse
        graph = graph_lib.get_default_graph()
        with variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as vs:
            self._current_scope = vs
            with graph.name_scope(self._name_scope()):
                inputs = _convert_inputs(inputs)
                if not self.built:
                    self._maybe_build(inputs)
                first = inputs[0] if isinstance(inputs, (list, tuple)) else inputs
                _check_input_spec(self, self.input_spec, first)
                outputs = call_in_graph(self, inputs, args, kwargs)
                if self.activity_regularizer is not None:
                    self._activity_loss(outputs)
        collection = graph.get_collection_ref(GraphKeys.UPDATE_OPS)  # TF's: made even if empty
        for update in self._updates:
            if update not in collection:
                collection.append(update)
        return outputs

    def _maybe_build(self, inputs):
        first = inputs[0] if isinstance(inputs, (list, tuple)) else inputs
        # TF's v1 Layer takes its dtype from the first input whatever it is (an int32 input
        # builds int32 kernels, or Dense's TypeError)
        if self._dtype is None and hasattr(first, "dtype"):
            self._dtype = first.dtype.base_dtype
        _check_input_spec(self, self.input_spec, first)
        shapes = [t.shape for t in inputs] if isinstance(inputs, (list, tuple)) else first.shape
        self.build(shapes)
        self.built = True

    def _activity_loss(self, outputs):
        with graph_lib.name_scope("ActivityRegularizer"):
            loss = self.activity_regularizer(outputs)
            batch = math_ops.cast(array_ops.shape(outputs)[0], loss.dtype)
            self._add_losses([math_ops.truediv(loss, batch)])


def _convert_inputs(inputs):
    if isinstance(inputs, (list, tuple)):
        return type(inputs)(_convert_inputs(x) for x in inputs)
    if hasattr(inputs, "_as_graph_element") and hasattr(inputs, "value"):
        return inputs.value()
    if hasattr(inputs, "op"):
        return inputs
    return convert_to_tensor(inputs)


def as_shape(shape) -> TensorShape:
    return shape if isinstance(shape, TensorShape) else TensorShape(shape)


def call_in_graph(layer, inputs, args, kwargs):
    """`layer.call(inputs, *args, **kwargs)` as TF's Layer.__call__ makes it: Python control flow
    on a symbolic tensor inside call() (iterating over it, bool()) becomes TF's TypeError."""
    try:
        return layer.call(inputs, *args, **kwargs)
    except errors.OperatorNotAllowedInGraphError as e:
        if getattr(layer, "dynamic", False):
            raise
        raise TypeError('You are attempting to use Python control flow in a layer that was not '
                        'declared to be dynamic. Pass `dynamic=True` to the class constructor.\n'
                        'Encountered error:\n"""\n' + str(e) + '\n"""')
