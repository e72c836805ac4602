"""A 2018-style tf.data image pipeline: PNG files written by encode_png, from_tensor_slices of
(filenames, labels), seeded shuffle, read_file + decode_png + resize in a parallel map, seeded
random augmentation in a map, batch, prefetch, an initializable iterator fed by placeholders
and run for two epochs (each initialization restarts the map's random ops, as in TF), py_func,
filter, repeat, drop_remainder, padded_batch of boxes from a generator, zip/skip/take."""
import os

import numpy as np
TAGS = ['cv', 'data']
TOLERANCE = {'*': (1e-5, 1e-4)}


def main(tf):
    tf.set_random_seed(20)
    rng = np.random.RandomState(20)
    imgs = rng.randint(0, 255, (6, 9, 11, 3)).astype(np.uint8)
    paths = []
    with tf.Session() as sess:
        ph = tf.placeholder(tf.uint8, [9, 11, 3])
        enc = tf.image.encode_png(ph, compression=3)
        for i in range(6):
            path = os.path.abspath('img_%d.png' % i)
            with open(path, 'wb') as f:
                f.write(sess.run(enc, {ph: imgs[i]}))
            paths.append(path)

    def parse(filename, label):
        decoded = tf.image.decode_png(tf.read_file(filename), channels=3)
        return tf.image.resize_images(tf.cast(decoded, tf.float32), [8, 8]), label

    def augment(image, label):
        image = tf.image.random_flip_left_right(image, seed=1)
        image = tf.image.random_brightness(image, max_delta=32.0 / 255.0, seed=2)
        image = tf.image.random_saturation(image, lower=0.5, upper=1.5, seed=3)
        return tf.clip_by_value(image / 255.0, 0.0, 1.0), label

    filenames = tf.placeholder(tf.string, [None])
    labels = tf.placeholder(tf.int32, [None])
    dataset = tf.data.Dataset.from_tensor_slices((filenames, labels)).shuffle(6, seed=4)
    dataset = dataset.map(parse, num_parallel_calls=4).map(augment).batch(4).prefetch(1)
    iterator = dataset.make_initializable_iterator()
    images, batch_labels = iterator.get_next()
    out = {'types': str(dataset.output_types), 'shapes': str(dataset.output_shapes)}
    ds2 = tf.data.Dataset.range(5).map(lambda x: tf.py_func(lambda v: np.int64(v * 10), [x], tf.int64))
    ds2 = ds2.map(lambda x: tf.reshape(x, [])).filter(lambda x: x > 5).repeat(2).batch(3, drop_remainder=True)
    next2 = ds2.make_one_shot_iterator().get_next()
    boxes = [rng.rand(k, 4).astype(np.float32) for k in (1, 3, 2)]
    ds3 = tf.data.Dataset.from_generator(lambda: iter(boxes), tf.float32, tf.TensorShape([None, 4]))
    next3 = ds3.padded_batch(2, padded_shapes=[None, 4], padding_values=-1.0).make_one_shot_iterator().get_next()
    ds4 = tf.data.Dataset.zip((tf.data.Dataset.range(4),
                               tf.data.Dataset.from_tensor_slices(np.arange(8).reshape(4, 2)))).skip(1).take(2)
    next4 = ds4.make_one_shot_iterator().get_next()
    out['static'] = [str(ds2.output_shapes), str(next3.get_shape())]
    with tf.Session() as sess:
        for epoch in range(2):
            sess.run(iterator.initializer, {filenames: paths, labels: list(range(6))})
            for step in range(2):
                out['epoch%d/%d' % (epoch, step)] = sess.run([images, batch_labels])
            try:
                sess.run(images)
            except tf.errors.OutOfRangeError as e:
                out['epoch%d/end' % epoch] = type(e).__name__
        out['ds2'] = [sess.run(next2), sess.run(next2)]
        out['ds3'] = [sess.run(next3), sess.run(next3)]
        out['ds4'] = [sess.run(next4), sess.run(next4)]
    return out
