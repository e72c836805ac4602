"""`tf.keras.preprocessing.image`: ImageDataGenerator's random transforms (same draws from
numpy's global RNG as Keras, same resampling as scipy.ndimage), standardize/fit, the iterators'
seeded order, flow_from_directory's listing and the Pillow helpers. Expected values recorded
from TF 2.21 (tf.compat.v1 with TF_USE_LEGACY_KERAS=1, tf_keras 2.21, scipy 1.17, Pillow 13).
"""
import contextlib
import io
import os

import numpy as np
import pytest

pytest.importorskip("PIL")

# -- recorded from TF 2.21 compat.v1 -------------------------------------------------------------
PARAMS_ALL_SEED7 = {'theta': -16.947668425041712,
                    'tx': 0.22393503379209168,
                    'ty': -0.061590768559106474,
                    'shear': 4.469303556618824,
                    'zx': 1.191195804798641,
                    'zy': 1.0153983481641735,
                    'flip_horizontal': 0.0,
                    'flip_vertical': 1.0,
                    'channel_shift_intensity': -4.631220397962577,
                    'brightness': 0.9999530003302239}
RT_ROT = [[9.05942153930664, 5.242119789123535, 3.9451043605804443, 6.778512001037598,
           9.611919403076172],
          [23.226459503173828, 20.39495849609375, 18.299365997314453, 16.20377540588379,
           14.108183860778809],
          [37.64338684082031, 35.547794342041016, 33.452205657958984, 31.356613159179688,
           29.261022567749023],
          [46.235687255859375, 49.069095611572266, 48.60504150390625, 46.50945281982422,
           43.844539642333984]]
RT_SHEAR = [[-1.0, 2.507737159729004, 5.507737159729004, 8.507737159729004, 11.507737159729004],
            [-1.0, 17.753868103027344, 20.753868103027344, 23.753868103027344, 26.753868103027344],
            [-1.0, 33.0, 36.0, 39.0, 42.0],
            [45.246131896972656, 48.246131896972656, 51.246131896972656, 54.246131896972656, -1.0]]
RT_ZOOM = [[16.273170471191406, 18.151737213134766, 20.030303955078125, 21.90886878967285,
            23.78743553161621],
           [23.9776611328125, 25.856225967407227, 27.734792709350586, 29.613359451293945,
            31.491926193237305],
           [31.68214988708496, 33.56071853637695, 35.43928146362305, 37.317848205566406,
            39.196414947509766],
           [39.38663864135742, 41.26520538330078, 43.14377212524414, 45.0223388671875,
            46.90090560913086]]
RT_SHIFT_INT = [[30.0, 33.0, 36.0, 39.0, 42.0], [0.0, 3.0, 6.0, 9.0, 12.0],
                [15.0, 18.0, 21.0, 24.0, 27.0], [30.0, 33.0, 36.0, 39.0, 42.0]]
RT_SHIFT_LIST = [[0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0], [6.0, 9.0, 12.0, 0.0, 0.0],
                 [21.0, 24.0, 27.0, 0.0, 0.0]]
RT_ORDER0 = [[15.0, 0.0, 3.0, 6.0, 9.0], [30.0, 18.0, 21.0, 6.0, 9.0],
             [45.0, 33.0, 36.0, 24.0, 27.0], [48.0, 48.0, 51.0, 39.0, 42.0]]
RT_CHANNELS_FIRST = [[11.185371398925781, 6.808669090270996, 3.7631337642669678, 5.226438522338867,
                      7.412306785583496],
                     [24.516239166259766, 21.41571807861328, 18.370182037353516,
                      15.324647903442383, 12.279111862182617],
                     [39.068302154541016, 36.02276611328125, 32.97723388671875, 29.931697845458984,
                      26.88616180419922],
                     [47.497379302978516, 49.68324661254883, 47.58428192138672, 44.53874588012695,
                      41.49320983886719]]
