"""Whole TF 1.13-era tutorial programs (basic regression, text classification) written against
tf.keras: seeded results, History keys and summaries recorded from TF 2.21 (tf.compat.v1, v2
behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import os

import numpy as np

# summary() prints TF 1.15's layout (these literals: TF 1.15's print_summary run on TF 2.21's
# models); TF 2.21's tf_keras, the live reference, prints another (known_differences.txt)
TF1_SUMMARY_LAYOUT = not os.environ.get("TFCOMPAT_TEST_AGAINST_TF")

TEXT_SUMMARY = """\
Model: "sequential"
_________________________________________________________________
Layer (type)                 Output Shape              Param #   
=================================================================
embedding (Embedding)        (None, None, 16)          1600      
_________________________________________________________________
global_average_pooling1d (Gl (None, 16)                0         
_________________________________________________________________
dense (Dense)                (None, 16)                272       
_________________________________________________________________
dense_1 (Dense)              (None, 1)                 17        
=================================================================
Total params: 1,889
Trainable params: 1,889
Non-trainable params: 0
_________________________________________________________________
"""


def test_basic_regression_tutorial(tf, capsys):
    keras = tf.keras
    tf.set_random_seed(3)
    rng = np.random.RandomState(0)
    x = rng.rand(100, 9).astype("float32")
    y = (x @ rng.rand(9) + 0.1 * rng.rand(100)).astype("float32")
    model = keras.Sequential([keras.layers.Dense(64, activation=tf.nn.relu, input_shape=[9]),
                              keras.layers.Dense(64, activation=tf.nn.relu),
                              keras.layers.Dense(1)])
    model.compile(loss="mean_squared_error", optimizer=tf.keras.optimizers.RMSprop(0.001),
                  metrics=["mean_absolute_error", "mean_squared_error"])

    class PrintDot(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs):
            if epoch % 10 == 0:
                print("")
            print(".", end="")

    early_stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3)
    history = model.fit(x, y, epochs=25, validation_split=0.2, verbose=0,
                        callbacks=[early_stop, PrintDot()], shuffle=False)
    assert capsys.readouterr().out == "\n..........\n..........\n....."
    assert sorted(history.history) == ["loss", "mean_absolute_error", "mean_squared_error",
                                       "val_loss", "val_mean_absolute_error",
                                       "val_mean_squared_error"]
    last = {k: round(v[-1], 4) for k, v in history.history.items()}
    assert last == {"loss": 0.0214, "mean_absolute_error": 0.1198,
                    "mean_squared_error": 0.0214, "val_loss": 0.0311,
                    "val_mean_absolute_error": 0.1361, "val_mean_squared_error": 0.0311}
    loss, mae, mse = model.evaluate(x, y, verbose=0)
    assert round(float(mae), 4) == 0.1117
    np.testing.assert_allclose(model.predict(x[:3]).flatten(),
                               [2.3808408, 1.8985311, 2.5967083], rtol=1e-5)  # TF without oneDNN: 1.3e-6
    x_in = tf.placeholder(tf.float32, [None, 9])
    assert model(x_in).name == "sequential/dense_2/BiasAdd:0"
    model.layers[0].trainable = False
    assert (len(model.trainable_weights), len(model.non_trainable_weights)) == (4, 2)
    # `training` goes only to layers whose call takes it
    assert keras.layers.Dense(3)(x_in, training=True).shape.as_list() == [None, 3]


def test_text_classification_tutorial(tf):
    keras = tf.keras
    tf.set_random_seed(11)
    rng = np.random.RandomState(0)
    train_data = rng.randint(1, 100, (120, 16))
    train_labels = rng.randint(0, 2, 120)
    model = keras.Sequential()
    model.add(keras.layers.Embedding(100, 16))
    model.add(keras.layers.GlobalAveragePooling1D())
    model.add(keras.layers.Dense(16, activation=tf.nn.relu))
    model.add(keras.layers.Dense(1, activation=tf.nn.sigmoid))
    lines = []
    model.summary(print_fn=lines.append)
    if TF1_SUMMARY_LAYOUT:
        assert "\n".join(lines) + "\n" == TEXT_SUMMARY
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
    history = model.fit(train_data[40:], train_labels[40:], epochs=3, batch_size=32,
                        validation_data=(train_data[:40], train_labels[:40]), verbose=0,
                        shuffle=False)
    expected = {"loss": [0.6927, 0.69085, 0.68924], "acc": [0.55, 0.575, 0.5875],
                "val_loss": [0.69531, 0.6969, 0.69865], "val_acc": [0.325, 0.35, 0.35]}
    assert {k: [round(x, 5) for x in v] for k, v in history.history.items()} == expected
    np.testing.assert_allclose(model.evaluate(train_data, train_labels, verbose=0),
                               [0.69156337, 0.5083333], rtol=1e-6)
