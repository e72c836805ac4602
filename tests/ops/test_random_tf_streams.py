"""Seeded stateful random ops give TF's own numbers (issue: exactness on programs nobody here
wrote: a TF1 script that calls `tf.set_random_seed` initializes, drops out and shuffles exactly
as in TF). Every value below was recorded from TF 2.21 `tf.compat.v1` (graph mode) running this
very graph: the first and second `sess.run` of each op (a kernel's Philox stream moves on with
every run), and the first run in a fresh session (the stream starts again)."""
import numpy as np

# name -> (first run, second run), recorded from TF 2.21 compat.v1
TF_VALUES = {
    'dropout': ([[2.0, 0.0, 0.0, 2.0, 0.0], [2.0, 2.0, 2.0, 0.0, 0.0]], [[0.0, 0.0, 2.0, 0.0, 0.0], [0.0, 0.0, 0.0, 2.0, 2.0]]),
    'glorot': ([[0.609218955039978, 0.011586427688598633, 0.2739415168762207], [-0.7628987431526184, -0.8921229243278503, 0.25807881355285645]], [[0.1805204153060913, -0.8319783210754395, 0.8097395896911621], [0.7479063272476196, -0.9139479398727417, 0.4991835355758667]]),
    'multinomial': ([[1, 0, 1, 1, 1], [2, 2, 2, 2, 2]], [[1, 2, 1, 2, 1], [2, 2, 2, 2, 2]]),
    'no_op_seed': ([0.12736403942108154, 0.8146913051605225, 0.8978378772735596], [0.5135660171508789, 0.0011435747146606445, 0.1535937786102295]),
    'normal': ([0.4499446749687195, 0.34680667519569397, -1.375331163406372, 1.3206541538238525, -0.2601637542247772], [0.18703009188175201, 1.2853200435638428, -0.2426435500383377, -0.7204284071922302, -0.549891471862793]),
    'normal_f16': ([0.20751953125, 0.5390625, -1.5009765625, 1.3759765625], [1.4443359375, 1.52734375, -1.45703125, -2.1484375]),
    'normal_f64': ([0.4161505980989263, 1.8003977524344605, -1.2628480495050942], [-0.561556104085859, 0.9937061930356142, 1.27855313827782]),
    'shuffle': ([6, 5, 3, 4, 0, 2, 1], [3, 2, 1, 0, 6, 5, 4]),
    'shuffle_rows': ([[4, 5], [6, 7], [2, 3], [0, 1]], [[6, 7], [0, 1], [2, 3], [4, 5]]),
    'truncated': ([0.4499446749687195, 0.34680667519569397, -1.375331163406372, 1.3206541538238525, -0.7653922438621521, 1.131644606590271], [0.47507861256599426, 0.24384744465351105, -0.33313146233558655, -1.5593514442443848, 0.7682713866233826, 1.1242890357971191]),
    'truncated_f64': ([0.4161505980989263, 1.8003977524344605, 1.6609562590742373], [-0.561556104085859, 0.9937061930356142, 0.5681916303242578]),
    'uniform': ([0.7780691385269165, 0.5052884817123413, 0.6250365972518921, 0.1517859697341919, 0.0928034782409668], [0.13220369815826416, 0.3971627950668335, 0.4479949474334717, 0.13067007064819336, 0.08214390277862549]),
    'uniform_f16': ([0.8232421875, 0.3203125, 0.212890625, 0.49609375], [0.9453125, 0.5458984375, 0.263671875, 0.7568359375]),
    'uniform_f64': ([0.18135357618810266, 0.03615273833684651, 0.42212371861711406], [0.5213161392554346, 0.9181351451292703, 0.08599565835131284]),
    'uniform_int32': ([1, 0, 1, 4, 9], [1, 1, 3, 4, 8]),
    'uniform_int64': ([776, 500, 144, 824], [947, 562, 190, 348]),
    'uniform_scaled': ([[2.8631339073181152, -1.5003080368041992, -0.11156678199768066], [0.2510964870452881, -0.16950678825378418, 1.4287943840026855]], [[1.8390865325927734, 0.27417922019958496, 2.0124144554138184], [0.7889916896820068, -0.08975934982299805, 2.258854389190674]]),
}
TF_FRESH_SESSION_UNIFORM = [0.7780691385269165, 0.5052884817123413, 0.6250365972518921, 0.1517859697341919, 0.0928034782409668]


