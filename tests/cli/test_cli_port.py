"""`tfcompat port` and `tfcompat export`: a frozen graph, a checkpoint with its .meta, and a
SavedModel in; plain PyTorch (or a deployable program) out; bad input is one line, exit 2."""
import importlib.util
import os

import numpy as np
import pytest
import torch

import tfcompat as tf
import tfcompat_cli

pytestmark = pytest.mark.tfcompat_only
DATA = os.path.join(os.path.dirname(__file__), "..", "..", "migration", "data")


def _load_port(py, pt):
    spec = importlib.util.spec_from_file_location("ported_cli", py)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    classes = [v for v in vars(module).values() if isinstance(v, type)
               and issubclass(v, torch.nn.Module) and v is not torch.nn.Module]
    model = classes[0]()
    model.load_state_dict(torch.load(pt))
    return model


def test_port_frozen_graph(tmp_path, capsys):
    out = str(tmp_path / "mlp")
    assert tfcompat_cli.main(["port", os.path.join(DATA, "frozen_mlp.pb"), out,
                              "--inputs", "x", "--outputs", "probs"]) == 0
    assert "class ProbsModule" in capsys.readouterr().out
    reference = np.load(os.path.join(DATA, "reference.npz"))
    model = _load_port(out + ".py", out + ".pt")
    got = model(torch.from_numpy(reference["x"])).detach().numpy()
    np.testing.assert_allclose(got, reference["probs"], atol=1e-5)


def test_port_and_export_a_checkpoint_and_a_saved_model(tmp_path):
    x_value = np.arange(6, dtype=np.float32).reshape(3, 2)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        y = tf.layers.dense(x, 2, activation=tf.nn.tanh, name="d")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            want = sess.run(y, {x: x_value})
            tf.train.Saver().save(sess, str(tmp_path / "ckpt" / "model"))
            tf.saved_model.simple_save(sess, str(tmp_path / "sm"), {"x": x}, {"y": y})
    for source in (str(tmp_path / "ckpt"), str(tmp_path / "ckpt" / "model"), str(tmp_path / "sm")):
        out = str(tmp_path / "port")
        assert tfcompat_cli.main(["port", source, out, "--inputs", "x:0",
                                  "--outputs", y.name]) == 0
        model = _load_port(out + ".py", out + ".pt")
        assert [n for n, _ in model.named_parameters()] == ["d.kernel", "d.bias"]
        np.testing.assert_allclose(model(torch.from_numpy(x_value)).detach().numpy(), want,
                                   rtol=1e-6)
    program = str(tmp_path / "model.pt2")
    assert tfcompat_cli.main(["export", str(tmp_path / "sm"), program, "--inputs", "x",
                              "--outputs", y.name]) == 0
    loaded = torch.export.load(program).module()
    np.testing.assert_allclose(loaded(torch.from_numpy(x_value)).detach().numpy(), want,
                               rtol=1e-6)


@pytest.mark.parametrize("argv, message", [
    (["port", "/no/such/model", "OUT", "--inputs", "x", "--outputs", "y"], "no model at"),
    (["export", "MODEL", "out.bin", "--inputs", "x", "--outputs", "y"], "OUT must end in"),
    (["port", "MODEL", "/no/dir/out", "--inputs", "x", "--outputs", "y"], "does not exist"),
    (["port", "MODEL", "OUT", "--inputs", "nope", "--outputs", "probs"],
     "input 'nope' is not a tensor of the model"),
])
def test_bad_input_is_one_line(argv, message, tmp_path, capsys):
    argv = [a.replace("MODEL", os.path.join(DATA, "frozen_mlp.pb"))
            .replace("OUT", str(tmp_path / "o")) for a in argv]
    try:
        status = tfcompat_cli.main(argv)
    except SystemExit as e:
        status = e.code
    assert status == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
