"""tf.keras.applications: the architectures (layer names and types, weight names and shapes,
parameter counts, output shapes), TF"s argument errors, and outputs with given weights.
Expected values recorded from TF 2.21 compat.v1 (TF_USE_LEGACY_KERAS=1,
tf.disable_v2_behavior()); with TFCOMPAT_TEST_AGAINST_TF=1 the same tests run against TF."""
import hashlib
import importlib
import json
import os

import numpy as np
import pytest

AGAINST_TF = os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1"   # as tests/conftest.py

# (builder, kwargs) -> (model name, count_params, number of layers, output shape,
#                       md5 of the [(layer name, class name)] list, md5 of [(weight name, shape)])
ARCHITECTURES = [
    ("VGG16", {"include_top": False, "input_shape": (32, 32, 3)},
     ("vgg16", 14714688, 19, [None, 1, 1, 512], "c975d37667f564936d8873d867be91a7",
      "466d49f3d6e0c9a0cf4db3a921fcd842")),
    ("VGG16", {},
     ("vgg16", 138357544, 23, [None, 1000], "b3691f1b02091e0ec8e043eafce60825",
      "7bcac75a89204544b0601d6ee52d23f6")),
    ("VGG19", {"include_top": False, "pooling": "max", "input_shape": (48, 48, 3)},
     ("vgg19", 20024384, 23, [None, 512], "ab34210bab2cae70a6364c9eccec1948",
      "925effe5f067c1724f1180c26fbcc3eb")),
    ("ResNet50", {"include_top": False, "input_shape": (32, 32, 3), "pooling": "avg"},
     ("resnet50", 23587712, 176, [None, 2048], "3382cd749693df747f4f9e9a2927f31c",
      "29d5c689252fc98c2a31cf48dcc438da")),
    ("ResNet50", {"classes": 10, "input_shape": (64, 64, 3)},
     ("resnet50", 23608202, 177, [None, 10], "ed9234406cb17954c303f13a2727c7e5",
      "96300cdd46e9eb0b1d36ce9b794f4a3a")),
    ("ResNet101", {"include_top": False},
     ("resnet101", 42658176, 345, [None, None, None, 2048], "94bbd80be745ece774015f1f1d4555df",
      "5a2da8384cf2b56e6041b0eddd23df91")),
    ("ResNet152", {"include_top": False},
     ("resnet152", 58370944, 515, [None, None, None, 2048], "f193f00fd43357390441e9545f22f981",
      "a2fd35a71a29db8901fe1f29eda7e3e5")),
    ("ResNet50V2", {"include_top": False, "input_shape": (32, 32, 3)},
     ("resnet50v2", 23564800, 190, [None, 1, 1, 2048], "6c4792713f035f59290149a8ff880ff3",
      "4689d2147e7c53a33ef089f3ef615350")),
    ("ResNet101V2", {},
     ("resnet101v2", 44675560, 379, [None, 1000], "c24ddba1ea7a06b8d60ca50f99a1a3db",
      "b248bd7a6a8ad152821d2d59888a7568")),
    ("ResNet152V2", {"include_top": False, "pooling": "max"},
     ("resnet152v2", 58331648, 565, [None, 2048], "a48c96edb1db0ed8186e28ad2c6d8140",
      "e3bdea7c97e81f5213b2c39138a9677d")),
    ("MobileNet", {"input_shape": (32, 32, 3), "classes": 7},
     ("mobilenet_1.00_32", 3236039, 91, [None, 7], "cbc4fe817a1ddd0ca71baf2af1e8fce3",
      "ae0014032edd996cc3acb8086260853a")),
    ("MobileNet",
     {"alpha": 0.5, "depth_multiplier": 2, "include_top": False, "input_shape": (64, 64, 3)},
     ("mobilenet_0.50_64", 1646672, 86, [None, 2, 2, 512], "de3a17f26df06be5bfe70c2c6c7b6e6a",
      "de98a771fd671745a4161a5509d0a4f0")),
    ("MobileNetV2", {"input_shape": (32, 32, 3), "classes": 5},
     ("mobilenetv2_1.00_32", 2264389, 156, [None, 5], "5942db161ea4c33716dcce6738011734",
      "1ccaf6b19dd2b9363af8a058f1738719")),
    ("MobileNetV2", {"alpha": 1.4, "include_top": False},
     ("mobilenetv2_1.40_None", 4363712, 154, [None, None, None, 1792],
      "1379d4abebe7fd369bbd373787580b03", "c188c24b8cbc0c04da34b09bb3cf8729")),
    ("MobileNetV2",
     {"alpha": 0.35, "include_top": False, "pooling": "avg", "input_shape": (33, 35, 3)},
     ("mobilenetv2_0.35_33", 410208, 155, [None, 1280], "d9691c5e26e525009cdccff2eb96ad7b",
      "3698842434f43203d8130838dc6b4a87")),
    ("InceptionV3", {"include_top": False, "input_shape": (75, 75, 3)},
     ("inception_v3", 21802784, 311, [None, 1, 1, 2048], "4fc0814482b7bd72105b559fc8e640d2",
      "29772d4dbc41933293e2778e27d31d39")),
    ("InceptionV3", {},
     ("inception_v3", 23851784, 313, [None, 1000], "29a44c686f6c31cce4b3020cbf42bb9f",
      "2e066c7d6ea0a3708694dfd2624f2e14")),
    ("DenseNet121", {"include_top": False, "input_shape": (32, 32, 3)},
     ("densenet121", 7037504, 427, [None, 1, 1, 1024], "69be29642cee32f5968f3040cf572310",
      "7d1fa7af937dbf4f01d2423f380d7357")),
    ("DenseNet169", {},
     ("densenet169", 14307880, 597, [None, 1000], "e2de92c45bbac2fa1983216d33732e62",
      "893cd742367e57efdf1bad8df52dbb32")),
    ("DenseNet201", {"include_top": False, "pooling": "avg"},
     ("densenet201", 18321984, 708, [None, 1920], "3e17163461c93f963a602a3a27c19ce7",
      "3b40888cd558dd5d5b5a835cc2d74030")),
    ("Xception", {"include_top": False, "input_shape": (71, 71, 3)},
     ("xception", 20861480, 132, [None, 3, 3, 2048], "72d7fdf0c2bcc3647ffb26def0b22c35",
      "d62aa6515e7d0a56122442eb52216c19")),
    ("Xception", {},
     ("xception", 22910480, 134, [None, 1000], "46b089471d1581c59fc45f6e0a98349c",
      "2a4520edcf08ee27ae398ffedc6cf47a")),
    ("InceptionResNetV2", {"include_top": False, "input_shape": (75, 75, 3), "pooling": "max"},
     ("inception_resnet_v2", 54336736, 781, [None, 1536], "14b958409b1d6ebae25c1ce25f5628d6",
      "254e1e01998789953cb1b16556f06296")),
    ("InceptionResNetV2", {},
     ("inception_resnet_v2", 55873736, 782, [None, 1000], "7a3542f3b0545b9dc8ff889cd6044c16",
      "84b3086f66c13d9392e93ca5668d1b68")),
    ("NASNetMobile", {"include_top": False, "input_shape": (32, 32, 3)},
     ("NASNet", 4269716, 769, [None, 1, 1, 1056], "093253761aaf94fd02ac3f5d7b3de021",
      "1bbc3eb87b48517ab299334180504a36")),
    ("NASNetMobile", {},
     ("NASNet", 5326716, 771, [None, 1000], "aff9671e019d629a43cd11d5e09a8c4c",
      "9fbadcbc0886d3d8e9983dcc92e746aa")),
    ("NASNetLarge", {"include_top": False, "input_shape": (32, 32, 3), "pooling": "avg"},
     ("NASNet", 84916818, 1040, [None, 4032], "d38765d34d0bbd7b57152e88a8c7ddc1",
      "bae9f5b75503e76743f0f6a07b8d3424")),
]