def _build(tf):
    tf.set_random_seed(3)
    return {
        "uniform": tf.random_uniform([5], seed=1),
        "uniform_scaled": tf.random_uniform([2, 3], -2.0, 4.0, seed=9),
        "normal": tf.random_normal([5], seed=2),
        "truncated": tf.truncated_normal([6], seed=2),
        "uniform_int32": tf.random_uniform([5], 0, 10, dtype=tf.int32, seed=4),
        "uniform_int64": tf.random_uniform([4], -5, 1000, dtype=tf.int64, seed=4),
        "uniform_f64": tf.random_uniform([3], dtype=tf.float64, seed=5),
        "normal_f64": tf.random_normal([3], dtype=tf.float64, seed=5),
        "truncated_f64": tf.truncated_normal([3], dtype=tf.float64, seed=5),
        "uniform_f16": tf.random_uniform([4], dtype=tf.float16, seed=6),
        "normal_f16": tf.random_normal([4], dtype=tf.float16, seed=6),
        "shuffle": tf.random_shuffle(tf.range(7), seed=5),
        "shuffle_rows": tf.random_shuffle(tf.reshape(tf.range(8), [4, 2]), seed=8),
        "multinomial": tf.multinomial([[1.0, 2.0, 0.5], [0.0, 0.0, 3.0]], 5, seed=6),
        "no_op_seed": tf.random_uniform([3]),
        "glorot": tf.glorot_uniform_initializer()([2, 3]),
        "dropout": tf.nn.dropout(tf.ones([2, 5]), keep_prob=0.5),
    }


def _assert_tf_values(name, got, expected):
    expected = np.asarray(expected, dtype=got.dtype)
    assert got.shape == expected.shape, name
    assert np.array_equal(got, expected), "%s: %s != TF's %s" % (name, got, expected)


def test_seeded_random_ops_give_tfs_numbers_run_after_run(tf):
    ops = _build(tf)
    names = sorted(ops)
    with tf.Session() as sess:
        first = sess.run([ops[n] for n in names])
        second = sess.run([ops[n] for n in names])
    for name, a, b in zip(names, first, second):
        _assert_tf_values(name, a, TF_VALUES[name][0])
        _assert_tf_values(name + " (second run)", b, TF_VALUES[name][1])


def test_a_fresh_session_starts_the_stream_again(tf):
    ops = _build(tf)
    with tf.Session() as sess:
        sess.run(ops["uniform"])
    with tf.Session() as sess:
        _assert_tf_values("uniform", sess.run(ops["uniform"]), TF_FRESH_SESSION_UNIFORM)


def test_an_imported_graph_keeps_the_streams(tf):
    ops = _build(tf)
    graph_def = tf.get_default_graph().as_graph_def()
    with tf.Graph().as_default():
        uniform, = tf.import_graph_def(graph_def, return_elements=[ops["uniform"].name])
        with tf.Session() as sess:
            _assert_tf_values("uniform", sess.run(uniform), TF_VALUES["uniform"][0])


def test_unseeded_ops_differ_between_sessions(tf):
    x = tf.random_uniform([8])
    with tf.Session() as sess:
        a = sess.run(x)
    with tf.Session() as sess:
        b = sess.run(x)
    assert not np.array_equal(a, b)


