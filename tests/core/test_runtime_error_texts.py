"""Errors raised while a graph runs carry TF's kernel texts, never torch's. Inputs are fed through
placeholders of unknown shape, so only the kernels see the mismatch. Expected texts were recorded
from TF 2.21 compat.v1 (stock kernels, TF_ENABLE_ONEDNN_OPTS=0); TF 2.21 wraps them in "Graph
execution error" lines, so the tests look for the text anywhere in the message."""
import numpy as np
import pytest

F32 = np.float32
I32 = np.int32


def _build(tf, name):
    return {
        "add": lambda a, b: a + b,
        "mul_2d": lambda a, b: a * b,
        "less": lambda a, b: a < b,
        "matmul": lambda a, b: tf.matmul(a, b),
        "batch_matmul": lambda a, b: tf.matmul(a, b),
        "reshape": lambda a: tf.reshape(a, [4, 2]),
        "reshape_multiple": lambda a: tf.reshape(a, [-1, 4]),
        "reshape_two_unknown": lambda a, s: tf.reshape(a, s),
        "gather": lambda a, i: tf.gather(a, i),
        "gather_nd": lambda a, i: tf.gather_nd(a, i),
        "concat": lambda a, b: tf.concat([a, b], 0),
        "concat_rank": lambda a, b: tf.concat([a, b], 0),
        "stack": lambda a, b: tf.stack([a, b]),
        "one_hot_depth": lambda i, d: tf.one_hot(i, d),
        "slice": lambda a: tf.slice(a, [1], [5]),
        "transpose": lambda a: tf.transpose(a, [1, 0]),
        "squeeze": lambda a: tf.squeeze(a, [0]),
        "split": lambda a: tf.split(a, 2),
        "tile": lambda a: tf.tile(a, [2, 2]),
        "pad": lambda a: tf.pad(a, [[1, 1]]),
        "sum_axis": lambda a: tf.reduce_sum(a, 2),
        "argmax_axis": lambda a: tf.argmax(a, 2),
        "softmax_xent": lambda a, b: tf.nn.softmax_cross_entropy_with_logits_v2(labels=a,
                                                                                logits=b),
        "bias_add": lambda a, b: tf.nn.bias_add(a, b),
        "conv2d_depth": lambda a, b: tf.nn.conv2d(a, b, [1, 1, 1, 1], "SAME"),
        "range_delta": lambda d: tf.range(0, 5, d),
        "fill_negative": lambda d: tf.fill(d, 1.0),
        "expand_dims": lambda a: tf.expand_dims(a, 5),
        "broadcast_to": lambda a: tf.broadcast_to(a, [2, 4]),
        "select": lambda c, a, b: tf.where(c, a, b),
        "softmax_scalar": lambda a: tf.nn.softmax(a),
    }[name]


