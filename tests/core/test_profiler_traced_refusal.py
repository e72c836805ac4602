"""tf.profiler over a traced run: parameters and float ops work with a RunMetadata given, while
a time-and-memory view (ProfileOptionBuilder.time_and_memory(), min_micros / min_bytes), which
tfprof fills from the step statistics this profiler does not read, is refused by name instead
of coming back silently empty. TF's own numbers here: total_float_ops 1600 (TF 2.21)."""
import numpy as np
import pytest


def _traced(tf):
    x = tf.placeholder(tf.float32, [8, 10], name="x")
    w = tf.get_variable("w", [10, 10], initializer=tf.ones_initializer())
    y = tf.matmul(x, w)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    md = tf.RunMetadata()
    sess.run(y, {x: np.ones([8, 10], np.float32)},
             options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=md)
    sess.close()
    return md


def test_float_ops_with_run_meta(tf):
    md = _traced(tf)
    res = tf.profiler.profile(tf.get_default_graph(), run_meta=md, cmd="op",
                              options=tf.profiler.ProfileOptionBuilder.float_operation())
    assert res.total_float_ops == 1600


@pytest.mark.tfcompat_only
def test_time_and_memory_of_a_traced_run_is_refused(tf):
    md = _traced(tf)
    builder = tf.profiler.ProfileOptionBuilder
    opts = builder(builder.time_and_memory()).with_empty_output().build()
    with pytest.raises(tf.errors.UnimplementedError, match="min_bytes, min_micros"):
        tf.profiler.profile(tf.get_default_graph(), run_meta=md, cmd="scope", options=opts)
    profiler = tf.profiler.Profiler(tf.get_default_graph())
    profiler.add_step(1, md)
    with pytest.raises(tf.errors.UnimplementedError, match="step statistics"):
        profiler.profile_name_scope(opts)
    assert profiler.profile_name_scope(
        builder(builder.trainable_variables_parameter()).with_empty_output().build()
    ).total_parameters == 100
