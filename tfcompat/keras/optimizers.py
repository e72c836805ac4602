"""`tf.keras.optimizers` in TF1 graph mode: Keras' OptimizerV2 classes (SGD, Adam, RMSprop,
Adagrad, Adadelta, Adamax, Ftrl) with Keras' argument names (`learning_rate`, the deprecated
`lr`), slot variables named `<var>/<slot>` and TF's update kernels (ResourceApplyAdam,
ResourceApplyRMSProp, ...: Keras' weights and slots are resource variables, as in TF; a ref
variable made outside Keras gets the `Apply*` form; Keras' momentum and AMSGrad updates are
TF's ResourceApplyKerasMomentum / ResourceApplyAdamWithAmsgrad, and for a ref variable, which
those have no form for, assign ops with the kernels' arithmetic), and `get('adam')`.
"""
from __future__ import annotations

import types

import tfcompat as tf
from tfcompat import _unsupported
from tfcompat import init_ops
from tfcompat.keras import _objects
from tfcompat.keras import _schedules as schedules
from tfcompat.keras import backend
from tfcompat.keras._optimizer_base import OptimizerV2
from tfcompat.ops import keras_training_ops
from tfcompat.ops.training_ops import APPLY


def _is_resource(var):
    return getattr(var, "_should_act_as_resource_variable", False) is True


def _keras_momentum(var, accum, lr, grad, momentum, nesterov):
    """TF's ResourceApplyKerasMomentum; for a ref variable (TF has no ref form of the kernel)
    its arithmetic in TF ops: accum = accum * momentum - grad * lr; var += accum (Nesterov:
    accum * momentum - grad * lr)."""
    if _is_resource(var) and _is_resource(accum):
        return keras_training_ops.resource_apply_keras_momentum(
            var.handle, accum.handle, lr, grad, momentum, use_locking=True,
            use_nesterov=bool(nesterov))
    accum_t = tf.assign(accum, accum * momentum - grad * lr, use_locking=True)
    step = accum_t * momentum - grad * lr if nesterov else accum_t
    return tf.assign_add(var, step, use_locking=True).op


def _adam_with_amsgrad(var, m, v, vhat, beta1_power, beta2_power, lr, beta1, beta2, epsilon,
                       grad):
    """TF's ResourceApplyAdamWithAmsgrad; for a ref variable (TF has no ref form of the
    kernel) its arithmetic in TF ops."""
    if all(_is_resource(x) for x in (var, m, v, vhat)):
        return keras_training_ops.resource_apply_adam_with_amsgrad(
            var.handle, m.handle, v.handle, vhat.handle, beta1_power, beta2_power, lr, beta1,
            beta2, epsilon, grad, use_locking=True)
    alpha = lr * tf.sqrt(1 - beta2_power) / (1 - beta1_power)
    m_t = tf.assign_add(m, (grad - m) * (1 - beta1), use_locking=True)
    v_t = tf.assign_add(v, (tf.square(grad) - v) * (1 - beta2), use_locking=True)
    vhat_t = tf.assign(vhat, tf.maximum(vhat, v_t), use_locking=True)
    return tf.assign_sub(var, (m_t * alpha) / (tf.sqrt(vhat_t) + epsilon), use_locking=True).op


def _lr(kwargs, learning_rate):
    return kwargs.get("lr", learning_rate)


def _check_momentum(momentum):
    if isinstance(momentum, (int, float)) and (momentum < 0 or momentum > 1):
        raise ValueError("`momentum` must be between [0, 1]. Received: momentum=%s (of type %s)."
                         % (momentum, type(momentum)))
    return tf.is_tensor(momentum) or callable(momentum) or momentum > 0


