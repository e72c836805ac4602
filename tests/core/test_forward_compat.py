"""tf.compat.forward_compatible / forward_compatibility_horizon (TF's compat.py; the horizon is
TF 2.21's, whose op set tfcompat's graphs use)."""
import os

import pytest


@pytest.mark.skipif(bool(os.environ.get("TF_FORWARD_COMPATIBILITY_DELTA_DAYS")),
                    reason="the horizon is moved by the environment")
def test_forward_compatible_and_the_horizon_context(tf):
    assert tf.compat.forward_compatible(2019, 10, 1)
    assert tf.compat.forward_compatible(2026, 1, 15)
    assert not tf.compat.forward_compatible(2026, 1, 16)
    with tf.compat.forward_compatibility_horizon(2030, 1, 1):
        assert tf.compat.forward_compatible(2029, 12, 31)
    assert not tf.compat.forward_compatible(2029, 12, 31)
    with tf.compat.forward_compatibility_horizon(2001, 1, 1):   # the past: ignored
        assert tf.compat.forward_compatible(2025, 1, 1)
