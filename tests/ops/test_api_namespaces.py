"""tf.math / tf.linalg / tf.random / tf.strings, and the linear-algebra, contraction, sorting,
scatter, space/depth and string functions behind them: one object per name across the
namespaces and the top level, TF's op types and static shapes, values, errors and gradients.

Every expected value here was recorded from TensorFlow 2.21's `tensorflow.compat.v1` (graph
mode); run with TFCOMPAT_TEST_AGAINST_TF=1 to check them again.
"""
import numpy as np
import pytest

M = [[4.0, 1.0], [1.0, 3.0]]
X = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


def run(tf, fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def op_types(graph):
    return [op.type for op in graph.get_operations() if op.type != "Const"]


# -- the namespaces --------------------------------------------------------------------------

def _resolve(tf, path):
    obj = tf
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


@pytest.mark.parametrize("namespaced, top_level", [
    ("math.segment_sum", "segment_sum"), ("math.unsorted_segment_max", "unsorted_segment_max"),
    ("math.argmax", "argmax"), ("math.top_k", "nn.top_k"), ("math.softplus", "nn.softplus"),
    ("linalg.inv", "matrix_inverse"), ("linalg.det", "matrix_determinant"),
    ("linalg.cholesky", "cholesky"), ("linalg.solve", "matrix_solve"),
    ("linalg.triangular_solve", "matrix_triangular_solve"), ("linalg.einsum", "einsum"),
    ("linalg.tensordot", "tensordot"), ("linalg.norm", "norm"), ("linalg.eye", "eye"),
    ("linalg.tensor_diag", "diag"), ("linalg.set_diag", "matrix_set_diag"),
    ("linalg.band_part", "matrix_band_part"), ("linalg.qr", "qr"),
    ("linalg.cholesky_solve", "cholesky_solve"), ("linalg.global_norm", "global_norm"),
    ("linalg.l2_normalize", "nn.l2_normalize"), ("random.uniform", "random_uniform"),
    ("random.normal", "random_normal"), ("random.truncated_normal", "truncated_normal"),
    ("random.shuffle", "random_shuffle"), ("random.multinomial", "multinomial"),
    ("random.set_random_seed", "set_random_seed"), ("random.get_seed", "get_seed"),
    ("strings.join", "string_join"),
])
def test_a_namespaced_name_is_its_top_level_alias(tf, namespaced, top_level):
    assert _resolve(tf, namespaced) is _resolve(tf, top_level)


@pytest.mark.tfcompat_only
@pytest.mark.parametrize("namespaced, top_level", [
    ("math.log1p", "log1p"), ("math.reduce_sum", "reduce_sum"), ("math.sigmoid", "sigmoid"),
    ("math.divide_no_nan", "div_no_nan"), ("linalg.tensor_diag_part", "diag_part"),
    ("linalg.diag", "matrix_diag"), ("linalg.diag_part", "matrix_diag_part"),
])
def test_one_object_where_tf_wraps_twice(tf, namespaced, top_level):
    # TF 2.21 wraps these twice (dispatch decorators), so its two names are equal functions but
    # not one object; tfcompat keeps one
    assert _resolve(tf, namespaced) is _resolve(tf, top_level)


@pytest.mark.tfcompat_only
# names tfcompat leaves unsupported on purpose (api_unsupported.txt)
@pytest.mark.parametrize("api", ["image.decode_jxl", "config.experimental_connect_to_cluster",
                                 "debugging.enable_check_numerics", "io.decode_jxl"])
def test_unimplemented_names_fail_clearly(tf, api):
    from tfcompat._unsupported import UnsupportedAttributeError
    namespace, name = api.split(".")
    with pytest.raises(UnsupportedAttributeError, match="tfcompat does not implement tf.%s"
                       % api.replace(".", r"\.")):
        getattr(getattr(tf, namespace), name)


@pytest.mark.tfcompat_only
def test_tf_math_is_the_namespace_not_the_stdlib_module(tf):
    import math
    assert tf.math is not math and tf.math.__name__ == "tfcompat.math"
    assert tf.linalg.__name__ == "tfcompat.linalg" and tf.strings.__name__ == "tfcompat.strings"


# -- TF's graphs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("build, types, name, shape", [
    (lambda tf: tf.linalg.inv(tf.constant(M)), ["MatrixInverse"], "MatrixInverse:0", [2, 2]),
    (lambda tf: tf.linalg.det(tf.constant(M)), ["MatrixDeterminant"], "MatrixDeterminant:0", []),
    (lambda tf: tf.cholesky(tf.constant(M)), ["Cholesky"], "Cholesky:0", [2, 2]),
    (lambda tf: tf.matrix_solve(tf.constant(M), tf.constant([[1.0], [2.0]])), ["MatrixSolve"],
     "MatrixSolve:0", [2, 1]),
    (lambda tf: tf.tensordot(tf.ones([2, 3, 4]), tf.ones([4, 5]), axes=1),
     ["Reshape", "MatMul", "Reshape"], "Tensordot:0", [2, 3, 5]),
    (lambda tf: tf.einsum("ij,jk->ik", tf.ones([2, 3]), tf.ones([3, 4])), ["Einsum"],
     "einsum/Einsum:0", [2, 4]),
    (lambda tf: tf.norm(tf.constant([1.0, -2.0, 3.0])), ["Mul", "Sum", "Sqrt", "Squeeze"],
     "norm/Squeeze:0", []),
    (lambda tf: tf.eye(2, 3), ["MatrixSetDiagV3"], "eye/set_diag:0", [2, 3]),
    (lambda tf: tf.eye(2), ["MatrixDiagV3"], "eye/diag:0", [2, 2]),
    (lambda tf: tf.diag(tf.constant([1.0, 2.0])), ["Diag"], "Diag:0", [2, 2]),
    (lambda tf: tf.scatter_nd([[1], [3]], [9.0, 7.0], [5]), ["ScatterNd"], "ScatterNd:0", [5]),
    (lambda tf: tf.arg_min(tf.constant([1.0, -2.0, 3.0]), 0), ["ArgMin"], "ArgMin:0", []),
    (lambda tf: tf.space_to_depth(tf.ones([1, 4, 4, 1]), 2), ["SpaceToDepth"], "SpaceToDepth:0",
     [1, 2, 2, 4]),
    (lambda tf: tf.string_join([tf.constant(["a", "b"]), "x"], separator="-"), ["StringJoin"],
     "StringJoin:0", [2]),
    (lambda tf: tf.strings.length(tf.constant(["abc", ""])), ["StringLength"], "StringLength:0",
     [2]),
    (lambda tf: tf.math.reduce_std(tf.constant([1.0, -2.0, 3.0])),
     ["Mean", "Sub", "Square", "Mean", "Sqrt"], "reduce_std/Sqrt:0", []),
    (lambda tf: tf.linalg.trace(tf.ones([3, 3])), ["MatrixDiagPartV3", "Sum"], "Trace:0", []),
    (lambda tf: tf.linalg.band_part(tf.ones([3, 3]), 1, 0), ["MatrixBandPart"],
     "MatrixBandPart:0", [3, 3]),
    (lambda tf: tf.cholesky_solve(tf.eye(2), tf.ones([2, 1])),
     ["MatrixDiagV3", "MatrixTriangularSolve", "MatrixTriangularSolve"],
     "cholesky_solve/MatrixTriangularSolve_1:0", [2, 1]),
    (lambda tf: tf.setdiff1d([1, 2, 3], [2])[0], ["ListDiff"], "ListDiff:0", [None]),
])
def test_ops_names_and_static_shapes_are_tfs(tf, build, types, name, shape):
    out = build(tf)
    assert [t for t in op_types(tf.get_default_graph()) if t not in ("Shape", "Rank")] == types
    assert out.name == name and out.shape.as_list() == shape


