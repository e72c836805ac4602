"""Hvass-Labs TensorFlow-Tutorials 06 (CIFAR-10 pre_process_image: tf.random_crop,
tf.image.random_flip_left_right/random_hue/random_contrast/random_brightness/random_saturation,
tf.minimum/maximum clamps, tf.image.resize_image_with_crop_or_pad, tf.map_fn over the batch,
tf.cond-free training flag) and 12 (adversarial noise: a noise Variable in its own collection
'adversary_variables', tf.clip_by_value(noise, -limit, limit) assign op, optimizer var_list from
tf.get_collection, l2 loss on the noise, tf.train.Saver excluding the noise)."""
import os
import numpy as np
TAGS = ['cv', 'image', 'random', 'train']

img_size, img_size_cropped, num_channels = 10, 8, 3


def pre_process_image(tf, image, training):
    if training:
        image = tf.random_crop(image, size=[img_size_cropped, img_size_cropped, num_channels],
                               seed=1)
        image = tf.image.random_flip_left_right(image, seed=2)
        image = tf.image.random_hue(image, max_delta=0.05, seed=3)
        image = tf.image.random_contrast(image, lower=0.3, upper=1.0, seed=4)
        image = tf.image.random_brightness(image, max_delta=0.2, seed=5)
        image = tf.image.random_saturation(image, lower=0.0, upper=2.0, seed=6)
        image = tf.minimum(image, 1.0)
        image = tf.maximum(image, 0.0)
    else:
        image = tf.image.resize_image_with_crop_or_pad(image, target_height=img_size_cropped,
                                                       target_width=img_size_cropped)
    return image


def main(tf):
    out = {}
    tf.set_random_seed(42)
    rng = np.random.RandomState(12)
    images = rng.rand(6, img_size, img_size, num_channels).astype(np.float32)
    x = tf.placeholder(tf.float32, shape=[None, img_size, img_size, num_channels], name='x')
    # parallel_iterations=1: TF's parallel loop iterations draw from each seeded random op in
    # thread order, so which image gets which crop/flip would differ from run to run
    train_imgs = tf.map_fn(lambda image: pre_process_image(tf, image, True), x,
                           parallel_iterations=1)
    test_imgs = tf.map_fn(lambda image: pre_process_image(tf, image, False), x)
    out['pp_shapes'] = [str(train_imgs.shape), str(test_imgs.shape)]
    with tf.Session() as sess:
        a = sess.run(train_imgs, {x: images})
        b = sess.run(test_imgs, {x: images})
    out['train_pp'] = a.reshape(6, -1)[:, :6]
    out['train_pp_mean'] = a.mean((1, 2, 3))
    out['test_pp'] = b[0, :2, :2, 0]

    noise_limit, noise_l2_weight = 0.35, 0.02
    xa = tf.placeholder(tf.float32, shape=[None, 4 * 4], name='xa')
    y_true = tf.placeholder(tf.float32, shape=[None, 3], name='y_true')
    ADVERSARY_VARIABLES = 'adversary_variables'
    collections = [tf.GraphKeys.GLOBAL_VARIABLES, ADVERSARY_VARIABLES]
    x_noise = tf.Variable(tf.zeros([4, 4]), name='x_noise', trainable=False,
                          collections=collections)
    x_noise_clip = tf.assign(x_noise, tf.clip_by_value(x_noise, -noise_limit, noise_limit))
    x_noisy_image = tf.clip_by_value(xa + tf.reshape(x_noise, [-1]), 0.0, 1.0)
    w = tf.Variable(tf.truncated_normal([16, 3], stddev=0.5, seed=7), name='w')
    logits = tf.matmul(x_noisy_image, w)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_true,
                                                                     logits=logits))
    optimizer = tf.train.AdamOptimizer(learning_rate=0.05).minimize(loss)
    adversary_variables = tf.get_collection(ADVERSARY_VARIABLES)
    l2_loss_noise = noise_l2_weight * tf.nn.l2_loss(x_noise)
    loss_adversary = loss + l2_loss_noise
    optimizer_adversary = tf.train.AdamOptimizer(learning_rate=0.1).minimize(
        loss_adversary, var_list=adversary_variables)
    out['adv_meta'] = [[v.name for v in adversary_variables],
                       [v.name for v in tf.trainable_variables()],
                       sorted(v.name for v in tf.global_variables())]
    data = rng.rand(30, 16).astype(np.float32)
    lab = np.eye(3, dtype=np.float32)[(data[:, :4].sum(1) * 1.2).astype(int) % 3]
    target = np.eye(3, dtype=np.float32)[np.full(30, 2)]
    saver = tf.train.Saver(var_list=tf.trainable_variables())
    hist = []
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        for i in range(20):
            session.run(optimizer, {xa: data, y_true: lab})
        base = session.run(loss, {xa: data, y_true: lab})
        saver.save(session, os.path.join('ck', 'model'))
        for i in range(15):
            session.run(optimizer_adversary, {xa: data, y_true: target})
            session.run(x_noise_clip)
            hist.append(session.run([loss_adversary, l2_loss_noise], {xa: data, y_true: target}))
        noise = session.run(x_noise)
        session.run(tf.variables_initializer([x_noise]))
        out['noise_reset'] = float(np.abs(session.run(x_noise)).sum())
    out['base_loss'] = base
    out['adv_hist'] = np.array(hist)
    out['noise'] = noise
    out['noise_range'] = [float(noise.min()), float(noise.max())]
    reader = tf.train.NewCheckpointReader(os.path.join('ck', 'model'))
    out['ckpt_keys'] = sorted(reader.get_variable_to_shape_map())
    return out
