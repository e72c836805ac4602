"""tf.estimator.Estimator with a custom model_fn: train / evaluate / predict, model_dir files,
checkpoint variables, steps vs max_steps, the INFO log lines. Expected values were recorded
from TF 1.15's Estimator (tensorflow_estimator 2.15 v1 API on TF 2.21 compat.v1) with
tf_random_seed=42; the same tests run there with TFCOMPAT_TEST_AGAINST_TF=1."""
import os

import numpy as np

from estimator_models import LogLines, X, eval_input_fn, make_estimator, predict_input_fn
from estimator_models import train_input_fn

AGAINST_TF = os.environ.get("TFCOMPAT_TEST_AGAINST_TF") == "1"
CKPT_FILES = ["checkpoint", "graph.pbtxt", "model.ckpt-0.data-00000-of-00001",
              "model.ckpt-0.index", "model.ckpt-0.meta", "model.ckpt-10.data-00000-of-00001",
              "model.ckpt-10.index", "model.ckpt-10.meta"]


def test_train_evaluate_predict(tf, tmp_path):
    est = make_estimator(tf, tmp_path, save_summary_steps=3, log_step_count_steps=4)
    with LogLines() as log:
        assert est.train(train_input_fn(tf), steps=10) is est
    files = sorted(os.listdir(str(tmp_path)))
    assert [f for f in files if not f.startswith("events.out.tfevents.")] == CKPT_FILES
    assert len([f for f in files if f.startswith("events.out.tfevents.")]) == 1
    losses = log.matching("loss = ")   # "loss = 0.75431764, step = 1 (0.049 sec)"
    steps = [line.split(", step = ")[1].split(" ")[0] for line in losses]
    assert steps == ["1", "5", "9"] or AGAINST_TF   # TF's step read races its train op
    np.testing.assert_allclose([float(line[7:].split(",")[0]) for line in losses],
                               [0.75431764, 0.5926323, 0.5224334], atol=1e-5)
    assert losses[0].endswith("step = 1") and losses[1].endswith(" sec)")
    assert len(log.matching("global_step/sec: ")) == 2
    final = log.matching("Loss for final step: ")
    assert len(final) == 1 and abs(float(final[0][21:-1]) - 0.56758606) < 1e-5
    assert log.matching("Saving checkpoints for 10 into ")

    with LogLines() as log:
        result = est.evaluate(eval_input_fn(tf))
    assert sorted(result) == ["acc", "global_step", "loss"]
    assert result["global_step"] == 10
    np.testing.assert_allclose(result["acc"], 0.85, atol=1e-6)
    np.testing.assert_allclose(result["loss"], 0.6230106, atol=1e-5)
    assert log.matching("Saving dict for global step 10: acc = 0.85, global_step = 10, loss = ")
    assert log.matching("Saving 'checkpoint_path' summary for global step 10: ")
    assert len(os.listdir(os.path.join(str(tmp_path), "eval"))) == 1

    predictions = list(est.predict(predict_input_fn(tf)))
    assert [sorted(p) for p in predictions] == [["class", "probabilities"]] * 3
    assert [int(p["class"]) for p in predictions] == [2, 2, 1]
    np.testing.assert_allclose(np.stack([p["probabilities"] for p in predictions]), [
        [0.01094495, 0.36840996, 0.6206451], [0.01163793, 0.03483832, 0.95352364],
        [0.00778281, 0.8029013, 0.18931587]], atol=1e-5)
    batches = list(est.predict(predict_input_fn(tf), predict_keys=["class"],
                               yield_single_examples=False))
    assert [sorted(b) for b in batches] == [["class"], ["class"]]
    assert [list(b["class"]) for b in batches] == [[2, 2], [1]]

    assert est.get_variable_names() == [
        "dense/bias", "dense/bias/Adagrad", "dense/kernel", "dense/kernel/Adagrad",
        "dense_1/bias", "dense_1/bias/Adagrad", "dense_1/kernel", "dense_1/kernel/Adagrad",
        "global_step"]
    assert est.get_variable_value("global_step") == 10
    assert est.get_variable_value("dense/kernel").shape == (2, 4)
    assert est.latest_checkpoint() == os.path.join(str(tmp_path), "model.ckpt-10")


def test_steps_and_max_steps(tf, tmp_path):
    est = make_estimator(tf, tmp_path, log_step_count_steps=100)
    est.train(train_input_fn(tf), max_steps=4)
    assert est.get_variable_value("global_step") == 4
    with LogLines() as log:
        est.train(train_input_fn(tf), max_steps=3)
    assert log.matching("Skipping training since max_steps has already saved.")
    est.train(train_input_fn(tf), steps=3)
    assert est.get_variable_value("global_step") == 7
    est.train(train_input_fn(tf), max_steps=9)
    assert est.get_variable_value("global_step") == 9
    # evaluation of a given number of batches, under its own name
    result = est.evaluate(eval_input_fn(tf), steps=2, name="two")
    assert result["global_step"] == 9
    assert os.path.isdir(os.path.join(str(tmp_path), "eval_two"))
    assert est.eval_dir("two") == os.path.join(str(tmp_path), "eval_two")


