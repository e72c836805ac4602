"""TF1 learning-rate schedules (`tf.train.exponential_decay`, ...): each returns a tensor of
the decayed rate for the current `global_step`, with TF's formulas and op name scopes."""
from __future__ import annotations

import math

from tfcompat.framework import convert
from tfcompat.framework.graph import name_scope
from tfcompat.ops import math_ops
from tfcompat.ops.indexing_ops import where
from tfcompat.ops.random_ops import random_normal
from tfcompat.ops.array_ops import identity
from tfcompat.ops.indexing_ops import where_v2


def _ops():
    return math_ops


def _require_step(global_step, fn):
    if global_step is None:
        raise ValueError("global_step is required for %s." % fn)


def _decay_start(learning_rate, global_step, decay_steps, name):
    m = _ops()
    learning_rate = convert.convert_to_tensor(learning_rate, name="learning_rate")
    dtype = learning_rate.dtype
    step = m.cast(global_step, dtype)
    decay_steps = m.cast(decay_steps, dtype)
    return learning_rate, dtype, step, decay_steps


def _initial_rate(learning_rate):
    """TF's keras schedules (what TF's tf.train.*_decay call): `initial_learning_rate`."""
    learning_rate = convert.convert_to_tensor(learning_rate, name="initial_learning_rate")
    return learning_rate, learning_rate.dtype


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                      name=None):
    """lr * decay_rate ^ (global_step / decay_steps) (floor of the exponent if staircase)."""
    _require_step(global_step, "exponential_decay")
    m = _ops()
    with name_scope(name or "ExponentialDecay") as scope:   # TF's keras ExponentialDecay
        lr, dtype = _initial_rate(learning_rate)
        steps = m.cast(decay_steps, dtype)
        decay_rate = m.cast(decay_rate, dtype)
        p = m.cast(global_step, dtype) / steps
        if staircase:
            p = m.floor(p)
        return m.multiply(lr, m.pow(decay_rate, p), name=scope)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                      name=None):
    """lr * exp(-decay_rate * global_step / decay_steps)."""
    _require_step(global_step, "natural_exp_decay")
    m = _ops()
    with name_scope(name, "NaturalExpDecay",
                    [learning_rate, global_step, decay_rate]) as scope:
        lr, dtype, step, steps = _decay_start(learning_rate, global_step, decay_steps, name)
        rate = m.exp(m.negative(m.cast(decay_rate, dtype)))
        p = step / steps
        if staircase:
            p = m.floor(p)
        return m.multiply(lr, m.pow(rate, p), name=scope)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                       name=None):
    """lr / (1 + decay_rate * global_step / decay_steps)."""
    _require_step(global_step, "inverse_time_decay")
    m = _ops()
    with name_scope(name or "InverseTimeDecay") as scope:   # TF's keras InverseTimeDecay
        lr, dtype = _initial_rate(learning_rate)
        steps = m.cast(decay_steps, dtype)
        decay_rate = m.cast(decay_rate, dtype)
        p = m.cast(global_step, dtype) / steps
        if staircase:
            p = m.floor(p)
        one = m.cast(convert.constant(1), dtype)
        denom = m.add(one, m.multiply(decay_rate, p))
        return m.truediv(lr, denom, name=scope)


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001,
                     power=1.0, cycle=False, name=None):
    """(lr - end) * (1 - min(step, decay_steps) / decay_steps) ^ power + end."""
    _require_step(global_step, "polynomial_decay")
    m = _ops()
    with name_scope(name or "PolynomialDecay") as scope:   # TF's keras PolynomialDecay
        lr, dtype = _initial_rate(learning_rate)
        end = m.cast(end_learning_rate, dtype)
        power = m.cast(power, dtype)
        step = m.cast(global_step, dtype)
        steps = m.cast(decay_steps, dtype)
        if cycle:
            multiplier = where_v2(m.equal(step, 0), 1.0, m.ceil(step / decay_steps))
            steps = m.multiply(steps, multiplier)
        else:
            step = m.minimum(step, steps)
        p = m.truediv(step, steps)
        return m.add(m.multiply(lr - end, m.pow(1 - p, power)), end, name=scope)


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """lr * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)."""
    _require_step(global_step, "cosine_decay")
    m = _ops()
    with name_scope(name or "CosineDecay"):   # TF's keras CosineDecay (result unnamed)
        lr, dtype = _initial_rate(learning_rate)
        steps = m.cast(decay_steps, dtype)
        step = m.minimum(m.cast(global_step, dtype), steps)
        completed = step / steps
        cosine = 0.5 * (1.0 + m.cos(convert.constant(math.pi, dtype=dtype) * completed))
        decayed = (1 - alpha) * cosine + alpha
        return m.multiply(lr, decayed)


