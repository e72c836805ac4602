"""TF 1.15's contrib/quantize/python/common.py: the quantization step counter and rerouting."""
from __future__ import annotations

import tfcompat as tf

SKIPPED_PREFIXES = ("gradients/", "RMSProp/", "Adagrad/", "Const_", "HistogramSummary",
                    "ScalarSummary")


def RerouteTensor(t0, t1, can_modify=None):
    """Makes the consumers of `t1` (those in `can_modify` if given) read `t0`; returns the
    number of inputs updated."""
    consumers = t1.consumers()
    if can_modify is not None:
        consumers = [c for c in consumers if c in can_modify]
    indices = {c: [i for i, t in enumerate(c.inputs) if t is t1] for c in consumers}
    count = 0
    for c in consumers:
        for i in indices[c]:
            c._update_input(i, t0)  # pylint: disable=protected-access
            count += 1
    return count


def DropStringPrefix(s, prefix):
    """If the string starts with this prefix, drops it."""
    return s[len(prefix):] if s.startswith(prefix) else s


def CreateOrGetQuantizationStep():
    """The step counter of quant_delay and freeze_bn_delay: 'fake_quantization_step', an int64
    variable incremented each time the graph runs; returns 'fake_quantization_step/Identity:0'."""
    name = "fake_quantization_step"
    g = tf.get_default_graph()
    try:
        return g.get_tensor_by_name(name + "/Identity:0")
    except KeyError:
        pass
    with g.name_scope(None):
        step = tf.get_variable(name, shape=[], dtype=tf.int64,
                               initializer=tf.zeros_initializer(), trainable=False,
                               collections=[tf.GraphKeys.GLOBAL_VARIABLES])
        with g.name_scope(step.op.name + "/"):
            # the incremented value: it runs once per graph execution
            return tf.identity(tf.assign_add(step, 1))
