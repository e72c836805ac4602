"""Dataset.list_files builds TF's "No files matched pattern" check (match_not_empty, message,
assert_not_empty): an initializable iterator over a pattern that matches nothing fails with
InvalidArgumentError instead of yielding an empty epoch. Expected values from TensorFlow."""
from __future__ import annotations

import pytest


def test_no_match_fails_at_first_element(tf, tmp_path):
    pattern = str(tmp_path / "nothing-*.tfrecord")
    it = tf.data.Dataset.list_files(pattern, shuffle=False).make_initializable_iterator()
    nxt = it.get_next()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="assertion failed: \\[No files matched pattern: %s\\]"
                           % pattern.replace("*", "\\*")):
            sess.run(it.initializer)
            sess.run(nxt)


def test_check_ops_and_matching_files(tf, tmp_path):
    for i in range(2):
        (tmp_path / ("f%d.txt" % i)).write_text("x")
    ds = tf.data.Dataset.list_files(str(tmp_path / "*.txt"), shuffle=False)
    names = [op.name for op in tf.get_default_graph().get_operations()]
    for name in ("list_files/match_not_empty", "list_files/message",
                 "list_files/assert_not_empty/Assert", "list_files/file_pattern"):
        assert name in names
    it = ds.make_initializable_iterator()
    nxt = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer)
        got = [sess.run(nxt), sess.run(nxt)]
    assert [g.decode().rsplit("/", 1)[1] for g in got] == ["f0.txt", "f1.txt"]


@pytest.mark.tfcompat_only
def test_one_shot_iterator_also_checks(tf, tmp_path):
    # TF's one-shot iterator copies the dataset by value without control inputs, so there the
    # check is lost and the epoch is silently empty (known_differences.txt)
    nxt = tf.data.Dataset.list_files(str(tmp_path / "none*")).make_one_shot_iterator() \
        .get_next()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="No files matched pattern"):
            sess.run(nxt)
