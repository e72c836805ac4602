"""tf.saved_model: simple_save / builder / loader round trips, a SavedModel written by real
TensorFlow (tests/fixtures/saved_model_tf, from make_saved_model_fixture.py), signature defs,
and exported programs (.pt2, TorchScript) reproducing `sess.run`."""
import os

import numpy as np
import pytest

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                       "saved_model_tf")


def _linear(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2), name="w")
    y = tf.identity(tf.matmul(x, w) + 1.0, name="y")
    return x, w, y


def test_simple_save_then_load_reproduces_outputs(tf, tmp_path):
    export_dir = str(tmp_path / "model")
    x, w, y = _linear(tf)
    ones = np.ones((2, 3), np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(w.assign(w * 2.0))
        expected = sess.run(y, {x: ones})
        tf.saved_model.simple_save(sess, export_dir, inputs={"x": x}, outputs={"y": y})
    assert sorted(os.listdir(export_dir)) == ["saved_model.pb", "variables"]
    assert sorted(os.listdir(os.path.join(export_dir, "variables"))) == [
        "variables.data-00000-of-00001", "variables.index"]
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING],
                                          export_dir)
        sig = meta.signature_def[tf.saved_model.signature_constants
                                 .DEFAULT_SERVING_SIGNATURE_DEF_KEY]
        assert sig.method_name == "tensorflow/serving/predict"
        assert sig.inputs["x"].name == "x:0" and sig.outputs["y"].name == "y:0"
        assert [d.size for d in sig.inputs["x"].tensor_shape.dim] == [-1, 3]
        out = sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: ones})
    np.testing.assert_allclose(out, expected)
    np.testing.assert_allclose(out, [[13.0, 19.0], [13.0, 19.0]])


def test_loads_a_saved_model_written_by_tensorflow(tf):
    with tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], FIXTURE)
        sig = meta.signature_def["serving_default"]
        out = sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: [[1.0, 2.0, 3.0]]})
        np.testing.assert_allclose(out, [[10.25, 17.5]])
        assert sess.run("local_counter:0") == 7.0            # the main op ran
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.saved_model.loader.load(sess, ["train"], FIXTURE)
        np.testing.assert_allclose(sess.run("y:0", {"x:0": [[1.0, 2.0, 3.0]]}), [[10.25, 17.5]])
    with tf.Graph().as_default(), tf.Session() as sess:
        with pytest.raises(RuntimeError, match="MetaGraphDef associated with tags 'gpu' could "
                                               "not be found in SavedModel"):
            tf.saved_model.loader.load(sess, ["gpu"], FIXTURE)
    assert tf.saved_model.loader.maybe_saved_model_directory(FIXTURE)


def test_builder_with_two_tag_sets_and_a_main_op(tf, tmp_path):
    export_dir = str(tmp_path / "built")
    x, w, y = _linear(tf)
    counter = tf.Variable(0.0, name="counter", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    with tf.control_dependencies([tf.variables_initializer([counter])]):
        main_op = tf.group(tf.assign(counter, 5.0), name="main")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
        with pytest.raises(AssertionError, match="has not been saved yet"):
            builder.add_meta_graph(["eval"])
        sig = tf.saved_model.signature_def_utils.predict_signature_def({"in": x}, {"out": y})
        builder.add_meta_graph_and_variables(sess, ["serve", "gpu"],
                                             signature_def_map={"predict": sig},
                                             main_op=main_op)
        with pytest.raises(AssertionError, match="has already been saved"):
            builder.add_meta_graph_and_variables(sess, ["x"])
        builder.add_meta_graph(["eval"])
        path = builder.save(as_text=True)
    assert path.endswith(b"saved_model.pbtxt")                  # bytes, as TF returns
    with pytest.raises(AssertionError, match="Export directory .* already exists, and isn't "
                                             "empty"):
        tf.saved_model.builder.SavedModelBuilder(export_dir)
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["gpu", "serve"], export_dir)
        assert list(meta.signature_def) == ["predict"]
        assert sess.run("counter:0") == 5.0
        np.testing.assert_allclose(sess.run("y:0", {"x:0": [[1.0, 0.0, 0.0]]}), [[1.0, 2.0]])


def test_signature_def_utils(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    s = tf.placeholder(tf.string, [None], name="examples")
    scores = tf.constant([[0.5]], name="scores")
    utils = tf.saved_model.signature_def_utils
    with pytest.raises(ValueError, match="Prediction `inputs` cannot be None or empty."):
        utils.predict_signature_def({}, {"y": x})
    classify = utils.classification_signature_def(s, None, scores)
    assert classify.method_name == "tensorflow/serving/classify"
    assert list(classify.outputs) == ["scores"] and utils.is_valid_signature(classify)
    regress = utils.regression_signature_def(s, scores)
    assert regress.method_name == "tensorflow/serving/regress"
    assert utils.is_valid_signature(regress)
    with pytest.raises(ValueError, match="Regression input tensors must be of type string"):
        utils.regression_signature_def(x, scores)
    info = tf.saved_model.utils.build_tensor_info(x)
    assert info.name == "x:0" and info.dtype == 1
    assert tf.saved_model.utils.get_tensor_from_tensor_info(info) is x
    predict = utils.predict_signature_def({"x": x}, {"s": scores})
    assert utils.is_valid_signature(predict)
    assert not utils.is_valid_signature(utils.build_signature_def({}, {}, "foo"))


@pytest.mark.tfcompat_only
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("suffix", [".pt2", ".pt"])
def test_exported_programs_reproduce_the_session(tmp_path, suffix):
    import torch

    import tfcompat as tf
    import tfcompat.export
    rng = np.random.RandomState(1)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        h = tf.layers.dense(x, 8, activation=tf.nn.relu)
        y = tf.nn.softmax(tf.layers.dense(h, 3))
        data = rng.rand(5, 4).astype(np.float32)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            expected = sess.run(y, {x: data})
            path = tfcompat.export.export_program(sess, [x], y, str(tmp_path / ("m" + suffix)))
    program = torch.export.load(path).module() if suffix == ".pt2" else torch.jit.load(path)
    with torch.no_grad():
        np.testing.assert_allclose(program(torch.from_numpy(data)).numpy(), expected,
                                   rtol=1e-6, atol=1e-7)
        if suffix == ".pt2":          # the placeholder's unknown batch stays dynamic
            assert tuple(program(torch.zeros(9, 4)).shape) == (9, 3)
