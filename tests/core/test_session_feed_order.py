"""Session.run checks the feed_dict before the fetches (TF's session._run converts every feed
before building its fetch handler): with a bad feed key and a bad fetch, the feed error wins.
Seen in serving code reading both names from a SignatureDef with a missing key."""
import pytest


def test_bad_feed_key_reported_before_bad_fetch(tf):
    tf.placeholder(tf.float32, [2])
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor"):
            sess.run('', {'': [1.0, 2.0]})
        with pytest.raises(TypeError, match="The name 'zz:0' refers to a Tensor which does not "
                                            "exist"):
            sess.run('nope:0', {'zz:0': 1.0})


def test_bad_feed_value_reported_before_bad_fetch(tf):
    x = tf.placeholder(tf.float32, [2])
    with tf.Session() as sess:
        with pytest.raises(ValueError, match=r"Cannot feed value of shape \(3,\)"):
            sess.run('nope:0', {x: [1.0, 2.0, 3.0]})
        with pytest.raises(ValueError, match="cannot be interpreted as a Tensor"):
            sess.run('nope:0', {x: [1.0, 2.0]})


def test_empty_graph_with_feeds(tf):
    with tf.Session() as sess:
        with pytest.raises(RuntimeError, match="The Session graph is empty"):
            sess.run('a:0', {'b:0': 1.0})
