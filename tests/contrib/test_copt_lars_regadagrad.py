"""tf.contrib.opt's LARSOptimizer (trust-ratio scaled momentum on dense gradients, plain
momentum on sparse ones, skip_list) and RegAdagradOptimizer (avoid_updating_slots). TF 2.21
has no contrib: under real TF the tests run TF 1.15's code transcribed in copt_reference.py
(tf.raw_ops for the update kernels), and EXPECTED holds those runs' values."""
import os

import numpy as np
import pytest

from copt_reference import reference_lars_regadagrad

AGAINST_TF = bool(os.environ.get("TFCOMPAT_TEST_AGAINST_TF"))

# the RUNS under TF 2.21 with copt_reference.py: [e, w, bias, then their slots], flattened
EXPECTED = {'lars': [[8.720349311828613,
           -6.634910583496094,
           -0.4845651388168335,
           -2.6533186435699463,
           -0.008284629322588444,
           -0.3196313679218292,
           -0.5366293787956238,
           0.31540265679359436,
           -12.462356567382812,
           10.259661674499512],
          [-0.8728781342506409, -0.46674641966819763, 0.6784585118293762, 0.5533440113067627],
          [5.456167221069336, 4.082680702209473],
          [-6.497843265533447,
           5.998709678649902,
           0.0,
           0.0,
           0.0,
           0.0,
           0.0,
           0.0,
           58.29365921020508,
           -51.252342224121094],
          [-1525.7608642578125, -970.1800537109375, 1385.822265625, 883.1449584960938],
          [-45.29442596435547, -26.093111038208008]],
 'lars_nesterov_skip': [[-129.56785583496094,
                         115.77976989746094,
                         -0.4845651388168335,
                         -2.6533186435699463,
                         -0.008284629322588444,
                         -0.3196313679218292,
                         -0.5366293787956238,
                         0.31540265679359436,
                         -418.3438720703125,
                         369.09478759765625],
                        [-0.8843419551849365,
                         -0.4744320511817932,
                         0.6880858540534973,
                         0.5600555539131165],
                        [458.12518310546875, 304.74310302734375],
                        [189.29954528808594,
                         -167.42625427246094,
                         0.0,
                         0.0,
                         0.0,
                         0.0,
                         0.0,
                         0.0,
                         601.2713623046875,
                         -531.4747314453125],
                        [-30355.94921875, -20244.3125, 27017.025390625, 18016.611328125],
                        [-658.0901489257812, -438.4909973144531]],
 'reg_adagrad': [[1.3461185693740845,
                  0.07541550695896149,
                  -0.31812992691993713,
                  -1.7419744729995728,
                  -0.00543908029794693,
                  -0.20984651148319244,
                  -0.35231149196624756,
                  0.2070702463388443,
                  0.06186457350850105,
                  -0.7013016939163208],
                 [-0.49264249205589294,
                  -0.11453743278980255,
                  0.32365620136260986,
                  0.19903990626335144],
                 [0.4066005051136017, 0.38504910469055176],
                 [31.160621643066406,
                  23.97537612915039,
                  0.10000000149011612,
                  0.10000000149011612,
                  0.10000000149011612,
                  0.10000000149011612,
                  0.10000000149011612,
                  0.10000000149011612,
                  69.47140502929688,
                  55.85316848754883],
                 [122.34736633300781, 57.22917938232422, 69.23002624511719, 42.50815200805664],
                 [138.25967407226562, 73.64957427978516]]}


def _api(tf):
    return reference_lars_regadagrad(tf) if AGAINST_TF else vars(tf.contrib.opt)


def _model(tf, use_resource):
    rng = np.random.RandomState(11)
    e = tf.get_variable('e', initializer=rng.randn(5, 2).astype(np.float32),
                        use_resource=use_resource)
    w = tf.get_variable('w', initializer=rng.randn(2, 2).astype(np.float32),
                        use_resource=use_resource)
    b = tf.get_variable('bias', initializer=np.zeros(2, np.float32), use_resource=use_resource)
    h = tf.nn.embedding_lookup(e, [4, 0, 4])
    loss = tf.reduce_sum(tf.square(tf.matmul(h, w) + b - 0.5))
    return [e, w, b], loss


def _lars(tf, use_resource, **kw):
    variables, loss = _model(tf, use_resource)
    opt = _api(tf)['LARSOptimizer'](0.5, **kw)
    train = opt.minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        return [np.ravel(x).tolist()
                for x in sess.run(variables + [opt.get_slot(v, 'momentum') for v in variables])]


def _reg_adagrad(tf, use_resource):
    variables, loss = _model(tf, use_resource)
    opt = _api(tf)['RegAdagradOptimizer'](0.3)
    loss_update = opt.minimize(loss)
    with opt.avoid_updating_slots():
        reg_update = opt.minimize(0.1 * tf.add_n([tf.reduce_sum(v * v) for v in variables]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(2):
            sess.run(loss_update)
            sess.run(reg_update)
        return [np.ravel(x).tolist()
                for x in sess.run(variables + [opt.get_slot(v, 'accumulator')
                                               for v in variables])]


RUNS = {
    'lars': lambda tf, r: _lars(tf, r, eeta=0.01),
    'lars_nesterov_skip': lambda tf, r: _lars(tf, r, momentum=0.5, weight_decay=0.01,
                                              epsilon=1e-3, skip_list=['bias'],
                                              use_nesterov=True),
    'reg_adagrad': _reg_adagrad,
}


def _check(got, want):
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=2e-6, atol=1e-7)


@pytest.mark.parametrize('run', sorted(RUNS))
def test_lars_and_reg_adagrad(tf, run):
    _check(RUNS[run](tf, False), EXPECTED[run])


@pytest.mark.tfcompat_only
@pytest.mark.parametrize('run', sorted(RUNS))
def test_lars_and_reg_adagrad_on_resource_variables(tf, run):
    """TF 1.15's resource hooks run the same kernels (Resource* forms)."""
    _check(RUNS[run](tf, True), EXPECTED[run])


def test_lars_argument_checks(tf):
    lars = _api(tf)['LARSOptimizer']
    with pytest.raises(ValueError, match='^momentum should be positive: -0.1$'):
        lars(0.1, momentum=-0.1)
    with pytest.raises(ValueError, match='^weight_decay should be positive: -1$'):
        lars(0.1, weight_decay=-1)
