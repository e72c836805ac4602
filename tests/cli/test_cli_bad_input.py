"""Bad input a new user gives the `tfcompat` commands (found walking README.md and
migration/README.md in a fresh virtualenv): each is one line on stderr saying what is wrong, with
exit status 2 (1 for `check`'s findings), never a traceback."""
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from conftest import REPO

import tfcompat as tf
from tfcompat.export import ExportError
from tfcompat.export import _as_tensor
from tfcompat.export import export_program
from tfcompat.export import program

pytestmark = pytest.mark.tfcompat_only
DATA = REPO / "migration" / "data"


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    """A SavedModel (signature x -> y), a checkpoint with its .meta, and the expected output."""
    root = tmp_path_factory.mktemp("models")
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        y = tf.layers.dense(x, 2, name="dense")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, str(root / "ckpt" / "model.ckpt"), global_step=3)
            tf.saved_model.simple_save(sess, str(root / "saved"), {"x": x}, {"y": y})
            want = sess.run(y, {x: np.ones([2, 3], np.float32)})
    return root, want


def _one_line_error(cli, *args, status=2):
    got, out, err = cli(*args)
    assert got == status, (out, err)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_unreadable_graph_files(cli, tmp_path, models):
    root, _ = models
    (tmp_path / "bad.pb").write_bytes(b"garbage\xff")
    (tmp_path / "bad.pbtxt").write_text("node {")
    out = str(tmp_path / "o")
    err = _one_line_error(cli, "port", tmp_path / "bad.pb", out, "--inputs", "x", "--outputs", "y")
    assert "cannot read %s as a binary GraphDef" % (tmp_path / "bad.pb") in err
    err = _one_line_error(cli, "export", tmp_path / "bad.pbtxt", out + ".pt2", "--inputs", "x",
                          "--outputs", "y")
    assert "as a text GraphDef" in err
    err = _one_line_error(cli, "port", root / "saved" / "saved_model.pb", out, "--inputs", "x",
                          "--outputs", "y")
    assert "is the graph of a SavedModel: give its directory, %s" % (root / "saved") in err


def test_saved_model_tags(cli, tmp_path, models):
    root, _ = models
    args = ("port", root / "saved", tmp_path / "o", "--inputs", "x", "--outputs", "y")
    err = _one_line_error(cli, *args, "--tags", "train")
    assert "tags 'train' could not be found" in err and "{'serve'}" in err
    assert "choose them with --tags" in err and "saved_model_cli" not in err
    assert "--tags names no tag" in _one_line_error(cli, *args, "--tags", ",")


def test_checkpoint_files_missing(cli, tmp_path, models):
    root, _ = models
    prefix = str(DATA / "model.ckpt-100")      # the guide's checkpoint has no .meta
    for model in (DATA, prefix):
        err = _one_line_error(cli, "port", model, tmp_path / "o", "--inputs", "x",
                              "--outputs", "probs")
        assert "has no %s.meta: port and export need the graph" % prefix in err
    only_meta = tmp_path / "only_meta"
    only_meta.mkdir()
    (only_meta / "model.ckpt-3.meta").write_bytes((root / "ckpt" / "model.ckpt-3.meta")
                                                  .read_bytes())
    err = _one_line_error(cli, "export", only_meta / "model.ckpt-3", tmp_path / "o.pt2",
                          "--inputs", "x", "--outputs", "dense/BiasAdd")
    assert "has its .meta but no %s.index" % (only_meta / "model.ckpt-3") in err


def test_tensor_names_suggest_what_exists(cli, tmp_path, models):
    root, _ = models
    ckpt, out = root / "ckpt", tmp_path / "o"
    err = _one_line_error(cli, "port", ckpt, out, "--inputs", "xx", "--outputs", "dense/BiasAdd")
    assert "input 'xx' is not a tensor of the model; did you mean x? (its placeholders: x)" in err
    err = _one_line_error(cli, "port", ckpt, out, "--inputs", "x", "--outputs", "dense/BiasAd")
    assert "did you mean dense/BiasAdd" in err
    err = _one_line_error(cli, "port", ckpt, out, "--inputs", "x", "--outputs", "dense/BiasAdd:1")
    assert "op dense/BiasAdd has outputs dense/BiasAdd:0" in err
    err = _one_line_error(cli, "port", root / "saved", out, "--inputs", "x", "--outputs", "z")
    assert "(its signatures name: x -> x:0, y -> dense/BiasAdd:0)" in err


def test_saved_model_signature_names_select_tensors(cli, tmp_path, models):
    root, want = models
    program = tmp_path / "m.pt2"
    status, out, err = cli("export", root / "saved", program, "--inputs", "x", "--outputs", "y")
    assert status == 0, err
    got = torch.export.load(str(program)).module()(torch.ones(2, 3))
    np.testing.assert_allclose(got.detach().numpy(), want, rtol=1e-6)


