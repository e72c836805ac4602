"""tf.keras.Input(sparse=True) / InputLayer(sparse=True) / tf.keras.backend.placeholder(
sparse=True): a `tf.sparse_placeholder` (fed a tf.SparseTensorValue), Dense on a sparse input
(sparse-dense matmul, as TF 1.x's Dense), and fit / predict on a tf.data Dataset of sparse
batches (what TF's graph-mode fit takes without scipy: it refuses a SparseTensorValue as an
array); values recorded from TF 2.21 compat.v1."""
import numpy as np
import pytest


def _sparse_value(tf):
    return tf.SparseTensorValue([[0, 0], [1, 2], [2, 1]], np.array([1., 2., 3.], np.float32),
                                [3, 3])


def test_backend_sparse_placeholder(tf):
    K = tf.keras.backend
    p = K.placeholder(shape=(None, 3), sparse=True, name="sp")
    assert isinstance(p, tf.SparseTensor) and K.is_sparse(p)
    assert K.int_shape(p) == (None, 3) and K.ndim(p) == 2
    assert p.indices.name == "sp/indices:0" and p.values.dtype == tf.float32
    assert K.placeholder(ndim=2, sparse=True).shape.as_list() == [None, None]


def test_sparse_input_dense_values_and_config(tf):
    inp = tf.keras.Input(shape=(3,), sparse=True, name="sin")
    assert isinstance(inp, tf.SparseTensor) and inp.shape.as_list() == [None, 3]
    dense = tf.keras.layers.Dense(2, kernel_initializer=tf.keras.initializers.Constant(
        np.arange(6.).reshape(3, 2)), bias_initializer="ones")
    out = dense(inp)
    assert out.shape.as_list() == [None, 2]
    model = tf.keras.Model(inp, out)
    # recorded from TF 2.21 compat.v1
    np.testing.assert_allclose(tf.keras.backend.get_session().run(out, {inp: _sparse_value(tf)}),
                               [[1.0, 2.0], [9.0, 11.0], [7.0, 10.0]])
    assert model.layers[0].get_config() == {
        "batch_input_shape": (None, 3), "dtype": "float32", "sparse": True, "ragged": False,
        "name": "sin", "optional": False}
    again = tf.keras.Model.from_config(model.get_config())
    assert again.layers[0].sparse and isinstance(again.inputs[0], tf.SparseTensor)


def test_input_layer_sparse(tf):
    layer = tf.keras.layers.InputLayer(input_shape=(4,), sparse=True)
    assert layer.sparse and layer.get_config()["sparse"] is True
    assert isinstance(layer._inbound_nodes[0].output_tensors[0], tf.SparseTensor)


@pytest.mark.tfcompat_only
def test_backend_function_feeds_a_sparse_value():
    # TF 2.21 fails here (InvalidArgumentError: dense_shape must be a vector): see
    # known_differences.txt
    import tfcompat as tf
    with tf.Graph().as_default():
        inp = tf.keras.Input(shape=(3,), sparse=True)
        out = tf.keras.layers.Dense(2, kernel_initializer="ones", bias_initializer="zeros")(inp)
        f = tf.keras.backend.function([inp], [out])
        np.testing.assert_allclose(f([_sparse_value(tf)])[0], [[1., 1.], [2., 2.], [3., 3.]])


def test_fit_and_predict_a_dataset_of_sparse_batches(tf):
    inp = tf.keras.Input(shape=(3,), sparse=True, name="sin")
    out = tf.keras.layers.Dense(2, kernel_initializer="ones", bias_initializer="zeros")(inp)
    model = tf.keras.Model(inp, out)
    model.compile("sgd", "mse")
    st = tf.SparseTensor(indices=[[0, 0], [1, 2], [2, 1]],
                         values=np.array([1., 2., 3.], np.float32), dense_shape=[3, 3])
    y = np.ones((3, 2), np.float32)
    history = model.fit(tf.data.Dataset.from_tensors((st, y)).repeat(), epochs=2,
                        steps_per_epoch=1, verbose=0)
    # recorded from TF 2.21 compat.v1
    np.testing.assert_allclose(history.history["loss"], [1.6666666, 1.559626], rtol=1e-5)
    got = model.predict(tf.data.Dataset.from_tensors(st), steps=1)
    np.testing.assert_allclose(got, [[0.9803778, 0.9803778], [1.9539889, 1.9539889],
                                     [2.8624446, 2.8624446]], rtol=1e-5)
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(kernel[:, 0], [1.0000334, 0.96070004, 0.98682225], rtol=1e-5)
    np.testing.assert_allclose(bias, [-0.01965556, -0.01965556], rtol=1e-4)
