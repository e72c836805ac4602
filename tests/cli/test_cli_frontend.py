"""The `tfcompat` command line: help and usage errors without torch, `run`'s argument errors, and
names that are no TensorFlow API at all (typos) told apart from APIs tfcompat lacks."""
import os
import subprocess
import sys
import textwrap

import pytest
from conftest import REPO

from tfcompat import check

pytestmark = pytest.mark.tfcompat_only

# Runs the front end in a fresh interpreter and reports what it imported.
_PROBE = textwrap.dedent("""
    import sys
    import tfcompat_cli
    try:
        status = tfcompat_cli.main(sys.argv[1:])
    except SystemExit as e:
        status = e.code
    print("STATUS", status, "torch" in sys.modules, "tfcompat" in sys.modules)
""")


def _front_end(*args):
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", _PROBE, *map(str, args)], capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=60, check=False)
    return proc.stdout.strip().splitlines()[-1], proc.stdout, proc.stderr


@pytest.mark.parametrize("args, status", [
    (["--help"], 0), (["run", "--help"], 0), (["convert-checkpoint", "-h"], 0), ([], 2),
    (["run"], 2), (["run", "/no/such/script.py"], 2), (["check"], 2), (["--bogus"], 2),
    (["convert-checkpoint", "x", "y.npz"], 2), (["convert-checkpoint", "x", "/no/dir/y.pt"], 2),
])
def test_help_and_usage_errors_import_no_torch(args, status):
    # `tfcompat --help` took 1.7 s when it imported tfcompat (and torch); the front end needs
    # neither until a command runs.
    last, _, _ = _front_end(*args)
    assert last == "STATUS %d False False" % status


def test_run_without_script_names_only_script(cli):
    status, out, err = cli("run")
    assert (status, out) == (2, "")
    assert err == "tfcompat run: error: the following arguments are required: SCRIPT\n"


def test_run_directory(cli, tmp_path):
    status, _, err = cli("run", tmp_path)
    assert status == 2 and err.count("\n") == 1
    assert "%r is a directory, not a Python script" % str(tmp_path) in err
    (tmp_path / "__main__.py").write_text("import sys\nprint('main of', sys.argv[1:])\n")
    status, out, _ = cli("run", tmp_path, "-x")   # as `python DIR -x`
    assert (status, out) == (0, "main of ['-x']\n")


def _run(cli, tmp_path, line):
    script = tmp_path / "script.py"
    script.write_text("import tensorflow as tf\n%s\n" % line)
    return cli("run", script)


@pytest.mark.parametrize("line, api, suggestion", [
    ("x = tf.placehodler(tf.float32)", "tf.placehodler", "; did you mean tf.placeholder?"),
    ("from tensorflow import placeholdr", "tf.placeholdr", "; did you mean tf.placeholder?"),
    ("x = tf.nn.rleu", "tf.nn.rleu", "; did you mean tf.nn.relu?"),
    ("x = tf.compat.v1.Placeholder", "tf.Placeholder", "; did you mean tf.placeholder?"),
    ("x = tf.qqqzzz", "tf.qqqzzz", ""),
])
def test_typo_is_not_a_tensorflow_api(cli, tmp_path, line, api, suggestion):
    status, _, err = _run(cli, tmp_path, line)
    assert status == 1
    assert err == ("tfcompat run: %s:2: %s is not a TensorFlow API: TensorFlow 1.x has no such "
                   "name%s\n" % (tmp_path / "script.py", api, suggestion))


def test_a_tf_api_tfcompat_lacks_is_still_not_implemented(cli, tmp_path):
    status, _, err = _run(cli, tmp_path, "from tensorflow.contrib import tensor_forest")
    assert status == 1 and "tf.contrib.tensor_forest is not implemented by tfcompat" in err


def test_not_a_tf_api():
    assert check.not_a_tf_api("tf.placeholder") == (False, [])
    assert check.not_a_tf_api("tensorflow.compat.v1.placehodler") == (True, ["tf.placeholder"])
    # the same name in another namespace comes first
    assert check.not_a_tf_api("tf.relu") == (True, ["tf.nn.relu", "tf.keras.activations.relu"])
    assert check.not_a_tf_api("tf.train.AdamOptimiser")[1][0] == "tf.train.AdamOptimizer"
    # namespaces TF 2's compat.v1 no longer has (tf.contrib) or never listed (tf.python): unknown
    assert check.not_a_tf_api("tf.contrib.slim") == (False, [])
    assert check.not_a_tf_api("tf.python.ops.array_ops") == (False, [])


def test_api_names_cover_tf1():
    names = check.tf_api_names()
    for namespace, name in [("tf", "placeholder"), ("tf.train", "Saver"), ("tf.nn", "relu"),
                            ("tf.logging", "info"), ("tf.flags", "DEFINE_string"),
                            ("tf.layers", "dense"), ("tf.raw_ops", "MatMul")]:
        assert name in names[namespace], (namespace, name)
    assert sum(len(v) for v in names.values()) > 4000
