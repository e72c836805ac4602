"""VQ-VAE (van den Oord 2017; sonnet VectorQuantizerEMA style): nearest codebook entry with
argmin of squared distances, straight-through estimator, commitment loss, EMA codebook updates with
moving_averages.assign_moving_average(zero_debias=False), perplexity."""
import numpy as np
TAGS = ['variables', 'gradients', 'train']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    out = {}
    tf.set_random_seed(4)
    rng = np.random.RandomState(4)
    if tf.__name__.startswith('tensorflow'):
        from tensorflow.python.training import moving_averages
    else:
        from tfcompat.train import moving_averages
    ama = moving_averages.assign_moving_average
    D, K = 4, 6
    x = tf.placeholder(tf.float32, [None, 5, 5, 2], name="x")
    with tf.variable_scope("encoder"):
        z_e = tf.layers.conv2d(x, D, 3, padding="same", name="conv",
                               kernel_initializer=tf.truncated_normal_initializer(
                                   stddev=0.3, seed=1))
    with tf.variable_scope("vq"):
        initializer = tf.uniform_unit_scaling_initializer(seed=2)
        embeddings = tf.get_variable("embedding", [D, K], initializer=initializer)
        ema_cluster_size = tf.get_variable("ema_cluster_size", [K],
                                           initializer=tf.constant_initializer(0),
                                           trainable=False)
        ema_w = tf.get_variable("ema_dw", initializer=embeddings.initialized_value(),
                                trainable=False)
    flat_inputs = tf.reshape(z_e, [-1, D])
    distances = (tf.reduce_sum(flat_inputs ** 2, 1, keepdims=True)
                 - 2 * tf.matmul(flat_inputs, embeddings)
                 + tf.reduce_sum(embeddings ** 2, 0, keepdims=True))
    encoding_indices = tf.argmax(-distances, 1)
    encodings = tf.one_hot(encoding_indices, K)
    encoding_indices = tf.reshape(encoding_indices, tf.shape(z_e)[:-1])
    w = tf.transpose(embeddings.read_value(), [1, 0])
    quantized = tf.nn.embedding_lookup(w, encoding_indices, validate_indices=False)
    e_latent_loss = tf.reduce_mean((tf.stop_gradient(quantized) - z_e) ** 2)
    decay, eps = 0.9, 1e-5
    updated_ema_cluster_size = ama(ema_cluster_size, tf.reduce_sum(encodings, 0), decay,
                                   zero_debias=False)
    dw = tf.matmul(flat_inputs, encodings, transpose_a=True)
    updated_ema_w = ama(ema_w, dw, decay, zero_debias=False)
    n = tf.reduce_sum(updated_ema_cluster_size)
    updated_ema_cluster_size = ((updated_ema_cluster_size + eps) / (n + K * eps) * n)
    normalised_updated_ema_w = (updated_ema_w / tf.reshape(updated_ema_cluster_size, [1, -1]))
    with tf.control_dependencies([e_latent_loss]):
        update_w = tf.assign(embeddings, normalised_updated_ema_w)
        with tf.control_dependencies([update_w]):
            loss = 0.25 * e_latent_loss
    quantized_st = z_e + tf.stop_gradient(quantized - z_e)
    avg_probs = tf.reduce_mean(encodings, 0)
    perplexity = tf.exp(-tf.reduce_sum(avg_probs * tf.log(avg_probs + 1e-10)))
    recon = tf.layers.conv2d_transpose(quantized_st, 2, 3, padding="same", name="dec",
                                       kernel_initializer=tf.glorot_uniform_initializer(seed=5))
    recon_loss = tf.reduce_mean(tf.squared_difference(recon, x))
    total = recon_loss + loss
    g_enc = tf.gradients(total, tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES,
                                                  "encoder"))
    out['g_enc_none'] = [g is None for g in g_enc]
    out['emb_grad_none'] = tf.gradients(total, embeddings)[0] is None
    out['q_shape'] = str(quantized.shape)
    out['idx_shape'] = str(encoding_indices.shape)
    out['vars'] = [v.name for v in tf.global_variables()]
    train = tf.train.AdamOptimizer(3e-3).minimize(total, gate_gradients=tf.train.Optimizer.GATE_GRAPH)
    x_np = rng.randn(3, 5, 5, 2).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res = []
        for i in range(5):
            t, p, _ = sess.run([recon_loss, perplexity, train], {x: x_np})
            res.append((t, p))
        out['trace'] = np.array(res)
        out['emb'] = sess.run(embeddings)
        out['ema_cs'] = sess.run(ema_cluster_size)
        out['idx'] = sess.run(encoding_indices, {x: x_np})
        out['g_enc'] = sess.run(g_enc[0], {x: x_np})
    return out
