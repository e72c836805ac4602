"""tf.data datasets: each case's elements and static structure, compared with values recorded
from real TensorFlow (tensorflow.compat.v1, TF 2.21) for the same program."""
from __future__ import annotations

import collections
import json

import numpy as np
import pytest

import tfcompat as tf

D = tf.data.Dataset
P = collections.namedtuple("P", "a b")


def _cases():
    c = {}
    c['slices_tuple'] = lambda: D.from_tensor_slices((np.arange(4), np.arange(8.).reshape(4, 2)))
    c['slices_dict'] = lambda: D.from_tensor_slices({'x': np.arange(3), 'y': [b'a', b'b', b'c']})
    c['slices_str'] = lambda: D.from_tensor_slices(['a', 'bb'])
    c['tensors'] = lambda: D.from_tensors(([1, 2], 'x'))
    c['range3'] = lambda: D.range(2, 9, 3)
    c['range_neg'] = lambda: D.range(5, 0, -2)
    c['zip'] = lambda: D.zip((D.range(3), D.range(10, 20)))
    c['zip_nested'] = lambda: D.zip((D.range(3), (D.range(5), D.from_tensor_slices([b'a', b'b']))))
    c['concat'] = lambda: D.range(2).concatenate(D.range(5, 7))
    c['map_tuple'] = lambda: D.from_tensor_slices((np.arange(3), np.arange(3) * 2)).map(lambda a, b: (a + b, a * b))
    c['map_dict'] = lambda: D.from_tensor_slices({'x': np.arange(3)}).map(lambda d: d['x'] * 3)
    c['map_list_ret'] = lambda: D.range(3).map(lambda x: [x, x + 1])
    c['map_capture'] = lambda: (lambda k: D.range(3).map(lambda x: x * k))(tf.constant(7, tf.int64))
    c['map_cast'] = lambda: D.range(3).map(lambda x: tf.cast(x, tf.float32) / 2.0)
    c['filter'] = lambda: D.range(10).filter(lambda x: tf.equal(x % 3, 0))
    c['flat_map'] = lambda: D.range(3).flat_map(lambda x: D.range(x))
    c['interleave'] = lambda: D.range(1, 4).interleave(lambda x: D.from_tensors(x).repeat(x), cycle_length=2, block_length=1)
    c['interleave_b2'] = lambda: D.range(1, 5).interleave(lambda x: D.range(x * 10, x * 10 + 3), cycle_length=3, block_length=2)
    c['batch'] = lambda: D.range(7).batch(3)
    c['batch_drop'] = lambda: D.range(7).batch(3, drop_remainder=True)
    c['batch_tuple'] = lambda: D.from_tensor_slices((np.arange(5), [b'a', b'b', b'c', b'd', b'e'])).batch(2)
    c['batch_batch'] = lambda: D.range(8).batch(2).batch(2)
    c['padded'] = lambda: D.range(1, 5).map(lambda x: tf.fill([tf.cast(x, tf.int32)], x)).padded_batch(2, padded_shapes=[None])
    c['padded_fixed'] = lambda: D.range(1, 4).map(lambda x: tf.fill([tf.cast(x, tf.int32)], x)).padded_batch(2, padded_shapes=[5], padding_values=tf.constant(-1, tf.int64))
    c['repeat'] = lambda: D.range(3).repeat(2)
    c['repeat_empty'] = lambda: D.range(0).repeat()
    c['take_skip'] = lambda: D.range(10).skip(2).take(3)
    c['take_neg'] = lambda: D.range(3).take(-1)
    c['skip_neg'] = lambda: D.range(3).skip(-1)
    c['cache_repeat'] = lambda: D.range(3).cache().repeat(2)
    c['prefetch'] = lambda: D.range(3).prefetch(1)
    c['unbatch'] = lambda: D.range(5).batch(2).unbatch()
    c['gen'] = lambda: D.from_generator(lambda: iter([(1, [1.0]), (2, [2.0])]), (tf.int32, tf.float32), (tf.TensorShape([]), tf.TensorShape([1])))
    c['gen_args'] = lambda: D.from_generator(lambda n: iter(range(n)), tf.int64, args=(3,))
    c['gen_dict'] = lambda: D.from_generator(lambda: iter([{'a': 1, 'b': 'x'}]), {'a': tf.int64, 'b': tf.string})
    c['enumerate'] = lambda: D.from_tensor_slices([b'x', b'y']).apply(tf.data.experimental.enumerate_dataset())
    c['shuffle_set'] = lambda: D.range(10).shuffle(4, seed=3).batch(10).map(lambda b: tf.reduce_sum(b))
    c['namedtuple'] = lambda: D.from_tensor_slices(P(np.arange(2), np.arange(2) + 5)).map(lambda p: p.a + p.b)
    c['filter_map_batch'] = lambda: D.range(20).filter(lambda x: x > 14).map(lambda x: x * 2).batch(4)
    c['sparse_map'] = lambda: D.range(3).map(lambda x: tf.SparseTensor([[0]], tf.reshape(x, [1]), [2]))
    c['sparse_batch'] = lambda: D.range(3).map(lambda x: tf.SparseTensor([[x]], tf.reshape(x, [1]), [4])).batch(2)
    c['map_shape'] = lambda: D.from_tensor_slices(np.arange(12).reshape(3, 4)).map(lambda v: tf.reshape(v, [2, 2]))
    c['map_reduce'] = lambda: D.from_tensor_slices(np.arange(12.).reshape(3, 4)).map(lambda v: tf.reduce_sum(v))
    return c


