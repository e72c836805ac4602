"""Bit counting and shifting as multi-spin-coding lattice codes use them:
tf.raw_ops.PopulationCount (the set bits of each element as uint8, for every integer dtype TF's
OpDef allows; negative values in two's complement, uint64 above 2**63; float input refused by
the OpDef) and logical shifts of uint16/32/64. Values from TF 2.21."""
import numpy as np
import pytest


@pytest.mark.parametrize("dtype,values,expected", [
    ("uint8", [0, 255, 7], [0, 8, 3]),
    ("int8", [-1, -128, 3], [8, 1, 2]),
    ("int16", [-1, 256], [16, 1]),
    ("int32", [-1, 0, 12345], [32, 0, 6]),
    ("int64", [-1, 2 ** 40 + 3], [64, 3]),
    ("uint16", [65535, 1], [16, 1]),
    ("uint32", [2 ** 32 - 1, 5], [32, 2]),
    ("uint64", [2 ** 64 - 1, 2 ** 63 + 5], [64, 3]),
])
def test_population_count(tf, dtype, values, expected):
    with tf.Graph().as_default():
        x = tf.constant(np.array(values, dtype=dtype))
        y = tf.raw_ops.PopulationCount(x=x)
        assert (y.dtype.name, y.shape.as_list(), y.op.type) == ("uint8", [len(values)],
                                                                 "PopulationCount")
        with tf.Session() as sess:
            got = sess.run(y)
    assert got.dtype == np.uint8 and got.tolist() == expected


def test_population_count_matrix_and_float(tf):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.int32, [None, 2])
        y = tf.raw_ops.PopulationCount(x=tf.bitwise.bitwise_xor(x, tf.roll(x, 1, axis=1)))
        assert y.shape.as_list() == [None, 2]
        with tf.Session() as sess:
            assert sess.run(y, {x: [[5, 3], [-1, 0]]}).tolist() == [[2, 2], [32, 32]]
        with pytest.raises(TypeError, match="float32 not in list of allowed values"):
            tf.raw_ops.PopulationCount(x=tf.constant([1.0]))


@pytest.mark.parametrize("dtype,right,left", [
    ("uint16", [32767, 4096, 0, 1], [65534, 16, 0, 0]),
    ("uint32", [2147483647, 268435456, 0, 1], [4294967294, 16, 0, 0]),
    ("uint64", [9223372036854775807, 1152921504606846976, 0, 1],
     [18446744073709551614, 16, 0, 0]),
])
def test_unsigned_shifts_keep_every_bit(tf, dtype, right, left):
    """Shifts of uint16/32/64 are logical on all bits (uint64 at and above 2**63 included);
    shift amounts clamp to [0, bits - 1] as TF's kernels do."""
    info = np.iinfo(dtype)
    v = np.array([info.max, info.max // 2 + 3, 6, info.max - 1], dtype)
    s = np.array([1, 3, info.max, 70], dtype)
    with tf.Graph().as_default():
        x, y = tf.constant(v), tf.constant(s)
        with tf.Session() as sess:
            r, l = sess.run([tf.bitwise.right_shift(x, y), tf.bitwise.left_shift(x, y)])
    assert r.dtype == l.dtype == np.dtype(dtype)
    assert r.tolist() == right and l.tolist() == left
