"""`tfcompat convert-checkpoint`: TF checkpoint (written by real TF) -> PyTorch state_dict."""
import importlib.util

import numpy as np
import pytest
import torch
from conftest import FIXTURES

CKPT = FIXTURES / "adam_ckpt"
VALUES = dict(np.load(CKPT / "values.npz"))


def test_pt_from_directory(cli, tmp_path):
    out = tmp_path / "model.pt"
    status, stdout, _ = cli("convert-checkpoint", CKPT, out)
    assert status == 0
    state = torch.load(out)
    assert set(state) == {name.replace("/", ".") for name in VALUES}
    for tf_name, value in VALUES.items():
        np.testing.assert_array_equal(state[tf_name.replace("/", ".")].numpy(), value)
    assert "dense/kernel" in stdout and "-> dense.kernel  float32[3, 2]" in stdout
    assert stdout.rstrip().endswith("wrote 9 tensors to %s" % out)


def test_exclude_and_prefix(cli, tmp_path):
    out = tmp_path / "model.pth"
    status, stdout, _ = cli("convert-checkpoint", CKPT / "model.ckpt-2", out,
                            "--exclude", "Adam|_power$", "--exclude", "global_step")
    assert status == 0
    assert sorted(torch.load(out)) == ["dense.bias", "dense.kernel"]
    assert "beta1_power" in stdout and "skipped: excluded" in stdout


def test_safetensors(cli, tmp_path):
    out = tmp_path / "model.safetensors"
    status, _, err = cli("convert-checkpoint", CKPT, out)
    if importlib.util.find_spec("safetensors") is None:
        assert status == 2 and "needs the `safetensors` package" in err
        return
    from safetensors import safe_open

    assert status == 0
    with safe_open(str(out), "pt") as f:
        np.testing.assert_array_equal(f.get_tensor("dense.kernel").numpy(), VALUES["dense/kernel"])
        assert '"dense.kernel": "dense/kernel"' in f.metadata()["tf_names"]


@pytest.mark.parametrize("args, text", [
    (("nope", "x.pt"), "no TF checkpoint at 'nope'"),
    ((CKPT, "x.npz"), "OUT must end in .pt, .pth or .safetensors"),
    ((CKPT, "x.pt", "--exclude", "("), "bad --exclude pattern"),
])
def test_bad_input_is_one_line_exit_2(cli, tmp_path, args, text):
    status, _, err = cli("convert-checkpoint", *args)
    assert status == 2 and err.count("\n") == 1 and text in err
