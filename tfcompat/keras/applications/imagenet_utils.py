"""`tf.keras.applications.imagenet_utils`: ImageNet input preprocessing (the 'caffe', 'tf' and
'torch' modes, on numpy arrays in place or on graph tensors) and decoding of 1000-class
predictions with `imagenet_class_index.json` from the Keras cache (`~/.keras/models`)."""
from __future__ import annotations

import json
import warnings

import numpy as np

from tfcompat.keras import activations
from tfcompat.keras import backend
from tfcompat.keras.utils.data_utils import get_file

CLASS_INDEX = None
CLASS_INDEX_PATH = ("https://storage.googleapis.com/download.tensorflow.org/data/"
                    "imagenet_class_index.json")
_CLASS_INDEX_HASH = "c2c37ea517e94d9795004a39431a14cb"
_CAFFE_MEAN = [103.939, 116.779, 123.68]
_TORCH_MEAN, _TORCH_STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


def preprocess_input(x, data_format=None, mode="caffe"):
    """`x` (values in [0, 255]) as the ImageNet models expect it. 'caffe': RGB -> BGR, then
    each channel less its ImageNet mean; 'tf': scaled to [-1, 1]; 'torch': scaled to [0, 1],
    then normalized per channel. A float numpy array is changed in place, as in TF."""
    if mode not in {"caffe", "tf", "torch"}:
        raise ValueError("Expected mode to be one of `caffe`, `tf` or `torch`. Received: "
                         "mode=%s" % (mode,))
    if data_format is None:
        data_format = backend.image_data_format()
    elif data_format not in {"channels_first", "channels_last"}:
        raise ValueError("Expected data_format to be one of `channels_first` or "
                         "`channels_last`. Received: data_format=%s" % (data_format,))
    if isinstance(x, np.ndarray):
        return _preprocess_numpy_input(x, data_format, mode)
    return _preprocess_symbolic_input(x, data_format, mode)


def _flip_channels(x, data_format, ndim):
    if data_format == "channels_first":
        return x[::-1, ...] if ndim == 3 else x[:, ::-1, ...]
    return x[..., ::-1]


def _mode_constants(mode):
    return (_TORCH_MEAN, _TORCH_STD) if mode == "torch" else (_CAFFE_MEAN, None)


def _preprocess_numpy_input(x, data_format, mode):
    if not issubclass(x.dtype.type, np.floating):
        x = x.astype(backend.floatx(), copy=False)
    if mode == "tf":
        x /= 127.5
        x -= 1.0
        return x
    if mode == "torch":
        x /= 255.0
    else:
        x = _flip_channels(x, data_format, x.ndim)
    mean, std = _mode_constants(mode)
    for c in range(3):
        channel = ((c, slice(None), slice(None)) if x.ndim == 3 else
                   (slice(None), c)) if data_format == "channels_first" else (Ellipsis, c)
        x[channel] -= mean[c]
        if std is not None:
            x[channel] /= std[c]
    return x


def _preprocess_symbolic_input(x, data_format, mode):
    if mode == "tf":
        x /= 127.5
        x -= 1.0
        return x
    if mode == "torch":
        x /= 255.0
    else:
        x = _flip_channels(x, data_format, backend.ndim(x))
    mean, std = _mode_constants(mode)
    mean_tensor = backend.constant(-np.array(mean))
    if backend.dtype(x) != backend.dtype(mean_tensor):
        mean_tensor = backend.cast(mean_tensor, backend.dtype(x))
    x = backend.bias_add(x, mean_tensor, data_format=data_format)
    if std is not None:
        std_tensor = backend.constant(np.array(std), dtype=backend.dtype(x))
        if data_format == "channels_first":
            std_tensor = backend.reshape(std_tensor, (-1, 1, 1))
        x /= std_tensor
    return x


