"""Small families: linalg, segments, sparse-to-dense, checks, image resizing and coding, random
ops (shapes, dtypes and determinism only: TF's random numbers are not reproduced)."""
import numpy as np

from harness import Arg
from harness import Program
from harness import Spec


def _i(value, dtype="int32", fed=False):
    return Arg(np.shape(value), dtype, value=value, fed=fed)


SPECS = [
    Spec("DiagPart", {"base": {"input": Arg((3, 3))}, "rank4": {"input": Arg((2, 3, 2, 3))}}),
    Spec("Qr", {"square": {"input": Arg((3, 3))}, "tall": {"input": Arg((4, 2))}},
         grad=False, dtypes=("float32", "float64"), tol={"*": (1e-4, 1e-5)}),
    Spec("UnsortedSegmentSum", {
        "base": {"data": Arg((5, 2)), "segment_ids": _i([0, 2, 0, -1, 1]),
                 "num_segments": _i(4)},
        "out_of_range": {"data": Arg((2,)), "segment_ids": _i([0, 5], fed=True),
                         "num_segments": _i(3)},
    }),
    Spec("SparseToDense", {
        "base": {"sparse_indices": _i([[0, 1], [2, 0]]), "output_shape": _i([3, 2]),
                 "sparse_values": Arg((2,)), "default_value": Arg(())},
        "unsorted": {"args": {"sparse_indices": _i([[2, 0], [0, 1]]), "output_shape": _i([3, 2]),
                              "sparse_values": Arg((2,)), "default_value": Arg(())},
                     "attrs": {"validate_indices": True}},
    }, sweep="T", grad=False),
    Spec("CheckNumerics", {
        "ok": {"args": {"tensor": Arg((2, 3))}, "attrs": {"message": "bad"}},
        "nan": {"args": {"tensor": Arg((12,), value="special")}, "attrs": {"message": "bad"}},
    }),
    Spec("EnsureShape", {
        "ok": {"args": {"input": Arg((2, 3))}, "attrs": {"shape": [2, None]}},
        "bad": {"args": {"input": Arg((2, 3), fed=True)}, "attrs": {"shape": [3, 3]}},
    }),
]
for _op in ("ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic", "ResizeArea"):
    SPECS.append(Spec(_op, {
        "up": {"images": Arg((1, 3, 4, 2), low=0, high=9), "size": _i([5, 7])},
        "down": {"images": Arg((2, 6, 6, 1), low=0, high=9), "size": _i([3, 4])},
        "align": {"args": {"images": Arg((1, 3, 4, 1), low=0, high=9), "size": _i([5, 5])},
                  "attrs": {"align_corners": True}},
        "half_pixel": {"args": {"images": Arg((1, 3, 4, 1), low=0, high=9), "size": _i([5, 6])},
                       "attrs": {"half_pixel_centers": True}},
    }, tol={"*": (1e-4, 1e-4), "float16": (5e-3, 5e-3), "bfloat16": (3e-2, 5e-2)}))


def _random_program(tf):
    tf.set_random_seed(7)
    out = {
        "normal": tf.random_normal([2, 3], seed=1), "uniform": tf.random_uniform([4], seed=2),
        "uniform_int": tf.random_uniform([3], 0, 10, dtype=tf.int32, seed=3),
        "truncated": tf.truncated_normal([5], seed=4),
        "shuffle": tf.random_shuffle(tf.range(6), seed=5),
        "multinomial": tf.multinomial(tf.log([[0.5, 0.5]]), 4, seed=6),
    }
    # facts that do not depend on the generator: shapes, dtypes, ranges, permutation contents
    facts = {
        "normal_shape": tf.shape(out["normal"]),
        "uniform_in_range": tf.reduce_all((out["uniform"] >= 0) & (out["uniform"] < 1)),
        "int_in_range": tf.reduce_all((out["uniform_int"] >= 0) & (out["uniform_int"] < 10)),
        "truncated_in_range": tf.reduce_all(tf.abs(out["truncated"]) <= 2.0),
        "shuffle_sorted": tf.nn.top_k(out["shuffle"], 6).values,
        "multinomial_shape": tf.shape(out["multinomial"]),
        "multinomial_dtype_ok": tf.reduce_all(out["multinomial"] >= 0),
    }
    return facts, {}


PROGRAMS = [
    Program("random_facts", _random_program,
            covers=("RandomStandardNormal", "RandomUniform", "RandomUniformInt",
                    "TruncatedNormal", "RandomShuffle", "Multinomial")),
]
