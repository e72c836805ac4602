"""Every TF1 optimizer trains every model of train_matrix_helper.py (MLP; CNN with batch norm
and its update ops; BasicRNNCell, BasicLSTMCell, LSTMCell, LSTMBlockCell, MultiRNNCell and
GRUCell in dynamic_rnn on the fused and the looped path, with and without sequence lengths;
embedding_lookup with sampled softmax) for 20 steps from the same values as TF 2.21 compat.v1:
every loss within a relative 1e-5 of TF's (tf_matrix_reference.json, or live: reference.py),
and the batch-norm moving statistics too.

The tolerance is the same for the recurrent models: measured, every loss is within 3e-7 of
TF's (a few float32 ulps: TF's Eigen kernels and torch's sum and fuse in other orders), the
fused RNN path included, so 1e-5 leaves room for other CPUs and thread counts while still
catching any formula, slot or gate-order difference (those show from the first steps at 1e-3
and more). `ATOL` only covers moving means near zero.
"""
import numpy as np
import pytest
import reference
import train_matrix_helper as matrix

RTOL, ATOL = 1e-5, 1e-7


@pytest.mark.parametrize("model", list(matrix.MODELS))
def test_every_optimizer_trains_the_model_as_tf_does(tf, model):
    expected = reference.load("matrix")[model]
    got = matrix.train_model(tf, model)
    assert sorted(got) == sorted(expected)
    for name, values in expected.items():
        if name.endswith("/bn"):
            for i, (a, b) in enumerate(zip(got[name], values)):
                np.testing.assert_allclose(a, b, rtol=RTOL, atol=ATOL,
                                           err_msg="%s %s moving statistic %d" % (model, name, i))
        else:
            np.testing.assert_allclose(got[name], values, rtol=RTOL, atol=ATOL,
                                       err_msg="%s trained by %s" % (model, name))
