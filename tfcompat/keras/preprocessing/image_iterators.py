"""The batch iterators of `tf.keras.preprocessing.image`: `Iterator` (a `keras.utils.Sequence`
that is also a Python iterator), `NumpyArrayIterator` (`ImageDataGenerator.flow`) and
`DirectoryIterator` (`flow_from_directory`).

The order of samples and the augmentation draws come from numpy's global RNG, reseeded with
`seed + total_batches_seen` before every batch as Keras does, so a seeded iterator yields the
same batches as TF's.
"""
from __future__ import annotations

import multiprocessing.pool
import os
import threading
import warnings

import numpy as np

from tfcompat import tf_logging as logging
from tfcompat.keras import backend
from tfcompat.keras import utils as keras_utils
from tfcompat.keras.preprocessing import image_io
from tfcompat.keras.utils import Sequence

WHITE_LIST_FORMATS = ("png", "jpg", "jpeg", "bmp", "ppm", "tif", "tiff")


class Iterator(Sequence):
    """Batches of `batch_size` indices into `n` samples, shuffled each epoch when `shuffle`;
    subclasses turn indices into arrays (`_get_batches_of_transformed_samples`)."""

    white_list_formats = WHITE_LIST_FORMATS

    def __init__(self, n, batch_size, shuffle, seed):
        self.n = n
        self.batch_size = batch_size
        self.seed = seed
        self.shuffle = shuffle
        self.batch_index = 0
        self.total_batches_seen = 0
        self.lock = threading.Lock()
        self.index_array = None
        self.index_generator = self._flow_index()

    def _set_index_array(self):
        self.index_array = np.arange(self.n)
        if self.shuffle:
            self.index_array = np.random.permutation(self.n)

    def __getitem__(self, idx):
        if idx >= len(self):
            raise ValueError("Asked to retrieve element {idx}, but the Sequence has length "
                             "{length}".format(idx=idx, length=len(self)))
        if self.seed is not None:
            np.random.seed(self.seed + self.total_batches_seen)
        self.total_batches_seen += 1
        if self.index_array is None:
            self._set_index_array()
        index_array = self.index_array[self.batch_size * idx:self.batch_size * (idx + 1)]
        return self._get_batches_of_transformed_samples(index_array)

    def __len__(self):
        return (self.n + self.batch_size - 1) // self.batch_size

    def on_epoch_end(self):
        self._set_index_array()

    def reset(self):
        self.batch_index = 0

    def _flow_index(self):
        self.reset()
        while True:
            if self.seed is not None:
                np.random.seed(self.seed + self.total_batches_seen)
            if self.batch_index == 0:
                self._set_index_array()
            current_index = 0 if self.n == 0 else (self.batch_index * self.batch_size) % self.n
            if self.n > current_index + self.batch_size:
                self.batch_index += 1
            else:
                self.batch_index = 0
            self.total_batches_seen += 1
            yield self.index_array[current_index:current_index + self.batch_size]

    def __iter__(self):
        return self

    def __next__(self, *args, **kwargs):
        return self.next(*args, **kwargs)

    def next(self):
        """The next batch (the index draw is locked, so threads may share the iterator)."""
        with self.lock:
            index_array = next(self.index_generator)
        return self._get_batches_of_transformed_samples(index_array)

    def _get_batches_of_transformed_samples(self, index_array):
        raise NotImplementedError


def _save_batch(batch_x, index_array, data_format, save_to_dir, save_prefix, save_format,
                hash_limit):
    for i, j in enumerate(index_array):
        img = image_io.array_to_img(batch_x[i], data_format, scale=True)
        fname = "{prefix}_{index}_{hash}.{format}".format(
            prefix=save_prefix, index=j, hash=np.random.randint(hash_limit), format=save_format)
        img.save(os.path.join(save_to_dir, fname))


def _split_x(x):
    """(images, [extra inputs]) of `flow`'s `x`, which may be `(images, extra or [extras])`."""
    if not isinstance(x, (tuple, list)):
        return x, []
    misc = [np.asarray(x[1])] if not isinstance(x[1], list) else [np.asarray(m) for m in x[1]]
    x = x[0]
    for m in misc:
        if len(x) != len(m):
            raise ValueError("All of the arrays in `x` should have the same length. Found a pair "
                             "with: len(x[0]) = %s, len(x[?]) = %s" % (len(x), len(m)))
    return x, misc


