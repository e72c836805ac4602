"""Audio tables: decode_wav/encode_wav round trips (mono/stereo, desired_channels/samples, clipping,
empty audio, float64 and bad inputs), tf.raw_ops AudioSpectrogram and Mfcc on window/stride/
magnitude_squared and their attrs (filterbank channels, upper/lower frequency, dct count), with
static shapes of unknown inputs and the errors of bad ranks."""
import io
import struct
import wave

import numpy as np
TAGS = ['audio', 'signal', 'errors']
TOLERANCE = {"*": (1e-4, 1e-4)}


def _err(e):
    # the node text after " for '" lists attrs; keep the message itself
    return "%s:%s" % (type(e).__name__, str(e).split("\n")[0].split(" for '{{node")[0][:160])


def _cell(sess, fn, feed=None):
    try:
        t = fn()
    except Exception as e:  # noqa
        return "B:" + _err(e)
    ts = list(t) if isinstance(t, (list, tuple)) else [t]
    try:
        vs = sess.run(ts, feed_dict=feed)
    except Exception as e:  # noqa
        return "E:" + type(e).__name__
    res = {}
    for i, (x, v) in enumerate(zip(ts, vs)):
        res["s%d" % i] = str(x.shape)
        res["d%d" % i] = x.dtype.name
        v = np.asarray(v)
        res["v%d" % i] = v
    return res
def _wav(samples, channels=1, rate=8000, width=2):
    buf = io.BytesIO()
    w = wave.open(buf, "wb")
    w.setnchannels(channels)
    w.setsampwidth(width)
    w.setframerate(rate)
    if width == 2:
        w.writeframes(struct.pack("<%dh" % len(samples), *np.asarray(samples, np.int16)))
    else:
        w.writeframes(bytes(np.asarray(samples, np.uint8)))
    w.close()
    return buf.getvalue()


