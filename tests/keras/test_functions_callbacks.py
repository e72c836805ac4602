"""tf.keras.callbacks driven by Model.fit in graph mode (hook order, History, CSVLogger,
LearningRateScheduler, EarlyStopping, ModelCheckpoint, ReduceLROnPlateau) and tf.keras.utils'
numpy helpers. Expected values recorded from TF 2.21 compat.v1 (TF_USE_LEGACY_KERAS=1)."""
import os

import numpy as np
import pytest

X = np.arange(24, dtype=np.float32).reshape(6, 4) / 10.
Y = np.array([0, 1, 1, 0, 1, 0])


def _model(tf):
    model = tf.keras.models.Sequential([tf.keras.layers.Dense(
        2, activation="softmax", input_shape=(4,), kernel_initializer="ones")])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def test_fit_callbacks(tf, tmp_path):
    c = tf.keras.callbacks
    events = []
    hooks = c.LambdaCallback(
        on_epoch_begin=lambda e, logs: events.append(("eb", e)),
        on_epoch_end=lambda e, logs: events.append(("ee", e, sorted(logs))),
        on_train_begin=lambda logs: events.append("tb"),
        on_train_end=lambda logs: events.append("te"),
        on_batch_end=lambda b, logs: events.append(("be", b, sorted(logs))))
    stop = c.EarlyStopping(monitor="loss", patience=0, min_delta=10.)
    callbacks = [hooks, c.CSVLogger(str(tmp_path / "log.csv")),
                 c.LearningRateScheduler(lambda e: 0.1 / (e + 1)), stop,
                 c.ModelCheckpoint(str(tmp_path / "w.{epoch:02d}-{loss:.2f}"),
                                   save_weights_only=True, monitor="loss"),
                 c.TerminateOnNaN(), c.History()]
    history = _model(tf).fit(X, Y, epochs=4, batch_size=3, verbose=0, callbacks=callbacks,
                             shuffle=False)
    # recorded from TF 2.21 compat.v1
    assert history.epoch == [0, 1]
    np.testing.assert_allclose(history.history["loss"], [0.73014, 0.70553], rtol=1e-4)
    np.testing.assert_allclose(history.history["acc"], [0.33333, 0.5], rtol=1e-4)
    np.testing.assert_allclose(history.history["lr"], [0.1, 0.05], rtol=1e-6)
    batch = ["acc", "batch", "loss", "size"]
    assert events == ["tb", ("eb", 0), ("be", 0, batch), ("be", 1, batch),
                      ("ee", 0, ["acc", "loss"]), ("eb", 1), ("be", 0, batch),
                      ("be", 1, batch), ("ee", 1, ["acc", "loss"]), "te"]
    lines = (tmp_path / "log.csv").read_text().splitlines()
    assert lines[0] == "epoch,acc,loss,val_acc,val_loss"
    assert [line.split(",")[0] for line in lines[1:]] == ["0", "1"]
    assert lines[1].endswith(",NA,NA")
    assert sorted(os.listdir(tmp_path)) == [
        "checkpoint", "log.csv", "w.01-0.73.data-00000-of-00001", "w.01-0.73.index",
        "w.02-0.71.data-00000-of-00001", "w.02-0.71.index"]
    assert (stop.stopped_epoch, stop.wait) == (1, 1)


def test_reduce_lr_on_plateau(tf):
    model = _model(tf)
    model.fit(X, Y, epochs=1, batch_size=3, verbose=0, shuffle=False)
    model.optimizer.lr = 0.05
    reduce = tf.keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1,
                                                  min_delta=10.)
    history = model.fit(X, Y, epochs=3, batch_size=6, verbose=0, callbacks=[reduce],
                        shuffle=False)
    # recorded from TF 2.21 compat.v1 (the lr logged is the one the epoch ran with)
    np.testing.assert_allclose(history.history["lr"], [0.05, 0.05, 0.025], rtol=1e-6)


def test_callback_errors(tf):
    c = tf.keras.callbacks
    with pytest.raises(ValueError, match="ReduceLROnPlateau does not support a factor >= 1.0"):
        c.ReduceLROnPlateau(factor=2.)
    with pytest.raises(ValueError, match="Unrecognized save_freq: x"):
        c.ModelCheckpoint("f", save_freq="x")


