"""Python control flow on a symbolic tensor inside a layer's call() (iterating over it, using it
as a bool) fails as TF's Layer.__call__ reports it: a TypeError telling to pass dynamic=True,
for tf.layers and Keras layers alike. Expected messages recorded from TF 2.21 compat.v1
(TF_USE_LEGACY_KERAS=1); its AutoGraph text after the first line is TF 2's, not compared."""
import pytest

CONTROL_FLOW = ("You are attempting to use Python control flow in a layer that was not declared "
                "to be dynamic. Pass `dynamic=True` to the class constructor.")


def test_iterating_in_tf_layers_call(tf):
    class Rows(tf.layers.Layer):
        def call(self, x):
            return tf.add_n([r for r in x])

    with pytest.raises(TypeError) as info:
        Rows()(tf.zeros([2, 3]))
    assert str(info.value).split("\n")[0] == CONTROL_FLOW
    assert "Encountered error:" in str(info.value)


@pytest.mark.tfcompat_only   # TF 2.21's AutoGraph converts the loop in a Keras layer's call
def test_iterating_in_keras_layer_call(tf):
    class Rows(tf.keras.layers.Layer):
        def call(self, x):
            return tf.add_n([r for r in x])

    with pytest.raises(TypeError) as info:
        Rows()(tf.zeros([2, 3]))
    assert str(info.value).split("\n")[0] == CONTROL_FLOW
