"""`tf.train.ExponentialMovingAverage` and `assign_moving_average` (TF1 semantics, names and
`variables_to_restore` mapping: `w/ExponentialMovingAverage` -> w)."""
from __future__ import annotations

from tfcompat.framework import convert
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.graph import GraphKeys
from tfcompat.train import slot_creator
from tfcompat import init_ops
from tfcompat.ops import math_ops
from tfcompat.ops import state_ops
from tfcompat.ops.control_flow_ops import group
from tfcompat.variable_scope import get_variable
from tfcompat.variable_scope import get_variable_scope
from tfcompat.variable_scope import variable_scope
from tfcompat.variables import Variable


def assign_moving_average(variable, value, decay, zero_debias=True, name=None):
    """variable -= (variable - value) * (1 - decay), optionally zero-debiased (TF1)."""
    with graph_lib.name_scope(name, "AssignMovingAvg", [variable, value, decay]) as scope:
        decay = convert.convert_to_tensor(1.0 - decay, name="decay")
        if decay.dtype != variable.dtype.base_dtype:
            decay = math_ops.cast(decay, variable.dtype.base_dtype)
        if zero_debias:
            return _zero_debias(variable, value, decay)
        return state_ops.assign_sub(variable, (variable - value) * decay, name=scope)


def _zero_debias(unbiased_var, value, decay):
    with variable_scope(unbiased_var.name[:-len(":0")], values=[unbiased_var, value, decay]):
        scope = get_variable_scope()

        def unique(name):
            if scope.reuse:
                return name
            existing = [x.op.name for x in scope.global_variables()]
            full = scope.name + "/" + name
            if full not in existing:
                return name
            idx = 1
            while full + "_%d" % idx in existing:
                idx += 1
            return name + "_%d" % idx

        with graph_lib.get_default_graph().colocate_with(unbiased_var.op):
            biased_var = get_variable(unique("biased"), initializer=init_ops.zeros_initializer(),
                                      shape=unbiased_var.get_shape(),
                                      dtype=unbiased_var.dtype.base_dtype, trainable=False)
            local_step = get_variable(unique("local_step"), shape=[],
                                      dtype=unbiased_var.dtype.base_dtype,
                                      initializer=init_ops.zeros_initializer(), trainable=False)
    update_biased = state_ops.assign_sub(biased_var, (biased_var - value) * decay)
    update_local_step = local_step.assign_add(1)
    bias_factor = 1 - math_ops.pow(1.0 - decay, update_local_step)
    return state_ops.assign(unbiased_var, update_biased / bias_factor,
                            name=graph_lib.get_default_graph().get_name_scope() + "/")


class ExponentialMovingAverage:
    """TF1 `tf.train.ExponentialMovingAverage`: `apply(var_list)` returns the op updating
    shadow variables `<var>/ExponentialMovingAverage`; `average(var)` gives them."""

    def __init__(self, decay, num_updates=None, zero_debias=False,
                 name="ExponentialMovingAverage"):
        self._decay = decay
        self._num_updates = num_updates
        self._zero_debias = zero_debias
        self._name = name
        self._averages: dict = {}

    name = property(lambda self: self._name)

    def apply(self, var_list=None):
        if var_list is None:
            var_list = graph_lib.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        zero_debias_true = set()
        graph = graph_lib.get_default_graph()
        for var in var_list:
            if var.dtype.base_dtype not in (dtypes.bfloat16, dtypes.float16, dtypes.float32,
                                            dtypes.float64):
                raise TypeError("The variables must be half, float, or double: %s" % var.name)
            if var in self._averages:
                continue
            with graph_lib.init_scope():
                if isinstance(var, Variable):
                    with graph.device(var.device or None):
                        initialized = var.initialized_value()
                    avg = slot_creator.create_slot(var, initialized, self._name)
                    graph.add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, var)
                else:
                    avg = slot_creator.create_zeros_slot(
                        var, self._name,
                        colocate_with_primary=var.op.type in ("Variable", "VariableV2",
                                                              "VarHandleOp"))
                    if self._zero_debias:
                        zero_debias_true.add(avg)
            self._averages[var] = avg
        with graph_lib.name_scope(self._name) as scope:
            decay = convert.convert_to_tensor(self._decay, dtype=dtypes.float32, name="decay")
            if self._num_updates is not None:
                num_updates = math_ops.cast(self._num_updates, dtypes.float32,
                                            name="num_updates")
                decay = math_ops.minimum(decay, (1.0 + num_updates) / (10.0 + num_updates))
            updates = [assign_moving_average(self._averages[var], var, decay,
                                             self._averages[var] in zero_debias_true)
                       for var in var_list]
            return group(*updates, name=scope)

    def average(self, var):
        return self._averages.get(var)

    def average_name(self, var):
        if var in self._averages:
            return self._averages[var].name[:-len(":0")]
        return graph_lib.get_default_graph().unique_name(
            var.name[:-len(":0")] + "/" + self._name, mark_as_used=False)

    def variables_to_restore(self, moving_avg_variables=None):
        """{checkpoint name: variable}: shadow names for averaged variables, own names for
        the other global variables (restore averages into the model's variables)."""
        if moving_avg_variables is None:
            moving_avg_variables = (graph_lib.get_collection(GraphKeys.TRAINABLE_VARIABLES)
                                    + graph_lib.get_collection(
                                        GraphKeys.MOVING_AVERAGE_VARIABLES))
        moving = list(dict.fromkeys(moving_avg_variables))
        name_map = {self.average_name(v): v for v in moving}
        moving_names = {v.name for v in moving}
        for v in graph_lib.get_collection(GraphKeys.GLOBAL_VARIABLES):
            if v.name not in moving_names and v.op.name not in name_map:
                name_map[v.op.name] = v
        return name_map


__all__ = ["ExponentialMovingAverage", "assign_moving_average"]
