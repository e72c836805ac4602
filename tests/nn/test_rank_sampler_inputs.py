"""Candidate samplers and compute_accidental_hits take their int64 inputs the way TF's
op_def_library does: a Python list becomes a Const inside the op's name scope, and a Tensor of
another dtype is a TypeError naming the input (not a conversion ValueError). Expected texts were
printed by TF 2.21 compat.v1."""
import pytest


def _type_error(fn):
    with pytest.raises(TypeError) as info:
        fn()
    return str(info.value)


def test_python_list_true_classes_converted_in_op_scope(tf):
    s = tf.nn.log_uniform_candidate_sampler([[1], [2]], 1, 3, True, 10)
    assert s[0].op.inputs[0].name == "LogUniformCandidateSampler/true_classes:0"
    h = tf.nn.compute_accidental_hits([[1], [2]], [1, 2, 3], 1)
    assert [t.name for t in h[0].op.inputs] == ["ComputeAccidentalHits/true_classes:0",
                                                "ComputeAccidentalHits/sampled_candidates:0"]


@pytest.mark.parametrize("op_type,make", [
    ("LogUniformCandidateSampler",
     lambda tf, c: tf.nn.log_uniform_candidate_sampler(c, 1, 3, True, 10)),
    ("UniformCandidateSampler", lambda tf, c: tf.nn.uniform_candidate_sampler(c, 1, 3, True, 10)),
    ("LearnedUnigramCandidateSampler",
     lambda tf, c: tf.nn.learned_unigram_candidate_sampler(c, 1, 3, True, 10)),
    ("FixedUnigramCandidateSampler",
     lambda tf, c: tf.nn.fixed_unigram_candidate_sampler(c, 1, 3, True, 10, unigrams=[1.] * 10)),
    ("AllCandidateSampler", lambda tf, c: tf.nn.all_candidate_sampler(c, 1, 3, True)),
])
def test_int32_true_classes_is_a_type_error(tf, op_type, make):
    msg = _type_error(lambda: make(tf, tf.constant([[1]])))
    assert msg == ("Input 'true_classes' of '%s' Op has type int32 that does not match "
                   "expected type of int64." % op_type)


def test_accidental_hits_checks_both_inputs(tf):
    i64 = tf.constant([1, 2], tf.int64)
    msg = _type_error(lambda: tf.nn.compute_accidental_hits(tf.constant([[1]]), i64, 1))
    assert msg.startswith("Input 'true_classes' of 'ComputeAccidentalHits' Op has type int32")
    msg = _type_error(lambda: tf.nn.compute_accidental_hits(
        tf.constant([[1]], tf.int64), tf.constant([1, 2]), 1))
    assert msg.startswith("Input 'sampled_candidates' of 'ComputeAccidentalHits' Op has type int32")


def test_float_list_true_classes_message(tf):
    msg = _type_error(lambda: tf.nn.log_uniform_candidate_sampler([[1.5]], 1, 3, True, 10))
    assert msg == ("Expected int64 passed to parameter 'true_classes' of op "
                   "'LogUniformCandidateSampler', got [[1.5]] of type 'list' instead. Error: "
                   "Expected int64, but got 1.5 of type 'float'.")
