"""tf.contrib.keras (TF 1.15: an alias of tf.keras's modules, contrib/keras/api/keras), as the
2017-2018 courses used it: `from tensorflow.contrib import keras; L = keras.layers`."""
import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only  # TF 2.x has no tf.contrib


def test_contrib_keras_modules_are_tf_keras():
    import tfcompat as tf
    keras = tf.contrib.keras
    for name in ("activations", "applications", "backend", "callbacks", "constraints",
                 "datasets", "initializers", "layers", "losses", "metrics", "models",
                 "optimizers", "preprocessing", "regularizers", "utils", "wrappers"):
        assert getattr(keras, name) is getattr(tf.keras, name)
    with pytest.raises(AttributeError, match="tf.contrib.keras.engine"):
        keras.engine


def test_contrib_keras_layers_in_a_graph():
    import tfcompat as tf
    L, K = tf.contrib.keras.layers, tf.contrib.keras.backend
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        y = L.Dense(2, kernel_initializer="ones", bias_initializer="zeros")(x)
        with tf.Session() as sess:
            K.set_session(sess)
            sess.run(tf.global_variables_initializer())
            np.testing.assert_allclose(sess.run(y, {x: [[1., 2., 3.]]}), [[6., 6.]])
