"""TF 1.15 `tf.keras.Model` members: `run_eagerly` (graph mode) and
`to_yaml`. Expected values printed by TF (tensorflow.compat.v1, legacy Keras)."""
import importlib.util
import os

import pytest

RUN_EAGERLY_TRUE = "You can only set `run_eagerly=True` if eager execution is enabled."


def _model(tf):
    return tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(2,))])


def test_run_eagerly_in_graph_mode(tf):
    with tf.Graph().as_default():
        model = _model(tf)
        assert model.run_eagerly is False
        model.compile("sgd", "mse")
        assert model.run_eagerly is False
        model.run_eagerly = True
        with pytest.raises(ValueError) as err:
            model.run_eagerly
        assert str(err.value) == RUN_EAGERLY_TRUE
        model.run_eagerly = 0
        assert model.run_eagerly == 0
        model.compile("sgd", "mse")  # compile resets it
        assert model.run_eagerly is False
        model.compile("sgd", "mse", run_eagerly=False)
        assert model.run_eagerly is False


def test_compile_with_run_eagerly_true_raises(tf):
    with tf.Graph().as_default():
        model = _model(tf)
        with pytest.raises(ValueError) as err:
            model.compile("sgd", "mse", run_eagerly=True)
        assert str(err.value) == RUN_EAGERLY_TRUE


@pytest.mark.tfcompat_only  # TF 2.21 removed to_yaml; TF 1.15 raised this without pyyaml
def test_to_yaml_needs_pyyaml(tf):
    if os.environ.get("TFCOMPAT_TEST_AGAINST_TF"):
        pytest.skip("tfcompat only")
    if importlib.util.find_spec("yaml") is not None:
        pytest.skip("pyyaml is installed")
    with tf.Graph().as_default():
        with pytest.raises(ImportError) as err:
            _model(tf).to_yaml()
        assert str(err.value) == "Requires yaml module installed (`pip install pyyaml`)."
