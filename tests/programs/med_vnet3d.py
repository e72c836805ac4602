"""V-Net / 3-D U-Net port (2016-2018 TF1 repos): conv3d with PReLU residual blocks, strided conv
down, conv3d_transpose up, skip concat, softmax dice loss, a few Adam steps; shapes and names."""
import numpy as np
TAGS = ['cv', 'conv3d', 'train', 'gradients']
TOLERANCE = {'*': (2e-4, 2e-5)}


def prelu(tf, x, name):
    with tf.variable_scope(name):
        alpha = tf.get_variable('alpha', x.shape[-1:], initializer=tf.constant_initializer(0.25))
        return tf.nn.relu(x) - alpha * tf.nn.relu(-x)


def conv3d(tf, x, out_ch, name, k=3, stride=1):
    with tf.variable_scope(name):
        w = tf.get_variable('w', [k, k, k, int(x.shape[-1]), out_ch],
                            initializer=tf.truncated_normal_initializer(stddev=0.1, seed=len(name)))
        b = tf.get_variable('b', [out_ch], initializer=tf.constant_initializer(0.01))
        return tf.nn.conv3d(x, w, [1, stride, stride, stride, 1], 'SAME') + b


def deconv3d(tf, x, out_ch, name):
    with tf.variable_scope(name):
        in_ch = int(x.shape[-1])
        w = tf.get_variable('w', [2, 2, 2, out_ch, in_ch],
                            initializer=tf.truncated_normal_initializer(stddev=0.1, seed=7))
        s = tf.shape(x)
        out_shape = tf.stack([s[0], s[1] * 2, s[2] * 2, s[3] * 2, out_ch])
        y = tf.nn.conv3d_transpose(x, w, out_shape, [1, 2, 2, 2, 1], 'SAME')
        return y


def main(tf):
    tf.set_random_seed(1)
    rs = np.random.RandomState(1)
    vol = rs.rand(2, 8, 8, 8, 1).astype(np.float32)
    lab = (vol[..., 0] > 0.6).astype(np.int32)
    x = tf.placeholder(tf.float32, [None, 8, 8, 8, 1], name='volume')
    y = tf.placeholder(tf.int32, [None, 8, 8, 8], name='label')
    c1 = prelu(tf, conv3d(tf, x, 4, 'enc1'), 'p1')
    c1 = c1 + tf.tile(x, [1, 1, 1, 1, 4])
    d1 = prelu(tf, conv3d(tf, c1, 8, 'down1', k=2, stride=2), 'pd1')
    c2 = prelu(tf, conv3d(tf, d1, 8, 'enc2'), 'p2') + d1
    pooled = tf.nn.max_pool3d(c2, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], 'VALID')
    avg = tf.nn.avg_pool3d(c2, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], 'SAME')
    u1 = deconv3d(tf, c2, 4, 'up1')
    u1.set_shape([None, 8, 8, 8, 4])
    cat = tf.concat([u1, c1], axis=-1)
    c3 = prelu(tf, conv3d(tf, cat, 8, 'dec1'), 'p3')
    logits = conv3d(tf, c3, 2, 'out', k=1)
    probs = tf.nn.softmax(logits)
    onehot = tf.one_hot(y, 2)
    inter = tf.reduce_sum(probs[..., 1] * onehot[..., 1])
    union = tf.reduce_sum(tf.square(probs[..., 1])) + tf.reduce_sum(tf.square(onehot[..., 1]))
    dice = 2 * inter / (union + 1e-5)
    loss = 1 - dice + 0.1 * tf.losses.sparse_softmax_cross_entropy(y, logits)
    opt = tf.train.AdamOptimizer(1e-2)
    gvs = opt.compute_gradients(loss)
    train = opt.apply_gradients([(tf.clip_by_norm(g, 1.0), v) for g, v in gvs])
    out = {'shapes': {n: str(t.shape) for n, t in [('c1', c1), ('d1', d1), ('pooled', pooled), ('avg', avg),
                                                    ('u1_raw', u1), ('cat', cat), ('logits', logits)]},
           'vars': [v.op.name for v in tf.trainable_variables()],
           'deconv_type': u1.op.type, 'pool_type': pooled.op.type}
    feed = {x: vol, y: lab}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['init'] = sess.run([loss, dice, pooled, avg], feed)
        out['grads'] = sess.run([g for g, _ in gvs], feed)
        for _ in range(3):
            sess.run(train, feed)
        out['final'] = sess.run([loss, dice], feed)
        out['pred'] = sess.run(tf.argmax(probs, -1), feed)
    return out
