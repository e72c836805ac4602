"""tf.contrib.opt's AdaMax, Nadam, AddSign and PowerSign (with the sign decay functions) on
an embedding (sparse gradient, repeated ids) and a dense weight, three steps. TF 2.21 has no
contrib: under real TF the tests run TF 1.15's classes transcribed in copt_reference.py (with
tf.raw_ops for the update kernels), and EXPECTED holds those runs' values; tfcompat's
tf.contrib.opt must give them for ref and for resource variables."""
import os

import numpy as np
import pytest

from copt_reference import reference_adam_gs
from copt_reference import reference_classes
from copt_reference import reference_decay_fns

AGAINST_TF = bool(os.environ.get("TFCOMPAT_TEST_AGAINST_TF"))

# the runs of _three_steps (and the decay table) under TF 2.21 with copt_reference.py:
# case -> slot names, [e, w, then each slot of e and of w], flattened
EXPECTED = {'adam_gs': {'slots': ['m', 'v'],
             'values': [[0.3737599551677704,
                         -0.2634026110172272,
                         2.224093198776245,
                         -0.010808683931827545,
                         0.10960984230041504,
                         1.5824811458587646,
                         -0.666327178478241,
                         -0.3481636047363281,
                         0.06668276339769363,
                         -0.18372459709644318],
                        [-0.9698529243469238, -0.13504040241241455, -0.1812923699617386],
                        [0.4330185651779175,
                         -0.20505616068840027,
                         1.0296857357025146,
                         -0.25679683685302734,
                         0.0,
                         0.0,
                         -0.19517122209072113,
                         -0.05396232008934021,
                         0.22372783720493317,
                         -0.21847255527973175],
                        [-2.565824031829834, -0.08361786603927612, -0.11202717572450638],
                        [0.4687628448009491,
                         0.10512010753154755,
                         5.835000514984131,
                         0.2069082260131836,
                         0.0,
                         0.0,
                         0.07065077871084213,
                         0.005323436111211777,
                         0.28968867659568787,
                         0.11223112046718597],
                        [24.385190963745117, 5.971490383148193, 0.10512271523475647]]},
 'adamax': {'slots': ['m', 'v'],
            'values': [[0.400243878364563,
                        -0.2898865342140198,
                        2.2839224338531494,
                        -0.08823978155851364,
                        0.10960984230041504,
                        1.5824811458587646,
                        -0.7444427013397217,
                        -0.4255917966365814,
                        0.10344087332487106,
                        -0.22844845056533813],
                       [-1.0035399198532104, -0.12818358838558197, -0.20067664980888367],
                       [0.44261857867240906,
                        -0.20822399854660034,
                        1.2871071100234985,
                        -0.3209960162639618,
                        0.0,
                        0.0,
                        -0.21583040058612823,
                        -0.059428341686725616,
                        0.22200150787830353,
                        -0.2201300859451294],
                       [-2.5670573711395264, -0.1436745524406433, -0.11084748059511185],
                       [2.2130930423736572,
                        1.0411200523376465,
                        7.631575584411621,
                        1.3964341878890991,
                        0.0,
                        0.0,
                        0.6826329827308655,
                        0.18438886106014252,
                        1.5902565717697144,
                        0.983488142490387],
                       [13.99772834777832, 5.822016716003418, 0.8817095160484314]]},
 'addsign': {'slots': ['m'],
             'values': [[0.42172378301620483,
                         -0.5510815978050232,
                         0.93990159034729,
                         -0.009691322222352028,
                         0.10960984230041504,
                         1.5824811458587646,
                         -0.595605731010437,
                         -0.5093483924865723,
                         0.3931196928024292,
                         -0.5576452612876892],
                        [1.5118451118469238, 0.20295163989067078, -0.3340643346309662],
                        [0.013002474792301655,
                         0.14680767059326172,
                         0.8182061314582825,
                         -0.10828793793916702,
                         0.0,
                         0.0,
                         -0.1946733295917511,
                         -0.05096619576215744,
                         -0.1274687945842743,
                         0.09021832793951035],
                        [-1.470153570175171, -0.24552153050899506, -0.006609966978430748]]},
 'addsign_linear': {'slots': ['m'],
                    'values': [[0.14315995573997498,
                                -0.6808103919029236,
                                0.33396267890930176,
                                0.04708787053823471,
                                0.10960984230041504,
                                1.5824811458587646,
                                -0.952657163143158,
                                -0.62689208984375,
                                0.3611609637737274,
                                -0.7177516222000122],
                               [2.3306872844696045, 0.8816537857055664, -0.11941453069448471],
                               [0.19871172308921814,
                                0.2332935482263565,
                                0.8930205702781677,
                                -0.08557970821857452,
                                0.0,
                                0.0,
                                0.0686437264084816,
                                0.034225523471832275,
                                -0.09411616623401642,
                                0.1872624009847641],
                               [-1.4310053586959839,
                                -0.2870638966560364,
                                -0.03408527001738548]]},
 'decays': [[1.0, 1.0, 1.0, 1.0, 1.0],
            [0.75, 0.8535534143447876, 0.0, 0.8535534143447876, 0.2499999701976776],
            [0.5, 0.4999999701976776, 0.0, 0.4999999701976776, 0.0],
            [0.25, 0.1464466154575348, 0.0, 0.1464466154575348, 0.0],
            [0.0, 0.0, 0.0, 1.0, 0.0],
            [0.0, 0.0, 0.0, 1.0, 0.0],
            [0.0, 0.0, 0.0, 1.0, 0.0]],
 'nadam': {'slots': ['m', 'v'],
           'values': [[0.3197859227657318,
                       -0.2094285786151886,
                       2.2023189067840576,
                       -0.0020232051610946655,
                       0.10960984230041504,
                       1.5824811458587646,
                       -0.6318853497505188,
                       -0.31230902671813965,
                       0.03241408243775368,
                       -0.11708223074674606],
                      [-0.9062895178794861, -0.1002027690410614, -0.2544539272785187],
                      [0.39199298620224,
                       -0.1911737322807312,
                       1.0555381774902344,
                       -0.2311968356370926,
                       0.0,
                       0.0,
                       -0.18342214822769165,
                       -0.050828516483306885,
                       0.1875453144311905,
                       -0.21265862882137299],
                      [-2.5595176219940186, 0.046502768993377686, 0.03881405293941498],
                      [0.38414639234542847,
                       0.09136852622032166,
                       5.827226161956787,
                       0.1987375020980835,
                       0.0,
                       0.0,
                       0.06523379683494568,
                       0.004913358483463526,
                       0.24458956718444824,
                       0.0987173467874527],
                      [24.37779998779297, 6.777926445007324, 0.2421877533197403]]},
 'powersign': {'slots': ['m'],
               'values': [[0.03800979256629944,
                           -0.7994420528411865,
                           0.27669087052345276,
                           0.03594915568828583,
                           0.10960984230041504,
                           1.5824811458587646,
                           -0.7296832203865051,
                           -0.542449414730072,
                           0.4263618588447571,
                           -0.7661580443382263],
                          [2.3404183387756348, 0.5829527974128723, -0.25344449281692505],
                          [1.0080442428588867,
                           1.1714296340942383,
                           1.6326591968536377,
                           -0.08256204426288605,
                           0.0,
                           0.0,
                           -0.1644425243139267,
                           -0.04613928124308586,
                           -0.39449959993362427,
                           0.4018166959285736],
                          [-2.2349774837493896, -1.2700845003128052, -0.08898253738880157]]},
 'powersign_cosine': {'slots': ['m'],
                      'values': [[-0.25636380910873413,
                                  -0.68861323595047,
                                  -0.5794416666030884,
                                  0.13526155054569244,
                                  0.10960984230041504,
                                  1.5824811458587646,
                                  -0.8839775323867798,
                                  -0.6204164028167725,
                                  0.10942788422107697,
                                  -1.1450157165527344],
                                 [3.524479389190674, 1.0488860607147217, 0.02402937412261963],
                                 [0.6975914835929871,
                                  0.35774314403533936,
                                  0.9571660161018372,
                                  -0.0529579222202301,
                                  0.0,
                                  0.0,
                                  0.11948471516370773,
                                  0.06787597388029099,
                                  0.02333885245025158,
                                  0.3076685070991516],
                                 [-1.374685525894165,
                                  -0.4693056046962738,
                                  -0.15883450210094452]]},
 'powersign_restart': {'slots': ['m'],
                       'values': [[-0.2396376132965088,
                                   -0.6853193044662476,
                                   -0.2598735988140106,
                                   0.1067466139793396,
                                   0.10960984230041504,
                                   1.5824811458587646,
                                   -0.8818367123603821,
                                   -0.6182422637939453,
                                   0.15131521224975586,
                                   -0.7709157466888428],
                                  [3.4928221702575684,
                                   1.0292935371398926,
                                   -0.030840571969747543],
                                  [0.6808652877807617,
                                   0.35444918274879456,
                                   0.9571660161018372,
                                   -0.0529579222202301,
                                   0.0,
                                   0.0,
                                   0.11734393984079361,
                                   0.06570178270339966,
                                   0.02174454554915428,
                                   0.3064550757408142],
                                  [-1.375968098640442,
                                   -0.4714549481868744,
                                   -0.11609882116317749]]}}


