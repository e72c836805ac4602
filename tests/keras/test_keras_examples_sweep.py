"""Found by running the keras-team/keras examples (2017-2019) as TF1 programs: a nested
model's several outputs get unique output names (Keras' `Network._set_output_names`, as in
mnist_acgan's combined model), and TF 1.x's `Sequential.predict_classes`/`predict_proba`
(addition_rnn, mnist_cnn). Expected values printed by TF (tensorflow.compat.v1, legacy Keras)."""
import numpy as np
import pytest


def test_nested_model_outputs_get_unique_names(tf):
    with tf.Graph().as_default():
        K, L = tf.keras, tf.keras.layers
        inp = L.Input((3,))
        a = L.Dense(1, name="head")(inp)
        b = L.Dense(2, name="aux")(inp)
        inner = K.Model(inp, [a, b, a], name="disc")
        x = L.Input((3,))
        outer = K.Model(x, inner(x) + [L.Dense(1, name="disc_1")(x)])
        assert inner.output_names == ["head", "aux", "head_1"]
        assert outer.output_names == ["disc", "disc_1", "disc_2", "disc_1_1"]
        outer.compile("sgd", ["mse"] * 4)
        assert outer.metrics_names == ["loss", "disc_loss", "disc_1_loss", "disc_2_loss",
                                       "disc_1_1_loss"]
        outer.compile("sgd", {"disc": "mse", "disc_2": "mse"})
        assert outer.metrics_names == ["loss", "disc_loss", "disc_2_loss"]


@pytest.mark.tfcompat_only   # TF 2.21's Keras dropped them (TF 2.6); TF 1.15 semantics
def test_sequential_predict_classes_and_proba(tf):
    with tf.Graph().as_default():
        K, L = tf.keras, tf.keras.layers
        x = np.array([[0.5, -1.0], [2.0, 1.0], [-3.0, 0.25]], np.float32)
        soft = K.Sequential([L.Dense(3, input_shape=(2,), activation="softmax",
                                     kernel_initializer=K.initializers.Constant(
                                         [[1., -1., 0.], [0., 2., -2.]]))])
        np.testing.assert_array_equal(soft.predict_classes(x), [2, 0, 1])
        proba = soft.predict_proba(x, batch_size=2)
        np.testing.assert_allclose(proba, soft.predict(x), rtol=1e-6)
        one = K.Sequential([L.Dense(1, input_shape=(2,), activation="sigmoid",
                                    kernel_initializer="ones")])
        classes = one.predict_classes(x, verbose=0)
        assert classes.dtype == np.int32 and classes.shape == (3, 1)
        np.testing.assert_array_equal(classes[:, 0], [0, 1, 0])