def _norm(v):
    """Values as JSON-like data: arrays become (dtype, list); bytes become their repr."""
    if isinstance(v, dict):
        return {k: _norm(x) for k, x in sorted(v.items())}
    if isinstance(v, (list, tuple)):
        return [_norm(x) for x in v]
    if isinstance(v, np.ndarray):
        return [str(v.dtype), _norm(v.tolist()) if v.dtype == object else v.tolist()]
    if isinstance(v, np.generic):
        return [str(v.dtype), v.item()]
    if isinstance(v, bytes):
        return repr(v)
    return v


def _elements(ds, limit=30):
    with tf.Graph().as_default():
        nxt = tf.data.make_one_shot_iterator(ds()).get_next()
        out = []
        with tf.Session() as sess:
            try:
                for _ in range(limit):
                    out.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                out.append("END")
    return json.loads(json.dumps(_norm(out)))


# Recorded from TensorFlow 2.21 (compat.v1, graph mode) running the same builders.
EXPECTED = json.loads(r"""{
"slices_tuple": [
[
[
"int64",
0
],
[
"float64",
[
0.0,
1.0
]
]
],
[
[
"int64",
1
],
[
"float64",
[
2.0,
3.0
]
]
],
[
[
"int64",
2
],
[
"float64",
[
4.0,
5.0
]
]
],
[
[
"int64",
3
],
[
"float64",
[
6.0,
7.0
]
]
],
"END"
],
"slices_dict": [
{
"x": [
"int64",
0
],
"y": "b'a'"
},
{
"x": [
"int64",
1
],
"y": "b'b'"
},
{
"x": [
"int64",
2
],
"y": "b'c'"
},
"END"
],
"slices_str": [
"b'a'",
"b'bb'",
"END"
],
"tensors": [
[
[
"int32",
[
1,
2
]
],
"b'x'"
],
"END"
],
"range3": [
[
"int64",
2
],
[
"int64",
5
],
[
"int64",
8
],
"END"
],
"range_neg": [
[
"int64",
5
],
[
"int64",
3
],
[
"int64",
1
],
"END"
],
"zip": [
[
[
"int64",
0
],
[
"int64",
10
]
],
[
[
"int64",
1
],
[
"int64",
11
]
],
[
[
"int64",
2
],
[
"int64",
12
]
],
"END"
],
"zip_nested": [
[
[
"int64",
0
],
[
[
"int64",
0
],
"b'a'"
]
],
[
[
"int64",
1
],
[
[
"int64",
1
],
"b'b'"
]
],
"END"
],
"concat": [
[
"int64",
0
],
[
"int64",
1
],
[
"int64",
5
],
[
"int64",
6
],
"END"
],
"map_tuple": [
[
[
"int64",
0
],
[
"int64",
0
]
],
[
[
"int64",
3
],
[
"int64",
2
]
],
[
[
"int64",
6
],
[
"int64",
8
]
],
"END"
],
"map_dict": [
[
"int64",
0
],
[
"int64",
3
],
[
"int64",
6
],
"END"
],
"map_list_ret": [
[
[
"int64",
0
],
[
"int64",
1
]
],
[
[
"int64",
1
],
[
"int64",
2
]
],
[
[
"int64",
2
],
[
"int64",
3
]
],
"END"
],
"map_capture": [
[
"int64",
0
],
[
"int64",
7
],
[
"int64",
14
],
"END"
],
"map_cast": [
[
"float32",
0.0
],
[
"float32",
0.5
],
[
"float32",
1.0
],
"END"
],
"filter": [
[
"int64",
0
],
[
"int64",
3
],
[
"int64",
6
],
[
"int64",
9
],
"END"
],
"flat_map": [
[
"int64",
0
],
[
"int64",
0
],
[
"int64",
1
],
"END"
],
"interleave": [
[
"int64",
1
],
[
"int64",
2
],
[
"int64",
2
],
[
"int64",
3
],
[
"int64",
3
],
[
"int64",
3
],
"END"
],
"interleave_b2": [
[
"int64",
10
],
[
"int64",
11
],
[
"int64",
20
],
[
"int64",
21
],
[
"int64",
30
],
[
"int64",
31
],
[
"int64",
12
],
[
"int64",
22
],
[
"int64",
32
],
[
"int64",
40
],
[
"int64",
41
],
[
"int64",
42
],
"END"
],
"batch": [
[
"int64",
[
0,
1,
2
]
],
[
"int64",
[
3,
4,
5
]
],
[
"int64",
[
6
]
],
"END"
],
"batch_drop": [
[
"int64",
[
0,
1,
2
]
],
[
"int64",
[
3,
4,
5
]
],
"END"
],
"batch_tuple": [
[
[
"int64",
[
0,
1
]
],
[
"object",
[
"b'a'",
"b'b'"
]
]
],
[
[
"int64",
[
2,
3
]
],
[
"object",
[
"b'c'",
"b'd'"
]
]
],
[
[
"int64",
[
4
]
],
[
"object",
[
"b'e'"
]
]
],
"END"
],
"batch_batch": [
[
"int64",
[
[
0,
1
],
[
2,
3
]
]
],
[
"int64",
[
[
4,
5
],
[
6,
7
]
]
],
"END"
],
"padded": [
[
"int64",
[
[
1,
0
],
[
2,
2
]
]
],
[
"int64",
[
[
3,
3,
3,
0
],
[
4,
4,
4,
4
]
]
],
"END"
],
"padded_fixed": [
[
"int64",
[
[
1,
-1,
-1,
-1,
-1
],
[
2,
2,
-1,
-1,
-1
]
]
],
[
"int64",
[
[
3,
3,
3,
-1,
-1
]
]
],
"END"
],
"repeat": [
[
"int64",
0
],
[
"int64",
1
],
[
"int64",
2
],
[
"int64",
0
],
[
"int64",
1
],
[
"int64",
2
],
"END"
],
"repeat_empty": [
"END"
],
"take_skip": [
[
"int64",
2
],
[
"int64",
3
],
[
"int64",
4
],
"END"
],
"take_neg": [
[
"int64",
0
],
[
"int64",
1
],
[
"int64",
2
],
"END"
],
"skip_neg": [
"END"
],
"cache_repeat": [
[
"int64",
0
],
[
"int64",
1
],
[
"int64",
2
],
[
"int64",
0
],
[
"int64",
1
],
[
"int64",
2
],
"END"
],
"prefetch": [
[
"int64",
0
],
[
"int64",
1
],
[
"int64",
2
],
"END"
],
"unbatch": [
[
"int64",
0
],
[
"int64",
1
],
[
"int64",
2
],
[
"int64",
3
],
[
"int64",
4
],
"END"
],
"gen": [
[
[
"int32",
1
],
[
"float32",
[
1.0
]
]
],
[
[
"int32",
2
],
[
"float32",
[
2.0
]
]
],
"END"
],
"gen_args": [
[
"int64",
0
],
[
"int64",
1
],
[
"int64",
2
],
"END"
],
"gen_dict": [
{
"a": [
"int64",
1
],
"b": "b'x'"
},
"END"
],
"enumerate": [
[
[
"int64",
0
],
"b'x'"
],
[
[
"int64",
1
],
"b'y'"
],
"END"
],
"shuffle_set": [
[
"int64",
45
],
"END"
],
"namedtuple": [
[
"int64",
5
],
[
"int64",
7
],
"END"
],
"filter_map_batch": [
[
"int64",
[
30,
32,
34,
36
]
],
[
"int64",
[
38
]
],
"END"
],
"sparse_map": [
[
[
"int64",
[
[
0
]
]
],
[
"int64",
[
0
]
],
[
"int64",
[
2
]
]
],
[
[
"int64",
[
[
0
]
]
],
[
"int64",
[
1
]
],
[
"int64",
[
2
]
]
],
[
[
"int64",
[
[
0
]
]
],
[
"int64",
[
2
]
],
[
"int64",
[
2
]
]
],
"END"
],
"sparse_batch": [
[
[
"int64",
[
[
0,
0
],
[
1,
1
]
]
],
[
"int64",
[
0,
1
]
],
[
"int64",
[
2,
4
]
]
],
[
[
"int64",
[
[
0,
2
]
]
],
[
"int64",
[
2
]
],
[
"int64",
[
1,
4
]
]
],
"END"
],
"map_shape": [
[
"int64",
[
[
0,
1
],
[
2,
3
]
]
],
[
"int64",
[
[
4,
5
],
[
6,
7
]
]
],
[
"int64",
[
[
8,
9
],
[
10,
11
]
]
],
"END"
],
"map_reduce": [
[
"float64",
6.0
],
[
"float64",
22.0
],
[
"float64",
38.0
],
"END"
]
}""")
SHAPES = json.loads(r"""{
"slices_tuple": "((tf.int64, tf.float64), (TensorShape([]), TensorShape([Dimension(2)])))",
"slices_dict": "({'x': tf.int64, 'y': tf.string}, {'x': TensorShape([]), 'y': TensorShape([])})",
"slices_str": "(tf.string, TensorShape([]))",
"tensors": "((tf.int32, tf.string), (TensorShape([Dimension(2)]), TensorShape([])))",
"range3": "(tf.int64, TensorShape([]))",
"range_neg": "(tf.int64, TensorShape([]))",
"zip": "((tf.int64, tf.int64), (TensorShape([]), TensorShape([])))",
"zip_nested": "((tf.int64, (tf.int64, tf.string)), (TensorShape([]), (TensorShape([]), TensorShape([]))))",
"concat": "(tf.int64, TensorShape([]))",
"map_tuple": "((tf.int64, tf.int64), (TensorShape([]), TensorShape([])))",
"map_dict": "(tf.int64, TensorShape([]))",
"map_list_ret": "((tf.int64, tf.int64), (TensorShape([]), TensorShape([])))",
"map_capture": "(tf.int64, TensorShape([]))",
"map_cast": "(tf.float32, TensorShape([]))",
"filter": "(tf.int64, TensorShape([]))",
"flat_map": "(tf.int64, TensorShape([]))",
"interleave": "(tf.int64, TensorShape([]))",
"interleave_b2": "(tf.int64, TensorShape([]))",
"batch": "(tf.int64, TensorShape([Dimension(None)]))",
"batch_drop": "(tf.int64, TensorShape([Dimension(3)]))",
"batch_tuple": "((tf.int64, tf.string), (TensorShape([Dimension(None)]), TensorShape([Dimension(None)])))",
"batch_batch": "(tf.int64, TensorShape([Dimension(None), Dimension(None)]))",
"padded": "(tf.int64, TensorShape([Dimension(None), Dimension(None)]))",
"padded_fixed": "(tf.int64, TensorShape([Dimension(None), Dimension(5)]))",
"repeat": "(tf.int64, TensorShape([]))",
"repeat_empty": "(tf.int64, TensorShape([]))",
"take_skip": "(tf.int64, TensorShape([]))",
"take_neg": "(tf.int64, TensorShape([]))",
"skip_neg": "(tf.int64, TensorShape([]))",
"cache_repeat": "(tf.int64, TensorShape([]))",
"prefetch": "(tf.int64, TensorShape([]))",
"unbatch": "(tf.int64, TensorShape([]))",
"gen": "((tf.int32, tf.float32), (TensorShape([]), TensorShape([Dimension(1)])))",
"gen_args": "(tf.int64, TensorShape(None))",
"gen_dict": "({'a': tf.int64, 'b': tf.string}, {'a': TensorShape(None), 'b': TensorShape(None)})",
"enumerate": "((tf.int64, tf.string), (TensorShape([]), TensorShape([])))",
"shuffle_set": "(tf.int64, TensorShape([]))",
"namedtuple": "(tf.int64, TensorShape([]))",
"filter_map_batch": "(tf.int64, TensorShape([Dimension(None)]))",
"sparse_map": "(tf.int64, TensorShape([Dimension(2)]))",
"sparse_batch": "(tf.int64, TensorShape([Dimension(None), Dimension(4)]))",
"map_shape": "(tf.int64, TensorShape([Dimension(2), Dimension(2)]))",
"map_reduce": "(tf.float64, TensorShape([]))"
}""")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_elements_match_tf(name):
    assert _elements(_cases()[name]) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_structure_matches_tf(name):
    with tf.Graph().as_default():
        ds = _cases()[name]()
        assert str((ds.output_types, ds.output_shapes)) == SHAPES[name]
