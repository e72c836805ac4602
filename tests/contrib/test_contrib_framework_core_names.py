"""tf.contrib.framework's names that TF 1.15 re-exported from core (contrib/framework/
__init__.py): the tensor_util and check_ops predicates, TensorSpec, get_graph_from_inputs,
and ops' prepend_name_scope / strip_name_scope, whose results TF 2.21's
tensorflow.python.framework.ops printed for the same arguments."""
import pytest

pytestmark = pytest.mark.tfcompat_only


def test_name_scope_strings(tf):
    cf = tf.contrib.framework
    assert [cf.strip_name_scope(n, s) for n, s in [
        ("a/b", "a"), ("^a/b", "a/"), ("loc:@a/b/c", "a"), ("x/a/b", "a"), ("a//b", "a"),
        ("b", "")]] == ["b", "^b", "loc:@b/c", "x/a/b", "b", "b"]
    assert [cf.prepend_name_scope(n, s) for n, s in [
        ("b", "a"), ("^b", "a/"), ("loc:@b/c", "a"), ("b", ""), ("b", "x/y")]] == [
        "a/b", "^a/b", "loc:@a/b/c", "b", "x/y/b"]


def test_core_names(tf):
    cf = tf.contrib.framework
    assert cf.TensorSpec is tf.TensorSpec
    assert cf.is_non_decreasing is tf.debugging.is_non_decreasing
    assert cf.is_strictly_increasing is tf.debugging.is_strictly_increasing
    assert cf.is_numeric_tensor is tf.debugging.is_numeric_tensor
    assert cf.assert_same_float_dtype is tf.debugging.assert_same_float_dtype
    assert cf.convert_to_tensor_or_sparse_tensor is tf.convert_to_tensor_or_sparse_tensor
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0)
    assert cf.get_graph_from_inputs([c]) is g
    with pytest.raises(AttributeError, match="smart_case"):
        cf.smart_case
