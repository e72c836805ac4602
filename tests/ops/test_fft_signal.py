"""Spectral ops, tf.signal composites, tf.audio WAV files and special functions: the semantics that
are easy to get wrong. Expected values were recorded from TF 2.21 compat.v1 (graph mode) unless a
test says it checks tfcompat against numpy (where TF has no CPU kernel)."""
import numpy as np
import pytest


def _run(tf, fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def test_rfft_pads_and_crops_to_fft_length(tf):
    x = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    padded, cropped = tf.signal.rfft(x, [8]), tf.signal.rfft(x, [4])
    assert padded.shape.as_list() == [5] and cropped.shape.as_list() == [3]
    assert padded.dtype == tf.complex64 and padded.op.type == "RFFT"
    got = _run(tf, [padded, cropped])
    np.testing.assert_allclose(got[0], np.fft.rfft([1, 2, 3, 4, 5, 6], 8), rtol=1e-5)
    np.testing.assert_allclose(got[1], np.fft.rfft([1, 2, 3, 4], 4), rtol=1e-5)


def test_irfft_default_length_is_twice_the_last_dim_minus_two(tf):
    y = tf.signal.irfft(tf.constant([[1 + 0j, 2 - 1j, 0.5 + 0j]], tf.complex128))
    assert y.shape.as_list() == [1, 4] and y.dtype == tf.float64
    np.testing.assert_allclose(_run(tf, y), [[1.375, 0.625, -0.625, -0.375]], atol=1e-12)


def test_rfft3d_has_no_gradient_as_in_tf(tf):
    x = tf.ones([2, 2, 2])
    with pytest.raises(LookupError, match="op type: RFFT3D"):
        tf.gradients(tf.reduce_sum(tf.abs(tf.signal.rfft3d(x))), x)


@pytest.mark.tfcompat_only
def test_fftnd_family_matches_numpy(tf):
    # TF 2.21 has no CPU kernel for these; tfcompat's values are checked against numpy.fft
    rng = np.random.RandomState(0)
    xr = rng.randn(2, 3, 6).astype(np.float32)
    xc = (xr + 1j * rng.randn(2, 3, 6)).astype(np.complex64)
    out = _run(tf, {"fftnd": tf.signal.fftnd(xc, [3, 6], axes=[1, 2]),
                    "ifftnd": tf.signal.ifftnd(xc, [2, 3, 6], norm="ortho"),
                    "rfftnd": tf.signal.rfftnd(xr, [3, 8], axes=[-2, -1]),
                    "irfftnd": tf.signal.irfftnd(xc)})
    np.testing.assert_allclose(out["fftnd"], np.fft.fftn(xc, axes=[1, 2]), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(out["ifftnd"], np.fft.ifftn(xc, norm="ortho"), rtol=1e-4,
                               atol=1e-5)
    np.testing.assert_allclose(out["rfftnd"], np.fft.rfftn(xr, [3, 8], axes=[-2, -1]),
                               rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(out["irfftnd"], np.fft.irfftn(xc), rtol=1e-4, atol=1e-5)


def test_fftshift_and_windows(tf):
    shifted = tf.signal.fftshift([0.0, 1.0, 2.0, 3.0, 4.0, -5.0, -4.0, -3.0, -2.0, -1.0])
    assert shifted.op.type == "Roll"
    got = _run(tf, [shifted, tf.signal.hann_window(5, periodic=False),
                    tf.signal.hamming_window(4), tf.signal.vorbis_window(4)])
    np.testing.assert_allclose(got[0], [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4])
    np.testing.assert_allclose(got[1], [0.0, 0.5, 1.0, 0.5, 0.0], atol=1e-7)
    np.testing.assert_allclose(got[2], [0.08, 0.54, 1.0, 0.54], atol=1e-6)
    np.testing.assert_allclose(got[3], [0.22801436, 0.9736578, 0.9736578, 0.22801416],
                               atol=1e-6)


def test_frame_and_overlap_and_add_invert_each_other(tf):
    x = tf.range(10.0)
    frames = tf.signal.frame(x, 4, 2, pad_end=True)
    assert frames.shape.as_list() == [5, 4]
    got = _run(tf, [frames, tf.signal.overlap_and_add(tf.reshape(tf.range(6.0), [2, 3]), 2)])
    np.testing.assert_array_equal(got[0][-1], [8.0, 9.0, 0.0, 0.0])
    np.testing.assert_array_equal(got[1], [0.0, 1.0, 5.0, 4.0, 5.0])


def test_dct_types_recorded_from_tf(tf):
    x = tf.constant([[1.0, 2.0, -1.0, 0.5]])
    got = _run(tf, [tf.signal.dct(x, type=1), tf.signal.dct(x, norm="ortho"),
                    tf.signal.dct(x, type=4), tf.spectral.idct(x, type=3)])
    np.testing.assert_allclose(got[0], [[3.5, 3.5, 0.5000001, -5.5]], atol=1e-5)
    np.testing.assert_allclose(got[1], [[1.25, 1.1384349, 0.24999993, -1.8245453]], atol=1e-5)
    np.testing.assert_allclose(got[2], [[4.3713984, 2.288578, -2.3707116, -4.475825]],
                               atol=1e-5)
    np.testing.assert_allclose(got[3], [[5.0, 3.21998, 0.7071066, -5.1605935]], atol=1e-5)


def test_wav_encoding_is_tfs_bytes(tf):
    audio = tf.constant([[0.0, 0.5], [-1.0, 1.0], [0.25, -0.3], [2.0, -2.0]])
    wav = tf.audio.encode_wav(audio, 16000)
    decoded = tf.audio.decode_wav(wav, desired_channels=1, desired_samples=5)
    assert wav.shape.as_list() == [] and decoded.audio.shape.as_list() == [5, 1]
    got = _run(tf, [wav, decoded])
    assert got[0] == (b"RIFF4\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x02\x00\x80>\x00\x00"
                      b"\x00\xfa\x00\x00\x04\x00\x10\x00data\x10\x00\x00\x00\x00\x00\x00@"
                      b"\x00\x80\xff\x7f\x00 \x9a\xd9\xff\x7f\x00\x80")
    np.testing.assert_allclose(got[1].audio[:, 0], [0.0, -1.0, 0.25, 0.99996948, 0.0])
    assert got[1].sample_rate == 16000


def test_special_function_edges_recorded_from_tf(tf):
    v = tf.constant([-1.0, 0.0, 0.1, 1.0, 7.0], tf.float64)
    got = _run(tf, {"expint": tf.math.special.expint(v), "spence": tf.math.special.spence(v),
                    "k0": tf.math.special.bessel_k0(v), "y0": tf.math.special.bessel_y0(v),
                    "zeta": tf.math.zeta([3.0, 2.0, 2.0, 1.0], [0.0, -2.0, -2.5, np.nan]),
                    "igamma": tf.math.igamma([np.nan, -1.0, 2.0], [0.0, 0.0, -1.0]),
                    "igammac": tf.math.igammac([np.nan, 2.0], [0.0, 0.0]),
                    "polygamma": tf.math.polygamma([2.0, 1.0, 0.5], [0.0, -2.0, 1.0])})
    np.testing.assert_allclose(got["expint"], [np.nan, -np.inf, -1.6228128139692766,
                                               1.8951178163559370, 191.50474333550136])
    np.testing.assert_allclose(got["spence"], [np.nan, 1.6449340668482264, 1.2997147230049588,
                                               0.0, -3.089942051088032])
    np.testing.assert_allclose(got["k0"][:2], [np.inf, np.inf])
    np.testing.assert_allclose(got["y0"][:2], [-np.inf, -np.inf])
    np.testing.assert_allclose(got["zeta"][:3], [np.nan, np.inf, 9.539247], rtol=1e-6)
    assert got["zeta"][3] == np.inf
    np.testing.assert_array_equal(got["igamma"], [0.0, 0.0, np.nan])
    np.testing.assert_array_equal(got["igammac"], [np.nan, 1.0])
    np.testing.assert_array_equal(got["polygamma"], [np.nan, np.inf, np.nan])


def test_special_function_gradients_recorded_from_tf(tf):
    a = tf.constant([0.5, 1.5, 3.0])
    b = tf.constant([2.0, 0.7, 1.2])
    x = tf.constant([0.3, 0.6, 0.9])
    grads = tf.gradients(tf.math.igamma(a, b), [a, b]) + \
        tf.gradients(tf.math.betainc(a, b, x), [a, b, x])
    assert grads[2] is None and grads[3] is None   # TF: no gradient in a, b of Betainc
    got = _run(tf, [grads[0], grads[1], grads[4]])
    np.testing.assert_allclose(got[0], [-0.13561936, -0.34701878, -0.13968883], rtol=1e-5)
    np.testing.assert_allclose(got[1], [0.05399096, 0.46881115, 0.21685985], rtol=1e-5)
    np.testing.assert_allclose(got[2], [0.95851445, 0.97661465, 2.158782], rtol=1e-5)


def test_sobol_sample_skips_the_zero_point(tf):
    got = _run(tf, tf.math.sobol_sample(2, 3, skip=1))
    np.testing.assert_array_equal(got, [[0.75, 0.25], [0.25, 0.75], [0.375, 0.375]])


def test_one_object_per_name(tf):
    assert tf.signal.fft is tf.spectral.fft is tf.fft
    assert tf.signal.dct is tf.spectral.dct
    assert tf.math.special.bessel_i0 is tf.math.bessel_i0
    assert tf.dtypes.cast is tf.cast and tf.dtypes.complex is tf.complex
    assert tf.math.bincount is tf.bincount and tf.math.zeta is tf.zeta
