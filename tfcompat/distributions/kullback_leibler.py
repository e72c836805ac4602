"""`tf.distributions.kl_divergence` and `RegisterKL`: KL(a || b) functions registered per pair of
distribution classes; the closest registered pair in both classes' MROs wins, as in TF."""
from __future__ import annotations

import inspect

import tfcompat as tf

_DIVERGENCES: dict = {}


def _registered_kl(type_a, type_b):
    """The KL function of the registered (parent_a, parent_b) nearest to (type_a, type_b)."""
    best, kl_fn = None, None
    for mro_to_a, parent_a in enumerate(inspect.getmro(type_a)):
        for mro_to_b, parent_b in enumerate(inspect.getmro(type_b)):
            distance = mro_to_a + mro_to_b
            candidate = _DIVERGENCES.get((parent_a, parent_b))
            if not kl_fn or (candidate and distance < best):
                best, kl_fn = distance, candidate
    return kl_fn


def kl_divergence(distribution_a, distribution_b, allow_nan_stats=True, name=None):
    """TF1 `tf.distributions.kl_divergence`: KL(distribution_a || distribution_b); with
    allow_nan_stats=False a NaN in the result fails the run."""
    kl_fn = _registered_kl(type(distribution_a), type(distribution_b))
    if kl_fn is None:
        raise NotImplementedError(
            "No KL(distribution_a || distribution_b) registered for distribution_a type %s and "
            "distribution_b type %s" % (type(distribution_a).__name__,
                                        type(distribution_b).__name__))
    with tf.name_scope("KullbackLeibler"):
        kl_t = kl_fn(distribution_a, distribution_b, name=name)
        if allow_nan_stats:
            return kl_t
        kl_t = tf.identity(kl_t, name="kl")
        check = tf.Assert(tf.logical_not(tf.reduce_any(tf.is_nan(kl_t))), [
            "KL calculation between %s and %s returned NaN values (and was called with "
            "allow_nan_stats=False). Values:" % (distribution_a.name, distribution_b.name),
            kl_t])
        with tf.control_dependencies([check]):
            return tf.identity(kl_t, name="checked_kl")


def cross_entropy(ref, other, allow_nan_stats=True, name=None):
    """H(ref, other) = entropy(ref) + KL(ref || other)."""
    with tf.name_scope(name, "cross_entropy"):
        return ref.entropy() + kl_divergence(ref, other, allow_nan_stats=allow_nan_stats)


class RegisterKL:
    """Decorator: `@RegisterKL(ClassA, ClassB)` registers `kl_fn(a, b, name=None)`."""

    def __init__(self, dist_cls_a, dist_cls_b):
        self._key = (dist_cls_a, dist_cls_b)

    def __call__(self, kl_fn):
        if not callable(kl_fn):
            raise TypeError("kl_fn must be callable, received: %s" % kl_fn)
        if self._key in _DIVERGENCES:
            raise ValueError("KL(%s || %s) has already been registered to: %s"
                             % (self._key[0].__name__, self._key[1].__name__,
                                _DIVERGENCES[self._key]))
        _DIVERGENCES[self._key] = kl_fn
        return kl_fn