def _digest(items):
    return hashlib.md5(json.dumps(items).encode()).hexdigest()


def describe(tf, name, kwargs):
    m = getattr(tf.keras.applications, name)(weights=None, **kwargs)
    return (m.name, m.count_params(), len(m.layers), m.output.shape.as_list(),
            _digest([[l.name, type(l).__name__] for l in m.layers]),
            _digest([[w.name, w.shape.as_list()] for w in m.weights]))


def random_weights(model, seed=1):
    """Weights drawn in the model"s weight order (the same in TF and tfcompat): variances and
    gammas in [0.5, 1.5], the rest normal with 1/sqrt(fan-in) scale."""
    r = np.random.RandomState(seed)
    values = []
    for w in model.weights:
        shape = w.shape.as_list()
        if "variance" in w.name or "gamma" in w.name:
            v = r.uniform(0.5, 1.5, shape)
        else:
            v = r.normal(0, 1.0 / np.sqrt(max(1, np.prod(shape[:-1]))), shape)
        values.append(v.astype("float32"))
    model.set_weights(values)


def predictions(tf, name, kwargs, size, module):
    m = getattr(tf.keras.applications, name)(**dict({"weights": None}, **kwargs))
    random_weights(m)
    x = np.random.RandomState(2).uniform(0, 255, (2, size, size, 3)).astype("float32")
    return m, x, m.predict(getattr(tf.keras.applications, module).preprocess_input(x.copy()))


