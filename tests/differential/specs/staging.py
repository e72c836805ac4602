"""Staging areas (`tf.contrib.staging.StagingArea`; TF 2.21 keeps the class in data_flow_ops):
put, get, peek, size and clear, a get and a put in one run (a pipelined step), shared names,
named components and the memory limit's error."""
import numpy as np

from harness import Program


def _staging_area(tf):
    try:
        return tf.contrib.staging.StagingArea
    except Exception:  # noqa: BLE001 - TF 2.21 has no tf.contrib
        from tensorflow.python.ops.data_flow_ops import StagingArea
        return StagingArea


def _put_get_peek(tf):
    area = _staging_area(tf)([tf.float32, tf.int32], shapes=[[None, 2], []], capacity=4)
    puts = [area.put([tf.constant(np.full((i + 1, 2), i, np.float32)), tf.constant(i)])
            for i in range(3)]
    got = area.get()
    with tf.control_dependencies(got):
        peeked = area.peek(1)
        size = area.size()
    return {"got0": got[0], "got1": got[1], "peek0": peeked[0], "peek1": peeked[1],
            "size": size}, {}, puts


def _pipelined_step(tf):
    """A step that gets what the previous run staged while it stages the next batch."""
    area = _staging_area(tf)([tf.float32], shared_name="pipeline")
    x = tf.placeholder(tf.float32, [3])
    first = area.put([x])
    (got,) = area.get()
    with tf.control_dependencies([area.put([x + 10.0])]):
        staged = tf.identity(x)
    return {"step": got * 2.0, "staged": staged}, {x: np.array([1., 2., 3.], np.float32)}, \
        [first]


def _named_and_cleared(tf):
    area = _staging_area(tf)([tf.float32, tf.int64], names=["a", "b"])
    put = area.put({"a": tf.constant([1.5]), "b": tf.constant(7, tf.int64)})
    got = area.get()
    again = area.put({"a": tf.constant([2.5]), "b": tf.constant(8, tf.int64)})
    with tf.control_dependencies([got["a"], again]):
        clear = area.clear()
    with tf.control_dependencies([clear]):
        size = area.size()
    return {"a": got["a"], "b": got["b"], "size": size}, {}, [put]


def _memory_limit(tf):
    area = _staging_area(tf)([tf.float32], memory_limit=16)
    return {}, {}, [area.put([tf.zeros([5])])]


PROGRAMS = [
    Program("staging_put_get_peek", _put_get_peek,
            covers=("Stage", "Unstage", "StagePeek", "StageSize")),
    Program("staging_pipelined_step", _pipelined_step),
    Program("staging_named_and_cleared", _named_and_cleared, covers=("StageClear",)),
    Program("staging_memory_limit", _memory_limit),
]
