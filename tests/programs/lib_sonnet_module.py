"""Sonnet-1 style AbstractModule: tf.make_template with custom_getter, variable sharing across
calls, get_variables by scope, original_name_scope, auxiliary_name_scope=False, default_name."""
import numpy as np

TAGS = ['variables', 'templates']


class Linear(object):
    def __init__(self, tf, output_size, name="linear", custom_getter=None):
        self._tf = tf
        self._output_size = output_size
        with tf.variable_scope(None, default_name=name) as vs:
            self._unique_name = vs.name
            self._scope_name = vs.original_name_scope
        self._template = tf.make_template(name, self._build, create_scope_now_=True,
                                          custom_getter_=custom_getter)
        self._calls = 0

    def _build(self, x):
        tf = self._tf
        in_size = x.get_shape()[-1].value
        w = tf.get_variable("w", [in_size, self._output_size],
                            initializer=tf.truncated_normal_initializer(stddev=0.3, seed=3))
        b = tf.get_variable("b", [self._output_size], initializer=tf.zeros_initializer())
        self.w, self.b = w, b
        return tf.nn.xw_plus_b(x, w, b, name="xw_plus_b")

    def __call__(self, x):
        self._calls += 1
        return self._template(x)

    def get_variables(self, collection=None):
        tf = self._tf
        collection = collection or tf.GraphKeys.TRAINABLE_VARIABLES
        return tf.get_collection(collection, scope=self._template.variable_scope.name + "/")


def main(tf):
    out = {}
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    lin = Linear(tf, 4)
    y1 = lin(x)
    y2 = lin(x * 2.0)
    out["y_names"] = [y1.name, y2.name]
    out["var_names"] = [v.name for v in lin.get_variables()]
    out["tmpl_scope"] = lin._template.variable_scope.name
    out["tmpl_var_scope_orig"] = lin._template.variable_scope.original_name_scope
    out["unique_name"] = lin._unique_name
    out["scope_name"] = lin._scope_name
    lin2 = Linear(tf, 2)
    z = lin2(y1)
    out["lin2_vars"] = [v.name for v in lin2.get_variables()]
    out["z_name"] = z.name

    calls = []

    def stop_grad_getter(getter, name, *args, **kwargs):
        calls.append(name)
        return tf.stop_gradient(getter(name, *args, **kwargs))
    frozen = Linear(tf, 2, name="frozen", custom_getter=stop_grad_getter)
    f = frozen(x)
    f2 = frozen(x)
    out["getter_calls"] = calls
    out["frozen_vars"] = [v.name for v in frozen.get_variables()]
    g = tf.gradients(tf.reduce_sum(f), frozen.get_variables())
    out["frozen_grads_none"] = [gg is None for gg in g]

    # auxiliary_name_scope=False and re-entering the original name scope
    with tf.variable_scope("block") as vs:
        pass
    with tf.variable_scope(vs, auxiliary_name_scope=False) as vs2:
        with tf.name_scope(vs2.original_name_scope):
            c = tf.constant(1.0, name="c")
        v = tf.get_variable("v", [1])
    out["aux_names"] = [c.name, v.name, vs2.original_name_scope]
    with tf.variable_scope("block", reuse=True):
        v_again = tf.get_variable("v")
        d = tf.constant(2.0, name="d")
    out["reuse_same"] = v_again is v
    out["d_name"] = d.name
    with tf.variable_scope("net"):
        a = tf.get_variable("a", [2])
        tf.get_variable_scope().reuse_variables()
        a2 = tf.get_variable("a", [2])
        try:
            tf.get_variable("new", [2])
        except ValueError as e:
            out["reuse_err"] = str(e).split("\n")[0]
    out["reuse_vars"] = a is a2
    out["all_vars"] = sorted(v.name for v in tf.global_variables())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        xv = np.random.RandomState(0).randn(2, 3).astype(np.float32)
        r = sess.run([y1, y2, z, f, f2], {x: xv})
        out["vals"] = r
    return out
