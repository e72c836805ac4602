"""Keras options recorded from TF 2.21 compat.v1 tf.keras in graph mode:
Conv2DTranspose(output_padding), tf.keras.backend.relu(alpha, max_value, threshold),
tf.keras.backend.bias_add with a bias of x's rank - 1, and TimeDistributed's mask (the inner
layer's mask per step; a layer without masking refuses one)."""
import numpy as np
import pytest

XC = (np.arange(36).reshape(2, 3, 3, 2).astype(np.float32) - 9) / 7.


@pytest.mark.parametrize("kwargs,shape,head,total", [
    # recorded from TF 2.21 compat.v1 (kernel and bias initialized to ones)
    (dict(kernel_size=3, strides=2, output_padding=1), (2, 8, 8, 1),
     [-1.428571, -1.428571, -3.285714, -0.857143, -2.142857, -0.285714], 521.4286),
    (dict(kernel_size=(3, 2), strides=(2, 3), output_padding=(1, 2), padding="same"),
     (2, 6, 8, 1), [-1.428571, -1.428571, 1.0, -0.857143, -0.857143, 1.0], 308.57144),
    (dict(kernel_size=2, strides=2, output_padding=1), (2, 7, 7, 1),
     [-1.428571, -1.428571, -0.857143, -0.857143, -0.285714, -0.285714], 272.85712),
    (dict(kernel_size=3, strides=2, output_padding=1, data_format="channels_first"),
     (2, 1, 8, 6), [-0.285714, -0.285714, -1.142857, 0.142857, 0.142857, 1.0], 489.42856),
])
def test_conv2d_transpose_output_padding(tf, kwargs, shape, head, total):
    inp = tf.keras.Input(batch_shape=(2, 3, 3, 2))
    layer = tf.keras.layers.Conv2DTranspose(1, kernel_initializer="ones",
                                            bias_initializer="ones", **kwargs)
    y = layer(inp)
    assert tuple(y.shape.as_list()) == shape
    assert tuple(layer.compute_output_shape((2, 3, 3, 2)).as_list()) == shape
    assert layer.get_config()["output_padding"] == tuple(np.broadcast_to(
        kwargs["output_padding"], (2,)))
    sess = tf.keras.backend.get_session()
    sess.run(tf.variables_initializer(layer.weights))
    got = sess.run(y, {inp: XC})
    np.testing.assert_allclose(got.reshape(-1)[:6], head, rtol=1e-5)
    np.testing.assert_allclose(got.sum(), total, rtol=1e-5)


def test_conv2d_transpose_output_padding_checks(tf):
    inp = tf.keras.Input(shape=(3, 3, 2))
    y = tf.keras.layers.Conv2DTranspose(1, 3, strides=2, output_padding=1)(inp)
    assert y.shape.as_list() == [None, 8, 8, 1]
    assert tf.keras.layers.Conv2DTranspose(1, 3).get_config()["output_padding"] is None
    with pytest.raises(ValueError, match=r"Strides must be greater than output padding\. "
                                         r"Received strides=\(1, 1\), output_padding=\(1, 1\)"):
        tf.keras.layers.Conv2DTranspose(1, 3, strides=1, output_padding=1)


XR = np.array([-3., -1., -0.5, 0., 0.5, 1., 2., 7.], np.float32)


