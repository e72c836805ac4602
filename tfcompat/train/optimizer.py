"""`tf.train.Optimizer`: the TF1 base class (`compute_gradients`, `apply_gradients`, `minimize`,
slots, non-slot variables), with TF's op and variable names (`Adam/update_w/ApplyAdam`,
`w/Adam`, `beta1_power`) and error texts. Subclasses (optimizers.py) give the slots and the
update op for one variable, exactly as TF1's do.
"""
from __future__ import annotations

from tfcompat.framework import convert
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.operation import Tensor
from tfcompat.train import slot_creator
from tfcompat.ops import array_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import segment_ops
from tfcompat.ops import state_ops
from tfcompat.ops.control_flow_ops import group
from tfcompat.ops.gradients_impl import gradients
from tfcompat.variables import Variable
from tfcompat.resource_variable import is_resource_variable


def _deduplicate_indexed_slices(values, indices):
    """Sums the `values` rows of repeated `indices` (TF's helper of that name)."""
    unique_indices, new_positions = indexing_ops.unique(indices)
    summed = segment_ops.unsorted_segment_sum(values, new_positions,
                                              array_ops.shape(unique_indices)[0])
    return summed, unique_indices


def _var_key(var):
    return (var.op.graph, var.op.name)


class Optimizer:
    """Base class for TF1 optimizers (`tf.train.Optimizer`).

    >>> opt = tf.train.AdamOptimizer(0.01)
    >>> train_op = opt.minimize(loss)        # doctest: +SKIP
    >>> opt.get_slot_names()
    ['m', 'v']
    """

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots: dict = {}
        self._non_slot_dict: dict = {}

    def get_name(self):
        return self._name

    # -- the three public steps -----------------------------------------------------------
    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None,
                 grad_loss=None):
        """compute_gradients + apply_gradients: one op that updates `var_list` to lower
        `loss` (and increments `global_step`)."""
        grads_and_vars = self.compute_gradients(
            loss, var_list=var_list, gate_gradients=gate_gradients,
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        vars_with_grad = [v for g, v in grads_and_vars if g is not None]
        if not vars_with_grad:
            raise ValueError(
                "No gradients provided for any variable, check your graph for ops that do not "
                "support gradients, between variables %s and loss %s."
                % ([str(v) for _, v in grads_and_vars], loss))
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP,
                          aggregation_method=None, colocate_gradients_with_ops=False,
                          grad_loss=None):
        """[(gradient, variable)] for `var_list` (default: the trainable variables)."""
        if callable(loss):
            raise RuntimeError("`loss` passed to Optimizer.compute_gradients should be a "
                               "function when eager execution is enabled.")
        if gate_gradients not in (Optimizer.GATE_NONE, Optimizer.GATE_OP,
                                  Optimizer.GATE_GRAPH):
            raise ValueError("gate_gradients must be one of: Optimizer.GATE_NONE, "
                             "Optimizer.GATE_OP, Optimizer.GATE_GRAPH.  Not %s" % gate_gradients)
        self._assert_valid_dtypes([loss])
        if grad_loss is not None:
            self._assert_valid_dtypes([grad_loss])
        if var_list is None:
            var_list = (graph_lib.get_collection(GraphKeys.TRAINABLE_VARIABLES)
                        + graph_lib.get_collection(GraphKeys.TRAINABLE_RESOURCE_VARIABLES))
        else:
            var_list = _flatten(var_list)
        var_list = list(var_list) + graph_lib.get_collection("streaming_model_ports")
        if not var_list:
            raise ValueError("No variables to optimize.")
        for v in var_list:
            _check_variable(v)
        grads = gradients(loss, [_target(v) for v in var_list], grad_ys=grad_loss)
        grads_and_vars = list(zip(grads, var_list))
        self._assert_valid_dtypes([v for g, v in grads_and_vars if g is not None])
        return grads_and_vars

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """The op applying the gradients (and incrementing `global_step` after them)."""
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        converted = []
        for g, v in grads_and_vars:
            if g is not None:
                try:
                    if not isinstance(g, IndexedSlices):
                        g = convert.convert_to_tensor(g)
                except TypeError as e:
                    raise TypeError("Gradient must be convertible to a Tensor or IndexedSlices, "
                                    "or None: %s" % g) from e
                if not isinstance(g, (Tensor, IndexedSlices)):
                    raise TypeError("Gradient must be a Tensor, IndexedSlices, or None: %s" % g)
            _check_variable(v)
            converted.append((g, v))
        var_list = [v for g, v in converted if g is not None]
        if not var_list:
            raise ValueError("No gradients provided for any variable: %s."
                             % ([str(v) for _, v in converted],))
        graph = graph_lib.get_default_graph()
        with graph_lib.init_scope():  # slots, as variables, ignore control dependencies
            self._create_slots(var_list)
        update_ops = []
        with graph_lib.name_scope(name, self._name) as name:
            self._prepare()
            for grad, var in converted:
                if grad is None:
                    continue
                with graph_lib.name_scope("update_" + var.op.name), graph.colocate_with(var.op):
                    update_ops.append(self._update_op(grad, var))
            if global_step is None:
                apply_updates = self._finish(update_ops, name)
            else:
                with graph.control_dependencies([self._finish(update_ops, "update")]), \
                        graph.colocate_with(_as_op(global_step)):
                    apply_updates = _increment(global_step, name)
        if isinstance(apply_updates, Tensor):
            apply_updates = apply_updates.op
        train_ops = graph.get_collection_ref(GraphKeys.TRAIN_OP)
        if apply_updates not in train_ops:
            train_ops.append(apply_updates)
        return apply_updates

    def _update_op(self, grad, var):
        """TF's _RefVariableProcessor.update_op (and _DenseResourceVariableProcessor's for a
        resource variable): dense, sparse, then the var's constraint."""
        resource = is_resource_variable(var)
        if isinstance(grad, Tensor):
            update_op = (self._resource_apply_dense(grad, var) if resource
                         else self._apply_dense(grad, var))
            if var.constraint is not None:
                with graph_lib.get_default_graph().control_dependencies([update_op]):
                    return var.assign(var.constraint(var))
            return update_op
        if var.constraint is not None:
            raise RuntimeError("Cannot use a constraint function on a sparse variable.")
        if resource:
            return self._resource_apply_sparse_duplicate_indices(grad.values, var, grad.indices)
        return self._apply_sparse_duplicate_indices(grad, var)

    # -- slots -------------------------------------------------------------------------------
    def get_slot(self, var, name):
        """The slot variable `name` ('m', 'momentum', ...) created for `var`, or None."""
        named_slots = self._slots.get(name)
        if not named_slots:
            return None
        return named_slots.get(_var_key(var))

    def get_slot_names(self):
        return sorted(self._slots.keys())

    def variables(self):
        """The optimizer's variables in the default graph (slots and non-slot), by name."""
        graph = graph_lib.get_default_graph()
        found = [v for v in self._non_slot_dict.values() if v.op.graph is graph]
        for slots in self._slots.values():
            found.extend(v for v in slots.values() if v.op.graph is graph)
        return sorted(found, key=lambda v: v.name)

    def _slot_dict(self, slot_name):
        return self._slots.setdefault(slot_name, {})

    def _zeros_slot(self, var, slot_name, op_name):
        named_slots = self._slot_dict(slot_name)
        if _var_key(var) not in named_slots:
            named_slots[_var_key(var)] = slot_creator.create_zeros_slot(var, op_name)
        return named_slots[_var_key(var)]

    def _get_or_make_slot(self, var, val, slot_name, op_name):
        named_slots = self._slot_dict(slot_name)
        if _var_key(var) not in named_slots:
            named_slots[_var_key(var)] = slot_creator.create_slot(var, val, op_name)
        return named_slots[_var_key(var)]

    def _get_or_make_slot_with_initializer(self, var, initializer, shape, dtype, slot_name,
                                           op_name):
        named_slots = self._slot_dict(slot_name)
        if _var_key(var) not in named_slots:
            named_slots[_var_key(var)] = slot_creator.create_slot_with_initializer(
                var, initializer, shape, dtype, op_name)
        return named_slots[_var_key(var)]

    def _create_non_slot_variable(self, initial_value, name, colocate_with):
        graph = colocate_with.graph
        key = (name, graph)
        v = self._non_slot_dict.get(key)
        if v is None:
            with graph.colocate_with(colocate_with.op):
                v = Variable(initial_value, name=name, trainable=False,
                             use_resource=is_resource_variable(colocate_with))
            self._non_slot_dict[key] = v
        return v

    def _get_non_slot_variable(self, name, graph=None):
        return self._non_slot_dict.get((name, graph))

    def _non_slot_variables(self):
        return self._non_slot_dict.values()

    # -- hooks for subclasses ---------------------------------------------------------------
    def _valid_dtypes(self):
        return [dtypes.float32, dtypes.float64, dtypes.float16, dtypes.bfloat16]

    def _assert_valid_dtypes(self, tensors):
        valid = self._valid_dtypes()
        for t in tensors:
            dtype = t.dtype.base_dtype
            if dtype not in valid:
                raise ValueError("Invalid type %r for %s, expected: %s."
                                 % (dtype, t.name, list(valid)))

    def _create_slots(self, var_list):
        pass

    def _prepare(self):
        pass

    def _apply_dense(self, grad, var):
        raise NotImplementedError()

    def _apply_sparse_duplicate_indices(self, grad, var):
        summed, unique = _deduplicate_indexed_slices(grad.values, grad.indices)
        return self._apply_sparse(IndexedSlices(summed, unique, grad.dense_shape), var)

    def _apply_sparse(self, grad, var):
        raise NotImplementedError()

    # TF's hooks for a resource variable (`handle` is the ResourceVariable). By default they
    # run the ref path's: its Apply* ops become Resource* ops for a resource variable
    # (training_ops.py), and its assigns and scatters the variable's own (state_ops.py).
    def _resource_apply_dense(self, grad, handle):
        return self._apply_dense(grad, handle)

    def _resource_apply_sparse_duplicate_indices(self, grad, handle, indices):
        if type(self)._resource_apply_sparse is not Optimizer._resource_apply_sparse:
            summed, unique = _deduplicate_indexed_slices(grad, indices)
            return self._resource_apply_sparse(summed, handle, unique)
        return self._apply_sparse_duplicate_indices(IndexedSlices(grad, indices), handle)

    def _resource_apply_sparse(self, grad, handle, indices):
        return self._apply_sparse(IndexedSlices(grad, indices), handle)

    def _finish(self, update_ops, name_scope):
        return group(*update_ops, name=name_scope)

    def _call_if_callable(self, param):
        return param() if callable(param) else param


def _flatten(value):
    out = []
    stack = [value]
    while stack:
        item = stack.pop(0)
        if isinstance(item, (list, tuple)):
            stack = list(item) + stack
        elif isinstance(item, dict):
            stack = [item[k] for k in sorted(item)] + stack
        else:
            out.append(item)
    return out


def _check_variable(v):
    if not is_resource_variable(v) and not callable(getattr(v, "_ref", None)):
        getattr(v, "op")   # TF's _get_processor reads v.op first: AttributeError for a str
        raise NotImplementedError("Trying to optimize unsupported type %s" % (v,))


def _target(v):
    """What `tf.gradients` differentiates with respect to: the ref tensor, or for a resource
    variable its handle (as TF's)."""
    return v.handle if is_resource_variable(v) else v._ref()


def _increment(global_step, name):
    """TF's: AssignAdd on a ref global step, one AssignAddVariableOp (no read) on a resource
    one."""
    if is_resource_variable(global_step):
        return apply_op("AssignAddVariableOp", [global_step.handle, convert.convert_to_tensor(
            1, dtype=global_step.dtype)], name=name)
    return state_ops.assign_add(global_step, 1, name=name)


def _as_op(value):
    return value.op if hasattr(value, "op") else value