# candidate samplers (nce_loss, sampled_softmax_loss): name -> (first run, second run), each
# (sampled ids, true expected counts, sampled expected counts), recorded from TF 2.21 compat.v1
TF_SAMPLER_VALUES = {
    'log_uniform': ([[0, 0, 0, 11, 1, 0], [[0.7990713715553284, 0.23212119936943054], [0.439760684967041, 0.5669501423835754]], [1.3660215139389038, 1.3660215139389038, 1.3660215139389038, 0.15774434804916382, 0.7990713715553284, 1.3660215139389038]], [[0, 10, 13, 10, 3, 0], [[0.7990713715553284, 0.23212119936943054], [0.439760684967041, 0.5669501423835754]], [1.3660215139389038, 0.17147788405418396, 0.13596786558628082, 0.17147788405418396, 0.439760684967041, 1.3660215139389038]]),
    'log_uniform_unique': ([[0, 2, 1, 7, 10, 8], [[0.792400598526001, 0.35209158062934875], [0.5671229362487793, 0.6644039154052734]], [0.9416782855987549, 0.6644039154052734, 0.792400598526001, 0.35209158062934875, 0.27309244871139526, 0.32119089365005493]], [[14, 12, 1, 19, 15, 16], [[0.6322882771492004, 0.24132786691188812], [0.4130573868751526, 0.5008316040039062]], [0.13927742838859558, 0.15843996405601501, 0.6322882771492004, 0.10692746937274933, 0.1313328891992569, 0.12424470484256744]]),
    'uniform': ([[648, 57, 555, 924, 432], [[0.005000000353902578, 0.005000000353902578], [0.005000000353902578, 0.005000000353902578]], [0.005000000353902578, 0.005000000353902578, 0.005000000353902578, 0.005000000353902578, 0.005000000353902578]], [[0, 65, 731, 56, 569], [[0.005000000353902578, 0.005000000353902578], [0.005000000353902578, 0.005000000353902578]], [0.005000000353902578, 0.005000000353902578, 0.005000000353902578, 0.005000000353902578, 0.005000000353902578]]),
    'uniform_unique': ([[2, 6, 5, 4, 7], [[0.5512046813964844, 0.5512046813964844], [0.5512046813964844, 0.5512046813964844]], [0.5512046813964844, 0.5512046813964844, 0.5512046813964844, 0.5512046813964844, 0.5512046813964844]], [[3, 0, 1, 7, 6], [[0.6073040962219238, 0.6073040962219238], [0.6073040962219238, 0.6073040962219238]], [0.6073040962219238, 0.6073040962219238, 0.6073040962219238, 0.6073040962219238, 0.6073040962219238]]),
}


def test_seeded_candidate_samplers_draw_tfs_candidates(tf):
    tf.set_random_seed(5)
    tc = tf.constant([[1, 7], [3, 2]], tf.int64)
    ops = {"log_uniform_unique": tf.nn.log_uniform_candidate_sampler(tc, 2, 6, True, 20, seed=1),
           "log_uniform": tf.nn.log_uniform_candidate_sampler(tc, 2, 6, False, 20, seed=2),
           "uniform_unique": tf.nn.uniform_candidate_sampler(tc, 2, 5, True, 8, seed=3),
           "uniform": tf.nn.uniform_candidate_sampler(tc, 2, 5, False, 1000, seed=4)}
    with tf.Session() as sess:
        runs = [sess.run(ops), sess.run(ops)]
    for name, expected in TF_SAMPLER_VALUES.items():
        for run, (ids, true_count, sampled_count) in zip(runs, expected):
            got = run[name]
            assert got[0].tolist() == ids, name
            # expected counts: TF evaluates log1p/expm1 in float32 with libm (1 ulp apart)
            np.testing.assert_allclose(got[1], true_count, rtol=1e-6, err_msg=name)
            np.testing.assert_allclose(got[2], sampled_count, rtol=1e-6, err_msg=name)