def main(tf):
    out = {}
    sess = tf.Session()
    mono = _wav([0, 1000, -1000, 32767, -32768, 5, 0, 12])
    stereo = _wav([0, 100, 200, 300, -400, -500, 600, 700], channels=2, rate=16000)
    for nm, raw in [("mono", mono), ("stereo", stereo), ("empty", _wav([])), ("u8", _wav([0, 128, 255], width=1)),
                    ("junk", b"RIFFxxxxWAVEjunk"), ("empty_str", b"")]:
        for dc, ds in [(-1, -1), (1, -1), (2, -1), (1, 4), (1, 12), (3, 3)]:
            out["dec_%s_%d_%d" % (nm, dc, ds)] = _cell(sess, lambda: tf.audio.decode_wav(raw, desired_channels=dc, desired_samples=ds))
    pw = tf.placeholder(tf.string, [])
    out["dec_ph"] = _cell(sess, lambda: tf.audio.decode_wav(pw), {pw: stereo})
    out["dec_vec"] = _cell(sess, lambda: tf.audio.decode_wav([mono]))
    # encode
    a = np.array([[0.0], [0.5], [-0.5], [1.0], [-1.0], [1.5], [-2.0], [0.123456]], np.float32)
    for nm, audio in [("mono", a), ("stereo", np.concatenate([a, -a], 1)), ("empty", np.zeros([0, 1], np.float32)),
                      ("nochan", np.zeros([4, 0], np.float32))]:
        for rate in (8000, 44100):
            enc = tf.audio.encode_wav(audio, rate)
            dec = tf.audio.decode_wav(enc)
            out["enc_%s_%d" % (nm, rate)] = _cell(sess, lambda: [enc, dec.audio, dec.sample_rate])
    out["enc_f64"] = _cell(sess, lambda: tf.audio.encode_wav(a.astype(np.float64), 8000))
    out["enc_rank1"] = _cell(sess, lambda: tf.audio.encode_wav(a[:, 0], 8000))
    out["enc_rate_vec"] = _cell(sess, lambda: tf.audio.encode_wav(a, [8000]))
    out["enc_rate_neg"] = _cell(sess, lambda: tf.audio.encode_wav(a, -5))
    out["enc_nan"] = _cell(sess, lambda: tf.audio.encode_wav(np.array([[np.nan], [np.inf], [-np.inf]], np.float32), 8000))
    pa = tf.placeholder(tf.float32, [None, None])
    out["enc_ph"] = _cell(sess, lambda: tf.audio.encode_wav(pa, 16000), {pa: a})
    # spectrogram / mfcc raw ops
    rng = np.random.RandomState(5)
    sig = (np.sin(np.arange(200) * 0.3) * 0.5 + rng.randn(200) * 0.05).astype(np.float32).reshape(200, 1)
    sig2 = np.concatenate([sig, sig[::-1]], 1)
    for ws, st in [(32, 16), (30, 10), (64, 64), (200, 1), (201, 10), (5, 3)]:
        for ms in (False, True):
            out["spec_%d_%d_%s" % (ws, st, ms)] = _cell(sess, lambda: tf.raw_ops.AudioSpectrogram(input=sig2, window_size=ws, stride=st, magnitude_squared=ms))
    out["spec_rank1"] = _cell(sess, lambda: tf.raw_ops.AudioSpectrogram(input=sig[:, 0], window_size=8, stride=4))
    out["spec_f64"] = _cell(sess, lambda: tf.raw_ops.AudioSpectrogram(input=sig.astype(np.float64), window_size=8, stride=4))
    out["spec_stride0"] = _cell(sess, lambda: tf.raw_ops.AudioSpectrogram(input=sig, window_size=8, stride=0))
    out["spec_win1"] = _cell(sess, lambda: tf.raw_ops.AudioSpectrogram(input=sig, window_size=1, stride=1))
    ps = tf.placeholder(tf.float32, [None, 2])
    out["spec_ph"] = _cell(sess, lambda: tf.raw_ops.AudioSpectrogram(input=ps, window_size=16, stride=8), {ps: sig2})
    spec = tf.raw_ops.AudioSpectrogram(input=sig2, window_size=32, stride=16, magnitude_squared=True)
    for kw in [{}, dict(dct_coefficient_count=5), dict(filterbank_channel_count=10, dct_coefficient_count=10),
               dict(upper_frequency_limit=3000.0, lower_frequency_limit=100.0), dict(filterbank_channel_count=50, dct_coefficient_count=13),
               dict(upper_frequency_limit=100.0, lower_frequency_limit=200.0), dict(dct_coefficient_count=60),
               dict(lower_frequency_limit=-5.0), dict(upper_frequency_limit=8000.0)]:
        key = "_".join("%s%s" % (k[:3], v) for k, v in sorted(kw.items())) or "default"
        out["mfcc_" + key] = _cell(sess, lambda: tf.raw_ops.Mfcc(spectrogram=spec, sample_rate=8000, **kw))
    out["mfcc_rate_vec"] = _cell(sess, lambda: tf.raw_ops.Mfcc(spectrogram=spec, sample_rate=[8000]))
    out["mfcc_rank2"] = _cell(sess, lambda: tf.raw_ops.Mfcc(spectrogram=spec[0], sample_rate=8000))
    pspec = tf.placeholder(tf.float32, [None, None, None])
    out["mfcc_ph"] = _cell(sess, lambda: tf.raw_ops.Mfcc(spectrogram=pspec, sample_rate=16000, dct_coefficient_count=7), {pspec: sess.run(spec)})
    r = tf.placeholder(tf.int32, [])
    out["mfcc_rate_ph"] = _cell(sess, lambda: tf.raw_ops.Mfcc(spectrogram=spec, sample_rate=r), {r: 22050})
    out["names"] = [spec.op.type, spec.name, tf.audio.decode_wav(mono).audio.name, tf.audio.encode_wav(a, 8000).op.type]
    return out
