"""Sparse inputs as TF1 programs use them: `tf.sparse_placeholder` (its parts' names and static
shapes), feeding a SparseTensorValue or a triple to `Session.run`, `make_callable` and `eval`,
the sparse functions' op names and build-time errors, and the `tf.sparse` aliases.

Every expected value was recorded from TF 2.21 (tensorflow.compat.v1 with v2 behaviour off);
the values and gradients of the sparse kernels are compared op by op in
tests/differential/specs/sparse.py.
"""
import numpy as np
import pytest


def _ops(graph):
    return [(op.name, op.type) for op in graph.get_operations()]


def _value(tf):
    return tf.SparseTensorValue(np.array([[0, 0], [1, 2]], np.int64),
                                np.array([2.0, -1.0], np.float32), np.array([2, 3], np.int64))


def test_sparse_placeholder_parts_and_names(tf):
    graph = tf.get_default_graph()
    sp = tf.sparse_placeholder(tf.float32, name="sp")
    assert _ops(graph) == [("sp/shape", "Placeholder"), ("sp/values", "Placeholder"),
                           ("sp/indices", "Placeholder")]
    assert (sp.indices.name, sp.values.name, sp.dense_shape.name) == (
        "sp/indices:0", "sp/values:0", "sp/shape:0")
    assert (str(sp.indices.shape), str(sp.dense_shape.shape), str(sp.shape)) == (
        "(?, ?)", "(?,)", "<unknown>")
    partial = tf.sparse_placeholder(tf.int32, shape=[3, None])
    assert _ops(graph)[3:] == [("Const", "Const"), ("PlaceholderWithDefault",
                                                    "PlaceholderWithDefault"),
                               ("Placeholder", "Placeholder"), ("Placeholder_1", "Placeholder")]
    assert (str(partial.indices.shape), str(partial.dense_shape.shape), str(partial.shape)) == (
        "(?, 2)", "(2,)", "(3, ?)")
    full = tf.sparse_placeholder(tf.int32, shape=[2, 3], name="sp3")
    assert _ops(graph)[7:] == [("sp3/shape_default", "Const"),
                               ("sp3/shape", "PlaceholderWithDefault"),
                               ("sp3/values", "Placeholder"), ("sp3/indices", "Placeholder")]
    assert (str(full.indices.shape), str(full.shape)) == ("(?, 2)", "(2, 3)")
    # the dense shape of a placeholder_with_default is not a build-time constant
    assert str(tf.sparse.to_dense(full).shape) == "(?, ?)"
    scalar = tf.sparse_placeholder(tf.float32, shape=[], name="scalar")
    assert str(scalar.indices.shape) == "(?, 0)" and str(scalar.shape) == "()"
    from_tensor = tf.sparse_placeholder(tf.int32, shape=tf.constant([3, 4], tf.int64),
                                        name="t")
    assert str(from_tensor.shape) == "(3, 4)" and str(from_tensor.indices.shape) == "(?, 2)"
    with pytest.raises(ValueError, match="unknown rank"):
        tf.sparse_placeholder(tf.float32, shape=tf.TensorShape(None))


def test_sparse_placeholder_feeds(tf):
    sp = tf.sparse_placeholder(tf.float32, name="sp")
    dense = tf.sparse_tensor_to_dense(sp)
    total = tf.sparse_reduce_sum(sp)
    with tf.Session() as sess:
        assert sess.run(dense, {sp: _value(tf)}).tolist() == [[2, 0, 0], [0, 0, -1]]
        # TF zips the three parts with any sequence fed for a SparseTensor
        assert sess.run(dense, {sp: ([[0, 0]], [3.0], [1, 1])}).tolist() == [[3.0]]
        assert sess.run(dense, {sp: [[[0, 1]], [4.0], [1, 2]]}).tolist() == [[0, 4.0]]
        assert sess.run(dense, {sp: ([[0, 0]], [3.0], [1, 1], 5)}).tolist() == [[3.0]]
        assert sess.run(total, {sp: _value(tf)}) == 1.0
        fetched = sess.run(sp, {sp: _value(tf)})
        assert type(fetched).__name__ == "SparseTensorValue"
        assert fetched.indices.tolist() == [[0, 0], [1, 2]]
        assert sp.eval({sp: _value(tf)}, session=sess).dense_shape.tolist() == [2, 3]
        # parts fed one by one
        assert sess.run(dense, {sp.indices: [[0, 0]], sp.values: [1.0],
                                sp.dense_shape: [2, 2]}).tolist() == [[1, 0], [0, 0]]
        with pytest.raises(ValueError, match="Cannot feed value of shape"):
            sess.run(dense, {sp: np.zeros((2, 3))})
        with pytest.raises(TypeError, match="not iterable"):
            sess.run(dense, {sp: tf.SparseTensor([[0, 0]], [1.0], [1, 1])})
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(dense)


