"""`tfcompat check`: static listing of the TF APIs a script uses, with their status."""
import json
import textwrap
from pathlib import Path

import pytest
from conftest import REPO

from tfcompat import _import_hook
from tfcompat import check

CASES = REPO.parent / "shared" / "conformance" / "cases"


def _uses(source):
    return {u.api: u for u in check.analyze_source(textwrap.dedent(source))}


def test_aliases_and_lines():
    uses = _uses("""
        import tensorflow as tf
        import tensorflow.compat.v1 as tf1
        from tensorflow import nn as tfnn
        from tensorflow.python.ops import math_ops
        x = tf.placeholder(tf.float32)
        y = tf1.nn.relu(x) + tfnn.relu(x)
        z = math_ops.add(x, y)
        w = tf.placeholder(tf.int32)
    """)
    assert uses["tf.placeholder"].lines == [6, 9]
    assert uses["tf.nn.relu"].lines == [7]
    assert uses["tf.float32"].status == check.SUPPORTED
    assert uses["tf.python.ops.math_ops.add"].status == check.CAVEAT
    assert "tf.add" in uses["tf.python.ops.math_ops.add"].note or "tf.math.add" in uses[
        "tf.python.ops.math_ops.add"].note


def test_unsupported_and_refused():
    uses = _uses("""
        import tensorflow as tf
        from tensorflow.contrib import learn
        tf.enable_eager_execution()
        h = tf.contrib.learn.datasets.load_boston()
        learn.BaseEstimator([3])
    """)
    assert uses["tf.enable_eager_execution"].status == check.UNSUPPORTED
    learn = uses["tf.contrib.learn.datasets.load_boston"]
    assert learn.status == check.UNSUPPORTED and "numpy" in learn.note
    assert uses["tf.contrib.learn"].lines == [3]
    assert uses["tf.contrib.learn.BaseEstimator"].status == check.UNSUPPORTED


def test_instances_end_the_name():
    uses = _uses("""
        import tensorflow as tf
        FLAGS = tf.app.flags.FLAGS
        print(tf.app.flags.FLAGS.learning_rate, tf.float32.as_numpy_dtype)
        print(tf.GraphKeys.TRAINABLE_VARIABLES)
    """)
    assert set(uses) == {"tf.app.flags.FLAGS", "tf.float32", "tf.GraphKeys.TRAINABLE_VARIABLES"}
    assert all(u.status == check.SUPPORTED for u in uses.values())


def test_tf_parameter_and_no_tf():
    assert set(_uses("def main(tf):\n    return tf.constant(1)\n")) == {"tf.constant"}
    assert _uses("import numpy as np\nnp.add(1, 2)\n") == {}


def test_status_from_docstring(monkeypatch):
    import tfcompat

    def fancy():
        """TF1 `tf.fancy`.

        Differences from TensorFlow: ignores `foo`.
        """

    def plain():
        """TF1 `tf.plain`. Differences from TensorFlow: none."""

    def refused():
        """Not supported: use something else."""

    monkeypatch.setattr(tfcompat, "fancy", fancy, raising=False)
    monkeypatch.setattr(tfcompat, "plain", plain, raising=False)
    monkeypatch.setattr(tfcompat, "refused", refused, raising=False)
    uses = _uses("import tensorflow as tf\ntf.fancy()\ntf.plain()\ntf.refused()\n")
    assert (uses["tf.refused"].status, uses["tf.refused"].note) == (
        check.UNSUPPORTED, "Not supported: use something else.")
    assert (uses["tf.fancy"].status, uses["tf.fancy"].note) == (check.CAVEAT, "ignores `foo`.")
    assert uses["tf.plain"].status == check.SUPPORTED


def test_cli_text_json_and_status(cli, tmp_path):
    good = tmp_path / "good.py"
    good.write_text("import tensorflow as tf\nx = tf.constant(1)\n")
    bad = tmp_path / "bad.py"
    bad.write_text("import tensorflow as tf\nx = tf.constant(1)\ntf.contrib.learn.BaseEstimator\n")
    status, out, _ = cli("check", good)
    assert status == 0 and "1 TensorFlow APIs, 1 supported" in out and "(100% usable)" in out
    status, out, _ = cli("check", tmp_path, "--json")
    report = json.loads(out)
    assert status == 1 and report["unsupported"] == 1
    by_path = {Path(f["path"]).name: f for f in report["files"]}
    assert by_path["bad.py"]["percent_supported"] == 50.0
    assert by_path["bad.py"]["apis"][1] == {
        "api": "tf.contrib.learn.BaseEstimator", "status": "unsupported", "lines": [3],
        "note": "tf.contrib.learn's estimators were removed after TF 1.x: use tf.estimator "
                "(tf.estimator.Estimator with a model_fn returning tf.estimator.EstimatorSpec, "
                "or its canned estimators)"}
    (tmp_path / "broken.py").write_text("def (:\n")
    status, out, _ = cli("check", tmp_path / "broken.py")
    assert status == 2 and "SyntaxError" in out
    assert cli("check", tmp_path / "missing.py")[0] == 2


