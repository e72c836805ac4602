"""A mask the framework hands a layer (from a mask_zero Embedding) is not one of the node's call
arguments: the model's JSON does not hold it, and calling the model on new inputs takes the
mask of those. Expected values recorded from TF 2.21 compat.v1 (tf_keras)."""
import json

import numpy as np


def _model(tf):
    keras = tf.keras
    K = keras.backend

    class MaskedMean(keras.layers.Layer):
        def call(self, x, mask=None):
            weights = K.expand_dims(K.cast(mask, K.floatx()))
            return K.sum(x * weights, axis=1) / K.sum(weights, axis=1)

        def compute_mask(self, inputs, mask=None):
            return None

    inp = keras.layers.Input(shape=(4,))
    emb = keras.layers.Embedding(5, 2, mask_zero=True,
                                 embeddings_initializer=keras.initializers.Constant(
                                     np.arange(10).reshape(5, 2)))(inp)
    return keras.models.Model(inp, MaskedMean(name="mean")(emb)), MaskedMean


def test_framework_mask_is_not_a_node_argument(tf):
    model, _ = _model(tf)
    config = json.loads(model.to_json())
    mean = [layer for layer in config["config"]["layers"] if layer["name"] == "mean"][0]
    assert mean["inbound_nodes"] == [[["embedding", 0, 0, {}]]]


def test_model_called_on_new_inputs_uses_their_mask(tf):
    model, _ = _model(tf)
    new_in = tf.keras.layers.Input(shape=(4,))
    out = model(new_in)
    sess = tf.keras.backend.get_session()
    ids = np.array([[1, 2, 0, 0], [3, 0, 0, 0]])
    np.testing.assert_allclose(sess.run(out, {new_in: ids}), [[3.0, 4.0], [6.0, 7.0]])
    np.testing.assert_allclose(model.predict(ids), [[3.0, 4.0], [6.0, 7.0]])
