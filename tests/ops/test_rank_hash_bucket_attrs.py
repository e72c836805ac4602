"""Hash-bucket ops check their attrs where TF does: `num_buckets` below its OpDef minimum (1) is
a build-time ValueError (op_def_library's int-attr minimum, for every op), a SipHash key without
two elements is the kernel's run-time InvalidArgumentError. Texts printed by TF 2.21 compat.v1."""
import pytest


@pytest.mark.parametrize("op_type,make", [
    ("StringToHashBucketFast", lambda tf, s, n: tf.string_to_hash_bucket_fast(s, n)),
    ("StringToHashBucket", lambda tf, s, n: tf.strings.to_hash_bucket(s, n)),
    ("StringToHashBucketStrong",
     lambda tf, s, n: tf.strings.to_hash_bucket_strong(s, n, key=[1, 2])),
])
def test_num_buckets_below_minimum(tf, op_type, make):
    with pytest.raises(ValueError) as info:
        make(tf, tf.constant(["a"]), 0)
    assert str(info.value) == ("Attr 'num_buckets' of '%s' Op passed 0 less than minimum 1."
                               % op_type)


def test_int_attr_minimum_is_checked_for_other_ops(tf):
    with pytest.raises(ValueError) as info:
        tf.raw_ops.DynamicPartition(data=tf.constant([1., 2.]), partitions=tf.constant([0, 0]),
                                    num_partitions=0)
    assert str(info.value) == ("Attr 'num_partitions' of 'DynamicPartition' Op passed 0 less "
                               "than minimum 1.")


def test_strong_hash_key_length_is_a_run_time_error(tf):
    h = tf.strings.to_hash_bucket_strong(tf.constant(["a"]), 10, key=[1])
    assert h.op.get_attr("key") == [1]
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Key must have 2 elements"):
            sess.run(h)