def test_sort_is_top_k_of_the_negated_values(tf):
    out = tf.sort(tf.constant([1.0, -2.0, 3.0]))
    types = op_types(tf.get_default_graph())
    assert [t for t in types if t in ("Neg", "TopKV2")] == ["Neg", "TopKV2", "Neg"]
    assert out.name == "sort/Neg_1:0"
    assert run(tf, out).tolist() == [-2.0, 1.0, 3.0]


# -- values (recorded from TF) --------------------------------------------------------------------

def test_linear_algebra_values(tf):
    m = tf.constant(M)
    got = run(tf, {"inv": tf.linalg.inv(m), "det": tf.linalg.det(m), "chol": tf.cholesky(m),
                   "solve": tf.matrix_solve(m, [[1.0], [2.0]]), "logdet": tf.linalg.logdet(m),
                   "cholsolve": tf.cholesky_solve(tf.cholesky(m), [[1.0], [2.0]]),
                   "slogdet": tf.linalg.slogdet([[1.0, 2.0], [3.0, 4.0]])})
    np.testing.assert_allclose(got["inv"], [[0.27272728, -0.09090909], [-0.09090909, 0.36363637]],
                               rtol=1e-6)
    np.testing.assert_allclose(got["det"], 11.0, rtol=1e-6)
    np.testing.assert_allclose(got["chol"], [[2.0, 0.0], [0.5, 1.6583124]], rtol=1e-6)
    np.testing.assert_allclose(got["solve"], [[0.09090909], [0.6363636]], rtol=1e-6)
    np.testing.assert_allclose(got["cholsolve"], [[0.09090908], [0.6363637]], rtol=1e-6)
    np.testing.assert_allclose(got["logdet"], 2.3978953, rtol=1e-6)
    np.testing.assert_allclose(list(got["slogdet"]), [-1.0, 0.6931472], rtol=1e-6)


