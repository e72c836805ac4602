"""`tfcompat convert-checkpoint`: a TF checkpoint bundle -> a PyTorch state_dict file.

Tensor names map with `torch_name` ("dense/kernel" -> "dense.kernel"), the same rule
`to_torch` uses for parameters, so the result loads into an exported module with
`module.load_state_dict(torch.load(path), strict=False)`. Reading uses tfcompat.io.read_bundle.
"""
from __future__ import annotations

import json
import os

import numpy as np
import torch

from tfcompat.export.module import torch_name

_DT_BFLOAT16 = 14


class ConversionError(ValueError):
    """The checkpoint cannot be found, read or written as asked."""


def find_checkpoint(path: str) -> str:
    """The checkpoint prefix for `path`: a prefix (with `<path>.index`), or a directory with a
    `checkpoint` state file (its latest checkpoint)."""
    from tfcompat.io import latest_checkpoint

    if os.path.isdir(path):
        prefix = latest_checkpoint(path)
        if prefix is None:
            raise ConversionError("no `checkpoint` state file naming a checkpoint in %s" % path)
        return prefix
    if path.endswith(".index") and os.path.exists(path):
        return path[:-len(".index")]
    if not os.path.exists(path + ".index"):
        raise ConversionError("no TF checkpoint at %r (expected %s.index, or a directory)"
                              % (path, path))
    return path


def _to_torch(array: np.ndarray, tf_dtype: int):
    if array.dtype == object:
        raise TypeError("string tensor; PyTorch tensors cannot hold strings")
    tensor = torch.from_numpy(np.ascontiguousarray(array))
    return tensor.to(torch.bfloat16) if tf_dtype == _DT_BFLOAT16 else tensor


def state_dict_from_checkpoint(prefix: str, exclude=()):
    """(state_dict, mapping, skipped): mapping is [(tf name, torch name, "dtype[shape]")],
    skipped is [(tf name, reason)] for excluded or unrepresentable tensors."""
    from tfcompat.io import FormatError
    from tfcompat.io import read_bundle

    try:
        reader = read_bundle(prefix)
        dtypes = reader.get_variable_to_dtype_map()
        state, mapping, skipped = {}, [], []
        for tf_name in sorted(reader.keys()):
            if any(p.search(tf_name) for p in exclude):
                skipped.append((tf_name, "excluded"))
                continue
            try:
                tensor = _to_torch(reader.get_tensor(tf_name), dtypes[tf_name])
            except TypeError as e:
                skipped.append((tf_name, str(e)))
                continue
            key = torch_name(tf_name)
            while key in state:
                key += "_"
            state[key] = tensor
            mapping.append((tf_name, key, "%s%s" % (str(tensor.dtype).replace("torch.", ""),
                                                    list(tensor.shape))))
    except (OSError, FormatError) as e:
        raise ConversionError("cannot read checkpoint %s: %s" % (prefix, e)) from e
    return state, mapping, skipped


def convert(prefix: str, out: str, exclude=()):
    """Writes the checkpoint's tensors to `out` (.pt/.pth: torch.save of a state_dict;
    .safetensors: needs the `safetensors` package). Returns (mapping, skipped)."""
    state, mapping, skipped = state_dict_from_checkpoint(prefix, exclude)
    if out.endswith(".safetensors"):
        try:
            from safetensors.torch import save_file
        except ImportError:
            raise ConversionError("writing .safetensors needs the `safetensors` package "
                                  "(pip install safetensors); or write a .pt file") from None
        names = {torch_key: tf_name for tf_name, torch_key, _ in mapping}
        save_file(state, out, metadata={"format": "pt", "tf_names": json.dumps(names)})
    else:
        torch.save(state, out)
    return mapping, skipped