# (builder, kwargs, input size, module of preprocess_input) -> sums of the two rows of the
# outputs and the first row"s first four values (random_weights, inputs uniform in [0, 255))
PREDICTIONS = [
    ("VGG16", {"include_top": False, "input_shape": (32, 32, 3)}, 32, "vgg16",
     [528.905884, 523.088257], [0.208645, 0.755886, 1.563658, 2.587308]),
    ("ResNet50", {"include_top": False, "input_shape": (32, 32, 3), "pooling": "avg"}, 32,
     "resnet50", [183703.28125, 180644.59375], [17.151823, 32.589539, 175.610199, 19.498199]),
    ("ResNet50V2", {"classes": 6, "input_shape": (32, 32, 3), "classifier_activation": None}, 32,
     "resnet_v2", [11.487786, 11.90311], [-1.639366, 10.629159, -4.00448, 15.026901]),
    ("MobileNet",
     {"classes": 6, "input_shape": (32, 32, 3), "alpha": 0.25, "classifier_activation": None}, 32,
     "mobilenet", [-6.628314, -6.628314], [-0.807517, -0.729379, -1.917949, -0.692746]),
    ("MobileNetV2",
     {"include_top": False, "input_shape": (32, 32, 3), "alpha": 0.35, "pooling": "avg"}, 32,
     "mobilenet_v2", [1244.794312, 1244.794312], [0.0, 0.0, 0.0, 6.0]),
    ("InceptionV3", {"include_top": False, "input_shape": (75, 75, 3), "pooling": "avg"}, 75,
     "inception_v3", [1391.830811, 1391.831421], [0.120679, 3.017264, 1.635467, 1.671844]),
    ("DenseNet121", {"include_top": False, "input_shape": (32, 32, 3), "pooling": "max"}, 32,
     "densenet", [688.137939, 687.964783], [0.0, 0.0, 1.501373, 0.0]),
    ("Xception", {"include_top": False, "input_shape": (71, 71, 3), "pooling": "avg"}, 71,
     "xception", [1200.495972, 1200.497559], [0.0, 1.618145, 2.164687, 2.207271]),
    ("InceptionResNetV2", {"include_top": False, "input_shape": (75, 75, 3), "pooling": "avg"},
     75, "inception_resnet_v2", [2040.833496, 2041.264648], [0.093622, 0.0, 0.0, 0.0]),
    ("NASNetMobile", {"include_top": False, "input_shape": (32, 32, 3), "pooling": "avg"}, 32,
     "nasnet", [1438.378418, 1434.666504], [0.0, 0.0, 0.0, 0.0]),
]

# preprocess_input(arange(24) * 10) per mode and data format: the first 8 values
PREPROCESSED = {
    ("caffe", "channels_last"): [-83.939, -106.779, -123.68, -53.939, -76.779, -93.68, -23.939,
                                 -46.779],
    ("caffe", "channels_first"): [-23.939, -13.939, -3.939, 6.061, -76.779, -66.779, -56.779,
                                  -46.779],
    ("tf", "channels_last"): [-1.0, -0.92157, -0.84314, -0.76471, -0.68627, -0.60784, -0.52941,
                              -0.45098],
    ("tf", "channels_first"): [-1.0, -0.92157, -0.84314, -0.76471, -0.68627, -0.60784, -0.52941,
                               -0.45098],
    ("torch", "channels_last"): [-2.1179, -1.86064, -1.45586, -1.60416, -1.33543, -0.93298,
                                 -1.09042, -0.81022],
    ("torch", "channels_first"): [-2.1179, -1.94666, -1.77541, -1.60416, -1.33543, -1.16036,
                                  -0.98529, -0.81022],
}