def test_input_fn_returning_tensors_and_model_fn_arguments(tf, tmp_path):
    seen = {}

    def model_fn(features, labels, mode, config, params):
        seen["mode"], seen["config"], seen["params"] = mode, config, params
        w = tf.get_variable("w", [2, 1], initializer=tf.zeros_initializer())
        pred = tf.matmul(features, w)
        if labels is None:
            return tf.estimator.EstimatorSpec(mode, predictions=pred)
        loss = tf.reduce_mean(tf.square(pred - labels))
        step = tf.train.get_global_step()
        return tf.estimator.EstimatorSpec(
            mode, loss=loss, predictions=pred,
            train_op=tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step))

    def input_fn(params, mode):
        seen["input_mode"], seen["input_params"] = mode, params
        return tf.constant(X[:4]), tf.constant(X[:4, :1] * 2.0)

    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), params={"p": 1})
    est.train(input_fn, steps=2)
    assert seen["mode"] == "train" and seen["input_mode"] == "train"
    assert seen["params"] == {"p": 1} and seen["input_params"] == {"p": 1}
    assert seen["config"].model_dir == str(tmp_path)
    assert est.params == {"p": 1} and est.model_dir == str(tmp_path)
    w = est.get_variable_value("w")
    assert w.shape == (2, 1) and w.dtype == np.float32
    result = est.evaluate(input_fn, steps=1)
    assert seen["mode"] == "eval" and sorted(result) == ["global_step", "loss"]
    # predictions that are one tensor yield its rows (here forever: no Dataset ends it)
    it = est.predict(lambda: tf.constant(X[:3]))
    with LogLines() as log:
        rows = [next(it) for _ in range(4)]
    assert "Input graph does not use tf.data.Dataset or contain a QueueRunner. That means " \
        "predict yields forever. This is probably a mistake." in log.lines
    assert seen["mode"] == "infer" and all(r.shape == (1,) for r in rows)


def test_model_dir_defaults_to_a_temporary_directory(tf):
    est = tf.estimator.Estimator(lambda features, labels, mode: None)
    assert os.path.isdir(est.model_dir)
    assert est.config.model_dir == est.model_dir
    # TF's default (estimator 2.15 printed it so; TF 1.15's get_default_session_config)
    assert str(est.config.session_config) == (
        "allow_soft_placement: true\ngraph_options {\n  rewrite_options {\n"
        "    meta_optimizer_iterations: ONE\n  }\n}\n")
    config = tf.estimator.RunConfig(model_dir="/tmp/x")
    assert tf.estimator.Estimator(lambda features: None, config=config).model_dir == "/tmp/x"


def _events(tf, directory):
    """[(step, what)] of the one events file in `directory`: summary tags, or the event kind."""
    (name,) = [f for f in os.listdir(directory) if f.startswith("events.out.tfevents.")]
    found = []
    for event in tf.train.summary_iterator(os.path.join(directory, name)):
        kind = event.WhichOneof("what")
        if kind == "summary":
            found.append((event.step, sorted(v.tag for v in event.summary.value)))
        elif kind == "session_log":
            found.append((event.step, "session_log %d" % event.session_log.status))
        else:
            found.append((event.step, kind))
    return found


def test_summaries_in_model_dir_and_eval_dir(tf, tmp_path):
    est = make_estimator(tf, tmp_path, save_summary_steps=3, log_step_count_steps=4)
    est.train(train_input_fn(tf), steps=10)
    est.evaluate(eval_input_fn(tf))
    # START = 1, CHECKPOINT = 3: what TF 1.15 writes, in this order. The summary steps are
    # TF's in a typical run; TF's own vary by one from run to run (its hooks read the global
    # step while the train op increments it), tfcompat's do not.
    expected = [
        (0, "file_version"), (0, "graph_def"), (0, "meta_graph_def"), (0, "graph_def"),
        (0, "meta_graph_def"), (0, "session_log 3"), (1, "session_log 1"), (1, ["loss"]),
        (4, ["loss"]), (5, ["global_step/sec"]), (7, ["loss"]), (9, ["global_step/sec"]),
        (10, ["loss"]), (10, "session_log 3")]
    events = _events(tf, str(tmp_path))
    assert [what for _, what in events] == [what for _, what in expected]
    if not AGAINST_TF:
        assert events == expected
    assert _events(tf, os.path.join(str(tmp_path), "eval")) == [
        (0, "file_version"), (0, "graph_def"), (0, "meta_graph_def"), (10, ["acc", "loss"]),
        (10, ["checkpoint_path"])]


def test_checkpoint_frequency_and_retention(tf, tmp_path):
    est = make_estimator(tf, tmp_path, save_checkpoints_steps=2, keep_checkpoint_max=2,
                         log_step_count_steps=100)
    est.train(train_input_fn(tf), steps=7)
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert [os.path.basename(p) for p in state.all_model_checkpoint_paths] == [
        "model.ckpt-6", "model.ckpt-7"]
    assert sorted(f for f in os.listdir(str(tmp_path)) if f.endswith(".index")) == [
        "model.ckpt-6.index", "model.ckpt-7.index"]
    assert est.latest_checkpoint() == os.path.join(str(tmp_path), "model.ckpt-7")