def test_sparse_placeholder_default_shape(tf):
    partial = tf.sparse_placeholder(tf.int32, shape=[3, None], name="partial")
    full = tf.sparse_placeholder(tf.int32, shape=[2, 3], name="full")
    with tf.Session() as sess:
        got = sess.run(partial, {partial.indices: [[0, 0]], partial.values: [1]})
        assert got.dense_shape.tolist() == [3, -1]
        got = sess.run(tf.sparse.to_dense(full), {full.indices: [[0, 0]], full.values: [1]})
        assert got.tolist() == [[1, 0, 0], [0, 0, 0]]
        with pytest.raises(ValueError, match="Cannot feed value of shape"):
            sess.run(partial, {partial: ([[0, 0, 0]], [1], [4, 5, 6])})


def test_make_callable_with_sparse_feeds(tf):
    sp = tf.sparse_placeholder(tf.float32, name="sp")
    other = tf.sparse_placeholder(tf.float32, shape=[2, 3], name="other")
    dense = tf.sparse_tensor_to_dense(sp)
    product = tf.sparse_tensor_dense_matmul(sp, [[1.0], [2.0], [3.0]])
    with tf.Session() as sess:
        assert sess.run(dense, {sp: _value(tf)}).tolist() == \
            sess.make_callable(dense, [sp])(_value(tf)).tolist()
        got_dense, got_sp = sess.make_callable([dense, sp], [sp])(([[0, 1]], [3.0], [1, 2]))
        assert got_dense.tolist() == [[0, 3.0]] and got_sp.indices.tolist() == [[0, 1]]
        mixed = sess.make_callable(product, [other.values, sp])
        assert mixed([1.0, 2.0], _value(tf)).tolist() == [[2.0], [-3.0]]


def test_sparse_function_op_names(tf):
    graph = tf.get_default_graph()
    st = tf.SparseTensor([[0, 1], [1, 0]], [1.0, 2.0], [2, 3])
    assert _ops(graph) == [("SparseTensor/indices", "Const"), ("SparseTensor/values", "Const"),
                           ("SparseTensor/dense_shape", "Const")]
    names = (tf.sparse_tensor_dense_matmul(st, tf.ones([3, 2]), name="mm").name,
             tf.sparse_reduce_sum(st).name, tf.sparse_add(st, st).indices.name,
             tf.sparse_reorder(st).indices.name, tf.sparse_softmax(st).values.name,
             tf.sparse_maximum(st, st).values.name,
             tf.sparse_slice(st, [0, 0], [1, 1]).values.name,
             tf.sparse_fill_empty_rows(st, 0.0)[1].name,
             tf.sparse_concat(1, [st, st]).values.name, tf.sparse_reshape(st, [3, 2]).values.name,
             tf.sparse_transpose(st).values.name, tf.sparse_retain(st, [True, False]).values.name,
             tf.edit_distance(st, st).name, tf.sparse_tensor_to_dense(st).name)
    assert names == ("mm/SparseTensorDenseMatMul:0", "SparseReduceSum:0", "SparseAdd:0",
                     "SparseReorder:0", "SparseSoftmax/SparseSoftmax:0", "SparseSparseMaximum:1",
                     "SparseSlice:1", "SparseFillEmptyRows/SparseFillEmptyRows:2",
                     "SparseConcat:1", "SparseReshape/Identity:0",
                     "SparseTranspose/SparseReorder:1", "GatherV2_1:0", "edit_distance:0",
                     "SparseToDense:0")
    cast = tf.cast(st, tf.int32)
    assert (cast.values.name, cast.indices.name, cast.dtype) == (
        "Cast_1:0", "SparseTensor/indices:0", tf.int32)


