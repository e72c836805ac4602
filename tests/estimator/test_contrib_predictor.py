"""tf.contrib.predictor (TF 1.15): Predictors over a SavedModel written by TensorFlow
(tests/fixtures/saved_model_tf, from tests/saved_model/make_saved_model_fixture.py: y = x @ w + b,
"serving_default" maps "x" to "y"; TF printed [[10.25, 17.5]] for x = [[1, 2, 3]]) and over an
Estimator's checkpoint. TF 2.21 has no tf.contrib, so this is tfcompat-only; the messages are
those of TF 1.15's contrib/predictor sources."""
import os

import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only
# tfcompat-only: skipped as a module where tfcompat is not installed (the TF reference's venv)
tf = pytest.importorskip("tfcompat")

_EXPORT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                           "saved_model_tf")


def test_from_saved_model_default_signature():
    predict = tf.contrib.predictor.from_saved_model(_EXPORT_DIR)
    out = predict({"x": np.array([[1., 2., 3.]], np.float32)})
    assert sorted(out) == ["y"]
    np.testing.assert_allclose(out["y"], [[10.25, 17.5]])
    assert predict.feed_tensors["x"].name == "x:0"
    assert predict.fetch_tensors["y"].name == "y:0"
    assert predict.session.graph is predict.graph
    assert repr(predict) == (
        "SavedModelPredictor with feed tensors {'x': <tf.Tensor 'x:0' shape=(?, 3) "
        "dtype=float32>} and fetch_tensors {'y': <tf.Tensor 'y:0' shape=(?, 2) "
        "dtype=float32>}")


def test_call_checks_the_keys():
    predict = tf.contrib.predictor.from_saved_model(_EXPORT_DIR,
                                                    signature_def_key="serving_default")
    with pytest.raises(ValueError, match=r"Got unexpected keys in input_dict: \{'z'\}"):
        predict({"x": [[1., 2., 3.]], "z": 1})


def test_input_and_output_names():
    predict = tf.contrib.predictor.from_saved_model(
        _EXPORT_DIR, input_names={"in": "x:0"}, output_names={"out": "y:0"})
    np.testing.assert_allclose(predict({"in": [[1., 0., 0.]]})["out"], [[2.25, -2.5]])


def test_signature_def_and_graph_arguments():
    graph = tf.Graph()
    signature = tf.contrib.predictor.get_meta_graph_def(
        _EXPORT_DIR, "serve").signature_def["serving_default"]
    predict = tf.contrib.predictor.from_saved_model(_EXPORT_DIR, signature_def=signature,
                                                    graph=graph)
    assert predict.graph is graph
    np.testing.assert_allclose(predict({"x": [[0., 0., 1.]]})["y"], [[0.25, 5.5]])


def test_argument_errors():
    P = tf.contrib.predictor
    with pytest.raises(ValueError, match="input_names and output_names must both be "
                                         "specified or both be unspecified."):
        P.from_saved_model(_EXPORT_DIR, input_names={"x": "x:0"})
    with pytest.raises(ValueError, match=r"You must specify at most one of signature_def_key "
                                         r"OR signature_def OR\(input_names AND output_names\)."):
        P.from_saved_model(_EXPORT_DIR, signature_def_key="a", input_names={}, output_names={})
    with pytest.raises(RuntimeError, match="MetaGraphDef associated with tags 'foo' could not "
                                           "be found in SavedModel"):
        P.from_saved_model(_EXPORT_DIR, tags="foo")


def test_unknown_signature_key():
    # TF 1.15 indexes the protobuf map here, which adds an empty signature instead of raising
    # (known_differences.txt); tfcompat raises the error TF's code means to raise
    with pytest.raises(ValueError, match=r'Got signature_def_key "nope". Available signatures '
                                         r"are \['serving_default'\]"):
        tf.contrib.predictor.from_saved_model(_EXPORT_DIR, signature_def_key="nope")


def _model_fn(features, labels, mode):
    w = tf.get_variable("w", initializer=[[1.], [2.]])
    y = tf.matmul(features["x"], w)
    train_op = None
    if mode == tf.estimator.ModeKeys.TRAIN:
        train_op = tf.group(tf.assign_add(w, [[0.5], [0.5]]),
                            tf.assign_add(tf.train.get_global_step(), 1))
    return tf.estimator.EstimatorSpec(
        mode, predictions={"y": y}, loss=tf.reduce_sum(y), train_op=train_op,
        export_outputs={"serving_default": tf.estimator.export.PredictOutput({"y": y}),
                        "doubled": tf.estimator.export.PredictOutput({"y2": 2. * y})})


def _receiver():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    return tf.estimator.export.ServingInputReceiver({"x": x}, {"inputs": x})


def test_from_estimator(tmp_path):
    est = tf.estimator.Estimator(_model_fn, model_dir=str(tmp_path))
    est.train(lambda: ({"x": tf.constant([[1., 1.]])}, None), steps=1)
    predict = tf.contrib.predictor.from_estimator(est, _receiver)
    assert sorted(predict.feed_tensors) == ["inputs"]
    np.testing.assert_allclose(predict({"inputs": [[1., 1.], [2., 0.]]})["y"], [[4.], [3.]])
    doubled = tf.contrib.predictor.from_estimator(est, _receiver, output_key="doubled")
    np.testing.assert_allclose(doubled({"inputs": [[1., 1.]]})["y2"], [[8.]])
    with pytest.raises(KeyError, match=r"output_key must be one of dict_keys\("):
        tf.contrib.predictor.from_estimator(est, _receiver, output_key="nope")


def test_from_contrib_estimator_refuses_a_core_estimator(tmp_path):
    est = tf.estimator.Estimator(_model_fn, model_dir=str(tmp_path))
    with pytest.raises(TypeError, match="You likely want to call from_estimator."):
        tf.contrib.predictor.from_contrib_estimator(est, None)
    with pytest.raises(NotImplementedError, match="tf.contrib.predictor.from_contrib_estimator"):
        tf.contrib.predictor.from_contrib_estimator(object(), None)
