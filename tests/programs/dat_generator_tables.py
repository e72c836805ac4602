"""from_generator tables as TF1 input code wrote them: output_types / output_shapes (tuples,
dicts, unknown dims), generator args, values that do not match the declared types or shapes,
and exceptions raised inside the generator."""
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


def _g_pairs():
    for i in range(3):
        yield (i, [float(i)] * (i + 1))


def _g_dict():
    for i in range(2):
        yield {"id": i, "name": "n%d" % i}


def _g_raise():
    yield 1
    yield 2
    raise ValueError("boom in generator")


def _g_badtype():
    yield 1
    yield "x"


def _g_badshape():
    yield [1, 2]
    yield [1, 2, 3]


def _g_args(n, m):
    for i in range(n):
        yield i * m


def main(tf):
    out = {}
    sess = tf.Session()
    G = tf.data.Dataset.from_generator
    cases = {
        "scalar": lambda: G(lambda: iter([1, 2, 3]), tf.int64),
        "pairs": lambda: G(_g_pairs, (tf.int32, tf.float32)),
        "pairs_shapes": lambda: G(_g_pairs, (tf.int32, tf.float32), (tf.TensorShape([]), tf.TensorShape([None]))),
        "dict": lambda: G(_g_dict, {"id": tf.int64, "name": tf.string}),
        "dict_shapes": lambda: G(_g_dict, {"id": tf.int64, "name": tf.string}, {"id": [], "name": []}),
        "raise": lambda: G(_g_raise, tf.int32),
        "badtype": lambda: G(_g_badtype, tf.int32),
        "badshape": lambda: G(_g_badshape, tf.int32, [2]),
        "wrong_struct": lambda: G(_g_pairs, tf.int32),
        "int_to_float": lambda: G(lambda: iter([1, 2]), tf.float32),
        "f16": lambda: G(lambda: iter([np.float16(1.5), 65504.]), tf.float16),
        "args": lambda: G(_g_args, tf.int64, args=(3, 10)),
        "args_tensor": lambda: G(_g_args, tf.int64, args=(tf.constant(2), tf.constant(5))),
        "empty": lambda: G(lambda: iter([]), tf.float32, [2]),
        "batch": lambda: G(_g_pairs, (tf.int32, tf.float32), ([], [None])).padded_batch(2, ([], [-1])),
        "not_callable": lambda: G([1, 2], tf.int32),
        "repeat": lambda: G(lambda: iter([7, 8]), tf.int32).repeat(2),
        "map": lambda: G(lambda: iter([1, 2]), tf.int32, []).map(lambda v: v * 3),
    }
    for name, make in cases.items():
        out[name] = _drain(tf, sess, make)
    return out