def test_utils(tf):
    u = tf.keras.utils
    # recorded from TF 2.21 compat.v1
    got = u.to_categorical([0, 2, 1])
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, [[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    got = u.to_categorical([[1], [3]], num_classes=4, dtype="int32")
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got, [[0, 1, 0, 0], [0, 0, 0, 1]])
    np.testing.assert_allclose(u.normalize([[3., 4.], [1., 0.]]), [[0.6, 0.8], [1., 0.]])
    np.testing.assert_allclose(u.normalize([[3., 4.], [1., 0.]], axis=0, order=1),
                               [[0.75, 1.], [0.25, 0.]])
    with pytest.raises(IndexError, match="index 5 is out of bounds for axis 1 with size 3"):
        u.to_categorical([0, 5], num_classes=3)


def test_tensorboard_scalars(tf, tmp_path):
    model = tf.keras.models.Sequential([tf.keras.layers.Dense(1, input_shape=(2,),
                                                              kernel_initializer="ones")])
    model.compile(optimizer="sgd", loss="mse")
    board = tf.keras.callbacks.TensorBoard(log_dir=str(tmp_path))
    model.fit(np.ones((4, 2), np.float32), np.zeros((4, 1), np.float32), epochs=2, verbose=0,
              callbacks=[board], validation_split=0.5)
    events = [f for f in os.listdir(tmp_path) if f.startswith("events.out.tfevents")]
    assert len(events) == 1
    scalars = [(e.step, v.tag, round(v.simple_value, 4))
               for e in tf.train.summary_iterator(str(tmp_path / events[0]))
               for v in e.summary.value]
    # recorded from TF 2.21 compat.v1 (tf_keras callbacks_v1.TensorBoard)
    assert scalars == [(0, "epoch_loss", 4.0), (0, "epoch_val_loss", 3.5344),
                       (1, "epoch_loss", 3.5344), (1, "epoch_val_loss", 3.123)]


def test_custom_objects_and_sequence(tf):
    u = tf.keras.utils

    def my_act(x):
        return x * 2.

    with u.custom_object_scope({"my_act": my_act}):
        assert tf.keras.activations.get("my_act") is my_act
    with pytest.raises(ValueError, match="Unknown activation function: 'my_act'"):
        tf.keras.activations.get("my_act")

    class Batches(u.Sequence):
        def __len__(self):
            return 2

        def __getitem__(self, index):
            return index * 10

    assert list(Batches()) == [0, 10]


@pytest.mark.tfcompat_only
def test_unsupported_utils_explain_themselves(tf, tmp_path):
    # recorded from TF 2.21 compat.v1: a download that fails says so, naming the URL
    with pytest.raises(Exception, match="URL fetch failure on https://example.invalid/mnist.npz"):
        tf.keras.utils.get_file("mnist.npz", "https://example.invalid/mnist.npz",
                                cache_dir=str(tmp_path))
    with pytest.raises(Exception, match="needs pydot and graphviz"):
        tf.keras.utils.plot_model(None)
    with pytest.raises(AttributeError, match="needs the requests library"):
        tf.keras.callbacks.RemoteMonitor


def test_pad_sequences_and_registration(tf):
    u = tf.keras.utils
    # recorded from TF 2.21 compat.v1
    got = u.pad_sequences([[1, 2, 3], [4], [5, 6]])
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got, [[1, 2, 3], [0, 0, 4], [0, 5, 6]])
    np.testing.assert_array_equal(
        u.pad_sequences([[1, 2, 3], [4], [], [5, 6]], maxlen=2, padding="post",
                        truncating="post", value=-1), [[1, 2], [4, -1], [-1, -1], [5, 6]])
    with pytest.raises(ValueError, match='Padding type "mid" not understood'):
        u.pad_sequences([[1], [2]], padding="mid")

    @u.register_keras_serializable(package="my")
    def act2(x):
        return x

    assert u.get_registered_name(act2) == "my>act2"
    assert u.get_registered_object("my>act2") is act2
    assert tf.keras.activations.get("my>act2") is act2


def test_metrics_cosine_attributes(tf):
    m = tf.keras.metrics
    a, b = tf.constant([[1., 0.]]), tf.constant([[1., 1.]])
    with tf.Session() as sess:
        got = sess.run([m.cosine(a, b), m.cosine_proximity(a, b),
                        m.get("cosine_proximity")(a, b)])
    # recorded from TF 2.21 compat.v1: the attributes are the loss, get() the metric
    np.testing.assert_allclose(got, [[-0.707107], [-0.707107], [0.707107]], rtol=1e-5)
    assert tf.keras.optimizers.legacy.Adam is tf.keras.optimizers.Adam


def test_tensorboard_weight_histograms(tf, tmp_path):
    model = tf.keras.models.Sequential([
        tf.keras.layers.Dense(2, input_shape=(2,), kernel_initializer="ones"),
        tf.keras.layers.Dense(1, kernel_initializer="ones")])
    model.compile(optimizer="sgd", loss="mse")
    board = tf.keras.callbacks.TensorBoard(log_dir=str(tmp_path), histogram_freq=1)
    model.fit(np.ones((4, 2), np.float32), np.zeros((4, 1), np.float32), epochs=2, verbose=0,
              callbacks=[board], validation_split=0.5)
    events = [f for f in os.listdir(tmp_path) if f.startswith("events.out.tfevents")]
    histograms = [(e.step, v.tag, round(v.histo.sum, 4))
                  for e in tf.train.summary_iterator(str(tmp_path / events[0]))
                  for v in e.summary.value if v.HasField("histo") and not v.tag.endswith("_out")]
    # recorded from TF 2.21 compat.v1 (which also histograms the layer outputs, `dense_out`)
    assert histograms == [(0, "dense/kernel_0", 3.68), (0, "dense/bias_0", -0.16),
                          (0, "dense_1/kernel_0", 1.68), (0, "dense_1/bias_0", -0.08),
                          (1, "dense/kernel_0", 3.4867), (1, "dense/bias_0", -0.2567),
                          (1, "dense_1/kernel_0", 1.4775), (1, "dense_1/bias_0", -0.1375)]