@pytest.mark.tfcompat_only   # tf.keras.wrappers is TF 1.x only; values printed by TF 2.21 for
def test_scikit_learn_wrappers(tf):   # the same models' predict/evaluate (the wrappers' steps)
    with tf.Graph().as_default():
        K, L = tf.keras, tf.keras.layers
        x = np.array([[0.5, -1.0], [2.0, 1.0], [-3.0, 0.25], [1.0, 1.0]], np.float32)

        def bin_model(scale=1.0):
            m = K.Sequential([L.Dense(1, input_shape=(2,), activation="sigmoid",
                                      kernel_initializer=K.initializers.Constant(
                                          [[scale], [-0.5]]))])
            m.compile(K.optimizers.SGD(0.0), "binary_crossentropy", metrics=["accuracy"])
            return m

        SK = K.wrappers.scikit_learn
        clf = SK.KerasClassifier(bin_model, scale=1.0, epochs=1, batch_size=2, verbose=0)
        assert sorted(clf.get_params()) == ["batch_size", "build_fn", "epochs", "scale",
                                            "verbose"]
        hist = clf.fit(x, np.array([3, 7, 3, 3]))
        assert hist.params["epochs"] == 1
        np.testing.assert_array_equal(clf.classes_, [3, 7])
        np.testing.assert_array_equal(clf.predict(x), [[7], [7], [3], [7]])   # TF 1.15: (n, 1)
        np.testing.assert_allclose(clf.predict_proba(x), [
            [0.2689414, 0.7310586], [0.1824255, 0.8175745], [0.95791227, 0.04208773],
            [0.37754065, 0.62245935]], rtol=1e-5)
        assert abs(clf.score(x, np.array([3, 7, 3, 3])) - 0.5) < 1e-6
        with pytest.raises(ValueError, match="^epohcs is not a legal parameter$"):
            clf.set_params(epohcs=3)
        with pytest.raises(ValueError, match=r"^Invalid shape for y: \(4, 1, 1\)$"):
            clf.fit(x, np.zeros((4, 1, 1)))

        def reg():
            m = K.Sequential([L.Dense(1, input_shape=(2,), kernel_initializer="ones")])
            m.compile(K.optimizers.SGD(0.0), "mse")
            return m

        r = SK.KerasRegressor(build_fn=reg, epochs=1, verbose=0)
        r.fit(x, np.zeros(4))
        np.testing.assert_allclose(r.predict(x), [-0.5, 3., -2.75, 2.], rtol=1e-6)
        assert abs(r.score(x, np.zeros(4)) + 5.203125) < 1e-5
        nometric = SK.KerasClassifier(lambda: reg(), verbose=0)
        nometric.fit(x, np.array([0, 1, 0, 1]))
        with pytest.raises(ValueError, match="not configured to compute accuracy"):
            nometric.score(x, np.array([0, 1, 0, 1]))


def test_recurrent_final_states_carry_tf_loop_exit_names(tf):
    """lstm_seq2seq_restore rebuilds its decoder from `layer.output`; the states' tensors are
    TF's while-loop exits (after time and outputs; after the masked outputs too)."""
    with tf.Graph().as_default():
        L = tf.keras.layers
        x = L.Input((3, 2))
        names = [t.name for t in L.LSTM(4, return_state=True, name="enc")(x)]
        assert names[1:] == ["enc/while/Exit_2:0", "enc/while/Exit_3:0"]
        names = [t.name for t in L.LSTM(4, return_state=True, return_sequences=True,
                                        name="dec")(x)]
        assert names == ["dec/transpose_1:0", "dec/while/Exit_2:0", "dec/while/Exit_3:0"]
        assert L.GRU(4, return_state=True, name="g")(x)[1].name == "g/while/Exit_2:0"
        m = L.Masking()(x)
        names = [t.name for t in L.LSTM(4, return_state=True, name="rm")(m)]
        assert names == ["rm/strided_slice_3:0", "rm/while/Exit_3:0", "rm/while/Exit_4:0"]


def test_input_layer_input_is_its_placeholder(tf):
    """`K.function([model.layers[0].input], ...)`: an InputLayer's input is its output."""
    with tf.Graph().as_default():
        L = tf.keras.layers
        inp = L.Input((4,))
        layer = tf.keras.Model(inp, L.Dense(2)(inp)).layers[0]
        assert layer.input is inp and layer.get_input_at(0) is inp
        assert layer.input_shape == [(None, 4)] and layer.get_input_shape_at(0) == (None, 4)


def test_backend_moving_average_update_is_zero_debiased(tf):
    with tf.Graph().as_default():
        B = tf.keras.backend
        mv = B.variable(np.zeros((2,)), name="mv")
        op = B.moving_average_update(mv, B.constant([10.0, 20.0]), 0.9)
        assert op.name == "AssignMovingAvg"
        assert sorted(v.name for v in tf.global_variables()) == [
            "mv/biased:0", "mv/local_step:0", "mv:0"]
        sess = B.get_session()
        sess.run(tf.global_variables_initializer())
        sess.run(op)
        np.testing.assert_allclose(B.get_value(mv), [9.999998, 19.999996], rtol=1e-7)
        sess.run(op)
        np.testing.assert_allclose(B.get_value(mv), [9.999997, 19.999994], rtol=1e-7)
