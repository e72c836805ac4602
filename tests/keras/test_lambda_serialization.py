"""Lambda layers in model configs, as Keras writes them (tf_keras lambda_layer.get_config):
a Python function as bytecode (`func_dump`: marshal + base64 of the code object, its defaults
and closure values; `function_type` 'lambda'), another callable by name ('function'), a
non-callable output_shape as is ('raw'); `from_config` loads them back without
custom_objects. The JSON below was written by TF 2.21 compat.v1 (Python 3.11 bytecode)."""
import json
import sys

import numpy as np
import pytest

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                reason="the recorded bytecode is CPython 3.11's")

# Sequential([Lambda(make(3.0)) (closure s=3.0: x * s + 1.0), Lambda(double, output_shape=(3,),
# arguments={'k': 4.0}) (def double(x, k=2.0): x * k), Lambda(lambda x: tf.reduce_sum(x,
# axis=1, keepdims=True), output_shape=lambda s: (s[0], 1))]).to_json() in TF 2.21 compat.v1
TF_JSON = (
    '{"class_name": "Sequential", "config": {"name": "sequential", "layers": [{"class_nam'
    'e": "InputLayer", "config": {"batch_input_shape": [null, 3], "dtype": "float32", "sp'
    'arse": false, "ragged": false, "name": "lam_input", "optional": false}}, {"class_nam'
    'e": "Lambda", "config": {"name": "lam", "trainable": true, "batch_input_shape": [nul'
    'l, 3], "dtype": "float32", "function": ["4wEAAAAAAAAAAAAAAAIAAAATAAAA8xQAAACVAZcAfAC'
    'JAXoFAABkAXoAAABTACkCTucAAAAAAADw\\nP6kAKQLaAXjaAXNzAgAAACCA+hIvdG1wL2s1L3RmX2xhbTMuc'
    'Hn6CDxsYW1iZGE++hZtYWtlLjxs\\nb2NhbHM+LjxsYW1iZGE+BQAAAHMPAAAA+IAAkFGYEZFVmFORW4AA8wA'
    'AAAA=\\n", null, [3.0]], "function_type": "lambda", "module": "__main__", "output_sha'
    'pe": null, "output_shape_type": "raw", "output_shape_module": null, "arguments": {}}'
    '}, {"class_name": "Lambda", "config": {"name": "dbl", "trainable": true, "dtype": "f'
    'loat32", "function": ["4wIAAAAAAAAAAAAAAAIAAAADAAAA8wwAAACXAHwAfAF6BQAAUwApAU6pACkC2'
    'gF42gFrcwIAAAAg\\nIPoSL3RtcC9rNS90Zl9sYW0zLnB52gZkb3VibGVyBgAAAAYAAABzCwAAAIAA2AsMiHG'
    'JNYBM8wAA\\nAAA=\\n", [2.0], null], "function_type": "lambda", "module": "__main__", "'
    'output_shape": [3], "output_shape_type": "raw", "output_shape_module": null, "argume'
    'nts": {"k": 4.0}}}, {"class_name": "Lambda", "config": {"name": "red", "trainable": '
    'true, "dtype": "float32", "function": ["4wEAAAAAAAAAAAAAAAUAAAADAAAA8zAAAACXAHQBAAAA'
    'AAAAAAAAAGoBAAAAAAAAAAB8AGQBZAKs\\nA6YDAACrAwAAAAAAAAAAUwApBE7pAQAAAFQpAtoEYXhpc9oIa2'
    'VlcGRpbXMpAtoCdGbaCnJlZHVj\\nZV9zdW0pAdoBeHMBAAAAIPoSL3RtcC9rNS90Zl9sYW0zLnB5+gg8bGFt'
    'YmRhPnIJAAAACQAAAHMX\\nAAAAgACVcpR9oFGoUbgU0Bc+0Rc+1Bc+gADzAAAAAA==\\n", null, null], '
    '"function_type": "lambda", "module": "__main__", "output_shape": ["4wEAAAAAAAAAAAAAA'
    'AIAAAADAAAA8xYAAACXAHwAZAEZAAAAAAAAAAAAZAJmAlMAKQNO6QAAAADp\\nAQAAAKkAqQHaAXNzAQAAACD'
    '6Ei90bXAvazUvdGZfbGFtMy5wefoIPGxhbWJkYT5yCAAAAAkAAABz\\nEwAAAIAA0FhZ0Fpb1Fhc0F5f0Fdgg'
    'ADzAAAAAA==\\n", null, null], "output_shape_type": "lambda", "output_shape_module": "'
    '__main__", "arguments": {}}}]}, "keras_version": "2.21.0", "backend": "tensorflow"}')
