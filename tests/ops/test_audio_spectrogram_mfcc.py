"""AudioSpectrogram and Mfcc (the speech_commands front end, tf.raw_ops / contrib audio_ops):
values, static shapes, errors and the missing gradient, against TF's CPU kernels."""
import numpy as np
import pytest


def _audio():
    x = np.sin(np.arange(40) * 0.7) * 0.5 + np.cos(np.arange(40) * 0.13) * 0.2
    return x.astype(np.float32).reshape(20, 2)


POWER = [[[0.004678, 0.188594, 0.48782, 0.177935, 0.014788],
          [0.081718, 0.542418, 0.669766, 0.192787, 0.002443],
          [0.189388, 0.412372, 0.539751, 0.192687, 0.001983],
          [0.008234, 0.107725, 0.408068, 0.176284, 0.013659]],
         [[0.000967, 0.110653, 0.432543, 0.170713, 0.018629],
          [0.311646, 0.596003, 0.653709, 0.174121, 0.01424],
          [0.51815, 0.723554, 0.636968, 0.18808, 0.002424],
          [0.063098, 0.257356, 0.439599, 0.188179, 0.001705]]]


def test_audio_spectrogram_values_and_shapes(tf):
    a = tf.constant(_audio())
    power = tf.raw_ops.AudioSpectrogram(input=a, window_size=6, stride=4, magnitude_squared=True)
    magnitude = tf.raw_ops.AudioSpectrogram(input=a, window_size=6, stride=4)
    p = tf.placeholder(tf.float32, [None, 3])
    short = tf.raw_ops.AudioSpectrogram(input=p, window_size=5, stride=3)
    assert power.shape.as_list() == [2, 4, 5]
    assert short.shape.as_list() == [3, None, 5]
    with tf.Session() as sess:
        got_power, got_mag = sess.run([power, magnitude])
        assert sess.run(short, {p: np.zeros((4, 3), np.float32)}).shape == (3, 0, 5)
    np.testing.assert_allclose(got_power, POWER, rtol=1e-4, atol=2e-6)
    np.testing.assert_allclose(got_mag, np.sqrt(POWER), rtol=1e-4, atol=2e-5)


def test_mfcc_values(tf):
    rng = np.random.RandomState(0)
    spec = tf.constant(rng.rand(1, 2, 33).astype(np.float32) * 4)
    m = tf.raw_ops.Mfcc(spectrogram=spec, sample_rate=8000, filterbank_channel_count=10,
                        dct_coefficient_count=5, lower_frequency_limit=100.0,
                        upper_frequency_limit=3500.0)
    wide = tf.raw_ops.Mfcc(spectrogram=spec, sample_rate=16000, filterbank_channel_count=10,
                           dct_coefficient_count=3, upper_frequency_limit=7000.0)
    assert m.shape.as_list() == [1, 2, 5]
    with tf.Session() as sess:
        got_m, got_wide = sess.run([m, wide])
    np.testing.assert_allclose(got_m, [[[5.134371, -1.305456, -0.127033, -0.414273, 0.225709],
                                        [4.839368, -1.020715, -0.029969, -0.343854, -0.188143]]],
                               rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_wide, [[[4.935916, -1.844184, -0.059499],
                                           [3.718878, -2.480799, -0.980251]]],
                               rtol=1e-5, atol=1e-5)


def test_errors_and_no_gradient(tf):
    a = tf.constant(_audio())
    with pytest.raises(ValueError, match="window size must be > 1, got 1 for '{{node"):
        tf.raw_ops.AudioSpectrogram(input=a, window_size=1, stride=1, magnitude_squared=False)
    spec = tf.constant(np.ones((1, 2, 33), np.float32))
    bad = tf.raw_ops.Mfcc(spectrogram=spec, sample_rate=8000, dct_coefficient_count=50)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Mfcc initialization failed for channel count 33, sample rate "
                                 "8000 and filterbank_channel_count 40"):
            sess.run(bad)
    s = tf.raw_ops.AudioSpectrogram(input=a, window_size=6, stride=4)
    with pytest.raises(LookupError, match="No gradient defined for operation'AudioSpectrogram"):
        tf.gradients(s, a)


@pytest.mark.tfcompat_only
def test_gen_audio_ops_module_alias(tf):
    """`from tensorflow.python.ops import gen_audio_ops` (what contrib's audio_ops re-exports)."""
    from tfcompat._import_hook import python_namespace
    gen_audio_ops = python_namespace().ops.gen_audio_ops
    spec = gen_audio_ops.audio_spectrogram(tf.zeros([40, 1]), window_size=8, stride=4,
                                           magnitude_squared=True)
    mfcc = gen_audio_ops.mfcc(spec, 8000, dct_coefficient_count=3, filterbank_channel_count=4)
    assert (spec.op.type, spec.shape.as_list()) == ("AudioSpectrogram", [1, 9, 5])
    assert (mfcc.op.type, mfcc.shape.as_list()) == ("Mfcc", [1, 9, 3])
    assert gen_audio_ops.decode_wav is tf.audio.decode_wav
