"""`tf.data.Iterator` (TF1): one-shot, initializable, reinitializable (`from_structure` +
`make_initializer`) and feedable (`from_string_handle`) iterators. The iterator's position lives
in the session (ops/data_ops.py), so two sessions iterate independently.
"""
from __future__ import annotations

from tfcompat.data import _structure
from tfcompat.framework import dtypes
from tfcompat.framework import graph as graph_lib
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.registry import get_op_def
from tfcompat.ops import control_flow_nest

_NO_INITIALIZER = ("The iterator does not have an initializer. This means it was likely created "
                   "using `tf.data.Dataset.make_one_shot_iterator()`. For an initializable "
                   "iterator, use `tf.data.Dataset.make_initializable_iterator()` instead.")


def _spec_attrs(spec):
    specs = spec.graph_specs()
    return {"output_types": [d for d, _ in specs], "output_shapes": [s for _, s in specs]}


def _create(op_type, inputs, name, **attrs):
    graph = graph_lib.get_graph_from_inputs(inputs)
    with graph.as_default():
        return graph._create_op(op_type, list(inputs), attrs, name or op_type)


class Iterator:
    """Produces a dataset's elements in a session (TF1 `tf.data.Iterator`).

    >>> it = tf.data.Dataset.range(3).make_initializable_iterator()
    >>> sess.run(it.initializer); sess.run(it.get_next())
    0
    """

    def __init__(self, iterator_resource, initializer, output_types, output_shapes,
                 output_classes, _spec=None):
        self._iterator_resource = iterator_resource
        self._initializer = initializer
        self._spec = _spec or _structure.spec_from_types(output_types, output_shapes,
                                                         output_classes)
        self._string_handle = None

    @staticmethod
    def from_structure(output_types, output_shapes=None, shared_name=None,
                       output_classes=None):
        """An uninitialized iterator for elements of this structure; give it datasets with
        `make_initializer(dataset)`."""
        spec = _structure.spec_from_types(output_types, output_shapes, output_classes)
        op = _create("IteratorV2", [], "Iterator", shared_name=shared_name or "", container="",
                     **_spec_attrs(spec))
        return Iterator(op.outputs[0], None, None, None, None, _spec=spec)

    @staticmethod
    def from_string_handle(string_handle, output_types, output_shapes=None,
                           output_classes=None):
        """An iterator that uses whichever iterator the fed `string_handle` names."""
        spec = _structure.spec_from_types(output_types, output_shapes, output_classes)
        string_handle = convert_to_tensor(string_handle, dtype=dtypes.string)
        op = _create("IteratorFromStringHandleV2", [string_handle], None, **_spec_attrs(spec))
        return Iterator(op.outputs[0], None, None, None, None, _spec=spec)

    # -- structure -----------------------------------------------------------------------
    output_types = property(lambda self: self._spec.output_types)
    output_shapes = property(lambda self: self._spec.output_shapes)
    output_classes = property(lambda self: self._spec.output_classes)

    @property
    def element_spec(self):
        return self._spec.output_shapes

    @property
    def initializer(self):
        if self._initializer is None:
            raise ValueError(_NO_INITIALIZER)
        return self._initializer

    def make_initializer(self, dataset, name=None):
        """An op that (re)starts this iterator on `dataset` (structures must be compatible)."""
        spec = dataset._element_spec
        _check_compatible(self._spec, spec)
        # TF names the op by its name scope: "make_initializer" by default
        return _create("MakeIterator", [dataset._variant_tensor, self._iterator_resource],
                       name or "make_initializer")

    def get_next(self, name=None):
        """The next element (a new IteratorGetNext op); OutOfRangeError at the end."""
        op = _create("IteratorGetNext", [self._iterator_resource], name,
                     **_spec_attrs(self._spec))
        return self._spec.from_graph_tensors(list(op.outputs))

    def string_handle(self, name=None):
        """A string tensor naming this iterator, to feed to `from_string_handle`."""
        if name is None and self._string_handle is not None:
            return self._string_handle
        handle = _create("IteratorToStringHandle", [self._iterator_resource], name).outputs[0]
        if name is None:
            self._string_handle = handle
        return handle


