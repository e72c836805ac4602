"""`tf.keras.optimizers.schedules`: learning rates as functions of the optimizer's step
(`Adam(learning_rate=ExponentialDecay(0.1, 1000, 0.96))`), built as tf_keras builds them:
ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, InverseTimeDecay, CosineDecay,
CosineDecayRestarts.
"""
from __future__ import annotations

import math

import tfcompat as tf
from tfcompat import _unsupported
from tfcompat.keras import _objects


class LearningRateSchedule:
    """Base class: `schedule(step) -> learning rate tensor`."""

    def __call__(self, step):
        raise NotImplementedError("Learning rate schedule '%s' must override `__call__(self, "
                                  "step)`." % type(self).__name__)

    def get_config(self):
        raise NotImplementedError("Learning rate schedule '%s' must override `get_config()` in "
                                  "order to be serializable." % type(self).__name__)

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _start(schedule):
    """(initial learning rate tensor, its dtype) in the schedule's name scope."""
    initial = tf.convert_to_tensor(schedule.initial_learning_rate, name="initial_learning_rate")
    return initial, initial.dtype


class ExponentialDecay(LearningRateSchedule):
    """initial * decay_rate ** (step / decay_steps) (floored with `staircase`)."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name=None):
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.decay_rate, self.staircase, self.name = decay_rate, staircase, name

    def __call__(self, step):
        with tf.name_scope(self.name or "ExponentialDecay") as name:
            initial, decay_rate, p = self._progress(step)
            return tf.multiply(initial, tf.pow(decay_rate, p), name=name)

    def _progress(self, step):
        """(initial rate, decay rate, step / decay_steps, floored when staircase), built in
        the order TF builds them."""
        initial, dtype = _start(self)
        decay_steps = tf.cast(self.decay_steps, dtype)
        decay_rate = tf.cast(self.decay_rate, dtype)
        p = tf.cast(step, dtype) / decay_steps
        if self.staircase:
            p = tf.floor(p)
        return initial, decay_rate, p

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}


class InverseTimeDecay(ExponentialDecay):
    """initial / (1 + decay_rate * step / decay_steps)."""

    def __call__(self, step):
        with tf.name_scope(self.name or "InverseTimeDecay") as name:
            initial, decay_rate, p = self._progress(step)
            const = tf.cast(tf.constant(1), initial.dtype)
            return tf.divide(initial, tf.add(const, tf.multiply(decay_rate, p)), name=name)


class PiecewiseConstantDecay(LearningRateSchedule):
    """values[i] while boundaries[i - 1] < step <= boundaries[i]."""

    def __init__(self, boundaries, values, name=None):
        if len(boundaries) != len(values) - 1:
            raise ValueError("The length of boundaries should be 1 less than the length of "
                             "values. Received: boundaries=%s of length %d, and values=%s of "
                             "length %d." % (boundaries, len(boundaries), values, len(values)))
        self.boundaries, self.values, self.name = boundaries, values, name

    def __call__(self, step):
        with tf.name_scope(self.name or "PiecewiseConstant"):
            boundaries = [tf.convert_to_tensor(b) for b in self.boundaries]
            values = [tf.convert_to_tensor(v) for v in self.values]
            x = tf.convert_to_tensor(step)
            boundaries = [b if b.dtype.base_dtype == x.dtype.base_dtype
                          else tf.cast(b, x.dtype.base_dtype) for b in boundaries]
            pairs = [(x <= boundaries[0], lambda: values[0]),
                     (x > boundaries[-1], lambda: values[-1])]
            for low, high, v in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
                pairs.append(((x > low) & (x <= high), lambda v=v: v))
            return tf.case(pairs, lambda: values[0], exclusive=True)

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """(initial - end) * (1 - step / decay_steps) ** power + end."""

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                 cycle=False, name=None):
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.end_learning_rate, self.power, self.cycle, self.name = end_learning_rate, power, \
            cycle, name

    def __call__(self, step):
        with tf.name_scope(self.name or "PolynomialDecay") as name:
            initial, dtype = _start(self)
            end = tf.cast(self.end_learning_rate, dtype)
            power = tf.cast(self.power, dtype)
            global_step = tf.cast(step, dtype)
            decay_steps = tf.cast(self.decay_steps, dtype)
            if self.cycle:
                multiplier = tf.where_v2(tf.equal(global_step, 0), 1.0,
                                         tf.math.ceil(global_step / self.decay_steps))
                decay_steps = tf.multiply(decay_steps, multiplier)
            else:
                global_step = tf.minimum(global_step, decay_steps)
            p = tf.divide(global_step, decay_steps)
            return tf.add(tf.multiply(initial - end, tf.pow(1 - p, power)), end, name=name)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "end_learning_rate": self.end_learning_rate,
                "power": self.power, "cycle": self.cycle, "name": self.name}


class CosineDecay(LearningRateSchedule):
    """initial * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps))
    + alpha) (no warmup)."""

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name=None,
                 warmup_target=None, warmup_steps=0):
        if warmup_target is not None:
            raise NotImplementedError("CosineDecay(warmup_target=...): tfcompat implements the "
                                      "schedule without warmup")
        self.initial_learning_rate, self.decay_steps, self.alpha = initial_learning_rate, \
            decay_steps, alpha
        self.name, self.warmup_target, self.warmup_steps = name, warmup_target, warmup_steps

    def __call__(self, step):
        with tf.name_scope(self.name or "CosineDecay"):
            initial, dtype = _start(self)
            decay_steps = tf.cast(self.decay_steps, dtype)
            global_step = tf.minimum(tf.cast(step, dtype), decay_steps)
            with tf.name_scope(self.name or "CosineDecay"):
                completed_fraction = global_step / decay_steps
                tf_pi = tf.constant(math.pi, dtype=dtype)
                cosine_decayed = 0.5 * (1.0 + tf.cos(tf_pi * completed_fraction))
                decayed = (1 - self.alpha) * cosine_decayed + self.alpha
                return tf.multiply(initial, decayed)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "alpha": self.alpha, "name": self.name,
                "warmup_target": self.warmup_target, "warmup_steps": self.warmup_steps}


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR): periods of first_decay_steps * t_mul**i steps,
    each starting from initial * m_mul**i."""

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
                 alpha=0.0, name=None):
        self.initial_learning_rate, self.first_decay_steps = initial_learning_rate, \
            first_decay_steps
        self._t_mul, self._m_mul, self.alpha, self.name = t_mul, m_mul, alpha, name

    def __call__(self, step):
        with tf.name_scope(self.name or "SGDRDecay") as name:
            initial, dtype = _start(self)
            first_decay_steps = tf.cast(self.first_decay_steps, dtype)
            alpha = tf.cast(self.alpha, dtype)
            t_mul = tf.cast(self._t_mul, dtype)
            m_mul = tf.cast(self._m_mul, dtype)
            completed_fraction = tf.cast(step, dtype) / first_decay_steps
            i_restart, completed_fraction = tf.cond(
                tf.equal(t_mul, 1.0),
                lambda: _restart_position(completed_fraction, t_mul, geometric=False),
                lambda: _restart_position(completed_fraction, t_mul, geometric=True))
            m_fac = m_mul ** i_restart
            cosine_decayed = 0.5 * m_fac * (1.0 + tf.cos(tf.constant(math.pi, dtype=dtype) *
                                                         completed_fraction))
            decayed = (1 - alpha) * cosine_decayed + alpha
            return tf.multiply(initial, decayed, name=name)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "first_decay_steps": self.first_decay_steps, "t_mul": self._t_mul,
                "m_mul": self._m_mul, "alpha": self.alpha, "name": self.name}


def _restart_position(completed_fraction, t_mul, geometric):
    """(index of the current period, fraction of it done); periods grow by t_mul."""
    if geometric:
        i_restart = tf.floor(tf.math.log(1.0 - completed_fraction * (1.0 - t_mul)) /
                             tf.math.log(t_mul))
        sum_r = (1.0 - t_mul ** i_restart) / (1.0 - t_mul)
        return i_restart, (completed_fraction - sum_r) / t_mul ** i_restart
    i_restart = tf.floor(completed_fraction)
    return i_restart, completed_fraction - i_restart


_OBJECTS = {cls.__name__: cls for cls in (ExponentialDecay, InverseTimeDecay,
                                           PiecewiseConstantDecay, PolynomialDecay,
                                           CosineDecay, CosineDecayRestarts)}


def serialize(schedule):
    return _objects.serialize(schedule)


def deserialize(config, custom_objects=None):
    return _objects.deserialize(config, _OBJECTS, custom_objects, "decay")


__getattr__ = _unsupported.missing_attr("keras.optimizers.schedules", __name__)
