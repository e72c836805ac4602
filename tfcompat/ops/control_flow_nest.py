"""Nested structures (TF's `nest`): flatten lists, tuples, namedtuples and dicts (by sorted key)
to a flat list of leaves and pack a flat list back. Control flow uses it for structured branch
outputs and loop variables; it is also what `tf.nest` offers.
"""
from __future__ import annotations

import collections.abc


def _is_namedtuple(value) -> bool:
    return isinstance(value, tuple) and hasattr(type(value), "_fields")


def is_sequence(value) -> bool:
    """True for the containers nest descends into (not strings, not Tensors)."""
    if isinstance(value, (str, bytes)):
        return False
    return isinstance(value, (list, tuple, dict, collections.abc.Mapping))


is_nested = is_sequence


def _sorted_keys(mapping):
    try:
        return sorted(mapping)
    except TypeError as e:
        raise TypeError("nest only supports dicts with sortable keys.") from e


def _children(value):
    if isinstance(value, collections.abc.Mapping):
        return [value[k] for k in _sorted_keys(value)]
    return list(value)


def flatten(structure, expand_composites=False):
    """The leaves of `structure`, depth first (dict values in sorted-key order)."""
    if not is_sequence(structure):
        return [structure]
    out: list = []
    _flatten_into(structure, out)
    return out


def _flatten_into(value, out):
    if is_sequence(value):
        for child in _children(value):
            _flatten_into(child, out)
    else:
        out.append(value)


def _rebuild(template, children):
    if isinstance(template, collections.abc.Mapping):
        keys = _sorted_keys(template)
        result = dict(zip(keys, children))
        if type(template) is dict:   # values packed by sorted key, keys in the template's order
            return {k: result[k] for k in template}
        try:
            return type(template)((k, result[k]) for k in template)
        except TypeError:
            return result
    if _is_namedtuple(template):
        return type(template)(*children)
    if isinstance(template, tuple):
        return tuple(children)
    return list(children) if type(template) is list else type(template)(children)


def _pack(template, flat, index):
    if not is_sequence(template):
        return flat[index], index + 1
    children = []
    for child in _children(template):
        value, index = _pack(child, flat, index)
        children.append(value)
    return _rebuild(template, children), index


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """`flat_sequence` packed into the shape of `structure`."""
    flat_sequence = list(flat_sequence)
    n = len(flatten(structure))
    if n != len(flat_sequence):
        raise ValueError("Could not pack sequence. Structure had %d elements, but "
                         "flat_sequence had %d elements.  Structure: %s, flat_sequence: %s."
                         % (n, len(flat_sequence), structure, flat_sequence))
    if not is_sequence(structure):
        return flat_sequence[0]
    return _pack(structure, flat_sequence, 0)[0]


def _same(a, b, check_types) -> bool:
    if is_sequence(a) != is_sequence(b):
        return False
    if not is_sequence(a):
        return True
    if check_types and not _same_type(a, b):
        return False
    if isinstance(a, collections.abc.Mapping) != isinstance(b, collections.abc.Mapping):
        return False
    if isinstance(a, collections.abc.Mapping) and _sorted_keys(a) != _sorted_keys(b):
        return False
    ca, cb = _children(a), _children(b)
    return len(ca) == len(cb) and all(_same(x, y, check_types) for x, y in zip(ca, cb))


def _same_type(a, b) -> bool:
    """TF's check_types: namedtuples alike by name and fields, any two lists, any two mappings."""
    if type(a) is type(b):
        return True
    if _is_namedtuple(a) and _is_namedtuple(b):
        return type(a).__name__ == type(b).__name__ and a._fields == b._fields
    if isinstance(a, list) and isinstance(b, list):
        return True
    return isinstance(a, collections.abc.Mapping) and isinstance(b, collections.abc.Mapping)


def _outline(value) -> str:
    if not is_sequence(value):
        return "."
    inner = ", ".join(_outline(c) for c in _children(value))
    if isinstance(value, collections.abc.Mapping):
        return "{%s}" % ", ".join("%r: %s" % (k, _outline(value[k])) for k in _sorted_keys(value))
    return ("[%s]" if isinstance(value, list) else "(%s)") % inner


def _describe(value) -> str:
    return "type=%s str=%s" % (type(value).__name__, value)


def _difference(a, b) -> str:
    """TF's "More specifically: ..." sentence for the first place `a` and `b` differ."""
    if is_sequence(a) != is_sequence(b):
        seq, other = (a, b) if is_sequence(a) else (b, a)
        return ('Substructure "%s" is a sequence, while substructure "%s" is not'
                % (_describe(seq), _describe(other)))
    ca, cb = _children(a), _children(b)
    if len(ca) != len(cb):
        return ("The two structures don't have the same number of elements. First structure: "
                "%s. Second structure: %s" % (_describe(a), _describe(b)))
    for x, y in zip(ca, cb):
        if not _same(x, y, False):
            return _difference(x, y)
    return "The two structures have different keys or types: %s vs %s" % (_describe(a),
                                                                            _describe(b))


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    """ValueError (TypeError for a type mismatch) unless both have the same nesting."""
    if _same(nest1, nest2, False):
        if check_types and not _same(nest1, nest2, True):
            raise TypeError(_mismatch(nest1, nest2, _type_difference(nest1, nest2)))
        return
    raise ValueError(_mismatch(nest1, nest2, _difference(nest1, nest2)))


def _mismatch(nest1, nest2, specifically) -> str:
    return ("The two structures don't have the same nested structure.\n\n"
            "First structure: %s\n\nSecond structure: %s\n\nMore specifically: %s\n"
            "Entire first structure:\n%s\nEntire second structure:\n%s"
            % (_describe(nest1), _describe(nest2), specifically, _outline(nest1),
               _outline(nest2)))


def _type_difference(a, b) -> str:
    """TF's sentence for the first pair of sequences (alike in structure) whose types differ."""
    if not _same_type(a, b):
        return ("The two namedtuples don't have the same sequence type. First structure %s "
                "has type %s, while second structure %s has type %s"
                % (_describe(a), type(a).__name__, _describe(b), type(b).__name__))
    for x, y in zip(_children(a), _children(b)):
        if not _same(x, y, True):
            return _type_difference(x, y)
    return "The two structures have different types: %s vs %s" % (_describe(a), _describe(b))


def map_structure(func, *structures, **kwargs):
    """`func` applied leaf-wise over structures of the same shape."""
    if not structures:
        raise ValueError("Must provide at least one structure")
    check_types = kwargs.pop("check_types", True)
    kwargs.pop("expand_composites", None)
    if kwargs:
        raise ValueError("Only valid keyword arguments are `check_types` and "
                         "`expand_composites`, not: `%s`" % "`, `".join(kwargs))
    for other in structures[1:]:
        assert_same_structure(structures[0], other, check_types=check_types)
    flats = [flatten(s) for s in structures]
    return pack_sequence_as(structures[0], [func(*xs) for xs in zip(*flats)])