AFFINE_NEAREST = [[6.086944103240967, 9.281637191772461, 18.76439094543457, 29.94913101196289,
                   41.133872985839844],
                  [4.544253826141357, 12.511130332946777, 26.89056396484375, 39.14166259765625,
                   50.3264045715332],
                  [5.781539440155029, 20.160972595214844, 34.5404052734375, 48.334197998046875,
                   57.0],
                  [13.431382179260254, 27.810815811157227, 42.190250396728516, 56.04295349121094,
                   57.0]]
AFFINE_CONSTANT = [[7.0, 7.0, 7.0, 7.0, 7.0],
                   [7.0, 12.511130332946777, 26.89056396484375, 7.0, 7.0],
                   [5.781539440155029, 20.160972595214844, 34.5404052734375, 7.0, 7.0],
                   [13.431382179260254, 27.810815811157227, 42.190250396728516, 7.0, 7.0]]
AFFINE_REFLECT = [[6.69203519821167, 9.281637191772461, 18.76439094543457, 29.278106689453125,
                   37.26815414428711],
                  [4.544253826141357, 12.511130332946777, 26.89056396484375, 39.14166259765625,
                   48.003379821777344],
                  [5.781539440155029, 20.160972595214844, 34.5404052734375, 48.334197998046875,
                   56.21966552734375],
                  [13.431382179260254, 27.810815811157227, 42.190250396728516, 56.04295349121094,
                   57.0]]
AFFINE_WRAP = [[35.48185348510742, 49.86128616333008, 7.240720272064209, 21.620153427124023,
                35.99958801269531],
               [43.13169479370117, 12.511130332946777, 26.89056396484375, 29.269996643066406,
                43.64942932128906],
               [5.781539440155029, 20.160972595214844, 34.5404052734375, 36.91984176635742,
                6.299273490905762],
               [13.431382179260254, 27.810815811157227, 42.190250396728516, 11.569683074951172,
                13.949116706848145]]
FLOW_Y_SEED3 = [[5, 4, 1, 2], [9, 6, 7, 0], [3, 8], [8, 1, 7, 0], [6, 5, 2, 4], [7, 8],
                [8, 4, 7, 2]]
FIT_MEAN = [[[98.04972839355469]]]
FIT_STD = [[[74.8080825805664]]]
FIT_STANDARDIZED = [-0.755005419254303, -0.6841180920600891, -0.6104490756988525,
                    -0.5340997576713562]
ZCA_MEAN = [[[45.85516357421875]]]
ZCA_MATRIX = [[3.8901320444713052, -8.932601082202462, 8.845464484049625, -3.8939905990563144],
              [-8.932601082202462, 27.473334835390432, -36.48678263488775, 18.43276678242941],
              [8.845464484049627, -36.48678263488775, 58.381569880643674, -31.485046003048396],
              [-3.8939905990563144, 18.43276678242941, -31.485046003048392, 17.364011559687086]]
SAMPLEWISE = [-1.3311394453048706, -0.4576675593852997, 0.43685615062713623, 1.3519479036331177]
BRIGHT = [0.0, 19.0, 39.0, 58.0, 78.0, 97.0, 116.0, 136.0, 156.0, 175.0, 195.0, 214.0, 233.0,
          253.0, 255.0, 255.0, 255.0, 255.0]
BRIGHT_NOSCALE = [-50.0, -33.19999694824219, -16.39999771118164, 0.40000152587890625,
                  17.20000457763672, 34.0, 50.80000305175781, 67.5999984741211, 84.40000915527344,
                  101.20001220703125, 118.0, 134.8000030517578, 151.60000610351562,
                  168.39999389648438, 185.1999969482422, 202.00001525878906, 218.80001831054688,
                  235.60000610351562]
CHANNEL_SHIFT = [30.0, 44.0, 58.0, 72.0, 86.0, 100.0, 114.0, 128.0, 142.0, 156.0, 170.0, 184.0,
                 198.0, 212.0, 226.0, 238.0, 238.0, 238.0]