def test_list_supported_comes_from_the_package(cli):
    status, out, _ = cli("check", "--list-supported")
    names = out.split()
    assert status == 0
    assert {"tf.Session", "tf.placeholder", "tf.gfile.GFile", "tf.logging.info",
            "tf.app.run", "tf.flags.DEFINE_string", "tf.compat.as_bytes"} <= set(names)
    for name in names[::25]:
        _import_hook.resolve(name)


@pytest.mark.skipif(not CASES.is_dir(), reason="no shared conformance cases")
def test_conformance_cases_are_reported_truthfully():
    reports = check.check_paths([str(CASES)])
    assert len(reports) >= 20 and not any(r.error for r in reports)
    for report in reports:
        for use in report.uses:
            try:
                obj, _ = _import_hook.resolve(use.api)
            except AttributeError:
                assert use.status == check.UNSUPPORTED, use
            else:
                assert (use.status == check.UNSUPPORTED) == (check._refusal_of(obj) is not None)


def test_argument_caveats_only_where_the_call_passes_the_argument():
    # tf.matmul's caveat is about `a_is_sparse`/`b_is_sparse`: a call without them has none.
    uses = _uses("""
        import tensorflow as tf
        a = tf.matmul(x, y)
        b = tf.linalg.matmul(x, y, transpose_a=True, b_is_sparse=False)
        """)
    assert (uses["tf.matmul"].status, uses["tf.matmul"].note) == (check.SUPPORTED, "")
    assert uses["tf.linalg.matmul"].status == check.SUPPORTED   # False is the default
    uses = _uses("""
        import tensorflow as tf
        a = tf.matmul(x, y)
        b = tf.matmul(x, y, a_is_sparse=True)
        c = tf.matmul(x, y, False, False, False, False, True)
        """)
    assert uses["tf.matmul"].status == check.CAVEAT
    assert uses["tf.matmul"].note == ("`a_is_sparse`/`b_is_sparse` are hints and are ignored "
                                      "(line 4, 5).")


def test_argument_caveats_keep_other_clauses_and_unknown_uses():
    uses = _uses("""
        import tensorflow as tf
        s = tf.train.Saver(write_version=tf.train.SaverDef.V1)
        t = tf.train.Saver(var_list, write_version=tf.train.SaverDef.V2)
        mm = tf.matmul                 # called elsewhere: every clause applies
        e = tf.train.export_meta_graph("x.meta", **options)
        """)
    saver = uses["tf.train.Saver"].note
    assert "(line 3)" in saver and "under its full name." in saver   # the general clause stays
    assert uses["tf.matmul"].note == "`a_is_sparse`/`b_is_sparse` are hints and are ignored."
    assert uses["tf.train.export_meta_graph"].note.endswith("are ignored (line 6).")


def test_caveat_for_calls_clauses():
    params = [("x", None), ("fast", False), ("mode", "A")]
    note = "Runs on torch. `fast` is ignored; `mode=B` is treated as A."
    calls = [check.Call(7, ["t"], {"mode": "'B'"}, False), check.Call(9, ["t", "True"], {}, False)]
    assert check.caveat_for_calls(note, params, calls) == (
        "Runs on torch. `fast` is ignored (line 9); `mode=B` is treated as A (line 7).")
    assert check.caveat_for_calls(note, params, []) == "Runs on torch."
    assert check.caveat_for_calls(note, None, []) == note


def test_typo_is_reported_as_no_tensorflow_api():
    uses = _uses("""
        import tensorflow as tf
        x = tf.placehodler(tf.float32)
        y = tf.nn.rleu.x
        """)
    assert uses["tf.placehodler"].status == check.UNSUPPORTED
    assert uses["tf.placehodler"].note == "not a TensorFlow API; did you mean tf.placeholder?"
    assert uses["tf.nn.rleu.x"].note == ("tf.nn.rleu is not a TensorFlow API; did you mean "
                                         "tf.nn.relu?")
