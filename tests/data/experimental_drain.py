"""Shared by the tf.data.experimental tests: a dataset's elements as plain Python values."""
from __future__ import annotations

OOR = "OutOfRange"


def plain(v, sparse_tag=("sparse",)):
    """numpy values (nested in dicts and tuples, SparseTensorValues too: a tuple of
    `sparse_tag` + indices, values, dense shape) as lists."""
    if isinstance(v, dict):
        return {k: plain(x, sparse_tag) for k, x in v.items()}
    if type(v).__name__ == "SparseTensorValue":
        return sparse_tag + tuple(plain(x) for x in (v.indices, v.values, v.dense_shape))
    if isinstance(v, tuple):
        return tuple(plain(x, sparse_tag) for x in v)
    return v.tolist() if hasattr(v, "tolist") else v


def drain(tf, ds, limit=60, keep_going=False, message=lambda text: text, sparse_tag=("sparse",)):
    """Every element (as lists), then OOR; an error is "<ErrorClass>: <message(text)>" and
    ends the list unless `keep_going`."""
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    out = []
    with tf.Session() as sess:
        for _ in range(limit):
            try:
                out.append(plain(sess.run(nxt), sparse_tag))
            except tf.errors.OutOfRangeError:
                out.append(OOR)
                break
            except tf.errors.OpError as e:
                out.append("%s: %s" % (type(e).__name__, message(e.message)))
                if not keep_going:
                    break
    return out
