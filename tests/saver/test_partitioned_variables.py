"""Partitioned variables as TF 1.15 builds, trains, saves and restores them: the partitioners'
part names and shapes, save_slice_info, embedding_lookup's 'mod'/'div' strategies, optimizer
slots of the parts (saved as slices of `<name>/Adam`), restoring into an unpartitioned variable
and into another partitioning. Every literal was recorded from TF 2.21 compat.v1.
"""
import numpy as np

import tfcompat as tf

FULL = np.arange(30, dtype=np.float32).reshape(10, 3)
CHANGED = [0, 1, 3, 5, 6]   # rows the 'mod' lookup of ids [0, 3, 4, 9, 7] reads


def _init(offsets):
    def init(shape, dtype=None, partition_info=None):
        off = partition_info.single_offset(shape) if partition_info is not None else 0
        offsets.append(off)
        return tf.constant(FULL[off:off + shape[0]], dtype=dtype)
    return init


def test_partitioners_lookup_slots_and_checkpoints(tmp_path):
    offsets = []
    with tf.Graph().as_default():
        w = tf.get_variable("w", [10, 3], partitioner=tf.fixed_size_partitioner(3),
                            initializer=_init(offsets))
        m = tf.get_variable("m", [7, 4], initializer=tf.ones_initializer(),
                            partitioner=tf.min_max_variable_partitioner(max_partitions=4,
                                                                        min_slice_size=8))
        ax = tf.get_variable("ax", [9, 16], initializer=tf.zeros_initializer(),
                             partitioner=tf.variable_axis_size_partitioner(max_shard_bytes=200))
        assert offsets == [0, 4, 7]
        assert [v.name for v in w] == ["w/part_0:0", "w/part_1:0", "w/part_2:0"]
        assert [v.name for v in m] == ["m/part_%d:0" % i for i in range(4)]
        assert [v.name for v in ax] == ["ax/part_%d:0" % i for i in range(3)]
        assert [v.shape.as_list() for v in w] == [[4, 3], [3, 3], [3, 3]]
        assert [(v._save_slice_info.full_name, str(v._save_slice_info.spec),
                 list(v._save_slice_info.var_offset)) for v in w] == [
            ("w", "10 3 0,4:0,3", [0, 0]), ("w", "10 3 4,3:0,3", [4, 0]),
            ("w", "10 3 7,3:0,3", [7, 0])]
        ids = tf.constant([0, 3, 4, 9, 7])
        e_mod = tf.nn.embedding_lookup(w, ids, partition_strategy="mod")
        e_div = tf.nn.embedding_lookup(w, ids, partition_strategy="div")
        opt = tf.train.AdamOptimizer(0.1)
        train = opt.minimize(tf.reduce_sum(tf.nn.embedding_lookup(w, ids) * 2.0)
                             + tf.reduce_sum(m))
        assert sorted(v.name for v in tf.global_variables() if "Adam" in v.name) == sorted(
            "%s/part_%d/%s:0" % (n, i, s) for n, k in (("m", 4), ("w", 3)) for i in range(k)
            for s in ("Adam", "Adam_1"))
        slot = opt.get_slot(list(w)[0], "m")
        assert (slot._save_slice_info.full_name, str(slot._save_slice_info.spec)) == \
            ("w/Adam", "10 3 0,4:0,3")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            mod, div = sess.run([e_mod, e_div])
            sess.run(train)
            path = tf.train.Saver().save(sess, str(tmp_path / "a"))
    np.testing.assert_array_equal(mod[:, 0], [0, 3, 15, 9, 18])
    np.testing.assert_array_equal(div[:, 0], [0, 9, 12, 27, 21])
    after = FULL.copy()
    after[CHANGED] -= 0.1
    reader = tf.train.NewCheckpointReader(path)
    assert sorted(reader.get_variable_to_shape_map().items()) == [
        ("ax", [9, 16]), ("beta1_power", []), ("beta2_power", []), ("m", [7, 4]),
        ("m/Adam", [7, 4]), ("m/Adam_1", [7, 4]), ("w", [10, 3]), ("w/Adam", [10, 3]),
        ("w/Adam_1", [10, 3])]
    np.testing.assert_allclose(reader.get_tensor("w"), after, rtol=1e-6)
    moment = np.zeros((10, 3), np.float32)
    moment[CHANGED] = 0.2
    np.testing.assert_allclose(reader.get_tensor("w/Adam"), moment, rtol=1e-6)
    _restore_other_layouts(tmp_path, path, after)


def _restore_other_layouts(tmp_path, path, after):
    with tf.Graph().as_default():   # partitioned -> unpartitioned
        w = tf.get_variable("w", [10, 3])
        with tf.Session() as sess:
            tf.train.Saver([w]).restore(sess, path)
            np.testing.assert_allclose(sess.run(w), after, rtol=1e-6)
            plain = tf.train.Saver([w]).save(sess, str(tmp_path / "b"))
    with tf.Graph().as_default():   # unpartitioned -> 4 parts; 3 parts -> 4 parts
        w = tf.get_variable("w", [10, 3], partitioner=tf.fixed_size_partitioner(4))
        with tf.Session() as sess:
            tf.train.Saver(list(w)).restore(sess, plain)
            np.testing.assert_allclose(sess.run(tf.concat(list(w), 0)), after, rtol=1e-6)
            sess.run(tf.variables_initializer(list(w)))
            tf.train.Saver({"w": w}).restore(sess, path)
            np.testing.assert_allclose(sess.run(w.as_tensor()), after, rtol=1e-6)
