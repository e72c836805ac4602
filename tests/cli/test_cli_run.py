"""`tfcompat run` / `tfcompat --version` / usage errors."""
import subprocess
import sys
import textwrap

from conftest import REPO

import tfcompat


def _script(tmp_path, text, name="script.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_run_passes_argv_and_flags(cli, tmp_path):
    script = _script(tmp_path, """
        import tensorflow as tf
        tf.app.flags.DEFINE_integer("steps", 3, "steps")
        FLAGS = tf.app.flags.FLAGS

        def main(argv):
            with tf.Session() as sess:
                print("argv", argv[1:], "steps", FLAGS.steps, sess.run(tf.add(2, 3)))
            return 4

        if __name__ == "__main__":
            tf.app.run()
    """)
    status, out, _ = cli("run", script, "--steps=7", "extra", "--unknown=1")
    assert out.strip() == "argv ['extra', '--unknown=1'] steps 7 5"
    assert status == 4


def test_run_v1_mode_script(cli, tmp_path):
    script = _script(tmp_path, """
        import sys
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        tf.disable_eager_execution()
        print(tf.executing_eagerly(), sys.argv[1:])
    """)
    status, out, _ = cli("run", script, "a", "-b")
    assert (status, out.strip()) == (0, "False ['a', '-b']")


def test_unsupported_api_names_it(cli, tmp_path):
    script = _script(tmp_path, """
        import tensorflow as tf
        x = tf.constant(1.0)
        y = tf.contrib.learn.BaseEstimator([3])
    """)
    status, _, err = cli("run", script)
    assert status == 1
    assert "script.py:4: tf.contrib.learn.BaseEstimator is not implemented by tfcompat" in err
    assert "hint: tf.contrib.learn's estimators were removed after TF 1.x: use tf.estimator" in err
    assert "tfcompat check %s" % script in err
    assert "Traceback" not in err


def test_unsupported_from_import(cli, tmp_path):
    script = _script(tmp_path,
                     "import tensorflow as tf\nfrom tensorflow.contrib import tensor_forest\n")
    status, _, err = cli("run", script)
    assert status == 1
    assert "script.py:2: tf.contrib.tensor_forest is not implemented by tfcompat" in err
    assert "hint: tf.contrib was removed after TF 1.x" in err


def test_unsupported_namespace_attribute(cli, tmp_path):
    script = _script(tmp_path, "import tensorflow as tf\ntf.enable_eager_execution()\n")
    status, _, err = cli("run", script)
    assert status == 1
    assert "tf.enable_eager_execution is not implemented by tfcompat" in err
    assert "hint: tfcompat runs TF1 graph mode only" in err


def test_script_error_shows_user_traceback(cli, tmp_path):
    script = _script(tmp_path, "def f():\n    return 1 / 0\n\nf()\n")
    status, _, err = cli("run", script)
    assert status == 1
    assert err.startswith("Traceback (most recent call last):")
    assert "cli.py" not in err and "runpy" not in err
    assert err.rstrip().endswith("ZeroDivisionError: division by zero")


def test_sys_exit_status(cli, tmp_path):
    assert cli("run", _script(tmp_path, "import sys\nsys.exit(3)\n"))[0] == 3
    status, _, err = cli("run", _script(tmp_path, "import sys\nsys.exit('bad')\n"))
    assert (status, err) == (1, "bad\n")


def test_missing_file_is_one_line_exit_2(cli, tmp_path):
    status, out, err = cli("run", tmp_path / "nope.py")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "can't open file" in err


def test_bad_flag_is_one_line_exit_2(cli):
    for args in (["--bogus"], ["check", "--bogus"], ["convert-checkpoint"], ["nope"]):
        status, _, err = cli(*args)
        assert status == 2 and err.count("\n") == 1 and "error:" in err, args


def test_version_subprocess():
    proc = subprocess.run([sys.executable, "-m", "tfcompat", "--version"], capture_output=True,
                          text=True, cwd=REPO, timeout=120, check=False)
    assert proc.returncode == 0
    assert proc.stdout.startswith("tfcompat %s (TensorFlow API 1.15.5, torch "
                                  % tfcompat.tfcompat_version)