def test_seeded_random_shuffle_queue_dequeues_tfs_order(tf):
    # recorded from TF 2.21 compat.v1: each dequeue takes element (uint32 % size) of the
    # queue's Philox stream and moves the last element into its place
    q = tf.RandomShuffleQueue(20, 3, [tf.int32], shapes=[[]], seed=7)
    enqueue = q.enqueue_many([tf.range(10)])
    dequeue_many, dequeue = q.dequeue_many(4), q.dequeue()
    with tf.Session() as sess:
        sess.run(enqueue)
        assert sess.run(dequeue_many).tolist() == TF_QUEUE_ORDER[0]
        assert sess.run(dequeue) == TF_QUEUE_ORDER[1]
        sess.run(enqueue)
        assert sess.run(dequeue_many).tolist() == TF_QUEUE_ORDER[2]
        assert sess.run(dequeue_many).tolist() == TF_QUEUE_ORDER[3]


TF_QUEUE_ORDER = ([7, 1, 5, 6], 4, [3, 5, 6, 9], [1, 0, 8, 7])   # recorded from TF 2.21


# recorded from TF 2.21 compat.v1: (begin, size) of each seeded crop, two runs
TF_CROPS = [
    [([12, 101, 0], [58, 48, -1]), ([3, 12, 0], [79, 88, -1]), ([5, 22, 0], [72, 78, -1]),
     ([58, 77, 0], [7, 22, -1]), ([21, 6, 0], [18, 22, -1])],
]


def test_seeded_sample_distorted_bounding_box_gives_tfs_crop(tf):
    size = tf.constant([100, 150, 3])
    boxes = tf.constant([[[0.1, 0.2, 0.6, 0.7], [0.3, 0.3, 0.9, 0.95]]])
    crops = [tf.image.sample_distorted_bounding_box(
        size, boxes, seed=seed, min_object_covered=covered, area_range=area,
        aspect_ratio_range=ratio)
        for seed, covered, area, ratio in ((3, 0.1, (0.05, 1.0), (0.75, 1.33)),
                                           (5, 0.5, (0.08, 1.0), (0.5, 2.0)),
                                           (7, 0.9, (0.3, 0.4), (0.9, 1.1)),
                                           (9, 0.0, (0.01, 0.02), (3., 4.)))]
    crops.append(tf.image.sample_distorted_bounding_box(
        tf.constant([40, 30, 1]), tf.zeros([1, 0, 4]), seed=2,
        use_image_if_no_bounding_boxes=True))
    with tf.Session() as sess:
        got = [(b.tolist(), s.tolist()) for b, s, _ in sess.run(crops)]
    assert got == TF_CROPS[0]


# recorded from TF 2.21 compat.v1 (graph seed 3)
TF_GAMMA = [[2.3185226917266846, 0.1693921834230423, 5.621757984161377],
            [2.062103509902954, 1.9940845966339111, 2.529379367828369],
            [0.2648843228816986, 0.8769733905792236, 2.291908025741577]]
TF_POISSON = [[2.0, 17.0], [2.0, 10.0], [0.0, 15.0], [3.0, 12.0]]


def test_seeded_gamma_and_poisson_give_tfs_samples(tf):
    tf.set_random_seed(3)
    gamma = tf.random_gamma([3], [0.5, 1.0, 4.0], seed=1)
    poisson = tf.random.poisson([2.0, 15.0], [4], seed=3)
    with tf.Session() as sess:
        _assert_tf_values("gamma", sess.run(gamma), TF_GAMMA)
        _assert_tf_values("poisson", sess.run(poisson), TF_POISSON)


def test_sampled_softmax_accidental_hits_draw_an_op_seed_as_in_tf(tf):
    # TF's sampled_softmax_loss builds ComputeAccidentalHits, which takes the next op seed of
    # the graph; the unseeded op built after it gets seed2 1 (recorded from TF 2.21 compat.v1)
    tf.set_random_seed(1)
    w = tf.constant(np.arange(12, dtype=np.float32).reshape(6, 2) / 10)
    labels = tf.constant([[1], [2]], tf.int64)
    tf.nn.sampled_softmax_loss(w, tf.zeros([6]), labels, tf.ones([2, 2]), num_sampled=2,
                               num_classes=6, seed=5)
    u = tf.random_uniform([3])
    assert u.op.get_attr('seed2') == 1
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(u), [0.055544137954711914, 0.018698453903198242,
                                                 0.07080972194671631], rtol=1e-6)


