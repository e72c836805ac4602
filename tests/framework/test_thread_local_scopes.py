"""Name scopes and variable scopes are per thread in TF 1.x (Graph._thread_local's name stack,
variable_scope's thread-local _VariableScopeStore): a thread building ops in a graph starts at
the root scope whatever scope another thread has open, while op names stay unique graph-wide.
Device and control-dependency stacks are shared (until Graph.switch_to_thread_local).
Expected values printed by TF 2.21's tf.compat.v1."""
import threading


def _in_thread(fn):
    out = {}
    thread = threading.Thread(target=lambda: out.update(fn()))
    thread.start()
    thread.join()
    return out


def test_a_thread_starts_at_the_root_name_scope(tf):
    g = tf.Graph()
    with g.as_default(), tf.name_scope("outer"):
        def build():
            with g.as_default():
                first = tf.constant(1, name="c").name
                with tf.name_scope("t"):
                    inner = tf.constant(1, name="c").name
                return {"first": first, "inner": inner, "scope": g.get_name_scope()}
        seen = _in_thread(build)
        main = tf.constant(1, name="c").name
        assert g.get_name_scope() == "outer"
    assert seen == {"first": "c:0", "inner": "t/c:0", "scope": ""}
    assert main == "outer/c:0"


def test_a_thread_starts_at_the_root_variable_scope(tf):
    g = tf.Graph()
    with g.as_default(), tf.variable_scope("vs"):
        def build():
            with g.as_default():
                w = tf.get_variable("w", [1])
                with tf.variable_scope("vs"):      # this thread never opened "vs"
                    v = tf.get_variable("v", [1])
                    scope = tf.get_variable_scope().name
                    op_name = tf.identity(v, name="i").name
                return {"w": w.name, "v": v.name, "scope": scope, "op": op_name,
                        "root": tf.get_variable_scope().name}
        seen = _in_thread(build)
        assert tf.get_variable_scope().name == "vs"
        u = tf.get_variable("u", [1])
    assert seen == {"w": "w:0", "v": "vs/v:0", "scope": "vs", "op": "vs_1/i:0", "root": ""}
    assert u.name == "vs/u:0"


def test_device_and_control_dependencies_stay_shared(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.control_dependencies([tf.no_op(name="n")]), g.device("/cpu:0"):
            def build():
                with g.as_default():
                    c = tf.constant(2, name="d")
                    return {"deps": [op.name for op in c.op.control_inputs],
                            "device": c.device}
            seen = _in_thread(build)
    assert seen == {"deps": ["n"], "device": "/device:CPU:0"}


def test_a_thread_without_as_default_builds_in_the_global_graph(tf):
    g = tf.Graph()
    with g.as_default():
        seen = _in_thread(lambda: {"is_g": tf.get_default_graph() is g})
    assert seen == {"is_g": False}
