"""`tf.nest` on the structures TF1 programs pass around (expected values checked in TF)."""
import collections

import pytest


def test_flatten_pack_and_map(tf):
    Point = collections.namedtuple("Point", "x y")
    structure = {"b": [1, (2, 3)], "a": Point(4, 5)}
    assert tf.nest.flatten(structure) == [4, 5, 1, 2, 3]
    packed = tf.nest.pack_sequence_as(structure, [10, 20, 30, 40, 50])
    assert packed == {"b": [30, (40, 50)], "a": Point(10, 20)}
    assert tf.nest.map_structure(lambda v: v * 2, [1, (2,)]) == [2, (4,)]
    assert tf.nest.is_nested([1]) and not tf.nest.is_nested(1)
    with pytest.raises((ValueError, TypeError)):
        tf.nest.assert_same_structure([1, 2], [1, [2, 3]])


def test_packed_dict_keeps_the_templates_key_order(tf):
    # values go by sorted key, but the rebuilt dict keeps the template's insertion order
    # (TF: type(instance)((key, result[key]) for key in instance)); str() shows the order
    structure = {"b": (1, [2, 3]), "a": 4}
    packed = tf.nest.pack_sequence_as(structure, [10, 20, 30, 40])
    assert str(packed) == "{'b': (20, [30, 40]), 'a': 10}"
    assert str(tf.nest.map_structure(lambda v: v * 2, structure)) == "{'b': (2, [4, 6]), 'a': 8}"
