"""tensorflow/privacy gaussian_query.py / normalized_query.py (2019): GaussianSumQuery with namedtuple
global state, nest.map_structure over gradient lists, nested tuple sample state, per-example gradients
via tf.gradients over tf.unstack of a batch, tf.clip_by_global_norm, tf.math.divide_no_nan."""
import collections
import numpy as np
TAGS = ['gradients', 'train', 'random', 'errors']
TOLERANCE = {'*': (1e-4, 1e-5)}

GlobalState = collections.namedtuple('_GlobalState', ['l2_norm_clip', 'stddev'])
NormState = collections.namedtuple('_NormState', ['numerator_state', 'denominator'])


class GaussianSumQuery(object):
    def __init__(self, tf, l2_norm_clip, stddev):
        self.tf, self._l2_norm_clip, self._stddev = tf, l2_norm_clip, stddev

    def initial_global_state(self):
        tf = self.tf
        return GlobalState(tf.cast(self._l2_norm_clip, tf.float32), tf.cast(self._stddev, tf.float32))

    def initial_sample_state(self, global_state, template):
        return self.tf.nest.map_structure(lambda t: self.tf.zeros_like(t), template)

    def preprocess_record(self, params, record):
        tf = self.tf
        record_as_list = tf.nest.flatten(record)
        clipped_as_list, norm = tf.clip_by_global_norm(record_as_list, params.l2_norm_clip)
        return tf.nest.pack_sequence_as(record, clipped_as_list), norm

    def accumulate_record(self, params, sample_state, record):
        preprocessed, norm = self.preprocess_record(params, record)
        return self.tf.nest.map_structure(self.tf.add, sample_state, preprocessed), norm

    def get_noised_result(self, sample_state, global_state, seed):
        tf = self.tf
        counter = [seed]

        def add_noise(v):
            counter[0] += 1
            return v + tf.random.normal(tf.shape(v), stddev=global_state.stddev, seed=counter[0])
        return tf.nest.map_structure(add_noise, sample_state), global_state


def main(tf):
    tf.set_random_seed(11)
    rng = np.random.RandomState(3)
    X = rng.randn(6, 4).astype(np.float32)
    Y = rng.randn(6, 1).astype(np.float32)
    x = tf.constant(X)
    y = tf.constant(Y)
    with tf.variable_scope('linreg', initializer=tf.random_normal_initializer(stddev=0.5, seed=5)):
        w = tf.get_variable('w', [4, 1])
        b = tf.get_variable('b', [1], initializer=tf.zeros_initializer())
    params = {'dense': (w, b)}
    query = GaussianSumQuery(tf, l2_norm_clip=0.7, stddev=0.35)
    gstate = query.initial_global_state()
    state = query.initial_sample_state(gstate, params)
    norms = []
    for xi, yi in zip(tf.unstack(x), tf.unstack(y)):
        pred = tf.matmul(tf.expand_dims(xi, 0), w) + b
        loss_i = tf.reduce_sum(tf.square(pred - yi))
        grads = tf.gradients(loss_i, tf.nest.flatten(params))
        record = tf.nest.pack_sequence_as(params, grads)
        state, n = query.accumulate_record(gstate, state, record)
        norms.append(n)
    noised, _ = query.get_noised_result(state, gstate, seed=40)
    num = NormState(noised, tf.constant(6.0))
    avg = tf.nest.map_structure(lambda t: tf.math.divide_no_nan(t, num.denominator), num.numerator_state)
    zero_div = tf.math.divide_no_nan(tf.constant([1.0, 2.0]), tf.constant([0.0, 4.0]))
    opt = tf.train.GradientDescentOptimizer(0.1)
    train = opt.apply_gradients(list(zip(tf.nest.flatten(avg), tf.nest.flatten(params))))
    out = {'state_structure': str(tf.nest.map_structure(lambda t: t.shape.as_list(), state)),
           'avg_names': [t.op.type for t in tf.nest.flatten(avg)],
           'n_unstack': len(norms), 'gstate_fields': list(gstate._fields)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['norms'] = np.array(sess.run(norms))
        out['avg'] = sess.run(avg)
        out['zero_div'] = sess.run(zero_div)
        for _ in range(3):
            sess.run(train)
        out['w'], out['b'] = sess.run([w, b])
    try:
        tf.nest.map_structure(tf.add, (w, b), [w, b])
        out['nest_err'] = 'none'
    except Exception as e:
        out['nest_err'] = type(e).__name__ + ': ' + str(e).split('\n')[0]
    try:
        tf.nest.map_structure(tf.add, (w, b), (w,))
        out['nest_err2'] = 'none'
    except Exception as e:
        out['nest_err2'] = type(e).__name__ + ': ' + str(e).split('\n')[0]
    return out
