"""RE2 semantics of the regex ops found by the string-ops sweep: POSIX and Unicode classes,
`$` only at the end of text, `\\z`, GlobalReplace's skipping of an empty match right after a
match, RE2's rejection of lookaround / backreferences / possessive repetition with its own
parse errors, and Substr's unit attr check. Expected values were recorded from TF 2.21
compat.v1 (the TF 1.x stand-in)."""
import pytest

X = ["tabs aa", "ab\n", "\u00e9T,x_1!\u03b1"]
CASES = [
    ("a*", [b"-t-b-s- -", b"-b-\n-", b"-\xc3\xa9-T-,-x-_-1-!-\xce\xb1-"], [b"-tabs aa", b"-b\n"]),
    (r"[[:punct:]]", [b"tabs aa", b"ab\n", b"\xc3\xa9Tx1\xce\xb1"], [b"tabs aa", b"ab\n"]),
    (r"[[:^alpha:][:digit:]]", [b"tabs#aa", b"ab#", b"#T#x####"], [b"tabs#aa", b"ab#"]),
    (r"\pL+", [b"W W", b"W\n", b"W,W_1!W"], [b"W aa", b"W\n"]),
    (r"\p{Lu}", [b"tabs aa", b"ab\n", b"\xc3\xa9U,x_1!\xce\xb1"], [b"tabs aa", b"ab\n"]),
    (r"\PL", [b"tabs.aa", b"ab.", b"\xc3\xa9T.x...\xce\xb1"], [b"tabs.aa", b"ab."]),
    ("$", [b"tabs aa<", b"ab\n<", b"\xc3\xa9T,x_1!\xce\xb1<"], [b"tabs aa<", b"ab\n<"]),
    ("(?m)$", [b"tabs aa<", b"ab<\n<", b"\xc3\xa9T,x_1!\xce\xb1<"], [b"tabs aa<", b"ab<\n"]),
    (r"\z", [b"tabs aa!", b"ab\n!", b"\xc3\xa9T,x_1!\xce\xb1!"], [b"tabs aa!", b"ab\n!"]),
]
REWRITE = {"a*": "-", "$": "<", "(?m)$": "<", r"\z": "!", r"\pL+": "W", r"\p{Lu}": "U",
           r"\PL": ".", r"[[:punct:]]": "", r"[[:^alpha:][:digit:]]": "#"}


@pytest.mark.parametrize("pattern,every,first", CASES, ids=[c[0] for c in CASES])
def test_regex_replace_re2_syntax(tf, pattern, every, first):
    rewrite = REWRITE[pattern]
    with tf.Session() as sess:
        got = sess.run(tf.regex_replace(X, pattern, rewrite))
        once = sess.run(tf.regex_replace(X, tf.constant(pattern), rewrite, replace_global=False))
    assert got.tolist() == every
    assert once.tolist()[:2] == first


def test_regex_full_match_dollar_and_posix(tf):
    with tf.Session() as sess:
        assert sess.run(tf.strings.regex_full_match(X, r"ab$")).tolist() == [False] * 3
        assert sess.run(tf.strings.regex_full_match(X, "[[:alpha:] ]+")).tolist() == \
            [True, False, False]


@pytest.mark.parametrize("pattern,error", [
    ("(a", "missing ): (a"), ("a(?!b)", "invalid perl operator: (?!"),
    (r"(a)\1", "invalid escape sequence: \\1"), ("a*+", "bad repetition operator: *+"),
    ("a)", "unexpected ): a)"), ("*a", "no argument for repetition operator: *")])
def test_regex_rejects_what_re2_rejects(tf, pattern, error):
    op = tf.regex_replace(X, tf.constant(pattern), "")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(op)
    assert "Invalid pattern: %s, error: %s" % (pattern, error) in str(info.value)


def test_substr_rejects_unknown_unit(tf):
    with pytest.raises(ValueError, match="Attr 'unit' of 'Substr' Op passed string 'CHAR' not "
                                         "in: \"BYTE\", \"UTF8_CHAR\"."):
        tf.strings.substr(["abc"], 0, 1, unit="CHAR")