CASES = {
    'adamax': lambda c, d: c['AdaMaxOptimizer'](0.1, beta1=0.8, beta2=0.9),
    'adam_gs': lambda c, d: c['AdamGSOptimizer'](c['step'], 0.1, beta1=0.8, beta2=0.9),
    'nadam': lambda c, d: c['NadamOptimizer'](0.1, beta1=0.8, beta2=0.9),
    'addsign': lambda c, d: c['AddSignOptimizer'](0.1, alpha=0.5),
    'addsign_linear': lambda c, d: c['AddSignOptimizer'](
        0.1, sign_decay_fn=d['get_linear_decay_fn'](4)),
    'powersign': lambda c, d: c['PowerSignOptimizer'](0.1, base=2.0, beta=0.5),
    'powersign_cosine': lambda c, d: c['PowerSignOptimizer'](
        0.1, sign_decay_fn=d['get_cosine_decay_fn'](4, zero_after=0.25)),
    'powersign_restart': lambda c, d: c['PowerSignOptimizer'](
        0.1, sign_decay_fn=d['get_restart_decay_fn'](3, num_periods=2, zero_after=1)),
}


def _api(tf):
    if AGAINST_TF:
        return dict(reference_classes(tf), **reference_adam_gs(tf)), reference_decay_fns(tf)
    return vars(tf.contrib.opt), vars(tf.contrib.opt)


