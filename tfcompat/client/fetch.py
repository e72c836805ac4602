"""Fetch and feed handling for `Session.run`: TF1's fetch structures (lists, tuples,
namedtuples, dicts, Operations, names) and feed validation, and torch -> numpy results."""
from __future__ import annotations

import numpy as np
import torch

from tfcompat.framework import dtypes
from tfcompat.framework.operation import Operation
from tfcompat.framework.operation import Tensor
from tfcompat.ops.control_flow_nest import flatten
from tfcompat.ops.control_flow_nest import is_sequence


class FetchMapper:
    """Flattens a fetch structure into unique Tensors and target Operations, and rebuilds the
    same structure from their values."""

    def __init__(self, graph, fetches):
        self.graph = graph
        self.tensors: list = []
        self.targets: list = []
        self._index: dict = {}
        self.build = self._mapper(fetches)

    def _mapper(self, fetch):
        if fetch is None:
            raise TypeError("Fetch argument None has invalid type <class 'NoneType'>")
        if isinstance(fetch, (list, tuple)):
            subs = [self._mapper(f) for f in fetch]
            if hasattr(fetch, "_fields"):
                cls = type(fetch)
                return lambda values: cls(*[s(values) for s in subs])
            cls = tuple if isinstance(fetch, tuple) else list
            return lambda values: cls(s(values) for s in subs)
        if isinstance(fetch, dict):
            items = [(k, self._mapper(v)) for k, v in fetch.items()]
            factory = _dict_factory(fetch)
            return lambda values: factory((k, s(values)) for k, s in items)
        if hasattr(fetch, "_fetch_structure"):  # SparseTensor, IndexedSlices, ...
            parts, rebuild = fetch._fetch_structure()
            sub = self._mapper(parts)
            return lambda values: rebuild(sub(values))
        element = self._element(fetch)
        if not self.graph.is_fetchable(element):  # TF raises InaccessibleTensorError (a ValueError)
            raise ValueError("Operation %s has been marked as not fetchable. Typically this "
                             "happens when it is defined in another function or code block. Use "
                             "return values, explicit Python locals or TensorFlow collections to "
                             "access it." % (getattr(element, "op", element).name))
        if isinstance(element, Operation):
            if element not in self.targets:
                self.targets.append(element)
            return lambda values: None
        index = self._index.get(element)
        if index is None:
            index = self._index[element] = len(self.tensors)
            self.tensors.append(element)
        return lambda values: values[index]

    def _element(self, fetch):
        try:
            return self.graph.as_graph_element(fetch, allow_tensor=True, allow_operation=True)
        except TypeError as e:
            raise TypeError("Fetch argument %r has invalid type %r, must be a string or Tensor. "
                            "(%s)" % (fetch, type(fetch), e)) from None
        except (ValueError, KeyError) as e:
            raise ValueError("Fetch argument %r cannot be interpreted as a Tensor. (%s)"
                             % (fetch, e.args[0] if e.args else e)) from None


def _dict_factory(fetch):
    import collections
    if isinstance(fetch, collections.defaultdict):
        return lambda items: collections.defaultdict(fetch.default_factory, items)
    cls = type(fetch)
    return lambda items: cls(items)


def resolve_feed_key(graph, key):
    if type(key) is Tensor and key.graph is graph and key not in graph._unfeedable_tensors:
        return key
    if hasattr(key, "_as_graph_element") and not isinstance(key, (Tensor, Operation)):
        key = key._as_graph_element()
    try:
        tensor = graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
    except (TypeError, ValueError, KeyError) as e:
        raise TypeError("Cannot interpret feed_dict key as Tensor: %s" % (e.args[0],)) from None
    if isinstance(tensor.op, Operation) and not graph.is_feedable(tensor):
        raise ValueError("Tensor %s may not be fed." % tensor.name)
    return tensor


def flatten_feed_dict(feed_dict) -> dict:
    """TF's `nest.flatten_dict_items` on a feed_dict: a nested key (a tuple of LSTMStateTuples,
    say) feeds its tensors with the parallel parts of its value."""
    # a key is hashable, so the only nested keys are tuples (namedtuples included): one cheap
    # type test per feed on every run, not nest's ABC checks
    if not any(isinstance(key, tuple) for key in feed_dict):
        return feed_dict
    flat = {}
    for key, value in feed_dict.items():
        keys, values = ([key], [value]) if not is_sequence(key) else (flatten(key),
                                                                      flatten(value))
        if len(keys) != len(values):
            raise ValueError("Could not flatten dictionary. Key had %d elements, but value "
                             "had %d elements. Key: %s, value: %s."
                             % (len(keys), len(values), keys, values))
        for k, v in zip(keys, values):
            if k in flat:
                raise ValueError("Could not flatten dictionary: key %s is not unique." % (k,))
            flat[k] = v
    return flat


