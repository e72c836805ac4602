"""The optimizer argument of the canned estimators: a name, an Optimizer, or a callable that
returns one (TF 1.15 canned/optimizers.py, v1 optimizers)."""
from __future__ import annotations

import tfcompat as tf

_OPTIMIZER_CLS_NAMES = {
    "Adagrad": "AdagradOptimizer",
    "Adam": "AdamOptimizer",
    "Ftrl": "FtrlOptimizer",
    "RMSProp": "RMSPropOptimizer",
    "SGD": "GradientDescentOptimizer",
}


def get_optimizer_instance(opt, learning_rate=None):
    """An Optimizer for `opt`: a name from `_OPTIMIZER_CLS_NAMES` (built with `learning_rate`),
    an Optimizer instance, or a callable returning one."""
    if isinstance(opt, str):
        if opt not in _OPTIMIZER_CLS_NAMES:
            raise ValueError("Unsupported optimizer name: {}. Supported names are: {}".format(
                opt, tuple(sorted(_OPTIMIZER_CLS_NAMES))))
        if not learning_rate:
            raise ValueError("learning_rate must be specified when opt is string.")
        return getattr(tf.train, _OPTIMIZER_CLS_NAMES[opt])(learning_rate=learning_rate)
    if callable(opt):
        opt = opt()
    if not isinstance(opt, tf.train.Optimizer):
        raise ValueError("The given object is not an Optimizer instance. Given: {}".format(opt))
    return opt