class NumpyArrayIterator(Iterator):
    """Augmented batches of in-memory images `x` (rank 4) with labels `y`."""

    def __init__(self, x, y, image_data_generator, batch_size=32, shuffle=False,
                 sample_weight=None, seed=None, data_format=None, save_to_dir=None,
                 save_prefix="", save_format="png", subset=None, ignore_class_split=False,
                 dtype=None):
        data_format = backend.image_data_format() if data_format is None else data_format
        self.dtype = backend.floatx() if dtype is None else dtype
        x, x_misc = _split_x(x)
        _check_lengths(x, y, sample_weight)
        if subset is not None:
            x, x_misc, y = _take_subset(x, x_misc, y, subset, image_data_generator,
                                        ignore_class_split)
        self.x = np.asarray(x, dtype=self.dtype)
        self.x_misc = x_misc
        if self.x.ndim != 4:
            raise ValueError("Input data in `NumpyArrayIterator` should have rank 4. You passed "
                             "an array with shape", self.x.shape)
        _warn_channels(self.x.shape, data_format)
        self.y = np.asarray(y) if y is not None else None
        self.sample_weight = np.asarray(sample_weight) if sample_weight is not None else None
        self.image_data_generator = image_data_generator
        self.data_format = data_format
        self.save_to_dir = save_to_dir
        self.save_prefix = save_prefix
        self.save_format = save_format
        super().__init__(self.x.shape[0], batch_size, shuffle, seed)

    def _get_batches_of_transformed_samples(self, index_array):
        batch_x = np.zeros((len(index_array),) + self.x.shape[1:], dtype=self.dtype)
        gen = self.image_data_generator
        for i, j in enumerate(index_array):
            x = self.x[j]
            params = gen.get_random_transform(x.shape)
            x = gen.apply_transform(x.astype(self.dtype), params)
            batch_x[i] = gen.standardize(x)
        if self.save_to_dir:
            _save_batch(batch_x, index_array, self.data_format, self.save_to_dir,
                        self.save_prefix, self.save_format, 1e4)
        miscs = [m[index_array] for m in self.x_misc]
        output = (batch_x if not miscs else [batch_x] + miscs,)
        if self.y is None:
            return output[0]
        output += (self.y[index_array],)
        if self.sample_weight is not None:
            output += (self.sample_weight[index_array],)
        return output


def _check_lengths(x, y, sample_weight):
    if y is not None and len(x) != len(y):
        raise ValueError("`x` (images tensor) and `y` (labels) should have the same length. "
                         "Found: x.shape = %s, y.shape = %s"
                         % (np.asarray(x).shape, np.asarray(y).shape))
    if sample_weight is not None and len(x) != len(sample_weight):
        raise ValueError("`x` (images tensor) and `sample_weight` should have the same length. "
                         "Found: x.shape = %s, sample_weight.shape = %s"
                         % (np.asarray(x).shape, np.asarray(sample_weight).shape))


def _take_subset(x, x_misc, y, subset, image_data_generator, ignore_class_split):
    """The validation part (the first `validation_split` of the samples) or the rest."""
    if subset not in {"training", "validation"}:
        raise ValueError("Invalid subset name:", subset, '; expected "training" or "validation".')
    split_idx = int(len(x) * image_data_generator._validation_split)
    if y is not None and not ignore_class_split and not np.array_equal(
            np.unique(y[:split_idx]), np.unique(y[split_idx:])):
        raise ValueError("Training and validation subsets have different number of classes "
                         "after the split. If your numpy arrays are sorted by the label, you "
                         "might want to shuffle them.")
    part = slice(None, split_idx) if subset == "validation" else slice(split_idx, None)
    x_misc = [np.asarray(m[part]) for m in x_misc]
    return x[part], x_misc, (y[part] if y is not None else None)


def _warn_channels(shape, data_format):
    axis = 3 if data_format == "channels_last" else 1
    if shape[axis] not in {1, 3, 4}:
        warnings.warn('NumpyArrayIterator is set to use the data format convention "'
                      + data_format + '" (channels on axis ' + str(axis)
                      + "), i.e. expected either 1, 3, or 4 channels on axis " + str(axis)
                      + ". However, it was passed an array with shape " + str(shape) + " ("
                      + str(shape[axis]) + " channels).")


def _print_msg(message):
    """Keras' io_utils.print_msg: stdout, or the info log when interactive logging is off."""
    if keras_utils.is_interactive_logging_enabled():
        print(message, flush=True)
    else:
        logging.info(message)


def _iter_valid_files(directory, white_list_formats, follow_links):
    """(root, filename) of the image files under `directory`, folders and names sorted."""
    for root, _, files in sorted(os.walk(directory, followlinks=follow_links),
                                 key=lambda t: t[0]):
        for fname in sorted(files):
            if fname.lower().endswith(".tiff"):
                warnings.warn('Using ".tiff" files with multiple bands will cause distortion. '
                              "Please verify your output.")
            if fname.lower().endswith(white_list_formats):
                yield root, fname


def _list_class_files(directory, white_list_formats, split, class_indices, follow_links):
    """The class index and `<class dir>/<relative path>` of each image of one class folder
    (only the `split` fraction of them when given)."""
    dirname = os.path.basename(directory)
    valid = _iter_valid_files(directory, white_list_formats, follow_links)
    if split:
        valid = list(valid)
        valid = valid[int(split[0] * len(valid)):int(split[1] * len(valid))]
    classes, filenames = [], []
    for root, fname in valid:
        classes.append(class_indices[dirname])
        path = os.path.join(root, fname)
        filenames.append(os.path.join(dirname, os.path.relpath(path, directory)))
    return classes, filenames