@pytest.mark.parametrize("kwargs,values,grads", [
    # recorded from TF 2.21 compat.v1: relu(x) and d sum(relu(x)**2) / dx
    (dict(alpha=0.1), [-0.3, -0.1, -0.05, 0., 0.5, 1., 2., 7.],
     [-0.06, -0.02, -0.01, 0., 1., 2., 4., 14.]),
    (dict(max_value=6.), [0., 0., 0., 0., 0.5, 1., 2., 6.], [0., 0., 0., 0., 1., 2., 4., 0.]),
    (dict(max_value=1.5), [0., 0., 0., 0., 0.5, 1., 1.5, 1.5], [0., 0., 0., 0., 1., 2., 0., 0.]),
    (dict(threshold=0.5), [0., 0., 0., 0., 0., 1., 2., 7.], [0., 0., 0., 0., 0., 2., 4., 14.]),
    (dict(alpha=0.2, max_value=1.5, threshold=0.5), [-0.7, -0.3, -0.2, -0.1, 0., 1., 1.5, 1.5],
     [-0.28, -0.12, -0.08, -0.04, 0., 2., 0., 0.]),
    (dict(alpha=0.3, threshold=-1.), [-0.6, 0., -0.5, 0., 0.5, 1., 2., 7.],
     [-0.36, 0., -1., 0., 1., 2., 4., 14.]),
])
def test_backend_relu_options(tf, kwargs, values, grads):
    x = tf.constant(XR)
    y = tf.keras.backend.relu(x, **kwargs)
    sess = tf.keras.backend.get_session()
    got, grad = sess.run([y, tf.gradients(tf.reduce_sum(y * y), x)[0]])
    np.testing.assert_allclose(got, values, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(grad, grads, rtol=1e-6, atol=1e-7)


def test_backend_relu_ops_and_float64(tf):
    x = tf.constant(XR)
    assert tf.keras.backend.relu(x, max_value=6.).op.type == "Relu6"
    assert tf.keras.backend.relu(x, alpha=0.1).op.type == "LeakyRelu"
    y = tf.keras.backend.relu(XR.astype(np.float64), alpha=0.1, max_value=1.)
    assert y.dtype == tf.float64
    np.testing.assert_allclose(tf.keras.backend.get_session().run(y),
                               [-0.3, -0.1, -0.05, 0., 0.5, 1., 1., 1.])


def test_backend_bias_add_nd_bias(tf):
    K = tf.keras.backend
    x = tf.constant(np.arange(48, dtype=np.float32).reshape(2, 3, 4, 2))
    y = K.bias_add(x, tf.constant(np.arange(24, dtype=np.float32).reshape(3, 4, 2) / 10))
    # recorded from TF 2.21 compat.v1
    np.testing.assert_allclose(K.get_session().run(y).reshape(-1)[:6],
                               [0.0, 1.1, 2.2, 3.3, 4.4, 5.5], rtol=1e-6)
    first = K.bias_add(x, tf.constant(np.ones((4, 2, 3), np.float32)),
                       data_format="channels_first")     # bias reshaped to [1, 3, 4, 2]
    np.testing.assert_allclose(K.get_session().run(first).reshape(-1)[:3], [1., 2., 3.])
    with pytest.raises(ValueError, match="Unexpected bias dimensions 2, expect to be 1 or 3 "
                                         "dimensions"):
        K.bias_add(x, tf.constant(np.ones((4, 2), np.float32)))
    with pytest.raises(ValueError, match="Unknown data_format: nchw"):
        K.bias_add(x, tf.constant(np.ones(2, np.float32)), data_format="nchw")


X4 = (np.arange(48).reshape(2, 4, 2, 3).astype(np.float32) - 20) / 13.
X4[0, 1] = 0.
X4[1, 3] = 0.
X4[1, 0, 0] = 0.


def test_time_distributed_reduces_a_4d_mask_for_the_lstm(tf):
    L = tf.keras.layers
    model = tf.keras.Sequential([
        L.Masking(0., input_shape=(4, 2, 3)), L.TimeDistributed(L.GlobalAveragePooling1D()),
        L.LSTM(2, kernel_initializer="ones", recurrent_initializer="ones")])
    mask = model.layers[1].output._keras_mask
    assert mask.shape.as_list() == [None, 4] and mask.op.type == "Any"
    # recorded from TF 2.21 compat.v1
    np.testing.assert_allclose(model.predict(X4), [[-0.07035839, -0.07035839],
                                                   [0.9930088, 0.9930088]], rtol=1e-5)
    np.testing.assert_array_equal(tf.keras.backend.get_session().run(
        mask, {model.input: X4}), [[True, False, True, True], [True, True, True, False]])


def test_time_distributed_passes_the_step_mask_to_the_layer(tf):
    L = tf.keras.layers
    model = tf.keras.Sequential([L.Masking(0., input_shape=(4, 2, 3)),
                                 L.TimeDistributed(L.GlobalAveragePooling1D())])
    got = model.predict(X4)
    # recorded from TF 2.21 compat.v1: the masked mean of each step (0/0 where all masked)
    np.testing.assert_allclose(got[1, 0], [0.53846157, 0.61538464, 0.6923077], rtol=1e-5)
    assert np.isnan(got[0, 1]).all() and np.isnan(got[1, 3]).all()


@pytest.mark.parametrize("batch", [None, 2])
def test_time_distributed_flatten_refuses_a_mask(tf, batch):
    L = tf.keras.layers
    first = L.Masking(0., batch_input_shape=(batch, 4, 2, 3))
    with pytest.raises(TypeError, match="Layer flatten does not support masking, but was "
                                        "passed an input_mask: "):
        tf.keras.Sequential([first, L.TimeDistributed(L.Flatten(name="flatten")),
                             L.LSTM(2)])


def test_time_distributed_dense_keeps_the_mask(tf):
    L = tf.keras.layers
    model = tf.keras.Sequential([L.Masking(0., input_shape=(4, 6)),
                                 L.TimeDistributed(L.Dense(3, kernel_initializer="ones")),
                                 L.LSTM(2, kernel_initializer="ones",
                                        recurrent_initializer="ones")])
    assert model.layers[1].output._keras_mask.shape.as_list() == [None, 4]
    # recorded from TF 2.21 compat.v1
    np.testing.assert_allclose(model.predict(X4.reshape(2, 4, 6)),
                               [[0.23308901, 0.23308901], [0.99505442, 0.99505442]], rtol=1e-5)
