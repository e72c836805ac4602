"""`tf.data.Options` and its parts: TF's property names, defaults, type checks, errors and
`merge`. Recorded from TF 2.21 compat.v1 (the TF 1.15 options code sets these the same way).
"""
from __future__ import annotations

import pytest


def test_options_defaults_and_nested_parts(tf):
    o = tf.data.Options()
    assert o.experimental_deterministic is None
    assert type(o.experimental_optimization).__name__ == "OptimizationOptions"
    assert type(o.experimental_threading).__name__ == "ThreadingOptions"
    assert type(o.experimental_distribute).__name__ == "DistributeOptions"
    assert o.experimental_optimization.map_parallelization is None
    assert o.experimental_optimization.apply_default_optimizations is None
    assert o.experimental_distribute.auto_shard_policy == 0
    assert o.experimental_threading.private_threadpool_size is None
    assert tf.data.Options() == tf.data.Options()


def test_options_type_checks(tf):
    o = tf.data.Options()
    with pytest.raises(AttributeError, match="Cannot set the property foo on Options."):
        o.foo = 1
    with pytest.raises(TypeError) as e:
        o.experimental_optimization.map_parallelization = 3
    assert str(e.value) == ("Property \"map_parallelization\" must be of type <class 'bool'>, "
                            "got: 3 (type: <class 'int'>)")
    o.experimental_optimization.map_parallelization = True
    assert o != tf.data.Options()


def test_options_merge(tf):
    a, b = tf.data.Options(), tf.data.Options()
    a.experimental_optimization.map_parallelization = True
    a.experimental_deterministic = True
    b.experimental_threading.private_threadpool_size = 4
    b.experimental_deterministic = False
    m = a.merge(b)
    assert m.experimental_optimization.map_parallelization is True
    assert m.experimental_threading.private_threadpool_size == 4
    assert m.experimental_deterministic is False
    assert a.experimental_threading.private_threadpool_size is None


def test_shard_and_state_policies(tf):
    E = tf.data.experimental
    assert [(p.name, int(p.value)) for p in E.AutoShardPolicy] == [
        ("OFF", -1), ("AUTO", 0), ("FILE", 1), ("DATA", 2), ("HINT", 3)]
    assert E.AutoShardPolicy.DATA == 2
    assert [(p.name, p.value) for p in E.ExternalStatePolicy] == [
        ("WARN", 0), ("IGNORE", 1), ("FAIL", 2)]
    o = tf.data.Options()
    o.experimental_distribute.auto_shard_policy = E.AutoShardPolicy.OFF
    assert o.experimental_distribute.auto_shard_policy == E.AutoShardPolicy.OFF


def test_options_drive_deterministic_parallel_map(tf):
    o = tf.data.Options()
    o.experimental_deterministic = True
    ds = tf.data.Dataset.range(6).map(lambda x: x * 2, num_parallel_calls=3).with_options(o)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    with tf.Session() as sess:
        assert [int(sess.run(nxt)) for _ in range(6)] == [0, 2, 4, 6, 8, 10]


def test_options_merge_along_the_pipeline(tf):
    # recorded from TF 2.21 compat.v1 (graph mode; TF warns that the value is the legacy one)
    ds = tf.data.Dataset.range(3)
    assert ds.options().experimental_deterministic is None
    first = tf.data.Options()
    first.experimental_deterministic = False
    mapped = ds.with_options(first).map(lambda x: x)
    assert mapped.options().experimental_deterministic is False
    second = tf.data.Options()
    second.experimental_optimization.map_parallelization = True
    both = mapped.with_options(second)
    assert both.options().experimental_deterministic is False
    assert both.options().experimental_optimization.map_parallelization is True
    zipped = tf.data.Dataset.zip((both, tf.data.Dataset.range(2).with_options(first)))
    assert zipped.options() == both.options()