class SGD(OptimizerV2):
    """Gradient descent, with Keras' momentum (`v = m * v - lr * g; w += v`) and Nesterov."""

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="SGD", **kwargs):
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", _lr(kwargs, learning_rate))
        self._set_hyper("decay", self._initial_decay)
        self._momentum = _check_momentum(momentum)
        self._set_hyper("momentum", momentum)
        self.nesterov = nesterov

    def _create_slots(self, var_list):
        if self._momentum:
            for var in var_list:
                self.add_slot(var, "momentum")

    def _prepare_local(self, var_dtype, apply_state):
        super()._prepare_local(var_dtype, apply_state)
        apply_state[var_dtype]["momentum"] = tf.identity(self._get_hyper("momentum", var_dtype))

    def _resource_apply_dense(self, grad, var, apply_state=None):
        c = self._coefficients(var, apply_state)
        if self._momentum:
            return _keras_momentum(var, self.get_slot(var, "momentum"), c["lr_t"], grad,
                                   c["momentum"], self.nesterov)
        return APPLY["ApplyGradientDescent"](var, c["lr_t"], grad, use_locking=True)

    def _resource_apply_sparse(self, grad, var, indices, apply_state=None):
        """Only the rows in `indices` move (their momentum too), as TF's sparse kernels."""
        c = self._coefficients(var, apply_state)
        if not self._momentum:
            return tf.scatter_add(var, indices, -grad * c["lr_t"], use_locking=True).op
        accum = self.get_slot(var, "momentum")
        rows = tf.gather(accum, indices) * c["momentum"] - grad * c["lr_t"]
        accum_t = tf.scatter_update(accum, indices, rows, use_locking=True)
        rows_t = tf.gather(accum_t, indices)
        step = rows_t * c["momentum"] - grad * c["lr_t"] if self.nesterov else rows_t
        return tf.scatter_add(var, indices, step, use_locking=True).op

    def get_config(self):
        config = super().get_config()
        config.update({"learning_rate": self._serialize_hyperparameter("learning_rate"),
                       "decay": self._initial_decay,
                       "momentum": self._serialize_hyperparameter("momentum"),
                       "nesterov": self.nesterov})
        return config


class _AdamFamily(OptimizerV2):
    """Adam's hyper parameters and per-step coefficients (shared with Adamax)."""

    def __init__(self, learning_rate, beta_1, beta_2, epsilon, name, **kwargs):
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", _lr(kwargs, learning_rate))
        self._set_hyper("decay", self._initial_decay)
        self._set_hyper("beta_1", beta_1)
        self._set_hyper("beta_2", beta_2)
        self.epsilon = epsilon or 1e-7

    def _create_slots(self, var_list):
        for var in var_list:
            self.add_slot(var, "m")
        for var in var_list:
            self.add_slot(var, "v")

    def _prepare_local(self, var_dtype, apply_state):
        super()._prepare_local(var_dtype, apply_state)
        local_step = tf.cast(self.iterations + 1, var_dtype)
        beta_1_t = tf.identity(self._get_hyper("beta_1", var_dtype))
        beta_2_t = tf.identity(self._get_hyper("beta_2", var_dtype))
        apply_state[var_dtype].update(
            beta_1_t=beta_1_t, beta_2_t=beta_2_t,
            beta_1_power=tf.pow(beta_1_t, local_step),
            beta_2_power=tf.pow(beta_2_t, local_step),
            epsilon=tf.convert_to_tensor(self.epsilon, var_dtype))

    def get_config(self):
        config = super().get_config()
        config.update({"learning_rate": self._serialize_hyperparameter("learning_rate"),
                       "decay": self._initial_decay,
                       "beta_1": self._serialize_hyperparameter("beta_1"),
                       "beta_2": self._serialize_hyperparameter("beta_2"),
                       "epsilon": self.epsilon})
        return config


class Adam(_AdamFamily):
    """Adam (and AMSGrad with `amsgrad=True`, keeping the running maximum `vhat`)."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07,
                 amsgrad=False, name="Adam", **kwargs):
        super().__init__(learning_rate, beta_1, beta_2, epsilon, name, **kwargs)
        self.amsgrad = amsgrad

    def _create_slots(self, var_list):
        super()._create_slots(var_list)
        if self.amsgrad:
            for var in var_list:
                self.add_slot(var, "vhat")

    def _resource_apply_dense(self, grad, var, apply_state=None):
        c = self._coefficients(var, apply_state)
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        hyper = (c["beta_1_power"], c["beta_2_power"], c["lr_t"], c["beta_1_t"], c["beta_2_t"],
                 c["epsilon"], grad)
        if self.amsgrad:
            return _adam_with_amsgrad(var, m, v, self.get_slot(var, "vhat"), *hyper)
        return APPLY["ApplyAdam"](var, m, v, *hyper, use_locking=True)

    def get_config(self):
        config = super().get_config()
        config["amsgrad"] = self.amsgrad
        return config


class Adamax(_AdamFamily):
    """Adamax: Adam with the infinity norm (TF's ApplyAdaMax kernel)."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07,
                 name="Adamax", **kwargs):
        super().__init__(learning_rate, beta_1, beta_2, epsilon, name, **kwargs)

    def _resource_apply_dense(self, grad, var, apply_state=None):
        c = self._coefficients(var, apply_state)
        return APPLY["ApplyAdaMax"](var, self.get_slot(var, "m"), self.get_slot(var, "v"),
                                    c["beta_1_power"], c["lr_t"], c["beta_1_t"], c["beta_2_t"],
                                    c["epsilon"], grad, use_locking=True)