def _image_shape(color_mode, target_size, data_format):
    channels = {"rgba": 4, "rgb": 3, "grayscale": 1}.get(color_mode)
    if channels is None:
        raise ValueError("Invalid color mode:", color_mode,
                         '; expected "rgb", "rgba", or "grayscale".')
    if data_format == "channels_last":
        return target_size + (channels,)
    return (channels,) + target_size


def _subset_split(subset, image_data_generator):
    if subset is None:
        return None
    validation_split = image_data_generator._validation_split
    if subset == "validation":
        return (0, validation_split)
    if subset == "training":
        return (validation_split, 1)
    raise ValueError('Invalid subset name: %s;expected "training" or "validation"' % (subset,))


class DirectoryIterator(Iterator):
    """Augmented batches of the images in `directory`'s class subfolders (one folder a class,
    sorted by name unless `classes` lists them), with labels as `class_mode` says."""

    allowed_class_modes = {"categorical", "binary", "sparse", "input", None}

    def __init__(self, directory, image_data_generator, target_size=(256, 256),
                 color_mode="rgb", classes=None, class_mode="categorical", batch_size=32,
                 shuffle=True, seed=None, data_format=None, save_to_dir=None, save_prefix="",
                 save_format="png", follow_links=False, subset=None, interpolation="nearest",
                 keep_aspect_ratio=False, dtype=None):
        self.data_format = backend.image_data_format() if data_format is None else data_format
        self.dtype = backend.floatx() if dtype is None else dtype
        self.image_data_generator = image_data_generator
        self.target_size = tuple(target_size)
        self.keep_aspect_ratio = keep_aspect_ratio
        self.image_shape = _image_shape(color_mode, self.target_size, self.data_format)
        self.color_mode = color_mode
        self.save_to_dir, self.save_prefix, self.save_format = save_to_dir, save_prefix, \
            save_format
        self.interpolation = interpolation
        self.split = _subset_split(subset, image_data_generator)
        self.subset = subset
        self.directory = directory
        if class_mode not in self.allowed_class_modes:
            raise ValueError("Invalid class_mode: {}; expected one of: {}"
                             .format(class_mode, self.allowed_class_modes))
        self.class_mode = class_mode
        if not classes:
            classes = [d for d in sorted(os.listdir(directory))
                       if os.path.isdir(os.path.join(directory, d))]
        self.num_classes = len(classes)
        self.class_indices = dict(zip(classes, range(len(classes))))
        self._list_files(classes, follow_links)
        _print_msg("Found %d images belonging to %d classes." % (self.samples, self.num_classes))
        self._filepaths = [os.path.join(self.directory, f) for f in self.filenames]
        super().__init__(self.samples, batch_size, shuffle, seed)

    def _list_files(self, classes, follow_links):
        """`filenames`, `classes` (the label of each) and `samples`; the class folders are
        listed in parallel threads, as in Keras."""
        with multiprocessing.pool.ThreadPool() as pool:
            results = [pool.apply_async(_list_class_files,
                                        (os.path.join(self.directory, c),
                                         self.white_list_formats, self.split,
                                         self.class_indices, follow_links))
                       for c in classes]
            listed = [r.get() for r in results]
        self.filenames = [f for _, names in listed for f in names]
        self.samples = len(self.filenames)
        self.classes = np.array([c for labels, _ in listed for c in labels], dtype="int32")

    @property
    def filepaths(self):
        return self._filepaths

    @property
    def labels(self):
        return self.classes

    @property
    def sample_weight(self):
        return None

    def _load(self, path):
        img = image_io.load_img(path, color_mode=self.color_mode, target_size=self.target_size,
                                interpolation=self.interpolation,
                                keep_aspect_ratio=self.keep_aspect_ratio)
        x = image_io.img_to_array(img, data_format=self.data_format)
        if hasattr(img, "close"):
            img.close()
        gen = self.image_data_generator
        if gen:
            x = gen.apply_transform(x, gen.get_random_transform(x.shape))
            x = gen.standardize(x)
        return x

    def _get_batches_of_transformed_samples(self, index_array):
        batch_x = np.zeros((len(index_array),) + self.image_shape, dtype=self.dtype)
        for i, j in enumerate(index_array):
            batch_x[i] = self._load(self.filepaths[j])
        if self.save_to_dir:
            _save_batch(batch_x, index_array, self.data_format, self.save_to_dir,
                        self.save_prefix, self.save_format, 1e7)
        return self._with_labels(batch_x, index_array)

    def _with_labels(self, batch_x, index_array):
        if self.class_mode == "input":
            return batch_x, batch_x.copy()
        if self.class_mode in {"binary", "sparse"}:
            return batch_x, self.classes[index_array].astype(self.dtype)
        if self.class_mode == "categorical":
            batch_y = np.zeros((len(batch_x), len(self.class_indices)), dtype=self.dtype)
            batch_y[np.arange(len(batch_x)), self.classes[index_array]] = 1.0
            return batch_x, batch_y
        return batch_x
