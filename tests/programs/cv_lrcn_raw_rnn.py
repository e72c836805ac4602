"""LRCN / video captioning in raw TF1 (2017): per-frame CNN by reshaping [B, T, H, W, C] to
[B*T, H, W, C] (tf.layers.conv2d + max_pooling2d + flatten), back to [B, T, F], dynamic_rnn with
an LSTMCell and sequence_length for variable clip lengths, last relevant output via gather_nd,
mean over valid steps with sequence_mask, Keras ConvLSTM2D with return_state/go_backwards;
static shapes with unknown batch/time, names, values, gradients."""
TAGS = ['cv', 'rnn', 'keras', 'shapes', 'gradients']
import numpy as np
TOLERANCE = {'*': (2e-4, 2e-5)}

def main(tf):
    tf.set_random_seed(4)
    rng = np.random.RandomState(4)
    clips_np = rng.rand(3, 5, 8, 8, 3).astype(np.float32)
    lens_np = np.array([5, 2, 3], np.int32)
    clips = tf.placeholder(tf.float32, [None, None, 8, 8, 3], name='clips')
    lens = tf.placeholder(tf.int32, [None], name='lens')
    b, t = tf.shape(clips)[0], tf.shape(clips)[1]
    frames = tf.reshape(clips, [-1, 8, 8, 3])
    ki = lambda s: tf.glorot_uniform_initializer(seed=s)
    with tf.variable_scope('cnn'):
        f = tf.layers.conv2d(frames, 6, 3, padding='same', activation=tf.nn.relu,
                             kernel_initializer=ki(1))
        f = tf.layers.max_pooling2d(f, 2, 2)
        f = tf.layers.conv2d(f, 8, 3, strides=2, activation=tf.nn.relu, kernel_initializer=ki(2))
        f = tf.layers.flatten(f)
    feat_dim = f.shape[-1].value
    seq = tf.reshape(f, [b, t, feat_dim])
    cell = tf.nn.rnn_cell.LSTMCell(7, initializer=ki(3), use_peepholes=True, num_proj=5)
    outputs, state = tf.nn.dynamic_rnn(cell, seq, sequence_length=lens, dtype=tf.float32,
                                       scope='lstm')
    idx = tf.stack([tf.range(b), lens - 1], axis=1)
    last = tf.gather_nd(outputs, idx)
    mask = tf.sequence_mask(lens, t, dtype=tf.float32)
    mean_out = tf.reduce_sum(outputs * mask[:, :, None], 1) / tf.cast(lens, tf.float32)[:, None]
    logits = tf.layers.dense(tf.concat([last, mean_out], 1), 4, kernel_initializer=ki(4),
                             name='logits')
    # per-step captions-style loss with sequence_loss weights
    step_logits = tf.layers.dense(outputs, 6, kernel_initializer=ki(5), name='word_logits')
    words = tf.constant(rng.randint(0, 6, (3, 5)).astype(np.int32))[:, :5]
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=words[:, :tf.shape(step_logits)[1]],
                                                          logits=step_logits)
    cap_loss = tf.reduce_sum(xent * mask) / tf.reduce_sum(mask)
    cls_loss = tf.losses.sparse_softmax_cross_entropy(tf.constant([1, 3, 0]), logits)
    # Keras ConvLSTM2D returning its states, run backwards over the clip
    kl = tf.keras.layers.ConvLSTM2D(2, (3, 3), padding='same', return_state=True,
                                    go_backwards=True, kernel_initializer='glorot_uniform',
                                    name='convlstm')
    tf.set_random_seed(4)
    kout, kh, kc = kl(clips)
    loss = cap_loss + cls_loss + tf.reduce_mean(kout) * 0.1
    tv = tf.trainable_variables()
    grads = tf.gradients(loss, [clips] + tv)
    res = {'shapes': [str(x.shape) for x in (frames, seq, outputs, state.c, state.h, last,
                                             mean_out, step_logits, xent, kout, kh, kc)],
           'names': [x.name for x in (outputs, last, logits, cap_loss, cls_loss, kout, kc)],
           'vars': [v.name + str(v.shape) for v in tv]}
    fd = {clips: clips_np, lens: lens_np}
    with tf.Session() as sess:
        for v in tv:  # deterministic values for every weight, independent of initializers
            n = int(np.prod(v.shape.as_list()))
            sess.run(v.assign(np.sin(np.arange(n) * 0.37).reshape(v.shape.as_list()) * 0.3))
        res.update(sess.run({'outputs': outputs, 'c': state.c, 'h': state.h, 'last': last,
                             'logits': logits, 'cap_loss': cap_loss, 'cls_loss': cls_loss,
                             'kout': kout, 'kc': kc, 'grads': grads}, fd))
    return res
