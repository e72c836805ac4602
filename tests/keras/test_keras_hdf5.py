"""Keras HDF5 files: `model.save('m.h5')`, `tf.keras.models.load_model`, `save_weights('w.h5')`
/ `load_weights(..., by_name, skip_mismatch)`, and ModelCheckpoint with .h5 paths. Files TF
wrote (tests/fixtures/keras_h5, made by its record.py) load and go on training exactly as in TF;
the layout written is TF's. Expected values recorded from TF 2.21 compat.v1
(TF_USE_LEGACY_KERAS=1, tf.disable_v2_behavior())."""
import json
import os

import numpy as np
import pytest

h5py = pytest.importorskip("h5py")

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "keras_h5")
X = np.linspace(-1, 1, 16, dtype=np.float32).reshape(4, 4)
Y = np.array([[0.5, -0.5], [1.0, 0.0], [0.0, 1.0], [-1.0, 0.25]], np.float32)
YC = np.array([[1, 0], [0, 1], [0, 1], [1, 0]], np.float32)

# printed by tests/fixtures/keras_h5/record.py (TF 2.21 compat.v1)
SEQ_KERNEL0 = [[-0.2509742, 0.430393, -0.439489], [-0.0130912, 0.345516, -0.4635310],
               [-0.4218756, -0.0333456, 0.2788378], [0.227642, 0.2950438, -0.1779751]]
SEQ_NEXT_LOSS = [0.41371697, 0.53611106, 0.5]
SEQ_NEXT_KERNEL0 = [[-0.2534879, 0.4399192, -0.4297354], [-0.0205551, 0.3550882, -0.4537726],
                    [-0.4310962, -0.0237314, 0.2886012], [0.2178869, 0.3046964, -0.1682064]]
FUNC_PREDICT = [[0.5802604, 0.4197396], [0.5228814, 0.4771186], [0.456139, 0.543861],
                [0.4048285, 0.5951715]]
FUNC_NEXT_LOSS = [0.706545, 0.625]
FUNC_NEXT_OUT_KERNEL = [[0.425615, -0.2022226], [0.4641488, 0.379542], [-0.5018298, -0.1785177],
                        [0.1899196, 0.3696151], [-0.2124522, -0.1918452]]


def _fixture(name):
    return os.path.join(FIXTURES, name)


def _small(tf, optimizer=None):
    m = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="relu", input_shape=(4,)),
                             tf.keras.layers.Dropout(0.5), tf.keras.layers.Dense(2)])
    m.compile(optimizer or tf.keras.optimizers.Adam(0.01, amsgrad=True), "mse", metrics=["mae"])
    return m


def test_tf_written_sequential_loads_and_training_goes_on(tf):
    m = tf.keras.models.load_model(_fixture("seq_adam.h5"))
    assert type(m).__name__ == "Sequential"
    np.testing.assert_allclose(m.get_weights()[0], SEQ_KERNEL0, atol=1e-6)
    # the optimizer's state came back (made outside the `training/` scope, as in TF)
    assert [w.name for w in m.optimizer.weights][:3] == ["iter:0", "dense/kernel/m:0",
                                                         "dense/bias/m:0"]
    assert tf.keras.backend.get_value(m.optimizer.iterations) == 1
    np.testing.assert_allclose(m.train_on_batch(X, Y), SEQ_NEXT_LOSS, rtol=1e-5)
    np.testing.assert_allclose(m.get_weights()[0], SEQ_NEXT_KERNEL0, atol=1e-6)


def test_tf_written_functional_loads_and_training_goes_on(tf):
    m = tf.keras.models.load_model(_fixture("func_sgd.h5"))
    assert [layer.name for layer in m.layers] == ["x", "hid", "bn", "dropout", "out"]
    np.testing.assert_allclose(m.predict(X), FUNC_PREDICT, atol=1e-6)
    # SGD's momentum slots restored: the next step is TF's
    np.testing.assert_allclose(m.train_on_batch(X, YC), FUNC_NEXT_LOSS, rtol=1e-5)
    np.testing.assert_allclose(m.get_layer("out").get_weights()[0], FUNC_NEXT_OUT_KERNEL,
                               atol=1e-6)


def test_load_model_without_compile(tf):
    m = tf.keras.models.load_model(_fixture("seq_adam.h5"), compile=False)
    assert m.optimizer is None
    np.testing.assert_allclose(m.get_weights()[0], SEQ_KERNEL0, atol=1e-6)


