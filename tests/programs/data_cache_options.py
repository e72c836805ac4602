"""The performance guide's cache() advice (2019): in-memory cache with a py_func counter
showing later epochs come from the cache, cache(filename) writing TF's tensor-bundle files
(filename.index, filename.data-00000-of-00001) and a partial pass leaving none, plus
tf.data.Options (experimental_deterministic, experimental_optimization) as input_fns set them."""
import os
import numpy as np
TAGS = ['dataset']


def main(tf):
    res = {}
    calls = []

    def expensive(x):
        calls.append(int(x))
        return np.float32(x) * 2

    def load(x):
        y = tf.py_func(expensive, [x], tf.float32, stateful=True)
        y.set_shape([])
        return y

    base = tf.data.Dataset.range(6).map(load)
    mem = base.cache().repeat(3)
    os.makedirs('cache_dir', exist_ok=True)
    fil = tf.data.Dataset.range(4).map(lambda x: x * 10).cache('cache_dir/train.cache')
    opts = tf.data.Options()
    opts.experimental_deterministic = True
    opts.experimental_optimization.map_and_batch_fusion = True
    opts.experimental_optimization.map_parallelization = True
    opts.experimental_optimization.noop_elimination = True
    fil = fil.with_options(opts)
    res['opt_det'] = str(fil.options().experimental_deterministic)
    res['opt_fusion'] = str(fil.options().experimental_optimization.map_and_batch_fusion)
    res['opt_default'] = str(tf.data.Options().experimental_deterministic)
    it_mem = mem.make_one_shot_iterator().get_next()
    it_fil = fil.make_initializable_iterator()
    nf = it_fil.get_next()
    with tf.Session() as sess:
        vals = []
        try:
            while True:
                vals.append(float(sess.run(it_mem)))
        except tf.errors.OutOfRangeError:
            vals.append('OutOfRange')
        res['mem_vals'] = vals
        res['mem_calls'] = list(calls)
        epochs = []
        for ep in range(2):
            sess.run(it_fil.initializer)
            got = []
            try:
                while True:
                    got.append(int(sess.run(nf)))
            except tf.errors.OutOfRangeError:
                pass
            epochs.append(got)
            res['files_after_epoch%d' % ep] = sorted(os.listdir('cache_dir'))
        res['file_epochs'] = epochs
    # partial read of a file cache: the cache is not finalized
    os.makedirs('cache2', exist_ok=True)
    part = tf.data.Dataset.range(5).cache('cache2/c').take(2)
    n2 = part.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        res['partial'] = [int(sess.run(n2)), int(sess.run(n2))]
    res['partial_files'] = sorted(os.listdir('cache2'))
    # options merge / deterministic with parallel map
    d = tf.data.Dataset.range(10).map(lambda x: x * x, num_parallel_calls=4)
    o = tf.data.Options()
    o.experimental_deterministic = False
    d = d.with_options(o).batch(4)
    n3 = d.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        got = []
        try:
            while True:
                got.extend(sess.run(n3).tolist())
        except tf.errors.OutOfRangeError:
            pass
        res['nondet_sorted'] = sorted(got)
    res['nondet_shape'] = str(d.output_shapes)
    return res
