"""`tf.contrib.framework.nest`: TF1's whole `tensorflow.python.util.nest` module, which
tensor2tensor, magenta and Sonnet-era code used before `tf.nest` existed. Beside what `tf.nest`
offers it has `is_sequence` and the "up to" functions that walk a deep structure only as far as
a shallow one (RNN cells map over `state_size` this way)."""
from __future__ import annotations

import collections.abc

from tfcompat._unsupported import missing_attr
from tfcompat.ops.control_flow_nest import _children
from tfcompat.ops.control_flow_nest import _is_namedtuple
from tfcompat.ops.control_flow_nest import _sorted_keys
from tfcompat.ops.control_flow_nest import assert_same_structure
from tfcompat.ops.control_flow_nest import flatten
from tfcompat.ops.control_flow_nest import is_sequence
from tfcompat.ops.control_flow_nest import map_structure
from tfcompat.ops.control_flow_nest import pack_sequence_as

__all__ = ["assert_same_structure", "assert_shallow_structure", "flatten",
           "flatten_dict_items", "flatten_up_to", "is_sequence", "map_structure",
           "map_structure_up_to", "pack_sequence_as"]

_MISMATCHING_TYPES = ("The two structures don't have the same sequence type. Input structure "
                      "has type {input_type}, while shallow structure has type {shallow_type}.")
_MISMATCHING_LENGTHS = ("The two structures don't have the same sequence length. Input "
                        "structure has length {input_length}, while shallow structure has "
                        "length {shallow_length}.")
_INVALID_KEYS = ("The shallow_tree's keys are not a subset of the input_tree's keys. The "
                 "shallow_tree has the following keys that are not in the input_tree: {}.")


def _check_types(shallow_tree, input_tree):
    if isinstance(input_tree, type(shallow_tree)):
        return
    if _is_namedtuple(shallow_tree) and _is_namedtuple(input_tree):
        if (type(shallow_tree).__name__ == type(input_tree).__name__
                and type(shallow_tree)._fields == type(input_tree)._fields):
            return
    elif isinstance(shallow_tree, list) and isinstance(input_tree, list):
        return
    elif (isinstance(shallow_tree, collections.abc.Mapping)
          and isinstance(input_tree, collections.abc.Mapping)):
        return
    raise TypeError(_MISMATCHING_TYPES.format(input_type=type(input_tree),
                                              shallow_type=type(shallow_tree)))


def assert_shallow_structure(shallow_tree, input_tree, check_types=True):
    """Raises unless `input_tree` has `shallow_tree`'s structure down to its leaves."""
    if not is_sequence(shallow_tree):
        return
    if not is_sequence(input_tree):
        raise TypeError("If shallow structure is a sequence, input must also be a sequence. "
                        "Input has type: %s." % type(input_tree))
    if check_types:
        _check_types(shallow_tree, input_tree)
    if len(input_tree) != len(shallow_tree):
        raise ValueError(_MISMATCHING_LENGTHS.format(input_length=len(input_tree),
                                                     shallow_length=len(shallow_tree)))
    if isinstance(shallow_tree, collections.abc.Mapping):
        absent = set(shallow_tree) - set(input_tree)
        if absent:
            raise ValueError(_INVALID_KEYS.format(sorted(absent)))
    for shallow_branch, input_branch in zip(_children(shallow_tree), _children(input_tree)):
        assert_shallow_structure(shallow_branch, input_branch, check_types=check_types)


def _flat_up_to(shallow_tree, input_tree, out):
    if not is_sequence(shallow_tree):
        out.append(input_tree)
        return out
    if isinstance(shallow_tree, collections.abc.Mapping):
        pairs = [(shallow_tree[k], input_tree[k]) for k in _sorted_keys(shallow_tree)]
    else:
        pairs = zip(shallow_tree, _children(input_tree))
    for shallow_branch, input_branch in pairs:
        _flat_up_to(shallow_branch, input_branch, out)
    return out


def flatten_up_to(shallow_tree, input_tree, check_types=True):
    """`input_tree`'s values at `shallow_tree`'s leaves, flattened (deeper parts stay whole)."""
    assert_shallow_structure(shallow_tree, input_tree, check_types=check_types)
    return _flat_up_to(shallow_tree, input_tree, [])


def map_structure_up_to(shallow_tree, func, *inputs, **kwargs):
    """`func` over the inputs' values at `shallow_tree`'s leaves, packed as `shallow_tree`."""
    if not inputs:
        raise ValueError("Cannot map over no sequences")
    check_types = kwargs.pop("check_types", True)
    flat = [flatten_up_to(shallow_tree, tree, check_types) for tree in inputs]
    results = [func(*args, **kwargs) for args in zip(*flat)]
    return pack_sequence_as(shallow_tree, results)


def flatten_dict_items(dictionary):
    """{key: value} with parallel nested keys and values flattened pairwise."""
    if not isinstance(dictionary, (dict, collections.abc.Mapping)):
        raise TypeError("FlattenDictItems: 'dict' must be a dictionary or collection.Mapping "
                        "type object, instead of '%s'." % type(dictionary).__name__)
    flat = {}
    for key, value in dictionary.items():
        if not is_sequence(key):
            if key in flat:
                raise ValueError("Cannot flatten dict because this key is not unique: %s" % key)
            flat[key] = value
            continue
        flat_keys, flat_values = flatten(key), flatten(value)
        if len(flat_keys) != len(flat_values):
            raise ValueError("Could not flatten dictionary. Key had %d elements, but value "
                             "had %d elements. Key: %s, value: %s."
                             % (len(flat_keys), len(flat_values), flat_keys, flat_values))
        for k, v in zip(flat_keys, flat_values):
            if k in flat:
                raise ValueError("Cannot flatten dict because this key is not unique: %s" % k)
            flat[k] = v
    return flat


__getattr__ = missing_attr("contrib.framework.nest", __name__)
