"""Resource variables through the Python API: `tf.enable_resource_variables()` making
`tf.get_variable`/`tf.Variable` ResourceVariables, their reads after writes, `count_up_to`
(ResourceCountUpTo) and an optimizer step over them, with TF's op names."""
from harness import Program


def _enabled(tf):
    tf.enable_resource_variables()
    try:
        v = tf.get_variable("v", [2], initializer=tf.constant_initializer([1.0, 2.0]))
        w = tf.Variable([3.0, 4.0], name="w")
        counter = tf.Variable(0, name="counter", dtype=tf.int64)
        enabled = tf.constant(tf.resource_variables_enabled())
    finally:
        tf.disable_resource_variables()
    loss = tf.reduce_sum(v * w)
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
    with tf.control_dependencies([train]):
        after = [v.read_value(), w.read_value()]
    count = counter.count_up_to(2)
    init = tf.global_variables_initializer()
    return ({"enabled": enabled, "v": after[0], "w": after[1], "count": count,
             "types": tf.constant([v.op.type, w.op.type, str(v.dtype.name)])}, {}, [init])


PROGRAMS = [Program("resource_variables_enabled", _enabled, graph=True,
                    graph_skip=("gradients",), covers=("ResourceCountUpTo",))]