DIR_MSG = "Found 9 images belonging to 3 classes.\n"
DIR_CLASS_INDICES = {'cats': 0, 'dogs': 1, 'zebra': 2}
DIR_CLASSES = [0, 0, 0, 1, 1, 1, 1, 2, 2]
DIR_FILENAMES = ['cats/1.png', 'cats/2.png', 'cats/sub/x.bmp', 'dogs/1.png', 'dogs/2.png',
                 'dogs/3.png', 'dogs/sub/x.bmp', 'zebra/1.png', 'zebra/sub/x.bmp']
DIR_LEN = 3
ARR2IMG_SCALED = [64, 68, 71, 75, 79, 82, 86, 89, 93, 96, 100, 104, 107, 111, 114, 118, 122, 125]
LOAD_BILINEAR_GRAY = [[56, 76, 95], [158, 178, 197]]
LOAD_NEAREST = [[10, 43], [140, 172], [204, 237]]
LOAD_KEEP_ASPECT = [[89, 111], [219, 240]]
DIR_BATCH_Y = [[2.0, 1.0, 2.0], [0.0, 0.0, 1.0], [0.0, 1.0, 1.0]]
DIR_BATCH_PIXEL = [[200.0, 180.0, 210.0], [200.0, 180.0, 170.0], [170.0, 200.0, 190.0]]
# ------------------------------------------------------------------------------------------------

X = np.arange(20, dtype="float32").reshape(4, 5, 1) * 3
IMGS = np.arange(10 * 2 * 2 * 1, dtype="float32").reshape(10, 2, 2, 1) ** 1.5
XIMG = np.arange(2 * 3 * 3, dtype="float32").reshape(2, 3, 3) * 14.0


def _close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual, dtype="float64"), expected, rtol=1e-6,
                               atol=1e-5)


def test_get_random_transform_draws_in_keras_order(tf):
    g = tf.keras.preprocessing.image.ImageDataGenerator(
        rotation_range=20, width_shift_range=0.1, height_shift_range=0.1, shear_range=10,
        zoom_range=0.2, horizontal_flip=True, vertical_flip=True, channel_shift_range=10.,
        brightness_range=(0.8, 1.2))
    params = g.get_random_transform((4, 5, 1), seed=7)
    assert sorted(params) == sorted(PARAMS_ALL_SEED7)
    for key, value in PARAMS_ALL_SEED7.items():
        assert float(params[key]) == pytest.approx(value, rel=1e-12), key


@pytest.mark.parametrize("name,config", [
    ("ROT", dict(rotation_range=30)),
    ("SHEAR", dict(shear_range=25, fill_mode="constant", cval=-1.0)),
    ("ZOOM", dict(zoom_range=(0.5, 1.2), fill_mode="reflect")),
    ("SHIFT_INT", dict(width_shift_range=2, height_shift_range=1, fill_mode="wrap")),
    ("SHIFT_LIST", dict(width_shift_range=[-1, 2], height_shift_range=[0.5],
                        fill_mode="constant")),
    ("ORDER0", dict(rotation_range=40, interpolation_order=0)),
    ("CHANNELS_FIRST", dict(rotation_range=40, zoom_range=0.2, horizontal_flip=True,
                            data_format="channels_first")),
])
def test_random_transform_values(tf, name, config):
    g = tf.keras.preprocessing.image.ImageDataGenerator(**config)
    x = X.transpose(2, 0, 1).copy() if "data_format" in config else X.copy()
    out = g.random_transform(x, seed=11)
    assert out.shape == x.shape and out.dtype == np.float32
    _close(out.reshape(4, 5), globals()["RT_" + name])


@pytest.mark.parametrize("mode", ["nearest", "constant", "reflect", "wrap"])
def test_apply_affine_transform_fill_modes(tf, mode):
    out = tf.keras.preprocessing.image.apply_affine_transform(
        X, theta=35, tx=0.5, ty=-1.2, shear=5, zx=1.3, zy=0.8, row_axis=0, col_axis=1,
        channel_axis=2, fill_mode=mode, cval=7.0)
    _close(out.reshape(4, 5), globals()["AFFINE_" + mode.upper()])