def _check_compatible(mine, theirs):
    # TF's make_initializer: nest.assert_same_structure first (ValueError), then the types
    control_flow_nest.assert_same_structure(mine.output_types, theirs.output_types)
    if mine.output_types != theirs.output_types:
        raise TypeError("Expected output types %r but got dataset with output types %r."
                        % (mine.output_types, theirs.output_types))
    if mine.output_classes != theirs.output_classes:
        raise TypeError("Expected output classes %r but got dataset with output classes %r."
                        % (mine.output_classes, theirs.output_classes))
    if not all(a.shape.is_compatible_with(b.shape)
               for a, b in zip(mine.components, theirs.components)):
        raise TypeError("Expected output shapes compatible with %r but got dataset with output "
                        "shapes %r." % (mine.output_shapes, theirs.output_shapes))


_RANDOM_OPS = frozenset(["RandomUniform", "RandomUniformInt", "RandomStandardNormal",
                         "TruncatedNormal", "RandomShuffle", "Multinomial", "RandomGamma",
                         "RandomPoisson", "RandomPoissonV2"])


def _stateful(op) -> bool:
    """TF's capture-by-value refusal: a variable, a table (ref or resource outputs) or a random
    op; tfcompat's `stateful` flag is wider than TF's (MatchingFiles), so only these kinds."""
    op_def = get_op_def(op.type)
    if op_def is None or not op_def.stateful or not op.outputs:
        return False
    return op.type in _RANDOM_OPS or any(
        t.dtype._is_ref_dtype or t.dtype.base_dtype == dtypes.resource for t in op.outputs)


def _check_capture_by_value(tensor):
    """The ValueError TF's one-shot iterator raises for a placeholder or a stateful op (a
    variable, a lookup table, a random op) its dataset depends on."""
    seen, stack = set(), [tensor.op]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type in ("Placeholder", "PlaceholderV2"):
            raise ValueError("Cannot capture a placeholder (name:%s, type:%s) by value."
                             % (op.name, op.type))
        if _stateful(op):
            raise ValueError(
                "Cannot capture a stateful node (name:%s, type:%s) by value.: A likely cause of "
                "this error is that the dataset for which you are calling "
                "`make_one_shot_iterator()` captures a stateful object, such as a `tf.Variable` "
                "or `tf.lookup.StaticHashTable`, which is not supported. Use "
                "`make_initializable_iterator()` instead." % (op.name, op.type))
        stack.extend(t.op for t in op.inputs)


def make_one_shot_iterator(dataset):
    """TF1 `tf.data.make_one_shot_iterator(dataset)`."""
    _check_capture_by_value(dataset._variant_tensor)
    spec = dataset._element_spec
    op = _create("OneShotIterator", [dataset._variant_tensor], None, shared_name="",
                 container="", **_spec_attrs(spec))
    return Iterator(op.outputs[0], None, None, None, None, _spec=spec)


def make_initializable_iterator(dataset, shared_name=None):
    """TF1 `tf.data.make_initializable_iterator(dataset)`; run `.initializer` first."""
    spec = dataset._element_spec
    resource = _create("IteratorV2", [], None, shared_name=shared_name or "", container="",
                       **_spec_attrs(spec)).outputs[0]
    init = _create("MakeIterator", [dataset._variant_tensor, resource], None)
    return Iterator(resource, init, None, None, None, _spec=spec)


def get_output_types(dataset_or_iterator):
    return dataset_or_iterator.output_types


def get_output_shapes(dataset_or_iterator):
    return dataset_or_iterator.output_shapes


def get_output_classes(dataset_or_iterator):
    return dataset_or_iterator.output_classes


__all__ = ["Iterator", "make_one_shot_iterator", "make_initializable_iterator",
           "get_output_types", "get_output_shapes", "get_output_classes"]
