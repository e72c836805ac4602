"""minigo preprocessing.py + symmetries.py (2018): ZLIB TFRecords of uint8 board features via
tf.python_io.TFRecordWriter, TFRecordDataset(compression_type='ZLIB'), parse_example with
FixedLenFeature bytes and decode_raw, a bitwise symmetry choice with tf.where / tf.reverse /
transpose under tf.map_fn, tf.image.rot90 / flip_left_right / flip_up_down / transpose_image on
batches of 2, 1 and 0 (result names included), and numpy dihedral checks."""
import numpy as np

TAGS = ['image', 'dataset', 'io', 'control_flow']

N = 4
F = 3


def make_tf_example(tf, features, pi, value):
    return tf.train.Example(features=tf.train.Features(feature={
        'x': tf.train.Feature(bytes_list=tf.train.BytesList(value=[features.tobytes()])),
        'pi': tf.train.Feature(bytes_list=tf.train.BytesList(value=[pi.tobytes()])),
        'outcome': tf.train.Feature(float_list=tf.train.FloatList(value=[value]))}))


def batch_parse(tf, example_batch):
    feats = {'x': tf.FixedLenFeature([], tf.string), 'pi': tf.FixedLenFeature([], tf.string),
             'outcome': tf.FixedLenFeature([], tf.float32)}
    parsed = tf.parse_example(example_batch, feats)
    x = tf.decode_raw(parsed['x'], tf.uint8)
    x = tf.cast(x, tf.float32)
    x = tf.reshape(x, [-1, N, N, F])
    pi = tf.decode_raw(parsed['pi'], tf.float32)
    pi = tf.reshape(pi, [-1, N * N + 1])
    return x, {'pi_tensor': pi, 'value_tensor': parsed['outcome']}


def rotate(tf, sym):
    def fn(tensor):
        tensor = tf.where(tf.bitwise.bitwise_and(sym, 1) > 0, tf.reverse(tensor, axis=[0]), tensor)
        tensor = tf.where(tf.bitwise.bitwise_and(sym, 2) > 0, tf.reverse(tensor, axis=[1]), tensor)
        tensor = tf.where(tf.bitwise.bitwise_and(sym, 4) > 0,
                          tf.transpose(tensor, perm=[1, 0, 2]), tensor)
        return tensor
    return fn


def numpy_sym(s, x):
    if s & 1:
        x = x[::-1]
    if s & 2:
        x = x[:, ::-1]
    if s & 4:
        x = np.transpose(x, (1, 0, 2))
    return x


def main(tf):
    rng = np.random.RandomState(2)
    feats = rng.randint(0, 2, (6, N, N, F)).astype(np.uint8)
    pis = rng.dirichlet(np.ones(N * N + 1), 6).astype(np.float32)
    outcomes = np.array([1, -1, 1, 1, -1, -1], np.float32)
    opts = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.ZLIB)
    with tf.python_io.TFRecordWriter('games.tfrecord.zz', options=opts) as w:
        for f, p, o in zip(feats, pis, outcomes):
            w.write(make_tf_example(tf, f, p, o).SerializeToString())
    n_rec = sum(1 for _ in tf.python_io.tf_record_iterator('games.tfrecord.zz', options=opts))
    ds = tf.data.TFRecordDataset(['games.tfrecord.zz'], compression_type='ZLIB')
    ds = ds.batch(4, drop_remainder=False).map(lambda b: batch_parse(tf, b))
    it = ds.make_one_shot_iterator()
    x, labels = it.get_next()
    sym = tf.placeholder(tf.int32, [])
    pi_sq = tf.reshape(labels['pi_tensor'][:, :-1], [-1, N, N, 1])
    x_rot = tf.map_fn(rotate(tf, sym), x, back_prop=False)
    pi_rot = tf.map_fn(rotate(tf, sym), pi_sq, back_prop=False)
    pi_out = tf.concat([tf.reshape(pi_rot, [-1, N * N]), labels['pi_tensor'][:, -1:]], axis=1)
    img = tf.placeholder(tf.float32, [None, N, N, F])
    k = tf.placeholder(tf.int32, [])
    ops = {'rot90_k': tf.image.rot90(img, k), 'rot90_1': tf.image.rot90(img),
           'flip_lr': tf.image.flip_left_right(img), 'flip_ud': tf.image.flip_up_down(img),
           'transpose': tf.image.transpose_image(img),
           'single_rot': tf.image.rot90(img[0], k=3)}
    out = {'n_rec': n_rec, 'x_shape': str(x.shape), 'pi_shape': str(pi_out.shape),
           'static': {n: str(t.shape) for n, t in ops.items()},
           'op_names': sorted({n: t.name for n, t in ops.items()}.items())}
    with tf.Session() as sess:
        xv, pv, ov = sess.run([x_rot, pi_out, labels['value_tensor']], {sym: 5})
        out.update(x_rot=xv, pi_rot=pv, outcome=ov)
        expect = np.stack([numpy_sym(5, f.astype(np.float32)) for f in feats[:4]])
        out['np_agree'] = bool(np.array_equal(expect, xv))
        xv2, pv2 = sess.run([x_rot, pi_out], {sym: 2})
        out.update(x_rot2=xv2, pi_rot2=pv2, last_batch=len(xv2))
        try:
            sess.run(x)
        except tf.errors.OutOfRangeError as e:
            out['eof'] = type(e).__name__
        fb = feats.astype(np.float32)
        for kk in range(4):
            res = sess.run(ops, {img: fb[:2], k: kk})
            out['img_%d' % kk] = {n: v for n, v in res.items()}
        one = sess.run(ops, {img: fb[:1], k: 1})
        out['batch1'] = one['rot90_k']
        zero = sess.run({n: t for n, t in ops.items() if n != 'single_rot'}, {img: fb[:0], k: 2})
        out['batch0_shapes'] = {n: list(v.shape) for n, v in zero.items()}
        try:
            sess.run(ops['single_rot'], {img: fb[:0], k: 2})
        except tf.errors.InvalidArgumentError as e:
            out['batch0_err'] = [l for l in e.message.split('\n') if 'bounds' in l]
    for s in range(8):
        ok = np.allclose(np.rot90(fb[0], 1), numpy_sym(s, fb[0]))
        if ok:
            out['rot_equiv_sym'] = s
    return out
