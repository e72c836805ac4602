"""The TF speech_commands tutorial (tensorflow/examples/speech_commands, 2017, input_data.py and
models.py): decode_wav with desired_samples, volume scaling, time shift via tf.pad + tf.slice,
background noise mixing with clip_by_value, audio_spectrogram (magnitude_squared), mfcc, conv
model on the fingerprint, plus raw_ops shapes."""
import io
import struct
import wave

import numpy as np
TAGS = ['speech', 'audio', 'train']
TOLERANCE = {'*': (1e-4, 1e-4)}


def _wav(samples, rate=16000):
    buf = io.BytesIO()
    w = wave.open(buf, 'wb')
    w.setnchannels(1)
    w.setsampwidth(2)
    w.setframerate(rate)
    w.writeframes(struct.pack('<%dh' % len(samples), *samples))
    w.close()
    return buf.getvalue()


def main(tf):
    out = {}
    rng = np.random.RandomState(7)
    sample_rate, desired_samples = 16000, 4000
    t = np.arange(3600) / float(sample_rate)
    pcm = (8000 * np.sin(2 * np.pi * 440 * t) + 2000 * rng.randn(3600)).astype(np.int16)
    wav_bytes = _wav(pcm.tolist())
    noise = (0.3 * rng.randn(desired_samples, 1)).astype(np.float32)
    audio_ops = tf.raw_ops

    wav_filename_placeholder = tf.placeholder(tf.string, [], name='wav_data')
    wav_decoder = tf.audio.decode_wav(wav_filename_placeholder, desired_channels=1,
                                      desired_samples=desired_samples)
    foreground_volume_placeholder = tf.placeholder(tf.float32, [])
    scaled_foreground = tf.multiply(wav_decoder.audio, foreground_volume_placeholder)
    time_shift_padding_placeholder = tf.placeholder(tf.int32, [2, 2])
    time_shift_offset_placeholder = tf.placeholder(tf.int32, [2])
    padded_foreground = tf.pad(scaled_foreground, time_shift_padding_placeholder,
                               mode='CONSTANT')
    sliced_foreground = tf.slice(padded_foreground, time_shift_offset_placeholder,
                                 [desired_samples, -1])
    background_data_placeholder = tf.placeholder(tf.float32, [desired_samples, 1])
    background_volume_placeholder = tf.placeholder(tf.float32, [])
    background_mul = tf.multiply(background_data_placeholder, background_volume_placeholder)
    background_add = tf.add(background_mul, sliced_foreground)
    background_clamp = tf.clip_by_value(background_add, -1.0, 1.0)
    spectrogram = audio_ops.AudioSpectrogram(input=background_clamp, window_size=480,
                                             stride=160, magnitude_squared=True)
    mfcc = audio_ops.Mfcc(spectrogram=spectrogram, sample_rate=wav_decoder.sample_rate,
                          dct_coefficient_count=13)
    spec_mag = audio_ops.AudioSpectrogram(input=background_clamp, window_size=256, stride=128)
    mfcc_wide = audio_ops.Mfcc(spectrogram=spec_mag * spec_mag, sample_rate=8000,
                               upper_frequency_limit=3800.0, lower_frequency_limit=60.0,
                               filterbank_channel_count=20, dct_coefficient_count=10)
    out['spec_shape'] = str(spectrogram.get_shape())
    out['mfcc_shape'] = str(mfcc.get_shape())
    out['spec_mag_shape'] = str(spec_mag.get_shape())
    out['op_types'] = [spectrogram.op.type, mfcc.op.type, mfcc.op.name]
    fingerprint_size = 13 * 23
    fingerprint_input = tf.reshape(mfcc, [-1, fingerprint_size])
    # models.create_low_latency_conv_model-ish single layer
    input_frequency_size, input_time_size = 13, 23
    fingerprint_4d = tf.reshape(fingerprint_input, [-1, input_time_size, input_frequency_size, 1])
    first_weights = tf.Variable(tf.truncated_normal([5, 4, 1, 8], stddev=0.01, seed=1))
    first_bias = tf.Variable(tf.zeros([8]))
    first_conv = tf.nn.conv2d(fingerprint_4d, first_weights, [1, 1, 1, 1], 'VALID') + first_bias
    first_relu = tf.nn.relu(first_conv)
    flat = tf.reshape(first_relu, [-1, 19 * 10 * 8])
    fc_w = tf.Variable(tf.truncated_normal([19 * 10 * 8, 4], stddev=0.01, seed=2))
    logits = tf.matmul(flat, fc_w)
    labels = tf.placeholder(tf.int64, [None])
    cross_entropy_mean = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    train_step = tf.train.GradientDescentOptimizer(0.01).minimize(cross_entropy_mean)
    predicted = tf.argmax(logits, 1)
    confusion = tf.confusion_matrix(labels, predicted, num_classes=4)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feeds = []
        for shift in (-100, 0, 150):
            if shift > 0:
                padding, offset = [[shift, 0], [0, 0]], [0, 0]
            else:
                padding, offset = [[0, -shift], [0, 0]], [-shift, 0]
            feeds.append({wav_filename_placeholder: wav_bytes, foreground_volume_placeholder: 0.8,
                          time_shift_padding_placeholder: padding,
                          time_shift_offset_placeholder: offset,
                          background_data_placeholder: noise,
                          background_volume_placeholder: 0.1 if shift else 0.0})
        mf = []
        for i, fd in enumerate(feeds):
            s, m, w, sm = sess.run([spectrogram, mfcc, mfcc_wide, spec_mag], fd)
            out['spec_%d' % i] = s[0, ::5, ::20]
            out['mfcc_%d' % i] = m
            out['mfcc_wide_%d' % i] = w
            out['spec_mag_%d' % i] = sm[0, ::6, ::9]
            mf.append(m.reshape(-1))
        batch = np.stack(mf)
        losses = []
        for _ in range(3):
            l, _ = sess.run([cross_entropy_mean, train_step],
                            {mfcc: batch.reshape(3, 23, 13), labels: [0, 1, 2]})
            losses.append(l)
        out['losses'] = np.array(losses)
        out['confusion'] = sess.run(confusion, {mfcc: batch.reshape(3, 23, 13),
                                                labels: [0, 1, 3]})
        try:
            tf.gradients(tf.reduce_sum(mfcc), spectrogram)
        except LookupError as e:
            out['grad_error'] = str(e)[:60]
    return out