class Nadam(_AdamFamily):
    """Adam with Nesterov momentum and Keras' momentum schedule (`momentum_cache`), built from
    plain ops as Keras builds it."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07,
                 name="Nadam", **kwargs):
        kwargs["decay"] = kwargs.pop("schedule_decay", 0.004)
        super().__init__(learning_rate, beta_1, beta_2, epsilon, name, **kwargs)
        self._m_cache = None

    def _create_slots(self, var_list):
        if self._m_cache is None:
            self._m_cache = self.add_weight("momentum_cache", shape=[],
                                            dtype=var_list[0].dtype.base_dtype,
                                            initializer="ones", trainable=False)
            self._weights.append(self._m_cache)
        super()._create_slots(var_list)

    def _prepare(self, var_list):
        self._m_cache_read = tf.identity(self._m_cache)
        return super()._prepare(var_list)

    def _prepare_local(self, var_dtype, apply_state):
        lr_t = tf.identity(self._get_hyper("learning_rate", var_dtype))
        beta_1_t = tf.identity(self._get_hyper("beta_1", var_dtype))
        beta_2_t = tf.identity(self._get_hyper("beta_2", var_dtype))
        local_step = tf.cast(self.iterations + 1, var_dtype)
        next_step = tf.cast(self.iterations + 2, var_dtype)
        decay_base = tf.cast(0.96, var_dtype)
        m_t = beta_1_t * (1.0 - 0.5 * tf.pow(decay_base, self._initial_decay * local_step))
        m_t_1 = beta_1_t * (1.0 - 0.5 * tf.pow(decay_base, self._initial_decay * next_step))
        m_schedule_new = tf.cast(self._m_cache_read, var_dtype) * m_t
        if var_dtype == self._m_cache.dtype.base_dtype:
            m_schedule_new = tf.identity(tf.assign(self._m_cache, m_schedule_new,
                                                   use_locking=True))
        m_schedule_next = m_schedule_new * m_t_1
        apply_state[var_dtype] = dict(
            lr_t=lr_t, neg_lr_t=-lr_t, epsilon=tf.convert_to_tensor(self.epsilon, var_dtype),
            beta_1_t=beta_1_t, beta_2_t=beta_2_t, m_t=m_t, m_t_1=m_t_1,
            one_minus_beta_1_t=1 - beta_1_t, one_minus_beta_2_t=1 - beta_2_t,
            one_minus_m_t=1.0 - m_t, one_minus_m_schedule_new=1.0 - m_schedule_new,
            one_minus_m_schedule_next=1.0 - m_schedule_next,
            v_t_prime_denominator=1.0 - tf.pow(beta_2_t, local_step))

    def _resource_apply_dense(self, grad, var, apply_state=None):
        c = self._coefficients(var, apply_state)
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        g_prime = grad / c["one_minus_m_schedule_new"]
        m_t = tf.assign(m, c["beta_1_t"] * m + c["one_minus_beta_1_t"] * grad, use_locking=True)
        m_t_prime = m_t / c["one_minus_m_schedule_next"]
        v_t = tf.assign(v, c["beta_2_t"] * v + c["one_minus_beta_2_t"] * tf.square(grad),
                        use_locking=True)
        v_t_prime = v_t / c["v_t_prime_denominator"]
        m_t_bar = c["one_minus_m_t"] * g_prime + c["m_t_1"] * m_t_prime
        var_t = var - c["lr_t"] * m_t_bar / (tf.sqrt(v_t_prime) + c["epsilon"])
        return tf.assign(var, var_t, use_locking=True).op


class RMSprop(OptimizerV2):
    """RMSprop (plain: Keras' own ops; with momentum: TF's (Centered)RMSProp kernel)."""

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-07,
                 centered=False, name="RMSprop", **kwargs):
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", _lr(kwargs, learning_rate))
        self._set_hyper("decay", self._initial_decay)
        self._set_hyper("rho", rho)
        self._momentum = _check_momentum(momentum)
        self._set_hyper("momentum", momentum)
        self.epsilon = epsilon or 1e-7
        self.centered = centered

    def _create_slots(self, var_list):
        for var in var_list:
            self.add_slot(var, "rms")
        if self._momentum:
            for var in var_list:
                self.add_slot(var, "momentum")
        if self.centered:
            for var in var_list:
                self.add_slot(var, "mg")

    def _prepare_local(self, var_dtype, apply_state):
        super()._prepare_local(var_dtype, apply_state)
        rho = tf.identity(self._get_hyper("rho", var_dtype))
        state = apply_state[var_dtype]
        state.update(neg_lr_t=-state["lr_t"],
                     epsilon=tf.convert_to_tensor(self.epsilon, var_dtype), rho=rho,
                     momentum=tf.identity(self._get_hyper("momentum", var_dtype)),
                     one_minus_rho=1.0 - rho)

    def _resource_apply_dense(self, grad, var, apply_state=None):
        c = self._coefficients(var, apply_state)
        rms = self.get_slot(var, "rms")
        if self._momentum:
            mom = self.get_slot(var, "momentum")
            hyper = (c["lr_t"], c["rho"], c["momentum"], c["epsilon"], grad)
            if self.centered:
                return APPLY["ApplyCenteredRMSProp"](var, self.get_slot(var, "mg"), rms, mom,
                                                     *hyper, use_locking=True)
            return APPLY["ApplyRMSProp"](var, rms, mom, *hyper, use_locking=True)
        rms_t = c["rho"] * rms + c["one_minus_rho"] * tf.square(grad)
        rms_t = tf.assign(rms, rms_t, use_locking=True)
        denom_t = rms_t
        if self.centered:
            mg = self.get_slot(var, "mg")
            mg_t = tf.assign(mg, c["rho"] * mg + c["one_minus_rho"] * grad, use_locking=True)
            denom_t = rms_t - tf.square(mg_t)
        var_t = var - c["lr_t"] * grad / (tf.sqrt(denom_t) + c["epsilon"])
        return tf.assign(var, var_t, use_locking=True).op

    def get_config(self):
        config = super().get_config()
        config.update({"learning_rate": self._serialize_hyperparameter("learning_rate"),
                       "decay": self._initial_decay,
                       "rho": self._serialize_hyperparameter("rho"),
                       "momentum": self._serialize_hyperparameter("momentum"),
                       "epsilon": self.epsilon, "centered": self.centered})
        return config


class Adagrad(OptimizerV2):
    """Adagrad with Keras' epsilon (TF's ApplyAdagradV2 kernel)."""

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07,
                 name="Adagrad", **kwargs):
        if initial_accumulator_value < 0.0:
            raise ValueError("initial_accumulator_value must be non-negative: %s"
                             % initial_accumulator_value)
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", _lr(kwargs, learning_rate))
        self._set_hyper("decay", self._initial_decay)
        self._initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon or 1e-7

    def _create_slots(self, var_list):
        for var in var_list:
            init = init_ops.Constant(self._initial_accumulator_value, dtype=var.dtype.base_dtype)
            self.add_slot(var, "accumulator", init)

    def _prepare_local(self, var_dtype, apply_state):
        super()._prepare_local(var_dtype, apply_state)
        state = apply_state[var_dtype]
        state.update(epsilon=tf.convert_to_tensor(self.epsilon, var_dtype),
                     neg_lr_t=-state["lr_t"], zero=tf.zeros((), dtype=tf.int64))

    def _resource_apply_dense(self, grad, var, apply_state=None):
        c = self._coefficients(var, apply_state)
        return APPLY["ApplyAdagradV2"](var, self.get_slot(var, "accumulator"), c["lr_t"],
                                       c["epsilon"], grad, use_locking=True)

    def get_config(self):
        config = super().get_config()
        config.update({"learning_rate": self._serialize_hyperparameter("learning_rate"),
                       "decay": self._initial_decay,
                       "initial_accumulator_value": self._initial_accumulator_value,
                       "epsilon": self.epsilon})
        return config


class Adadelta(OptimizerV2):
    """Adadelta (TF's ApplyAdadelta kernel)."""

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-07, name="Adadelta",
                 **kwargs):
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", _lr(kwargs, learning_rate))
        self._set_hyper("decay", self._initial_decay)
        self._set_hyper("rho", rho)
        self.epsilon = epsilon or 1e-7

    def _create_slots(self, var_list):
        for var in var_list:
            self.add_slot(var, "accum_grad")
        for var in var_list:
            self.add_slot(var, "accum_var")

    def _prepare_local(self, var_dtype, apply_state):
        super()._prepare_local(var_dtype, apply_state)
        apply_state[var_dtype].update(epsilon=tf.convert_to_tensor(self.epsilon, var_dtype),
                                      rho=tf.identity(self._get_hyper("rho", var_dtype)))

    def _resource_apply_dense(self, grad, var, apply_state=None):
        c = self._coefficients(var, apply_state)
        return APPLY["ApplyAdadelta"](var, self.get_slot(var, "accum_grad"),
                                      self.get_slot(var, "accum_var"), c["lr_t"], c["rho"],
                                      c["epsilon"], grad, use_locking=True)

    def get_config(self):
        config = super().get_config()
        config.update({"learning_rate": self._serialize_hyperparameter("learning_rate"),
                       "decay": self._initial_decay,
                       "rho": self._serialize_hyperparameter("rho"), "epsilon": self.epsilon})
        return config