def test_contractions_norms_and_moments(tf):
    x = tf.constant(X)
    got = run(tf, {"norm_inf": tf.norm(x, ord=np.inf, axis=1),
                   "norm_fro": tf.norm(x, ord="fro", axis=(0, 1)),
                   "tensordot": tf.tensordot(x, x, axes=[[0], [0]]),
                   "einsum": tf.einsum("ij->j", x), "std0": tf.math.reduce_std(x, axis=0),
                   "var": tf.math.reduce_variance(x), "arg_max": tf.arg_max(x, 1)})
    assert got["norm_inf"].tolist() == [3.0, 6.0]
    np.testing.assert_allclose(got["norm_fro"], 9.539392, rtol=1e-6)
    assert got["tensordot"].tolist() == [[17, 22, 27], [22, 29, 36], [27, 36, 45]]
    assert got["einsum"].tolist() == [5.0, 7.0, 9.0]
    assert got["std0"].tolist() == [1.5, 1.5, 1.5]
    np.testing.assert_allclose(got["var"], 2.9166667, rtol=1e-6)
    assert got["arg_max"].tolist() == [2, 2] and got["arg_max"].dtype == np.int64


def test_diagonals_bands_and_scatter(tf):
    x = tf.constant(X)
    got = run(tf, {"eye": tf.eye(2, 3, batch_shape=[1]), "diag": tf.linalg.diag([1.0, 2.0], k=1),
                   "diag_part": tf.linalg.diag_part(x, k=(-1, 1), padding_value=9),
                   "band": tf.linalg.band_part(tf.ones([3, 3]), 0, 1),
                   "trace": tf.linalg.trace(x[:, :2]),
                   "scatter": tf.scatter_nd([[0, 1], [1, 2], [0, 1]], [1.0, 2.0, 3.0], [2, 3])})
    assert got["eye"].tolist() == [[[1, 0, 0], [0, 1, 0]]]
    assert got["diag"].tolist() == [[0, 1, 0], [0, 0, 2], [0, 0, 0]]
    assert got["diag_part"].tolist() == [[2, 6], [1, 5], [4, 9]]
    assert got["band"].tolist() == [[1, 1, 0], [0, 1, 1], [0, 0, 1]]
    assert got["trace"] == 6.0
    assert got["scatter"].tolist() == [[0, 4, 0], [0, 0, 2]]