def decode_predictions(preds, top=5):
    """For each row of `preds` (N, 1000), its `top` classes as (class id, name, score)."""
    global CLASS_INDEX
    if len(preds.shape) != 2 or preds.shape[1] != 1000:
        raise ValueError("`decode_predictions` expects a batch of predictions (i.e. a 2D array "
                         "of shape (samples, 1000)). Found array with shape: "
                         + str(preds.shape))
    if CLASS_INDEX is None:
        fpath = get_file("imagenet_class_index.json", CLASS_INDEX_PATH, cache_subdir="models",
                         file_hash=_CLASS_INDEX_HASH)
        with open(fpath) as f:
            CLASS_INDEX = json.load(f)
    results = []
    for pred in preds:
        top_indices = pred.argsort()[-top:][::-1]
        result = [tuple(CLASS_INDEX[str(i)]) + (pred[i],) for i in top_indices]
        result.sort(key=lambda r: r[2], reverse=True)
        results.append(result)
    return results


def _default_shape(input_shape, default_size, data_format, weights):
    if weights != "imagenet" and input_shape and len(input_shape) == 3:
        channels = input_shape[0] if data_format == "channels_first" else input_shape[-1]
        if channels not in {1, 3}:
            warnings.warn("This model usually expects 1 or 3 input channels. However, it was "
                          "passed an input_shape with " + str(channels) + " input channels.",
                          stacklevel=3)
        if data_format == "channels_first":
            return (channels, default_size, default_size)
        return (default_size, default_size, channels)
    if data_format == "channels_first":
        return (3, default_size, default_size)
    return (default_size, default_size, 3)


def _check_input_shape(input_shape, min_size, data_format, weights):
    if len(input_shape) != 3:
        raise ValueError("`input_shape` must be a tuple of three integers.")
    first = data_format == "channels_first"
    channels = input_shape[0] if first else input_shape[-1]
    rows, cols = input_shape[1:] if first else input_shape[:2]
    if channels != 3 and weights == "imagenet":
        raise ValueError("The input must have 3 channels; Received `input_shape=%s`"
                         % (input_shape,))
    if (rows is not None and rows < min_size) or (cols is not None and cols < min_size):
        raise ValueError("Input size must be at least %sx%s; Received: input_shape=%s"
                         % (min_size, min_size, input_shape))


def obtain_input_shape(input_shape, default_size, min_size, data_format, require_flatten,
                       weights=None):
    """The model's input shape (without the batch), with TF's checks: ImageNet weights with a
    top fix it at the default size; otherwise at least `min_size`, None sizes without a top."""
    default_shape = _default_shape(input_shape, default_size, data_format, weights)
    if weights == "imagenet" and require_flatten:
        if input_shape is not None and input_shape != default_shape:
            raise ValueError("When setting `include_top=True` and loading `imagenet` weights, "
                             "`input_shape` should be %s.  Received: input_shape=%s"
                             % (default_shape, input_shape))
        return default_shape
    if input_shape:
        _check_input_shape(input_shape, min_size, data_format, weights)
    elif require_flatten:
        input_shape = default_shape
    elif data_format == "channels_first":
        input_shape = (3, None, None)
    else:
        input_shape = (None, None, 3)
    if require_flatten and None in input_shape:
        raise ValueError("If `include_top` is True, you should specify a static `input_shape`. "
                         "Received: input_shape=%s" % (input_shape,))
    return input_shape


def correct_pad(inputs, kernel_size):
    """The ((top, bottom), (left, right)) zero padding a strided 'valid' conv needs to act as
    TF's 'same' one."""
    img_dim = 2 if backend.image_data_format() == "channels_first" else 1
    input_size = backend.int_shape(inputs)[img_dim:img_dim + 2]
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    adjust = (1, 1) if input_size[0] is None else (1 - input_size[0] % 2, 1 - input_size[1] % 2)
    correct = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))


def validate_activation(classifier_activation, weights):
    """With pretrained weights the top's activation must be softmax or None."""
    if weights is None:
        return
    classifier_activation = activations.get(classifier_activation)
    if classifier_activation not in {activations.get("softmax"), activations.get(None)}:
        raise ValueError("Only `None` and `softmax` activations are allowed for the "
                         "`classifier_activation` argument when using pretrained weights, with "
                         "`include_top=True`; Received: classifier_activation=%s"
                         % (classifier_activation,))
