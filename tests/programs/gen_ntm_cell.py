"""Neural Turing Machine cell (snowkylin/ntm, carpedm20/NTM-tensorflow style): content addressing
with cosine similarity, softmax over memory, interpolation gate, circular convolution shift by
tf.concat/tf.gather, sharpening, erase/add writes; a tf.nn.rnn_cell.RNNCell subclass with a tuple
state run through tf.nn.dynamic_rnn, copy-task sigmoid cross entropy, RMSProp, clipping."""
import collections
import numpy as np
TAGS = ['rnn', 'train', 'shapes']
TOLERANCE = {'*': (2e-4, 2e-5)}


def make_cell_class(tf):
    NTMState = collections.namedtuple('NTMState', ('controller_state', 'read_vector', 'w',
                                                   'M'))

    class NTMCell(tf.nn.rnn_cell.RNNCell):
        def __init__(self, rnn_size, memory_size, memory_vector_dim, output_dim, shift_range=1):
            super(NTMCell, self).__init__()
            self.controller = tf.nn.rnn_cell.BasicLSTMCell(rnn_size)
            self.N, self.M_dim, self.output_dim = memory_size, memory_vector_dim, output_dim
            self.shift_range = shift_range

        @property
        def state_size(self):
            return NTMState(self.controller.state_size, self.M_dim, self.N,
                            tf.TensorShape([self.N, self.M_dim]))

        @property
        def output_size(self):
            return self.output_dim

        def __call__(self, x, prev_state, scope=None):
            with tf.variable_scope(scope or "ntm_cell"):
                inp = tf.concat([x, prev_state.read_vector], axis=1)
                c_out, c_state = self.controller(inp, prev_state.controller_state)
                num_params = self.M_dim + 1 + 1 + (self.shift_range * 2 + 1) + 1 + 2 * self.M_dim
                params = tf.layers.dense(c_out, num_params, name="params",
                                         kernel_initializer=tf.random_normal_initializer(
                                             stddev=0.1, seed=5))
                k = tf.tanh(params[:, 0:self.M_dim])
                beta = tf.nn.softplus(params[:, self.M_dim:self.M_dim + 1])
                g = tf.sigmoid(params[:, self.M_dim + 1:self.M_dim + 2])
                s = tf.nn.softmax(params[:, self.M_dim + 2:self.M_dim + 5])
                gamma = tf.log(tf.exp(params[:, self.M_dim + 5:self.M_dim + 6]) + 1) + 1
                erase = tf.sigmoid(params[:, self.M_dim + 6:2 * self.M_dim + 6])
                add = tf.tanh(params[:, 2 * self.M_dim + 6:])
                w = self.addressing(tf, k, beta, g, s, gamma, prev_state.M, prev_state.w)
                read = tf.reduce_sum(tf.expand_dims(w, axis=2) * prev_state.M, axis=1)
                M = prev_state.M * (1 - tf.matmul(tf.expand_dims(w, 2),
                                                  tf.expand_dims(erase, 1)))
                M = M + tf.matmul(tf.expand_dims(w, 2), tf.expand_dims(add, 1))
                out = tf.layers.dense(tf.concat([c_out, read], 1), self.output_dim,
                                      name="o2o", kernel_initializer=tf.random_normal_initializer(
                                          stddev=0.1, seed=6))
                return out, NTMState(c_state, read, w, M)

        def addressing(self, tf, k, beta, g, s, gamma, prev_M, prev_w):
            k = tf.expand_dims(k, axis=2)
            inner_product = tf.matmul(prev_M, k)
            k_norm = tf.sqrt(tf.reduce_sum(tf.square(k), axis=1, keep_dims=True))
            M_norm = tf.sqrt(tf.reduce_sum(tf.square(prev_M), axis=2, keep_dims=True))
            K = tf.squeeze(inner_product / (k_norm * M_norm + 1e-8))
            K_exp = tf.exp(tf.expand_dims(beta, 1) * tf.expand_dims(K, 1))[:, 0, :]
            w_c = K_exp / tf.reduce_sum(K_exp, axis=1, keep_dims=True)
            w_g = g * w_c + (1 - g) * prev_w
            s = tf.concat([s[:, :self.shift_range + 1], tf.zeros(
                [tf.shape(s)[0], self.N - (self.shift_range * 2 + 1)]),
                s[:, -self.shift_range:]], axis=1)
            t = tf.concat([tf.reverse(s, axis=[1]), tf.reverse(s, axis=[1])], axis=1)
            s_matrix = tf.stack([t[:, self.N - i - 1:self.N * 2 - i - 1]
                                 for i in range(self.N)], axis=1)
            w_ = tf.reduce_sum(tf.expand_dims(w_g, axis=1) * s_matrix, axis=2)
            w_sharpen = tf.pow(w_, gamma)
            return w_sharpen / tf.reduce_sum(w_sharpen, axis=1, keep_dims=True)

        def zero_state(self, batch_size, dtype):
            return NTMState(self.controller.zero_state(batch_size, dtype),
                            tf.zeros([batch_size, self.M_dim]),
                            tf.one_hot(tf.zeros([batch_size], tf.int32), self.N),
                            tf.fill([batch_size, self.N, self.M_dim], 1e-6))
    return NTMCell


def main(tf):
    out = {}
    tf.set_random_seed(19)
    rng = np.random.RandomState(19)
    B, T, V = 3, 5, 4
    cell = make_cell_class(tf)(16, 6, 5, V)
    x = tf.placeholder(tf.float32, [B, T, V])
    init = cell.zero_state(B, tf.float32)
    outputs, final = tf.nn.dynamic_rnn(cell, x, initial_state=init, scope="ntm")
    out['out_shape'] = str(outputs.shape)
    out['final_types'] = [type(final).__name__, type(final.controller_state).__name__]
    out['final_shapes'] = [str(final.M.shape), str(final.w.shape), str(final.read_vector.shape)]
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=x, logits=outputs))
    tvars = tf.trainable_variables()
    out['vars'] = [v.name for v in tvars]
    grads, gnorm = tf.clip_by_global_norm(tf.gradients(loss, tvars), 10.0)
    with tf.control_dependencies(grads):  # TF's ref-variable reads would race the updates
        train = tf.train.RMSPropOptimizer(1e-3, momentum=0.9).apply_gradients(zip(grads, tvars))
    x_np = (rng.rand(B, T, V) > 0.5).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tr = []
        for i in range(5):
            l, n, _ = sess.run([loss, gnorm, train], {x: x_np})
            tr.append((l, n))
        out['trace'] = np.array(tr)
        o, w, M = sess.run([outputs, final.w, final.M], {x: x_np})
        out['o'], out['w'], out['M'] = o, w, M
    return out
