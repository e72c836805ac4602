"""A registered gradient is called anew by every tf.gradients (TF builds its ops per call), so a
gradient function that dispatches on Python state (DeepExplain's one "DeepExplainGrad" serving
saliency, epsilon-LRP and DeepLIFT) gives each tf.gradients its own gradient. Expected values
recorded from TF 2.21 compat.v1."""
import itertools

import numpy as np
import pytest

_names = itertools.count()
MODE = {"scale": 1.0}


def _register(tf):
    name = "PerCallGrad%d" % next(_names)   # a fresh name: the registry is process-wide

    @tf.RegisterGradient(name)
    def _grad(op, grad):
        if MODE["scale"] is None:
            return grad * op.outputs[0] / op.inputs[0]   # epsilon-LRP's rule
        return grad * MODE["scale"] * tf.cast(op.outputs[0] > 0, grad.dtype)
    return name


def test_each_tf_gradients_calls_the_registered_function_again(tf):
    name = _register(tf)
    x = tf.constant([[-1.0, 0.5, 2.0]])
    with tf.get_default_graph().gradient_override_map({"Relu": name, "Tanh": name}):
        y = tf.reduce_sum(tf.tanh(tf.nn.relu(x * 3.0 - 1.0)) * [[1.0, 2.0, 3.0]])
    MODE["scale"] = 1.0
    g1 = tf.gradients(y, x)[0]
    MODE["scale"] = 10.0
    g2 = tf.gradients(y, x)[0]
    MODE["scale"] = None
    g3 = tf.gradients(y, x)[0]
    MODE["scale"] = 1.0
    with tf.Session() as sess:
        v1, v2, v3 = sess.run([g1, g2, g3])
        again = sess.run(g1)
    np.testing.assert_allclose(v1, [[0.0, 6.0, 9.0]])
    np.testing.assert_allclose(v2, [[0.0, 600.0, 900.0]])
    np.testing.assert_allclose(v3, [[np.nan, 5.5454054, 1.7998364]], rtol=1e-5)   # tanh: 0/0
    np.testing.assert_allclose(again, v1)


def test_unregistered_override_name_message(tf):
    x = tf.constant([1.0, -2.0])
    with tf.get_default_graph().gradient_override_map({"Relu": "NoSuchGradForRelu"}):
        y = tf.nn.relu(x)
    with pytest.raises(LookupError) as e:
        tf.gradients(y, x)
    assert str(e.value).startswith(
        "No gradient defined for operation'Relu' (op type: Relu). In general every operation "
        "must have an associated `@tf.RegisterGradient` for correct autodiff")