# recorded from TF 2.21 compat.v1 (three runs of each op of the graph below): TF's Walker alias
# table (fixed unigram) and WeightedPicker (learned unigram) read its Philox stream
TF_UNIGRAM_VALUES = {
    'fixed': [
        ([21, 29, 17, 26, 22, 14], [[0.025806453078985214, 0.03870967775583267], [0.05161290615797043, 0.012903226539492607], [0.07741935551166534, 0.07741935551166534]], [0.28387096524238586, 0.3870967626571655, 0.23225806653499603, 0.34838709235191345, 0.2967742085456848, 0.19354838132858276]),
        ([27, 24, 27, 25, 22, 25], [[0.025806453078985214, 0.03870967775583267], [0.05161290615797043, 0.012903226539492607], [0.07741935551166534, 0.07741935551166534]], [0.36129030585289, 0.32258063554763794, 0.36129030585289, 0.3354838490486145, 0.2967742085456848, 0.3354838490486145]),
        ([24, 20, 29, 20, 25, 19], [[0.025806453078985214, 0.03870967775583267], [0.05161290615797043, 0.012903226539492607], [0.07741935551166534, 0.07741935551166534]], [0.32258063554763794, 0.2709677517414093, 0.3870967626571655, 0.2709677517414093, 0.3354838490486145, 0.25806450843811035]),
    ],
    'fixed_unique': [
        ([15, 3, 29, 12, 6, 22, 19, 13, 27], [[0.2782204747200012, 0.35918107628822327], [0.4249887764453888, 0.16063065826892853], [0.2782204747200012, 0.2782204747200012]], [0.4249887764453888, 0.4249887764453888, 0.2782204747200012, 0.16063065826892853, 0.35918107628822327, 0.35918107628822327, 0.4249887764453888, 0.2782204747200012, 0.4249887764453888]),
        ([27, 14, 20, 15, 3, 7, 19, 5, 26], [[0.26949039101600647, 0.33453693985939026], [0.3835158944129944, 0.1648053228855133], [0.26949039101600647, 0.26949039101600647]], [0.3835158944129944, 0.33453693985939026, 0.1648053228855133, 0.3835158944129944, 0.3835158944129944, 0.3835158944129944, 0.3835158944129944, 0.26949039101600647, 0.33453693985939026]),
        ([0, 17, 3, 15, 26, 27, 24, 6, 19], [[0.26949039101600647, 0.33453693985939026], [0.3835158944129944, 0.1648053228855133], [0.26949039101600647, 0.26949039101600647]], [0.1648053228855133, 0.26949039101600647, 0.3835158944129944, 0.3835158944129944, 0.33453693985939026, 0.3835158944129944, 0.1648053228855133, 0.33453693985939026, 0.3835158944129944]),
    ],
    'fixed_shard': [
        ([6, 5, 4, 2], [[0.1313842236995697, 0.35277217626571655], [0.5265262126922607, 0.0], [0.7626953125, 0.7626953125]], [0.8384944200515747, 0.7626953125, 0.660783052444458, 0.35277217626571655]),
        ([4, 5, 6, 3], [[0.1313842236995697, 0.35277217626571655], [0.5265262126922607, 0.0], [0.7626953125, 0.7626953125]], [0.660783052444458, 0.7626953125, 0.8384944200515747, 0.5265262126922607]),
        ([6, 3, 4, 5], [[0.24550661444664001, 0.5810961723327637], [0.7758225202560425, 0.0], [0.9436864852905273, 0.9436864852905273]], [0.9739159345626831, 0.7758225202560425, 0.8849318623542786, 0.9436864852905273]),
    ],
    'learned': [
        ([6, 8, 9, 0, 6, 6], [[0.6000000238418579, 0.6000000238418579], [0.6000000238418579, 0.6000000238418579], [0.6000000238418579, 0.6000000238418579]], [0.6000000238418579, 0.6000000238418579, 0.6000000238418579, 0.6000000238418579, 0.6000000238418579, 0.6000000238418579]),
        ([4, 5, 5, 2, 8, 0], [[0.75, 0.75], [0.75, 0.75], [1.125, 1.125]], [0.375, 1.125, 1.125, 0.75, 0.375, 0.75]),
        ([2, 3, 1, 0, 0, 5], [[0.8181818723678589, 0.8181818723678589], [0.8181818723678589, 0.8181818723678589], [1.3636363744735718, 1.3636363744735718]], [0.8181818723678589, 0.8181818723678589, 0.8181818723678589, 0.8181818723678589, 0.8181818723678589, 1.3636363744735718]),
    ],
    'learned_unique': [
        ([3, 0, 8, 7, 5, 1, 4, 2], [[0.8480993509292603, 0.8480993509292603], [0.8480993509292603, 0.8480993509292603], [0.8480993509292603, 0.8480993509292603]], [0.8480993509292603, 0.8480993509292603, 0.8480993509292603, 0.8480993509292603, 0.8480993509292603, 0.8480993509292603, 0.8480993509292603, 0.8480993509292603]),
        ([2, 6, 1, 7, 0, 3, 4, 5], [[0.7928079962730408, 0.7928079962730408], [0.7928079962730408, 0.7928079962730408], [0.9141006469726562, 0.9141006469726562]], [0.7928079962730408, 0.5318289995193481, 0.7928079962730408, 0.5318289995193481, 0.7928079962730408, 0.7928079962730408, 0.5318289995193481, 0.9141006469726562]),
        ([3, 5, 8, 7, 0, 1, 2, 4], [[0.9979004263877869, 0.9979004263877869], [0.9979004263877869, 0.9979004263877869], [0.9999811053276062, 0.9999811053276062]], [0.9979004263877869, 0.9999811053276062, 0.8579543232917786, 0.8579543232917786, 0.9979004263877869, 0.9979004263877869, 0.9979004263877869, 0.8579543232917786]),
    ],
}


