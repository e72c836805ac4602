"""Keras' OptimizerV2 as it builds graphs in TF1 graph mode (tf_keras.optimizers.legacy): hyper
parameters become non-trainable variables (`<scope>/learning_rate`, `<scope>/beta_1`, ...,
created with `iter` and the slots `<scope>/<var name>/<slot>` on the first apply), the update
ops go under `<name>/update_<var name>/`, and each apply ends with `iter += 1`.
`get_updates(loss, params)` is what Keras' `fit` calls; `minimize(loss, var_list)` works on a
loss tensor too (TF1's behaviour; tf_keras 2.x asks for a GradientTape there).
"""
from __future__ import annotations

import warnings

import numpy as np

import tfcompat as tf
from tfcompat.keras import _schedules
from tfcompat.keras import backend
from tfcompat.keras import initializers
from tfcompat.keras._metric_base import to_snake_case

_ALLOWED_KWARGS = {"clipnorm", "clipvalue", "lr", "decay", "global_clipnorm"}


class OptimizerV2:
    """Base class of the Keras optimizers."""

    def __init__(self, name, **kwargs):
        for k in kwargs:
            if k not in _ALLOWED_KWARGS:
                raise TypeError("Unexpected keyword argument passed to optimizer: %s. Allowed "
                                "kwargs are %s." % (k, _ALLOWED_KWARGS))
            if kwargs[k] is not None and kwargs[k] < 0:
                raise ValueError("Expected %s >= 0, received: %s" % (k, kwargs[k]))
            if k == "lr":
                warnings.warn("The `lr` argument is deprecated, use `learning_rate` instead.",
                              stacklevel=3)
        self._use_locking = True
        self._name = name or backend.unique_object_name(to_snake_case(type(self).__name__))
        self._hyper, self._slots, self._slot_names, self._weights = {}, {}, [], []
        self._iterations = None
        self._hypers_created = False
        decay = kwargs.pop("decay", 0.0)
        if decay < 0.0:
            raise ValueError("decay cannot be less than 0. Received: decay=%s." % decay)
        self._initial_decay = decay
        self.clipnorm = kwargs.pop("clipnorm", None)
        self.global_clipnorm = kwargs.pop("global_clipnorm", None)
        self.clipvalue = kwargs.pop("clipvalue", None)
        if self.clipnorm is not None and self.global_clipnorm is not None:
            raise ValueError("Cannot accept both `clipnorm` and `global_clipnorm`. Received: "
                             "`clipnorm`=%s, `global_clipnorm`=%s."
                             % (self.clipnorm, self.global_clipnorm))

    # -- hyper parameters ------------------------------------------------------------------
    def _set_hyper(self, name, value):
        if name not in self._hyper or not isinstance(self._hyper[name], tf.Variable):
            self._hyper[name] = value
        else:
            backend.set_value(self._hyper[name], value)

    def _get_hyper(self, name, dtype=None):
        if not self._hypers_created:
            self._create_hypers()
        value = self._hyper[name]
        if isinstance(value, _schedules.LearningRateSchedule):
            return value
        if callable(value) and not isinstance(value, tf.Variable):
            value = value()
        return tf.cast(value, dtype) if dtype else value

    def __getattr__(self, name):
        hyper = self.__dict__.get("_hyper", {})
        if name in hyper:
            return self._get_hyper(name)
        if name == "lr" and "learning_rate" in hyper:
            return self._get_hyper("learning_rate")
        raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))

    def __setattr__(self, name, value):
        if name == "lr":
            name = "learning_rate"
        if "_hyper" in self.__dict__ and name in self._hyper:
            self._set_hyper(name, value)
        else:
            object.__setattr__(self, name, value)

    def _create_hypers(self):
        if self._hypers_created:
            return
        for name, value in sorted(self._hyper.items()):
            if not (isinstance(value, tf.Variable) or tf.is_tensor(value) or callable(value)):
                self._hyper[name] = self.add_weight(name, shape=[], trainable=False,
                                                    initializer=value)
        self._hypers_created = True

    @property
    def iterations(self):
        if self._iterations is None:
            self._iterations = self.add_weight("iter", shape=[], dtype=tf.int64,
                                               trainable=False)
            self._weights.append(self._iterations)
        return self._iterations

    @iterations.setter
    def iterations(self, variable):
        if self._iterations is not None:
            raise RuntimeError("Cannot set `iterations` to a new Variable after the Optimizer "
                               "weights have been created. Here it is attempting to set "
                               "`iterations` to %s." % (variable,))
        self._iterations = variable
        self._weights.append(variable)

    def _decayed_lr(self, var_dtype):
        lr_t = self._get_hyper("learning_rate", var_dtype)
        if isinstance(lr_t, _schedules.LearningRateSchedule):
            lr_t = tf.cast(lr_t(tf.cast(self.iterations, var_dtype)), var_dtype)
        if self._initial_decay > 0.0:
            local_step = tf.cast(self.iterations, var_dtype)
            decay_t = tf.cast(self._initial_decay, var_dtype)
            lr_t = lr_t / (1.0 + decay_t * local_step)
        return lr_t

    # -- variables -------------------------------------------------------------------------
    def add_weight(self, name, shape, dtype=None, initializer="zeros", trainable=None):
        dtype = tf.as_dtype(dtype or tf.float32)
        if isinstance(initializer, str) or callable(initializer):
            init = initializers.get(initializer)
            initial_value = lambda: init(shape, dtype=dtype)  # noqa: E731
        else:
            initial_value = lambda: tf.constant(initializer, dtype=dtype,  # noqa: E731
                                                shape=shape)
        variable = tf.Variable(initial_value, name=name, dtype=dtype,
                               trainable=bool(trainable), use_resource=True)
        backend.track_variable(variable)
        return variable

    def add_slot(self, var, slot_name, initializer="zeros"):
        if slot_name not in self._slot_names:
            self._slot_names.append(slot_name)
        slot_dict = self._slots.setdefault(_var_key(var), {})
        weight = slot_dict.get(slot_name)
        if weight is None:
            init = initializers.get(initializer) if isinstance(initializer, str) else initializer
            dtype, shape = var.dtype.base_dtype, var.shape
            # slots are resource variables as Keras' weights are; a ref variable's update
            # (ApplyAdam on a K.variable made elsewhere) needs ref slots (ops/training_ops.py)
            weight = tf.Variable(lambda: init(shape, dtype=dtype),
                                 name="%s/%s" % (_var_key(var), slot_name), dtype=dtype,
                                 trainable=False, use_resource=bool(getattr(
                                     var, "_should_act_as_resource_variable", False)))
            backend.track_variable(weight)
            slot_dict[slot_name] = weight
            self._weights.append(weight)
        return weight

    def get_slot(self, var, slot_name):
        return self._slots[_var_key(var)][slot_name]

    def get_slot_names(self):
        return self._slot_names

    def _create_slots(self, var_list):
        pass

    def _create_all_weights(self, var_list):
        _ = self.iterations
        self._create_hypers()
        self._create_slots(var_list)

    def variables(self):
        return self._weights

    @property
    def weights(self):
        return self._weights

    def get_weights(self):
        return backend.batch_get_value(self.weights)

    def set_weights(self, weights):
        params = self.weights
        if len(params) != len(weights):
            raise ValueError("You called `set_weights(weights)` on optimizer %s with a  weight "
                             "list of length %s, but the optimizer was expecting %s weights. "
                             "Provided weights: %s..."
                             % (self._name, len(weights), len(params), str(weights)[:50]))
        if not params:
            return
        for pv, w in zip(backend.batch_get_value(params), weights):
            if np.shape(pv) != np.shape(w):
                raise ValueError("Optimizer weight shape %s not compatible with provided weight "
                                 "shape %s." % (np.shape(pv), np.shape(w)))
        backend.batch_set_value(list(zip(params, weights)))

    # -- gradients and updates ---------------------------------------------------------------
    def get_gradients(self, loss, params):
        params = list(params)
        with tf.name_scope(self._name + "/gradients"):
            grads = tf.gradients(loss, params)
            for grad, param in zip(grads, params):
                if grad is None:
                    raise ValueError("Variable {} has `None` for gradient. Please make sure that "
                                     "all of your ops have a gradient defined (i.e. are "
                                     "differentiable). Common ops without gradient: K.argmax, "
                                     "K.round, K.eval.".format(param))
        return grads

    def get_updates(self, loss, params):
        grads = self.get_gradients(loss, params)
        return [self.apply_gradients(list(zip(grads, params)))]

    def minimize(self, loss, var_list, grad_loss=None, name=None, tape=None):
        """Applies the gradients of `loss` (a callable returning the loss tensor; a tensor
        needs a `tape`, as in tf_keras)."""
        if not callable(loss) and tape is None:
            raise ValueError("`tape` is required when a `Tensor` loss is passed. Received: "
                             "loss=%s, tape=%s." % (loss, tape))
        if callable(loss):
            loss = loss()
        if callable(var_list):
            var_list = var_list()
        var_list = list(var_list)
        with tf.name_scope(self._name + "/gradients"):
            grads = tf.gradients(loss, var_list, grad_ys=grad_loss)
        return self.apply_gradients(list(zip(grads, var_list)), name=name)

    def _transform_gradients(self, grads_and_vars):
        if self.clipvalue is not None:
            grads_and_vars = [(tf.clip_by_value(g, -self.clipvalue, self.clipvalue), v)
                              for g, v in grads_and_vars]
        if self.clipnorm is not None:
            grads_and_vars = [(tf.clip_by_norm(g, self.clipnorm), v) for g, v in grads_and_vars]
        if self.global_clipnorm is not None:
            clipped, _ = tf.clip_by_global_norm([g for g, _ in grads_and_vars],
                                                self.global_clipnorm)
            grads_and_vars = list(zip(clipped, [v for _, v in grads_and_vars]))
        return grads_and_vars

    def apply_gradients(self, grads_and_vars, name=None, experimental_aggregate_gradients=True):
        grads_and_vars = _filter_empty_gradients(grads_and_vars)
        var_list = [v for _, v in grads_and_vars]
        with tf.name_scope(self._name):
            with tf.init_scope():
                self._create_all_weights(var_list)
            if not grads_and_vars:
                # nothing to train (every layer frozen): a no-op step, `iterations` unchanged
                return tf.no_op()
            apply_state = self._prepare(var_list)
            grads_and_vars = self._transform_gradients(grads_and_vars)
            return self._distributed_apply(grads_and_vars, apply_state, name)

    def _apply_one(self, grad, var, apply_state):
        if isinstance(grad, tf.IndexedSlices):
            values, indices = _deduplicate_indexed_slices(grad.values, grad.indices)
            update_op = self._resource_apply_sparse(values, var, indices, apply_state)
        else:
            update_op = self._resource_apply_dense(grad, var, apply_state)
        constraint = getattr(var, "constraint", None)
        if constraint is not None:
            with tf.control_dependencies([update_op]):
                return var.assign(constraint(var))
        return update_op

    def _distributed_apply(self, grads_and_vars, apply_state, name):
        update_ops = []
        with tf.name_scope(name or self._name):
            for grad, var in grads_and_vars:
                with tf.name_scope("update_" + var.op.name):
                    update_ops.append(self._apply_one(grad, var, apply_state))
            with tf.control_dependencies([tf.group(update_ops)]):
                return self.iterations.assign_add(1).op

    def _prepare(self, var_list):
        apply_state = {}
        for var_dtype in sorted({v.dtype.base_dtype for v in var_list}, key=str):
            apply_state[var_dtype] = {}
            self._prepare_local(var_dtype, apply_state)
        return apply_state

    def _prepare_local(self, var_dtype, apply_state):
        if "learning_rate" in self._hyper:
            apply_state[var_dtype]["lr_t"] = tf.identity(self._decayed_lr(var_dtype))

    def _coefficients(self, var, apply_state):
        var_dtype = var.dtype.base_dtype
        if apply_state is None or var_dtype not in apply_state:
            apply_state = {var_dtype: {}}
            self._prepare_local(var_dtype, apply_state)
        return apply_state[var_dtype]

    def _resource_apply_dense(self, grad, var, apply_state):
        raise NotImplementedError("%s does not implement dense updates" % type(self).__name__)

    def _resource_apply_sparse(self, grad, var, indices, apply_state):
        """The update for the (deduplicated) rows `indices` of `var`. By default the dense
        update with zero gradients elsewhere: the same values for the Keras optimizers whose
        sparse update also decays every row (Adam, Adamax, RMSprop, Adagrad, ...)."""
        dense = tf.convert_to_tensor(tf.IndexedSlices(grad, indices,
                                                      tf.shape(var, out_type=indices.dtype)))
        return self._resource_apply_dense(dense, var, apply_state)

    # -- config ------------------------------------------------------------------------------
    def _serialize_hyperparameter(self, name):
        value = self._hyper[name]
        if isinstance(value, _schedules.LearningRateSchedule):
            return _schedules.serialize(value)
        if isinstance(value, tf.Variable) or tf.is_tensor(value):
            return backend.get_value(value)
        if callable(value):
            return value()
        return value

    def get_config(self):
        config = {"name": self._name}
        for key in ("clipnorm", "clipvalue", "global_clipnorm"):
            if getattr(self, key) is not None:
                config[key] = getattr(self, key)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if "lr" in config:
            config["learning_rate"] = config.pop("lr")
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = _schedules.deserialize(config["learning_rate"],
                                                             custom_objects=custom_objects)
        return cls(**config)


def _deduplicate_indexed_slices(values, indices):
    """The rows of an IndexedSlices gradient with the values of repeated indices summed."""
    unique_indices, new_index_positions = tf.unique(indices)
    summed_values = tf.unsorted_segment_sum(values, new_index_positions,
                                            tf.shape(unique_indices)[0])
    return summed_values, unique_indices


def _var_key(var):
    """'dense/kernel' for the variable dense/kernel:0 (Keras' `_shared_name`)."""
    return var.op.name


def _filter_empty_gradients(grads_and_vars):
    """Keras' `filter_empty_gradients`: the pairs with a gradient; an empty list passes (a
    model whose layers are all frozen), all-`None` gradients are refused."""
    grads_and_vars = tuple(grads_and_vars)
    filtered = tuple((g, v) for g, v in grads_and_vars if g is not None)
    if grads_and_vars and not filtered:
        raise ValueError("No gradients provided for any variable: %s. Provided "
                         "`grads_and_vars` is %s." % (([v.name for _, v in grads_and_vars],),
                                                      grads_and_vars))
    return filtered
