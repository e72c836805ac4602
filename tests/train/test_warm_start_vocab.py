"""tf.train.warm_start with var_name_to_vocab_info: rows (axis 0) or columns (axis 1) of a
checkpoint tensor follow a changed vocabulary; missing and OOV entries take the backup
initializer, partitions remap their own row ranges. Expected values: TF 2.21 (TF 1.x code)."""
import os

import numpy as np
import pytest


def _checkpoint(tf, d):
    with open(os.path.join(d, 'old.txt'), 'w') as f:
        f.write('a\nb\nc\nd\n')
    with open(os.path.join(d, 'new.txt'), 'w') as f:
        f.write('c\nx\na\nd\n')
    with tf.Graph().as_default():
        tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3), name='emb')
        tf.Variable(np.arange(8, dtype=np.float32).reshape(2, 4) + 100, name='ker')
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            tf.train.Saver().save(s, os.path.join(d, 'm'))
    return os.path.join(d, 'old.txt'), os.path.join(d, 'new.txt')


def test_vocab_remap_rows_cols_partitions(tf, tmp_path):
    old_v, new_v = _checkpoint(tf, str(tmp_path))
    emb = tf.get_variable('emb', [6, 3], partitioner=tf.fixed_size_partitioner(2))
    ker = tf.get_variable('ker', [2, 5])
    other = tf.get_variable('k2', [4, 3])
    tf.train.warm_start(str(tmp_path), ['emb', 'ker', 'k2'], var_name_to_vocab_info={
        'emb': tf.train.VocabInfo(new_v, 4, 2, old_v, backup_initializer=tf.ones_initializer()),
        'ker': tf.train.VocabInfo(new_v, 4, 1, old_v, old_vocab_size=3, axis=1),
        'k2': tf.train.VocabInfo(new_v, 4, 0, old_v)},
        var_name_to_prev_var_name={'k2': 'emb'})
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(s.run(tf.concat(list(emb), 0)), [
            [6, 7, 8], [1, 1, 1], [0, 1, 2], [9, 10, 11], [1, 1, 1], [1, 1, 1]])
        np.testing.assert_array_equal(s.run(ker), [[102, 0, 100, 103, 0], [106, 0, 104, 107, 0]])
        np.testing.assert_array_equal(s.run(other), [[6, 7, 8], [0, 0, 0], [0, 1, 2],
                                                     [9, 10, 11]])


def test_vocab_remap_old_vocab_size_and_seeded_backup(tf, tmp_path):
    old_v, new_v = _checkpoint(tf, str(tmp_path))
    tf.set_random_seed(3)
    emb = tf.get_variable('emb', [5, 3])
    tf.train.warm_start(str(tmp_path), 'emb', var_name_to_vocab_info={
        'emb': tf.train.VocabInfo(new_v, 4, 1, old_v, old_vocab_size=2,
                                  backup_initializer=tf.random_uniform_initializer(5, 6, seed=1))})
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        got = s.run(emb)
    # only 'a' is in the first two old entries: row 2 comes from the checkpoint
    np.testing.assert_array_equal(got[2], [0, 1, 2])
    assert ((got[[0, 1, 3, 4]] >= 5) & (got[[0, 1, 3, 4]] < 6)).all()


def test_unused_vocab_info_is_an_error(tf, tmp_path):
    old_v, new_v = _checkpoint(tf, str(tmp_path))
    tf.get_variable('emb', [4, 3])
    with pytest.raises(ValueError, match="var_name_to_vocab_info that were not used: {'nope'}"):
        tf.train.warm_start(str(tmp_path), None, var_name_to_vocab_info={
            'nope': tf.train.VocabInfo(new_v, 4, 0, old_v)})


@pytest.mark.tfcompat_only   # TF 2.21 crashes here (tests/differential/known_differences.txt)
def test_constant_backup_initializer(tf, tmp_path):
    # TF 2.21 crashes here (constant_initializer given the symbolic count of missing entries:
    # NotImplementedError "Cannot convert a symbolic tf.Tensor"): known_differences.txt
    old_v, new_v = _checkpoint(tf, str(tmp_path))
    emb = tf.get_variable('emb', [4, 3])
    tf.train.warm_start(str(tmp_path), 'emb', var_name_to_vocab_info={
        'emb': tf.train.VocabInfo(new_v, 4, 0, old_v,
                                  backup_initializer=tf.constant_initializer(-9.0))})
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(s.run(emb), [[6, 7, 8], [-9, -9, -9], [0, 1, 2],
                                                   [9, 10, 11]])