def test_affine_transform_identity_and_axis_errors(tf):
    image = tf.keras.preprocessing.image
    assert image.apply_affine_transform(X, row_axis=0, col_axis=1, channel_axis=2) is X
    with pytest.raises(ValueError, match="must be distinct"):
        image.apply_affine_transform(X, theta=3, row_axis=0, col_axis=0, channel_axis=2)
    with pytest.raises(ValueError, match="Input arrays must be multi-channel 2D images."):
        image.apply_affine_transform(X[0], theta=3)
    with pytest.raises(ValueError, match="Channels are allowed and the first and last"):
        image.apply_affine_transform(X, theta=3, row_axis=0, col_axis=2, channel_axis=1)


def test_flow_order_is_seeded_like_keras(tf):
    gen = tf.keras.preprocessing.image.ImageDataGenerator()
    it = gen.flow(IMGS, np.arange(10), batch_size=4, seed=3)
    assert len(it) == 3
    got = [next(it)[1].tolist() for _ in range(4)]
    got.append(it[1][1].tolist())
    it.on_epoch_end()
    got.append(it[2][1].tolist())
    it.reset()
    got.append(next(it)[1].tolist())
    assert got == FLOW_Y_SEED3
    with pytest.raises(ValueError, match="Asked to retrieve element 3, but the Sequence has "
                                         "length 3"):
        it[3]


