"""tf.matrix_transpose builds TF's `<scope>/transpose` op, takes its permutation from the run-time
rank when the static rank is unknown, and rejects rank < 2 with TF 1.15's ValueError (seen in
Ramsundar & Zadeh's ch2 examples). Names and values from TF 2.21's compat.v1."""
import numpy as np
import pytest


def test_matrix_transpose_names_and_dynamic_rank(tf):
    t = tf.matrix_transpose(tf.ones((2, 3, 4)))
    assert t.name == "matrix_transpose/transpose:0" and t.shape.as_list() == [2, 4, 3]
    assert tf.linalg.matrix_transpose(tf.ones((2, 3)), name="mine").name == "mine/transpose:0"
    p = tf.placeholder(tf.float32)
    t3 = tf.matrix_transpose(p)
    assert t3.name == "matrix_transpose_1/transpose:0" and t3.shape.ndims is None
    assert [o.name for o in tf.get_default_graph().get_operations()
            if o.name.startswith("matrix_transpose_1/")] == [
        "matrix_transpose_1/Rank", "matrix_transpose_1/sub/y", "matrix_transpose_1/sub",
        "matrix_transpose_1/Range/start", "matrix_transpose_1/Range/delta",
        "matrix_transpose_1/Range", "matrix_transpose_1/sub_1/y", "matrix_transpose_1/sub_1",
        "matrix_transpose_1/sub_2/y", "matrix_transpose_1/sub_2",
        "matrix_transpose_1/concat/values_1", "matrix_transpose_1/concat/axis",
        "matrix_transpose_1/concat", "matrix_transpose_1/transpose"]
    x = np.arange(12.).reshape(2, 2, 3)
    with tf.Session() as sess:
        got = sess.run(t3, {p: x})
    np.testing.assert_array_equal(got, np.swapaxes(x, 1, 2))


@pytest.mark.tfcompat_only   # TF 2.21 words it differently ("Argument `a` should be ...")
def test_matrix_transpose_rank_one_is_an_error(tf):
    with pytest.raises(ValueError, match=r"Argument 'a' should be a \(batch\) matrix, with rank "
                                         r">= 2.  Found: \(3,\)"):
        tf.matrix_transpose(tf.ones([3]))