def cosine_decay_restarts(learning_rate, global_step, first_decay_steps, t_mul=2.0, m_mul=1.0,
                          alpha=0.0, name=None):
    """SGDR: cosine decay restarted every period, periods growing by `t_mul`, peaks shrinking
    by `m_mul`."""
    _require_step(global_step, "cosine_decay_restarts")
    m = _ops()
    with name_scope(name, "SGDRDecay", [learning_rate, global_step]) as scope:
        lr, dtype, step, first = _decay_start(learning_rate, global_step, first_decay_steps,
                                              name)
        fraction = step / first
        if float(t_mul) == 1.0:
            i_restart = m.floor(fraction)
            fraction = fraction - i_restart
        else:
            i_restart = m.floor(m.log(1.0 - fraction * (1.0 - t_mul)) / m.log(
                m.cast(t_mul, dtype)))
            sum_r = (1.0 - m.pow(m.cast(t_mul, dtype), i_restart)) / (1.0 - t_mul)
            fraction = (fraction - sum_r) / m.pow(m.cast(t_mul, dtype), i_restart)
        m_fac = m.pow(m.cast(m_mul, dtype), i_restart)
        cosine = 0.5 * m_fac * (1.0 + m.cos(m.cast(math.pi, dtype) * fraction))
        decayed = (1 - alpha) * cosine + alpha
        return m.multiply(lr, decayed, name=scope)


def linear_cosine_decay(learning_rate, global_step, decay_steps, num_periods=0.5, alpha=0.0,
                        beta=0.001, name=None):
    """lr * ((alpha + linear) * cosine + beta), linear going from 1 to 0 over decay_steps."""
    _require_step(global_step, "linear_cosine_decay")
    m = _ops()
    with name_scope(name, "LinearCosineDecay", [learning_rate, global_step]) as scope:
        lr, dtype, step, steps = _decay_start(learning_rate, global_step, decay_steps, name)
        step = m.minimum(step, steps)
        linear = (steps - step) / steps
        fraction = 2.0 * num_periods * (step / steps)
        cosine = 0.5 * (1.0 + m.cos(m.cast(math.pi, dtype) * fraction))
        return m.multiply(lr, (alpha + linear) * cosine + beta, name=scope)


def noisy_linear_cosine_decay(learning_rate, global_step, decay_steps, initial_variance=1.0,
                              variance_decay=0.55, num_periods=0.5, alpha=0.0, beta=0.001,
                              name=None):
    """linear_cosine_decay with Gaussian noise added to the linear part; the noise's variance
    is initial_variance / (1 + step) ^ variance_decay (TF's keras NoisyLinearCosineDecay)."""
    _require_step(global_step, "noisy_linear_cosine_decay")
    m = _ops()
    with name_scope(name or "NoisyLinearCosineDecay") as scope:
        lr, dtype = _initial_rate(learning_rate)
        steps = m.cast(decay_steps, dtype)
        initial_variance, variance_decay, num_periods, alpha, beta = (
            m.cast(v, dtype) for v in (initial_variance, variance_decay, num_periods, alpha,
                                       beta))
        step = m.minimum(m.cast(global_step, dtype), steps)
        linear = (steps - step) / steps
        std = m.sqrt(initial_variance / m.pow(1.0 + step, variance_decay))
        noisy_linear = linear + random_normal(linear.shape, stddev=std, dtype=dtype)
        completed = step / steps
        fraction = 2.0 * num_periods * completed
        cosine = 0.5 * (1.0 + m.cos(convert.constant(math.pi, dtype=dtype) * fraction))
        return m.multiply(lr, (alpha + noisy_linear) * cosine + beta, name=scope)


def piecewise_constant(x, boundaries, values, name=None):
    """values[0] for x <= boundaries[0], values[i] for boundaries[i-1] < x <= boundaries[i],
    values[-1] after the last boundary."""
    m = _ops()
    if len(boundaries) != len(values) - 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    with name_scope(name, "PiecewiseConstant", [x, boundaries, values]):
        values = [convert.convert_to_tensor(v) for v in values]
        x = convert.convert_to_tensor(x)
        bounds = []
        for b in boundaries:
            b = convert.convert_to_tensor(b)
            if b.dtype.base_dtype != x.dtype.base_dtype:
                b = m.cast(b, x.dtype.base_dtype)
            bounds.append(b)
        for v in values[1:]:
            if v.dtype.base_dtype != values[0].dtype.base_dtype:
                raise ValueError("Values must have elements all with the same dtype (%s vs %s)."
                                 % (values[0].dtype.base_dtype, v.dtype.base_dtype))
        result = values[-1]
        for b, v in reversed(list(zip(bounds, values[:-1]))):
            result = where(m.less_equal(x, b), v, result)
        # TF returns `control_flow_ops.case(...)` of the conditions: `<scope>/case/cond/Merge`
        with name_scope("case"), name_scope("cond"):
            return identity(result, name="Merge")


piecewise_constant_decay = piecewise_constant

__all__ = ["exponential_decay", "natural_exp_decay", "inverse_time_decay", "polynomial_decay",
           "cosine_decay", "cosine_decay_restarts", "linear_cosine_decay",
           "noisy_linear_cosine_decay", "piecewise_constant",
           "piecewise_constant_decay"]