def test_static_shapes(tf):
    sp = tf.sparse_placeholder(tf.float32, name="sp")
    full = tf.sparse_placeholder(tf.float32, shape=[2, 3])
    shapes = [tf.sparse_tensor_dense_matmul(sp, [[1.0], [2.0], [3.0]]).shape,
              tf.sparse_reduce_sum(sp).shape, tf.sparse_reduce_sum(full, 1).shape,
              tf.edit_distance(sp, sp).shape]
    assert [str(s) for s in shapes] == ["(?, 1)", "<unknown>", "<unknown>", "<unknown>"]
    st = tf.SparseTensor([[0, 1], [1, 0]], [1.0, 2.0], [2, 3])
    assert str(tf.sparse_reduce_sum(st, 1).shape) == "(2,)"
    assert str(tf.sparse_reduce_sum(st, 0, keepdims=True).shape) == "(1, 3)"
    assert str(tf.sparse_reduce_sum_sparse(st, 1).shape) == "<unknown>"
    assert str(tf.sparse_slice(st, [0, 0], [1, 1]).shape) == "(?, ?)"
    assert str(tf.sparse_add(st, st).shape) == "(2, 3)"
    assert str(tf.sparse_concat(0, [st, st]).shape) == "(4, 3)"
    assert str(tf.sparse_reshape(st, [-1, 2]).shape) == "(3, 2)"
    assert str(tf.sparse_transpose(st).shape) == "(3, 2)"
    unknown = tf.SparseTensor(tf.placeholder(tf.int64, [None, 2]), tf.placeholder(tf.float32,
                                                                                  [None]),
                              tf.placeholder(tf.int64, [None]))
    assert str(unknown.shape) == "<unknown>"
    st.set_shape([None, 3])
    assert str(st.shape) == "(2, 3)"


def test_build_time_errors(tf):
    st = tf.SparseTensor([[0, 1], [1, 0]], [1.0, 2.0], [2, 3])
    with pytest.raises(TypeError, match="Hypothesis must be a SparseTensor."):
        tf.edit_distance(tf.constant([1]), st)
    with pytest.raises(TypeError, match="Truth must be a SparseTensor."):
        tf.edit_distance(st, [1])
    with pytest.raises(TypeError, match="At least one input should be SparseTensor"):
        tf.sparse_add(tf.constant([1]), tf.constant([2]))
    with pytest.raises(ValueError, match="Cannot specify both 'reduction_axes' and 'axis'."):
        tf.sparse_reduce_sum(st, axis=1, reduction_axes=1)
    with pytest.raises(ValueError, match="Dimensions 1 and 2 are not compatible"):
        tf.SparseTensor([[0, 0]], [1.0, 2.0], [2, 2])
    with pytest.raises(ValueError, match=r"Shapes \(2, 3\) and \(3, 3\) are not compatible"):
        st.set_shape([3, 3])
    with pytest.raises(ValueError, match=r"At most one dimension can be inferred \(-1\)"):
        tf.sparse_reshape(st, [-1, -1])
    with pytest.raises(ValueError, match=r"Cannot reshape a tensor with 6 elements to shape "
                                         r"\[4, 2\] \(8 elements\)."):
        tf.sparse_reshape(st, [4, 2])
    with pytest.raises(ValueError, match="must have rank 1"):
        tf.sparse_retain(st, [[True]])
    with pytest.raises(ValueError, match="Dimensions 2 and 3 are not compatible"):
        tf.sparse_retain(st, [True, False, True])
    with pytest.raises(TypeError, match="Input must be a SparseTensor."):
        tf.sparse_tensor_to_dense(tf.constant([1]))
    with pytest.raises(TypeError, match="Inputs must be a list or tuple."):
        tf.sparse_concat(0, st)
    with pytest.raises(TypeError, match="is neither a SparseTensor nor SparseTensorValue"):
        tf.SparseTensor.from_value(([[0]], [1.0], [2]))


