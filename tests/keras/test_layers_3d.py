"""tf.keras' volumetric layers (Conv3DTranspose, Cropping3D, UpSampling3D, ZeroPadding3D,
GlobalAverage/GlobalMaxPooling3D, SpatialDropout3D), SeparableConv1D and the backend's conv3d,
pool3d, resize_volumes, spatial_3d_padding, local_conv1d/2d. The literals were recorded from
TF 2.21 (tf.compat.v1, v2 behaviour disabled, TF_USE_LEGACY_KERAS=1); with
TFCOMPAT_TEST_AGAINST_TF=1 the same tests check them against TF itself."""
import json
import os

import numpy as np
import pytest

AGAINST_TF = os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1"   # as tests/conftest.py


def _digest(values):
    """[sum, sum of |.|] of each array: one pair per output or gradient."""
    return [[float(np.sum(v)), float(np.sum(np.abs(v)))] for v in values]


def _fill(tf, layer):
    return [tf.assign(w, np.cos(np.arange(int(np.prod(w.shape.as_list()))) * 0.7).reshape(
        w.shape.as_list()).astype(np.float32) * 0.5) for w in layer.weights]


def test_names_shapes_weights_and_configs(tf):
    L = tf.keras.layers
    x = tf.placeholder(tf.float32, [None, 4, 5, 6, 3])
    ct = L.Conv3DTranspose(2, 3, strides=2, padding="same")
    y = ct(x)
    assert (y.name, y.shape.as_list()) == ("conv3d_transpose/BiasAdd:0", [None, 8, 10, 12, 2])
    assert [(w.name, w.shape.as_list()) for w in ct.weights] == [
        ("conv3d_transpose/kernel:0", [3, 3, 3, 2, 3]), ("conv3d_transpose/bias:0", [2])]
    # as TF: `groups` stays, `dilation_rate` goes, `output_padding` last
    assert list(ct.get_config()) == [
        "name", "trainable", "dtype", "filters", "kernel_size", "strides", "padding",
        "data_format", "groups", "activation", "use_bias", "kernel_initializer",
        "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer",
        "kernel_constraint", "bias_constraint", "output_padding"]
    y = L.Conv3DTranspose(2, (2, 3, 1), strides=(2, 3, 1), output_padding=(1, 0, 0))(x)
    assert y.shape.as_list() == [None, 9, 15, 6, 2]
    expected = [
        (L.Cropping3D(((1, 0), (1, 2), (0, 1))), "cropping3d/strided_slice:0", [None, 3, 2, 5, 3],
         {"cropping": ((1, 0), (1, 2), (0, 1)), "data_format": "channels_last"}),
        (L.UpSampling3D((2, 1, 2)), "up_sampling3d/concat_2:0", [None, 8, 5, 12, 3],
         {"size": (2, 1, 2), "data_format": "channels_last"}),
        (L.ZeroPadding3D(((1, 0), (0, 2), 1)), "zero_padding3d/Pad:0", [None, 5, 7, 8, 3],
         {"padding": ((1, 0), (0, 2), (1, 1)), "data_format": "channels_last"}),
        (L.GlobalAveragePooling3D(), "global_average_pooling3d/Mean:0", [None, 3],
         {"data_format": "channels_last", "keepdims": False}),
        (L.GlobalMaxPooling3D(), "global_max_pooling3d/Max:0", [None, 3],
         {"data_format": "channels_last", "keepdims": False}),
        (L.SpatialDropout3D(0.5), "spatial_dropout3d/cond/Merge:0", [None, 4, 5, 6, 3],
         {"rate": 0.5, "noise_shape": None, "seed": None}),
    ]
    for layer, name, shape, fields in expected:
        y = layer(x)
        assert (y.name, y.shape.as_list()) == (name, shape)
        config = layer.get_config()
        assert list(config)[:3] == ["name", "trainable", "dtype"]
        assert {k: config[k] for k in list(config)[3:]} == fields
    sep = L.SeparableConv1D(4, 3, depth_multiplier=2, padding="same", strides=2)
    y = sep(tf.placeholder(tf.float32, [None, 7, 3]))
    assert (y.name, y.shape.as_list()) == ("separable_conv1d/Squeeze:0", [None, 4, 4])
    assert [(w.name, w.shape.as_list()) for w in sep.weights] == [
        ("separable_conv1d/depthwise_kernel:0", [3, 3, 2]),
        ("separable_conv1d/pointwise_kernel:0", [1, 6, 4]), ("separable_conv1d/bias:0", [4])]
    assert list(sep.get_config())[-7:] == [
        "depth_multiplier", "depthwise_initializer", "pointwise_initializer",
        "depthwise_regularizer", "pointwise_regularizer", "depthwise_constraint",
        "pointwise_constraint"]
    assert L.Convolution3DTranspose is L.Conv3DTranspose
    assert L.SeparableConvolution1D is L.SeparableConv1D
    assert L.GlobalAvgPool3D is L.GlobalAveragePooling3D
    assert L.GlobalMaxPool3D is L.GlobalMaxPooling3D