def test_sorting_space_depth_and_set_difference(tf):
    out, idx = tf.setdiff1d([4, 1, 3, 1], [1])
    got = run(tf, {"argsort": tf.argsort([3, 1, 2, 1]),
                   "sort": tf.sort([[3, 1], [0, 2]], axis=0, direction="DESCENDING"),
                   "s2d": tf.space_to_depth(tf.reshape(tf.range(8), [1, 2, 2, 2]), 2),
                   "d2s": tf.depth_to_space(tf.reshape(tf.range(8), [1, 1, 1, 8]), 2),
                   "out": out, "idx": idx})
    assert got["argsort"].tolist() == [1, 3, 2, 0]
    assert got["sort"].tolist() == [[3, 2], [0, 1]]
    assert got["s2d"].tolist() == [[[[0, 1, 2, 3, 4, 5, 6, 7]]]]
    assert got["d2s"].tolist() == [[[[0, 1], [2, 3]], [[4, 5], [6, 7]]]]
    assert got["out"].tolist() == [4, 3] and got["idx"].tolist() == [0, 2]


def test_strings(tf):
    got = run(tf, {"join": tf.strings.join([["a", "b"], "c"], separator="+"),
                   "chars": tf.strings.length(["h\u00e9", ""], unit="UTF8_CHAR"),
                   "bytes": tf.strings.length(["h\u00e9", ""])})
    assert got["join"].tolist() == [b"a+c", b"b+c"]
    assert got["chars"].tolist() == [2, 0] and got["bytes"].tolist() == [3, 0]


def test_gradients(tf):
    m = tf.constant(M)
    x = tf.constant(X)
    det = tf.gradients(tf.linalg.det(m), m)[0]
    scatter = tf.gradients(tf.reduce_sum(tf.scatter_nd([[0], [0]], x, [2, 3]) *
                                         tf.constant([[1.0, 2, 3], [4, 5, 6]])), x)[0]
    einsum = tf.gradients(tf.reduce_sum(tf.einsum("ij,jk->ik", x, tf.transpose(x))), x)[0]
    got = run(tf, [det, scatter, einsum])
    np.testing.assert_allclose(got[0], [[3.0, -1.0], [-1.0, 4.0]], rtol=1e-6)
    assert got[1].tolist() == [[1, 2, 3], [1, 2, 3]]
    assert got[2].tolist() == [[10, 14, 18], [10, 14, 18]]


# -- errors -------------------------------------------------------------------------------------

def test_build_errors_are_tfs(tf):
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.linalg.inv(tf.zeros([2, 3]))
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.linalg.det(tf.zeros([3]))
    with pytest.raises(ValueError, match="evenly divisible by 2 but is 3"):
        tf.space_to_depth(tf.zeros([1, 3, 3, 2]), 2)
    with pytest.raises(ValueError, match="Indices and updates specified for empty"):
        tf.scatter_nd([[0]], [1.0], [0])
    with pytest.raises(TypeError, match="Received integer type <dtype: 'int32'>"):
        tf.math.reduce_variance(tf.constant([1, 2, 3]))
    with pytest.raises(ValueError, match="Attr 'unit' of 'StringLength' Op passed string 'CHAR'"):
        tf.strings.length(["a"], unit="CHAR")


@pytest.mark.parametrize("build, feed, message", [
    (lambda tf, p: tf.linalg.inv(p), np.zeros([2, 2], np.float32), "Input is not invertible."),
    (lambda tf, p: tf.matrix_solve(p, tf.ones([2, 1])), np.zeros([2, 2], np.float32),
     "Input matrix is not invertible."),
    (lambda tf, p: tf.linalg.det(p), np.zeros([2, 3], np.float32), "Input matrix must be square."),
    (lambda tf, p: tf.scatter_nd([[7]], p, [5]), np.ones([1], np.float32),
     r"indices\[0\] = \[7\] does not index into shape \[5\]"),
    (lambda tf, p: tf.space_to_depth(p, 2), np.zeros([1, 3, 3, 1], np.float32),
     "Image width 3 and height 3 should be divisible by block_size: 2"),
])
def test_kernel_errors_are_tfs(tf, build, feed, message):
    p = tf.placeholder(tf.float32)
    out = build(tf, p)
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        with tf.Session() as sess:
            sess.run(out, {p: feed})


def test_cholesky_of_a_matrix_that_is_not_positive_definite_is_nan(tf):
    out = run(tf, tf.cholesky(tf.constant([[-1.0, 0.0], [0.0, -1.0]])))
    assert np.isnan(out[0, 0]) and np.isnan(out[1, 0]) and np.isnan(out[1, 1])
