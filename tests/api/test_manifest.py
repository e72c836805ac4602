"""The API manifest (tfcompat/api_manifest.tsv, written from real TensorFlow by
tools/gen_api_manifest.py) against the package: every name it marks provided resolves, every alias
is the very object of its target (as in TF: `tf.log is tf.math.log`), and every other name fails
with the unsupported-API error that quotes the manifest's reason."""
import pytest

import tfcompat
from tfcompat import _unsupported
from tfcompat import check

pytestmark = pytest.mark.tfcompat_only

MANIFEST = check.manifest()


def _resolve(name):
    obj = tfcompat
    for part in name.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def _names(status):
    return sorted(n for n, row in MANIFEST.items() if row[2] == status)


def test_manifest_lists_tf1_api():
    assert len(MANIFEST) > 4000                      # tf.compat.v1 of TF 2.21: 4,678 names
    for name in ("tf.placeholder", "tf.math.log", "tf.nn.relu", "tf.train.Saver"):
        assert MANIFEST[name][2] in ("provided", "alias")
    assert MANIFEST["tf.matrix_inverse"][2:] == ("alias", "tf.linalg.inv")   # one object in TF
    assert MANIFEST["tf.random_normal"][2:] == ("alias", "tf.random.normal")
    assert {row[1] for row in MANIFEST.values()} == {"core", "other"}


def test_provided_names_resolve():
    missing = []
    for name in _names("provided") + _names("alias"):
        try:
            _resolve(name)
        except AttributeError as e:
            missing.append("%s: %s" % (name, e))
    assert not missing, "marked provided but missing (regenerate the manifest?):\n" + "\n".join(missing)


def test_aliases_are_one_object():
    split = [(n, MANIFEST[n][3]) for n in _names("alias") if _resolve(n) is not _resolve(MANIFEST[n][3])]
    assert not split, "TF binds these names to one object, tfcompat to two: %s" % split


def test_unsupported_names_fail_with_their_reason():
    wrong = []
    for name in _names("unsupported"):
        reason = MANIFEST[name][3]
        if not reason or reason != _unsupported.hint_for(name):
            wrong.append("%s: reason %r is not api_unsupported.txt's %r" % (
                name, reason, _unsupported.hint_for(name)))
            continue
        try:
            obj = _resolve(name)
        except AttributeError as e:
            if reason not in str(e):
                wrong.append("%s: message %r lacks the reason" % (name, str(e)))
            continue
        if getattr(obj, "_tfcompat_unsupported", None) is None:
            wrong.append("%s: marked unsupported but tfcompat provides it (regenerate the manifest)"
                         % name)
    assert not wrong, "\n".join(wrong[:50])


def test_refused_names_raise_when_called():
    refused = [n for n in _names("unsupported") if MANIFEST[n][0] == "function"]
    for name in refused:
        try:
            obj = _resolve(name)
        except AttributeError:
            continue
        if getattr(obj, "_tfcompat_unsupported", None) is None:
            continue        # implemented since the manifest was written: the test above says so
        with pytest.raises(_unsupported.UnsupportedAPIError, match=name.replace(".", r"\.")):
            obj()


def test_check_reports_the_manifest_reason():
    """`tfcompat check` reads the same data: a script using only provided names reports nothing
    unsupported; an unsupported name is reported with the manifest's reason."""
    ok = check.analyze_source("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
                              "y = tf.nn.relu(tf.matmul(x, x))\n")
    assert [u.status for u in ok if u.status == check.UNSUPPORTED] == []
    unsupported = [n for n in _names("unsupported") if MANIFEST[n][1] == "core"
                   and MANIFEST[n][0] == "function"][:1] or ["tf.tpu.rewrite"]
    uses = check.analyze_source("import tensorflow as tf\ny = %s(1)\n" % unsupported[0])
    (use,) = [u for u in uses if u.api == unsupported[0]]
    assert use.status == check.UNSUPPORTED and use.note == MANIFEST[unsupported[0]][3]


def test_migration_guide_table_is_generated_from_the_manifest():
    import os
    guide = os.path.join(os.path.dirname(__file__), "..", "..", "migration", "README.md")
    with open(guide, encoding="utf-8") as f:
        text = f.read()
    begin, end = text.index(check.TABLE_BEGIN), text.index(check.TABLE_END)
    assert text[begin + len(check.TABLE_BEGIN):end].strip() == check.not_implemented_markdown(), (
        "migration/README.md is out of date: run python tools/gen_migration_table.py")