def test_port_of_a_model_tied_to_tfcompat_names_the_ops_once(cli, tmp_path):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        tf.matrix_inverse(tf.reshape(x, [-1, 1, 1]), name="inverse")
        with tf.Session() as sess:
            tf.saved_model.simple_save(sess, str(tmp_path / "sm"), {"x": x},
                                       {"y": sess.graph.get_tensor_by_name("inverse:0")})
    err = _one_line_error(cli, "port", tmp_path / "sm", tmp_path / "o", "--inputs", "x",
                          "--outputs", "y")
    assert err.count("tfcompat port") == 1 and "inverse: op type MatrixInverse" in err


def test_torchscript_refuses_a_trace_that_answers_only_its_example(tmp_path):
    """torch.jit.trace froze a batch size read with tf.shape (and tfcompat's numpy-computed
    ops) into the program, silently: export_program checks the trace on a second example."""
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        y = x * tf.cast(tf.shape(x)[0], tf.float32)
        with tf.Session() as sess:
            with pytest.raises(ExportError, match="would not give the module's results for "
                               "other inputs.*write a .pt2 program"):
                export_program(sess, x, y, str(tmp_path / "m.ts"))
            export_program(sess, x, y, str(tmp_path / "m.pt2"))
    program = torch.export.load(str(tmp_path / "m.pt2")).module()
    np.testing.assert_allclose(program(torch.ones(3, 2)).numpy(), np.full((3, 2), 3.0))


def test_export_that_torch_refuses_is_one_line(cli, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise RuntimeError("Could not guard on data-dependent expression u0 > 0\n(details)")

    monkeypatch.setattr(torch.export, "export", refuse)
    err = _one_line_error(cli, "export", DATA / "frozen_mlp.pb", tmp_path / "m.pt2",
                          "--inputs", "x", "--outputs", "probs")
    assert err == ("tfcompat export: error: torch.export could not convert the model "
                   "(RuntimeError: Could not guard on data-dependent expression u0 > 0)\n")


@pytest.mark.parametrize("out", ["m", "m.py", "m.pt"])
def test_port_out_may_name_either_file(cli, tmp_path, out):
    """`tfcompat port MODEL m.pt` wrote m.pt.py and m.pt.pt."""
    status, stdout, err = cli("port", DATA / "frozen_mlp.pb", tmp_path / out, "--inputs", "x",
                              "--outputs", "probs")
    assert status == 0, err
    assert sorted(os.listdir(tmp_path)) == ["m.pt", "m.py"]


def test_onnx_names_follow_the_tf_tensors():
    """`tfcompat export m.onnx` named its output after torch's last node ("add_13")."""
    with tf.Graph().as_default() as graph:
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        a, b = tf.split(x, 2, axis=1, name="parts")
        y = tf.nn.relu(a, name="dense/out")
    assert program._output_names(graph, [y, b, y], _as_tensor) == [
        "dense_out", "parts_1", "dense_out_2"]
    assert program._output_names(graph, {"probs": y}, _as_tensor) == ["probs"]
    assert program._output_names(graph, "dense/out:0", _as_tensor) == ["dense_out"]


@pytest.mark.parametrize("args, message", [
    (["run", "--bogus", "x.py"], "tfcompat run: error: unrecognized arguments: --bogus "
                                 "(`tfcompat run` has no options of its own: the script's go "
                                 "after SCRIPT)"),
    (["check", "--bogus", "."], "tfcompat check: error: unrecognized arguments: --bogus"),
    (["--bogus"], "tfcompat: error: unrecognized arguments: --bogus"),
])
def test_unknown_options_name_the_command(cli, args, message):
    assert _one_line_error(cli, *args) == message + "\n"


def test_a_closed_stdout_ends_quietly(tmp_path):
    """`tfcompat check --list-supported | head -1` printed a BrokenPipeError traceback."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-c", "import sys, tfcompat_cli; "
                             "sys.exit(tfcompat_cli.main(['check', '--list-supported']))"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO)
    proc.stdout.close()     # before the child writes: its first write fails
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert proc.returncode == 1 and err == ""


def test_check_reads_files_as_python_does(cli, tmp_path):
    latin = tmp_path / "latin.py"      # TF1-era scripts declare their encoding
    latin.write_bytes(b"# -*- coding: latin-1 -*-\nimport tensorflow as tf\ns = '\xe9'\n"
                      b"x = tf.placeholder(tf.float32)\n")
    status, out, _ = cli("check", latin)
    assert status == 0 and "tf.placeholder" in out
    status, out, _ = cli("check", DATA / "frozen_mlp.pb", tmp_path)
    assert status == 2
    assert "frozen_mlp.pb: error: not Python source text ('utf-8' codec can't decode" in out
    (tmp_path / "nul.py").write_bytes(b"x = 1\x00\n")
    status, out, _ = cli("check", tmp_path / "nul.py")
    # a SyntaxError since Python 3.11.4 (a ValueError before): either way, no "line None"
    assert status == 2 and "source code string cannot contain null bytes" in out
    assert "line None" not in out
