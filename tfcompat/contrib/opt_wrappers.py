"""TF 1.15's `tf.contrib.opt` optimizer wrappers, written as TF 1.15's
contrib/opt/python/training/{variable_clipping_optimizer,multitask_optimizer_wrapper}.py:
`VariableClippingOptimizer` (clips variables' norms after the wrapped optimizer's update),
`MultitaskOptimizerWrapper` (skips all-zero gradients), `clip_gradients_by_global_norm`,
`DropStaleGradientOptimizer` (drop_stale_gradient_optimizer.py) and `MovingAverageOptimizer`
(moving_average_optimizer.py).
"""
from __future__ import annotations

import contextlib
import logging
import types

import tfcompat as tf
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.partitioned_variables import PartitionedVariable
from tfcompat.train.optimizer import Optimizer
from tfcompat.train.saver_saveables import _list_saveables as _op_list_to_dict

_log = logging.getLogger("tensorflow")


class VariableClippingOptimizer(Optimizer):
    """Applies the wrapped optimizer's update, then clips each variable of
    `vars_to_clip_dims` (variable -> dimensions of tf.clip_by_norm) to L2 norm `max_norm`. A
    sparse gradient clips only its rows, unless dimension 0 is among the clip dimensions."""

    def __init__(self, opt, vars_to_clip_dims, max_norm, use_locking=False,
                 colocate_clip_ops_with_vars=False, name="VariableClipping"):
        super().__init__(use_locking, name)
        self._opt = opt
        # a copy: later changes to the caller's dict or lists do not reach this optimizer
        self._vars_to_clip_dims = {var: clip_dims[:]
                                   for var, clip_dims in vars_to_clip_dims.items()}
        self._max_norm = max_norm
        self._colocate_clip_ops_with_vars = colocate_clip_ops_with_vars

    def compute_gradients(self, *args, **kwargs):
        return self._opt.compute_gradients(*args, **kwargs)

    def get_slot(self, *args, **kwargs):
        return self._opt.get_slot(*args, **kwargs)

    def get_slot_names(self, *args, **kwargs):
        return self._opt.get_slot_names(*args, **kwargs)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        with tf.name_scope(name, self._name) as name:
            update_op = self._opt.apply_gradients(grads_and_vars, global_step=global_step)
            clip_update_ops = []
            with tf.control_dependencies([update_op]):
                for grad, var in grads_and_vars:
                    if grad is None or var not in self._vars_to_clip_dims:
                        continue
                    with tf.name_scope("clip_" + var.op.name):
                        if isinstance(grad, tf.Tensor):
                            clip_update_ops.append(self._clip_dense(var))
                        else:
                            clip_update_ops.append(self._clip_sparse(grad, var))
            # the update runs even when no variable is clipped
            return tf.group(*([update_op] + clip_update_ops), name=name)

    def _clip_dense(self, var):
        with self._maybe_colocate_with(var):
            updated_var_value = var.read_value()
            normalized_var = tf.clip_by_norm(updated_var_value, self._max_norm,
                                             self._vars_to_clip_dims[var])
            delta = updated_var_value - normalized_var
        with tf.colocate_with(var):
            return var.assign_sub(delta, use_locking=self._use_locking)

    def _clip_sparse(self, grad, var):
        assert isinstance(grad, IndexedSlices)
        clip_dims = self._vars_to_clip_dims[var]
        if 0 in clip_dims:
            _log.warning("Clipping norm across dims %s for %s is inefficient when including "
                         "sparse dimension 0.", clip_dims, var.op.name)
            return self._clip_dense(var)
        with tf.colocate_with(var):
            var_subset = tf.gather(var, grad.indices)
        with self._maybe_colocate_with(var):
            normalized_var_subset = tf.clip_by_norm(var_subset, self._max_norm, clip_dims)
            delta = IndexedSlices(var_subset - normalized_var_subset, grad.indices,
                                  grad.dense_shape)
        with tf.colocate_with(var):
            return var.scatter_sub(delta, use_locking=self._use_locking)

    @contextlib.contextmanager
    def _maybe_colocate_with(self, var):
        if self._colocate_clip_ops_with_vars:
            with tf.colocate_with(var):
                yield
        else:
            yield


