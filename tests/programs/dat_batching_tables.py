"""Batching tables as TF1 pipelines used them: batch with drop_remainder (static shapes),
padded_batch with -1 / explicit padded_shapes and padding_values (and their errors), unbatch,
experimental.unbatch / map_and_batch, window + flat_map."""
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


def main(tf):
    out = {}
    sess = tf.Session()
    D = tf.data.Dataset
    r = D.range(7)
    seqs = D.range(1, 6).map(lambda n: tf.fill([n], tf.cast(n, tf.int32)))
    pairs = D.range(1, 5).map(lambda n: (tf.range(n), tf.fill([n, 2], 0.5)))
    cases = {
        "b3": lambda: r.batch(3),
        "b3_drop": lambda: r.batch(3, drop_remainder=True),
        "b7_drop": lambda: r.batch(7, drop_remainder=True),
        "b8_drop": lambda: r.batch(8, drop_remainder=True),
        "b_batch": lambda: r.batch(2).batch(2),
        "b0": lambda: r.batch(0),
        "b_neg": lambda: r.batch(-1),
        "b_tensor": lambda: r.batch(tf.constant(3, tf.int64)),
        "b_tuple": lambda: D.from_tensor_slices(([1, 2, 3], [[1.], [2.], [3.]])).batch(2, True),
        "pb_neg1": lambda: seqs.padded_batch(2, padded_shapes=[-1]),
        "pb_none": lambda: seqs.padded_batch(2, padded_shapes=[None]),
        "pb_fixed": lambda: seqs.padded_batch(2, padded_shapes=[6], padding_values=-1),
        "pb_small": lambda: seqs.padded_batch(2, padded_shapes=[3]),
        "pb_drop": lambda: seqs.padded_batch(2, padded_shapes=[-1], drop_remainder=True),
        "pb_pairs": lambda: pairs.padded_batch(3, padded_shapes=([None], [None, 2]),
                                                padding_values=(tf.constant(-1, tf.int64), 9.)),
        "pb_string": lambda: D.from_tensor_slices(tf.constant([["a", "b"], ["c", "d"]])).map(
            lambda s: s[:1]).padded_batch(2, [3]),
        "unbatch": lambda: r.batch(3).apply(tf.data.experimental.unbatch()),
        "unbatch_scalar": lambda: r.apply(tf.data.experimental.unbatch()),
        "unbatch_method": lambda: D.from_tensors(([1, 2], ["a", "b"])).unbatch(),
        "mab": lambda: r.apply(tf.data.experimental.map_and_batch(lambda v: v * 2, 3)),
        "mab_drop": lambda: r.apply(tf.data.experimental.map_and_batch(
            lambda v: (v, tf.cast(v, tf.float32)), 3, drop_remainder=True)),
        "mab_par": lambda: r.apply(tf.data.experimental.map_and_batch(
            lambda v: v + 1, 2, num_parallel_batches=2)),
        "window": lambda: r.window(3, shift=2).flat_map(lambda w: w.batch(3)),
        "window_drop": lambda: r.window(3, shift=2, drop_remainder=True).flat_map(lambda w: w.batch(3)),
        "window_stride": lambda: r.window(2, shift=3, stride=2).flat_map(lambda w: w.batch(5)),
        "window_tuple": lambda: D.zip((r, r.map(lambda v: -v))).window(4).flat_map(
            lambda a, b: D.zip((a.batch(4), b.batch(4)))),
        "window0": lambda: r.window(0),
        "flat_map_tensors": lambda: r.take(3).flat_map(lambda v: D.from_tensors(v).repeat(v)),
    }
    for name, make in cases.items():
        out[name] = _drain(tf, sess, make)
    return out
