"""TF1's optimizers: GradientDescent, Momentum (and Nesterov), Adam, Adagrad, Adadelta,
RMSProp (momentum, centered), Ftrl, ProximalGradientDescent, ProximalAdagrad and AdagradDA,
with TF's slots (names and initial values), hyper-parameter tensors and update ops
(ops/training_ops.py), so that training matches TF1 step for step and checkpoints match key
for key (tests/train/test_train_matrix.py).
"""
from __future__ import annotations

from tfcompat import init_ops
from tfcompat.framework import convert
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.indexed_slices import IndexedSlices
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.operation import Operation
from tfcompat.ops.training_ops import APPLY
from tfcompat.train.optimizer import Optimizer
from tfcompat.framework.convert import constant
from tfcompat.ops import array_ops
from tfcompat.ops import math_ops
from tfcompat.ops import state_ops
from tfcompat.ops.array_ops_join import fill
from tfcompat.ops.array_ops_join import ones
from tfcompat.ops.array_ops_join import ones_like
from tfcompat.ops.control_flow_ops import group
from tfcompat.ops.math_ops import cast
from tfcompat.ops.math_ops import maximum


def _op(update):
    """The op of an update: a ref Apply* op's output gives it; the Resource* op that a resource
    variable gets (training_ops.py) is one."""
    return update if isinstance(update, Operation) else update.op


def _cast(t, var):
    return cast(t, var.dtype.base_dtype)


def _tensor(value, name):
    return convert.convert_to_tensor(value() if callable(value) else value, name=name)


class GradientDescentOptimizer(Optimizer):
    """TF1 `tf.train.GradientDescentOptimizer`: var -= learning_rate * grad."""

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._learning_rate_tensor = None

    def _prepare(self):
        self._learning_rate_tensor = _tensor(self._learning_rate, "learning_rate")

    def _apply_dense(self, grad, var):
        return _op(APPLY["ApplyGradientDescent"](var, _cast(self._learning_rate_tensor, var),
                                                 grad, use_locking=self._use_locking))

    def _apply_sparse_duplicate_indices(self, grad, var):
        delta = IndexedSlices(grad.values * _cast(self._learning_rate_tensor, var),
                              grad.indices, grad.dense_shape)
        return var.scatter_sub(delta, use_locking=self._use_locking)

    def _resource_apply_sparse_duplicate_indices(self, grad, handle, indices):
        """TF's, for a resource variable: one ResourceScatterAdd of -grad * learning_rate."""
        return apply_op("ResourceScatterAdd",
                        [handle.handle, indices, -grad * self._learning_rate_tensor])


class MomentumOptimizer(Optimizer):
    """TF1 `tf.train.MomentumOptimizer`: accum = momentum * accum + grad; var -= lr * accum
    (Nesterov: var -= lr * (grad + momentum * accum)). Slot: 'momentum'."""

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum",
                 use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._learning_rate_tensor = _tensor(self._learning_rate, "learning_rate")
        self._momentum_tensor = _tensor(self._momentum, "momentum")

    def _apply_dense(self, grad, var):
        return _op(APPLY["ApplyMomentum"](
            var, self.get_slot(var, "momentum"), _cast(self._learning_rate_tensor, var), grad,
            _cast(self._momentum_tensor, var), use_locking=self._use_locking,
            use_nesterov=self._use_nesterov))

    def _apply_sparse(self, grad, var):
        return _op(APPLY["SparseApplyMomentum"](
            var, self.get_slot(var, "momentum"), _cast(self._learning_rate_tensor, var),
            grad.values, grad.indices, _cast(self._momentum_tensor, var),
            use_locking=self._use_locking, use_nesterov=self._use_nesterov))


