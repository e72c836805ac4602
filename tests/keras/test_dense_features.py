"""tf.keras.layers.DenseFeatures (TF 1.x, compat.v1): output values and order (columns sorted
by name), variable names and collections, reuse across calls, cols_to_output_tensors,
trainable=False, errors, and use in a functional model with dict inputs. Expected values were
recorded from TF 2.21 compat.v1 (graph mode, TF_USE_LEGACY_KERAS=1)."""
import numpy as np
import pytest


def _columns(tf):
    fc = tf.feature_column
    price = fc.numeric_column("price", shape=(2,))
    color = fc.categorical_column_with_vocabulary_list("color", ["r", "g", "b"])
    emb = fc.embedding_column(color, 3, initializer=tf.constant_initializer(
        np.arange(9).reshape(3, 3) / 10.0))
    bucket = fc.bucketized_column(fc.numeric_column("age"), [18, 30])
    return price, color, emb, fc.indicator_column(color), bucket


def _features(tf):
    return {"price": tf.constant([[1.0, 2.0], [3.0, 4.0]]),
            "color": tf.constant([["r"], ["b"]]), "age": tf.constant([[10.0], [40.0]])}


def test_values_variables_and_reuse(tf):
    price, _, emb, ind, bucket = _columns(tf)
    layer = tf.keras.layers.DenseFeatures([price, emb, ind, bucket])
    features = _features(tf)
    out = layer(features)
    assert out.shape.as_list() == [2, 11] and out.name == "dense_features/concat:0"
    name = "dense_features/color_embedding/embedding_weights:0"
    assert [(v.name, v.shape.as_list()) for v in layer.weights] == [(name, [3, 3])]
    assert [v.name for v in layer.trainable_weights] == [name]
    assert [v.name for v in tf.global_variables()] == [name]
    assert [v.name for v in tf.trainable_variables()] == [name]
    assert tf.get_collection(tf.GraphKeys.MODEL_VARIABLES) == []
    again = layer(features)             # a second call reuses the variables
    assert len(layer.weights) == 1 and len(tf.global_variables()) == 1
    grad = tf.gradients(tf.reduce_sum(out), layer.weights)[0]
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
        expected = [[1, 0, 0, 0, 0.1, 0.2, 1, 0, 0, 1, 2], [0, 0, 1, 0.6, 0.7, 0.8, 0, 0, 1, 3, 4]]
        np.testing.assert_allclose(sess.run(out), expected, rtol=1e-6)
        np.testing.assert_allclose(sess.run(again), expected, rtol=1e-6)
        assert grad is not None
    config = layer.get_config()
    assert sorted(config) == ["dtype", "feature_columns", "name", "partitioner", "trainable"]
    assert config["name"] == "dense_features" and config["trainable"] is True


def test_cols_to_output_tensors_and_not_trainable(tf):
    price, _, emb, _, _ = _columns(tf)
    cols = {}
    tf.keras.layers.DenseFeatures([price, emb], name="df2", trainable=False)(
        _features(tf), cols_to_output_tensors=cols)
    assert sorted(c.name for c in cols) == ["color_embedding", "price"]
    assert [v.name for v in tf.global_variables()] == ["df2/color_embedding/embedding_weights:0"]
    assert tf.trainable_variables() == []


def test_errors(tf):
    price, color, _, _, _ = _columns(tf)
    with pytest.raises(ValueError, match="Items of feature_columns must be a .*You can wrap a "
                                         "categorical column with an embedding_column"):
        tf.keras.layers.DenseFeatures([color])
    with pytest.raises(ValueError, match="We expected a dictionary here"):
        tf.keras.layers.DenseFeatures([price])(tf.constant([1.0]))


def test_functional_model_with_dict_inputs(tf):
    price, _, _, _, bucket = _columns(tf)
    inputs = {"price": tf.keras.layers.Input((2,), name="price"),
              "age": tf.keras.layers.Input((1,), name="age")}
    hidden = tf.keras.layers.DenseFeatures([price, bucket])(inputs)
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(1, kernel_initializer="ones")(hidden))
    got = model.predict({"price": np.array([[1.0, 2.0]]), "age": np.array([[20.0]])})
    np.testing.assert_allclose(got, [[4.0]])