class Ftrl(OptimizerV2):
    """FTRL-proximal (TF's ApplyFtrl / ApplyFtrlV2 kernels)."""

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5,
                 initial_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, name="Ftrl",
                 l2_shrinkage_regularization_strength=0.0, beta=0.0, **kwargs):
        super().__init__(name, **kwargs)
        for arg, value, sign in (("initial_accumulator_value", initial_accumulator_value,
                                  "positive or zero"),
                                 ("learning_rate_power", -learning_rate_power,
                                  "negative or zero"),
                                 ("l1_regularization_strength", l1_regularization_strength,
                                  "positive or zero"),
                                 ("l2_regularization_strength", l2_regularization_strength,
                                  "positive or zero"),
                                 ("l2_shrinkage_regularization_strength",
                                  l2_shrinkage_regularization_strength, "positive or zero")):
            if value < 0.0:
                raise ValueError("`%s` needs to be %s. Received: %s=%s."
                                 % (arg, sign, arg, value if arg != "learning_rate_power"
                                    else learning_rate_power))
        self._set_hyper("learning_rate", learning_rate)
        self._set_hyper("decay", self._initial_decay)
        self._set_hyper("learning_rate_power", learning_rate_power)
        self._set_hyper("l1_regularization_strength", l1_regularization_strength)
        self._set_hyper("l2_regularization_strength", l2_regularization_strength)
        self._set_hyper("beta", beta)
        self._initial_accumulator_value = initial_accumulator_value
        self._l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength

    def _create_slots(self, var_list):
        for var in var_list:
            init = init_ops.Constant(self._initial_accumulator_value, dtype=var.dtype.base_dtype)
            self.add_slot(var, "accumulator", init)
            self.add_slot(var, "linear")

    def _prepare_local(self, var_dtype, apply_state):
        super()._prepare_local(var_dtype, apply_state)
        state = apply_state[var_dtype]
        for key in ("learning_rate_power", "l1_regularization_strength",
                    "l2_regularization_strength", "beta"):
            state[key] = tf.identity(self._get_hyper(key, var_dtype))
        state["l2_shrinkage"] = tf.cast(self._l2_shrinkage_regularization_strength, var_dtype)

    def _resource_apply_dense(self, grad, var, apply_state=None):
        c = self._coefficients(var, apply_state)
        l2 = c["l2_regularization_strength"] + c["beta"] / (2.0 * c["lr_t"])
        slots = (self.get_slot(var, "accumulator"), self.get_slot(var, "linear"))
        if self._l2_shrinkage_regularization_strength <= 0.0:
            return APPLY["ApplyFtrl"](var, *slots, grad, c["lr_t"],
                                      c["l1_regularization_strength"], l2,
                                      c["learning_rate_power"], use_locking=True)
        return APPLY["ApplyFtrlV2"](var, *slots, grad, c["lr_t"],
                                    c["l1_regularization_strength"], l2, c["l2_shrinkage"],
                                    c["learning_rate_power"], use_locking=True)

    def _resource_apply_sparse(self, grad, var, indices, apply_state=None):
        """Only the rows in `indices` move (TF's SparseApplyFtrl kernels)."""
        c = self._coefficients(var, apply_state)
        l2 = c["l2_regularization_strength"] + c["beta"] / (2.0 * c["lr_t"])
        slots = (self.get_slot(var, "accumulator"), self.get_slot(var, "linear"))
        if self._l2_shrinkage_regularization_strength <= 0.0:
            return APPLY["SparseApplyFtrl"](var, *slots, grad, indices, c["lr_t"],
                                            c["l1_regularization_strength"], l2,
                                            c["learning_rate_power"], use_locking=True)
        return APPLY["SparseApplyFtrlV2"](var, *slots, grad, indices, c["lr_t"],
                                          c["l1_regularization_strength"], l2,
                                          c["l2_shrinkage"], c["learning_rate_power"],
                                          use_locking=True)

    def get_config(self):
        config = super().get_config()
        config.update({
            "learning_rate": self._serialize_hyperparameter("learning_rate"),
            "decay": self._initial_decay,
            "initial_accumulator_value": self._initial_accumulator_value,
            "learning_rate_power": self._serialize_hyperparameter("learning_rate_power"),
            "l1_regularization_strength":
                self._serialize_hyperparameter("l1_regularization_strength"),
            "l2_regularization_strength":
                self._serialize_hyperparameter("l2_regularization_strength"),
            "beta": self._serialize_hyperparameter("beta"),
            "l2_shrinkage_regularization_strength": self._l2_shrinkage_regularization_strength})
        return config