def _three_steps(tf, case, use_resource):
    classes, decays = _api(tf)
    rng = np.random.RandomState(5)
    e = tf.get_variable('e', initializer=rng.randn(5, 2).astype(np.float32),
                        use_resource=use_resource)
    w = tf.get_variable('w', initializer=rng.randn(3).astype(np.float32),
                        use_resource=use_resource)
    ids = np.array([[1, 3, 1], [4, 1, 1], [0, 3, 4]], np.int32)
    t = rng.randn(3).astype(np.float32)
    k = tf.placeholder(tf.int32, [])
    h = tf.nn.embedding_lookup(e, tf.constant(ids)[k])
    loss = tf.reduce_sum(tf.square(h[:, 0] * w - t)) + tf.reduce_sum(h[:, 1] * w)
    step = tf.train.get_or_create_global_step()
    opt = CASES[case](dict(classes, step=step), decays)
    train = opt.minimize(loss, global_step=step)
    slots = sorted(opt.get_slot_names())
    fetch = [e, w] + [opt.get_slot(x, s) for s in slots for x in (e, w)]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for s in range(3):
            sess.run(train, {k: s})
        values = sess.run(fetch)
    return dict(slots=slots, values=[np.ravel(x).tolist() for x in values])


def _check(got, want):
    assert got['slots'] == want['slots']
    for g, w in zip(got['values'], want['values']):
        np.testing.assert_allclose(g, w, rtol=2e-6, atol=1e-7)


@pytest.mark.parametrize('case', sorted(CASES))
def test_contrib_optimizer_three_steps(tf, case):
    _check(_three_steps(tf, case, use_resource=False), EXPECTED[case])


@pytest.mark.tfcompat_only
@pytest.mark.parametrize('case', sorted(CASES))
def test_contrib_optimizer_on_resource_variables(tf, case):
    """TF 1.15's resource path runs the same formulas (AddSign's and PowerSign's sparse step
    has no resource form in TF 1.15: NotImplementedError; tfcompat runs the ref form's)."""
    _check(_three_steps(tf, case, use_resource=True), EXPECTED[case])


def test_sign_decay_functions(tf):
    _, decays = _api(tf)
    step = tf.placeholder(tf.int64, [])
    fns = [decays['get_linear_decay_fn'](4), decays['get_cosine_decay_fn'](4),
           decays['get_cosine_decay_fn'](4, num_periods=2, zero_after=1),
           decays['get_restart_decay_fn'](4), decays['get_restart_decay_fn'](3, 2, 1)]
    outs = [fn(step) for fn in fns]
    assert [o.dtype for o in outs] == [tf.float32] * 5
    with tf.Session() as sess:
        got = [sess.run(outs, {step: s}) for s in range(7)]
    np.testing.assert_allclose(got, EXPECTED['decays'], rtol=1e-6, atol=1e-7)
    for fn in fns:
        with pytest.raises(ValueError, match='global_step is required for'):
            fn(None)


def _names(tf, case):
    classes, decays = _api(tf)
    e = tf.get_variable('e', [4, 2])
    w = tf.get_variable('w', [2])
    loss = tf.reduce_sum(tf.nn.embedding_lookup(e, [0, 2])) + tf.reduce_sum(w * w)
    step = tf.train.get_or_create_global_step()
    CASES[case](dict(classes, step=step), decays).minimize(loss, global_step=step)
    return [v.op.name for v in tf.global_variables()]


@pytest.mark.parametrize('case', ['adamax', 'adam_gs', 'nadam', 'addsign', 'powersign'])
def test_contrib_optimizer_variable_names(tf, case):
    """TF 2.21 running copt_reference.py's classes (TF 1.15's slot and non-slot names)."""
    assert _names(tf, case) == NAMES[case]


NAMES = {
    'adamax': ['e', 'w', 'global_step', 'beta1_power', 'e/AdaMax', 'e/AdaMax_1', 'w/AdaMax',
               'w/AdaMax_1'],
    'adam_gs': ['e', 'w', 'global_step', 'e/Adam', 'e/Adam_1', 'w/Adam', 'w/Adam_1'],
    'nadam': ['e', 'w', 'global_step', 'beta1_power', 'beta2_power', 'e/Adam', 'e/Adam_1',
              'w/Adam', 'w/Adam_1'],
    'addsign': ['e', 'w', 'global_step', 'e/AddSignOptimizer', 'w/AddSignOptimizer'],
    'powersign': ['e', 'w', 'global_step', 'e/PowerSignOptimizer', 'w/PowerSignOptimizer'],
}
