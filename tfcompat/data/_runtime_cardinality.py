"""Run-time cardinality of tf.data pipelines (TF's `DatasetCardinality`), computed from the
pipeline description as TF's kernels compute theirs, and `assert_cardinality`
(AssertCardinalityDataset), which checks the count while iterating.

INFINITE (-1) and UNKNOWN (-2) are TF's constants. TF1's `map` does not preserve
cardinality (its MapDataset has preserve_cardinality=False), so a map makes it unknown.
"""
from __future__ import annotations

from tfcompat import errors
from tfcompat.data import _runtime as rt
from tfcompat.data import _runtime_batch as rtb
from tfcompat.data import _runtime_grouping as rtg
from tfcompat.data import _runtime_parallel as rtp
from tfcompat.data import _runtime_shuffle as rts

INFINITE = -1
UNKNOWN = -2


def _range(ds):
    left = (ds.stop - ds.start) if ds.step > 0 else (ds.start - ds.stop)
    return max(0, -(-left // abs(ds.step)))


def _take(ds):
    n = cardinality(ds.input)
    if n == UNKNOWN:
        return n
    if n == INFINITE:
        return ds.count
    if ds.count < 0:
        return n
    return min(n, ds.count)


def _skip(ds):
    n = cardinality(ds.input)
    if n in (INFINITE, UNKNOWN):
        return n
    return 0 if ds.count < 0 else max(0, n - ds.count)


def _shard(ds):
    n = cardinality(ds.input)
    if n in (INFINITE, UNKNOWN):
        return n
    return n // ds.num_shards + (1 if ds.index < n % ds.num_shards else 0)


def _repeat(ds):
    n = cardinality(ds.input)
    if ds.count < 0:
        return 0 if n == 0 else INFINITE
    if ds.count == 0:
        return 0
    if n in (INFINITE, UNKNOWN):
        return n
    return ds.count * n


def _batch(ds):
    n = cardinality(ds.input)
    if n in (INFINITE, UNKNOWN):
        return n
    return n // ds.batch_size + (0 if n % ds.batch_size == 0 or ds.drop_remainder else 1)


def _zip(ds):
    result = INFINITE
    for d in ds.inputs:
        n = cardinality(d)
        if n == UNKNOWN:
            return n
        if n != INFINITE:
            result = n if result == INFINITE else min(result, n)
    return result


def _concatenate(ds):
    a = cardinality(ds.first)
    if a in (INFINITE, UNKNOWN):
        return a
    b = cardinality(ds.second)
    if b in (INFINITE, UNKNOWN):
        return b
    return a + b


def _same(ds):
    return cardinality(ds.input)


_RULES = {
    rt.Range: _range,
    rt.Tensors: lambda ds: 1,
    rt.TensorSlices: lambda ds: ds.n,
    rt.SparseSlices: lambda ds: len(ds.rows),
    rt.Take: _take,
    rt.Skip: _skip,
    rt.Shard: _shard,
    rt.Repeat: _repeat,
    rt.Zip: _zip,
    rt.Concatenate: _concatenate,
    rt.Cache: _same,
    rtb.Batch: _batch,
    rtb.PaddedBatch: _batch,
    rts.Shuffle: _same,
    rtp.Prefetch: _same,
    rtp.WithOptions: _same,
    rtg.Scan: _same,
    rtg.Random: lambda ds: INFINITE,
}


def cardinality(ds) -> int:
    """The number of elements of `ds`, INFINITE, or UNKNOWN (what TF cannot tell without
    iterating: filters, generators, files, maps, grouping...)."""
    rule = _RULES.get(type(ds))
    if rule is not None:
        return rule(ds)
    if isinstance(ds, AssertCardinality):
        return ds.expected
    return UNKNOWN


class AssertCardinality(rt.DatasetValue):
    def __init__(self, input, expected):
        self.input, self.expected = input, int(expected)

    def make(self, env):
        return _AssertCardinalityIter(self.input.make(env), self.expected)


def _elements(n) -> str:
    return "an infinite number of elements" if n == INFINITE else "%d element%s" % (
        n, "" if n == 1 else "s")


class _AssertCardinalityIter(rt.Iter):
    def __init__(self, input, expected):
        self.input, self.expected, self.seen = input, expected, 0

    def next(self):
        e = self.input.next()
        if e is None:
            if self.expected != INFINITE and self.seen == self.expected:
                return None
            raise errors.FailedPreconditionError(
                None, None, "Input dataset was expected to contain %s but contained only %s."
                % (_elements(self.expected), _elements(self.seen)))
        self.seen += 1
        if self.expected != INFINITE and self.seen > self.expected:
            raise errors.FailedPreconditionError(
                None, None, "Input dataset was expected to contain %s but contained at least "
                "%s." % (_elements(self.expected), _elements(self.seen)))
        return e