def test_layout_is_tfs(tf, tmp_path):
    m = _small(tf)
    m.train_on_batch(np.ones((2, 4), np.float32), np.zeros((2, 2), np.float32))
    path = str(tmp_path / "m.h5")
    m.save(path)
    with h5py.File(path, "r") as f:
        assert sorted(f.attrs) == ["backend", "keras_version", "model_config", "training_config"]
        assert (f.attrs["keras_version"], f.attrs["backend"]) == ("2.21.0", "tensorflow")
        assert json.loads(f.attrs["training_config"]) == {
            "loss": "mse", "metrics": ["mae"], "loss_weights": None, "sample_weight_mode": None,
            "weighted_metrics": None, "optimizer_config": {"class_name": "Adam", "config": {
                "name": "Adam", "learning_rate": 0.009999999776482582, "decay": 0.0,
                "beta_1": 0.8999999761581421, "beta_2": 0.9990000128746033, "epsilon": 1e-07,
                "amsgrad": True}}}
        config = json.loads(f.attrs["model_config"])
        assert config["class_name"] == "Sequential"
        assert [layer["class_name"] for layer in config["config"]["layers"]] == [
            "InputLayer", "Dense", "Dropout", "Dense"]
        g = f["model_weights"]
        assert sorted(g.attrs) == ["backend", "keras_version", "layer_names"]
        assert list(g.attrs["layer_names"]) == ["dense", "dropout", "dense_1"]
        assert {k: list(g[k].attrs["weight_names"]) for k in g} == {
            "dense": ["dense/kernel:0", "dense/bias:0"],
            "dense_1": ["dense_1/kernel:0", "dense_1/bias:0"],
            "dropout": [], "top_level_model_weights": []}
        assert g["dense/dense/kernel:0"].shape == (4, 3)
        names = ["training/Adam/iter:0"] + ["training/Adam/%s/%s:0" % (v, s)
                                            for s in ("m", "v", "vhat")
                                            for v in ("dense/kernel", "dense/bias",
                                                      "dense_1/kernel", "dense_1/bias")]
        assert list(f["optimizer_weights"].attrs["weight_names"]) == names
        assert f["optimizer_weights/training/Adam/iter:0"][()] == 1


def test_save_and_load_round_trip(tf, tmp_path):
    m = _small(tf, tf.keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True))
    m.fit(X, Y, epochs=2, verbose=0)
    path = str(tmp_path / "model")          # no suffix: HDF5 in TF1-style Keras
    tf.keras.models.save_model(m, path)
    assert h5py.is_hdf5(path)
    loaded = tf.keras.models.load_model(path)
    for a, b in zip(m.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(a, b)
    config = loaded.optimizer.get_config()   # the hyper parameters were float32 variables
    assert (config["learning_rate"], config["momentum"], config["nesterov"]) == (
        pytest.approx(0.1), pytest.approx(0.9), True)
    for a, b in zip(m.optimizer.get_weights(), loaded.optimizer.get_weights()):
        np.testing.assert_array_equal(a, b)
    # both go on alike
    np.testing.assert_allclose(m.evaluate(X, Y, verbose=0), loaded.evaluate(X, Y, verbose=0))


def test_save_without_optimizer(tf, tmp_path):
    m = _small(tf)
    m.train_on_batch(X, Y)
    path = str(tmp_path / "m.h5")
    m.save(path, include_optimizer=False)
    with h5py.File(path, "r") as f:
        assert "optimizer_weights" not in f and "training_config" not in f.attrs
    assert tf.keras.models.load_model(path).optimizer is None   # not compiled (TF warns)


def test_weights_files(tf, tmp_path):
    m = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,), name="a1"),
                             tf.keras.layers.Dense(2, name="a2")])
    path = str(tmp_path / "w.h5")
    m.save_weights(path)
    with h5py.File(path, "r") as f:
        assert list(f.attrs["layer_names"]) == ["a1", "a2"]
        assert sorted(f) == ["a1", "a2", "top_level_model_weights"]
    other = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,), name="b1"),
                                 tf.keras.layers.Dropout(0.1),
                                 tf.keras.layers.Dense(2, name="b2")])
    other.load_weights(path)                 # by topology: layers without weights skipped
    for a, b in zip(m.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(a, b)
    renamed = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,), name="zz"),
                                   tf.keras.layers.Dense(2, name="a2")])
    before = renamed.get_weights()[0]
    renamed.load_weights(path, by_name=True)  # only a2 matches
    np.testing.assert_array_equal(renamed.get_weights()[0], before)
    np.testing.assert_array_equal(renamed.get_weights()[2], m.get_weights()[2])


def test_weights_of_a_tf_file_and_of_a_whole_model_file(tf):
    m = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="relu", input_shape=(4,)),
                             tf.keras.layers.Dense(2)])
    m.load_weights(_fixture("seq_w.h5"))
    np.testing.assert_allclose(m.get_weights()[0], SEQ_KERNEL0, atol=1e-6)
    m2 = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="relu", input_shape=(4,)),
                              tf.keras.layers.Dense(2)])
    m2.load_weights(_fixture("seq_adam.h5"))    # its model_weights group
    np.testing.assert_allclose(m2.get_weights()[0], SEQ_KERNEL0, atol=1e-6)


def _saved_a(tf, tmp_path):
    a = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,), name="a1"),
                             tf.keras.layers.Dense(2, name="a2")])
    path = str(tmp_path / "a.h5")
    a.save_weights(path)
    return path


