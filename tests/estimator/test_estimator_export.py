"""Estimator.export_saved_model / export_savedmodel and tf.estimator.export: the SavedModel
directory layout, its serving signature, and loading it back with tf.saved_model.loader
(behaviour recorded from TF 1.15's Estimator, tensorflow_estimator 2.15 v1 API on TF 2.21
compat.v1; the tests also run there with TFCOMPAT_TEST_AGAINST_TF=1)."""
import os

import numpy as np
import pytest

from estimator_models import LogLines, X, make_estimator, train_input_fn


def _trained(tf, tmp_path):
    est = make_estimator(tf, tmp_path / "model", log_step_count_steps=100)
    est.train(train_input_fn(tf), steps=3)
    return est


def test_export_saved_model_raw_receiver(tf, tmp_path):
    est = _trained(tf, tmp_path)
    receiver_fn = tf.estimator.export.build_raw_serving_input_receiver_fn(
        {"x": tf.placeholder(tf.float32, [None, 2], name="x")})
    base = str(tmp_path / "export")
    with LogLines() as log:
        path = est.export_saved_model(base, receiver_fn)
    assert isinstance(path, bytes)
    path = path.decode()
    assert os.path.dirname(path) == base and os.path.basename(path).isdigit()
    assert sorted(os.listdir(base)) == [os.path.basename(path)]
    assert sorted(os.listdir(path)) == ["saved_model.pb", "variables"]
    assert sorted(os.listdir(os.path.join(path, "variables"))) == [
        "variables.data-00000-of-00001", "variables.index"]
    assert "Signatures INCLUDED in export for Predict: ['serving_default']" in log.lines
    assert "Signatures INCLUDED in export for Classify: None" in log.lines
    assert log.matching("SavedModel written to: ")

    expected = list(est.predict(lambda: tf.data.Dataset.from_tensor_slices(
        {"x": X[:3]}).batch(3), yield_single_examples=False))[0]
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], path)
        signature = meta.signature_def["serving_default"]
        assert sorted(meta.signature_def) == ["serving_default"]
        assert signature.method_name == "tensorflow/serving/predict"
        assert sorted(signature.inputs) == ["x"]
        assert sorted(signature.outputs) == ["class", "probabilities"]
        assert signature.inputs["x"].name == "x:0"
        fetches = {k: v.name for k, v in signature.outputs.items()}
        got = sess.run(fetches, {signature.inputs["x"].name: X[:3]})
    np.testing.assert_allclose(got["probabilities"], expected["probabilities"], atol=1e-6)
    np.testing.assert_array_equal(got["class"], expected["class"])
    # the deprecated name writes the same layout into another timestamped directory
    old = est.export_savedmodel(str(tmp_path / "old"), receiver_fn).decode()
    assert sorted(os.listdir(old)) == ["saved_model.pb", "variables"]


def test_parsing_receiver_and_export_outputs(tf, tmp_path):
    est_dir = tmp_path / "model"

    def model_fn(features, labels, mode):
        logits = tf.layers.dense(features["x"], 3)
        scores = tf.nn.softmax(logits)
        classes = tf.as_string(tf.argmax(logits, 1))
        if mode == tf.estimator.ModeKeys.PREDICT:
            return tf.estimator.EstimatorSpec(mode, predictions={"scores": scores}, export_outputs={
                "serving_default": tf.estimator.export.ClassificationOutput(scores=scores),
                "regress": tf.estimator.export.RegressionOutput(value=scores[:, 0]),
                "pred": tf.estimator.export.PredictOutput({"classes": classes})})
        loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=tf.assign_add(
            tf.train.get_global_step(), 1))

    est = tf.estimator.Estimator(model_fn, model_dir=str(est_dir))
    est.train(train_input_fn(tf), steps=1)
    spec = {"x": tf.FixedLenFeature([2], tf.float32)}
    receiver_fn = tf.estimator.export.build_parsing_serving_input_receiver_fn(spec)
    with LogLines() as log:
        path = est.export_saved_model(str(tmp_path / "export"), receiver_fn).decode()
    assert "Signatures INCLUDED in export for Classify: ['serving_default']" in log.lines
    assert "Signatures INCLUDED in export for Regress: ['regress']" in log.lines
    assert "Signatures INCLUDED in export for Predict: ['pred']" in log.lines
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], path)
        assert sorted(meta.signature_def) == ["pred", "regress", "serving_default"]
        classify = meta.signature_def["serving_default"]
        assert classify.method_name == "tensorflow/serving/classify"
        assert sorted(classify.inputs) == ["inputs"] and sorted(classify.outputs) == ["scores"]
        assert classify.inputs["inputs"].name == "input_example_tensor:0"
        assert sorted(meta.signature_def["pred"].inputs) == ["examples"]
        example = tf.train.Example(features=tf.train.Features(feature={"x": tf.train.Feature(
            float_list=tf.train.FloatList(value=[1.0, 2.0]))}))
        scores = sess.run(classify.outputs["scores"].name,
                          {"input_example_tensor:0": [example.SerializeToString()]})
    assert scores.shape == (1, 3)
    np.testing.assert_allclose(scores.sum(), 1.0, atol=1e-6)


