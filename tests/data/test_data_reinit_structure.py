"""Iterator.make_initializer checks the nesting first, as TF's nest.assert_same_structure does
(ValueError), and only then the types (TypeError). Expected messages from TensorFlow."""
from __future__ import annotations

import pytest


def test_make_initializer_structure_mismatch_is_value_error(tf):
    val = tf.data.Dataset.from_tensor_slices(([[1., 2.]], [3])).batch(3)
    it = tf.data.Iterator.from_structure(val.output_types, val.output_shapes)
    with pytest.raises(ValueError) as e:
        it.make_initializer(tf.data.Dataset.range(3))
    assert str(e.value).startswith(
        "The two structures don't have the same nested structure.\n\nFirst structure: "
        "type=tuple str=(tf.float32, tf.int32)\n\nSecond structure: type=DType "
        "str=<dtype: 'int64'>\n\nMore specifically: Substructure \"type=tuple "
        "str=(tf.float32, tf.int32)\" is a sequence, while substructure \"type=DType "
        "str=<dtype: 'int64'>\" is not")
    with pytest.raises(TypeError, match=r"Expected output types \(tf.float32, tf.int32\) but "
                       r"got dataset with output types \(tf.float32, tf.float32\)."):
        it.make_initializer(tf.data.Dataset.from_tensor_slices(([[1., 2.]], [3.])))
