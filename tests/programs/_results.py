"""A program's results (`main(tf) -> dict`) as flat named numpy arrays, so that the values real
TF gave can be stored as .npz goldens (no pickle) and compared with tfcompat's."""
import numpy as np


def flatten(results, prefix=""):
    """{name: array}: nested lists/tuples/dicts become name/0, name/key ...; strings become
    unicode arrays (bytes decoded as latin-1, so any byte survives)."""
    flat = {}
    for key, value in results.items():
        _add(flat, prefix + str(key), value)
    return flat


def _add(flat, name, value):
    if isinstance(value, dict):
        for key, item in value.items():
            _add(flat, "%s/%s" % (name, key), item)
    elif isinstance(value, (list, tuple)) and not _is_rectangular(value):
        for i, item in enumerate(value):
            _add(flat, "%s/%d" % (name, i), item)
    else:
        flat[name] = _array(value)


def _is_rectangular(value):
    try:
        array = np.asarray(value)
    except ValueError:
        return False
    return array.dtype != object


def _array(value):
    if value is None:
        return np.array("<None>")
    array = np.asarray(value)
    if array.dtype.kind == "S":
        return np.vectorize(lambda b: b.decode("latin-1"), otypes=[str])(array) \
            if array.size else array.astype(str)
    if array.dtype == object:
        return np.vectorize(lambda v: v.decode("latin-1") if isinstance(v, bytes) else str(v),
                            otypes=[str])(array)
    return array


def differences(expected, got, tolerance):
    """Reasons `got` differs from `expected` ({name: array} each); [] when they agree."""
    reasons = []
    if sorted(expected) != sorted(got):
        return ["result names %s, expected %s" % (sorted(got), sorted(expected))]
    for name in sorted(expected):
        e, g = expected[name], got[name]
        rtol, atol = tolerance.get(name.split("/")[0], tolerance.get("*", (1e-5, 1e-6)))
        if e.shape != g.shape:
            reasons.append("%s: shape %s, expected %s" % (name, g.shape, e.shape))
        elif e.dtype.kind in "fc" and g.dtype.kind in "fc":
            if e.dtype != g.dtype:
                reasons.append("%s: dtype %s, expected %s" % (name, g.dtype, e.dtype))
            elif not np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True):
                reasons.append("%s: %s, expected %s" % (name, g, e))
        elif e.dtype != g.dtype or not np.array_equal(e, g):
            reasons.append("%s: %r, expected %r" % (name, g, e))
    return reasons
