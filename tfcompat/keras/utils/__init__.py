"""`tf.keras.utils`: numpy helpers (`to_categorical`, `to_ordinal`, `normalize`), `Sequence`,
the custom-object registry (`custom_object_scope`, `get_custom_objects`) and the legacy
(de)serialization helpers, and `get_file` (Keras' download cache). `plot_model` needs
graphviz: it fails with the unsupported-API error and its reason.
"""
from __future__ import annotations

import types

import numpy as np

from tfcompat import _unsupported
from tfcompat._lazy import lazy_module
from tfcompat.keras import _objects
from tfcompat.keras.utils.data_utils import get_file  # noqa: F401
from tfcompat.keras.utils.data_utils_enqueuers import GeneratorEnqueuer  # noqa: F401
from tfcompat.keras.utils.data_utils_enqueuers import OrderedEnqueuer  # noqa: F401
from tfcompat.keras.utils.data_utils_enqueuers import SequenceEnqueuer  # noqa: F401

_progbar = lazy_module("tfcompat.keras.engine.progbar")
# preprocessing.image's (its iterators subclass this module's Sequence)
_image_io = lazy_module("tfcompat.keras.preprocessing.image_io")
_IMAGE_IO_NAMES = ("array_to_img", "img_to_array", "load_img", "save_img")


def _flat_labels(y, num_classes):
    """Integer labels flattened, the shape to give the result (without a trailing size-1
    axis) and the number of classes (the largest label + 1 unless given), as Keras reads them."""
    y = np.array(y, dtype="int")
    input_shape = y.shape
    if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
        input_shape = tuple(input_shape[:-1])
    y = y.reshape(-1)
    if not num_classes:
        num_classes = np.max(y) + 1
    return y, input_shape, num_classes


def to_categorical(y, num_classes=None, dtype="float32"):
    """One-hot rows for the integer labels `y` (a trailing size-1 axis is dropped)."""
    y, input_shape, num_classes = _flat_labels(y, num_classes)
    n = y.shape[0]
    categorical = np.zeros((n, num_classes), dtype=dtype)
    categorical[np.arange(n), y] = 1
    return np.reshape(categorical, input_shape + (num_classes,))


def to_ordinal(y, num_classes=None, dtype="float32"):
    """Ordinal (cumulative) encoding of the integer labels `y`."""
    y, input_shape, num_classes = _flat_labels(y, num_classes)
    n = y.shape[0]
    range_values = np.tile(np.expand_dims(np.arange(num_classes - 1), 0), [n, 1])
    ordinal = np.zeros((n, num_classes - 1), dtype=dtype)
    ordinal[range_values < np.expand_dims(y, -1)] = 1
    return np.reshape(ordinal, input_shape + (num_classes - 1,))


def normalize(x, axis=-1, order=2):
    """`x` divided by its `order`-norm along `axis` (zero norms left as 1)."""
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    return x / np.expand_dims(norm, axis)


class Sequence:
    """Base class of a dataset for `fit`: `__getitem__(index)` returns a batch, `__len__` the
    number of batches."""

    def __getitem__(self, index):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError

    def on_epoch_end(self):
        pass

    def __iter__(self):
        for item in (self[i] for i in range(len(self))):
            yield item


class CustomObjectScope:
    """`with custom_object_scope({'MyLayer': MyLayer}):` makes the names resolvable by the
    `get`/`deserialize` functions of the keras modules."""

    def __init__(self, *args):
        self.custom_objects = args
        self.backup = None

    def __enter__(self):
        self.backup = dict(_objects.GLOBAL_CUSTOM_OBJECTS)
        for objects in self.custom_objects:
            _objects.GLOBAL_CUSTOM_OBJECTS.update(objects)
        return self

    def __exit__(self, *args, **kwargs):
        _objects.GLOBAL_CUSTOM_OBJECTS.clear()
        _objects.GLOBAL_CUSTOM_OBJECTS.update(self.backup)


custom_object_scope = CustomObjectScope


def get_custom_objects():
    """The global registry of custom objects (a dict to update)."""
    return _objects.GLOBAL_CUSTOM_OBJECTS


def serialize_keras_object(instance):
    return _objects.serialize(instance)


