"""tf.keras.backend in TF1 graph mode: the Keras session and its variable initialization,
Keras variables and placeholders, `function`, the learning phase, uids and clear_session.
Literals recorded from TF 2.21 (tf.compat.v1, v2 behaviour disabled, TF_USE_LEGACY_KERAS=1)."""
import threading

import numpy as np
import pytest


def test_variables_placeholders_and_function(tf):
    K = tf.keras.backend
    v = K.variable([[1.0, 2.0], [3.0, 4.0]], name="w")
    assert v.name == "w:0" and v.dtype.base_dtype == tf.float32
    assert K.get_value(v).tolist() == [[1.0, 2.0], [3.0, 4.0]]   # initialized on demand
    assert K.variable(3).name == "Variable:0"
    p = K.placeholder(shape=(None, 2))
    assert (p.name, K.int_shape(p), K.ndim(p), K.dtype(p)) == ("Placeholder:0", (None, 2), 2,
                                                               "float32")
    ids = K.placeholder(ndim=3, dtype="int32", name="ids")
    assert (ids.name, K.int_shape(ids)) == ("ids:0", (None, None, None))
    f = K.function([p], [K.dot(p, v), K.sum(p, axis=1), K.mean(p), K.concatenate([p, p]),
                         K.reshape(p, (-1, 1))])
    assert [np.asarray(r).tolist() for r in f([np.array([[1.0, 1.0]])])] == [
        [[4.0, 6.0]], [2.0], 1.0, [[1.0, 1.0, 1.0, 1.0]], [[1.0], [1.0]]]
    K.set_value(v, [[0.0, 1.0], [1.0, 0.0]])
    assert K.get_value(v).tolist() == [[0.0, 1.0], [1.0, 0.0]]
    v2 = K.variable(3)
    K.batch_set_value([(v, np.eye(2)), (v2, 5.0)])
    got = K.batch_get_value([v, v2])
    assert got[0].tolist() == [[1.0, 0.0], [0.0, 1.0]] and float(got[1]) == 5.0


def test_settings_and_uids(tf):
    K = tf.keras.backend
    assert (K.floatx(), K.epsilon(), K.image_data_format()) == ("float32", 1e-07,
                                                                 "channels_last")
    assert (K.get_uid("foo"), K.get_uid("foo")) == (1, 2)


def test_learning_phase(tf):
    K = tf.keras.backend
    phase = K.learning_phase()
    assert (phase.name, phase.op.type) == ("keras_learning_phase:0", "PlaceholderWithDefault")
    K.set_learning_phase(1)      # for this graph only
    assert K.learning_phase() == 1
    x = tf.placeholder(tf.float32, [None, 4])
    # a fixed phase picks the dropout branch at build time: no cond
    assert tf.keras.layers.Dropout(0.5)(x).name.startswith("dropout/dropout/")


def test_session_initializes_only_keras_variables(tf):
    K = tf.keras.backend
    sess = K.get_session()
    assert sess.graph is tf.get_default_graph()
    plain = tf.Variable(1.0, name="plain")
    with pytest.raises(tf.errors.FailedPreconditionError):
        K.get_value(plain)


def test_clear_session_resets_names(tf):
    # clear_session resets the default graph, which TF refuses inside a `with graph:` block
    # (as the fixture's): run it in a thread of its own, whose default graph is the global one
    K = tf.keras.backend
    with pytest.raises(AssertionError, match="Do not use tf.reset_default_graph"):
        K.clear_session()
    found = []

    def body():
        tf.keras.layers.Dense(2)
        K.get_uid("foo")
        K.clear_session()
        found.extend([K.learning_phase().name, tf.keras.layers.Dense(2).name,
                      K.get_uid("foo")])
        K.clear_session()

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    assert found == ["keras_learning_phase:0", "dense", 1]


def test_dot_and_batch_dot_shapes(tf):
    K = tf.keras.backend
    assert K.int_shape(K.dot(K.placeholder((None, 3, 4)), K.placeholder((4, 5)))) == (
        None, 3, 5)
    assert K.int_shape(K.batch_dot(K.placeholder((None, 3, 4)),
                                   K.placeholder((None, 4, 5)))) == (None, 3, 5)


def test_tensor_helpers_match_tf(tf):
    K = tf.keras.backend
    x = K.placeholder((None, 3))
    i = K.placeholder((None,), dtype="int32")
    outs = [K.one_hot(i, 4), K.switch(K.greater(x, 0.5), x, -x), K.repeat_elements(x, 2, axis=1),
            K.binary_crossentropy(K.constant([[1.0, 0.0, 1.0]]), K.sigmoid(x)),
            K.sparse_categorical_crossentropy(i, K.softmax(x)), K.hard_sigmoid(x),
            K.elu(x, 0.5), K.round(x * 3), K.l2_normalize(x, axis=1), K.repeat(x, 2),
            K.tile(x, [1, 2]), K.arange(5), K.cumsum(x, 1), K.std(x), K.var(x, axis=0),
            K.switch(K.constant(True, dtype="bool"), lambda: x, lambda: -x), K.clip(x, 0.2, 0.6),
            K.sqrt(x - 0.5), K.pow(x, 2), K.any(K.greater(x, 0.9), axis=1), K.argmax(x),
            K.batch_flatten(K.reshape(x, (-1, 3, 1)))]
    shapes = [[None, 4], [None, 3], [None, 6], [None, 3], [None], [None, 3], [None, 3],
              [None, 3], [None, 3], [None, 2, 3], [None, 6], [5], [None, 3], [], [3],
              [None, 3], [None, 3], [None, 3], [None, 3], [None], [None], [None, None]]
    assert [o.shape.as_list() for o in outs] == shapes
    data = np.array([[0.1, 0.6, -0.4], [1.5, 0.2, 0.7]], "float32")
    got = K.function([x, i], outs)([data, np.array([1, 2], "int32")])
    expected = [
        [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0], [-0.1, 0.6, 0.4, 1.5, -0.2, 0.7],
        [0.1, 0.1, 0.6, 0.6, -0.4, -0.4, 1.5, 1.5, 0.2, 0.2, 0.7, 0.7],
        [0.6444, 1.0375, 0.913, 0.2014, 0.7981, 0.4032], [0.6803, 1.3434],
        [0.52, 0.62, 0.42, 0.8, 0.54, 0.64], [0.1, 0.6, -0.1648, 1.5, 0.2, 0.7],
        [0.0, 2.0, -1.0, 4.0, 1.0, 2.0], [0.1374, 0.8242, -0.5494, 0.8996, 0.12, 0.4198],
        [0.1, 0.6, -0.4, 0.1, 0.6, -0.4, 1.5, 0.2, 0.7, 1.5, 0.2, 0.7],
        [0.1, 0.6, -0.4, 0.1, 0.6, -0.4, 1.5, 0.2, 0.7, 1.5, 0.2, 0.7], [0, 1, 2, 3, 4],
        [0.1, 0.7, 0.3, 1.5, 1.7, 2.4], [0.5909], [0.49, 0.04, 0.3025],
        [0.1, 0.6, -0.4, 1.5, 0.2, 0.7], [0.2, 0.6, 0.2, 0.6, 0.2, 0.6],
        [0.0, 0.3162, 0.0, 1.0, 0.0, 0.4472], [0.01, 0.36, 0.16, 2.25, 0.04, 0.49], [0, 1],
        [1, 0], [0.1, 0.6, -0.4, 1.5, 0.2, 0.7]]
    for value, want in zip(got, expected):
        np.testing.assert_allclose(np.ravel(np.asarray(value, "float64")), want, atol=1e-4)