def test_channels_first_shapes(tf):
    L = tf.keras.layers
    x = tf.placeholder(tf.float32, [None, 3, 4, 5, 6])
    shapes = [layer(x).shape.as_list() for layer in (
        L.Conv3DTranspose(2, 3, data_format="channels_first"),
        L.UpSampling3D(data_format="channels_first"),
        L.ZeroPadding3D(data_format="channels_first"),
        L.Cropping3D(1, data_format="channels_first"),
        L.GlobalAveragePooling3D("channels_first"))]
    assert shapes == [[None, 2, 6, 7, 8], [None, 3, 8, 10, 12], [None, 3, 6, 7, 8],
                      [None, 3, 2, 3, 4], [None, 3]]


@pytest.mark.skipif(AGAINST_TF and os.environ.get("TF_ENABLE_ONEDNN_OPTS") == "0",
                    reason="TF's CPU Conv3DBackpropInputV2 runs channels_first only through "
                           "oneDNN (the values here were recorded with it)")
def test_conv3d_transpose_and_separable_conv1d_values_and_gradients(tf):
    L = tf.keras.layers
    x = tf.placeholder(tf.float32, [None, 3, 4, 2, 3])
    s1 = tf.placeholder(tf.float32, [None, 7, 3])
    layers = [L.Conv3DTranspose(2, (2, 3, 2), strides=(2, 1, 2), padding="same",
                                activation="tanh"),
              L.Conv3DTranspose(2, 2, strides=2, output_padding=(1, 0, 1)),
              L.Conv3DTranspose(2, 2, data_format="channels_first")]
    outs = [layer(x) for layer in layers]
    seps = [L.SeparableConv1D(2, 3, depth_multiplier=2, padding="causal", dilation_rate=2),
            L.SeparableConv1D(3, 2, strides=2, padding="same", data_format="channels_first")]
    outs += [seps[0](s1), seps[1](s1)]
    assert [o.shape.as_list() for o in outs] == [
        [None, 6, 4, 4, 2], [None, 7, 8, 5, 2], [None, 2, 5, 3, 4], [None, 7, 2], [None, 3, 2]]
    weights = [w for layer in layers + seps for w in layer.weights]
    grads = tf.gradients(sum(tf.reduce_sum(o * o) for o in outs), [x, s1] + weights)
    xv = np.sin(np.arange(2 * 3 * 4 * 2 * 3) * 0.3).reshape(2, 3, 4, 2, 3).astype(np.float32)
    sv = np.cos(np.arange(2 * 7 * 3) * 0.4).reshape(2, 7, 3).astype(np.float32)
    with tf.Session() as sess:
        sess.run([op for layer in layers + seps for op in _fill(tf, layer)])
        results = sess.run(outs + grads, {x: xv, s1: sv})
    np.testing.assert_allclose(_digest(results), [
        [92.4879, 238.0338], [494.6738, 643.4068], [106.6709, 180.8512], [12.6388, 13.9264],
        [6.4002, 7.2547], [133.9765, 1383.1318], [1.7691, 27.2864], [-21.2947, 519.4579],
        [19.295, 19.295], [149.0713, 1791.5872], [989.3472, 989.3472], [146.8736, 1086.1791],
        [213.3418, 213.3418], [0.1964, 45.1274], [-15.5011, 36.1362], [25.2776, 25.2776],
        [-1.3181, 19.1672], [-4.9702, 19.6459], [12.8005, 12.8005]], rtol=1e-4, atol=2e-3)


