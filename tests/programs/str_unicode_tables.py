"""Multilingual tokenization tables in the style of tf.strings unicode tutorials (2019):
unicode_decode/_with_offsets/split with errors replace/ignore/strict and replacement_char,
unicode_encode of ragged and dense code points, unicode_transcode, UTF8_CHAR length/substr."""
TAGS = ['strings', 'ragged', 'errors']


def _run(tf, sess, fn):
    try:
        t = fn()
        if hasattr(t, "to_list"):
            return {"v": repr(sess.run(t).to_list()), "shape": str(t.shape), "dtype": t.dtype.name}
        if isinstance(t, tuple):
            vs = sess.run(t)
            return {"v%d" % i: repr(v.to_list() if hasattr(v, "to_list") else v.tolist())
                    for i, v in enumerate(vs)}
        return {"v": sess.run(t), "shape": str(t.shape), "dtype": t.dtype.name}
    except Exception as e:  # noqa
        lines = [ln for ln in str(e).split("\n") if ln.strip() and not ln.startswith(
            ("Graph execution", "Detected at", " ", "\t", "Traceback", "Node:"))]
        return {"err": type(e).__name__, "msg": (lines or [""])[0][:120]}


def main(tf):
    sess = tf.Session()
    out = {}
    good = [u"h\u00e9llo".encode("utf-8"), u"\u4f60\u597d".encode("utf-8"), b"",
            u"\U0001F600!".encode("utf-8")]
    bad = [b"ab\xffcd", b"\xe4\xbd", b"ok", b"\xc3\x28x", b"\xed\xa0\x80"]
    for i, (src, errs, rc, rcc) in enumerate([
            (good, "replace", 65533, False), (bad, "replace", 65533, False),
            (bad, "ignore", 65533, False), (bad, "strict", 65533, False),
            (bad, "replace", 63, False), (bad, "replace", 65533, True), (bad, "replace", 0, False)]):
        out["dec_%d" % i] = _run(tf, sess, lambda: tf.strings.unicode_decode(
            src, "UTF-8", errors=errs, replacement_char=rc, replace_control_characters=rcc))
        out["dwo_%d" % i] = _run(tf, sess, lambda: tf.strings.unicode_decode_with_offsets(
            src, "UTF-8", errors=errs, replacement_char=rc))
        out["spl_%d" % i] = _run(tf, sess, lambda: tf.strings.unicode_split(
            src, "UTF-8", errors=errs, replacement_char=rc))
    out["dec_scalar"] = _run(tf, sess, lambda: tf.strings.unicode_decode(good[0], "UTF-8"))
    out["dec_2d"] = _run(tf, sess, lambda: tf.strings.unicode_decode([good[:2], good[2:]], "UTF-8"))
    out["dec_badenc"] = _run(tf, sess, lambda: tf.strings.unicode_decode(good, "UTF8"))
    out["dec_u16"] = _run(tf, sess, lambda: tf.strings.unicode_decode(
        [u"h\u00e9".encode("utf-16-be"), b"\xd8\x3d\xde\x00"], "UTF-16-BE"))
    cps = tf.ragged.constant([[104, 233], [20320, 0x1F600], [], [0x110000, -1, 55296]])
    for i, (errs, rc) in enumerate([("replace", 65533), ("ignore", 65533), ("strict", 65533),
                                    ("replace", 63)]):
        out["enc_%d" % i] = _run(tf, sess, lambda: tf.strings.unicode_encode(
            cps, "UTF-8", errors=errs, replacement_char=rc))
    out["enc_dense"] = _run(tf, sess, lambda: tf.strings.unicode_encode(
        tf.constant([[72, 105], [33, 63]]), "UTF-8"))
    out["enc_1d"] = _run(tf, sess, lambda: tf.strings.unicode_encode(tf.constant([72, 105]), "UTF-16-BE"))
    out["enc_u32"] = _run(tf, sess, lambda: tf.strings.unicode_encode(tf.constant([[0x1F600]]), "UTF-32-BE"))
    for i, (enc, errs) in enumerate([("UTF-16-BE", "replace"), ("UTF-8", "replace"),
                                     ("UTF-8", "ignore"), ("UTF-32-BE", "replace"), ("UTF-8", "strict")]):
        out["tc_%d" % i] = _run(tf, sess, lambda: tf.strings.unicode_transcode(
            good + bad, "UTF-8", enc, errors=errs))
    out["tc_rcc"] = _run(tf, sess, lambda: tf.strings.unicode_transcode(
        [b"a\x01b\x7f"], "UTF-8", "UTF-8", replace_control_characters=True))
    out["len_chars"] = _run(tf, sess, lambda: tf.strings.length(bad, unit="UTF8_CHAR"))
    out["sub_chars"] = _run(tf, sess, lambda: tf.strings.substr(good, 1, 1, unit="UTF8_CHAR"))
    return out
