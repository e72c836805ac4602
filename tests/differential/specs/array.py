"""Shape and layout ops: reshape, transpose, expand/squeeze, shape queries, identity family,
concat/stack/split, pad, tile, fill, range."""
import numpy as np

from harness import Arg
from harness import Program
from harness import Spec


def _i32(value):
    return Arg(np.shape(value), "int32", value=value)


SPECS = [
    Spec("Reshape", {
        "base": {"tensor": Arg((2, 3)), "shape": _i32([3, 2])},
        "infer": {"tensor": Arg((2, 3)), "shape": _i32([-1])},
        "infer2": {"tensor": Arg((2, 6)), "shape": _i32([3, -1])},
        "scalar": {"tensor": Arg((1,)), "shape": _i32(np.zeros(0, np.int32))},
        "empty": {"tensor": Arg((0, 3)), "shape": _i32([3, 0])},
        "noncontig": {"tensor": Arg((3, 4), noncontig=True), "shape": _i32([2, 6])},
        "bad": {"tensor": Arg((2, 3)), "shape": Arg((2,), "int32", value=[4, 2], fed=True)},
        "two_unknown": {"tensor": Arg((2, 3)), "shape": _i32([-1, -1])},
        "fed": {"tensor": Arg((2, 3), fed=True), "shape": _i32([-1, 2])},
    }),
    Spec("Transpose", {
        "base": {"x": Arg((2, 3)), "perm": _i32([1, 0])},
        "rank4": {"x": Arg((2, 1, 3, 2)), "perm": _i32([0, 3, 1, 2])},
        "empty": {"x": Arg((0, 3)), "perm": _i32([1, 0])},
        "fed_perm": {"x": Arg((2, 3)), "perm": Arg((2,), "int32", value=[1, 0], fed=True)},
        "bad_perm": {"x": Arg((2, 3)), "perm": Arg((2,), "int32", value=[0, 0], fed=True)},
    }),
    Spec("ExpandDims", {
        "front": {"input": Arg((2, 3)), "dim": _i32(0)},
        "neg": {"input": Arg((2, 3)), "dim": _i32(-1)},
        "scalar": {"input": Arg(()), "dim": _i32(0)},
        "bad": {"input": Arg((2, 3)), "dim": Arg((), "int32", value=5, fed=True)},
    }),
    Spec("Squeeze", {
        "all": {"input": Arg((1, 2, 1, 3))},
        "some": {"args": {"input": Arg((1, 2, 1, 3))}, "attrs": {"axis": [2]}},
        "neg": {"args": {"input": Arg((1, 2, 1))}, "attrs": {"axis": [-1]}},
        "fed": {"input": Arg((1, 2, 1), fed=True)},
    }),
    Spec("Shape", {"base": {"input": Arg((2, 3))}, "fed": {"input": Arg((2, 0, 3), fed=True)},
                   "out64": {"args": {"input": Arg((2, 3))}, "attrs": {"out_type": "dtype:int64"}}},
         grad=False),
    Spec("Size", {"base": {"input": Arg((2, 3))}, "fed": {"input": Arg((2, 0, 3), fed=True)}},
         grad=False),
    Spec("Rank", {"base": {"input": Arg((2, 3))}, "fed": {"input": Arg((2, 0, 3), fed=True)}},
         grad=False),
]
for _op in ("Identity", "Snapshot", "StopGradient", "PreventGradient"):
    SPECS.append(Spec(_op, {"base": {"input": Arg((2, 3))}, "scalar": {"input": Arg(())},
                            "empty": {"input": Arg((0, 2))}}))
SPECS.append(Spec("IdentityN", {"two": {"input": Arg((2, 3), count=2)}}, sweep=None,
                  dtypes=None))
SPECS.append(Spec("PlaceholderWithDefault", {
    "base": {"args": {"input": Arg((2, 3))}, "attrs": {"shape": [2, 3]}},
    "unknown": {"args": {"input": Arg((2, 3))}, "attrs": {"shape": [None, 3]}},
}, sweep="dtype"))