def test_reshaping_layers_values(tf):
    """Up-sampling repeats, padding pads, cropping slices, pooling reduces: numpy's results."""
    L = tf.keras.layers
    xv = np.arange(2 * 3 * 2 * 4 * 2, dtype=np.float32).reshape(2, 3, 2, 4, 2)
    x = tf.constant(xv)
    xf = tf.constant(xv.transpose(0, 4, 1, 2, 3))
    fetches = [L.UpSampling3D((2, 1, 3))(x), L.UpSampling3D((1, 2, 1), "channels_first")(xf),
               L.ZeroPadding3D(((1, 0), (0, 2), 1))(x), L.Cropping3D(((1, 1), (0, 1), (2, 0)))(x),
               L.GlobalAveragePooling3D()(x),
               L.GlobalMaxPooling3D("channels_first", keepdims=True)(xf),
               L.SpatialDropout3D(0.5)(x)]
    with tf.Session() as sess:
        up, up_cf, pad, crop, avg, mx, drop = sess.run(fetches)
    np.testing.assert_array_equal(up, xv.repeat(2, 1).repeat(3, 3))
    np.testing.assert_array_equal(up_cf, xv.transpose(0, 4, 1, 2, 3).repeat(2, 3))
    np.testing.assert_array_equal(pad, np.pad(xv, [(0, 0), (1, 0), (0, 2), (1, 1), (0, 0)]))
    np.testing.assert_array_equal(crop, xv[:, 1:-1, :-1, 2:])
    np.testing.assert_allclose(avg, xv.mean(axis=(1, 2, 3)))
    np.testing.assert_array_equal(mx, xv.max(axis=(1, 2, 3))[:, :, None, None, None])
    np.testing.assert_array_equal(drop, xv)      # learning phase 0: the identity


def test_spatial_dropout3d_drops_whole_channels(tf):
    layer = tf.keras.layers.SpatialDropout3D(0.5, seed=1)
    y = layer(tf.ones([4, 2, 3, 2, 5]), training=True)
    with tf.Session() as sess:
        out = sess.run(y)
    per_channel = out.reshape(4, -1, 5)
    assert set(np.unique(out)) <= {0.0, 2.0}
    assert (per_channel == per_channel[:, :1]).all()     # one draw per (sample, channel)


