"""Edges of tf.signal / tf.audio found by sweep S72: RFFT's shape rule (zero and negative
fft_length, fft_length's size), frame with a zero step, DCT on numpy input / unknown lengths /
one-element type I, WAV ops' rank checks and AudioSpectrogram's stride check. Expected values are
TF 2.21 compat.v1's (graph mode)."""
import numpy as np
import pytest


def _run(tf, fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def test_rfft_of_empty_inner_dim_is_empty(tf):
    y = tf.signal.rfft(tf.zeros([3, 0]))
    assert y.shape.as_list() == [3, 0]
    assert _run(tf, y).shape == (3, 0)


def test_rfft_fft_length_must_hold_one_length(tf):
    with pytest.raises(ValueError, match=r"^Dimension must be 1 but is 2 for '\{\{node rfft"):
        tf.signal.rfft(np.ones(8, np.float32), fft_length=[4, 4])
    with pytest.raises(ValueError, match=r"^Dimension must be 2 but is 1 for "):
        tf.signal.irfft2d(np.ones([3, 4], np.complex64), fft_length=[4])


def test_rfft_negative_fft_length_builds_and_fails_at_run_time(tf):
    y = tf.signal.rfft(np.arange(8, dtype=np.float32), fft_length=[-2])
    assert y.shape.as_list() == [0]   # C's -2 / 2 + 1
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"fft_length\[0\] must >= 0, but got: -2"):
        _run(tf, y)


def test_frame_with_zero_step_fails_at_run_time(tf):
    f = tf.signal.frame(np.arange(10, dtype=np.float32), 2, 0)
    assert f.shape.as_list() == [0, 2]
    with pytest.raises(tf.errors.InvalidArgumentError):
        _run(tf, f)


def test_dct_type1_of_numpy_input_and_of_one_element(tf):
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    d, one = tf.signal.dct(x, type=1), tf.signal.dct(x, type=1, n=1)
    assert d.shape.as_list() == [2, 3] and one.shape.as_list() == [2, 1]
    got = _run(tf, [d, one])
    np.testing.assert_allclose(got[0], [[4, -2, 0], [16, -2, 0]], atol=1e-5)
    np.testing.assert_allclose(got[1], [[0], [3]])
    with pytest.raises(ValueError, match="^Type-I DCT requires the dimension to be greater than one."):
        tf.signal.dct(x[:, :1], type=1)


def test_dct_of_unknown_length_cuts_or_pads_at_run_time(tf):
    p = tf.placeholder(tf.float32, [None, None])
    x = np.array([[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]], np.float32)
    d4, d2n, d2m = tf.signal.dct(p, type=4), tf.signal.dct(p, n=4), tf.signal.dct(p, n=8)
    assert d4.shape.as_list() == [None, None]
    got = _run(tf, [d4, d2n, d2m], {p: x})
    np.testing.assert_allclose(got[0], [[20.701767, -20.13964, 9.607026, -8.676667, 6.811378,
                                         -6.622483]], rtol=1e-5)
    np.testing.assert_allclose(got[1], [[20.0, -6.3086443, 0.0, -0.44834089]], rtol=1e-5,
                               atol=1e-5)
    np.testing.assert_allclose(got[2], [[42.0, 1.5638461, -20.13964, 7.8784304, -1.4142137,
                                         -5.645481, 6.811378, -4.8593473]], rtol=1e-5)


def test_dct_of_a_scalar_is_an_index_error(tf):
    with pytest.raises(IndexError):
        tf.signal.dct(tf.constant(2.0))


def test_reverse_strided_slice_past_a_one_element_axis_is_empty(tf):
    x = tf.constant([[1.0], [2.0]])
    y = x[..., -2:0:-1]
    assert y.shape.as_list() == [2, 0]
    assert _run(tf, y).shape == (2, 0)


def test_wav_ops_check_ranks_when_building(tf):
    with pytest.raises(ValueError, match=r"^Shape must be rank 0 but is rank 1 for '\{\{node DecodeWav"):
        tf.audio.decode_wav([b"RIFF"])
    audio = np.zeros([4, 1], np.float32)
    with pytest.raises(ValueError, match=r"^Shape must be rank 0 but is rank 1 for '\{\{node EncodeWav"):
        tf.audio.encode_wav(audio, [8000])
    with pytest.raises(ValueError, match=r"^Shape must be rank 2 but is rank 1 for "):
        tf.audio.encode_wav(audio[:, 0], 8000)


def test_audio_spectrogram_stride_must_be_positive(tf):
    with pytest.raises(ValueError, match="^stride must be strictly positive, got 0 for "):
        tf.raw_ops.AudioSpectrogram(input=np.ones([20, 1], np.float32), window_size=8, stride=0)


@pytest.mark.tfcompat_only
def test_rfft_gradient_with_a_shorter_fft_length(tf):
    # TF's RFFT gradient adds a tensor of fft_length's size to one of the input's and fails to
    # build ("Dimensions must be equal, but are 4 and 6"); the gradient of the cropped input is
    # the gradient of the first 4 samples and zero after them
    x = tf.constant(np.arange(6, dtype=np.float32))
    g = tf.gradients(tf.reduce_sum(tf.imag(tf.signal.rfft(x, fft_length=[4]))), x)[0]
    np.testing.assert_allclose(_run(tf, g), [0, -1, 0, 1, 0, 0], atol=1e-6)
