"""Keras activation layers, Conv2DTranspose, TimeDistributed, Bidirectional and
LayerNormalization: names, weights and seeded values recorded from TF 2.21 (tf.compat.v1, v2
behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import numpy as np


def test_activation_layers(tf):
    L = tf.keras.layers
    u = tf.placeholder(tf.float32, [None, 4])
    got = [(type(layer).__name__, layer(u).name, [v.name for v in layer.weights])
           for layer in [L.LeakyReLU(), L.LeakyReLU(0.1), L.ReLU(), L.ReLU(max_value=6.0),
                         L.Softmax(), L.ELU(), L.PReLU()]]
    assert got == [("LeakyReLU", "leaky_re_lu/LeakyRelu:0", []),
                   ("LeakyReLU", "leaky_re_lu_1/LeakyRelu:0", []),
                   ("ReLU", "re_lu/Relu:0", []), ("ReLU", "re_lu_1/Relu6:0", []),
                   ("Softmax", "softmax/Softmax:0", []), ("ELU", "elu/Elu:0", []),
                   ("PReLU", "p_re_lu/add:0", ["p_re_lu/alpha:0"])]
    assert L.LeakyReLU().get_config()["alpha"] == 0.30000001192092896


def test_wrappers_transpose_conv_and_layer_norm_match_tf(tf):
    L = tf.keras.layers
    tf.set_random_seed(7)
    u = tf.placeholder(tf.float32, [None, 4])
    for layer in [L.LeakyReLU(), L.LeakyReLU(0.1), L.ReLU(), L.ReLU(max_value=6.0), L.Softmax(),
                  L.ELU(), L.PReLU()]:      # the graph TF's values were recorded in
        layer(u)
    x = tf.placeholder(tf.float32, [None, 4, 4, 3])
    ct = L.Conv2DTranspose(2, 3, strides=2, padding="same")
    y = ct(x)
    assert (y.name, y.shape.as_list()) == ("conv2d_transpose/BiasAdd:0", [None, 8, 8, 2])
    assert [(v.name, v.shape.as_list()) for v in ct.weights] == [
        ("conv2d_transpose/kernel:0", [3, 3, 2, 3]), ("conv2d_transpose/bias:0", [2])]
    assert L.Conv2DTranspose(2, 3)(x).shape.as_list() == [None, 6, 6, 2]
    s = tf.placeholder(tf.float32, [None, 5, 3])
    td = L.TimeDistributed(L.Dense(2))
    y = td(s)
    assert (y.name, y.shape.as_list()) == ("time_distributed/Reshape_1:0", [None, 5, 2])
    assert [v.name for v in td.weights] == ["time_distributed/kernel:0",
                                            "time_distributed/bias:0"]
    bi = L.Bidirectional(L.LSTM(4))
    y = bi(s)
    assert (y.name, y.shape.as_list()) == ("bidirectional/concat:0", [None, 8])
    assert [v.name for v in bi.weights] == [
        "bidirectional/forward_lstm/lstm_cell/kernel:0",
        "bidirectional/forward_lstm/lstm_cell/recurrent_kernel:0",
        "bidirectional/forward_lstm/lstm_cell/bias:0",
        "bidirectional/backward_lstm/lstm_cell/kernel:0",
        "bidirectional/backward_lstm/lstm_cell/recurrent_kernel:0",
        "bidirectional/backward_lstm/lstm_cell/bias:0"]
    bi2 = L.Bidirectional(L.GRU(2, return_sequences=True), merge_mode="sum")
    y = bi2(s)
    assert (y.name, y.shape.as_list()) == ("bidirectional_1/add:0", [None, 5, 2])
    ln = L.LayerNormalization()
    y = ln(u)
    assert y.name == "layer_normalization/add:0"
    assert [v.name for v in ln.weights] == ["layer_normalization/gamma:0",
                                            "layer_normalization/beta:0"]
    data = np.random.RandomState(0).rand(2, 4, 4, 3).astype("float32")
    seq = np.random.RandomState(1).rand(2, 5, 3).astype("float32")
    vec = np.random.RandomState(2).randn(2, 4).astype("float32")
    outs = [ct(x), td(s), bi(s), bi2(s), ln(u), L.LeakyReLU()(u), L.PReLU()(u), L.ELU()(u)]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = [np.ravel(o)[:6] for o in sess.run(outs, {x: data, s: seq, u: vec})]
    expected = [
        [-0.13688, -0.06663, -0.02782, -0.04804, -0.09206, -0.13034],
        [0.03974, 0.8562, -0.17725, 0.33699, -0.32057, 0.7212],
        [-0.036, 0.20963, -0.15654, -0.00473, -0.10088, -0.00043],
        [0.30946, 0.55213, 0.34321, 0.4408, 0.46765, 0.5519],
        [-0.13008, 0.13861, -1.41168, 1.40314, -1.11834, 0.00312],
        [-0.12503, -0.01688, -0.64086, 1.64027, -0.53803, -0.25252],
        [0.0, 0.0, 0.0, 1.64027, 0.0, 0.0],
        [-0.34082, -0.05471, -0.8819, 1.64027, -0.83361, -0.56904]]
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, atol=2e-5)


def test_cropping_upsampling_noise_and_masking_layers(tf):
    L = tf.keras.layers
    x = tf.placeholder(tf.float32, [None, 6, 6, 2])
    s = tf.placeholder(tf.float32, [None, 5, 3])
    cases = [(L.Cropping2D(((1, 0), (2, 1))), x), (L.Cropping1D((1, 2)), s),
             (L.UpSampling1D(2), s), (L.SpatialDropout1D(0.5), s), (L.SpatialDropout2D(0.5), x),
             (L.GaussianNoise(0.1), s), (L.GaussianDropout(0.2), s),
             (L.ActivityRegularization(l1=0.01), s), (L.Masking(0.0), s),
             (L.AlphaDropout(0.1), s)]
    outs, got = [], []
    for layer, inp in cases:
        y = layer(inp)
        outs.append(y)
        got.append((y.name, y.shape.as_list(), [t.name for t in layer.losses]))
    assert got == [
        ("cropping2d/strided_slice:0", [None, 5, 3, 2], []),
        ("cropping1d/strided_slice:0", [None, 2, 3], []),
        ("up_sampling1d/concat:0", [None, 10, 3], []),
        ("spatial_dropout1d/cond/Merge:0", [None, 5, 3], []),
        ("spatial_dropout2d/cond/Merge:0", [None, 6, 6, 2], []),
        ("gaussian_noise/cond/Merge:0", [None, 5, 3], []),
        ("gaussian_dropout/cond/Merge:0", [None, 5, 3], []),
        ("Placeholder_1:0", [None, 5, 3],
         ["activity_regularization/ActivityRegularizer/truediv:0"]),
        ("masking/mul:0", [None, 5, 3], []),
        ("alpha_dropout/cond/Merge:0", [None, 5, 3], [])]
    masked = L.Masking(0.0)(s)
    assert masked._keras_mask.name == "masking_1/Squeeze:0"
    seq = np.random.RandomState(0).rand(2, 5, 3).astype("float32")
    seq[0, 1] = 0
    img = np.random.RandomState(1).rand(2, 6, 6, 2).astype("float32")
    with tf.Session() as sess:
        values = sess.run([outs[0], outs[1], outs[2], outs[3], outs[5], outs[8],
                           masked._keras_mask], {x: img, s: seq})
    expected = [[0.4173, 0.5587, 0.1404, 0.1981, 0.8007, 0.9683, 0.1698, 0.8781],
                [0.0, 0.0, 0.0, 0.4376, 0.8918, 0.9637, 0.7782, 0.87],
                [0.5488, 0.7152, 0.6028, 0.5488, 0.7152, 0.6028, 0.0, 0.0],
                [0.5488, 0.7152, 0.6028, 0.0, 0.0, 0.0, 0.4376, 0.8918],
                [0.5488, 0.7152, 0.6028, 0.0, 0.0, 0.0, 0.4376, 0.8918],
                [0.5488, 0.7152, 0.6028, 0.0, 0.0, 0.0, 0.4376, 0.8918],
                [1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]]
    for value, want in zip(values, expected):
        np.testing.assert_allclose(np.ravel(value).astype("float64")[:8], want, atol=1e-4)


def test_separable_and_depthwise_conv(tf):
    L = tf.keras.layers
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [None, 6, 6, 3])
    sc = L.SeparableConv2D(4, 3, padding="same", depth_multiplier=2, activation="relu")
    dw = L.DepthwiseConv2D(3, strides=2, depth_multiplier=2)
    a, b = sc(x), dw(x)
    assert (a.name, a.shape.as_list()) == ("separable_conv2d/Relu:0", [None, 6, 6, 4])
    assert (b.name, b.shape.as_list()) == ("depthwise_conv2d/BiasAdd:0", [None, 2, 2, 6])
    assert [(v.name, v.shape.as_list()) for v in sc.weights + dw.weights] == [
        ("separable_conv2d/depthwise_kernel:0", [3, 3, 3, 2]),
        ("separable_conv2d/pointwise_kernel:0", [1, 1, 6, 4]),
        ("separable_conv2d/bias:0", [4]),
        ("depthwise_conv2d/depthwise_kernel:0", [3, 3, 3, 2]), ("depthwise_conv2d/bias:0", [6])]
    assert "filters" not in dw.get_config() and sc.get_config()["depth_multiplier"] == 2
    assert type(dw).from_config(dw.get_config()).get_config() == dw.get_config()
    data = np.random.RandomState(0).rand(2, 6, 6, 3).astype("float32")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run([a, b], {x: data})
    np.testing.assert_allclose(got[0].ravel()[:6], [0.0, 0.0, 0.02146, 0.05344, 0.0, 0.0],
                               atol=2e-5)
    np.testing.assert_allclose(got[1].ravel()[:6], [-0.11501, 0.11835, -0.30666, -0.4043,
                                                    -0.44596, -0.42404], atol=2e-5)
