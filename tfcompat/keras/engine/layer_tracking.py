"""Keras' tracking of a layer's sublayers (TF's `sticky_attribute_assignment` with its
`ListWrapper` / `_DictWrapper`, and `filter_empty_layer_containers`).

A layer keeps the sublayers assigned to its public attributes in assignment order. A list, tuple
or dict assigned to one is kept too, as TF keeps its wrapper: the layers it holds (then, or put
in it later: the same list object is kept) count at the container's place, a dict's by sorted
key, nested containers flattened, each layer once."""
from __future__ import annotations

_CONTAINERS = (list, tuple, dict)


def _values(container):
    if isinstance(container, dict):
        try:
            keys = sorted(container)
        except TypeError:       # keys that do not sort keep their insertion order
            keys = list(container)
        return [container[key] for key in keys]
    return list(container)


def _holds_layers(value, layer_class, depth=0):
    if isinstance(value, layer_class):
        return True
    if depth > 3 or not isinstance(value, _CONTAINERS):
        return False
    return any(_holds_layers(item, layer_class, depth + 1) for item in _values(value))


def is_tracked_container(value, layer_class):
    """Whether an attribute's value is a container Keras tracks: one that holds layers, or an
    empty list or dict that may get them later."""
    if not isinstance(value, _CONTAINERS):
        return False
    return (isinstance(value, (list, dict)) and not value) or _holds_layers(value, layer_class)


def flatten_layers(entries, layer_class):
    """The layers of `entries` (layers and containers), in order, each once."""
    seen, out = set(), []
    to_visit = list(entries)[::-1]
    while to_visit:
        obj = to_visit.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, layer_class):
            out.append(obj)
        elif isinstance(obj, _CONTAINERS):
            to_visit.extend(_values(obj)[::-1])
    return out
