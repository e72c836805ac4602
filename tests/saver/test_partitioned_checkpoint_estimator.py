"""Canned estimators whose input layer (and so their embedding and first hidden layer) is
partitioned: they save partitioned checkpoints, evaluate from them, warm start from them with
another partitioning. Values recorded from TF 2.21 compat.v1 with tensorflow_estimator 2.15
(tests/estimator/tf_estimator_shim.py), the same program run under both.
"""
import numpy as np

import tfcompat as tf

RNG = np.random.RandomState(0)
X = {"x": RNG.rand(64, 3).astype(np.float32),
     "c": RNG.randint(0, 20, size=(64, 1)).astype(np.int64)}
Y = (X["x"].sum(1) > 1.5).astype(np.int64)
EMBEDDING = "dnn/input_from_feature_columns/input_layer/c_embedding/embedding_weights"


def _columns():
    fc = tf.feature_column
    x = fc.numeric_column("x", shape=[3])
    c = fc.categorical_column_with_identity("c", 20)
    return x, c, fc.embedding_column(c, 4)


def _train_input():
    return tf.estimator.inputs.numpy_input_fn(X, Y, batch_size=16, num_epochs=None,
                                              shuffle=False)()


def _eval_input():
    return tf.estimator.inputs.numpy_input_fn(X, Y, batch_size=64, num_epochs=1, shuffle=False)


def test_wide_and_deep_with_a_partitioned_input_layer(tmp_path):
    x, c, emb = _columns()
    config = tf.estimator.RunConfig(tf_random_seed=3, keep_checkpoint_max=2)
    est = tf.estimator.DNNLinearCombinedClassifier(
        model_dir=str(tmp_path / "wd"), linear_feature_columns=[c, x],
        dnn_feature_columns=[emb, x], dnn_hidden_units=[5],
        input_layer_partitioner=tf.fixed_size_partitioner(2), config=config)
    est.train(_train_input, steps=5)
    metrics = est.evaluate(_eval_input(), steps=1)
    assert metrics["global_step"] == 5
    # recorded from TF (see the module docstring)
    assert round(float(metrics["accuracy"]), 4) == 0.5156
    assert round(float(metrics["average_loss"]), 3) == 0.708
    reader = tf.train.NewCheckpointReader(tf.train.latest_checkpoint(str(tmp_path / "wd")))
    assert reader.get_variable_to_shape_map()[EMBEDDING] == [20, 4]
    assert reader.get_tensor(EMBEDDING).shape == (20, 4)


def test_dnn_warm_starts_from_another_partitioning(tmp_path):
    x, _, emb = _columns()
    config = tf.estimator.RunConfig(tf_random_seed=3, keep_checkpoint_max=2)
    dnn = tf.estimator.DNNClassifier(
        hidden_units=[8, 4], feature_columns=[emb, x], model_dir=str(tmp_path / "dnn"),
        input_layer_partitioner=tf.min_max_variable_partitioner(max_partitions=3,
                                                                min_slice_size=16),
        config=config)
    dnn.train(_train_input, steps=4)
    # recorded from TF: the Adagrad slots of the 3 shards are named t_0, t_1, t_2 (TF's quirk)
    names = [name for name, _ in tf.train.list_variables(str(tmp_path / "dnn"))]
    assert [n for n in names if n.startswith(EMBEDDING)] == [
        EMBEDDING, EMBEDDING + "/t_0/Adagrad", EMBEDDING + "/t_1/Adagrad",
        EMBEDDING + "/t_2/Adagrad"]
    metrics = dnn.evaluate(_eval_input(), steps=1)
    assert round(float(metrics["accuracy"]), 4) == 0.7031
    warm = tf.estimator.DNNClassifier(
        hidden_units=[8, 4], feature_columns=[emb, x], model_dir=str(tmp_path / "warm"),
        input_layer_partitioner=tf.fixed_size_partitioner(3), config=config,
        warm_start_from=tf.estimator.WarmStartSettings(
            str(tmp_path / "dnn"), vars_to_warm_start=".*input_layer.*|.*hiddenlayer.*"))
    warm.train(_train_input, steps=1)
    # the checkpoint saved before the first step holds the warm-started (resliced) values
    before = tf.train.load_variable(str(tmp_path / "dnn"), EMBEDDING)
    started = tf.train.load_variable(str(tmp_path / "warm" / "model.ckpt-0"), EMBEDDING)
    np.testing.assert_array_equal(started, before)