def _is_all_zeros(grad):
    return tf.equal(tf.count_nonzero(grad), 0)


def _get_wrapper(fn, opt):
    def wrapper(self, grad, *args, **kwargs):
        return tf.cond(_is_all_zeros(grad), tf.no_op, lambda: fn(grad, *args, **kwargs))
    return types.MethodType(wrapper, opt)


class MultitaskOptimizerWrapper(object):
    """Wraps a tf.train.Optimizer so that an all-zero gradient (a masked-out task's) leaves
    the variable and the optimizer's slots as they are: each update hook runs under
    tf.cond(count_nonzero(grad) == 0, no_op, update). Other attributes are the optimizer's."""

    def __init__(self, opt):
        if not isinstance(opt, Optimizer):
            raise TypeError("Supplied optimizer must be an instance of tf.train.Optimizer")
        self._opt = opt
        for name in ("_apply_dense", "_resource_apply_dense", "_apply_sparse",
                     "_resource_apply_sparse"):
            setattr(self._opt, name, _get_wrapper(getattr(self._opt, name), self._opt))

    def __getattr__(self, name):
        return getattr(self._opt, name)


def clip_gradients_by_global_norm(gradients_variables, clip_norm=20.):
    """tf.clip_by_global_norm of the gradients, with a global norm that ignores all-zero
    gradients; returns ([(clipped gradient, variable)], the global norm)."""
    gradients, variables = zip(*gradients_variables)

    def _replace_nonexisting_grad(grad):
        if grad is None:
            return grad
        return tf.cond(_is_all_zeros(grad),
                       lambda: tf.zeros([], dtype=tf.as_dtype(grad.dtype)), lambda: grad)
    nonzero_gradients = [_replace_nonexisting_grad(g) for g in gradients]
    fixed_global_norm = tf.global_norm(nonzero_gradients)
    gradients, _ = tf.clip_by_global_norm(gradients, clip_norm, use_norm=fixed_global_norm)
    return list(zip(gradients, variables)), fixed_global_norm


class DropStaleGradientOptimizer(Optimizer):
    """Drops a step's gradients when the global step moved on by more than `staleness` between
    compute_gradients (which records it) and apply_gradients; the non-trainable variable
    'stale_counter' counts the dropped steps (summary "Gradient staleness percentage")."""

    def __init__(self, opt, staleness, use_locking=False, name="DropStaleGradient"):
        super().__init__(use_locking, name)
        self._opt = opt
        self._staleness = staleness

    def compute_gradients(self, loss, *args, **kwargs):
        # the global step when this worker computes its gradients
        with tf.colocate_with(loss):
            self._local_step = tf.train.get_global_step().read_value() + 0
        with tf.control_dependencies([self._local_step]):
            loss = tf.identity(loss)
            return self._opt.compute_gradients(loss, *args, **kwargs)

    def get_slot(self, *args, **kwargs):
        return self._opt.get_slot(*args, **kwargs)

    def get_slot_names(self, *args, **kwargs):
        return self._opt.get_slot_names(*args, **kwargs)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        with tf.colocate_with(global_step):
            stale_counter = tf.get_variable("stale_counter", [],
                                            initializer=tf.zeros_initializer(),
                                            trainable=False)

        def _accept_gradient_op():
            with tf.control_dependencies([self._opt.apply_gradients(
                    grads_and_vars, global_step=global_step, name=name)]):
                return tf.identity(0.0)

        def _drop_gradient_op():
            return tf.identity(1.0)

        gradients = []
        for grad, _ in grads_and_vars:
            if isinstance(grad, tf.Tensor):
                gradients.append(grad)
            elif grad is not None:
                gradients.append(grad.op)
        with tf.control_dependencies(gradients), tf.colocate_with(global_step):
            staleness = tf.reshape(global_step.read_value() - self._local_step, shape=())
        conditional_update = stale_counter.assign_add(tf.cond(
            tf.less_equal(staleness, self._staleness), _accept_gradient_op,
            _drop_gradient_op))
        tf.summary.scalar("Gradient staleness percentage",
                          stale_counter / tf.cast(global_step.read_value() + 1, tf.float32))
        return conditional_update