class TFOptimizer(OptimizerV2):
    """A TF1 `tf.train.Optimizer` given to Keras (`compile(optimizer=tf.train.AdamOptimizer())`):
    its own compute/apply_gradients with `TFOptimizer/iterations` as the global step."""

    def __init__(self, optimizer, iterations=None):
        super().__init__("TFOptimizer")
        self.optimizer = optimizer
        if iterations is None:
            with tf.name_scope(type(self).__name__):
                iterations = backend.variable(0, dtype="int64", name="iterations")
        self.iterations = iterations

    def apply_gradients(self, grads_and_vars, name=None, experimental_aggregate_gradients=True):
        return self.optimizer.apply_gradients(grads_and_vars, global_step=self.iterations)

    def get_grads(self, loss, params):
        return self.optimizer.compute_gradients(loss, params)

    def get_updates(self, loss, params):
        if not params:
            self.updates = [tf.assign_add(self.iterations, 1)]
            return self.updates
        grads = self.optimizer.compute_gradients(loss, params)
        self.updates = [self.optimizer.apply_gradients(grads, global_step=self.iterations)]
        return self.updates

    @property
    def weights(self):
        raise NotImplementedError

    def get_config(self):
        raise NotImplementedError


Optimizer = OptimizerV2
legacy = types.SimpleNamespace(   # tf.keras.optimizers.legacy: the same classes
    Adadelta=Adadelta, Adagrad=Adagrad, Adam=Adam, Adamax=Adamax, Ftrl=Ftrl, Nadam=Nadam,
    Optimizer=OptimizerV2, RMSprop=RMSprop, SGD=SGD)
