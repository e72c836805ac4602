"""Iterator tables in the TF1 style: make_one_shot_iterator / make_initializable_iterator
(re-initialisation with fed parameters), Iterator.from_structure (compatible / incompatible
initializers), from_string_handle switching, OutOfRangeError texts, uninitialised use."""
import numpy as np
TAGS = ['dataset', 'errors']

def _msg(e):
    lines = [ln for ln in str(e).split("\n") if ln.strip() and not ln.startswith(
        ("Graph execution", "Detected at", " ", "\t", "Traceback", "Node:", "[["))]
    return type(e).__name__ + ": " + (lines or [""])[0][:110]


def _struct(tf, ds):
    return {"types": str(tf.nest.map_structure(lambda t: t.name, ds.output_types)),
            "shapes": str(ds.output_shapes),
            "classes": str(tf.nest.map_structure(lambda c: getattr(c, "__name__", type(c).__name__), ds.output_classes))}


def _drain(tf, sess, make, limit=30):
    try:
        ds = make()
        info = _struct(tf, ds)
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
    except Exception as e:  # noqa
        return "B:" + _msg(e)
    vals = []
    try:
        for _ in range(limit):
            vals.append(sess.run(nxt))
    except tf.errors.OutOfRangeError:
        vals.append("END")
    except Exception as e:  # noqa
        vals.append("E:" + _msg(e))
    info["vals"] = vals
    return info


def _try(fn):
    try:
        return fn()
    except Exception as e:  # noqa
        return "X:" + _msg(e)


def main(tf):
    out = {}
    sess = tf.Session()
    D = tf.data.Dataset
    n = tf.placeholder(tf.int64, [], name="n")
    ds = D.range(n).map(lambda v: v * 10)
    it = ds.make_initializable_iterator()
    nxt = it.get_next()
    out["uninit"] = _try(lambda: sess.run(nxt))
    seq = []
    for count in (2, 0, 3):
        sess.run(it.initializer, {n: count})
        seq.append(_try(lambda: [sess.run(nxt) for _ in range(4)]))
    out["reinit"] = seq
    out["reinit_after_end"] = _try(lambda: sess.run(nxt))
    # from_structure
    a = D.from_tensor_slices((np.arange(3, dtype=np.float32), [1, 2, 3]))
    b = D.from_tensor_slices((np.zeros([2], np.float32) - 1., [5, 6]))
    s = tf.data.Iterator.from_structure(a.output_types, a.output_shapes)
    sn = s.get_next()
    ia, ib = s.make_initializer(a), s.make_initializer(b)
    out["fs_uninit"] = _try(lambda: sess.run(sn))
    sess.run(ia)
    out["fs_a"] = _try(lambda: [sess.run(sn) for _ in range(4)])
    sess.run(ib)
    out["fs_b"] = _try(lambda: [sess.run(sn) for _ in range(3)])
    out["fs_names"] = [sn[0].name, ia.name, ia.type, str(sn[0].shape)]
    out["fs_bad_type"] = _try(lambda: s.make_initializer(D.range(3)).name)
    out["fs_bad_dtype"] = _try(lambda: s.make_initializer(
        D.from_tensor_slices(([1., 2.], [1., 2.]))).name)
    out["fs_bad_shape"] = _try(lambda: s.make_initializer(
        D.from_tensor_slices((np.zeros([2, 2], np.float32), [5, 6]))).name)
    s2 = tf.data.Iterator.from_structure(tf.float32, tf.TensorShape([None]))
    out["fs_compat_shape"] = _try(lambda: str(s2.get_next().shape) + " " + s2.make_initializer(
        D.from_tensors([1., 2.])).type)
    out["fs_no_shapes"] = _try(lambda: str(tf.data.Iterator.from_structure(
        (tf.int32, tf.string)).get_next()[0].shape))
    # string handles
    tr = D.range(100).make_one_shot_iterator()
    va = D.range(-3, 0).make_initializable_iterator()
    h = tf.placeholder(tf.string, [])
    feed = tf.data.Iterator.from_string_handle(h, tr.output_types, tr.output_shapes)
    fn = feed.get_next()
    th, vh = sess.run([tr.string_handle(), va.string_handle()])
    sess.run(va.initializer)
    out["sh"] = [sess.run(fn, {h: th}), sess.run(fn, {h: th}), sess.run(fn, {h: vh}),
                 sess.run(fn, {h: th})]
    out["sh_end"] = _try(lambda: [sess.run(fn, {h: vh}) for _ in range(3)])
    out["sh_names"] = [fn.name, str(fn.shape), feed.output_types.name]
    # one shot with placeholder capture is refused
    out["oneshot_ph"] = _try(lambda: D.range(n).make_one_shot_iterator().get_next().name)
    one = D.range(2).make_one_shot_iterator().get_next()
    out["oneshot_end"] = _try(lambda: [sess.run(one) for _ in range(3)])
    out["oneshot_end2"] = _try(lambda: sess.run(one))
    out["it_props"] = [str(it.output_types), str(it.output_shapes), it.output_classes.__name__]
    return out