def test_seeded_unigram_samplers_draw_tfs_candidates(tf):
    tf.set_random_seed(99)
    tc = tf.constant([[1, 2], [3, 0], [5, 5]], tf.int64)
    ops = {
        "fixed": tf.nn.fixed_unigram_candidate_sampler(tc, 2, 6, False, 30,
                                                       unigrams=list(range(1, 31))),
        "fixed_unique": tf.nn.fixed_unigram_candidate_sampler(
            tc, 2, 9, True, 30, distortion=0.5, unigrams=[float(x % 4) + 0.5 for x in range(30)],
            seed=3),
        # reserved ids then counts numbered on from the weights this shard kept (TF's quirk)
        "fixed_shard": tf.nn.fixed_unigram_candidate_sampler(
            tc, 2, 4, True, 7, num_reserved_ids=3, num_shards=2, shard=1,
            unigrams=list(range(1, 12))),
        "learned": tf.nn.learned_unigram_candidate_sampler(tc, 2, 6, False, 10),
        "learned_unique": tf.nn.learned_unigram_candidate_sampler(tc, 2, 8, True, 9, seed=7),
    }
    with tf.Session() as sess:
        runs = [sess.run(ops) for _ in range(3)]
    for name, expected in TF_UNIGRAM_VALUES.items():
        for run, (ids, true_count, sampled_count) in zip(runs, expected):
            got = run[name]
            assert got[0].tolist() == ids, name
            # float32 expected counts to the ulp (TF: log1pf / expm1f)
            np.testing.assert_array_equal(got[1], np.float32(true_count), err_msg=name)
            np.testing.assert_array_equal(got[2], np.float32(sampled_count), err_msg=name)