# builder, kwargs -> TF's ValueError message
ERRORS = [
    ("VGG16", dict(weights="nope"),
     "The `weights` argument should be either `None` (random initialization), `imagenet` "
     "(pre-training on ImageNet), or the path to the weights file to be loaded.  Received: "
     "weights=nope"),
    ("VGG16", dict(weights="imagenet", classes=10),
     'If using `weights` as `"imagenet"` with `include_top` as true, `classes` should be 1000.  '
     "Received `classes=10`"),
    ("VGG16", dict(weights=None, input_shape=(31, 32, 3), include_top=False),
     "Input size must be at least 32x32; Received: input_shape=(31, 32, 3)"),
    ("VGG16", dict(weights=None, input_shape=(32, 32), include_top=False),
     "`input_shape` must be a tuple of three integers."),
    ("VGG16", dict(weights="imagenet", input_shape=(32, 32, 3)),
     "When setting `include_top=True` and loading `imagenet` weights, `input_shape` should be "
     "(224, 224, 3).  Received: input_shape=(32, 32, 3)"),
    ("VGG16", dict(weights="imagenet", input_shape=(32, 32, 4), include_top=False),
     "The input must have 3 channels; Received `input_shape=(32, 32, 4)`"),
    ("VGG16", dict(weights=None, input_shape=(None, None, 3)),
     "If `include_top` is True, you should specify a static `input_shape`. Received: "
     "input_shape=(None, None, 3)"),
    ("ResNet50", dict(weights="nope"),
     "The `weights` argument should be either `None` (random initialization), `imagenet` "
     "(pre-training on ImageNet), or the path to the weights file to be loaded."),
    ("ResNet50", dict(weights="imagenet", classes=10),
     'If using `weights` as `"imagenet"` with `include_top` as true, `classes` should be 1000'),
    ("ResNet50", dict(weights=None, foo=1), "Unknown argument(s): {'foo': 1}"),
    ("MobileNet", dict(weights="nope"),
     "The `weights` argument should be either `None` (random initialization), `imagenet` "
     "(pre-training on ImageNet), or the path to the weights file to be loaded.  Received "
     "weights=nope"),
    ("MobileNet", dict(weights="imagenet", classes=3),
     'If using `weights` as `"imagenet"` with `include_top` as true, `classes` should be 1000.  '
     "Received classes=3"),
    ("MobileNet", dict(weights="imagenet", depth_multiplier=2),
     "If imagenet weights are being loaded, depth multiplier must be 1.  Received "
     "depth_multiplier=2"),
    ("MobileNet", dict(weights="imagenet", alpha=0.3),
     "If imagenet weights are being loaded, alpha can be one of`0.25`, `0.50`, `0.75` or `1.0` "
     "only.  Received alpha=0.3"),
    ("MobileNet", dict(weights=None, foo=2), "Unknown argument(s): ({'foo': 2},)"),
    ("MobileNetV2", dict(weights="nope"),
     "The `weights` argument should be either `None` (random initialization), `imagenet` "
     "(pre-training on ImageNet), or the path to the weights file to be loaded.  Received "
     "`weights=nope`"),
    ("MobileNetV2", dict(weights="imagenet", classes=3),
     'If using `weights` as `"imagenet"` with `include_top` as true, `classes` should be 1000. '
     "Received `classes=3`"),
    ("MobileNetV2", dict(weights="imagenet", alpha=0.3),
     "If imagenet weights are being loaded, alpha must be one of `0.35`, `0.50`, `0.75`, `1.0`, "
     "`1.3` or `1.4` only; Received `alpha=0.3`"),
    ("InceptionV3", dict(weights="nope"),
     "The `weights` argument should be either `None` (random initialization), `imagenet` "
     "(pre-training on ImageNet), or the path to the weights file to be loaded; Received: "
     "weights=nope"),
    ("InceptionV3", dict(weights="imagenet", classes=3),
     'If using `weights` as `"imagenet"` with `include_top` as true, `classes` should be 1000; '
     "Received classes=3"),
    ("InceptionV3", dict(weights=None, include_top=False, input_shape=(74, 80, 3)),
     "Input size must be at least 75x75; Received: input_shape=(74, 80, 3)"),
    ("DenseNet121", dict(weights="imagenet", classes=3),
     'If using `weights` as `"imagenet"` with `include_top` as true, `classes` should be 1000'),
]