def test_receivers_and_export_errors(tf, tmp_path):
    export = tf.estimator.export
    x = tf.placeholder(tf.float32, [None, 2])
    receiver = export.ServingInputReceiver(x, x)
    assert sorted(receiver.features) == ["feature"] and sorted(receiver.receiver_tensors) == [
        "input"]
    assert receiver.receiver_tensors_alternatives is None
    tensor_receiver = export.TensorServingInputReceiver(x, {"x": x})
    assert tensor_receiver.features is x
    with pytest.raises(ValueError, match="feature a must be a Tensor"):
        export.ServingInputReceiver({"a": 1}, x)
    with pytest.raises(ValueError, match="Classification classes must be a string Tensor"):
        export.ClassificationOutput(classes=x)
    # TF 1.15: "At least one of scores and classes must be set." (2.15 rewords it)
    with pytest.raises(ValueError, match="At least one of "):
        export.ClassificationOutput()
    with pytest.raises(ValueError, match="Regression output value must be a float32 Tensor"):
        export.RegressionOutput(value=tf.constant([1]))
    assert sorted(export.PredictOutput(x).outputs) == ["output"]
    est = make_estimator(tf, tmp_path)
    with pytest.raises(ValueError, match="Couldn't find trained model at "):
        est.export_saved_model(str(tmp_path / "e"), export.build_raw_serving_input_receiver_fn(
            {"x": x}))


def test_export_all_saved_models_train_eval_predict(tf, tmp_path):
    est = _trained(tf, tmp_path)
    features = {"x": tf.placeholder(tf.float32, [None, 2], name="x")}
    labels = tf.placeholder(tf.int32, [None], name="y")
    supervised = tf.estimator.experimental.build_raw_supervised_input_receiver_fn(features,
                                                                                   labels)
    with pytest.raises(ValueError, match="Features and labels must have distinct keys."):
        tf.estimator.experimental.build_raw_supervised_input_receiver_fn(features,
                                                                         {"x": labels})
    path = est.experimental_export_all_saved_models(str(tmp_path / "all"), {
        "train": supervised, "eval": supervised,
        "infer": tf.estimator.export.build_raw_serving_input_receiver_fn(features)}).decode()
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["eval"], path)
        signature = meta.signature_def["eval"]
        assert sorted(meta.signature_def) == ["eval"]
        assert signature.method_name == "tensorflow/supervised/eval"
        assert sorted(signature.inputs) == ["label", "x"]
        assert sorted(signature.outputs) == ["loss", "metrics/acc/update_op",
                                             "metrics/acc/value"]
        feed = {"x:0": X[:4], "y:0": [0, 1, 2, 1]}
        sess.run(signature.outputs["metrics/acc/update_op"].name, feed)
        accuracy = sess.run(signature.outputs["metrics/acc/value"].name)
    assert 0.0 <= accuracy <= 1.0
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["train"], path)
        assert sorted(meta.signature_def) == ["train"]
        assert sorted(meta.signature_def["train"].outputs) == ["loss"]
        assert len(tf.get_collection("saved_model_train_op")) == 1


def test_receiver_alternatives_that_cannot_feed_the_outputs_are_left_out(tf, tmp_path):
    est = _trained(tf, tmp_path)

    def receiver_fn():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        unused = tf.placeholder(tf.float32, [None, 2], name="unused")
        return tf.estimator.export.ServingInputReceiver(
            {"x": x}, {"x": x},
            receiver_tensors_alternatives={"same": {"inputs": x}, "other": {"inputs": unused}})

    with LogLines() as log:
        path = est.export_saved_model(str(tmp_path / "export"), receiver_fn).decode()
    assert any("other:serving_default" in line for line in log.lines)
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], path)
        assert sorted(meta.signature_def) == ["same:serving_default", "serving_default"]
        assert meta.signature_def["same:serving_default"].inputs["inputs"].name == "x:0"
