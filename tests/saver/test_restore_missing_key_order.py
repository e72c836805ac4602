"""A restore missing several keys names the first of them in the checkpoint's key order (TF's
RestoreV2 checks its tensor_names in order), not in the order the variables were made.
Recorded from TF 2.21 compat.v1."""
import os

import pytest


def test_first_missing_key_in_sorted_order(tf, tmp_path):
    tf.get_variable("zz", [1])
    tf.get_variable("aa", [1])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, os.path.join(str(tmp_path), "ck"))
    with tf.variable_scope("imp"):
        tf.get_variable("zz", [1])
        tf.get_variable("aa", [1])
    scoped = tf.train.Saver(tf.global_variables()[2:])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.NotFoundError) as info:
            scoped.restore(sess, path)
    assert "Key imp/aa not found in checkpoint" in str(info.value)
    assert "imp/zz" not in str(info.value)