@pytest.mark.parametrize("name,kwargs,expected", ARCHITECTURES,
                         ids=["%s-%d" % (a[0], i) for i, a in enumerate(ARCHITECTURES)])
def test_architecture_as_tf(tf, name, kwargs, expected):
    assert describe(tf, name, kwargs) == expected


@pytest.mark.parametrize("name,kwargs,size,module,sums,first", PREDICTIONS,
                         ids=[p[0] for p in PREDICTIONS])
def test_predictions_with_given_weights_as_tf(tf, name, kwargs, size, module, sums, first):
    _, _, y = predictions(tf, name, kwargs, size, module)
    y = y.reshape(2, -1)
    np.testing.assert_allclose(y.sum(1), sums, rtol=2e-5)
    np.testing.assert_allclose(y[0, :4], first, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name,kwargs,message", ERRORS, ids=[e[0] for e in ERRORS])
def test_argument_errors_as_tf(tf, name, kwargs, message):
    with pytest.raises(ValueError) as info:
        getattr(tf.keras.applications, name)(**kwargs)
    assert str(info.value) == message


def test_pretrained_weights_refuse_other_activations(tf):
    with pytest.raises(ValueError, match="Only `None` and `softmax` activations are allowed"):
        tf.keras.applications.VGG16(weights="imagenet", classifier_activation="relu")


@pytest.mark.parametrize("mode,data_format", sorted(PREPROCESSED))
def test_preprocess_input_as_tf(tf, mode, data_format):
    shape = (2, 2, 2, 3) if data_format == "channels_last" else (2, 3, 2, 2)
    x = np.arange(24, dtype="float64").reshape(shape) * 10.0
    utils = tf.keras.applications.imagenet_utils
    x_in = x.copy()
    y = utils.preprocess_input(x_in, data_format=data_format, mode=mode)
    np.testing.assert_allclose(y.ravel()[:8], PREPROCESSED[mode, data_format], atol=1e-5)
    assert np.shares_memory(y, x_in)    # float arrays are changed in place, as in TF
    y3 = utils.preprocess_input(x[0].astype("uint8"), data_format=data_format, mode=mode)
    assert y3.dtype == np.float32
    np.testing.assert_allclose(y3.ravel()[:6], PREPROCESSED[mode, data_format][:6], atol=1e-4)
    t = utils.preprocess_input(tf.constant(x.astype("float32")), data_format=data_format,
                               mode=mode)
    assert t.dtype == tf.float32 and t.shape.as_list() == list(shape)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(t), y, atol=1e-4)


def test_preprocess_input_errors_as_tf(tf):
    utils = tf.keras.applications.imagenet_utils
    with pytest.raises(ValueError, match=r"^Expected mode to be one of `caffe`, `tf` or `torch`. "
                                         r"Received: mode=x$"):
        utils.preprocess_input(np.zeros((1, 2, 2, 3)), mode="x")
    with pytest.raises(ValueError, match=r"^Expected data_format to be one of `channels_first` "
                                         r"or `channels_last`. Received: data_format=x$"):
        utils.preprocess_input(np.zeros((1, 2, 2, 3)), data_format="x")
    with pytest.raises(ValueError, match=r"Found array with shape: \(2, 10\)$"):
        utils.decode_predictions(np.zeros((2, 10)))


def test_module_helpers_use_each_models_mode(tf):
    apps = tf.keras.applications
    x = np.full((1, 1, 1, 3), 255.0)
    assert apps.vgg16.preprocess_input(x.copy())[0, 0, 0, 0] == pytest.approx(255 - 103.939)
    for module in (apps.resnet_v2, apps.mobilenet, apps.mobilenet_v2, apps.inception_v3):
        assert module.preprocess_input(x.copy())[0, 0, 0, 0] == pytest.approx(1.0)
    assert apps.densenet.preprocess_input(x.copy())[0, 0, 0, 0] == pytest.approx(
        (1 - 0.485) / 0.229)
    assert apps.resnet50.ResNet50 is apps.ResNet50 and apps.resnet.ResNet50 is apps.ResNet50