def test_flow_outputs_sample_weight_extra_inputs_and_subsets(tf):
    image = tf.keras.preprocessing.image
    gen = image.ImageDataGenerator(validation_split=0.3)
    y = np.array([0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
    x, yb, w = next(gen.flow(IMGS, y, batch_size=3, shuffle=False, sample_weight=np.arange(10.)))
    assert x.shape == (3, 2, 2, 1) and yb.tolist() == [0, 1, 2] and w.tolist() == [0, 1, 2]
    (x, extra), yb = next(gen.flow((IMGS, np.arange(10) * 2), y, batch_size=2, shuffle=False))
    assert extra.tolist() == [0, 2]
    assert next(gen.flow(IMGS, batch_size=2, shuffle=False)).shape == (2, 2, 2, 1)
    val = gen.flow(IMGS, y, subset="validation", batch_size=20, shuffle=False)
    train = gen.flow(IMGS, y, subset="training", batch_size=20, shuffle=False)
    assert (val.n, train.n) == (3, 7)
    assert next(train)[1].tolist() == y[3:].tolist()
    with pytest.raises(ValueError, match="Training and validation subsets have different"):
        gen.flow(IMGS, np.sort(y), subset="validation")
    with pytest.raises(ValueError, match="should have rank 4"):
        gen.flow(IMGS[:, 0], y)
    with pytest.raises(ValueError, match=r"`x` \(images tensor\) and `y` \(labels\) should have "
                                         r"the same length. Found: x.shape = \(10, 2, 2, 1\), "
                                         r"y.shape = \(3,\)"):
        gen.flow(IMGS, y[:3])
    dtype_gen = image.ImageDataGenerator(dtype="float64")
    assert next(dtype_gen.flow(IMGS, y, batch_size=2))[0].dtype == np.float64


def test_fit_and_standardize(tf):
    image = tf.keras.preprocessing.image
    g = image.ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True)
    with pytest.warns(UserWarning, match="hasn't been fit on any training data"):
        g.standardize(IMGS[3].copy())
    g.fit(IMGS)
    _close(g.mean, FIT_MEAN)
    _close(g.std, FIT_STD)
    _close(g.standardize(IMGS[3].copy()).reshape(4), FIT_STANDARDIZED)
    with pytest.warns(UserWarning, match="overrides setting of `featurewise_center`"):
        z = image.ImageDataGenerator(zca_whitening=True)
    z.fit(IMGS[:6] + np.array([[[[0.]], [[1.]]]], dtype="float32")
          * np.arange(6).reshape(6, 1, 1, 1))
    _close(z.mean, ZCA_MEAN)
    np.testing.assert_allclose(z.zca_whitening_matrix, ZCA_MATRIX, rtol=1e-4, atol=1e-3)
    with pytest.warns(UserWarning, match="overrides setting of `samplewise_center`"):
        s = image.ImageDataGenerator(samplewise_std_normalization=True, rescale=0.5)
    _close(s.standardize(IMGS[5].copy()).reshape(4), SAMPLEWISE)
    with pytest.raises(ValueError, match="Input to `.fit\\(\\)` should have rank 4"):
        g.fit(IMGS[0])


def test_brightness_and_channel_shift(tf):
    image = tf.keras.preprocessing.image
    _close(image.apply_brightness_shift(XIMG, 1.3).reshape(-1), BRIGHT)
    _close(image.apply_brightness_shift(XIMG * 2 - 50, 0.6, scale=False).reshape(-1),
           BRIGHT_NOSCALE)
    _close(image.apply_channel_shift(XIMG, 30.0, channel_axis=2).reshape(-1), CHANNEL_SHIFT)


def test_generator_argument_errors(tf):
    gen = tf.keras.preprocessing.image.ImageDataGenerator
    with pytest.raises(ValueError, match="`validation_split` must be strictly between 0 and 1."):
        gen(validation_split=1.5)
    with pytest.raises(ValueError, match="`zoom_range` should be a float or a tuple or list"):
        gen(zoom_range=(1, 2, 3))
    with pytest.raises(ValueError, match="`brightness_range should be tuple or list"):
        gen(brightness_range=0.5)
    with pytest.raises(ValueError, match='`data_format` should be `"channels_last"`'):
        gen(data_format="nhwc")
    with pytest.raises(ValueError, match="`zoom_range` should be a tuple or list of two floats"):
        tf.keras.preprocessing.image.random_zoom(XIMG, (0.7,))


def _make_class_dirs(tf, root):
    save = tf.keras.preprocessing.image.save_img
    for c, n in (("cats", 3), ("dogs", 4), ("zebra", 2)):
        os.makedirs(os.path.join(root, c, "sub"))
        for k in range(n):
            save(os.path.join(root, c, "%d.png" % k),
                 np.full((6, 8, 3), 10 * k + 40 * len(c), "float32"), scale=False)
        save(os.path.join(root, c, "sub", "x.bmp"), np.full((5, 5, 3), 200.0), scale=False)
        with open(os.path.join(root, c, "notes.txt"), "w") as f:
            f.write("not an image")


def test_flow_from_directory_listing_and_seeded_batches(tf, tmp_path):
    root = str(tmp_path)
    _make_class_dirs(tf, root)
    gen = tf.keras.preprocessing.image.ImageDataGenerator(validation_split=0.34)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        it = gen.flow_from_directory(root, target_size=(2, 3), class_mode="sparse",
                                     batch_size=3, seed=9, subset="training")
    assert out.getvalue() == DIR_MSG
    assert it.class_indices == DIR_CLASS_INDICES
    assert it.classes.tolist() == DIR_CLASSES and it.classes.dtype == np.int32
    assert [f.replace(os.sep, "/") for f in it.filenames] == DIR_FILENAMES
    assert it.samples == 9 and len(it) == DIR_LEN
    batches = [next(it) for _ in range(3)]
    assert [b[1].tolist() for b in batches] == DIR_BATCH_Y
    assert [b[0][:, 0, 0, 0].tolist() for b in batches] == DIR_BATCH_PIXEL
    assert batches[0][0].shape == (3, 2, 3, 3) and batches[0][0].dtype == np.float32


def test_flow_from_directory_class_modes(tf, tmp_path):
    root = str(tmp_path)
    _make_class_dirs(tf, root)
    gen = tf.keras.preprocessing.image.ImageDataGenerator()
    with contextlib.redirect_stdout(io.StringIO()):
        cat = gen.flow_from_directory(root, target_size=(2, 2), batch_size=4, shuffle=False)
        x, y = cat[0]
        assert y.tolist() == [[1, 0, 0]] * 4 and cat.samples == 12
        x, y = gen.flow_from_directory(root, target_size=(2, 2), class_mode="input",
                                       color_mode="grayscale", batch_size=2)[0]
        assert x.shape == (2, 2, 2, 1) and np.array_equal(x, y)
        x = gen.flow_from_directory(root, target_size=(2, 2), class_mode=None,
                                    color_mode="rgba", batch_size=2)[0]
        assert x.shape == (2, 2, 2, 4)
        only = gen.flow_from_directory(root, classes=["zebra", "cats"], class_mode="binary")
        assert only.class_indices == {"zebra": 0, "cats": 1} and only.samples == 7
        with pytest.raises(ValueError, match="Invalid class_mode: raw"):
            gen.flow_from_directory(root, class_mode="raw")
        with pytest.raises(ValueError, match="Invalid color mode:"):
            gen.flow_from_directory(root, color_mode="hsv")


def test_pil_helpers(tf, tmp_path):
    image = tf.keras.preprocessing.image
    x = np.arange(4 * 6 * 3, dtype="float32").reshape(4, 6, 3) * 3.5
    path = str(tmp_path / "a.png")
    image.save_img(path, x)
    assert np.asarray(image.array_to_img(x))[1].reshape(-1).tolist() == ARR2IMG_SCALED
    gray = image.load_img(path, color_mode="grayscale", target_size=(2, 3),
                          interpolation="bilinear")
    assert gray.mode == "L" and np.asarray(gray).tolist() == LOAD_BILINEAR_GRAY
    assert np.asarray(image.load_img(path, target_size=(3, 2)))[..., 0].tolist() == LOAD_NEAREST
    kept = image.load_img(path, target_size=(2, 2), keep_aspect_ratio=True)
    assert np.asarray(kept)[..., 1].tolist() == LOAD_KEEP_ASPECT
    arr = image.img_to_array(image.load_img(path))
    assert arr.shape == (4, 6, 3) and arr.dtype == np.float32
    assert image.img_to_array(gray, data_format="channels_first").shape == (1, 2, 3)
    assert image.array_to_img(x[..., :1] * 10, scale=False).mode == "I"
    assert tf.keras.utils.load_img is image.load_img
    with pytest.raises(ValueError, match="Invalid interpolation method cubic specified"):
        image.load_img(path, target_size=(3, 3), interpolation="cubic")
    with pytest.raises(ValueError, match="Expected image array to have rank 3"):
        image.array_to_img(x[0])
    with pytest.raises(ValueError, match="Unsupported channel number: 2"):
        image.array_to_img(np.zeros((2, 2, 2)))
    with pytest.raises(TypeError, match="path should be path-like or io.BytesIO"):
        image.load_img(3)


@pytest.mark.tfcompat_only
def test_what_tfcompat_refuses(tf, monkeypatch):
    """Spline orders above 1 (SciPy's) and flow_from_dataframe without pandas fail with an
    error naming what is missing; without Pillow the file helpers say to install it."""
    from tfcompat.keras.preprocessing import image_io
    image = tf.keras.preprocessing.image
    with pytest.raises(NotImplementedError, match="order 3 needs SciPy"):
        image.apply_affine_transform(X, theta=10, row_axis=0, col_axis=1, channel_axis=2,
                                     order=3)
    with pytest.raises(RuntimeError, match="boundary mode not supported"):
        image.apply_affine_transform(X, theta=10, row_axis=0, col_axis=1, channel_axis=2,
                                     fill_mode="edge")
    gen = image.ImageDataGenerator()
    with pytest.raises((ImportError, NotImplementedError), match="flow_from_dataframe"):
        gen.flow_from_dataframe(None)
    monkeypatch.setattr(image_io, "pil_image", None)
    with pytest.raises(ImportError, match="requires PIL"):
        image.array_to_img(X)