def deserialize_keras_object(identifier, module_objects=None, custom_objects=None,
                             printable_module_name="object"):
    return _objects.deserialize(identifier, module_objects or {}, custom_objects,
                                printable_module_name)


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre",
                  value=0.0):
    """The sequences as one array of `maxlen` steps, padded and truncated at the front ('pre')
    or the back ('post')."""
    if not hasattr(sequences, "__len__"):
        raise ValueError("`sequences` must be iterable.")
    lengths, sample_shape = [], None
    for x in sequences:
        try:
            lengths.append(len(x))
        except TypeError as e:
            raise ValueError("`sequences` must be a list of iterables. Found non-iterable: %s"
                             % (x,)) from e
        if sample_shape is None and len(x):
            sample_shape = np.asarray(x).shape[1:]
    sample_shape = sample_shape or ()
    if maxlen is None:
        maxlen = np.max(lengths)
    if isinstance(value, str) and dtype != object and not np.issubdtype(dtype, np.str_):
        raise ValueError("`dtype` %s is not compatible with `value`'s type: %s\nYou should set "
                         "`dtype=object` for variable length strings." % (dtype, type(value)))
    out = np.full((len(sequences), maxlen) + sample_shape, value, dtype=dtype)
    for idx, s in enumerate(sequences):
        if len(s):
            out[idx] = _padded_row(out[idx], s, maxlen, dtype, padding, truncating, idx,
                                   sample_shape)
    return out


def _padded_row(row, s, maxlen, dtype, padding, truncating, idx, sample_shape):
    if truncating not in ("pre", "post"):
        raise ValueError('Truncating type "%s" not understood' % truncating)
    trunc = np.asarray(s[-maxlen:] if truncating == "pre" else s[:maxlen], dtype=dtype)
    if trunc.shape[1:] != sample_shape:
        raise ValueError("Shape of sample %s of sequence at position %s is different from "
                         "expected shape %s" % (trunc.shape[1:], idx, sample_shape))
    if padding == "post":
        row[:len(trunc)] = trunc
    elif padding == "pre":
        row[-len(trunc):] = trunc
    else:
        raise ValueError('Padding type "%s" not understood' % padding)
    return row


def register_keras_serializable(package="Custom", name=None):
    """A decorator registering a class or function as `'<package>>name'` for deserialization."""

    def decorator(arg):
        class_name = name if name is not None else arg.__name__
        registered_name = package + ">" + class_name
        if isinstance(arg, type) and not hasattr(arg, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        _objects.GLOBAL_CUSTOM_OBJECTS[registered_name] = arg
        _REGISTERED_NAMES[arg] = registered_name
        return arg

    return decorator


_REGISTERED_NAMES: dict = {}


def get_registered_name(obj):
    """The name `obj` was registered under, else its `__name__`."""
    return _REGISTERED_NAMES.get(obj, getattr(obj, "__name__", None))


def get_registered_object(name, custom_objects=None, module_objects=None):
    """The object registered (or in `custom_objects` / `module_objects`) under `name`."""
    if name in _objects.GLOBAL_CUSTOM_OBJECTS:
        return _objects.GLOBAL_CUSTOM_OBJECTS[name]
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if module_objects and name in module_objects:
        return module_objects[name]
    return None


_INTERACTIVE_LOGGING = [True]


def enable_interactive_logging():
    _INTERACTIVE_LOGGING[0] = True


def disable_interactive_logging():
    _INTERACTIVE_LOGGING[0] = False


def is_interactive_logging_enabled():
    return _INTERACTIVE_LOGGING[0]


def get_source_inputs(tensor, layer=None, node_index=None):
    """The Input tensors `tensor` is computed from, following its layers' nodes back (Keras'
    layer_utils.get_source_inputs); a tensor without Keras history is its own source."""
    if not hasattr(tensor, "_keras_history"):
        return tensor
    if layer is None or node_index:
        layer, node_index, _ = tensor._keras_history
    node = layer._inbound_nodes[node_index] if layer._inbound_nodes else None
    if node is None or not node.input_tensors:     # an InputLayer's node
        return node.output_tensors if node is not None else [tensor]
    sources = []
    for (in_layer, index, _), x in zip(node.inbound, node.input_tensors):
        for source in get_source_inputs(x, in_layer, index):
            if all(source is not s for s in sources):
                sources.append(source)
    return sources


legacy = types.SimpleNamespace(serialize_keras_object=serialize_keras_object,
                               deserialize_keras_object=deserialize_keras_object)
plot_model = _unsupported.refuse("tf.keras.utils.plot_model")
model_to_dot = _unsupported.refuse("tf.keras.utils.model_to_dot")

_missing = _unsupported.missing_attr("keras.utils", __name__)


def __getattr__(name):
    if name == "Progbar":   # the engine's (it imports the keras modules this one serves)
        return _progbar.Progbar
    if name in _IMAGE_IO_NAMES:
        return getattr(_image_io, name)
    return _missing(name)
