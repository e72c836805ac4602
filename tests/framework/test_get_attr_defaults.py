"""`Operation.get_attr` of an attr the op's NodeDef holds only as its OpDef default (MatMul's
grad_a, MaxPool's explicit_paddings, TopKV2's index_type): TF returns the default, as for
every other attr of the NodeDef. Recorded from TF 2.21 compat.v1."""
import numpy as np
import pytest


def test_defaulted_attrs_are_readable(tf):
    x = tf.placeholder(tf.float32, [None, 4, 4, 2])
    pool = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], "VALID", name="pool")
    mm = tf.matmul(tf.ones([2, 3]), tf.ones([3, 2]), name="mm")
    topk = tf.nn.top_k(mm, k=1, name="topk")
    assert pool.op.get_attr("explicit_paddings") == []
    assert mm.op.get_attr("grad_a") is False and mm.op.get_attr("grad_b") is False
    assert topk.indices.op.get_attr("index_type") == tf.int32
    for op in tf.get_default_graph().get_operations():
        for key in op.node_def.attr:
            op.get_attr(key)  # every attr of the NodeDef reads
    with pytest.raises(ValueError) as info:
        mm.op.get_attr("nonexistent")
    assert str(info.value) == "Operation 'mm' has no attr named 'nonexistent'."
    assert np.float32(0.3) == tf.nn.leaky_relu(mm, alpha=0.3).op.get_attr("alpha")
