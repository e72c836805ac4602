"""Histogram summaries as training scripts of 2016-2019 logged weights: tf.summary.histogram of
ints/floats/float16/float64/uint8/bool, empty, constant, NaN/inf values, a fed placeholder of
unknown shape, families; bucket limits and counts parsed back from the Summary proto."""
import numpy as np
TAGS = ['summary']


def _first(e):
    lines = [ln for ln in str(e).split("\n") if ln.strip() and not ln.startswith(
        ("Graph execution", "Detected at", " ", "\t", "Traceback", "Node:"))]
    return (lines or [""])[0][:120]


def _parse(tf, b):
    s = tf.Summary()
    s.ParseFromString(b)
    return s


def main(tf):
    out = {}
    cases = {
        'f32': (np.array([1., 2., 3., -4.5, 0.], np.float32), tf.float32),
        'f64': (np.array([1e-13, 1e20, -3.], np.float64), tf.float64),
        'i32': (np.array([1, 2, 2, 7, -9], np.int32), tf.int32),
        'i64': (np.array([[5, 6], [7, 8]], np.int64), tf.int64),
        'f16': (np.array([0.5, 1.5, 2.5], np.float16), tf.float16),
        'empty': (np.zeros([0], np.float32), tf.float32),
        'nan': (np.array([1., np.nan, 2.], np.float32), tf.float32),
        'inf': (np.array([1., np.inf, -np.inf], np.float32), tf.float32),
        'const': (np.full([4], 3.0, np.float32), tf.float32),
        'zeros': (np.zeros([3], np.float32), tf.float32),
        'u8': (np.array([0, 255, 3], np.uint8), tf.uint8),
        'bool': (np.array([True, False, True]), tf.bool),
    }
    with tf.Session() as sess:
        for k, (v, dt) in sorted(cases.items()):
            try:
                h = tf.summary.histogram('h_' + k, tf.constant(v, dtype=dt))
            except Exception as e:
                out[k] = 'B:%s:%s' % (type(e).__name__, _first(e))
                continue
            try:
                s = _parse(tf, sess.run(h))
            except Exception as e:
                # the class only: TF 2.21 reworded the Infinity message TF 1.15 gave
                out[k] = 'E:%s' % type(e).__name__
                continue
            val = s.value[0]
            hi = val.histo
            out[k + '_tag'] = val.tag
            out[k + '_stats'] = np.array([hi.min, hi.max, hi.num, hi.sum, hi.sum_squares], np.float64)
            out[k + '_limits'] = np.array(hi.bucket_limit, np.float64)
            out[k + '_counts'] = np.array(hi.bucket, np.float64)
        # placeholder with unknown shape, fed
        p = tf.placeholder(tf.float32, None)
        hp = tf.summary.histogram('fed', p)
        s = _parse(tf, sess.run(hp, {p: [[1., 2.], [3., 4.]]}))
        out['fed_limits'] = np.array(s.value[0].histo.bucket_limit)
        out['fed_counts'] = np.array(s.value[0].histo.bucket)
        out['fed_name'] = hp.op.name
        out['fed_type'] = hp.op.type
        out['fed_shape'] = str(hp.shape)
        out['fed_dtype'] = hp.dtype.name
        with tf.name_scope('outer'):
            hf = tf.summary.histogram('w', p, family='fam')
        out['fam_name'] = hf.op.name
        out['fam_tag'] = _parse(tf, sess.run(hf, {p: 1.})).value[0].tag
        try:
            tf.summary.histogram('bad', tf.constant(['a']))
            out['str'] = 'ok'
        except Exception as e:
            out['str'] = 'B:%s:%s' % (type(e).__name__, _first(e))
        try:
            out['cplx'] = str(tf.summary.histogram('c', tf.constant([1 + 2j], tf.complex64)).op.type)
        except Exception as e:
            out['cplx'] = 'B:%s:%s' % (type(e).__name__, _first(e))
    return out
