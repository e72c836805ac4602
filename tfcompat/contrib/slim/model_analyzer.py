"""`slim.model_analyzer` (TF 1.15): sizes of a graph's op outputs and of variables, optionally
printed as a table."""
from __future__ import annotations

__all__ = ["tensor_description", "analyze_ops", "analyze_vars"]


def tensor_description(var):
    """'(float32 3x3x3x32)': the dtype and the dims joined by 'x'."""
    sizes = var.get_shape()
    return "(" + str(var.dtype.name) + " " + "x".join(str(size) for size in sizes) + ")"


def analyze_ops(graph, print_info=False):
    """The total number of elements of all op outputs in `graph`."""
    if print_info:
        print("---------")
        print("Operations: name -> (type shapes) [size]")
        print("---------")
    total_size = 0
    for op in graph.get_operations():
        op_size = 0
        shapes = []
        for output in op.outputs:
            if output.get_shape():
                shapes.append(tensor_description(output))
            op_size += output.get_shape().num_elements() or 0
        if print_info:
            print(op.name, "\t->", ", ".join(shapes), "[" + str(op_size) + "]")
        total_size += op_size
    return total_size


def analyze_vars(variables, print_info=False):
    """(number of elements, bytes) of `variables`."""
    if print_info:
        print("---------")
        print("Variables: name (type shape) [size]")
        print("---------")
    total_size = total_bytes = 0
    for var in variables:
        var_size = var.get_shape().num_elements() or 0
        var_bytes = var_size * var.dtype.size
        total_size += var_size
        total_bytes += var_bytes
        if print_info:
            print(var.name, tensor_description(var), "[%d, bytes: %d]" % (var_size, var_bytes))
    if print_info:
        print("Total size of variables: %d" % total_size)
        print("Total bytes of variables: %d" % total_bytes)
    return total_size, total_bytes
