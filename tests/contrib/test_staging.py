"""tf.contrib.staging.StagingArea (TF 2.21 keeps the class in data_flow_ops): build-time checks
and the blocking get; expected texts recorded from TF 2.21 compat.v1."""
import threading
import time

import numpy as np
import pytest


def _staging_area(tf):
    try:
        return tf.contrib.staging.StagingArea
    except Exception:  # noqa: BLE001 - TF 2.21 has no tf.contrib
        from tensorflow.python.ops.data_flow_ops import StagingArea
        return StagingArea


def test_put_checks_and_op_structure(tf):
    area_class = _staging_area(tf)
    with tf.Graph().as_default():
        area = area_class([tf.float32, tf.int64], shapes=[[2], []], shared_name="shared")
        put = area.put([tf.constant([1., 2.]), tf.constant(3, tf.int64)])
        assert (put.name, put.type) == ("shared_put", "Stage")
        assert put.get_attr("shared_name") in (b"shared", "shared")
        assert put.colocation_groups() == [b"loc:@shared_root/NoOp"]
        got = area.get()
        assert [t.name for t in got] == ["shared_get:0", "shared_get:1"]
        assert [t.shape.as_list() for t in got] == [[2], []]
        with pytest.raises(ValueError, match=r"Shapes \(3,\) and \(2,\) are incompatible"):
            area.put([tf.constant([1., 2., 3.]), tf.constant(3, tf.int64)])
        with pytest.raises(ValueError, match="Datatypes do not match. Received val.dtype "
                                             "<dtype: 'int32'> and dtype <dtype: 'int64'>"):
            area.put([tf.constant([1., 2.]), tf.constant(3, tf.int32)])
        named = area_class([tf.float32, tf.float32], names=["a", "b"])
        with pytest.raises(ValueError, match="Keys in dictionary to put do not match names of "
                                             r"staging area. Dictionary: \['z'\]Queue: "):
            named.put({"z": tf.constant(1.)})
        with pytest.raises(ValueError, match="You must enqueue a dictionary"):
            named.put([tf.constant(1.)])
        assert sorted(named.get()) == ["a", "b"]


def test_get_waits_for_a_put_from_another_thread(tf):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None])
        area = _staging_area(tf)([tf.float32])
        put, (got,) = area.put([x]), area.get()
        with tf.Session() as sess:
            def later():
                time.sleep(0.3)
                sess.run(put, {x: np.ones(2)})
            thread = threading.Thread(target=later)
            thread.start()
            start = time.time()
            np.testing.assert_array_equal(sess.run(got), [1., 1.])
            assert time.time() - start >= 0.25
            thread.join()
