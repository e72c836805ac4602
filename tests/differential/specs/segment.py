"""Segment reductions: the sorted Segment* ops (ids non-decreasing, empty ids give 0) and the
unsorted UnsortedSegment{Max,Min,Prod} (negative ids dropped, empty segments hold the identity);
NaN rows, integer wrap-around and the kernels' checks. UnsortedSegmentSum is in misc.py."""
import numpy as np

from harness import Arg
from harness import Spec


def _i(value, dtype="int32", fed=False):
    return Arg(np.shape(value), dtype, value=value, fed=fed)


def _sorted_variants():
    return {
        "base": {"data": Arg((5, 2)), "segment_ids": _i([0, 0, 1, 3, 3])},
        "leading_empty": {"data": Arg((4,)), "segment_ids": _i([1, 1, 2, 2], "int64")},
        "special": {"data": Arg((12,), value="special"),
                    "segment_ids": _i([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3])},
        "noncontig": {"data": Arg((4, 3), noncontig=True), "segment_ids": _i([0, 1, 1, 2])},
        "empty": {"data": Arg((0, 3)), "segment_ids": _i(np.zeros([0], np.int32))},
        "fed": {"data": Arg((4, 2), fed=True), "segment_ids": _i([0, 0, 1, 1], fed=True)},
        "not_increasing": {"data": Arg((3,)), "segment_ids": _i([0, 1, 0], fed=True)},
        "negative": {"data": Arg((3,)), "segment_ids": _i([-1, 0, 1], fed=True)},
        "wrong_size": {"data": Arg((3,)), "segment_ids": _i([0, 1], fed=True)},
    }


def _unsorted_variants():
    return {
        "base": {"data": Arg((5, 2)), "segment_ids": _i([0, 2, 0, -1, 1]),
                 "num_segments": _i(4)},
        "ids_2d": {"data": Arg((2, 3, 2)), "segment_ids": _i([[0, 1, 0], [2, 2, 0]], "int64"),
                   "num_segments": _i(3, "int64")},
        "special": {"data": Arg((12,), value="special"),
                    "segment_ids": _i([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]),
                    "num_segments": _i(5)},
        "noncontig": {"data": Arg((4, 3), noncontig=True), "segment_ids": _i([1, 0, 1, 2]),
                      "num_segments": _i(3)},
        "empty": {"data": Arg((0, 3)), "segment_ids": _i(np.zeros([0], np.int32)),
                  "num_segments": _i(2)},
        "fed": {"data": Arg((4,), fed=True), "segment_ids": _i([0, 1, 0, 1], fed=True),
                "num_segments": _i(2)},
        "out_of_range": {"data": Arg((2,)), "segment_ids": _i([0, 5], fed=True),
                         "num_segments": _i(3)},
    }


SPECS = [Spec(op, _sorted_variants()) for op in
         ("SegmentSum", "SegmentMean", "SegmentMax", "SegmentMin", "SegmentProd")] + \
        [Spec(op, _unsorted_variants()) for op in
         ("UnsortedSegmentMax", "UnsortedSegmentMin", "UnsortedSegmentProd")]