class MovingAverageOptimizer(Optimizer):
    """Applies the wrapped optimizer's update, then (or, with sequential_update=False, at the
    same time) updates a zero-debiased tf.train.ExponentialMovingAverage of the trained
    variables. `swapping_saver()` saves each average under its variable's name and the
    variable under its average's name."""

    def __init__(self, opt, average_decay=0.9999, num_updates=None, sequential_update=True):
        # as TF 1.15: no Optimizer.__init__ (the wrapped optimizer holds the state)
        self._optimizer = opt
        self._ema = tf.train.ExponentialMovingAverage(average_decay, num_updates=num_updates,
                                                      zero_debias=True)
        self._swapped_variable_name_map = None
        self._sequential_update = sequential_update

    def compute_gradients(self, *args, **kwargs):
        return self._optimizer.compute_gradients(*args, **kwargs)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        train_op = self._optimizer.apply_gradients(grads_and_vars, global_step=global_step,
                                                   name=name)
        var_list = [x[1] for x in grads_and_vars if x[0] is not None]
        self._swapped_variable_name_map = {}
        if self._sequential_update:
            with tf.control_dependencies([train_op]):
                ma_op = self._ema.apply(var_list)
        else:
            ma_op = self._ema.apply(var_list)
        for v in var_list:
            v_avg = self._ema.average(v)
            self._swapped_variable_name_map[v.op.name] = v_avg.op.name
            self._swapped_variable_name_map[v_avg.op.name] = v.op.name
        return tf.group(train_op, ma_op, name="train_with_avg")

    def _find_swapped_variable(self, v_name_to_tensor, v_name, tensor):
        if (self._swapped_variable_name_map is not None
                and v_name in self._swapped_variable_name_map):
            return v_name_to_tensor[self._swapped_variable_name_map[v_name]]
        return tensor

    def swapping_saver(self, var_list=None, name="swapping_saver", **kwargs):
        """A tf.train.Saver of `var_list` (default: all global variables) with each trained
        variable and its moving average swapped; call it after minimize/apply_gradients."""
        if self._swapped_variable_name_map is None:
            raise RuntimeError("Must call apply_gradients or minimize before creating the "
                               "swapping_saver")
        if var_list is None:
            var_list = tf.global_variables()
        if not isinstance(var_list, dict):
            var_list = _op_list_to_dict(var_list)
        v_name_to_tensor = {}
        for k, tensor_or_list in var_list.items():
            # a partitioned variable's entry lists its shards
            if isinstance(tensor_or_list, (list, PartitionedVariable)):
                for tensor in tensor_or_list:
                    v_name_to_tensor[tensor.op.name] = tensor
            else:
                v_name_to_tensor[k] = tensor_or_list
        swapped_var_list = {}
        for k, tensor_or_list in var_list.items():
            if isinstance(tensor_or_list, list):
                swapped_var_list[k] = [
                    self._find_swapped_variable(v_name_to_tensor, tensor.op.name, tensor)
                    for tensor in tensor_or_list]
            else:
                swapped_var_list[k] = self._find_swapped_variable(v_name_to_tensor, k,
                                                                  tensor_or_list)
        return tf.train.Saver(swapped_var_list, name=name, **kwargs)


__all__ = ["VariableClippingOptimizer", "MultitaskOptimizerWrapper",
           "clip_gradients_by_global_norm", "DropStaleGradientOptimizer",
           "MovingAverageOptimizer"]
