"""Optional ops (tfcompat/ops/optional_ops.py): what TF's gradients of control flow v2 conds
wrap a branch's intermediates in. Built through `tf.raw_ops` in graph mode; an Optional is a
variant, so each program fetches what reads it."""
from __future__ import annotations

from harness import Program


def _values(tf):
    r = tf.raw_ops
    a = tf.constant([1.0, 2.0])
    b = tf.constant(7, tf.int32)
    opt = r.OptionalFromValue(components=[a * 3.0, b])
    got_a, got_b = r.OptionalGetValue(optional=opt, output_types=[tf.float32, tf.int32],
                                      output_shapes=[[2], []])
    one = r.OptionalGetValue(optional=r.OptionalFromValue(components=[a]),
                             output_types=[tf.float32], output_shapes=[[None]])
    floats = r.OptionalGetValue(optional=r.OptionalFromValue(components=[a * a, a]),
                                output_types=[tf.float32, tf.float32],
                                output_shapes=[[2], [2]])
    grad, = tf.gradients(tf.reduce_sum(floats[0] * floats[1]) + tf.reduce_sum(one), [a])
    return {"a": got_a, "b": got_b, "one": one, "grad": grad,
            "has": r.OptionalHasValue(optional=opt),
            "has_none": r.OptionalHasValue(optional=r.OptionalNone())}, {}


def _get_none(tf):
    r = tf.raw_ops
    p = tf.placeholder_with_default(True, [])
    opt = tf.cond(p, lambda: r.OptionalNone(),
                  lambda: r.OptionalFromValue(components=[tf.constant(1.0)]))
    return {"v": r.OptionalGetValue(optional=opt, output_types=[tf.float32],
                                    output_shapes=[[]])}, {}


PROGRAMS = [
    Program("optional_values", _values,
            covers=("OptionalFromValue", "OptionalGetValue", "OptionalHasValue",
                    "OptionalNone")),
    Program("optional_get_none", _get_none),
]
