"""`tfcompat convert-checkpoint`: a TF checkpoint bundle -> a PyTorch state_dict file.

Tensor names map with `torch_name` ("dense/kernel" -> "dense.kernel"), the same rule
`to_torch` uses for parameters, so the result loads into an exported module with
`module.load_state_dict(torch.load(path), strict=False)`. Shapes are kept as they are, scalars
(`global_step`) included. Reading uses tfcompat.io.read_bundle; a long conversion shows a
progress bar (tqdm) on stderr.
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np
import torch

from tfcompat.export.module import torch_name
from tfcompat import errors
from tfcompat.io import FormatError
from tfcompat.io import read_bundle
from tfcompat.io import read_checkpoint_state
from tfcompat.io._atomic import readable_prefix

_DT_BFLOAT16 = 14
# A conversion this large (bytes of tensor data) shows its progress even when stderr is a file
# or a pipe: it takes seconds. On a terminal the bar shows for any conversion that lasts.
LARGE_CONVERSION = 64 << 20
_TTY_DELAY_S = 1.0


class ConversionError(ValueError):
    """The checkpoint cannot be found, read or written as asked."""


def find_checkpoint(path: str) -> str:
    """The checkpoint prefix for `path`: a prefix (with `<path>.index`), an index file, or a
    directory with a `checkpoint` state file (its latest checkpoint)."""
    if os.path.isdir(path):
        return _latest_in(path)
    if path.endswith(".index") and os.path.exists(path):
        return path[:-len(".index")]
    if not os.path.exists(path + ".index"):
        raise ConversionError("no TF checkpoint at %r (expected %s.index, or a directory with "
                              "a `checkpoint` state file)" % (path, path))
    return path


def _latest_in(directory: str) -> str:
    """The checkpoint the directory's state file names, with a message that says which of the
    two is missing."""

    try:
        state = read_checkpoint_state(directory)
    except ValueError as e:
        raise ConversionError("%s (its `checkpoint` state file names no checkpoint)" % e) from e
    if state is None:
        state_file = os.path.join(directory, "checkpoint")
        if os.path.exists(state_file):
            raise ConversionError("cannot parse the `checkpoint` state file %s" % state_file)
        raise ConversionError("no `checkpoint` state file in %s: give a checkpoint prefix "
                              "instead (such as %s)" % (directory, _a_prefix_in(directory)))
    prefix = state.model_checkpoint_path
    if not os.path.exists(readable_prefix(prefix) + ".index"):
        raise ConversionError("the `checkpoint` state file in %s names checkpoint %s, but %s.index "
                              "does not exist" % (directory, prefix, prefix))
    return prefix


def _a_prefix_in(directory: str) -> str:
    indexes = sorted(f for f in os.listdir(directory) if f.endswith(".index"))
    name = indexes[-1][:-len(".index")] if indexes else "model.ckpt-1000"
    return os.path.join(directory, name)


def _to_torch(array: np.ndarray, tf_dtype: int):
    if array.dtype == object:
        raise TypeError("string tensor; PyTorch tensors cannot hold strings")
    if not (array.flags.c_contiguous and array.flags.writeable):
        # NOTE: not np.ascontiguousarray, which turns a 0-d array (global_step) into shape [1].
        array = np.array(array, order="C")
    tensor = torch.from_numpy(array)
    return tensor.to(torch.bfloat16) if tf_dtype == _DT_BFLOAT16 else tensor


def _progress(total: int, desc: str):
    """A tqdm bar over `total` bytes on stderr; disabled for a small conversion that does not
    write to a terminal, and on a terminal shown only once a conversion lasts a second."""
    from tqdm import tqdm

    tty = bool(getattr(sys.stderr, "isatty", None) and sys.stderr.isatty())
    large = total >= LARGE_CONVERSION
    return tqdm(total=total, desc=desc, unit="B", unit_scale=True, unit_divisor=1024,
                file=sys.stderr, leave=False, disable=not (tty or large),
                delay=0 if large else _TTY_DELAY_S, mininterval=0.1 if tty else 2.0)


class _CountingFile:
    """A binary file whose writes advance a progress bar (torch.save needs write and flush)."""

    def __init__(self, f, bar):
        self._f, self._bar = f, bar

    def write(self, data) -> int:
        self._bar.update(min(len(data), self._bar.total - self._bar.n))
        return self._f.write(data)

    def flush(self) -> None:
        self._f.flush()


def state_dict_from_checkpoint(prefix: str, exclude=(), progress=None):
    """(state_dict, mapping, skipped): mapping is [(tf name, torch name, "dtype[shape]")],
    skipped is [(tf name, reason)] for excluded or unrepresentable tensors. `progress(total,
    desc)` makes a bar (tqdm) that advances by each tensor's size; None: no bar."""

    try:
        reader = read_bundle(prefix)
        dtypes = reader.get_variable_to_dtype_map()
        names = sorted(reader.keys())
        excluded = {n for n in names if any(p.search(n) for p in exclude)}
        kept = [n for n in names if n not in excluded]
        state, mapping, skipped = {}, [], [(n, "excluded") for n in excluded]
        bar = None
        if progress is not None:
            total = sum(reader.entry(name).size for name in kept)
            bar = progress(total, "reading %s" % os.path.basename(prefix))
        try:
            for tf_name in kept:
                _add_tensor(reader, tf_name, dtypes[tf_name], state, mapping, skipped)
                if bar is not None:
                    bar.update(reader.entry(tf_name).size)
        finally:
            if bar is not None:
                bar.close()
    except (OSError, FormatError, errors.OpError) as e:
        raise ConversionError("cannot read checkpoint %s: %s" % (prefix, _one_line(e))) from e
    return state, mapping, sorted(skipped)


