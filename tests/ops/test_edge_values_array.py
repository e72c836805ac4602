"""Edge cases of the array ops: concat/stack/unstack, one_hot, top_k, reverse, pad, tile,
split and range (static checks, kernel errors, values). Gathers, reductions and division are in
test_edge_values.py.

Every expected value, static shape and error text here was recorded from TensorFlow 2.21's
`tensorflow.compat.v1` (graph mode); run with TFCOMPAT_TEST_AGAINST_TF=1 to check them again.
"""
import numpy as np
import pytest


def run(tf, fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def run_error(tf, cls, text, fetch):
    with pytest.raises(cls) as info:
        run(tf, fetch)
    assert text in str(info.value), str(info.value)


def fed(tf, value, shape=None):
    """`value` with an unknown static shape (its checks move to run time)."""
    return tf.placeholder_with_default(value, shape)


# -- ConcatV2, Pack, Unpack ------------------------------------------------------------------

@pytest.mark.parametrize("shapes, axis, text", [
    ([[2], [2]], 1, "Shape must be at least rank 2 but is rank 1"),
    ([[2], [2]], -2, "Shape must be at least rank 2 but is rank 1"),
    ([[2, 2], [2, 2]], 2, "Shape must be at least rank 3 but is rank 2"),
    ([[2, 3], [3, 3]], 1, "Dimension 0 in both shapes must be equal, but are 2 and 3. Shapes "
                          "are [2] and [3]."),
    ([[2, 3], [3, 4]], 0, "Dimension 0 in both shapes must be equal, but are 3 and 4. Shapes "
                          "are [3] and [4]."),
    ([[2, 3], [2, 3], [4, 3]], 1, "Dimension 0 in both shapes must be equal, but are 2 and 4. "
                                  "Shapes are [2] and [4]."),
    ([[2, 3], [3]], 0, "Shape must be rank 2 but is rank 1"),
    ([[3], [2, 3]], 0, "Shape must be rank 1 but is rank 2"),
    ([[], []], 0, "Can't concatenate scalars (use tf.stack instead)"),
])
def test_concat_build_errors(tf, shapes, axis, text):
    with pytest.raises(ValueError) as info:
        tf.concat([tf.ones(s) for s in shapes], axis)
    assert str(info.value).startswith(text + " for '{{node concat}} = ConcatV2["), str(info.value)


def test_concat_static_shapes(tf):
    def shape(*shapes, axis=0):
        return tf.concat([tf.placeholder(tf.float32, s) for s in shapes], axis).shape
    assert shape([None, 3], [2, None]).as_list() == [None, 3]
    assert shape([None, 3], [2, None], axis=1).as_list() == [2, None]
    assert shape([None, 3, 4], [2, None, 4], [None, 5, None], axis=1).as_list() == [2, None, 4]
    assert shape(None, [2, 3]).as_list() == [None, 3]
    assert shape(None, None).ndims is None
    assert tf.concat([tf.ones([2, 3]), tf.ones([2, 3])], tf.placeholder(tf.int32, [])).shape \
        .as_list() == [None, None]
    assert run(tf, tf.concat([tf.ones([2]), tf.ones([3])], -1)).shape == (5,)
    assert run(tf, tf.concat([tf.ones([0, 3]), tf.transpose(tf.ones([3, 2]))], 0)).shape == (2, 3)


@pytest.mark.parametrize("build, text", [
    (lambda tf: tf.concat([tf.ones([2]), tf.ones([2])], fed(tf, 3, [])),
     "ConcatOp : Expected concatenating dimensions in the range [-1, 1), but got 3"),
    (lambda tf: tf.concat([fed(tf, np.ones([2, 3], np.float32), [None, None]), tf.ones([3, 3])],
                          1),
     "ConcatOp : Dimension 0 in both shapes must be equal: shape[0] = [2,3] vs. shape[1] = "
     "[3,3]"),
    (lambda tf: tf.concat([fed(tf, np.ones([1, 2], np.float32)), fed(tf, np.ones([2],
                                                                             np.float32))], 0),
     "ConcatOp : Ranks of all input tensors should match: shape[0] = [1,2] vs. shape[1] = [2]"),
    (lambda tf: tf.stack([fed(tf, np.ones([2], np.float32)), tf.ones([3])]),
     "Shapes of all inputs must match: values[0].shape = [2] != values[1].shape = [3]"),
    (lambda tf: tf.unstack(fed(tf, np.ones([1, 2], np.float32), [None, 2]), num=2)[0],
     "Input shape axis 0 must equal 2, got shape [1,2]"),
])
def test_join_run_errors(tf, build, text):
    run_error(tf, tf.errors.InvalidArgumentError, text, build(tf))


def test_stack_unstack_build_errors(tf):
    with pytest.raises(ValueError, match=r"Dimension 0 in both shapes must be equal, but are 2 "
                                         r"and 3. Shapes are \[2\] and \[3\]."):
        tf.stack([tf.ones([2]), tf.ones([2]), tf.ones([3])])
    with pytest.raises(ValueError, match=r"Argument `axis` = 3 not in range \[-2, 2\)"):
        tf.stack([tf.ones([2]), tf.ones([2])], axis=3)
    with pytest.raises(ValueError, match=r"Argument `axis` = 2 not in range \[-2, 2\)"):
        tf.unstack(tf.ones([2, 3]), axis=2)
    assert run(tf, tf.unstack(tf.ones([2, 3]), axis=-1)[0]).tolist() == [1, 1]


# -- one_hot, top_k, reverse, pad, tile, split, range ----------------------------------------

def test_one_hot_edges(tf):
    out = run(tf, [tf.one_hot([0, 2, -1, 5], 3), tf.one_hot([[0, 2], [1, -1]], 3, axis=1),
                   tf.one_hot([0, 1], 2, on_value=5, off_value=-1),
                   tf.one_hot(tf.zeros([0], tf.int32), 3), tf.one_hot([0, 1], 0)])
    assert out[0].tolist() == [[1, 0, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0]]
    assert out[1].tolist() == [[[1, 0], [0, 0], [0, 1]], [[0, 0], [1, 0], [0, 0]]]
    assert out[2].tolist() == [[5, -1], [-1, 5]] and out[2].dtype == np.int32
    assert out[3].shape == (0, 3) and out[4].shape == (2, 0)
    with pytest.raises(ValueError, match="axis must be >= -1"):
        tf.one_hot([0, 1], 3, axis=-2)
    with pytest.raises(ValueError, match="Dimension size, given by scalar input 1, must be "
                                         "non-negative but is -1"):
        tf.one_hot([0, 1], -1)
    with pytest.raises(TypeError, match="of on_value does not match dtype"):
        tf.one_hot([0, 1], 2, on_value=1.0, off_value=0)
    with pytest.raises(TypeError):
        tf.one_hot([0., 1.], 3)
    run_error(tf, tf.errors.InvalidArgumentError,
              "Expected axis to be -1 or between [0, 2).  But received: 2",
              tf.one_hot([0, 1], 3, axis=2))
    run_error(tf, tf.errors.InvalidArgumentError, "depth must be non-negative, got: -1",
              tf.one_hot([0, 1], fed(tf, -1, [])))


def test_top_k_edges(tf):
    values, indices = run(tf, tf.nn.top_k([1., 3., 3., 2., 3.], 3))
    assert values.tolist() == [3, 3, 3] and indices.tolist() == [1, 2, 4]
    with pytest.raises(ValueError, match="input must have last dimension >= k = 3 but is 2"):
        tf.nn.top_k([1., 2.], 3)
    with pytest.raises(ValueError, match="must be non-negative but is -1"):
        tf.nn.top_k([1., 2.], -1)
    with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
        tf.nn.top_k(3.0, 1)
    run_error(tf, tf.errors.InvalidArgumentError,
              "input must have at least k columns. Had 2, needed 3",
              tf.nn.top_k([1., 2.], fed(tf, 3, [])).values)
    run_error(tf, tf.errors.InvalidArgumentError, "Need k >= 0, got -1",
              tf.nn.top_k([1., 2.], fed(tf, -1, [])).values)


def test_reverse_edges(tf):
    x = np.arange(6).reshape(2, 3)
    assert run(tf, tf.reverse(x, [-1])).tolist() == [[2, 1, 0], [5, 4, 3]]
    assert run(tf, tf.reverse(tf.constant(["a", "b"]), [0])).tolist() == [b"b", b"a"]
    with pytest.raises(ValueError, match="axis 0 specified more than once."):
        tf.reverse(x, [0, 0])
    with pytest.raises(ValueError, match="axis 1 specified more than once."):
        tf.reverse(x, [1, -1])
    with pytest.raises(ValueError, match=r"'axis'\[0\] = 2 is out of valid range \[0, 1 for"):
        tf.reverse(x, [2])
    run_error(tf, tf.errors.InvalidArgumentError, "'axis'[0] = 3 is out of valid range [0, 1",
              tf.reverse(x, fed(tf, [3], [1])))


@pytest.mark.parametrize("mode", ["CONSTANT", "REFLECT", "SYMMETRIC"])
def test_pad_modes(tf, mode):
    x = tf.transpose(tf.constant([[0., 3.], [1., 4.], [2., 5.]]))      # [[0, 1, 2], [3, 4, 5]]
    out = run(tf, tf.pad(x, [[1, 1], [2, 2]], mode=mode))
    expect = {"CONSTANT": [[0] * 7, [0, 0, 0, 1, 2, 0, 0], [0, 0, 3, 4, 5, 0, 0], [0] * 7],
              "REFLECT": [[5, 4, 3, 4, 5, 4, 3], [2, 1, 0, 1, 2, 1, 0], [5, 4, 3, 4, 5, 4, 3],
                          [2, 1, 0, 1, 2, 1, 0]],
              "SYMMETRIC": [[1, 0, 0, 1, 2, 2, 1], [1, 0, 0, 1, 2, 2, 1],
                            [4, 3, 3, 4, 5, 5, 4], [4, 3, 3, 4, 5, 5, 4]]}[mode]
    assert out.tolist() == expect
    with pytest.raises(ValueError, match="Paddings must be non-negative for"):
        tf.pad(x, [[0, 0], [-1, 1]], mode=mode)


def test_pad_errors_and_complex_fill(tf):
    x = np.ones([2, 3], np.float32)
    run_error(tf, tf.errors.InvalidArgumentError,
              "paddings must be less than the dimension size: 2, 2 not less than 2",
              tf.pad(x, [[2, 2], [0, 0]], mode="REFLECT"))
    run_error(tf, tf.errors.InvalidArgumentError,
              "paddings must be no greater than the dimension size: 4, 1 greater than 3",
              tf.pad(x, fed(tf, np.array([[0, 0], [4, 1]])), mode="SYMMETRIC"))
    run_error(tf, tf.errors.InvalidArgumentError, "paddings must be non-negative: -1 1",
              tf.pad(x, fed(tf, np.array([[0, 0], [-1, 1]])), mode="REFLECT"))
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.pad(x, [[1, 1]])
    with pytest.raises(ValueError, match="Received `mode` = WRAP"):
        tf.pad(x, [[1, 1], [1, 1]], mode="WRAP")
    out = run(tf, tf.pad(tf.constant([1 + 2j], tf.complex64), [[1, 0]], constant_values=3j))
    assert out.tolist() == [3j, 1 + 2j]


def test_tile_static_shape_from_partly_known_multiples(tf):
    # Recorded from TF 2.21 compat.v1: Tile's shape function reads `multiples` as a shape
    # tensor, so a stack holding tf.shape(x)[0] keeps its constant parts (capsule-net tiling);
    # 0 and 1 decide a product with an unknown dim.
    x = tf.placeholder(tf.float32, [None, 6, 0, 5])
    n = tf.placeholder(tf.int32, [])
    assert tf.tile(x, [n, 1, n, 2]).shape.as_list() == [None, 6, 0, 10]
    assert tf.tile(x, tf.concat([[n], [2, 3, 1]], 0)).shape.as_list() == [None, 12, 0, 5]
    assert tf.tile(x, tf.placeholder(tf.int32, [4])).shape.as_list() == [None, None, 0, None]
    assert tf.tile(x, tf.shape(x)).shape.as_list() == [None, 36, 0, 25]
    assert tf.tile(x, tf.stack([n, -2, 1, 1])).shape.as_list() == [None, None, 0, 5]
    assert tf.tile(tf.placeholder(tf.float32), [2, n]).shape.as_list() == [None, None]
    with pytest.raises(ValueError, match="Invalid value in tensor used for shape: -2"):
        tf.tile(x, [-2, 1, 1, 1])
    with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3 for "):
        tf.tile(x, tf.stack([n, 1, n]))
    y = tf.placeholder(tf.float32, [None, 2])
    tiled = tf.tile(y, [tf.shape(y)[0], 3])
    assert tiled.shape.as_list() == [None, 6]
    got = run(tf, tiled, {y: np.ones([2, 2], np.float32)})
    assert got.shape == (4, 6)


def test_static_shapes_with_a_dynamic_batch(tf):
    # Recorded from TF 2.21 compat.v1: `tf.shape(x)[i]` of a known dim is a build-time
    # constant (TryInferFromShapes); Slice reads partly known begin/size; StridedSlice keeps
    # whole-sliced dims when begin/end are tensors; tf.pad keeps the dims with known paddings.
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    n = tf.placeholder(tf.int32, [])
    bs = tf.shape(x)[0]
    shapes = {
        "one_hot": tf.one_hot(tf.zeros([bs], tf.int32), depth=tf.shape(x)[3]),
        "one_hot_neg": tf.one_hot([0], tf.shape(x)[-1]),
        "one_hot_unstack": tf.one_hot([0], tf.unstack(tf.shape(x))[1]),
        "reshape": tf.reshape(x, [-1, tf.shape(x)[1] * tf.shape(x)[2], 3]),
        "zeros": tf.zeros([tf.shape(x)[1] + 1, tf.shape(x)[2] // 2]),
        "slice_size": tf.slice(x, [0, 0, 0, 0], [bs, 4, -1, 2]),
        "slice_begin": tf.slice(x, [0, n, 0, 0], [-1, 2, 3, -1]),
        "slice_begin2": tf.slice(x, tf.stack([0, n, 1, 2]), [-1, -1, -1, -1]),
        "random_crop": tf.random_crop(x, [tf.shape(x)[0], 4, 4, 3]),
        "getitem": x[:, n:n + 2, ::2, 0],
        "getitem2": x[:bs // 2, 1:, :n, :],
        "getitem3": x[n:, ::-3, 1:, :],
        "pad": tf.pad(x, [[0, 0], [n, n], [1, 1], [0, 0]]),
        "pad_stack": tf.pad(x, tf.stack([[0, 0], [n, 1], [1, 1], [2, 0]])),
    }
    expected = {
        "one_hot": [None, 3], "one_hot_neg": [1, 3], "one_hot_unstack": [1, 8],
        "reshape": [None, 64, 3], "zeros": [9, 4], "slice_size": [None, 4, None, 2],
        "slice_begin": [None, 2, 3, 3], "slice_begin2": [None, None, 7, 1],
        "random_crop": [None, 4, 4, 3], "getitem": [None, None, 4],
        "getitem2": [None, None, None, 3], "getitem3": [None, 3, None, 3],
        "pad": [None, None, 10, 3], "pad_stack": [None, None, 10, 5],
    }
    assert {k: t.shape.as_list() for k, t in shapes.items()} == expected
    assert tf.strided_slice(x, [0, 0], [2, 2], tf.stack([1, n])).shape.ndims is None
    assert tf.get_static_value(tf.shape(x)[1]) is None  # TF's Python folding is weaker
    assert tf.get_static_value(tf.unstack(tf.shape(x))[1]) is None
    got = run(tf, shapes, {x: np.zeros([2, 8, 8, 3], np.float32), n: 2})
    assert got["slice_begin"].shape == (2, 2, 3, 3) and got["pad"].shape == (2, 12, 10, 3)
    assert got["one_hot_unstack"].shape == (1, 8) and got["getitem"].shape == (2, 2, 4)


def test_slices_of_a_shape_tensor_keep_its_known_dims(tf):
    # Recorded from TF 2.21 compat.v1 (ShapeRefiner::PartialStridedSliceShape).
    x = tf.placeholder(tf.float32, [None, 8, 6, 3])
    s = tf.shape(x)
    shapes = [tf.zeros(s[:2]), tf.zeros(s[1:]), tf.zeros(s[::2]), tf.zeros(s[-2:]),
              tf.reshape(x, tf.concat([s[:2], [18]], 0)),
              tf.reshape(x, tf.concat([[-1], s[2:]], 0)),
              tf.zeros(tf.shape(x, out_type=tf.int64)[1:3]),
              tf.random_normal(tf.concat([s[:-1], [5]], 0))]
    assert [t.shape.as_list() for t in shapes] == [
        [None, 8], [8, 6, 3], [None, 6], [6, 3], [None, 8, 18], [None, 6, 3], [8, 6],
        [None, 8, 6, 5]]
    got = run(tf, shapes[4], {x: np.zeros([2, 8, 6, 3], np.float32)})
    assert got.shape == (2, 8, 18)


def test_tile_and_split_static_checks(tf):
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
        tf.tile(x, [2])
    negative = tf.tile(x, [-1, 2])  # an error only when run
    assert negative.shape.as_list() == [None, 6]
    run_error(tf, tf.errors.InvalidArgumentError, "Expected multiples[0] >= 0, but got -1",
              negative)
    assert run(tf, tf.tile(tf.transpose(x), [1, 2])).shape == (3, 4)
    for sizes, text in (([-1, -1], "size_splits can only have one -1"),
                        ([1, 1], "can't split axis of size 3 into pieces of size [1,1]"),
                        ([4, -1], "Split size at index 1 must be >= 0. Got: -1")):
        with pytest.raises(ValueError) as info:
            tf.split(x, sizes, axis=1)
        assert str(info.value).startswith(text + " for '"), str(info.value)
    with pytest.raises(ValueError, match=r"given by scalar input 2 must be in range \[-2, 2\)"):
        tf.split(x, [1, 2], axis=2)
    with pytest.raises(ValueError, match=r"given by scalar input 2 must be in range \[-2, 2\)"):
        tf.split(x, 3, axis=2)
    parts = tf.split(x, [1, -1], axis=1)
    assert [p.shape.as_list() for p in parts] == [[2, 1], [2, 2]]
    assert tf.split(tf.placeholder(tf.float32, [2, None]), [1, -1], axis=1)[1].shape.as_list() \
        == [2, None]


def test_range_values_and_errors(tf):
    out = run(tf, [tf.range(0., 10., 0.1), tf.range(*np.float64([0.3, 100., 0.7])),
                   tf.range(5, 0, -2), tf.range(0, 5, 2, dtype=tf.int64),
                   tf.range(1., 0., -0.3), tf.range(fed(tf, 5, []), 0, -2)])
    # TF computes start + i * delta in the range's type (torch.arange rounds from double)
    assert out[0].dtype == np.float32 and out[0][99] == np.float32(99) * np.float32(0.1)
    assert len(out[0]) == 100 and len(out[1]) == 143
    assert out[1][-1] == np.float64(0.3) + 142 * np.float64(0.7)
    assert out[2].tolist() == [5, 3, 1] and out[3].dtype == np.int64
    assert len(out[4]) == 4 and out[5].tolist() == [5, 3, 1]
    for args, text in (((0, 5, -1), "Requires start >= limit when delta < 0: 0/5"),
                       ((5, 0, 1), "Requires start <= limit when delta > 0: 5/0"),
                       ((1.5, 0.), "Requires start <= limit when delta > 0: 1.5/0"),
                       ((0, 5, 0), "Requires delta != 0")):
        with pytest.raises(ValueError) as info:
            tf.range(*args)
        assert str(info.value).startswith(text + " for '"), str(info.value)
    run_error(tf, tf.errors.InvalidArgumentError, "Requires delta != 0: 0",
              tf.range(0, 5, fed(tf, 0, [])))
    run_error(tf, tf.errors.InvalidArgumentError, "Requires start >= limit when delta < 0: 0/5",
              tf.range(0, 5, fed(tf, -1, [])))