_OBJECTS = {"adam": Adam, "adamax": Adamax, "nadam": Nadam, "sgd": SGD, "rmsprop": RMSprop,
            "adagrad": Adagrad, "adadelta": Adadelta, "ftrl": Ftrl}
_OBJECTS.update({cls.__name__: cls for cls in set(_OBJECTS.values())})


def serialize(optimizer):
    return _objects.serialize(optimizer)


def deserialize(config, custom_objects=None):
    """An optimizer from `{'class_name': 'Adam', 'config': {...}}` (class names are
    case-insensitive, as in Keras)."""
    if isinstance(config, dict) and isinstance(config.get("class_name"), str):
        lowered = config["class_name"].lower()
        if lowered in _OBJECTS:
            config = dict(config, class_name=lowered)
    return _objects.deserialize(config, _OBJECTS, custom_objects, "optimizer")


def get(identifier):
    """An optimizer from an instance, a name ('adam', 'SGD'), a config dict, or a TF1
    `tf.train.Optimizer` (used as it is)."""
    if isinstance(identifier, OptimizerV2):
        return identifier
    if hasattr(identifier, "compute_gradients") and hasattr(identifier, "apply_gradients"):
        return TFOptimizer(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize({"class_name": str(identifier), "config": {}})
    raise ValueError("Could not interpret optimizer identifier: %s" % (identifier,))


__getattr__ = _unsupported.missing_attr("keras.optimizers", __name__)