def _add_tensor(reader, tf_name, tf_dtype, state, mapping, skipped) -> None:
    try:
        tensor = _to_torch(reader.get_tensor(tf_name), tf_dtype)
    except TypeError as e:
        skipped.append((tf_name, str(e)))
        return
    key = torch_name(tf_name)
    while key in state:
        key += "_"
    state[key] = tensor
    mapping.append((tf_name, key, "%s%s" % (str(tensor.dtype).replace("torch.", ""),
                                            list(tensor.shape))))


def _one_line(e: BaseException) -> str:
    text = getattr(e, "message", None) or str(e) or type(e).__name__
    return " ".join(str(text).split())


def convert(prefix: str, out: str, exclude=(), progress=_progress):
    """Writes the checkpoint's tensors to `out` (.pt/.pth: torch.save of a state_dict;
    .safetensors: needs the `safetensors` package). Returns (mapping, skipped). `progress`
    makes the bars for reading and writing (None: no bars)."""
    out_dir = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(out_dir):
        raise ConversionError("cannot write %s: directory %s does not exist" % (out, out_dir))
    state, mapping, skipped = state_dict_from_checkpoint(prefix, exclude, progress)
    try:
        if out.endswith(".safetensors"):
            _save_safetensors(state, mapping, out)
        else:
            _save_pt(state, out, progress)
    except (OSError, RuntimeError) as e:
        raise ConversionError("cannot write %s: %s" % (out, _one_line(e))) from e
    return mapping, skipped


def _save_pt(state, out: str, progress) -> None:
    if progress is None:
        torch.save(state, out)
        return
    nbytes = sum(t.numel() * t.element_size() for t in state.values())
    bar = progress(nbytes, "writing %s" % os.path.basename(out))
    try:
        with open(out, "wb") as f:
            torch.save(state, _CountingFile(f, bar))
    finally:
        bar.close()


def _save_safetensors(state, mapping, out: str) -> None:
    try:
        from safetensors.torch import save_file
    except ImportError:
        raise ConversionError("writing .safetensors needs the `safetensors` package "
                              "(pip install safetensors); or write a .pt file") from None
    names = {torch_key: tf_name for tf_name, torch_key, _ in mapping}
    save_file(state, out, metadata={"format": "pt", "tf_names": json.dumps(names)})
