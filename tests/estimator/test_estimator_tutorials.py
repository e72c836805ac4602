"""TF 1.x tutorial programs on tf.estimator: the "Creating custom estimators" iris model
(feature columns + tf.layers + tf.metrics + a summary) and a tf.layers CNN in the shape of the
MNIST tutorial (conv2d, max_pooling2d, dropout in TRAIN only) fed by numpy_input_fn. Expected
values were recorded from TF 1.15's Estimator (tensorflow_estimator 2.15 v1 API on TF 2.21
compat.v1) with fixed seeds; the tests also run there with TFCOMPAT_TEST_AGAINST_TF=1."""
import numpy as np

RNG = np.random.RandomState(1)
N = 120
FEATURES = {k: RNG.rand(N).astype(np.float32) * 5
            for k in ["SepalLength", "SepalWidth", "PetalLength", "PetalWidth"]}
LABELS = ((FEATURES["PetalLength"] > 2).astype(np.int64) + (FEATURES["PetalWidth"] > 3.5))


def _iris_model(tf):
    def my_model(features, labels, mode, params):
        net = tf.feature_column.input_layer(features, params["feature_columns"])
        for units in params["hidden_units"]:
            net = tf.layers.dense(net, units=units, activation=tf.nn.relu)
        logits = tf.layers.dense(net, params["n_classes"], activation=None)
        predicted_classes = tf.argmax(logits, 1)
        if mode == tf.estimator.ModeKeys.PREDICT:
            return tf.estimator.EstimatorSpec(mode, predictions={
                "class_ids": predicted_classes[:, tf.newaxis],
                "probabilities": tf.nn.softmax(logits), "logits": logits})
        loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
        accuracy = tf.metrics.accuracy(labels=labels, predictions=predicted_classes,
                                       name="acc_op")
        tf.summary.scalar("accuracy", accuracy[1])
        if mode == tf.estimator.ModeKeys.EVAL:
            return tf.estimator.EstimatorSpec(mode, loss=loss,
                                              eval_metric_ops={"accuracy": accuracy})
        optimizer = tf.train.AdagradOptimizer(learning_rate=0.1)
        train_op = optimizer.minimize(loss, global_step=tf.train.get_global_step())
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)
    return my_model


def test_custom_estimator_tutorial_iris(tf, tmp_path):
    def train_input_fn():
        dataset = tf.data.Dataset.from_tensor_slices((dict(FEATURES), LABELS))
        return dataset.shuffle(1000, seed=3).repeat().batch(32)

    def eval_input_fn(features, labels):
        inputs = dict(features) if labels is None else (dict(features), labels)
        return tf.data.Dataset.from_tensor_slices(inputs).batch(32)

    columns = [tf.feature_column.numeric_column(key=k) for k in sorted(FEATURES)]
    classifier = tf.estimator.Estimator(
        model_fn=_iris_model(tf), model_dir=str(tmp_path),
        params={"feature_columns": columns, "hidden_units": [10, 10], "n_classes": 3},
        config=tf.estimator.RunConfig(tf_random_seed=1))
    classifier.train(input_fn=train_input_fn, steps=200)
    result = classifier.evaluate(input_fn=lambda: eval_input_fn(FEATURES, LABELS))
    assert result["global_step"] == 200
    np.testing.assert_allclose(result["accuracy"], 0.94166666, atol=1e-6)
    np.testing.assert_allclose(result["loss"], 0.21789627, atol=1e-4)
    predictions = list(classifier.predict(input_fn=lambda: eval_input_fn(
        {k: v[:3] for k, v in FEATURES.items()}, None)))
    assert [p["class_ids"].tolist() for p in predictions] == [[0], [1], [2]]
    np.testing.assert_allclose([p["probabilities"] for p in predictions], [
        [0.4669, 0.46445, 0.06866], [1.8e-04, 0.99943, 3.8e-04], [7.0e-04, 0.05543, 0.94386]],
        atol=2e-4)
    assert len(classifier.get_variable_names()) == 13


def _cnn_model_fn(tf):
    def cnn_model_fn(features, labels, mode):
        input_layer = tf.reshape(features["x"], [-1, 8, 8, 1])
        conv1 = tf.layers.conv2d(inputs=input_layer, filters=4, kernel_size=[3, 3],
                                 padding="same", activation=tf.nn.relu)
        pool1 = tf.layers.max_pooling2d(inputs=conv1, pool_size=[2, 2], strides=2)
        pool1_flat = tf.reshape(pool1, [-1, 4 * 4 * 4])
        dense = tf.layers.dense(inputs=pool1_flat, units=16, activation=tf.nn.relu)
        dropout = tf.layers.dropout(inputs=dense, rate=0.4,
                                    training=mode == tf.estimator.ModeKeys.TRAIN)
        logits = tf.layers.dense(inputs=dropout, units=3)
        predictions = {"classes": tf.argmax(input=logits, axis=1),
                       "probabilities": tf.nn.softmax(logits, name="softmax_tensor")}
        if mode == tf.estimator.ModeKeys.PREDICT:
            return tf.estimator.EstimatorSpec(mode=mode, predictions=predictions)
        loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
        if mode == tf.estimator.ModeKeys.TRAIN:
            optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.1)
            train_op = optimizer.minimize(loss=loss, global_step=tf.train.get_global_step())
            return tf.estimator.EstimatorSpec(mode=mode, loss=loss, train_op=train_op)
        eval_metric_ops = {"accuracy": tf.metrics.accuracy(
            labels=labels, predictions=predictions["classes"])}
        return tf.estimator.EstimatorSpec(mode=mode, loss=loss, eval_metric_ops=eval_metric_ops)
    return cnn_model_fn


def test_mnist_style_cnn_with_numpy_input_fn(tf, tmp_path):
    rng = np.random.RandomState(5)
    images = rng.rand(60, 64).astype(np.float32)
    labels = (images[:, :21].sum(1) > images[:, 21:42].sum(1)).astype(np.int32) + \
        (images[:, 42:].sum(1) > 11.5).astype(np.int32)
    classifier = tf.estimator.Estimator(model_fn=_cnn_model_fn(tf), model_dir=str(tmp_path),
                                        config=tf.estimator.RunConfig(tf_random_seed=2))
    tensors_to_log = {"probabilities": "softmax_tensor"}
    logging_hook = tf.train.LoggingTensorHook(tensors=tensors_to_log, every_n_iter=50)
    train_input_fn = tf.estimator.inputs.numpy_input_fn(
        x={"x": images}, y=labels, batch_size=20, num_epochs=None, shuffle=False)
    classifier.train(input_fn=train_input_fn, steps=30, hooks=[logging_hook])
    eval_input_fn = tf.estimator.inputs.numpy_input_fn(
        x={"x": images}, y=labels, num_epochs=1, shuffle=False)
    result = classifier.evaluate(input_fn=eval_input_fn)
    assert result["global_step"] == 30 and sorted(result) == ["accuracy", "global_step", "loss"]
    np.testing.assert_allclose(result["accuracy"], 0.56666666, atol=1e-6)
    np.testing.assert_allclose(result["loss"], 0.928692, atol=1e-4)
    assert sorted(classifier.get_variable_names()) == [
        "conv2d/bias", "conv2d/kernel", "dense/bias", "dense/kernel", "dense_1/bias",
        "dense_1/kernel", "global_step"]
