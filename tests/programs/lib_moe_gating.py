"""tensor2tensor expert_utils: noisy top-k gating, SparseDispatcher with dynamic_partition /
dynamic_stitch / unsorted_segment_sum, cv_squared load-balancing loss, scatter_nd combine."""
import numpy as np

TAGS = ['train', 'random', 'nn', 'sparse']

TOLERANCE = {"*": (1e-4, 1e-5)}


def cv_squared(tf, x):
    epsilon = 1e-10
    float_size = tf.to_float(tf.size(x)) + epsilon
    mean = tf.reduce_sum(x) / float_size
    variance = tf.reduce_sum(tf.squared_difference(x, mean)) / float_size
    return variance / (tf.square(mean) + epsilon)


def rowwise_unsorted_segment_sum(tf, values, indices, n):
    batch, k = tf.unstack(tf.shape(indices), num=2)
    indices_flat = tf.reshape(indices, [-1]) + tf.div(tf.range(batch * k), k) * n
    ret_flat = tf.unsorted_segment_sum(tf.reshape(values, [-1]), indices_flat, batch * n)
    return tf.reshape(ret_flat, [batch, n])


def noisy_top_k_gating(tf, x, num_experts, train, k=2):
    input_size = x.get_shape().as_list()[-1]
    w_gate = tf.get_variable("w_gate", [input_size, num_experts], tf.float32,
                             tf.random_normal_initializer(stddev=0.5, seed=1))
    w_noise = tf.get_variable("w_noise", [input_size, num_experts], tf.float32,
                              tf.random_normal_initializer(stddev=0.5, seed=2))
    clean_logits = tf.matmul(x, w_gate)
    raw_noise_stddev = tf.matmul(x, w_noise)
    noise_stddev = (tf.nn.softplus(raw_noise_stddev) + 1e-2) * (tf.to_float(train))
    noisy_logits = clean_logits + (tf.random_normal(tf.shape(clean_logits), seed=3) * noise_stddev)
    top_logits, top_indices = tf.nn.top_k(noisy_logits, k=k)
    top_k_gates = tf.nn.softmax(top_logits)
    gates = rowwise_unsorted_segment_sum(tf, top_k_gates, top_indices, num_experts)
    load = tf.reduce_sum(tf.to_float(gates > 0), 0)
    return gates, load


class SparseDispatcher(object):
    def __init__(self, tf, num_experts, gates):
        self._tf = tf
        self._gates = gates
        self._num_experts = num_experts
        where = tf.to_int32(tf.where(tf.transpose(gates) > 0))
        self._expert_index, self._batch_index = tf.unstack(where, num=2, axis=1)
        self._part_sizes_tensor = tf.reduce_sum(tf.to_int32(gates > 0), [0])
        self._nonzero_gates = tf.gather(tf.reshape(self._gates, [-1]),
                                        self._batch_index * num_experts + self._expert_index)

    def dispatch(self, inp):
        inp = self._tf.gather(inp, self._batch_index)
        return self._tf.split(inp, self._part_sizes_tensor, 0, num=self._num_experts)

    def combine(self, expert_out, multiply_by_gates=True):
        tf = self._tf
        stitched = tf.concat(expert_out, 0)
        if multiply_by_gates:
            stitched *= tf.expand_dims(self._nonzero_gates, 1)
        return tf.unsorted_segment_sum(stitched, self._batch_index, tf.shape(self._gates)[0])


def main(tf):
    out = {}
    tf.set_random_seed(3)
    rng = np.random.RandomState(3)
    x = tf.placeholder(tf.float32, [None, 6])
    train = tf.placeholder_with_default(True, [])
    with tf.variable_scope("moe"):
        gates, load = noisy_top_k_gating(tf, x, 4, train)
        disp = SparseDispatcher(tf, 4, gates)
        expert_in = disp.dispatch(x)
        outs = []
        for i in range(4):
            with tf.variable_scope("expert_%d" % i):
                outs.append(tf.layers.dense(expert_in[i], 3, activation=tf.nn.relu,
                            kernel_initializer=tf.random_uniform_initializer(-1, 1, seed=10 + i)))
        y = disp.combine(outs)
        importance = tf.reduce_sum(gates, 0)
        aux = cv_squared(tf, importance) + cv_squared(tf, load)
    loss = tf.reduce_mean(tf.square(y)) + 0.01 * aux
    tvars = tf.trainable_variables()
    grads = tf.gradients(loss, tvars)
    out["expert_in_shapes"] = [str(e.get_shape()) for e in expert_in]
    out["y_shape"] = str(y.get_shape())
    # dynamic_partition / dynamic_stitch round trip as in t2t's DistributedSparseDispatcher
    parts = tf.to_int32(tf.argmax(gates, 1))
    pieces = tf.dynamic_partition(x, parts, 4)
    idx = tf.dynamic_partition(tf.range(tf.shape(x)[0]), parts, 4)
    back = tf.dynamic_stitch(idx, pieces)
    out["pieces_shapes"] = [str(p.get_shape()) for p in pieces]
    sn = tf.scatter_nd(tf.expand_dims(disp._batch_index, 1), disp._nonzero_gates,
                       tf.shape(x)[:1])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        xv = rng.randn(7, 6).astype(np.float32)
        r = sess.run({"gates": gates, "load": load, "y": y, "aux": aux, "back": back,
                      "sn": sn, "parts": parts}, {x: xv, train: False})
        out.update(r)
        out["grads"] = sess.run(grads, {x: xv, train: False})
        out["gates_train_rowsum"] = sess.run(tf.reduce_sum(gates, 1), {x: xv})
    return out