class AdamOptimizer(Optimizer):
    """TF1 `tf.train.AdamOptimizer` (Kingma & Ba, with TF's epsilon placement):
    lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t); var -= lr_t * m / (sqrt(v) + epsilon).
    Slots 'm', 'v'; non-slot variables 'beta1_power', 'beta2_power'."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon
        self._lr_t = self._beta1_t = self._beta2_t = self._epsilon_t = None

    def _get_beta_accumulators(self):
        graph = graph_lib.get_default_graph()
        return (self._get_non_slot_variable("beta1_power", graph=graph),
                self._get_non_slot_variable("beta2_power", graph=graph))

    def _create_slots(self, var_list):
        first_var = min(var_list, key=lambda x: x.name)
        self._create_non_slot_variable(self._beta1, "beta1_power", first_var)
        self._create_non_slot_variable(self._beta2, "beta2_power", first_var)
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _prepare(self):
        self._lr_t = _tensor(self._lr, "learning_rate")
        self._beta1_t = _tensor(self._beta1, "beta1")
        self._beta2_t = _tensor(self._beta2, "beta2")
        self._epsilon_t = _tensor(self._epsilon, "epsilon")

    def _apply_dense(self, grad, var):
        beta1_power, beta2_power = self._get_beta_accumulators()
        return _op(APPLY["ApplyAdam"](
            var, self.get_slot(var, "m"), self.get_slot(var, "v"), _cast(beta1_power, var),
            _cast(beta2_power, var), _cast(self._lr_t, var), _cast(self._beta1_t, var),
            _cast(self._beta2_t, var), _cast(self._epsilon_t, var), grad,
            use_locking=self._use_locking))

    def _apply_sparse_shared(self, grad, var, indices, scatter_add):
        """TF's sparse Adam step on the rows `indices`, `scatter_add(x, i, v)` adding to a
        slot (subclasses pass their own, as tf.contrib.opt's AdamW does)."""
        beta1_power, beta2_power = self._get_beta_accumulators()
        beta1_power, beta2_power = _cast(beta1_power, var), _cast(beta2_power, var)
        lr_t, beta1_t = _cast(self._lr_t, var), _cast(self._beta1_t, var)
        beta2_t, epsilon_t = _cast(self._beta2_t, var), _cast(self._epsilon_t, var)
        lr = lr_t * math_ops.sqrt(1 - beta2_power) / (1 - beta1_power)
        graph = graph_lib.get_default_graph()
        m = self.get_slot(var, "m")
        m_scaled = grad * (1 - beta1_t)
        m_t = state_ops.assign(m, m * beta1_t, use_locking=self._use_locking)
        with graph.control_dependencies([m_t]):
            m_t = scatter_add(m, indices, m_scaled)
        v = self.get_slot(var, "v")
        v_scaled = (grad * grad) * (1 - beta2_t)
        v_t = state_ops.assign(v, v * beta2_t, use_locking=self._use_locking)
        with graph.control_dependencies([v_t]):
            v_t = scatter_add(v, indices, v_scaled)
        v_sqrt = math_ops.sqrt(v_t)
        var_update = state_ops.assign_sub(var, lr * m_t / (v_sqrt + epsilon_t),
                                          use_locking=self._use_locking)
        return group(*[var_update, m_t, v_t])

    def _apply_sparse(self, grad, var):
        return self._apply_sparse_shared(
            grad.values, var, grad.indices,
            lambda x, i, v: state_ops.scatter_add(x, i, v, use_locking=self._use_locking))

    def _resource_scatter_add(self, x, i, v):
        """ResourceScatterAdd, then the variable's value after it (TF's helper)."""
        add = apply_op("ResourceScatterAdd", [x.handle, i, v])
        with graph_lib.get_default_graph().control_dependencies([add]):
            return x.value()

    def _resource_apply_sparse(self, grad, var, indices):
        return self._apply_sparse_shared(grad, var, indices, self._resource_scatter_add)

    def _finish(self, update_ops, name_scope):
        graph = graph_lib.get_default_graph()
        with graph.control_dependencies(update_ops):
            beta1_power, beta2_power = self._get_beta_accumulators()
            with graph.colocate_with(beta1_power.op):
                update_beta1 = beta1_power.assign(beta1_power * self._beta1_t,
                                                  use_locking=self._use_locking)
                update_beta2 = beta2_power.assign(beta2_power * self._beta2_t,
                                                  use_locking=self._use_locking)
        return group(*update_ops + [update_beta1, update_beta2], name=name_scope)


class AdagradOptimizer(Optimizer):
    """TF1 `tf.train.AdagradOptimizer`: accum += grad^2; var -= lr * grad / sqrt(accum).
    Slot 'accumulator', starting at `initial_accumulator_value`."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False,
                 name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: %s"
                             % initial_accumulator_value)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value

    def _create_slots(self, var_list):
        for v in var_list:
            dtype = v.dtype.base_dtype
            if v.get_shape().is_fully_defined():
                init = init_ops.constant_initializer(self._initial_accumulator_value,
                                                     dtype=dtype)
            else:
                init = self._init_constant_op(v, dtype)
            self._get_or_make_slot_with_initializer(v, init, v.get_shape(), dtype,
                                                    "accumulator", self._name)

    def _init_constant_op(self, v, dtype):
        def init():
            return cast(fill(array_ops.shape(v), self._initial_accumulator_value), dtype)
        return init

    def _prepare(self):
        self._learning_rate_tensor = _tensor(self._learning_rate, "learning_rate")

    def _apply_dense(self, grad, var):
        return APPLY["ApplyAdagrad"](var, self.get_slot(var, "accumulator"),
                                     _cast(self._learning_rate_tensor, var), grad,
                                     use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        return APPLY["SparseApplyAdagrad"](var, self.get_slot(var, "accumulator"),
                                           _cast(self._learning_rate_tensor, var), grad.values,
                                           grad.indices, use_locking=self._use_locking)


class AdadeltaOptimizer(Optimizer):
    """TF1 `tf.train.AdadeltaOptimizer`. Slots 'accum', 'accum_update'."""

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False,
                 name="Adadelta"):
        super().__init__(use_locking, name)
        self._lr, self._rho, self._epsilon = learning_rate, rho, epsilon

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "accum", self._name)
            self._zeros_slot(v, "accum_update", self._name)

    def _prepare(self):
        self._lr_t = _tensor(self._lr, "lr")
        self._rho_t = _tensor(self._rho, "rho")
        self._epsilon_t = _tensor(self._epsilon, "epsilon")

    def _args(self, var):
        return (var, self.get_slot(var, "accum"), self.get_slot(var, "accum_update"),
                _cast(self._lr_t, var), _cast(self._rho_t, var), _cast(self._epsilon_t, var))

    def _apply_dense(self, grad, var):
        return APPLY["ApplyAdadelta"](*self._args(var), grad, use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        return APPLY["SparseApplyAdadelta"](*self._args(var), grad.values, grad.indices,
                                            use_locking=self._use_locking)


class RMSPropOptimizer(Optimizer):
    """TF1 `tf.train.RMSPropOptimizer` (plain or centered). Slots 'rms' (starting at 1),
    'momentum' and, when centered, 'mg'."""

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10,
                 use_locking=False, centered=False, name="RMSProp"):
        super().__init__(use_locking, name)
        self._learning_rate, self._decay = learning_rate, decay
        self._momentum, self._epsilon, self._centered = momentum, epsilon, centered

    def _create_slots(self, var_list):
        for v in var_list:
            if v.get_shape().is_fully_defined():
                init_rms = init_ops.ones_initializer(dtype=v.dtype.base_dtype)
            else:
                init_rms = ones_like(v)
            self._get_or_make_slot_with_initializer(v, init_rms, v.get_shape(),
                                                    v.dtype.base_dtype, "rms", self._name)
            if self._centered:
                self._zeros_slot(v, "mg", self._name)
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._learning_rate_tensor = _tensor(self._learning_rate, "learning_rate")
        self._decay_tensor = _tensor(self._decay, "decay")
        self._momentum_tensor = _tensor(self._momentum, "momentum")
        self._epsilon_tensor = _tensor(self._epsilon, "epsilon")

    def _args(self, var):
        slots = [self.get_slot(var, "rms"), self.get_slot(var, "momentum")]
        if self._centered:
            slots.insert(0, self.get_slot(var, "mg"))
        return [var] + slots + [_cast(t, var) for t in (
            self._learning_rate_tensor, self._decay_tensor, self._momentum_tensor,
            self._epsilon_tensor)]

    def _apply_dense(self, grad, var):
        op_type = "ApplyCenteredRMSProp" if self._centered else "ApplyRMSProp"
        return _op(APPLY[op_type](*self._args(var), grad, use_locking=self._use_locking))

    def _apply_sparse(self, grad, var):
        op_type = "SparseApplyCenteredRMSProp" if self._centered else "SparseApplyRMSProp"
        return APPLY[op_type](*self._args(var), grad.values, grad.indices,
                              use_locking=self._use_locking)


class FtrlOptimizer(Optimizer):
    """TF1 `tf.train.FtrlOptimizer` (FTRL-Proximal). Slots 'accum' (starting at
    `initial_accumulator_value`) and 'linear'."""

    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="Ftrl", accum_name=None, linear_name=None,
                 l2_shrinkage_regularization_strength=0.0, beta=None):
        super().__init__(use_locking, name)
        for value, what in ((initial_accumulator_value, "initial_accumulator_value"),
                            (l1_regularization_strength, "l1_regularization_strength"),
                            (l2_regularization_strength, "l2_regularization_strength"),
                            (l2_shrinkage_regularization_strength,
                             "l2_shrinkage_regularization_strength")):
            if value < 0.0:
                raise ValueError("%s %f needs to be positive or zero" % (what, value))
        if learning_rate_power > 0.0:
            raise ValueError("learning_rate_power %f needs to be negative or zero"
                             % learning_rate_power)
        self._learning_rate = learning_rate
        self._learning_rate_power = learning_rate_power
        self._initial_accumulator_value = initial_accumulator_value
        self._l1 = l1_regularization_strength
        self._l2 = l2_regularization_strength
        self._beta = 0.0 if beta is None else beta
        self._l2_shrinkage = l2_shrinkage_regularization_strength
        self._accum_name, self._linear_name = accum_name, linear_name

    def _create_slots(self, var_list):

        def accum_initializer(shape, dtype=None, partition_info=None):
            return ones(shape=shape, dtype=dtype) * self._initial_accumulator_value

        for v in var_list:
            self._get_or_make_slot_with_initializer(v, accum_initializer, v.shape,
                                                    v.dtype.base_dtype, "accum",
                                                    self._accum_name or self._name)
            self._zeros_slot(v, "linear", self._linear_name or self._name)

    def _prepare(self):
        self._learning_rate_tensor = _tensor(self._learning_rate, "learning_rate")
        self._l1_tensor = _tensor(self._l1, "l1_regularization_strength")
        adjusted = self._l2 + self._beta / (2. * maximum(self._learning_rate, 1e-36))
        self._l2_tensor = convert.convert_to_tensor(adjusted,
                                                    name="adjusted_l2_regularization_strength")
        self._beta_tensor = _tensor(self._beta, "beta")   # unused, as in TF, but built
        self._l2_shrinkage_tensor = _tensor(self._l2_shrinkage,
                                            "l2_shrinkage_regularization_strength")
        self._learning_rate_power_tensor = _tensor(self._learning_rate_power,
                                                   "learning_rate_power")

    def _hyper(self, var):
        hyper = [self._learning_rate_tensor, self._l1_tensor, self._l2_tensor]
        if self._l2_shrinkage > 0.0:
            hyper.append(self._l2_shrinkage_tensor)
        return [_cast(t, var) for t in hyper + [self._learning_rate_power_tensor]]

    def _apply_dense(self, grad, var):
        op_type = "ApplyFtrlV2" if self._l2_shrinkage > 0.0 else "ApplyFtrl"
        return APPLY[op_type](var, self.get_slot(var, "accum"), self.get_slot(var, "linear"),
                              grad, *self._hyper(var), use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        op_type = "SparseApplyFtrlV2" if self._l2_shrinkage > 0.0 else "SparseApplyFtrl"
        return APPLY[op_type](var, self.get_slot(var, "accum"), self.get_slot(var, "linear"),
                              grad.values, grad.indices, *self._hyper(var),
                              use_locking=self._use_locking)


def _constant_slot(optimizer, var, value, slot_name):
    """A slot starting at `value` everywhere, made from a constant as TF's proximal and
    dual-averaging optimizers make theirs."""
    graph = graph_lib.get_default_graph()
    with graph.colocate_with(var.op):
        val = constant(value, shape=var.get_shape().as_list(), dtype=var.dtype.base_dtype)
    return optimizer._get_or_make_slot(var, val, slot_name, optimizer._name)


class ProximalGradientDescentOptimizer(Optimizer):
    """TF1 `tf.train.ProximalGradientDescentOptimizer` (FOBOS): a gradient step, then l1
    shrinkage and l2 scaling. No slots."""

    def __init__(self, learning_rate, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, use_locking=False,
                 name="ProximalGradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _prepare(self):
        self._learning_rate_tensor = _tensor(self._learning_rate, "learning_rate")
        self._l1_tensor = _tensor(self._l1, "l1_regularization_strength")
        self._l2_tensor = _tensor(self._l2, "l2_regularization_strength")

    def _apply_dense(self, grad, var):
        return _op(APPLY["ApplyProximalGradientDescent"](
            var, self._learning_rate_tensor, self._l1_tensor, self._l2_tensor, grad,
            use_locking=self._use_locking))

    def _apply_sparse(self, grad, var):
        return _op(APPLY["SparseApplyProximalGradientDescent"](
            var, self._learning_rate_tensor, self._l1_tensor, self._l2_tensor, grad.values,
            grad.indices, use_locking=self._use_locking))


class ProximalAdagradOptimizer(Optimizer):
    """TF1 `tf.train.ProximalAdagradOptimizer`: Adagrad's step size, then FOBOS's l1/l2
    proximal step. Slot 'accumulator', starting at `initial_accumulator_value`."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="ProximalAdagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: %s"
                             % initial_accumulator_value)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _create_slots(self, var_list):
        for v in var_list:
            _constant_slot(self, v, self._initial_accumulator_value, "accumulator")

    def _prepare(self):
        self._learning_rate_tensor = _tensor(self._learning_rate, "learning_rate")
        self._l1_tensor = _tensor(self._l1, "l1_regularization_strength")
        self._l2_tensor = _tensor(self._l2, "l2_regularization_strength")

    def _apply_dense(self, grad, var):
        return APPLY["ApplyProximalAdagrad"](
            var, self.get_slot(var, "accumulator"), self._learning_rate_tensor, self._l1_tensor,
            self._l2_tensor, grad, use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        return APPLY["SparseApplyProximalAdagrad"](
            var, self.get_slot(var, "accumulator"), self._learning_rate_tensor, self._l1_tensor,
            self._l2_tensor, grad.values, grad.indices, use_locking=self._use_locking)


class AdagradDAOptimizer(Optimizer):
    """TF1 `tf.train.AdagradDAOptimizer` (Adagrad dual averaging): the variable is recomputed
    from the accumulated gradients and the step number (`global_step` + 1). Slots
    'gradient_accumulator' (zeros) and 'gradient_squared_accumulator' (starting at
    `initial_gradient_squared_accumulator_value`)."""

    def __init__(self, learning_rate, global_step,
                 initial_gradient_squared_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="AdagradDA"):
        if initial_gradient_squared_accumulator_value <= 0.0:
            raise ValueError("initial_gradient_squared_accumulator_value must be positive: %s"
                             % initial_gradient_squared_accumulator_value)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_value = initial_gradient_squared_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength
        self._global_step = global_step
        self._global_step_on_worker = None

    def _create_slots(self, var_list):
        for v in var_list:
            _constant_slot(self, v, 0.0, "gradient_accumulator")
            _constant_slot(self, v, self._initial_value, "gradient_squared_accumulator")

    def _prepare(self):
        self._learning_rate_tensor = _tensor(self._learning_rate, "learning_rate")
        graph = graph_lib.get_default_graph()
        with graph.colocate_with(self._learning_rate_tensor.op):
            self._global_step_on_worker = array_ops.identity(self._global_step) + 1

    def _args(self, var):
        graph = graph_lib.get_default_graph()
        with graph.device(var.device):
            global_step = array_ops.identity(self._global_step_on_worker)
        hyper = [_cast(t, var) for t in (self._learning_rate_tensor,
                                         convert.convert_to_tensor(self._l1),
                                         convert.convert_to_tensor(self._l2))]
        return [self.get_slot(var, "gradient_accumulator"),
                self.get_slot(var, "gradient_squared_accumulator")], hyper, global_step

    def _apply_dense(self, grad, var):
        slots, hyper, global_step = self._args(var)
        return APPLY["ApplyAdagradDA"](var, *slots, grad, *hyper, global_step,
                                       use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        slots, hyper, global_step = self._args(var)
        return APPLY["SparseApplyAdagradDA"](var, *slots, grad.values, grad.indices, *hyper,
                                             global_step, use_locking=self._use_locking)


def _own_resource_hooks(cls):
    """TF's built-in optimizers each define their own `_resource_apply_dense`/`_sparse`, so a
    subclass overriding `_apply_dense` (a Nadam) changes only the ref-variable path, and a
    mixin's `super()._resource_apply_dense` (tf.contrib.opt's DecoupledWeightDecayExtension)
    reaches the built-in update, not the mixin's `_apply_dense` a second time."""
    if "_apply_dense" in vars(cls) and "_resource_apply_dense" not in vars(cls):
        def _resource_apply_dense(self, grad, handle):
            return cls._apply_dense(self, grad, handle)
        cls._resource_apply_dense = _resource_apply_dense
    if "_apply_sparse" in vars(cls) and "_resource_apply_sparse" not in vars(cls):
        def _resource_apply_sparse(self, grad, handle, indices):
            return cls._apply_sparse(self, IndexedSlices(grad, indices), handle)
        cls._resource_apply_sparse = _resource_apply_sparse


for _cls in (GradientDescentOptimizer, MomentumOptimizer, AdamOptimizer, AdagradOptimizer,
             AdadeltaOptimizer, RMSPropOptimizer, FtrlOptimizer,
             ProximalGradientDescentOptimizer, ProximalAdagradOptimizer, AdagradDAOptimizer):
    _own_resource_hooks(_cls)


__all__ = ["GradientDescentOptimizer", "MomentumOptimizer", "AdamOptimizer",
           "AdagradOptimizer", "AdadeltaOptimizer", "RMSPropOptimizer", "FtrlOptimizer",
           "ProximalGradientDescentOptimizer", "ProximalAdagradOptimizer",
           "AdagradDAOptimizer"]
