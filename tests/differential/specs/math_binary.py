"""Elementwise binary math, comparisons and logical ops over every dtype TF allows, plus AddN and
Cast."""
from harness import Arg
from harness import Spec
from specs import binary

_ARITH = ["AddV2", "Add", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "SquaredDifference",
          "Pow", "DivNoNan", "Xlogy", "Xdivy", "FloorDiv", "FloorMod", "TruncateDiv",
          "TruncateMod", "Div"]
_COMPARE = ["Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual"]
_TOL = {"float32": (2e-5, 1e-6), "complex64": (2e-5, 1e-6)}
# integer division by zero is an error in TF: keep divisors of the random cases non-zero
_NONZERO_Y = {"FloorDiv", "FloorMod", "TruncateDiv", "TruncateMod", "Div", "Pow"}


def _variants(op):
    if op in _NONZERO_Y:
        variants = binary(y_low=1, y_high=6, special=True)
        if op == "Pow":
            variants = binary(low=0, high=4, y_low=0, y_high=3)
        variants["zero_divisor"] = {"x": Arg((3,), value=[1, -2, 0]), "y": Arg((3,), value=[0, 0, 0])}
        return variants
    return binary()


SPECS = [Spec(op, _variants(op), tol=_TOL) for op in _ARITH]
SPECS.append(Spec("Atan2", binary("y", "x"), tol=_TOL))
SPECS += [Spec(op, binary(), grad=False) for op in _COMPARE]
SPECS += [Spec(op, binary()) for op in ("LogicalAnd", "LogicalOr")]
SPECS.append(Spec("AddN", {
    "one": {"inputs": Arg((2, 3), count=1)},
    "three": {"inputs": Arg((2, 3), count=3)},
    "empty": {"inputs": Arg((0, 2), count=2)},
    "special": {"inputs": Arg((12,), value="special", count=2)},
}, grad=True))
SPECS.append(Spec("Cast", {
    "to_float32": {"args": {"x": Arg((2, 3))}, "attrs": {"DstT": "dtype:float32"}},
    "to_int32": {"args": {"x": Arg((2, 3))}, "attrs": {"DstT": "dtype:int32"}},
    "to_uint8": {"args": {"x": Arg((2, 3))}, "attrs": {"DstT": "dtype:uint8"}},
    "to_bool": {"args": {"x": Arg((2, 3))}, "attrs": {"DstT": "dtype:bool"}},
    "to_float16": {"args": {"x": Arg((2, 3))}, "attrs": {"DstT": "dtype:float16"}},
    "to_int64": {"args": {"x": Arg((2, 3))}, "attrs": {"DstT": "dtype:int64"}},
    "to_complex64": {"args": {"x": Arg((2, 3))}, "attrs": {"DstT": "dtype:complex64"}},
    "special_to_int32": {"args": {"x": Arg((12,), value="special")},
                         "attrs": {"DstT": "dtype:int32"}},
    "special_to_float32": {"args": {"x": Arg((12,), value="special")},
                           "attrs": {"DstT": "dtype:float32"}},
}, sweep="SrcT", tol=_TOL))
