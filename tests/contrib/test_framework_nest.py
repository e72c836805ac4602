"""tf.contrib.framework.nest (TF1's util/nest module): the "up to" functions, shallow-structure
checks and flatten_dict_items. Under real TF the same module is tensorflow.python.util.nest;
values and messages recorded from TF 2.21."""
import collections
import os

import pytest

P = collections.namedtuple("P", "a b")
Q = collections.namedtuple("Q", "a b")


@pytest.fixture
def nest(tf):
    if os.environ.get("TFCOMPAT_TEST_AGAINST_TF"):
        from tensorflow.python.util import nest as tf_nest
        return tf_nest
    return tf.contrib.framework.nest


def test_flatten_up_to(nest):
    assert nest.flatten_up_to([1, (2, 3)], [[1], ({"a": 2}, [3])]) == [[1], {"a": 2}, [3]]
    assert nest.flatten_up_to(P(1, {"y": 0, "x": 0}), P([5], {"x": 1, "y": (2, 3)})) == \
        [[5], 1, (2, 3)]
    assert nest.flatten_up_to((1, 2), [3, 4], check_types=False) == [3, 4]
    assert nest.flatten_up_to(1, [1, 2]) == [[1, 2]]


def test_map_structure_up_to(nest):
    assert nest.map_structure_up_to((1, [2]), lambda x, y: (x, y), ((1, 2), [3]), ((4,), [5])) \
        == (((1, 2), (4,)), [(3, 5)])
    assert nest.map_structure_up_to(P(1, 2), len, P([1], [2, 3])) == P(1, 2)
    with pytest.raises(ValueError, match="^Cannot map over no sequences$"):
        nest.map_structure_up_to((1,), lambda x: x)


@pytest.mark.parametrize("shallow,deep,error,message", [
    (P(1, 2), Q(3, 4), TypeError, "don't have the same sequence type. Input structure has "
                                  "type <class '.*Q'>, while shallow structure has type "
                                  "<class '.*P'>"),
    ((1, 2), [3, 4], TypeError, "Input structure has type <class 'list'>, while shallow "
                                "structure has type <class 'tuple'>"),
    ((1, 2), (3, 4, 5), ValueError, "Input structure has length 3, while shallow structure "
                                    "has length 2"),
    ((1, 2), 3, TypeError, "If shallow structure is a sequence, input must also be a sequence. "
                           "Input has type: <class 'int'>."),
    ({"a": 1, "b": 2}, {"a": 1, "c": 2}, ValueError, r"not in the input_tree: \['b'\]\."),
    ([1, [2, 3]], [1, [2]], ValueError, "Input structure has length 1, while shallow "
                                        "structure has length 2"),
])
def test_shallow_structure_errors(nest, shallow, deep, error, message):
    with pytest.raises(error, match=message):
        nest.flatten_up_to(shallow, deep)
    with pytest.raises(error, match=message):
        nest.assert_shallow_structure(shallow, deep)


def test_flatten_dict_items(nest):
    assert nest.flatten_dict_items({(1, (2, 3)): ("a", ("b", "c")), 4: "d"}) == \
        {1: "a", 2: "b", 3: "c", 4: "d"}
    with pytest.raises(ValueError, match=r"Key had 2 elements, but value had 1 elements\. "
                                         r"Key: \[1, 2\], value: \['a'\]\."):
        nest.flatten_dict_items({(1, 2): ("a",)})
    with pytest.raises(ValueError, match="^Cannot flatten dict because this key is not "
                                         "unique: 1$"):
        nest.flatten_dict_items({(1, 2): ("a", "b"), 1: "x"})
    with pytest.raises(TypeError, match="instead of 'list'"):
        nest.flatten_dict_items([1])


@pytest.mark.tfcompat_only
def test_contrib_framework_extras(tf):
    assert tf.contrib.framework.nest.is_sequence([1]) and not \
        tf.contrib.framework.nest.is_sequence("ab")
    assert tf.contrib.framework.get_name_scope() == ""
    with tf.name_scope("outer"), tf.name_scope("inner"):
        assert tf.contrib.framework.get_name_scope() == "outer/inner"