def expand_feed(key, value) -> list:
    """The (key, value) pairs a feed stands for: a SparseTensor key's value feeds its indices,
    values and dense_shape (TF zips the three with the value: a SparseTensorValue or a
    triple); any other key feeds itself."""
    if hasattr(key, "_feed_structure") and not isinstance(key, (Tensor, Operation)):
        return key._feed_structure(value)
    return [(key, value)]


def feed_parts(graph, key) -> list:
    """The tensors a `make_callable` feed_list entry feeds (three for a SparseTensor)."""
    if hasattr(key, "_feed_structure") and not isinstance(key, (Tensor, Operation)):
        return [resolve_feed_key(graph, part) for part, _ in key._feed_structure((0, 0, 0))]
    return [resolve_feed_key(graph, key)]


def _check_int_feed(value, dtype) -> None:
    """TF's check of a Python int (or bool) fed to a tensor (session.py `_convert_to_numpy_obj`):
    it must come back unchanged from the tensor's numpy type (wrapped as numpy casts an array),
    so 2**40 for an int32, 2**24 + 1 for a float32 or 2 for a bool fail, and a string tensor
    takes no int at all."""
    try:
        np_dtype = dtype.as_numpy_dtype
    except KeyError:  # resource/variant: no numpy type, fed through other paths
        return
    if np_dtype is object:
        same = str(value) == value
    elif isinstance(np_dtype, type):
        with np.errstate(all="ignore"):
            same = np_dtype(np.array(value).astype(np_dtype)) == value
    else:  # quantized types' structured dtypes
        return
    if not same:
        raise TypeError("Type of feed value %s with type %s is not compatible with Tensor "
                        "type %s. Try explicitly setting the type of the feed tensor to a "
                        "larger type (e.g. int64)." % (value, type(value), np_dtype))


def feed_array(tensor, value) -> np.ndarray:
    """The numpy value of a feed, converted to the tensor's dtype and shape-checked (TF text)."""
    return feed_arrays(tensor, value)[0]


def feed_arrays(tensor, value):
    """(the array the plan runs on, the array TF's `run` returns where the tensor is also
    fetched: `np.asarray(value, dtype)` itself, a string tensor's str elements not encoded)."""
    if isinstance(value, Tensor):
        raise TypeError("The value of a feed cannot be a tf.Tensor object. Acceptable feed "
                        "values include Python scalars, strings, lists, numpy ndarrays, or "
                        "TensorHandles. For reference, the tensor object was %s which was "
                        "passed to the argument `feed_dict` with key %s." % (value, tensor))
    dtype = tensor.dtype.base_dtype
    if isinstance(value, int):
        _check_int_feed(value, dtype)
    if dtype == dtypes.string:
        returned = np.asarray(value, dtype=object)
        array = np.vectorize(lambda s: s.encode() if isinstance(s, str) else s,
                             otypes=[object])(returned) if returned.size else returned
    else:
        array = returned = np.asarray(value, dtype=dtype.as_numpy_dtype)
    if not _shape_matches(tensor, array.shape):
        raise ValueError("Cannot feed value of shape %r for Tensor %s, which has shape %s"
                         % (array.shape, _quoted(tensor), _shape_str(tensor.shape)))
    return array, returned


def _shape_matches(tensor, shape) -> bool:
    dims = tensor.shape.dims
    if dims is None:
        return True
    if len(dims) != len(shape):
        return False
    return all(d.value is None or d.value == n for d, n in zip(dims, shape))


def _quoted(tensor):
    return "'%s'" % tensor.name


def _shape_str(shape):
    if shape.ndims is None:
        return "'<unknown>'"
    dims = ["?" if d is None else str(d) for d in shape.as_list()]
    # TF 1.x's %r of str(shape): a 1-D shape keeps its tuple comma, '(8,)'
    return "'(%s,)'" % dims[0] if len(dims) == 1 else "'(%s)'" % ", ".join(dims)


def to_torch(array, device):
    if array.dtype == object:
        return array
    if not array.flags.writeable or not array.flags.c_contiguous:
        array = np.array(array, order="C")
    value = dtypes.numpy_to_torch(array)
    return value if device.type == "cpu" else value.to(device)


def to_numpy(value):
    """A fetched value as TF returns it: a fresh numpy array, or a numpy scalar for 0-d."""
    if isinstance(value, torch.Tensor):
        value = value.detach()
        array = dtypes.torch_to_numpy(value.cpu() if value.device.type != "cpu" else value)
    elif isinstance(value, np.ndarray):
        array = value.copy()
    else:
        return value
    return array[()] if array.ndim == 0 else array