def test_backend_3d_and_local_conv(tf):
    K = tf.keras.backend
    x = tf.constant(np.sin(np.arange(2 * 3 * 4 * 5 * 2) * 0.3).reshape(2, 3, 4, 5, 2)
                    .astype(np.float32))
    xf = tf.transpose(x, [0, 4, 1, 2, 3])
    k = tf.constant(np.cos(np.arange(2 * 2 * 2 * 2 * 3)).reshape(2, 2, 2, 2, 3)
                    .astype(np.float32))
    x1 = tf.constant(np.sin(np.arange(2 * 6 * 3)).reshape(2, 6, 3).astype(np.float32))
    k1 = tf.constant(np.cos(np.arange(3 * 6 * 4)).reshape(3, 6, 4).astype(np.float32))
    x2 = tf.constant(np.sin(np.arange(2 * 4 * 5 * 2)).reshape(2, 4, 5, 2).astype(np.float32))
    k2 = tf.constant(np.cos(np.arange(6 * 8 * 3)).reshape(6, 8, 3).astype(np.float32))
    outs = [
        K.conv3d(x, k, strides=(1, 2, 1), padding="same"),
        K.conv3d(xf, k, data_format="channels_first", dilation_rate=(1, 2, 2)),
        K.pool3d(x, (2, 2, 2), strides=(1, 1, 2)),
        K.pool3d(xf, (2, 2, 2), strides=(2, 2, 2), padding="same", data_format="channels_first",
                 pool_mode="avg"),
        K.resize_volumes(x, 2, 1, 3, "channels_last"),
        K.resize_volumes(xf, 1, 2, 1, "channels_first"),
        K.spatial_3d_padding(x, ((1, 0), (0, 2), (1, 1))),
        K.spatial_3d_padding(xf, data_format="channels_first"),
        K.local_conv1d(x1, k1, (2,), (2,)),
        K.local_conv2d(x2, k2, (2, 2), (1, 2), (3, 2), "channels_last"),
        K.local_conv2d(tf.transpose(x2, [0, 3, 1, 2]), k2, (2, 2), (1, 2), (3, 2),
                       "channels_first")]
    assert [(o.name, o.shape.as_list()) for o in outs] == [
        ("convolution:0", [2, 3, 2, 5, 3]), ("transpose_2:0", [2, 3, 2, 2, 3]),
        ("MaxPool3D:0", [2, 2, 3, 2, 2]), ("transpose_4:0", [2, 2, 2, 2, 3]),
        ("concat_2:0", [2, 6, 4, 15, 2]), ("concat_5:0", [2, 2, 3, 8, 5]),
        ("Pad:0", [2, 4, 6, 7, 2]), ("Pad_1:0", [2, 2, 5, 6, 7]),
        ("transpose_5:0", [2, 3, 4]), ("transpose_6:0", [2, 3, 2, 3]),
        ("transpose_8:0", [2, 3, 3, 2])]
    grads = tf.gradients(sum(tf.reduce_sum(o * o) for o in outs), [x, k, x1, k1, x2, k2])
    with tf.Session() as sess:
        values, grad_values = sess.run([outs, grads])
    np.testing.assert_allclose([float(np.sum(v)) for v in values], [
        2.5196, -0.7472, 44.0355, 1.2369, 38.288, 12.7627, 6.3813, 6.3813, -2.2171, -4.0296,
        -8.596], rtol=1e-4, atol=1e-3)
    np.testing.assert_allclose([float(np.sum(g * g)) for g in grad_values], [
        63781.68, 21649.924, 154.637, 96.635, 496.913, 611.163], rtol=1e-4)
    for bad, message in [(lambda: K.pool3d(x, (2, 2, 2), pool_mode="min"),
                          "Invalid pooling mode: min"),
                         (lambda: K.conv3d(x, k, data_format="nchw"), "Unknown data_format: nchw"),
                         (lambda: K.resize_volumes(x, 1, 1, 1, "x"), "Invalid data_format: x")]:
        with pytest.raises(ValueError, match=message):
            bad()


def test_bad_arguments(tf):
    L = tf.keras.layers
    with pytest.raises(ValueError, match=r"Strides must be greater than output padding. "
                       r"Received strides=\(2, 2, 2\), output_padding=\(2, 2, 2\)."):
        L.Conv3DTranspose(2, 2, strides=2, output_padding=2)
    with pytest.raises(ValueError, match="expected min_ndim=5, found ndim=4"):
        L.Conv3DTranspose(2, 2)(tf.placeholder(tf.float32, [None, 3, 4, 2]))
    with pytest.raises(ValueError, match=r"The channel dimension of the inputs to "
                       r"`Conv3DTranspose` should be defined. .* where axis -1 \(0-based\)"):
        L.Conv3DTranspose(2, 2)(tf.placeholder(tf.float32, [None, 3, 4, 2, None]))
    with pytest.raises(ValueError, match=r"`cropping` should have 3 elements. Received: "
                       r"\(1, 2\)."):
        L.Cropping3D((1, 2))
    with pytest.raises(ValueError, match="`padding` should have 3 elements"):
        L.ZeroPadding3D(((1, 2), 1))
    with pytest.raises(ValueError, match='`data_format` must be "channels_last" or '
                       '"channels_first". Received: data_format=nchw.'):
        L.SpatialDropout3D(0.5, data_format="nchw")
    with pytest.raises(ValueError, match="The `size` argument must be a tuple of 3 integers"):
        L.UpSampling3D((2, 2))
    with pytest.raises(ValueError, match=r"where axis -1 \(0-based\) is the channel dimension"):
        L.SeparableConv1D(2, 2)(tf.placeholder(tf.float32, [None, 3, None]))


# summary() prints TF 1.15's layout (these literals: TF 1.15's print_summary run on TF 2.21's
# models); TF 2.21's tf_keras, the live reference, prints another (known_differences.txt)
TF1_SUMMARY_LAYOUT = not os.environ.get("TFCOMPAT_TEST_AGAINST_TF")