X = np.arange(6, dtype=np.float32).reshape(2, 3)
WANT = [[48.0], [156.0]]     # recorded from TF 2.21 compat.v1


def test_model_json_written_by_tf_loads(tf):
    model = tf.keras.models.model_from_json(TF_JSON)
    np.testing.assert_allclose(model.predict(X), WANT)
    assert model.layers[1].arguments == {"k": 4.0}


def test_lambda_config_format(tf):
    scale = 3.0
    layer = tf.keras.layers.Lambda(lambda x: x * scale + 1.0, name="lam")
    config = layer.get_config()
    assert list(config) == ["name", "trainable", "dtype", "function", "function_type", "module",
                            "output_shape", "output_shape_type", "output_shape_module",
                            "arguments"]
    code, defaults, closure = config["function"]
    assert isinstance(code, str) and defaults is None and closure == (3.0,)
    assert (config["function_type"], config["module"]) == ("lambda", __name__)
    assert (config["output_shape"], config["output_shape_type"],
            config["output_shape_module"]) == (None, "raw", None)
    again = tf.keras.layers.Lambda.from_config(config)
    assert again.function(2.0) == 7.0
    named = tf.keras.layers.Lambda(abs).get_config()
    assert (named["function"], named["function_type"], named["module"]) == (
        "abs", "function", "builtins")
    assert tf.keras.layers.Lambda.from_config(named, custom_objects={"abs": abs}).function is abs
    masked = tf.keras.layers.Lambda(lambda x: x, mask=lambda i, m: m).get_config()
    assert masked["mask_type"] == "lambda" and masked["mask_module"] == __name__
    assert tf.keras.layers.Lambda.from_config(masked).mask(1, 2) == 2
    with pytest.raises(TypeError, match="Unsupported value for `function_type` argument. "
                                        "Received: function_type=bogus"):
        tf.keras.layers.Lambda.from_config(dict(config, function_type="bogus"))


def _model(tf):
    def make(s):
        return lambda x: x * s + 1.0

    def double(x, k=2.0):
        return x * k
    L = tf.keras.layers
    return tf.keras.Sequential([
        L.Lambda(make(3.0), input_shape=(3,), name="lam"),
        L.Lambda(double, output_shape=(3,), arguments={"k": 4.0}, name="dbl"),
        # (not tf.reduce_sum: the closure would hold the `tf` module, which JSON cannot)
        L.Lambda(lambda x: x[:, :1] + x[:, 1:2] + x[:, 2:],
                 output_shape=lambda s: (s[0], 1), name="red")])


def test_to_json_round_trip(tf):
    text = _model(tf).to_json()
    layers = json.loads(text)["config"]["layers"]
    assert [layer["config"]["function_type"] for layer in layers[1:]] == ["lambda"] * 3
    assert layers[3]["config"]["output_shape_type"] == "lambda"
    again = tf.keras.models.model_from_json(text)
    np.testing.assert_allclose(again.predict(X), WANT)


def test_h5_round_trip(tf, tmp_path):
    pytest.importorskip("h5py")
    _model(tf).save(str(tmp_path / "m.h5"))
    again = tf.keras.models.load_model(str(tmp_path / "m.h5"))
    np.testing.assert_allclose(again.predict(X), WANT)


@pytest.mark.tfcompat_only
def test_unknown_function_name_says_so():
    # TF 2.21 fails here with AttributeError ('NoneType' object has no attribute 'get')
    import tfcompat as tf
    config = tf.keras.layers.Lambda(abs).get_config()
    with pytest.raises(ValueError, match="Unknown function in Lambda layer: 'abs'"):
        tf.keras.layers.Lambda.from_config(config)