SPECS += [
    Spec("ConcatV2", {
        "axis0": {"values": Arg((2, 3), count=2), "axis": _i32(0)},
        "axis_neg": {"values": Arg((2, 3), count=3), "axis": _i32(-1)},
        "one": {"values": Arg((2, 3), count=1), "axis": _i32(1)},
        "empty": {"values": Arg((0, 3), count=2), "axis": _i32(0)},
        "rank1_axis1": {"values": Arg((2,), count=2), "axis": _i32(1)},
        "fed_axis": {"values": Arg((2, 3), count=2), "axis": Arg((), "int32", value=1, fed=True)},
        "mismatch": {"values": Arg((2, 3), count=2, fed=True), "axis": _i32(0)},
    }, sweep="T"),
    Spec("Pack", {
        "axis0": {"values": Arg((2, 3), count=2)},
        "axis1": {"args": {"values": Arg((2, 3), count=3)}, "attrs": {"axis": 1}},
        "neg": {"args": {"values": Arg((2,), count=2)}, "attrs": {"axis": -1}},
        "scalars": {"values": Arg((), count=3)},
    }),
    Spec("Unpack", {
        "axis0": {"args": {"value": Arg((2, 3))}, "attrs": {"num": 2}},
        "axis1": {"args": {"value": Arg((2, 3))}, "attrs": {"num": 3, "axis": 1}},
    }),
    Spec("Split", {
        "base": {"args": {"axis": _i32(1), "value": Arg((2, 4))}, "attrs": {"num_split": 2}},
        "neg": {"args": {"axis": _i32(-2), "value": Arg((4, 2))}, "attrs": {"num_split": 4}},
        "uneven": {"args": {"axis": _i32(1), "value": Arg((2, 3))}, "attrs": {"num_split": 2}},
    }),
    Spec("SplitV", {
        "base": {"args": {"value": Arg((2, 5)), "size_splits": _i32([2, 3]), "axis": _i32(1)},
                 "attrs": {"num_split": 2}},
        "infer": {"args": {"value": Arg((2, 5)), "size_splits": _i32([1, -1, 2]),
                           "axis": _i32(-1)}, "attrs": {"num_split": 3}},
    }),
    Spec("Pad", {
        "base": {"input": Arg((2, 3)), "paddings": _i32([[1, 0], [0, 2]])},
        "empty": {"input": Arg((0, 2)), "paddings": _i32([[1, 1], [0, 0]])},
        "neg": {"input": Arg((2, 3)), "paddings": Arg((2, 2), "int32", value=[[-1, 0], [0, 0]],
                                                       fed=True)},
    }),
    Spec("PadV2", {"base": {"input": Arg((2, 3)), "paddings": _i32([[1, 0], [0, 2]]),
                            "constant_values": Arg((), value=[7])}}),
    Spec("MirrorPad", {
        "reflect": {"args": {"input": Arg((3, 3)), "paddings": _i32([[1, 2], [2, 1]])},
                    "attrs": {"mode": "REFLECT"}},
        "symmetric": {"args": {"input": Arg((3, 3)), "paddings": _i32([[1, 3], [3, 0]])},
                      "attrs": {"mode": "SYMMETRIC"}},
    }),
    Spec("Tile", {
        "base": {"input": Arg((2, 3)), "multiples": _i32([2, 1])},
        "zero": {"input": Arg((2, 3)), "multiples": _i32([0, 2])},
        "scalar_mult": {"input": Arg((2,)), "multiples": _i32([3])},
    }),
    Spec("BroadcastTo", {
        "base": {"input": Arg((3,)), "shape": _i32([2, 3])},
        "expand": {"input": Arg((2, 1)), "shape": _i32([2, 4])},
        "bad": {"input": Arg((3,)), "shape": Arg((1,), "int32", value=[4], fed=True)},
    }),
    Spec("Fill", {
        "base": {"dims": _i32([2, 3]), "value": Arg(())},
        "empty": {"dims": _i32([0, 3]), "value": Arg(())},
        "neg": {"dims": Arg((1,), "int32", value=[-1], fed=True), "value": Arg(())},
    }),
    Spec("ZerosLike", {"base": {"x": Arg((2, 3))}, "empty": {"x": Arg((0,))}}),
    Spec("OnesLike", {"base": {"x": Arg((2, 3))}, "empty": {"x": Arg((0,))}}),
    Spec("Range", {
        "base": {"start": Arg((), value=1), "limit": Arg((), value=9), "delta": Arg((), value=2)},
        "neg": {"start": Arg((), value=5), "limit": Arg((), value=-3), "delta": Arg((), value=-2)},
        "empty": {"start": Arg((), value=3), "limit": Arg((), value=3), "delta": Arg((), value=1)},
        "bad": {"start": Arg((), value=1, fed=True), "limit": Arg((), value=5),
                "delta": Arg((), value=0)},
    }),
    Spec("LinSpace", {
        "base": {"start": Arg((), value=1), "stop": Arg((), value=5),
                 "num": Arg((), "int32", value=5)},
        "one": {"start": Arg((), value=1), "stop": Arg((), value=5),
                "num": Arg((), "int32", value=1)},
    }),
]


def _const_program(tf):
    fetches = {
        "f": tf.constant([[1.5, 2.0]]), "i": tf.constant(3), "s": tf.constant([b"a", b"bc"]),
        "fill": tf.constant(7.0, shape=[2, 2]), "b": tf.constant([True, False]),
        "i64": tf.constant([2 ** 40]), "u8": tf.constant([255], tf.uint8),
    }
    return fetches, {}


def _placeholder_program(tf):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.placeholder(tf.int64, None)
    with tf.control_dependencies([x]):
        z = tf.no_op()
    with tf.control_dependencies([z]):
        out = tf.identity(x * 2.0)
    return {"x2": out, "y": y + 1}, {x: [[1.0, 2.0]], y: [3, 4]}


PROGRAMS = [
    Program("const_values", _const_program, covers=("Const",)),
    Program("placeholder_noop", _placeholder_program, covers=("Placeholder", "NoOp")),
]
