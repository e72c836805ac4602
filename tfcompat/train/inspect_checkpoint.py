"""`tensorflow.python.tools.inspect_checkpoint`: print a checkpoint's tensors, as TF's tool
(TF 2.x's text: "tensor: name (dtype) [shape]" lines and the parameter count)."""
from __future__ import annotations

import re

import numpy as np

from tfcompat import errors
from tfcompat.train.checkpoint_utils import NewCheckpointReader

__all__ = ["print_tensors_in_checkpoint_file"]

_V2_HINT = """
It's likely that this is a V2 checkpoint and you need to provide the filename
*prefix*.  Try removing the '.' and extension.  Try:
inspect checkpoint --file_name = {}"""


def _count_total_params(reader, count_exclude_pattern=""):
    var_to_shape_map = reader.get_variable_to_shape_map()
    if count_exclude_pattern:
        regex_pattern = re.compile(count_exclude_pattern)
        kept, excluded_tensors, excluded_params = {}, 0, 0
        for name, shape in var_to_shape_map.items():
            if regex_pattern.search(name):
                excluded_tensors += 1
                excluded_params += np.prod(shape)
            else:
                kept[name] = shape
        var_to_shape_map = kept
        print("# Excluding %d tensors (%d params) that match %s when counting." % (
            excluded_tensors, excluded_params, count_exclude_pattern))
    return np.sum([np.prod(shape) for shape in var_to_shape_map.values()], dtype=int)


def _print_entry(name, shapes, dtypes_):
    print("tensor: %s (%s) %s" % (name, dtypes_[name].name, shapes[name]))


def print_tensors_in_checkpoint_file(file_name, tensor_name, all_tensors,
                                     all_tensor_names=False, count_exclude_pattern=""):
    """Prints the tensors of checkpoint `file_name`: every name (and value, `all_tensors`),
    TF's debug listing (no `tensor_name`), or one tensor; then the parameter count. Errors are
    printed, not raised, as TF's tool does."""
    try:
        reader = NewCheckpointReader(file_name)
        if all_tensors or all_tensor_names:
            shapes = reader.get_variable_to_shape_map()
            dtypes_ = reader.get_variable_to_dtype_map()
            for key in sorted(shapes):
                _print_entry(key, shapes, dtypes_)
                if all_tensors:
                    try:
                        print(reader.get_tensor(key))
                    except errors.InternalError:
                        print("<not convertible to a numpy dtype>")
        elif not tensor_name:
            print(reader.debug_string().decode("utf-8", errors="ignore"))
        else:
            if not reader.has_tensor(tensor_name):
                print("Tensor %s not found in checkpoint" % tensor_name)
                return
            _print_entry(tensor_name, reader.get_variable_to_shape_map(),
                         reader.get_variable_to_dtype_map())
            print(reader.get_tensor(tensor_name))
        print("# Total number of params: %d" % _count_total_params(
            reader, count_exclude_pattern=count_exclude_pattern))
    except Exception as e:  # noqa: BLE001 - TF's tool prints any failure
        print(str(e))
        if "corrupted compressed block contents" in str(e):
            print("It's likely that your checkpoint file has been compressed with SNAPPY.")
        if "Data loss" in str(e) and any(ext in file_name for ext in (".index", ".meta", ".data")):
            print(_V2_HINT.format(".".join(file_name.split(".")[0:-1])))
