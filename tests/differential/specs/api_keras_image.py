"""Programs for `tf.keras.preprocessing.image` and the `tf.keras.utils` enqueuers: numpy-side
APIs, their results turned into constants. Only what runs in a TF environment without SciPy and
Pillow is compared here (TF's Keras calls scipy.ndimage for every geometric transform and
Pillow for files); the resampled pixels, brightness shifts, file loading and directory
batches are checked against values recorded with SciPy and Pillow in
tests/keras/test_preprocessing_image.py.
"""
from __future__ import annotations

import os
import random
import tempfile

import numpy as np

from harness import Program


def _c(tf, value, dtype=None):
    return tf.constant(np.asarray(value, dtype=dtype))


def _error_name(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return type(e).__name__
    return "none"


def _random_params(tf):
    out = {}
    configs = {
        "all": dict(rotation_range=20, width_shift_range=0.1, height_shift_range=0.1,
                    shear_range=10, zoom_range=0.2, horizontal_flip=True, vertical_flip=True,
                    channel_shift_range=10., brightness_range=(0.8, 1.2)),
        "int_shift": dict(width_shift_range=3, height_shift_range=2),
        "list_shift": dict(width_shift_range=[-2, 0, 1.5], height_shift_range=[0.25, 0.5]),
        "cf": dict(rotation_range=5, width_shift_range=0.2, data_format="channels_first"),
    }
    keys = ["theta", "tx", "ty", "shear", "zx", "zy", "flip_horizontal", "flip_vertical",
            "channel_shift_intensity", "brightness"]
    for name, config in configs.items():
        gen = tf.keras.preprocessing.image.ImageDataGenerator(**config)
        params = gen.get_random_transform((3, 7, 5), seed=17)
        out[name] = _c(tf, [np.nan if params[k] is None else float(params[k]) for k in keys])
    return out, {}


def _fit_standardize(tf):
    image = tf.keras.preprocessing.image
    rng = np.random.RandomState(4)
    x = rng.rand(8, 3, 2, 3).astype("float32") * 50
    out = {}
    feature = image.ImageDataGenerator(featurewise_center=True,
                                       featurewise_std_normalization=True, rescale=0.5)
    feature.fit(x)
    out["mean"], out["std"] = _c(tf, feature.mean), _c(tf, feature.std)
    out["feature"] = _c(tf, feature.standardize(x[2].copy()))
    zca = image.ImageDataGenerator(zca_whitening=True, zca_epsilon=1e-3)
    zca.fit(x[:, :2, :1])
    out["zca"] = _c(tf, zca.standardize(x[1, :2, :1].copy()))
    sample = image.ImageDataGenerator(samplewise_center=True, samplewise_std_normalization=True,
                                      preprocessing_function=lambda a: a * 2 + 1)
    out["sample"] = _c(tf, sample.standardize(x[3].copy()))
    out["flags"] = _c(tf, [zca.featurewise_center, sample.samplewise_center])
    out["fit_rank"] = _c(tf, _error_name(lambda: feature.fit(x[0])))
    return out, {}


def _channel_shift(tf):
    image = tf.keras.preprocessing.image
    x = np.arange(24, dtype="float32").reshape(2, 3, 4) * 5
    np.random.seed(3)
    return {"apply": _c(tf, image.apply_channel_shift(x, 13.0, channel_axis=2)),
            "random": _c(tf, image.random_channel_shift(x, 20.0, channel_axis=0)),
            "img_to_array": _c(tf, image.img_to_array(x[0], data_format="channels_first")),
            "bad_zoom": _c(tf, _error_name(lambda: image.random_zoom(x, (0.5,)))),
            "bad_bright": _c(tf, _error_name(lambda: image.random_brightness(x, (1,))))}, {}


def _iterator_order(tf):
    class Indices(tf.keras.preprocessing.image.Iterator):
        def _get_batches_of_transformed_samples(self, index_array):
            return index_array

    out = {}
    it = Indices(11, 4, True, 5)
    batches = [next(it) for _ in range(5)] + [it[1]]
    it.on_epoch_end()
    batches.append(it[0])
    it.reset()
    batches.append(next(it))
    out["shuffled"] = _c(tf, np.concatenate(batches))
    out["len"] = _c(tf, [len(it), it.total_batches_seen])
    plain = Indices(5, 2, False, None)
    out["plain"] = _c(tf, np.concatenate([next(plain) for _ in range(4)]))
    gen = tf.keras.preprocessing.image.ImageDataGenerator(validation_split=0.25)
    x = np.zeros((8, 2, 2, 1))
    y = np.array([0, 1] * 4)
    nums = tf.keras.preprocessing.image.NumpyArrayIterator(x, y, gen, batch_size=3,
                                                           subset="training")
    out["numpy_iter"] = _c(tf, [nums.n, len(nums), nums.x.shape[0], nums.y.sum()])
    out["bad_subset"] = _c(tf, _error_name(lambda: gen.flow(x, np.sort(y), subset="training")))
    return out, {}


def _directory_listing(tf):
    """flow_from_directory's listing (files are not opened until a batch is drawn)."""
    with tempfile.TemporaryDirectory() as root:
        return _listing(tf, root)


def _listing(tf, root):
    image = tf.keras.preprocessing.image
    for cls, names in (("b", ["2.png", "1.JPG", "n.txt"]), ("a", ["z.bmp", "x.tiff"]),
                       ("c", [])):
        os.makedirs(os.path.join(root, cls, "deep"))
        for name in names:
            open(os.path.join(root, cls, name), "wb").close()
        open(os.path.join(root, cls, "deep", "q.jpeg"), "wb").close()
    gen = image.ImageDataGenerator(validation_split=0.5)
    it = gen.flow_from_directory(root, shuffle=False, subset="validation")
    direct = image.DirectoryIterator(root, gen, classes=["c", "b"], class_mode="binary")
    return {"indices": _c(tf, sorted(it.class_indices.items())),
            "classes": _c(tf, it.classes),
            "files": _c(tf, [f.replace(os.sep, "/") for f in it.filenames]),
            "direct": _c(tf, [f.replace(os.sep, "/") for f in direct.filenames]),
            "direct_classes": _c(tf, direct.classes),
            "bad_mode": _c(tf, _error_name(lambda: gen.flow_from_directory(root,
                                                                           class_mode="x")))}, {}


def _enqueuers(tf):
    class Squares(tf.keras.utils.Sequence):
        def __init__(self):
            self.epoch = 0

        def __len__(self):
            return 4

        def __getitem__(self, i):
            return np.array([self.epoch, i * i])

        def on_epoch_end(self):
            self.epoch += 1

    ordered = tf.keras.utils.OrderedEnqueuer(Squares())
    ordered.start(workers=2, max_queue_size=3)
    batches = ordered.get()
    got = [next(batches) for _ in range(9)]
    ordered.stop()
    random.seed(2)
    shuffled = tf.keras.utils.OrderedEnqueuer(Squares(), shuffle=True)
    shuffled.start()
    batches = shuffled.get()
    mixed = [next(batches) for _ in range(8)]
    shuffled.stop()
    gen = tf.keras.utils.GeneratorEnqueuer((np.array([k, -k]) for k in range(6)))
    gen.start(workers=1, max_queue_size=2)
    drained = list(gen.get())
    return {"ordered": _c(tf, got), "shuffled": _c(tf, mixed), "generator": _c(tf, drained),
            "running": _c(tf, [ordered.is_running(), gen.is_running(),
                               isinstance(gen, tf.keras.utils.SequenceEnqueuer)])}, {}


PROGRAMS = [
    Program("api_keras_image_random_params", _random_params),
    Program("api_keras_image_fit_standardize", _fit_standardize, tol=(1e-4, 1e-4)),
    Program("api_keras_image_channel_shift", _channel_shift),
    Program("api_keras_image_iterator_order", _iterator_order),
    Program("api_keras_image_directory_listing", _directory_listing),
    Program("api_keras_utils_enqueuers", _enqueuers),
]
SPECS = []
