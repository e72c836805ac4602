"""Keras backend settings programs branch on. Expected values recorded from TF 2.21 compat.v1
(tf.keras of TF_USE_LEGACY_KERAS=1)."""


def test_backend_name_and_settings(tf):
    K = tf.keras.backend
    assert K.backend() == "tensorflow"
    assert (K.floatx(), K.epsilon(), K.image_data_format()) == ("float32", 1e-07,
                                                                "channels_last")


def test_get_source_inputs(tf):
    keras = tf.keras
    layers = keras.layers
    a, b = layers.Input((3,), name="a"), layers.Input((3,), name="b")
    h = layers.Dense(2)(a)
    out = layers.Dense(1)(layers.add([h, layers.Dense(2)(b)]))
    assert [t.name for t in keras.utils.get_source_inputs(out)] == ["a:0", "b:0"]
    assert [t.name for t in keras.utils.get_source_inputs(h)] == ["a:0"]
    assert [t.name for t in keras.utils.get_source_inputs(a)] == ["a:0"]
    assert keras.utils.get_source_inputs(tf.constant(1.0)).name == "Const:0"
