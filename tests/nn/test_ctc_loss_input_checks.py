"""CTCLoss checks its inputs as TF's CTCLossOp::Compute does, in its order and words: the
sequence lengths against the batch and the logits' time, and the labels as a SparseTensor
[batch, longest label] in row-major order (speech scripts hit these with bad data)."""
import numpy as np
import pytest

GOOD = [[0, 0], [0, 1], [1, 0]]
CASES = [
    ("unordered", 5, [[0, 1], [0, 0], [1, 0]], [1, 2, 1], [5, 4],
     "label SparseTensor is not valid: indices[1] = [0,0] is out of order. Many sparse ops "
     "require sorted indices.\n    Use `tf.sparse.reorder` to create a correctly ordered copy."),
    ("repeated", 5, [[0, 0], [0, 0], [1, 0]], [1, 2, 1], [5, 4],
     "label SparseTensor is not valid: indices[1] = [0,0] is repeated"),
    ("batch_oob", 5, [[0, 0], [0, 1], [2, 0]], [1, 2, 1], [5, 4],
     "label SparseTensor is not valid: indices[2] = [2,0] is out of bounds: need 0 <= index "
     "< [2,2]"),
    ("negative", 5, [[0, 0], [0, 1], [-1, 0]], [1, 2, 1], [5, 4],
     "label SparseTensor is not valid: indices[2] = [-1,0] is out of bounds: need 0 <= index "
     "< [2,2]"),
    ("rows", 5, GOOD, [1, 2], [5, 4],
     "labels_indices and labels_values must contain the same number of rows, but saw shapes: "
     "[3,2] vs. [2]"),
    ("seq_len_size", 5, GOOD, [1, 2, 1], [5, 4, 3],
     "len(sequence_length) != batch_size.  len(sequence_length):  3 batch_size: 2"),
    ("seq_len_too_long", 5, GOOD, [1, 2, 1], [5, 6], "sequence_length(1) <= 5"),
    ("no_time", 0, GOOD, [1, 2, 1], [0, 0], "Max time or first dimension of input cannot be 0."),
]


def _message(err):
    message = err.message
    if "Graph execution" in message:  # TF 2.x puts TF 1.x's message after the node line
        message = message.split("Node: '")[1].split("\n", 1)[1]
    return message.split("\n\t [[")[0]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_ctc_loss_input_errors(tf, case):
    _, time, indices, values, seq_len, expected = case
    logits = tf.placeholder(tf.float32, [None, None, 4])
    idx = tf.placeholder(tf.int64, [None, 2])
    val = tf.placeholder(tf.int32, [None])
    seq = tf.placeholder(tf.int32, [None])
    loss = tf.nn.ctc_loss(tf.SparseTensor(idx, val, [2, 2]), logits, seq)
    feed = {logits: np.zeros((time, 2, 4), np.float32), idx: np.array(indices, np.int64),
            val: values, seq: seq_len}
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as err:
            sess.run(loss, feed)
        assert _message(err.value).rstrip("\n") == expected
        feed.update({logits: np.zeros((5, 2, 4), np.float32), idx: np.array(GOOD, np.int64),
                     val: [1, 2, 1], seq: [5, 4]})
        np.testing.assert_allclose(sess.run(loss, feed), [3.376124, 3.242592], rtol=1e-5)