def test_weights_file_path_loads_by_topology(tf, tmp_path):
    m, x, y = predictions(tf, "MobileNetV2", dict(include_top=False, alpha=0.35,
                                                  input_shape=(32, 32, 3)), 32, "mobilenet_v2")
    path = str(tmp_path / "w.h5")
    m.save_weights(path)
    with tf.Graph().as_default():
        m2 = tf.keras.applications.MobileNetV2(weights=path, include_top=False, alpha=0.35,
                                               input_shape=(32, 32, 3))
        y2 = m2.predict(tf.keras.applications.mobilenet_v2.preprocess_input(x.copy()))
    np.testing.assert_allclose(y2, y, rtol=1e-5, atol=1e-6)


def test_imagenet_weights_come_from_the_keras_cache(tf, tmp_path, monkeypatch):
    # MobileNet's files have no hash in TF: the cached file is used as it is
    monkeypatch.setenv("HOME", str(tmp_path))
    models = tmp_path / ".keras" / "models"
    models.mkdir(parents=True)
    kwargs = dict(include_top=False, input_shape=(128, 128, 3), alpha=0.25)
    m, x, y = predictions(tf, "MobileNet", kwargs, 128, "mobilenet")
    m.save_weights(str(models / "mobilenet_2_5_128_tf_no_top.h5"))
    with tf.Graph().as_default():
        m2 = tf.keras.applications.MobileNet(weights="imagenet", **kwargs)
        assert m2.name == "mobilenet_0.25_128"
        y2 = m2.predict(tf.keras.applications.mobilenet.preprocess_input(x.copy()))
    np.testing.assert_allclose(y2, y, rtol=1e-5, atol=1e-6)


def test_input_tensor_builds_on_a_given_tensor(tf):
    apps = tf.keras.applications
    images = tf.placeholder(tf.float32, [None, 32, 32, 3])
    m = apps.VGG16(weights=None, include_top=False, input_tensor=images)
    # TF wraps the placeholder in an InputLayer that keeps it as the model's input
    assert m.inputs[0] is images and m.layers[0].name == "input_1"
    assert m.output.shape.as_list() == [None, 1, 1, 512]
    keras_input = tf.keras.layers.Input(shape=(40, 40, 3))
    m2 = apps.ResNet50(weights=None, include_top=False, input_tensor=keras_input,
                       pooling="max")
    assert m2.inputs[0] is keras_input and m2.output.shape.as_list() == [None, 2048]


def test_decode_predictions_reads_the_cached_class_index(tf, tmp_path, monkeypatch):
    src = "tf_keras.src." if AGAINST_TF else "tfcompat.keras."
    # a made-up index cannot match TF's md5: accept it, as the real file would be
    monkeypatch.setattr(importlib.import_module(src + "utils.data_utils"), "validate_file",
                        lambda *a, **k: True)
    monkeypatch.setattr(importlib.import_module(src + "applications.imagenet_utils"),
                        "CLASS_INDEX", None)
    monkeypatch.setenv("HOME", str(tmp_path))
    models = tmp_path / ".keras" / "models"
    models.mkdir(parents=True)
    (models / "imagenet_class_index.json").write_text(
        json.dumps({str(i): ["n%08d" % i, "class_%d" % i] for i in range(1000)}))
    p = np.zeros((2, 1000), "float32")
    p[0, [5, 7, 9]] = [0.2, 0.5, 0.3]
    p[1, 999] = 1
    got = tf.keras.applications.vgg16.decode_predictions(p, top=3)
    assert [[(a, b, float(c)) for a, b, c in row] for row in got] == [
        [("n00000007", "class_7", 0.5), ("n00000009", "class_9", 0.30000001192092896),
         ("n00000005", "class_5", 0.20000000298023224)],
        [("n00000999", "class_999", 1.0), ("n00000998", "class_998", 0.0),
         ("n00000997", "class_997", 0.0)]]
