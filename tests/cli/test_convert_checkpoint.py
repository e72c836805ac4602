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


def test_scalars_stay_0_d(cli, tmp_path):
    out = tmp_path / "model.pt"
    status, stdout, _ = cli("convert-checkpoint", CKPT, out)
    assert status == 0 and "global_step         -> global_step  int64[]" in stdout
    state = torch.load(out)
    assert state["global_step"].shape == () and state["global_step"].item() == 2
    assert state["beta1_power"].shape == ()


def test_missing_output_directory_is_one_line_exit_2(cli, tmp_path):
    status, stdout, err = cli("convert-checkpoint", CKPT, tmp_path / "no" / "model.pt")
    assert (status, stdout) == (2, "")
    assert err == ("tfcompat convert-checkpoint: error: the directory of OUT does not exist: %s "
                   "(create it first)\n" % (tmp_path / "no"))


def _copy_checkpoint(tmp_path, state_text):
    import shutil

    directory = tmp_path / "ckpt"
    shutil.copytree(CKPT, directory)
    (directory / "checkpoint").unlink()
    if state_text is not None:
        (directory / "checkpoint").write_text(state_text)
    return directory


def test_state_file_naming_a_missing_checkpoint(cli, tmp_path):
    directory = _copy_checkpoint(tmp_path, 'model_checkpoint_path: "model.ckpt-9"\n')
    status, _, err = cli("convert-checkpoint", directory, tmp_path / "m.pt")
    assert status == 2 and err.count("\n") == 1
    assert ("the `checkpoint` state file in %s names checkpoint %s, but %s.index does not exist"
            % (directory, directory / "model.ckpt-9", directory / "model.ckpt-9")) in err


def test_directory_without_state_file(cli, tmp_path):
    directory = _copy_checkpoint(tmp_path, None)
    status, _, err = cli("convert-checkpoint", directory, tmp_path / "m.pt")
    assert status == 2 and err.count("\n") == 1
    assert ("no `checkpoint` state file in %s: give a checkpoint prefix instead (such as %s)"
            % (directory, directory / "model.ckpt-2")) in err


def test_progress_on_stderr_for_a_large_conversion(cli, tmp_path, monkeypatch):
    from tfcompat.export import checkpoint as ckpt_lib

    status, _, err = cli("convert-checkpoint", CKPT, tmp_path / "small.pt")
    assert status == 0 and err == ""     # small, and stderr is no terminal: no bar
    monkeypatch.setattr(ckpt_lib, "LARGE_CONVERSION", 100)   # 9 tensors, 112 bytes
    status, stdout, err = cli("convert-checkpoint", CKPT, tmp_path / "large.pt")
    assert status == 0 and "reading model.ckpt-2" in err and "writing large.pt" in err
    assert "reading" not in stdout
    assert sorted(torch.load(tmp_path / "large.pt")) == sorted(torch.load(tmp_path / "small.pt"))