def test_weights_mismatch_errors(tf, tmp_path):
    path = _saved_a(tf, tmp_path)
    one = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,), name="a1")])
    with pytest.raises(ValueError, match=r"^Layer count mismatch when loading weights from file. "
                       r"Model expected 1 layers, found 2 saved layers.$"):
        one.load_weights(path)
    no_bias = tf.keras.Sequential([
        tf.keras.layers.Dense(3, input_shape=(4,), name="a1", use_bias=False),
        tf.keras.layers.Dense(2, name="a2")])
    with pytest.raises(ValueError, match=r"^Weight count mismatch for layer #0 \(named a1 in the "
                       r"current model, a1 in the save file\). Layer expects 1 weight\(s\). "
                       r"Received 2 saved weight\(s\)$"):
        no_bias.load_weights(path)
    with pytest.raises(ValueError, match=r"^Weight count mismatch for layer #0 \(named a1\). "
                       r"Layer expects 1 weight\(s\). Received 2 saved weight\(s\)$"):
        no_bias.load_weights(path, by_name=True)
    with pytest.raises(ValueError, match="skip_mismatch can only be set to True when by_name"):
        no_bias.load_weights(path, skip_mismatch=True)
    wide = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(5,), name="a1"),
                                tf.keras.layers.Dense(2, name="a2")])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Trying to assign to variable with tensor with wrong shape. "
                       r"Expected \[5,3\] got \[4,3\]"):
        wide.load_weights(path)
    with pytest.raises(ValueError, match=r"^Shape mismatch in layer #0 \(named a1\) for weight "
                       r"a1\S*/kernel:0. Weight expects shape \(5, 3\). Received saved weight "
                       r"with shape \(4, 3\)$"):
        wide.load_weights(path, by_name=True)


def test_skip_mismatch_loads_what_fits(tf, tmp_path):
    path = _saved_a(tf, tmp_path)
    with h5py.File(path, "r") as f:
        a2_kernel = np.asarray(f["a2/a2/kernel:0"])
    wide = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(5,), name="a1"),
                                tf.keras.layers.Dense(2, name="a2")])
    kernel = wide.get_weights()[0]
    wide.load_weights(path, by_name=True, skip_mismatch=True)
    np.testing.assert_array_equal(wide.get_weights()[0], kernel)      # skipped
    np.testing.assert_array_equal(wide.get_weights()[2], a2_kernel)   # loaded


def test_formats(tf, tmp_path):
    m = _small(tf)
    with pytest.raises(ValueError, match=r"^Unknown `save_format` argument. Expected one of "
                       r"'keras', 'tf', or 'h5'. Received: save_format=xx$"):
        m.save(str(tmp_path / "q.h5"), save_format="xx")
    with pytest.raises(ValueError, match=r"save_weights got save_format=\"tf\"/\"tensorflow\", "
                       r"but the filepath \(\S+q.h5\) looks like an HDF5 file"):
        m.save_weights(str(tmp_path / "q.h5"), save_format="tf")
    with pytest.raises(NotImplementedError):      # TF1-style Keras cannot write .keras either
        m.save(str(tmp_path / "q.keras"))
    with pytest.raises(OSError, match="No file or directory found at"):
        tf.keras.models.load_model(str(tmp_path / "missing.h5"))
    with pytest.raises(ValueError, match="No model config found in the file at"):
        tf.keras.models.load_model(_fixture("seq_w.h5"))


def test_subclassed_models_are_not_saved(tf, tmp_path):
    class M(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d = tf.keras.layers.Dense(2)

        def call(self, x):
            return self.d(x)

    m = M()
    m(tf.zeros((1, 3)))
    with pytest.raises(NotImplementedError, match="Saving the model to HDF5 format requires the "
                       "model to be a Functional model or a Sequential model"):
        m.save(str(tmp_path / "sub.h5"))


@pytest.mark.parametrize("weights_only", [True, False])
def test_model_checkpoint_to_h5(tf, tmp_path, weights_only):
    m = _small(tf, "sgd")
    pattern = str(tmp_path / "ck-{epoch:02d}.h5")
    m.fit(X, Y, epochs=2, verbose=0, callbacks=[
        tf.keras.callbacks.ModelCheckpoint(pattern, save_weights_only=weights_only)])
    paths = sorted(os.listdir(str(tmp_path)))
    assert paths == ["ck-01.h5", "ck-02.h5"]
    last = str(tmp_path / "ck-02.h5")
    with h5py.File(last, "r") as f:
        assert ("model_config" in f.attrs) is not weights_only
    if weights_only:
        fresh = _small(tf)
        fresh.load_weights(last)
    else:
        fresh = tf.keras.models.load_model(last)
    for a, b in zip(m.get_weights(), fresh.get_weights()):
        np.testing.assert_array_equal(a, b)