_SUMMARY = """\
Model: "model"
__________________________________________________________________________________________________
Layer (type)                    Output Shape         Param #     Connected to                     
==================================================================================================
input_1 (InputLayer)            [(None, 4, 5, 6, 3)] 0                                            
__________________________________________________________________________________________________
conv3d_transpose (Conv3DTranspo (None, 8, 10, 12, 2) 50          input_1[0][0]                    
__________________________________________________________________________________________________
cropping3d (Cropping3D)         (None, 6, 8, 10, 2)  0           conv3d_transpose[0][0]           
__________________________________________________________________________________________________
zero_padding3d (ZeroPadding3D)  (None, 8, 10, 12, 2) 0           cropping3d[0][0]                 
__________________________________________________________________________________________________
up_sampling3d (UpSampling3D)    (None, 8, 20, 12, 2) 0           zero_padding3d[0][0]             
__________________________________________________________________________________________________
input_2 (InputLayer)            [(None, 9, 3)]       0                                            
__________________________________________________________________________________________________
spatial_dropout3d (SpatialDropo (None, 8, 20, 12, 2) 0           up_sampling3d[0][0]              
__________________________________________________________________________________________________
separable_conv1d (SeparableConv (None, 9, 2)         32          input_2[0][0]                    
__________________________________________________________________________________________________
global_max_pooling3d (GlobalMax (None, 2)            0           spatial_dropout3d[0][0]          
__________________________________________________________________________________________________
global_average_pooling3d (Globa (None, 2)            0           spatial_dropout3d[0][0]          
__________________________________________________________________________________________________
flatten (Flatten)               (None, 18)           0           separable_conv1d[0][0]           
__________________________________________________________________________________________________
concatenate (Concatenate)       (None, 22)           0           global_max_pooling3d[0][0]       
                                                                 global_average_pooling3d[0][0]   
                                                                 flatten[0][0]                    
==================================================================================================
Total params: 82
Trainable params: 82
Non-trainable params: 0
__________________________________________________________________________________________________
"""


def _model(tf):
    L = tf.keras.layers
    v = L.Input((4, 5, 6, 3))
    a = L.Conv3DTranspose(2, 2, strides=2, activation="relu")(v)
    a = L.UpSampling3D((1, 2, 1))(L.ZeroPadding3D(1)(L.Cropping3D(1)(a)))
    a = L.SpatialDropout3D(0.2)(a)
    s = L.Input((9, 3))
    d = L.SeparableConv1D(2, 3, depth_multiplier=2, padding="causal")(s)
    out = L.concatenate([L.GlobalMaxPooling3D()(a), L.GlobalAveragePooling3D()(a),
                         L.Flatten()(d)])
    return tf.keras.Model([v, s], out)


def test_seeded_model_summary_json_and_hdf5(tf, tmp_path):
    tf.set_random_seed(7)
    model = _model(tf)
    lines = []
    model.summary(print_fn=lines.append)
    if TF1_SUMMARY_LAYOUT:
        assert "\n".join(lines) + "\n" == _SUMMARY
    xs = [np.cos(np.arange(2 * 360) * 0.3).reshape(2, 4, 5, 6, 3).astype(np.float32),
          np.cos(np.arange(2 * 27) * 0.3).reshape(2, 9, 3).astype(np.float32)]
    predicted = model.predict(xs)
    np.testing.assert_allclose(predicted[:, :4], [[1.015396, 0.416269, 0.050724, 0.043579],
                                                  [1.059709, 0.412667, 0.049941, 0.042707]],
                               atol=1e-5)
    np.testing.assert_allclose(_digest([predicted]), [[3.672857, 24.539886]], rtol=1e-5)
    config = json.loads(model.to_json())
    assert [layer["class_name"] for layer in config["config"]["layers"]][1:5] == [
        "Conv3DTranspose", "Cropping3D", "ZeroPadding3D", "UpSampling3D"]
    rebuilt = tf.keras.models.model_from_json(model.to_json())
    assert [type(layer).__name__ for layer in rebuilt.layers] == [
        type(layer).__name__ for layer in model.layers]
    for layer in model.layers:
        copy = tf.keras.layers.deserialize(tf.keras.layers.serialize(layer))
        assert copy.get_config() == layer.get_config()
    pytest.importorskip("h5py")
    path = os.path.join(str(tmp_path), "model.h5")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    np.testing.assert_allclose(loaded.predict(xs), predicted, atol=1e-6)
