"""Keras v1 `fit`/`evaluate` with a loss built with `reduction=NONE` (tensorflow/privacy's DP-SGD
Keras tutorial hands the per-example vector to its optimizer): TF's loops log that vector, averaged
elementwise over the batches; and arrays that make a single batch are not sliced, so `shuffle`
(whose numpy draw still happens) does not reorder them.

Expected values were recorded from TensorFlow 2.21's `tensorflow.compat.v1` (tf_keras).
"""
import numpy as np

X = np.array([[1., 2.], [0., 1.], [2., -1.], [-1., 0.5]], np.float32)
Y = np.array([[1.], [0.], [2.], [-1.]], np.float32)
VX = np.array([[0.5, 0.5], [1., 0.], [0., -1.]], np.float32)
VY = np.array([[1.], [2.], [0.]], np.float32)


def _model(tf):
    model = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,), kernel_initializer='ones')])
    model.compile(tf.train.GradientDescentOptimizer(0.1),
                  loss=tf.keras.losses.MeanSquaredError(reduction=tf.losses.Reduction.NONE))
    return model


def test_vector_loss_is_logged_per_sample(tf):
    np.random.seed(0)
    model = _model(tf)
    h = model.fit(X, Y, batch_size=2, epochs=2, validation_data=(VX, VY), verbose=0)
    np.testing.assert_allclose(np.array(h.history['loss']), [[0.86125004, 2.3299997],
                                                             [0.24941802, 0.43261194]], rtol=1e-5)
    np.testing.assert_allclose(np.array(h.history['val_loss']), [[1.4402999, 0.69796664],
                                                                 [0.67878294, 0.1899461]], rtol=1e-5)
    ev = model.evaluate(VX, VY, batch_size=4, verbose=0)
    np.testing.assert_allclose(ev, [0.23736386, 0.97061914, 0.09511057], rtol=1e-5)
    np.testing.assert_allclose(model.get_weights()[1], [-0.1488], rtol=1e-3)


def test_single_batch_is_not_shuffled(tf):
    np.random.seed(0)
    model = _model(tf)
    model.fit(X, Y, batch_size=2, epochs=2, validation_data=(VX, VY), verbose=0)
    np.random.seed(1)
    h = model.fit(X, Y, batch_size=4, epochs=2, validation_data=(VX, VY), verbose=0)
    np.testing.assert_allclose(np.array(h.history['loss']),
                               [[0.111556, 0.00011664, 0.00035343, 0.05410275],
                                [0.00093147, 0.01541074, 0.01969527, 0.03699083]], rtol=1e-4)
    np.testing.assert_allclose(np.array(h.history['val_loss']),
                               [[0.39462256, 1.2819673, 0.05101272],
                                [0.25475898, 1.0221213, 0.024522]], rtol=1e-4)
    assert np.random.randint(1000) == 583  # the shuffles drew from numpy all the same
