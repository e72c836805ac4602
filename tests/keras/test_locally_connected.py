"""tf.keras LocallyConnected1D/2D in tf_keras's three implementations (per-position patches,
masked dense matmul, sparse matmul): weights, output shapes, values and gradients for fixed
weights, configs, errors, a seeded model's summary and its JSON/HDF5 round trips. The literals
were recorded from TF 2.21 (tf.compat.v1, v2 behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import os

import numpy as np
import pytest

# (implementation, data_format, padding): (1-D output shape, 1-D weights, 2-D output shape,
# 2-D weights, 1-D count_params, 2-D count_params, [sum, sum |.|] of the outputs, then the
# gradients of x, x2, the 1-D weights and the 2-D weights)
EXPECTED = {
    (1, "channels_last", "valid"): (
        [None, 2, 2], [("kernel:0", [2, 6, 2]), ("bias:0", [2, 2])],
        [None, 3, 2, 3], [("kernel:0", [6, 12, 3]), ("bias:0", [3, 2, 3])], 28, 234,
        [[-5.8533, 6.2049], [-5.1196, 19.6725], [-0.6205, 2.4364], [164.2368, 222.5636],
         [0.7973, 4.3855], [-0.8278, 0.9408], [9.5573, 326.8574], [-10.2391, 36.9872]]),
    (1, "channels_first", "valid"): (
        [None, 2, 2], [("kernel:0", [2, 6, 2]), ("bias:0", [2, 2])],
        [None, 3, 3, 2], [("kernel:0", [6, 12, 3]), ("bias:0", [3, 2, 3])], 28, 234,
        [[-1.1948, 5.115], [-87.3327, 93.7511], [7.6485, 7.6485], [251.8611, 1411.3517],
         [0.4732, 9.5435], [-0.7491, 2.6396], [-33.4426, 1350.6133], [-174.6654, 186.8697]]),
    (2, "channels_last", "valid"): (
        [None, 2, 2], [("kernel:0", [5, 3, 2, 2]), ("bias:0", [2, 2])],
        [None, 3, 2, 3], [("kernel:0", [4, 5, 2, 3, 2, 3]), ("bias:0", [3, 2, 3])], 64, 738,
        [[-3.9634, 6.0564], [-15.8791, 57.1275], [0.457, 4.6367], [120.0375, 382.2122],
         [0.5128, 5.8924], [-0.1339, 0.3452], [22.6147, 951.8888], [-31.7582, 99.3318]]),
    (2, "channels_last", "same"): (
        [None, 5, 2], [("kernel:0", [5, 3, 5, 2]), ("bias:0", [5, 2])],
        [None, 4, 3, 3], [("kernel:0", [4, 5, 2, 4, 3, 3]), ("bias:0", [4, 3, 3])], 160, 1476,
        [[-7.4656, 14.4779], [-45.8747, 117.0791], [7.4655, 9.1174], [432.002, 678.5593],
         [-2.9911, 15.7551], [-0.7008, 3.0786], [-270.9638, 1234.9666], [-91.7493, 225.0528]]),
    (2, "channels_first", "valid"): (
        [None, 2, 2], [("kernel:0", [3, 5, 2, 2]), ("bias:0", [2, 2])],
        [None, 3, 3, 2], [("kernel:0", [2, 4, 5, 3, 3, 2]), ("bias:0", [3, 2, 3])], 64, 738,
        [[-3.5212, 5.5689], [-36.0846, 40.3152], [1.6728, 8.0932], [99.6159, 439.1042],
         [-0.195, 5.2604], [-1.6124, 1.6124], [-69.5172, 562.3972], [-72.1692, 77.4525]]),
    (2, "channels_first", "same"): (
        [None, 2, 5], [("kernel:0", [3, 5, 2, 5]), ("bias:0", [5, 2])],
        [None, 3, 4, 3], [("kernel:0", [2, 4, 5, 3, 4, 3]), ("bias:0", [4, 3, 3])], 160, 1476,
        [[-7.1516, 13.9906], [-69.1975, 79.2934], [4.9292, 17.095], [210.793, 530.7228],
         [-0.1597, 19.0147], [-4.3098, 5.9953], [-346.4102, 809.8025], [-138.3951, 154.7703]]),
    (3, "channels_last", "valid"): (
        [None, 2, 2], [("kernel:0", [24]), ("bias:0", [2, 2])],
        [None, 3, 2, 3], [("kernel:0", [216]), ("bias:0", [3, 2, 3])], 28, 234,
        [[-6.1078, 6.1078], [-1.4695, 11.7929], [-3.5525, 6.463], [178.0213, 178.0213],
         [2.1189, 8.7173], [-2.4623, 2.4623], [4.8626, 186.2793], [-2.939, 23.5461]]),
    (3, "channels_last", "same"): (
        [None, 5, 2], [("kernel:0", [54]), ("bias:0", [5, 2])],
        [None, 4, 3, 3], [("kernel:0", [294]), ("bias:0", [4, 3, 3])], 64, 330,
        [[-9.2369, 13.9403], [-28.995, 67.3966], [-9.2102, 14.1817], [529.9922, 551.8275],
         [5.8854, 19.2216], [-4.9653, 4.9653], [-302.7152, 529.252], [-57.99, 131.343]]),
    (3, "channels_first", "valid"): (
        [None, 2, 2], [("kernel:0", [24]), ("bias:0", [2, 2])],
        [None, 3, 3, 2], [("kernel:0", [216]), ("bias:0", [3, 2, 3])], 28, 234,
        [[-0.9521, 5.1141], [-29.1109, 90.0779], [9.4178, 9.4178], [-251.6485, 1131.9681],
         [-0.1061, 12.3473], [-1.3681, 3.1499], [-50.9882, 1309.2972], [-58.2218, 180.0703]]),
    (3, "channels_first", "same"): (
        [None, 2, 5], [("kernel:0", [54]), ("bias:0", [5, 2])],
        [None, 3, 4, 3], [("kernel:0", [294]), ("bias:0", [4, 3, 3])], 64, 330,
        [[-0.5698, 11.4264], [-54.4272, 153.5031], [26.2797, 26.2797], [81.3544, 1366.8756],
         [-0.1652, 27.5842], [-2.0961, 9.334], [-164.0126, 1625.6124], [-108.8545, 300.4077]]),
}


def _digest(values):
    return [[float(np.sum(v)), float(np.sum(np.abs(v)))] for v in values]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_implementations_values_and_gradients(tf, case):
    impl, fmt, pad = case
    L = tf.keras.layers
    x = tf.placeholder(tf.float32, [None, 5, 3] if fmt == "channels_last" else [None, 3, 5])
    l1 = L.LocallyConnected1D(2, 2, strides=2 if pad == "valid" else 1, padding=pad,
                              data_format=fmt, implementation=impl, activation="tanh")
    y1 = l1(x)
    x2 = tf.placeholder(tf.float32, [None, 4, 5, 2] if fmt == "channels_last" else
                        [None, 2, 4, 5])
    l2 = L.LocallyConnected2D(3, (2, 3), strides=(1, 2), padding=pad, data_format=fmt,
                              implementation=impl)
    y2 = l2(x2)
    assigns = [tf.assign(w, np.linspace(-1, 1, int(np.prod(w.shape.as_list()))).reshape(
        w.shape.as_list()).astype(np.float32)) for layer in (l1, l2) for w in layer.weights]
    grads = tf.gradients(tf.reduce_sum(y1 * y1) + tf.reduce_sum(y2 * y2),
                         [x, x2] + l1.weights + l2.weights)
    xv = np.sin(np.arange(30) * 0.5).reshape([2] + x.shape.as_list()[1:]).astype(np.float32)
    x2v = np.cos(np.arange(80) * 0.3).reshape([2] + x2.shape.as_list()[1:]).astype(np.float32)
    with tf.Session() as sess:
        sess.run(assigns)
        results = sess.run([y1, y2] + grads, {x: xv, x2: x2v})
    shape1, weights1, shape2, weights2, count1, count2, digest = EXPECTED[case]
    assert y1.shape.as_list() == shape1 and y2.shape.as_list() == shape2
    assert [(w.name, w.shape.as_list()) for w in l1.weights] == [
        (l1.name + "/" + name, shape) for name, shape in weights1]
    assert [(w.name, w.shape.as_list()) for w in l2.weights] == [
        (l2.name + "/" + name, shape) for name, shape in weights2]
    assert (l1.count_params(), l2.count_params()) == (count1, count2)
    np.testing.assert_allclose(_digest(results), digest, rtol=1e-4, atol=2e-3)


def test_config_and_errors(tf):
    L = tf.keras.layers
    config = L.LocallyConnected2D(2, 3, implementation=2, name="lc").get_config()
    assert config == {
        "name": "lc", "trainable": True, "dtype": None, "filters": 2,
        "kernel_size": (3, 3), "strides": (1, 1), "padding": "valid",
        "data_format": "channels_last", "activation": "linear", "use_bias": True,
        "kernel_initializer": {"class_name": "GlorotUniform",
                               "config": {"seed": None, "dtype": "float32"}},
        "bias_initializer": {"class_name": "Zeros", "config": {"dtype": "float32"}},
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None, "implementation": 2}
    assert list(config) == list(L.LocallyConnected2D.from_config(config).get_config())
    with pytest.raises(ValueError, match=r'Invalid border mode for LocallyConnected2D \(only '
                       r'"valid" is supported if implementation is 1\): same'):
        L.LocallyConnected2D(2, 2, padding="same")
    with pytest.raises(ValueError, match="Invalid border mode for LocallyConnected1D"):
        L.LocallyConnected1D(2, 2, padding="same", implementation=1)
    with pytest.raises(ValueError, match="The spatial dimensions of the inputs to  a "
                       "LocallyConnected2D layer should be fully-defined"):
        L.LocallyConnected2D(2, 2)(tf.placeholder(tf.float32, [None, None, 4, 2]))
    with pytest.raises(ValueError, match="One of the dimensions in the output is <= 0 due to "
                       r"downsampling in locally_connected2d_\d+. Consider increasing the "
                       r"input size. Received input shape \(None, 3, 4, 2\)"):
        L.LocallyConnected2D(2, 5)(tf.placeholder(tf.float32, [None, 3, 4, 2]))
    with pytest.raises(ValueError, match="Unrecognized implementation mode: 4."):
        L.LocallyConnected2D(2, 2, implementation=4)(tf.placeholder(tf.float32,
                                                                    [None, 3, 4, 2]))


# summary() prints TF 1.15's layout (these literals: TF 1.15's print_summary run on TF 2.21's
# models); TF 2.21's tf_keras, the live reference, prints another (known_differences.txt)
TF1_SUMMARY_LAYOUT = not os.environ.get("TFCOMPAT_TEST_AGAINST_TF")

_SUMMARY = """\
Model: "sequential"
_________________________________________________________________
Layer (type)                 Output Shape              Param #   
=================================================================
locally_connected2d (Locally (None, 3, 2, 2)           156       
_________________________________________________________________
reshape (Reshape)            (None, 6, 2)              0         
_________________________________________________________________
locally_connected1d (Locally (None, 6, 3)              234       
=================================================================
Total params: 390
Trainable params: 390
Non-trainable params: 0
_________________________________________________________________
"""


def test_seeded_model_summary_json_and_hdf5(tf, tmp_path):
    L = tf.keras.layers
    tf.set_random_seed(11)
    model = tf.keras.Sequential([
        L.LocallyConnected2D(2, (2, 3), strides=(1, 2), input_shape=(4, 5, 2),
                             implementation=3),
        L.Reshape((6, 2)),
        L.LocallyConnected1D(3, 3, padding="same", implementation=2, activation="relu")])
    lines = []
    model.summary(print_fn=lines.append)
    if TF1_SUMMARY_LAYOUT:
        assert "\n".join(lines) + "\n" == _SUMMARY
    xv = np.cos(np.arange(80) * 0.3).reshape(2, 4, 5, 2).astype(np.float32)
    predicted = model.predict(xv)
    np.testing.assert_allclose(_digest([predicted]), PREDICTED, rtol=1e-5, atol=1e-6)
    rebuilt = tf.keras.models.model_from_json(model.to_json())
    assert [layer.get_config() for layer in rebuilt.layers] == [
        layer.get_config() for layer in model.layers]
    pytest.importorskip("h5py")
    path = os.path.join(str(tmp_path), "model.h5")
    model.save(path)
    np.testing.assert_allclose(tf.keras.models.load_model(path).predict(xv), predicted,
                               atol=1e-6)


PREDICTED = [[0.6788899302482605, 0.6788899302482605]]
