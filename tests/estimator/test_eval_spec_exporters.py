"""EvalSpec's exporter checks (TF's training._validate_exporters): what is wrong and the full
list of exporter names. Expected messages: tensorflow_estimator (TF 1.x lineage)."""
import pytest


def _exporter(tf, name):
    return tf.estimator.LatestExporter(name, lambda: None)


def test_duplicate_exporter_names_list_all_names(tf):
    with pytest.raises(ValueError) as e:
        tf.estimator.EvalSpec(lambda: None, exporters=[_exporter(tf, 'a'), _exporter(tf, 'b'),
                                                      _exporter(tf, 'a')])
    assert str(e.value) == ("`exporters` must have unique names. Such a name cannot be `None`. "
                            "All exporter names: ['a', 'b', 'a']")


def test_non_exporter_is_reported_as_given(tf):
    with pytest.raises(TypeError) as e:
        tf.estimator.EvalSpec(lambda: None, exporters=[3])
    assert str(e.value) == ("`exporters` must be an Exporter, an iterable of Exporter, or "
                            "`None`, found [3].")
    with pytest.raises(TypeError, match="found 7."):
        tf.estimator.EvalSpec(lambda: None, exporters=7)


def test_single_exporter_and_empty_list(tf):
    spec = tf.estimator.EvalSpec(lambda: None, exporters=_exporter(tf, 'x'))
    assert [e.name for e in spec.exporters] == ['x']
    assert tf.estimator.EvalSpec(lambda: None, exporters=[]).exporters == ()
