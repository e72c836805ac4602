"""Ref vs resource variable semantics users met: reads ordered by control_dependencies around assigns, read_value vs value vs the variable itself, gradients w.r.t. variables (ref/resource, int variables, unconnected), sparse gradients from gather/embedding_lookup, use_resource inherited from variable_scope, tf.Variable in a while_loop error, variable dtype conversions in arithmetic."""
TAGS = ['variables', 'gradients']

def _err(e):
    lines = [ln for ln in str(e).split("\n") if ln.strip() and not ln.startswith(
        ("Graph execution", "Detected at", " ", "\t", "Traceback", "Node:", "Originally"))]
    return "%s: %s" % (type(e).__name__, (lines or [""])[0][:150])


def _b(fn):
    try:
        r = fn()
        if hasattr(r, "op"):
            return "%s %s %s" % (r.name, r.shape, r.dtype.name)
        if isinstance(r, (str, list, tuple, int, float, bool, type(None))):
            return repr(r)
        return type(r).__name__
    except Exception as e:  # noqa
        return "B:" + _err(e)


def _enter(cm):
    with cm as sc:
        return sc if isinstance(sc, str) else sc.name




def main(tf):
    out = {}
    sess = tf.Session()
    for res in (False, True):
        k = "r" if res else "v"
        with tf.variable_scope("S" + k, use_resource=res):
            v = tf.get_variable("v", initializer=tf.constant([1.0, 2.0, 3.0]))
            e = tf.get_variable("emb", initializer=tf.reshape(tf.range(12.0), [4, 3]))
            iv = tf.get_variable("iv", initializer=tf.constant([1, 2]))
            h = tf.get_variable("h", initializer=tf.constant([1.0, 2.0], tf.float16))
            d = tf.get_variable("d", initializer=tf.constant([1.0, 2.0], tf.float64))
        out[k + "_kind"] = "%s %s %s" % (v.op.type, v.dtype.name, type(v).__name__ in ("RefVariable", "VariableV1", "Variable"))
        sess.run(tf.variables_initializer([v, e, iv, h, d]))
        a = tf.assign_add(v, [10.0, 10.0, 10.0])
        with tf.control_dependencies([a]):
            after_read = v.read_value()
            after_id = tf.identity(v)
            after_val = v.value()
        out[k + "_after"] = sess.run([after_read, after_id])
        out[k + "_after_val"] = sess.run(after_val)
        out[k + "_names"] = [after_read.name, after_id.name, after_val.name, a.name]
        sess.run(v.initializer)
        loss = tf.reduce_sum(v * v) + tf.reduce_sum(tf.gather(e, [0, 2, 2]))
        g = tf.gradients(loss, [v, e, iv])
        out[k + "_grad_types"] = [type(x).__name__.replace("Symbolic", "") if x is not None else "None" for x in g]
        out[k + "_grad_v"] = sess.run(g[0])
        ge = g[1]
        out[k + "_grad_e"] = sess.run(tf.convert_to_tensor(ge))
        if hasattr(ge, "indices"):
            out[k + "_grad_e_idx"] = sess.run(ge.indices)
        out[k + "_grad_int"] = _b(lambda: tf.gradients(tf.reduce_sum(tf.cast(iv, tf.float32) * v[:2]), iv))
        out[k + "_grad_h"] = _b(lambda: sess.run(tf.gradients(tf.reduce_sum(h * h), h)))
        out[k + "_grad_d"] = _b(lambda: sess.run(tf.gradients(tf.reduce_sum(d * d), d)))
        out[k + "_lookup_grad"] = _b(lambda: sess.run(tf.convert_to_tensor(tf.gradients(tf.reduce_sum(tf.nn.embedding_lookup(e, [3, 3, 1])), e)[0])))
        out[k + "_grad_unconnected"] = tf.gradients(tf.reduce_sum(v), [e]) == [None]
        out[k + "_mix_f64"] = _b(lambda: v + d)
        out[k + "_mix_py"] = _b(lambda: sess.run(iv * 2))
        out[k + "_mix_float"] = _b(lambda: iv * 2.5)
        out[k + "_sparse_read"] = _b(lambda: sess.run(v.sparse_read([2, 0])) if hasattr(v, "sparse_read") else "none")
        out[k + "_gather_nd"] = _b(lambda: sess.run(tf.gather_nd(e, [[1, 2], [3, 0]])))
        out[k + "_shape_op"] = _b(lambda: sess.run(tf.shape(e)))
        out[k + "_slice"] = _b(lambda: sess.run(e[1:3, ::2]))
        out[k + "_slice_assign"] = _b(lambda: (sess.run(e[1:2, 0:2].assign([[100., 200.]])), sess.run(e))[1])
        out[k + "_slice_assign_bad"] = _b(lambda: e[1:2].assign([1., 2.]))
        out[k + "_to_proto"] = _b(lambda: v.to_proto().variable_name + "|" + v.to_proto().initializer_name + "|" + v.to_proto().snapshot_name)
        x = tf.placeholder(tf.float32, [None, 3])
        y = tf.matmul(x, tf.reshape(v, [3, 1]))
        opt = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(y), var_list=[v])
        sess.run(v.initializer)
        sess.run(opt, {x: [[1., 2., 3.], [1., 1., 1.]]})
        out[k + "_after_sgd"] = sess.run(v)
        def body(i):
            return [i + tf.reduce_sum(v)]
        out[k + "_while_read"] = _b(lambda: sess.run(tf.while_loop(lambda i: i < 100., body, [tf.constant(0.)])))
        def body2(i):
            with tf.control_dependencies([tf.assign_add(v, [1., 1., 1.])]):
                return [i + 1]
        sess.run(v.initializer)
        out[k + "_while_assign"] = _b(lambda: (sess.run(tf.while_loop(lambda i: i < 3, body2, [tf.constant(0)])), sess.run(v))[1])
        out[k + "_cond_assign"] = _b(lambda: sess.run(tf.cond(tf.constant(True), lambda: tf.assign(v, [0., 0., 0.]), lambda: tf.identity(v))))
    out["scope_inherit"] = _b(lambda: _scope_resource(tf))
    return out


def _scope_resource(tf):
    with tf.variable_scope("U", use_resource=True):
        with tf.variable_scope("V"):
            a = tf.get_variable("a", [1])
        with tf.variable_scope("W", use_resource=False):
            b = tf.get_variable("b", [1])
        c = tf.Variable(1.0, name="c")
        dd = tf.get_variable("dd", [1], use_resource=False)
    return [x.op.type for x in (a, b, c, dd)]
