"""Keras backend helpers of 2017-2019 code (the OCR example's CTC, custom batch-norm layers,
resize_images). Expected values recorded from TF 2.21 compat.v1 (tf_keras)."""
import numpy as np

Y_PRED = np.array([[[0.1, 0.6, 0.3], [0.5, 0.2, 0.3], [0.2, 0.2, 0.6], [0.7, 0.2, 0.1]],
                   [[0.3, 0.3, 0.4], [0.1, 0.8, 0.1], [0.6, 0.1, 0.3], [0.2, 0.2, 0.6]]],
                  np.float32)
X = np.arange(8, dtype=np.float32).reshape(1, 2, 2, 2)


def _run(tf, fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def test_ctc_batch_cost_and_greedy_decode(tf):
    K = tf.keras.backend
    cost = K.ctc_batch_cost(K.constant([[1, 0], [1, 0]]), K.constant(Y_PRED),
                            K.constant([[4], [3]], dtype="int64"),
                            K.constant([[2], [1]], dtype="int64"))
    decoded, log_prob = K.ctc_decode(Y_PRED, np.array([4, 4]), greedy=True)
    c, d, lp = _run(tf, [cost, decoded[0], log_prob])
    np.testing.assert_allclose(c, [[1.16283], [1.4397]], rtol=1e-5)
    assert d.tolist() == [[1, 0, 0, -1], [1, 0, -1, -1]]
    np.testing.assert_allclose(lp, [[2.07147], [2.16108]], rtol=1e-5)


def test_resize_images_bilinear_uses_half_pixel_centers(tf):
    K = tf.keras.backend
    out = _run(tf, K.resize_images(K.constant(X), 2, 2, "channels_last",
                                   interpolation="bilinear"))
    np.testing.assert_allclose(out[0, :, :, 0], [[0.0, 0.5, 1.5, 2.0], [1.0, 1.5, 2.5, 3.0],
                                                 [3.0, 3.5, 4.5, 5.0], [4.0, 4.5, 5.5, 6.0]])


def test_batch_normalization_helpers(tf):
    K = tf.keras.backend
    normed, mean, var = K.normalize_batch_in_training(K.constant(X), None, None, [0, 1, 2])
    normed2, _, var2 = K.normalize_batch_in_training(K.constant(X.reshape(4, 2)),
                                                     K.constant([1.0, 2.0]),
                                                     K.constant([0.0, 1.0]), [0])
    bn = K.batch_normalization(K.constant(X), K.constant([1.0, 2.0]), K.constant([4.0, 1.0]),
                               K.constant([0.0, 1.0]), K.constant([2.0, 1.0]), axis=-1,
                               epsilon=1e-3)
    n, m, v, n2, v2, b = _run(tf, [normed, mean, var, normed2, var2, bn])
    np.testing.assert_allclose(n[0, :, :, 0], [[-1.34151, -0.44717], [0.44717, 1.34151]],
                               rtol=1e-5)
    np.testing.assert_allclose(m, [3.0, 4.0])
    np.testing.assert_allclose(v, [6.66667, 6.66667], rtol=1e-5)   # the unbiased variance
    np.testing.assert_allclose(n2[:, 1], [-1.68301, 0.10566, 1.89434, 3.68301], atol=1e-5)
    np.testing.assert_allclose(v2, [5.0, 5.0])
    np.testing.assert_allclose(b.ravel()[:4], [-0.999875, 0.0004996, 0.999875, 1.9995],
                               rtol=1e-5, atol=1e-6)


def test_rnn_time_loop_with_mask_and_constants(tf):
    K = tf.keras.backend
    rng = np.random.RandomState(0)
    x = K.constant(rng.rand(2, 4, 3).astype(np.float32))
    W = K.constant(rng.rand(3, 2).astype(np.float32))
    U = K.constant(rng.rand(2, 2).astype(np.float32))

    def step(inp, states):
        h = K.tanh(K.dot(inp, W) + K.dot(states[0], U))
        return h * states[1], [h, states[1] + 1.0]

    def step_with_constant(inp, states):
        return K.tanh(K.dot(inp, W) + states[1]), [K.tanh(K.dot(inp, W) + states[1])]
    init = [K.zeros((2, 2)), K.ones((2, 2))]
    mask = K.constant(np.array([[1, 1, 0, 0], [1, 1, 1, 1]]), dtype="bool")
    plain = K.rnn(step, x, init)
    masked = K.rnn(step, x, init, mask=mask, go_backwards=True)
    zeroed = K.rnn(step, x, init, mask=mask, zero_output_for_mask=True)
    const = K.rnn(step_with_constant, x, [K.zeros((2, 2))], constants=[K.constant([0.5, -0.5])])
    assert plain[1].shape.as_list() == [2, 4, 2] and len(plain[2]) == 2
    p, m, z, c = K.get_session().run([plain, masked, zeroed, const])   # K.zeros: variables
    np.testing.assert_allclose(p[0], [[3.2238, 3.9403], [3.3896, 3.9462]], atol=1e-4)
    np.testing.assert_allclose(p[2][1], [[5.0, 5.0], [5.0, 5.0]])
    np.testing.assert_allclose(m[0], [[1.4767, 1.9345], [2.8136, 3.9373]], atol=1e-4)
    np.testing.assert_allclose(m[1][0, :2], [[0.0, 0.0], [0.0, 0.0]], atol=1e-4)
    np.testing.assert_allclose(m[2][1], [[3.0, 3.0], [5.0, 5.0]])
    np.testing.assert_allclose(z[0], [[0.0, 0.0], [3.3896, 3.9462]], atol=1e-4)
    np.testing.assert_allclose(c[0], [[0.7328, 0.6123], [0.7887, 0.6475]], atol=1e-4)
