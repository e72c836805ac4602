"""`tf.keras.preprocessing.image`: `ImageDataGenerator` (real-time augmentation and
normalization of image batches, `flow` / `flow_from_directory`), its iterators and the array
helpers, as TF 1.x's Keras (keras_preprocessing) has them.

Random transforms draw from numpy's global RNG in Keras' order (rotation, height shift, width
shift, shear, zoom, the two flips, channel shift, brightness), so a seed gives TF's values. The
affine resampling is tfcompat's own reproduction of scipy.ndimage's (see image_affine); the
file-based parts (load_img, flow_from_directory, brightness) need Pillow.
"""
from __future__ import annotations

import importlib.util
import warnings

import numpy as np

from tfcompat import _unsupported
from tfcompat.keras import backend
from tfcompat.keras.preprocessing.image_affine import apply_affine_transform
from tfcompat.keras.preprocessing.image_affine import apply_brightness_shift
from tfcompat.keras.preprocessing.image_affine import apply_channel_shift
from tfcompat.keras.preprocessing.image_affine import random_brightness  # noqa: F401
from tfcompat.keras.preprocessing.image_affine import random_channel_shift  # noqa: F401
from tfcompat.keras.preprocessing.image_affine import random_rotation  # noqa: F401
from tfcompat.keras.preprocessing.image_affine import random_shear  # noqa: F401
from tfcompat.keras.preprocessing.image_affine import random_shift  # noqa: F401
from tfcompat.keras.preprocessing.image_affine import random_zoom  # noqa: F401
from tfcompat.keras.preprocessing.image_io import array_to_img  # noqa: F401
from tfcompat.keras.preprocessing.image_io import img_to_array  # noqa: F401
from tfcompat.keras.preprocessing.image_io import load_img  # noqa: F401
from tfcompat.keras.preprocessing.image_io import save_img  # noqa: F401
from tfcompat.keras.preprocessing.image_iterators import DirectoryIterator
from tfcompat.keras.preprocessing.image_iterators import Iterator  # noqa: F401
from tfcompat.keras.preprocessing.image_iterators import NumpyArrayIterator



def flip_axis(x, axis):
    x = np.asarray(x).swapaxes(axis, 0)
    return x[::-1, ...].swapaxes(0, axis)


def _zoom_bounds(zoom_range):
    if isinstance(zoom_range, (float, int)):
        return [1 - zoom_range, 1 + zoom_range]
    if len(zoom_range) == 2 and all(isinstance(v, (float, int)) for v in zoom_range):
        return [zoom_range[0], zoom_range[1]]
    raise ValueError("`zoom_range` should be a float or a tuple or list of two floats. "
                     "Received: %s" % (zoom_range,))


def _random_shift(shift_range, size):
    """One shift (in pixels) from a float fraction, an int or a list of allowed values."""
    try:   # an int or a list: a value, then a sign
        t = np.random.choice(shift_range)
        t *= np.random.choice([-1, 1])
    except ValueError:   # a float: a uniform fraction
        t = np.random.uniform(-shift_range, shift_range)
    if np.max(shift_range) < 1:
        t *= size
    return t


