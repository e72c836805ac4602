"""slim.arg_scope / add_arg_scope with TF 1.15's semantics. Expected values recorded from tf_slim
1.1.0 (TF 1.15's contrib.slim) on TF 2.21 compat.v1."""
import pytest


def _decorated(slim):
    @slim.add_arg_scope
    def f(a, b=1, c=2):
        return (a, b, c)

    @slim.add_arg_scope
    def nodefaults(a, b):
        return a

    def plain(a, b=1):
        return a
    return f, nodefaults, plain


def test_nested_scopes_merge_and_restore(slim):
    f, nodefaults, plain = _decorated(slim)
    assert slim.has_arg_scope(f) and not slim.has_arg_scope(plain)
    # TF lists the arguments with defaults, and all of them when there is none (a -0 slice)
    assert tuple(slim.arg_scoped_arguments(f)) == ("b", "c")
    assert tuple(slim.arg_scoped_arguments(nodefaults)) == ("a", "b")
    with slim.arg_scope([f], b=10):
        assert f(0) == (0, 10, 2) and f(0, b=3) == (0, 3, 2)
        with slim.arg_scope([f], c=20) as sc:
            assert f(0) == (0, 10, 20)
            assert len(sc) == 1 and list(sc.values())[0] == {"b": 10, "c": 20}
            with slim.arg_scope([f], b=5, c=6):
                assert f(0) == (0, 5, 6)
        assert f(0) == (0, 10, 2)
        saved = slim.current_arg_scope()
    assert f(0) == (0, 1, 2)
    with slim.arg_scope(sc):
        assert f(0) == (0, 10, 20)
    with slim.arg_scope(saved):
        assert f(0) == (0, 10, 2)
    assert slim.current_arg_scope() == {}


def test_arg_scope_errors(slim):
    f, _, plain = _decorated(slim)
    with pytest.raises(ValueError):
        with slim.arg_scope([plain], b=1):
            pass
    with pytest.raises(TypeError):
        with slim.arg_scope(f, b=1):
            pass
    with slim.arg_scope([f], b=2) as sc:
        pass
    with pytest.raises(ValueError):
        with slim.arg_scope(sc, b=1):
            pass
    assert slim.current_arg_scope() == {}


def test_layers_honour_arg_scope(tf, slim):
    x = tf.zeros([1, 4, 4, 2])
    with slim.arg_scope([slim.conv2d, slim.fully_connected], activation_fn=None,
                        weights_initializer=tf.ones_initializer()):
        with slim.arg_scope([slim.conv2d], padding="VALID", stride=2):
            y = slim.conv2d(x, 3, [2, 2], scope="c1")
            z = slim.fully_connected(slim.flatten(y), 2)
            # conv2d is a function of its own: its scope does not reach `convolution`
            w = slim.convolution(x, 3, [2, 2], scope="c2")
        with slim.arg_scope([slim.model_variable], device="/cpu:0"):
            v = slim.model_variable("mv", shape=[2])
            slim.conv2d(x, 1, [1, 1], scope="c3")
    assert (y.shape.as_list(), z.op.type) == ([1, 2, 2, 3], "BiasAdd")
    assert (w.shape.as_list(), w.op.type) == ([1, 4, 4, 3], "Relu")
    assert v.device == "/device:CPU:0"
    assert tf.get_default_graph().get_tensor_by_name("c3/weights:0").device == "/device:CPU:0"
    assert slim.conv2d.__name__ == "convolution2d"
    assert tuple(slim.arg_scoped_arguments(slim.conv2d))[:5] == (
        "stride", "padding", "data_format", "rate", "activation_fn")
    assert tuple(slim.arg_scoped_arguments(slim.flatten)) == ()


@pytest.mark.tfcompat_only
def test_contrib_layers_are_slims_own_functions(tf):
    slim = tf.contrib.slim
    assert slim.conv2d is tf.contrib.layers.conv2d
    assert slim.arg_scope is tf.contrib.framework.arg_scope
    assert slim.losses is tf.contrib.losses and slim.metrics is tf.contrib.metrics
    x = tf.zeros([1, 4, 4, 2])
    with slim.arg_scope([slim.conv2d], padding="VALID"):
        y = tf.contrib.layers.conv2d(x, 3, [3, 3])
    assert y.shape.as_list() == [1, 2, 2, 3]


def test_normalizer_under_arg_scope(tf, slim):
    x = tf.zeros([1, 4, 4, 2])
    with slim.arg_scope([slim.batch_norm], is_training=False, decay=0.9):
        with slim.arg_scope([slim.conv2d], normalizer_fn=slim.batch_norm):
            out = slim.conv2d(x, 2, [1, 1], scope="c4")
    names = sorted(v.op.name for v in tf.global_variables() if v.op.name.startswith("c4"))
    assert names == ["c4/BatchNorm/beta", "c4/BatchNorm/moving_mean",
                     "c4/BatchNorm/moving_variance", "c4/weights"]
    assert out.op.type == "Relu"


@pytest.mark.tfcompat_only
def test_unsupported_slim_parts_name_themselves(tf):
    with pytest.raises(AttributeError) as info:
        tf.contrib.slim.data
    assert "tf.contrib.slim.data" in str(info.value)
    assert "TFRecordDataset" in str(info.value)
