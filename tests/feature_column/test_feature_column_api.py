"""tfcompat's tf.feature_column namespace: loaded on first use, TF 2.21's 19 compat.v1 names,
and the sequence_* columns refused with their reason."""
import subprocess
import sys

import pytest

pytestmark = pytest.mark.tfcompat_only

# dir(tf.compat.v1.feature_column) in TF 2.21, public names
_TF_NAMES = [
    "bucketized_column", "categorical_column_with_hash_bucket",
    "categorical_column_with_identity", "categorical_column_with_vocabulary_file",
    "categorical_column_with_vocabulary_list", "crossed_column", "embedding_column",
    "indicator_column", "input_layer", "linear_model", "make_parse_example_spec",
    "numeric_column", "sequence_categorical_column_with_hash_bucket",
    "sequence_categorical_column_with_identity",
    "sequence_categorical_column_with_vocabulary_file",
    "sequence_categorical_column_with_vocabulary_list", "sequence_numeric_column",
    "shared_embedding_columns", "weighted_categorical_column"]


def test_namespace_loads_on_first_use():
    probe = ("import sys, tfcompat as tf; before = 'tfcompat.feature_column' in sys.modules; "
             "tf.feature_column.numeric_column('x'); print(before)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_every_tf_name_resolves_or_explains_itself():
    import tfcompat as tf
    from tfcompat._unsupported import UnsupportedAttributeError

    for name in _TF_NAMES:
        if name.startswith("sequence_"):
            with pytest.raises(UnsupportedAttributeError, match="SequenceFeatures"):
                getattr(tf.feature_column, name)
        else:
            assert callable(getattr(tf.feature_column, name))
    with pytest.raises(AttributeError, match="tf.feature_column.no_such_column"):
        tf.feature_column.no_such_column  # noqa: B018


def test_columns_are_hashable_values_sorted_by_name():
    import tfcompat as tf

    fc = tf.feature_column
    a = fc.numeric_column("a")
    assert a == fc.numeric_column("a") and hash(a) == hash(fc.numeric_column("a"))
    cross = fc.crossed_column(["z", fc.categorical_column_with_identity("b", 2)], 4)
    assert cross.name == "b_X_z"
    emb = fc.embedding_column(fc.categorical_column_with_identity("b", 2), 3)
    assert (emb.name, emb._variable_shape.as_list()) == ("b_embedding", [3])
