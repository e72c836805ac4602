"""Text-cleaning tables as NLP preprocessing scripts of 2017-2019 wrote them (regex_replace with
RE2 syntax: POSIX/Unicode classes, anchors, empty matches, replace_global; regex_full_match;
substr with negative pos/len and UTF8_CHAR; strip/lower/upper/length), values and error texts."""
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
    s = tf.constant(["Hello, World! 123", "  tabs\tand\nnewlines  ", "", "aaa", "caf\xc3\xa9 na\xc3\xafve".encode("latin-1").decode("utf-8") if False else u"caf\u00e9 na\u00efve \u00c9T\u00c9"])
    sess = tf.Session()
    out = {}
    pats = [(r"\d+", "#", True), (r"\d", "#", False), (r"^", ">", True), (r"$", "<", True),
            (r"a*", "-", True), (r"a*", "-", False), (r"\s+", " ", True), (r"(\w+), (\w+)", r"\2 \1", True),
            (r"[[:punct:]]", "", True), (r"\pL+", "W", True), (r"(?i)hello", "bye", True),
            (r"", "|", True), (r".", "", True), (r"\bw", "W", True), (r"(a)(a)?", r"[\1\2]", True)]
    for i, (p, r, g) in enumerate(pats):
        out["rr_%d" % i] = _run(tf, sess, lambda: tf.regex_replace(s, p, r, replace_global=g))
        out["sr_%d" % i] = _run(tf, sess, lambda: tf.strings.regex_replace(s, tf.constant(p), r, replace_global=g))
    out["rr_bad"] = _run(tf, sess, lambda: tf.regex_replace(s, "(", "x"))
    out["rr_bad_dyn"] = _run(tf, sess, lambda: tf.regex_replace(s, tf.constant("(a"), "x"))
    out["rr_lookahead"] = _run(tf, sess, lambda: tf.regex_replace(s, "a(?=a)", "x"))
    for i, p in enumerate([r"\d+", r".*\d+", r"[a-z]+", r"", r"a*", r"(?s).*", r".*", r"caf.*"]):
        out["fm_%d" % i] = _run(tf, sess, lambda: tf.strings.regex_full_match(s, p))
    out["fm_bad"] = _run(tf, sess, lambda: tf.strings.regex_full_match(s, "[a-"))
    for i, (p, l, u) in enumerate([(0, 3, "BYTE"), (2, 100, "BYTE"), (-3, 2, "BYTE"), (1, -1, "BYTE"),
                                    (0, 2, "UTF8_CHAR"), (3, 3, "UTF8_CHAR"), (-4, 3, "UTF8_CHAR"),
                                    (0, 0, "BYTE")]):
        out["sub_%d" % i] = _run(tf, sess, lambda: tf.strings.substr(s[:2], p, l, unit=u))
    out["sub_oob"] = _run(tf, sess, lambda: tf.substr(s, 5, 2))
    out["sub_oob_neg"] = _run(tf, sess, lambda: tf.strings.substr(tf.constant(["ab"]), -5, 2))
    out["sub_vec"] = _run(tf, sess, lambda: tf.substr(tf.constant(["hello", "world"]), [1, 2], [2, 3]))
    out["sub_bcast"] = _run(tf, sess, lambda: tf.substr(tf.constant([["hello"], ["world"]]), [[0, 1]], [1]))
    out["sub_badunit"] = _run(tf, sess, lambda: tf.strings.substr(s, 0, 1, unit="CHAR"))
    out["strip"] = _run(tf, sess, lambda: tf.strings.strip(s))
    out["lower"] = _run(tf, sess, lambda: tf.strings.lower(s))
    out["upper"] = _run(tf, sess, lambda: tf.strings.upper(s))
    out["lower_u"] = _run(tf, sess, lambda: tf.strings.lower(s, encoding="utf-8"))
    out["upper_u"] = _run(tf, sess, lambda: tf.strings.upper(s, encoding="utf-8"))
    out["len_b"] = _run(tf, sess, lambda: tf.strings.length(s))
    out["len_c"] = _run(tf, sess, lambda: tf.strings.length(s, unit="UTF8_CHAR"))
    out["len_bad"] = _run(tf, sess, lambda: tf.strings.length(s, unit="chars"))
    out["len_2d"] = _run(tf, sess, lambda: tf.strings.length(tf.reshape(s[:4], [2, 2])))
    out["len_v1"] = _run(tf, sess, lambda: tf.strings.length(tf.constant([b"\xff\xfe", b"ab"]), unit="UTF8_CHAR"))
    return out
