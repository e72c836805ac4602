"""Reductions, arg-reductions, scans and matrix products over every dtype TF allows."""
from harness import Arg
from harness import Spec

_TOL = {"float32": (2e-5, 2e-6), "float16": (5e-3, 5e-3), "bfloat16": (3e-2, 3e-2),
        "complex64": (2e-5, 2e-6)}


def _reduce_variants():
    return {
        "axis1": {"args": {"input": Arg((2, 3)), "axis": Arg((), "int32", value=1)},
                  "attrs": {"keep_dims": False}},
        "keep": {"args": {"input": Arg((2, 3)), "axis": Arg((), "int32", value=0)},
                 "attrs": {"keep_dims": True}},
        "all_axes": {"input": Arg((2, 3, 2)), "axis": Arg((3,), "int32", value=[0, 1, 2])},
        "neg_axis": {"input": Arg((2, 3)), "axis": Arg((1,), "int64", value=[-1])},
        "no_axes": {"input": Arg((2, 3)), "axis": Arg((0,), "int32", value=[])},
        "empty": {"input": Arg((0, 3)), "axis": Arg((), "int32", value=0)},
        "scalar": {"input": Arg(()), "axis": Arg((0,), "int32", value=[])},
        "noncontig": {"input": Arg((3, 4), noncontig=True), "axis": Arg((), "int32", value=1)},
        "special": {"input": Arg((3, 4), value="special"), "axis": Arg((), "int32", value=1)},
        "fed_axis": {"input": Arg((2, 3)), "axis": Arg((), "int32", value=1, fed=True)},
        "bad_axis": {"input": Arg((2, 3)), "axis": Arg((), "int32", value=5, fed=True)},
        "dup_axes": {"input": Arg((2, 3)), "axis": Arg((2,), "int32", value=[1, 1])},
        "big_mean": {"input": Arg((10, 10), value=[100] * 100), "axis": Arg((0,), "int32",
                                                                            value=[])},
    }


SPECS = [Spec(op, _reduce_variants(), tol=_TOL) for op in ("Sum", "Mean", "Prod", "Max", "Min")]
SPECS += [Spec(op, {
    "axis1": {"input": Arg((2, 3), "bool"), "axis": Arg((), "int32", value=1)},
    "empty": {"input": Arg((0, 3), "bool"), "axis": Arg((), "int32", value=0)},
    "all_axes": {"input": Arg((2, 3), "bool"), "axis": Arg((2,), "int32", value=[0, 1])},
}, sweep=None) for op in ("All", "Any")]


def _arg_variants():
    return {
        "axis0": {"input": Arg((3, 4)), "dimension": Arg((), "int32", value=0)},
        "axis_neg": {"input": Arg((3, 4)), "dimension": Arg((), "int64", value=-1)},
        "ties": {"input": Arg((6,), value=[1, 3, 3, 0, 3, 1]),
                 "dimension": Arg((), "int32", value=0)},
        "special": {"input": Arg((12,), value="special"), "dimension": Arg((), "int32", value=0)},
        "nan_first": {"input": Arg((3,), value=[float("nan"), 1, 2]),
                      "dimension": Arg((), "int32", value=0), "dtypes": ("float32", "float64")},
        "empty_axis": {"input": Arg((0, 3)), "dimension": Arg((), "int32", value=0)},
        "out_int32": {"args": {"input": Arg((3, 4)), "dimension": Arg((), "int32", value=1)},
                      "attrs": {"output_type": "dtype:int32"}},
    }


SPECS += [Spec(op, _arg_variants()) for op in ("ArgMax", "ArgMin")]


def _scan_variants():
    return {
        "axis0": {"x": Arg((3, 4)), "axis": Arg((), "int32", value=0)},
        "axis_neg": {"x": Arg((3, 4)), "axis": Arg((), "int32", value=-1)},
        "exclusive": {"args": {"x": Arg((3, 4)), "axis": Arg((), "int32", value=1)},
                      "attrs": {"exclusive": True}},
        "reverse": {"args": {"x": Arg((3, 4)), "axis": Arg((), "int32", value=1)},
                    "attrs": {"reverse": True}},
        "both": {"args": {"x": Arg((5,)), "axis": Arg((), "int32", value=0)},
                 "attrs": {"reverse": True, "exclusive": True}},
        "empty": {"x": Arg((0, 3)), "axis": Arg((), "int32", value=0)},
        "special": {"x": Arg((12,), value="special"), "axis": Arg((), "int32", value=0)},
        "noncontig": {"x": Arg((3, 4), noncontig=True), "axis": Arg((), "int32", value=1)},
    }


SPECS += [Spec(op, _scan_variants(), tol=_TOL) for op in ("Cumsum", "Cumprod")]

SPECS.append(Spec("MatMul", {
    "base": {"a": Arg((2, 3)), "b": Arg((3, 4))},
    "ta": {"args": {"a": Arg((3, 2)), "b": Arg((3, 4))}, "attrs": {"transpose_a": True}},
    "tb": {"args": {"a": Arg((2, 3)), "b": Arg((4, 3))}, "attrs": {"transpose_b": True}},
    "tab": {"args": {"a": Arg((3, 2)), "b": Arg((4, 3))},
            "attrs": {"transpose_a": True, "transpose_b": True}},
    "empty_k": {"a": Arg((2, 0)), "b": Arg((0, 4))},
    "noncontig": {"a": Arg((3, 3), noncontig=True), "b": Arg((3, 3), noncontig=True)},
    "special": {"a": Arg((3, 4), value="special"), "b": Arg((4, 3), value="special")},
    "mismatch": {"a": Arg((2, 3), fed=True), "b": Arg((4, 3), fed=True)},
}, tol=_TOL))
SPECS.append(Spec("BatchMatMulV2", {
    "base": {"x": Arg((2, 2, 3)), "y": Arg((2, 3, 4))},
    "broadcast": {"x": Arg((2, 1, 2, 3)), "y": Arg((3, 3, 2))},
    "adj": {"args": {"x": Arg((2, 3, 2)), "y": Arg((2, 4, 3))},
            "attrs": {"adj_x": True, "adj_y": True}},
    "rank2": {"x": Arg((2, 3)), "y": Arg((3, 2))},
    "empty": {"x": Arg((0, 2, 3)), "y": Arg((3, 4))},
    "noncontig": {"x": Arg((2, 3, 3), noncontig=True), "y": Arg((2, 3, 3), noncontig=True)},
}, tol=_TOL))
