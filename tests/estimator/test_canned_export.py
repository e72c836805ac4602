"""export_saved_model of the canned estimators: the signatures the heads give (classification,
regression, predict, serving_default) and their outputs, read back with the SavedModel loader.
Expected values recorded from the reference (tensorflow_estimator 2.15 v1 API on TF 2.21
compat.v1): its own export of the same models gives the same outputs, and TF 2.21's loader
runs tfcompat's export the same."""
import numpy as np

from canned_data import BINARY
from canned_data import REAL
from canned_data import columns
from canned_data import input_fns

_VOCABULARY_LABELS = np.array([[b"c"], [b"a"], [b"b"], [b"a"], [b"c"], [b"b"]])


def _export_and_serve(tf, make, labels, tmp_path):
    """Trains 2 steps, exports with a tf.Example parsing receiver, then runs every signature
    on one example x = [1, 2]: {key: (method_name, input keys, outputs)}."""
    estimator = make(str(tmp_path / "model"), tf.estimator.RunConfig(tf_random_seed=7))
    train_input_fn, _ = input_fns(tf, labels)
    estimator.train(train_input_fn, steps=2)
    spec = tf.feature_column.make_parse_example_spec(columns(tf))
    receiver_fn = tf.estimator.export.build_parsing_serving_input_receiver_fn(spec)
    path = estimator.export_saved_model(str(tmp_path / "export"), receiver_fn)
    example = tf.train.Example(features=tf.train.Features(feature={
        "x": tf.train.Feature(float_list=tf.train.FloatList(value=[1., 2.]))}))
    served = {}
    with tf.Session(graph=tf.Graph()) as sess:
        meta_graph = tf.saved_model.loader.load(sess, ["serve"], path)
        for key, signature in meta_graph.signature_def.items():
            (input_info,) = signature.inputs.values()
            outputs = sess.run({k: v.name for k, v in signature.outputs.items()},
                               {input_info.name: [example.SerializeToString()]})
            served[key] = (signature.method_name, sorted(signature.inputs), outputs)
    return served


def _assert_outputs(got, expected):
    assert sorted(got) == sorted(expected)
    for key, value in expected.items():
        if isinstance(value[0][0], bytes):
            assert np.asarray(got[key]).tolist() == value, key
        else:
            np.testing.assert_allclose(got[key], value, rtol=1e-5, atol=1e-6, err_msg=key)


def test_binary_classifier_signatures(tf, tmp_path):
    served = _export_and_serve(
        tf, lambda d, c: tf.estimator.DNNClassifier([3], columns(tf), model_dir=d, config=c),
        BINARY, tmp_path)
    assert sorted(served) == ["classification", "predict", "regression", "serving_default"]
    scores = [[0.5044766, 0.4955233]]
    for key in ("classification", "serving_default"):
        method, inputs, outputs = served[key]
        assert (method, inputs) == ("tensorflow/serving/classify", ["inputs"])
        _assert_outputs(outputs, {"classes": [[b"0", b"1"]], "scores": scores})
    method, inputs, outputs = served["regression"]
    assert (method, inputs) == ("tensorflow/serving/regress", ["inputs"])
    _assert_outputs(outputs, {"outputs": [[0.4955234]]})
    method, inputs, outputs = served["predict"]
    assert (method, inputs) == ("tensorflow/serving/predict", ["examples"])
    _assert_outputs(outputs, {
        "all_class_ids": [[0, 1]], "all_classes": [[b"0", b"1"]], "class_ids": [[0]],
        "classes": [[b"0"]], "logistic": [[0.4955234]], "logits": [[-0.01790701]],
        "probabilities": scores})


def test_multi_class_vocabulary_signatures(tf, tmp_path):
    served = _export_and_serve(
        tf, lambda d, c: tf.estimator.LinearClassifier(
            columns(tf), n_classes=3, label_vocabulary=["a", "b", "c"], model_dir=d, config=c),
        _VOCABULARY_LABELS, tmp_path)
    # no regression signature for more than two classes
    assert sorted(served) == ["classification", "predict", "serving_default"]
    scores = [[0.1820826, 0.2545891, 0.5633283]]
    _assert_outputs(served["serving_default"][2], {"classes": [[b"a", b"b", b"c"]],
                                                   "scores": scores})
    _assert_outputs(served["predict"][2], {
        "all_class_ids": [[0, 1, 2]], "all_classes": [[b"a", b"b", b"c"]], "class_ids": [[2]],
        "classes": [[b"c"]], "logits": [[-0.5550777, -0.2198874, 0.5743244]],
        "probabilities": scores})


def test_regressor_signatures(tf, tmp_path):
    served = _export_and_serve(
        tf, lambda d, c: tf.estimator.DNNRegressor([3], columns(tf), model_dir=d, config=c),
        REAL, tmp_path)
    assert sorted(served) == ["predict", "regression", "serving_default"]
    for key in ("regression", "serving_default"):
        assert served[key][:2] == ("tensorflow/serving/regress", ["inputs"])
        _assert_outputs(served[key][2], {"outputs": [[0.004292084]]})
    _assert_outputs(served["predict"][2], {"predictions": [[0.004292084]]})
