"""Feature hashing / serialization tables as wide-and-deep and TFRecord tooling used them:
string_to_hash_bucket(_fast/_strong), encode/decode_base64 (pad, malformed input),
tf.strings.format (summarize, placeholder), as_string of empty tensors."""
TAGS = ['strings', 'errors']


def _run(tf, sess, fn):
    try:
        t = fn()
        return {"v": sess.run(t), "shape": str(t.shape), "dtype": t.dtype.name}
    except Exception as e:  # noqa
        lines = [ln for ln in str(e).split("\n") if ln.strip() and not ln.startswith(
            ("Graph execution", "Detected at", " ", "\t", "Traceback", "Node:"))]
        return {"err": type(e).__name__, "msg": (lines or [""])[0][:120]}


def main(tf):
    sess = tf.Session()
    out = {}
    keys = tf.constant(["", "a", "hello world", u"\u00e9t\u00e9", "user_123456789", "x" * 100])
    for nb in [1, 2, 10, 1000, 2 ** 31 - 1]:
        out["fast_%d" % nb] = _run(tf, sess, lambda: tf.string_to_hash_bucket_fast(keys, nb))
        out["slow_%d" % nb] = _run(tf, sess, lambda: tf.string_to_hash_bucket(keys, nb))
        out["strong_%d" % nb] = _run(tf, sess, lambda: tf.string_to_hash_bucket_strong(keys, nb, [1, 2]))
    out["fast_0"] = _run(tf, sess, lambda: tf.string_to_hash_bucket_fast(keys, 0))
    out["strong_badkey"] = _run(tf, sess, lambda: tf.string_to_hash_bucket_strong(keys, 5, [1]))
    out["strong_key2"] = _run(tf, sess, lambda: tf.strings.to_hash_bucket_strong(keys, 97, [2 ** 40, 7]))
    out["v2_fast"] = _run(tf, sess, lambda: tf.strings.to_hash_bucket_fast(tf.reshape(keys, [2, 3]), 7))
    out["v2_slow"] = _run(tf, sess, lambda: tf.strings.to_hash_bucket(keys[:2], 3))
    raw = tf.constant(["", "f", "fo", "foo", "\xff\xfe?>", "hello world!"])
    out["b64"] = _run(tf, sess, lambda: tf.encode_base64(raw))
    out["b64p"] = _run(tf, sess, lambda: tf.encode_base64(raw, pad=True))
    out["rt"] = _run(tf, sess, lambda: tf.decode_base64(tf.encode_base64(raw)))
    out["rtp"] = _run(tf, sess, lambda: tf.io.decode_base64(tf.io.encode_base64(raw, pad=True)))
    for i, txt in enumerate(["Zm9v", "Zm8", "Zm8=", "Zg==", "Zg", "Zg=", "Z", "Zm9v!", "+/+/", "-_-_",
                             "Zm 9v", "Zm9v\n", "====", ""]):
        out["dec_%d" % i] = _run(tf, sess, lambda: tf.decode_base64([txt]))
    x = tf.constant([[1.5, 2.0], [3.25, -4.0]])
    i = tf.constant([1, 2, 3, 4, 5, 6, 7, 8])
    for k, (tmpl, ins, kw) in enumerate([
            ("x = {}", [x], {}), ("{} and {}", [i, "s"], {}), ("v: {}", [i], {"summarize": 2}),
            ("v: {}", [i], {"summarize": -1}), ("no args", [], {}), ("{{}} {}", [3], {}),
            ("<{}>", [tf.constant("str")], {}), ("{}", [tf.constant([True, False])], {}),
            ("[[{}]]", [tf.zeros([0, 2])], {}), ("{}", [tf.constant(2.5, tf.float64)], {}),
            ("{}", [tf.constant([["a", "b"]])], {}), ("{} {}", [1], {}),
            ("$ {} $", [x], {"placeholder": "$"}), ("{}", [tf.range(30)], {"summarize": 3}),
            ("{}", [tf.constant([1e-8, 1e8])], {}), ("{}", [tf.constant([1, 2], tf.int64)], {})]):
        out["fmt_%d" % k] = _run(tf, sess, lambda: tf.strings.format(tmpl, ins, **kw))
    for k in (5, 11, 12):   # TF 2.21 and TF 1.15 word the count mismatch differently
        out["fmt_%d" % k].pop("msg", None)
    out["fmt_list"] = _run(tf, sess, lambda: tf.strings.format("{} / {}", (tf.constant(1), tf.constant(2.0))))
    out["fmt_single"] = _run(tf, sess, lambda: tf.strings.format("{}", tf.constant([7])))
    out["as_empty"] = _run(tf, sess, lambda: tf.as_string(tf.zeros([2, 0], tf.int32)))
    out["join_empty"] = _run(tf, sess, lambda: tf.string_join([tf.zeros([0], tf.string), "a"]))
    return out