CASES = [
    ("add", [np.ones(3, F32), np.ones(2, F32)], "Incompatible shapes: [3] vs. [2]"),
    ("mul_2d", [np.ones((2, 3), F32), np.ones((3, 2), F32)],
     "Incompatible shapes: [2,3] vs. [3,2]"),
    ("less", [np.ones(3, F32), np.ones(2, F32)], "Incompatible shapes: [3] vs. [2]"),
    ("matmul", [np.ones((2, 3), F32), np.ones((4, 2), F32)],
     "Matrix size-incompatible: In[0]: [2,3], In[1]: [4,2]"),
    ("batch_matmul", [np.ones((2, 2, 3), F32), np.ones((3, 3, 2), F32)],
     "In[0] and In[1] must have compatible batch dimensions: [2,2,3] vs. [3,3,2]"),
    ("reshape", [np.ones(6, F32)],
     "Input to reshape is a tensor with 6 values, but the requested shape has 8"),
    ("reshape_multiple", [np.ones(6, F32)],
     "Input to reshape is a tensor with 6 values, but the requested shape requires a multiple "
     "of 4"),
    ("reshape_two_unknown", [np.ones(6, F32), np.array([-1, -1], I32)],
     "Only one input size may be -1, not both 0 and 1"),
    ("gather", [np.ones(3, F32), np.array([[0], [5]], I32)], "indices[1,0] = 5 is not in [0, 3)"),
    ("gather_nd", [np.ones((2, 3), F32), np.array([[0, 1], [2, 0]], I32)],
     "indices[1] = [2, 0] does not index into param shape [2,3]"),
    ("concat", [np.ones((2, 3), F32), np.ones((2, 4), F32)],
     "ConcatOp : Dimension 1 in both shapes must be equal: shape[0] = [2,3] vs. shape[1] = [2,4]"),
    ("concat_rank", [np.ones((2, 3), F32), np.ones(2, F32)],
     "ConcatOp : Ranks of all input tensors should match: shape[0] = [2,3] vs. shape[1] = [2]"),
    ("stack", [np.ones((2, 3), F32), np.ones((2, 4), F32)],
     "Shapes of all inputs must match: values[0].shape = [2,3] != values[1].shape = [2,4]"),
    ("one_hot_depth", [np.array([0, 1], I32), np.array(-1, I32)],
     "depth must be non-negative, got: -1"),
    ("slice", [np.ones(3, F32)], "Expected size[0] in [0, 2], but got 5"),
    ("transpose", [np.ones(3, F32)],
     "transpose expects a vector of size 1. But input(1) is a vector of size 2"),
    ("squeeze", [np.ones((2, 3), F32)], "Can not squeeze dim[0], expected a dimension of 1, got 2"),
    ("split", [np.ones(3, F32)],
     "Number of ways to split should evenly divide the split dimension, but got split_dim 0 "
     "(size = 3) and num_split 2"),
    ("tile", [np.ones(3, F32)],
     "Expected multiples argument to be a vector of length 1 but got length 2"),
    ("pad", [np.ones((2, 3), F32)],
     "The first dimension of paddings must be the rank of inputs[1,2] [2,3]"),
    ("sum_axis", [np.ones((2, 3), F32)], "Invalid reduction dimension (2 for input with 2 "
     "dimension(s)"),
    ("argmax_axis", [np.ones((2, 3), F32)], "Expected dimension in the range [-2, 2), but got 2"),
    ("softmax_xent", [np.ones((2, 3), F32), np.ones((2, 4), F32)],
     "logits and labels must be broadcastable: logits_size=[2,4] labels_size=[2,3]"),
    ("bias_add", [np.ones((2, 3), F32), np.ones(4, F32)],
     "Must provide as many biases as the last dimension of the input tensor: [4] vs. [2,3]"),
    ("conv2d_depth", [np.ones((1, 4, 4, 3), F32), np.ones((2, 2, 2, 5), F32)],
     "input depth must be evenly divisible by filter depth: 3 vs 2"),
    ("range_delta", [np.array(0, I32)], "Requires delta != 0: 0"),
    ("fill_negative", [np.array([-1], I32)], "Dimension -1 must be >= 0"),
    ("expand_dims", [np.ones(3, F32)], "Tried to expand dim index 5 for tensor with 1 dimensions."),
    ("broadcast_to", [np.ones(3, F32)], "Incompatible shapes: [3] vs. [2,4]"),
    ("select", [np.array([True, False]), np.ones(3, F32), np.ones(3, F32)],
     "Inputs to operation Select of type Select must have the same size and shape.  Input 0: "
     "[2] != input 1: [3]"),
    ("softmax_scalar", [np.array(1.0, F32)], "logits must have >= 1 dimension, got []"),
]


@pytest.mark.parametrize("name, feeds, text", CASES, ids=[c[0] for c in CASES])
def test_runtime_error_has_tf_text(tf, name, feeds, text):
    dtypes = {np.dtype(F32): tf.float32, np.dtype(I32): tf.int32, np.dtype(bool): tf.bool}
    inputs = [tf.placeholder(dtypes[np.asarray(v).dtype], None, name="p%d" % i)
              for i, v in enumerate(feeds)]
    out = _build(tf, name)(*inputs)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(out, dict(zip(inputs, feeds)))
    message = str(info.value)
    assert text in message
    assert "torch" not in message and "RuntimeError" not in message


@pytest.mark.tfcompat_only
def test_runtime_error_names_the_node(tf):
    a = tf.placeholder(tf.float32, None, name="a")
    b = tf.placeholder(tf.float32, None, name="b")
    total = tf.add(a, b, name="total")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(total, {a: np.ones(3), b: np.ones(2)})
    assert str(info.value).startswith(
        "Incompatible shapes: [3] vs. [2]\n\t [[node total (defined at ")
    assert info.value.op is total.op


@pytest.mark.tfcompat_only
def test_unexplained_failures_keep_the_op_name():
    from tfcompat.ops import kernel_errors

    class _Op:  # a stand-in with an op type no rule covers
        type, name, inputs = "NoSuchOp", "n", [1]

    assert kernel_errors.explain(_Op(), [np.ones(2)]) is None
