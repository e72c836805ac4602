"""Fused RNN ops (CudnnRNN, CudnnRNNV3) fed whatever an imported or damaged graph may feed them:
random shapes, dtypes, attrs and parameter sizes. torch's RNN kernels trust their arguments and
abort the process on inconsistent ones (heap corruption), so every call is checked first. The
fuzz runs in a child process: an abort there fails the test instead of killing the suite.
Every outcome must be a result or a tf.errors / ValueError / TypeError naming the op."""
import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.tfcompat_only

FUZZ = textwrap.dedent('''
    import collections, sys
    import numpy as np
    import tfcompat as tf
    rng = np.random.RandomState(int(sys.argv[1]))
    outcomes = collections.Counter()
    for case in range(int(sys.argv[2])):
        mode = rng.choice(["lstm", "gru", "rnn_tanh", "rnn_relu", "bogus"])
        time_major = bool(rng.randint(2))
        dims = lambda n: [int(d) for d in rng.randint(0, 4, n)]
        x, h, c = dims(rng.choice([2, 3, 3, 3])), dims(3), dims(3)
        params = [int(rng.randint(0, 200))]
        if rng.randint(2):      # a consistent configuration, then maybe one size off
            t, b, n, u, layers = (int(v) for v in rng.randint(1, 4, 5))
            x = [t, b, n] if time_major else [b, t, n]
            h = c = [layers, b, u]
            gates = {"lstm": 4, "gru": 3}.get(str(mode), 1)
            params = [sum(gates * u * ((n if k == 0 else u) + u + 2) for k in range(layers))]
            if rng.randint(2):
                parts = [list(x), list(h), list(c), list(params)]
                k = rng.randint(4)
                parts[k][rng.randint(len(parts[k]))] += int(rng.choice([-1, 1]))
                x, h, c, params = parts
        dtype = rng.choice([np.float32, np.float32, np.float64])
        feeds = [np.ones(x, np.float32), np.ones(h, dtype), np.ones(c, np.float32),
                 np.ones(params, np.float32)]
        attrs = dict(rnn_mode=str(mode), dropout=float(rng.choice([0.0, 0.5, 1.5])),
                     is_training=bool(rng.randint(2)))
        with tf.Graph().as_default():
            try:
                args = [tf.constant(v) for v in feeds]
                if rng.randint(2):
                    lengths = tf.constant(rng.randint(-1, 5, rng.randint(0, 4)).astype(np.int32))
                    out = tf.raw_ops.CudnnRNNV3(input=args[0], input_h=args[1], input_c=args[2],
                                                params=args[3], sequence_lengths=lengths,
                                                num_proj=int(rng.randint(0, 3)),
                                                time_major=time_major, **attrs)
                else:
                    out = tf.raw_ops.CudnnRNN(input=args[0], input_h=args[1], input_c=args[2],
                                              params=args[3], **attrs)
                with tf.Session() as sess:
                    sess.run(out[:3])
                outcomes["ran"] += 1
            except tf.errors.OpError as e:
                assert "Cudnn" in str(e), str(e)            # names the op
                outcomes[type(e).__name__] += 1
            except (ValueError, TypeError) as e:            # at graph building
                outcomes[type(e).__name__] += 1
    print(dict(outcomes))
''')


def test_fused_rnn_never_aborts_on_bad_arguments(tmp_path):
    script = tmp_path / "fuzz.py"
    script.write_text(FUZZ)
    cases = int(os.environ.get("TFCOMPAT_RNN_FUZZ_CASES", "150"))
    result = subprocess.run([sys.executable, str(script), "5", str(cases)], capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, "fuzz process died (%d):\n%s" % (
        result.returncode, result.stderr[-3000:])
    assert "InvalidArgumentError" in result.stdout


def test_consistent_fused_lstm_still_runs(tf):
    import numpy as np
    x = tf.constant(np.ones([2, 3, 2], np.float32))
    h = tf.constant(np.zeros([1, 3, 4], np.float32))
    params = tf.constant(np.full([4 * 4 * (2 + 4) + 2 * 16], 0.1, np.float32))
    y, h_n, c_n, _ = tf.raw_ops.CudnnRNN(input=x, input_h=h, input_c=h, params=params)
    with tf.Session() as sess:
        out = sess.run(y)
    assert out.shape == (2, 3, 4)
    bad = tf.raw_ops.CudnnRNN(input=x, input_h=tf.zeros([1, 2, 4]), input_c=h, params=params)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="input_h must have shape"):
            sess.run(bad[0])
