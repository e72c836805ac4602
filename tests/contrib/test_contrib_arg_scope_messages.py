"""tf.contrib.framework.arg_scope error texts exactly as TF 1.15's arg_scope.py produces them
(contrib/framework/python/ops/arg_scope.py; TF 2.21 has no contrib): a ValueError given the
name as a second argument, and two message pieces joined without a space."""
import pytest


@pytest.mark.tfcompat_only
def test_arg_scope_messages(tf):
    fw = tf.contrib.framework

    def plain(a, b=1):
        return a + b
    with pytest.raises(ValueError) as info:
        with fw.arg_scope([plain], b=2):
            pass
    assert info.value.args == ("%s is not decorated with @add_arg_scope",
                               (__name__, "plain"))

    @fw.add_arg_scope
    def decorated(a, b=1):
        return a + b
    with fw.arg_scope([decorated], b=2) as scope:
        assert decorated(1) == 3
    with pytest.raises(ValueError, match="^When attempting to re-use a scope by suppling "
                                         "adictionary, kwargs must be empty.$"):
        with fw.arg_scope(scope, b=1):
            pass
    with pytest.raises(TypeError, match=r"^list_ops_or_scope must either be a list/tuple or "
                                        r"reusedscope \(i.e. dict\)$"):
        with fw.arg_scope(decorated, b=1):
            pass
    with pytest.raises(AssertionError):
        fw.arg_scoped_arguments(plain)
    assert fw.current_arg_scope() == {}
