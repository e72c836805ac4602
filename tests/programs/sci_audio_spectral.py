"""A speech front end: WAV bytes through decode_wav, pad/slice, stft (pad_end), magnitude and
power spectra, a float64 mel matrix, log-mel, MFCCs, frames with a Hamming window, inverse_stft,
rfft/irfft/fft/rfft2d, DCT and overlap_and_add; the gradients of the log-mel mean and of |rfft|
with respect to the samples; encode_wav's bytes."""
import io
import struct
import wave

import numpy as np
TAGS = ['signal', 'audio']
TOLERANCE = {'*': (1e-4, 1e-4)}


def _wav(samples, rate=8000):
    buf = io.BytesIO()
    w = wave.open(buf, 'wb')
    w.setnchannels(1)
    w.setsampwidth(2)
    w.setframerate(rate)
    w.writeframes(struct.pack('<%dh' % len(samples),
                              *(np.clip(samples, -1, 1) * 32767).astype(np.int16)))
    w.close()
    return buf.getvalue()


def main(tf):
    out = {}
    rng = np.random.RandomState(3)
    t = np.arange(2000) / 8000.0
    raw = _wav(0.6 * np.sin(2 * np.pi * 440 * t) + 0.3 * np.sin(2 * np.pi * 1250 * t)
               + 0.05 * rng.randn(t.size))
    wav_data = tf.placeholder(tf.string, [])
    decoded = tf.audio.decode_wav(wav_data, desired_channels=1, desired_samples=2200)
    padded = tf.pad(decoded.audio * 0.8, [[64, 0], [0, 0]])
    signals = tf.transpose(tf.slice(padded, [0, 0], [2200, -1]))
    stfts = tf.signal.stft(signals, frame_length=256, frame_step=128, fft_length=256,
                           pad_end=True)
    magnitude = tf.abs(stfts)
    power = tf.real(stfts * tf.conj(stfts))
    mel_matrix = tf.signal.linear_to_mel_weight_matrix(20, 129, 8000, 80.0, 3800.0,
                                                       dtype=tf.float64)
    mel = tf.tensordot(tf.cast(magnitude, tf.float64), mel_matrix, 1)
    log_mel = tf.log(mel + 1e-6)
    mfccs = tf.signal.mfccs_from_log_mel_spectrograms(log_mel)[..., :13]
    frames = tf.signal.frame(signals, 200, 100, pad_end=True) * tf.signal.hamming_window(200)
    inverse = tf.signal.inverse_stft(
        tf.signal.stft(signals, 256, 128), 256, 128,
        window_fn=tf.signal.inverse_stft_window_fn(128))
    rf = tf.spectral.rfft(signals[:, :64])
    out['static'] = [str(x.get_shape()) for x in [decoded.audio, stfts, mel, mfccs, frames,
                                                  inverse, rf]]
    loss = tf.reduce_mean(tf.log(tf.tensordot(magnitude, tf.cast(mel_matrix, tf.float32), 1)
                                 + 1e-6))
    c = tf.complex(tf.constant([1.0, 2.0, 0.0, -1.0]), tf.constant([0.5, -1.0, 3.0, 0.0]))
    with tf.Session() as sess:
        feed = {wav_data: raw}
        out.update(sess.run({
            'audio_head': decoded.audio[:5, 0], 'rate': decoded.sample_rate,
            'stft_abs_sum': tf.reduce_sum(magnitude), 'power_sum': tf.reduce_sum(power),
            'peak_bins': tf.argmax(magnitude[0], axis=1), 'log_mel': log_mel[0, 3],
            'mfcc': mfccs[0, 3], 'frames_energy': tf.reduce_sum(tf.square(frames), -1),
            'inverse_mid': inverse[0, 400:410], 'rfft_abs': tf.abs(rf[0, :8]),
            'irfft_err': tf.reduce_max(tf.abs(tf.spectral.irfft(rf) - signals[:, :64])),
            'grad_logmel': tf.reduce_sum(tf.abs(tf.gradients(loss, signals)[0])),
            'grad_rfft': tf.gradients(tf.reduce_sum(tf.abs(rf)), signals)[0][0, :8],
            'encoded_len': tf.strings.length(tf.audio.encode_wav(decoded.audio,
                                                                 decoded.sample_rate)),
        }, feed))
        out['fft'] = sess.run(tf.fft(c))
        out['ifft'] = sess.run(tf.ifft(tf.fft(c)))
        out['rfft2d'] = sess.run(tf.spectral.rfft2d(tf.reshape(tf.range(12.0), [3, 4])))
        out['dct'] = sess.run(tf.signal.dct(tf.constant([[1.0, 2.0, 3.0, 4.0]]), norm='ortho'))
        out['ola'] = sess.run(tf.signal.overlap_and_add(tf.reshape(tf.range(12.0), [3, 4]), 2))
        out['hann'] = sess.run(tf.signal.hann_window(8, periodic=True))
    return out