class ImageDataGenerator:
    """Batches of augmented, normalized images: `flow(x, y)` over arrays,
    `flow_from_directory(path)` over image files."""

    def __init__(self, featurewise_center=False, samplewise_center=False,
                 featurewise_std_normalization=False, samplewise_std_normalization=False,
                 zca_whitening=False, zca_epsilon=1e-6, rotation_range=0, width_shift_range=0.0,
                 height_shift_range=0.0, brightness_range=None, shear_range=0.0, zoom_range=0.0,
                 channel_shift_range=0.0, fill_mode="nearest", cval=0.0, horizontal_flip=False,
                 vertical_flip=False, rescale=None, preprocessing_function=None,
                 data_format=None, validation_split=0.0, interpolation_order=1, dtype=None):
        self.featurewise_center = featurewise_center
        self.samplewise_center = samplewise_center
        self.featurewise_std_normalization = featurewise_std_normalization
        self.samplewise_std_normalization = samplewise_std_normalization
        self.zca_whitening = zca_whitening
        self.zca_epsilon = zca_epsilon
        self.rotation_range = rotation_range
        self.width_shift_range = width_shift_range
        self.height_shift_range = height_shift_range
        self.shear_range = shear_range
        self.zoom_range = zoom_range
        self.channel_shift_range = channel_shift_range
        self.fill_mode = fill_mode
        self.cval = cval
        self.horizontal_flip = horizontal_flip
        self.vertical_flip = vertical_flip
        self.rescale = rescale
        self.preprocessing_function = preprocessing_function
        self.dtype = backend.floatx() if dtype is None else dtype
        self.interpolation_order = interpolation_order
        self._set_data_format(backend.image_data_format() if data_format is None
                              else data_format)
        if validation_split and not 0 < validation_split < 1:
            raise ValueError("`validation_split` must be strictly between 0 and 1.  "
                             "Received: %s" % validation_split)
        self._validation_split = validation_split
        self.mean = None
        self.std = None
        self.zca_whitening_matrix = None
        self.zoom_range = _zoom_bounds(zoom_range)
        self._imply_normalizations()
        if brightness_range is not None and (
                not isinstance(brightness_range, (tuple, list)) or len(brightness_range) != 2):
            raise ValueError("`brightness_range should be tuple or list of two floats. "
                             "Received: %s" % (brightness_range,))
        self.brightness_range = brightness_range

    def _set_data_format(self, data_format):
        if data_format not in {"channels_last", "channels_first"}:
            raise ValueError('`data_format` should be `"channels_last"` (channel after row and '
                             'column) or `"channels_first"` (channel before row and column). '
                             "Received: %s" % data_format)
        self.data_format = data_format
        if data_format == "channels_first":
            self.channel_axis, self.row_axis, self.col_axis = 1, 2, 3
        else:
            self.channel_axis, self.row_axis, self.col_axis = 3, 1, 2

    def _imply_normalizations(self):
        """ZCA implies featurewise centering (and no std normalization); std normalization
        implies centering."""
        if self.zca_whitening:
            if not self.featurewise_center:
                self.featurewise_center = True
                warnings.warn("This ImageDataGenerator specifies `zca_whitening`, which "
                              "overrides setting of `featurewise_center`.")
            if self.featurewise_std_normalization:
                self.featurewise_std_normalization = False
                warnings.warn("This ImageDataGenerator specifies `zca_whitening` which "
                              "overrides setting of`featurewise_std_normalization`.")
        if self.featurewise_std_normalization and not self.featurewise_center:
            self.featurewise_center = True
            warnings.warn("This ImageDataGenerator specifies `featurewise_std_normalization`, "
                          "which overrides setting of `featurewise_center`.")
        if self.samplewise_std_normalization and not self.samplewise_center:
            self.samplewise_center = True
            warnings.warn("This ImageDataGenerator specifies `samplewise_std_normalization`, "
                          "which overrides setting of `samplewise_center`.")

    # -- iterators ---------------------------------------------------------------------------
    def flow(self, x, y=None, batch_size=32, shuffle=True, sample_weight=None, seed=None,
             save_to_dir=None, save_prefix="", save_format="png", ignore_class_split=False,
             subset=None):
        return NumpyArrayIterator(x, y, self, batch_size=batch_size, shuffle=shuffle,
                                  sample_weight=sample_weight, seed=seed,
                                  data_format=self.data_format, save_to_dir=save_to_dir,
                                  save_prefix=save_prefix, save_format=save_format,
                                  ignore_class_split=ignore_class_split, subset=subset,
                                  dtype=self.dtype)

    def flow_from_directory(self, directory, target_size=(256, 256), color_mode="rgb",
                            classes=None, class_mode="categorical", batch_size=32, shuffle=True,
                            seed=None, save_to_dir=None, save_prefix="", save_format="png",
                            follow_links=False, subset=None, interpolation="nearest",
                            keep_aspect_ratio=False):
        return DirectoryIterator(directory, self, target_size=target_size,
                                 color_mode=color_mode, keep_aspect_ratio=keep_aspect_ratio,
                                 classes=classes, class_mode=class_mode,
                                 data_format=self.data_format, batch_size=batch_size,
                                 shuffle=shuffle, seed=seed, save_to_dir=save_to_dir,
                                 save_prefix=save_prefix, save_format=save_format,
                                 follow_links=follow_links, subset=subset,
                                 interpolation=interpolation, dtype=self.dtype)

    def flow_from_dataframe(self, dataframe, directory=None, x_col="filename", y_col="class",
                            **kwargs):
        """Refused: TF's DataFrameIterator reads a pandas DataFrame; tfcompat does not depend
        on pandas and has no DataFrameIterator."""
        if importlib.util.find_spec("pandas") is None:
            raise ImportError("ImageDataGenerator.flow_from_dataframe needs pandas, which is not "
                              "installed; list the files in class folders and use "
                              "flow_from_directory, or load them with load_img and use flow")
        raise NotImplementedError("ImageDataGenerator.flow_from_dataframe (DataFrameIterator) "
                                  "is not implemented in tfcompat; put the files in class "
                                  "folders and use flow_from_directory, or load them with "
                                  "load_img and use flow")

    # -- per-image processing ----------------------------------------------------------------
    def standardize(self, x):
        """The normalizations on one image or a batch (in place where Keras does it in place):
        preprocessing_function, rescale, sample- then feature-wise centering and scaling,
        ZCA whitening."""
        if self.preprocessing_function:
            x = self.preprocessing_function(x)
        if self.rescale:
            x *= self.rescale
        if self.samplewise_center:
            x -= np.mean(x, keepdims=True)
        if self.samplewise_std_normalization:
            x /= np.std(x, keepdims=True) + 1e-6
        if self.featurewise_center:
            if self.mean is not None:
                x -= self.mean
            else:
                _warn_unfit("`featurewise_center`, but it hasn't")
        if self.featurewise_std_normalization:
            if self.std is not None:
                x /= self.std + 1e-6
            else:
                _warn_unfit("`featurewise_std_normalization`, but it hasn't")
        if self.zca_whitening:
            if self.zca_whitening_matrix is not None:
                flat_x = x.reshape(-1, np.prod(x.shape[-3:]))
                x = np.reshape(flat_x @ self.zca_whitening_matrix, x.shape)
            else:
                _warn_unfit("`zca_whitening`, but it hasn't")
        return x

    def get_random_transform(self, img_shape, seed=None):
        """The random parameters for one image of `img_shape` (a dict for apply_transform)."""
        row_axis, col_axis = self.row_axis - 1, self.col_axis - 1
        if seed is not None:
            np.random.seed(seed)
        theta = np.random.uniform(-self.rotation_range, self.rotation_range) \
            if self.rotation_range else 0
        tx = _random_shift(self.height_shift_range, img_shape[row_axis]) \
            if self.height_shift_range else 0
        ty = _random_shift(self.width_shift_range, img_shape[col_axis]) \
            if self.width_shift_range else 0
        shear = np.random.uniform(-self.shear_range, self.shear_range) \
            if self.shear_range else 0
        if self.zoom_range[0] == 1 and self.zoom_range[1] == 1:
            zx, zy = 1, 1
        else:
            zx, zy = np.random.uniform(self.zoom_range[0], self.zoom_range[1], 2)
        flip_horizontal = (np.random.random() < 0.5) * self.horizontal_flip
        flip_vertical = (np.random.random() < 0.5) * self.vertical_flip
        channel_shift_intensity = None
        if self.channel_shift_range != 0:
            channel_shift_intensity = np.random.uniform(-self.channel_shift_range,
                                                        self.channel_shift_range)
        brightness = None
        if self.brightness_range is not None:
            brightness = np.random.uniform(self.brightness_range[0], self.brightness_range[1])
        return {"theta": theta, "tx": tx, "ty": ty, "shear": shear, "zx": zx, "zy": zy,
                "flip_horizontal": flip_horizontal, "flip_vertical": flip_vertical,
                "channel_shift_intensity": channel_shift_intensity, "brightness": brightness}

    def apply_transform(self, x, transform_parameters):
        """One image (rank 3) transformed by the parameters of get_random_transform."""
        row_axis, col_axis = self.row_axis - 1, self.col_axis - 1
        channel_axis = self.channel_axis - 1
        p = transform_parameters
        x = apply_affine_transform(x, p.get("theta", 0), p.get("tx", 0), p.get("ty", 0),
                                   p.get("shear", 0), p.get("zx", 1), p.get("zy", 1),
                                   row_axis=row_axis, col_axis=col_axis,
                                   channel_axis=channel_axis, fill_mode=self.fill_mode,
                                   cval=self.cval, order=self.interpolation_order)
        if p.get("channel_shift_intensity") is not None:
            x = apply_channel_shift(x, p["channel_shift_intensity"], channel_axis)
        if p.get("flip_horizontal", False):
            x = flip_axis(x, col_axis)
        if p.get("flip_vertical", False):
            x = flip_axis(x, row_axis)
        if p.get("brightness") is not None:
            x = apply_brightness_shift(x, p["brightness"], False)
        return x

    def random_transform(self, x, seed=None):
        return self.apply_transform(x, self.get_random_transform(x.shape, seed))

    def fit(self, x, augment=False, rounds=1, seed=None):
        """The featurewise statistics (mean, std, ZCA matrix) of the images `x` (rank 4),
        optionally over `rounds` augmented copies."""
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 4:
            raise ValueError("Input to `.fit()` should have rank 4. Got array with shape: "
                             + str(x.shape))
        if x.shape[self.channel_axis] not in {1, 3, 4}:
            warnings.warn("Expected input to be images (as Numpy array) following the data "
                          'format convention "' + self.data_format + '" (channels on axis '
                          + str(self.channel_axis) + "), i.e. expected either 1, 3 or 4 "
                          "channels on axis " + str(self.channel_axis) + ". However, it was "
                          "passed an array with shape " + str(x.shape) + " ("
                          + str(x.shape[self.channel_axis]) + " channels).")
        if seed is not None:
            np.random.seed(seed)
        x = np.copy(x)
        if self.rescale:
            x *= self.rescale
        if augment:
            ax = np.zeros((rounds * x.shape[0],) + x.shape[1:], dtype=self.dtype)
            for r in range(rounds):
                for i in range(x.shape[0]):
                    ax[i + r * x.shape[0]] = self.random_transform(x[i])
            x = ax
        self._fit_statistics(x)

    def _fit_statistics(self, x):
        broadcast_shape = [1, 1, 1]
        broadcast_shape[self.channel_axis - 1] = x.shape[self.channel_axis]
        axes = (0, self.row_axis, self.col_axis)
        if self.featurewise_center:
            self.mean = np.reshape(np.mean(x, axis=axes), broadcast_shape)
            x -= self.mean
        if self.featurewise_std_normalization:
            self.std = np.reshape(np.std(x, axis=axes), broadcast_shape)
            x /= self.std + 1e-6
        if self.zca_whitening:
            n = len(x)
            flat_x = np.reshape(x, (n, -1))
            u, s, _ = np.linalg.svd(flat_x.T, full_matrices=False)
            s_inv = np.sqrt(n) / (s + self.zca_epsilon)
            self.zca_whitening_matrix = (u * s_inv).dot(u.T)


def _warn_unfit(what):
    warnings.warn("This ImageDataGenerator specifies " + what + " been fit on any training "
                  "data. Fit it first by calling `.fit(numpy_data)`.")


__getattr__ = _unsupported.missing_attr("keras.preprocessing.image", __name__)