def test_edit_distance_shape_errors_show_the_shapes_read(tf):
    """EditDistance's shape function reads both dense shapes: its errors list them."""
    h = tf.SparseTensor([[0, 0]], ["a"], [1, 1])
    t = tf.SparseTensor([[0, 0, 0]], ["a"], [1, 1, 1])
    with pytest.raises(ValueError) as err:
        tf.edit_distance(h, t)
    assert str(err.value).startswith(
        "Num elements of hypothesis_shape does not match truth_shape: 2 vs. 3 for '{{node "
        "edit_distance}} = EditDistance[T=DT_STRING, normalize=true]")
    assert str(err.value).endswith(
        "with input shapes: [1,2], [1], [2], [1,3], [1], [3] and with computed input tensors: "
        "input[2] = <1 1>, input[5] = <1 1 1>.")
    with pytest.raises(ValueError, match=r"hypothesis_shape rank is: 1 for .* and with computed "
                                         r"input tensors: input\[2\] = <1>, input\[5\] = <3>\."):
        tf.edit_distance(tf.SparseTensor([[0]], ["a"], [1]), tf.SparseTensor([[0]], ["a"], [3]))


def test_sparse_namespace_aliases(tf):
    pairs = [("add", "sparse_add"), ("concat", "sparse_concat"),
             ("fill_empty_rows", "sparse_fill_empty_rows"),
             ("matmul", "sparse_tensor_dense_matmul"),
             ("sparse_dense_matmul", "sparse_tensor_dense_matmul"), ("maximum", "sparse_maximum"),
             ("minimum", "sparse_minimum"), ("placeholder", "sparse_placeholder"),
             ("reduce_max", "sparse_reduce_max"), ("reduce_max_sparse", "sparse_reduce_max_sparse"),
             ("reduce_sum", "sparse_reduce_sum"), ("reduce_sum_sparse", "sparse_reduce_sum_sparse"),
             ("reorder", "sparse_reorder"), ("reshape", "sparse_reshape"),
             ("retain", "sparse_retain"), ("slice", "sparse_slice"), ("softmax", "sparse_softmax"),
             ("to_dense", "sparse_tensor_to_dense"), ("transpose", "sparse_transpose")]
    for short, long in pairs:
        assert getattr(tf.sparse, short) is getattr(tf, long), short
    assert tf.sparse.SparseTensor is tf.SparseTensor
    assert not hasattr(tf.sparse, "SparseTensorValue")


def test_edit_distance_values(tf):
    hyp = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant(["a", "b", "c"]), [2, 2])
    truth = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], tf.constant(["a", "c", "d"]), [2, 2])
    with tf.Session() as sess:
        assert sess.run(tf.edit_distance(hyp, truth, normalize=False)).tolist() == [1.0, 1.0]
        assert sess.run(tf.edit_distance(hyp, truth)).tolist() == [1.0, 0.5]


def test_sparse_reduce_and_matmul_gradients(tf):
    values = tf.constant([2.0, -1.0, 4.0])
    dense = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    st = tf.SparseTensor([[0, 0], [1, 2], [1, 1]], values, [2, 3])
    product = tf.sparse_tensor_dense_matmul(st, dense)
    d_values, d_dense = tf.gradients(tf.reduce_sum(product * product), [values, dense])
    row_sums = tf.sparse_reduce_sum(st, axis=1)
    d_sum = tf.gradients(row_sums * [1.0, 3.0], values)[0]
    with tf.Session() as sess:
        got = sess.run([product, d_values, d_dense, row_sums, d_sum])
    assert got[0].tolist() == [[2.0, 4.0], [7.0, 10.0]]
    assert got[1].tolist() == [20.0, 190.0, 122.0]
    assert got[2].tolist() == [[8.0, 16.0], [56.0, 80.0], [-14.0, -20.0]]
    assert got[3].tolist() == [2.0, 3.0]
    assert got[4].tolist() == [1.0, 3.0, 3.0]
