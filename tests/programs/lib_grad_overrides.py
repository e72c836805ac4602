"""t2t / DANN / binary-net gradient plumbing: convert_gradient_to_tensor and clip-gradient
identities via tf.custom_gradient, RegisterGradient + gradient_override_map onto built-in op
types, duplicate registration error, tf.gradients options (grad_ys,
stop_gradients, unconnected_gradients, aggregation_method) and tf.hessians."""
TAGS = ['gradients']

TOLERANCE = {"*": (1e-4, 1e-5)}
_N = [0]


def main(tf):
    out = {}
    _N[0] += 1
    tag = "S3Lib%d_%d" % (_N[0], id(tf) % 100000)
    g = tf.get_default_graph()

    @tf.custom_gradient
    def convert_gradient_to_tensor(x):
        return tf.identity(x), lambda dy: tf.convert_to_tensor(dy) * 1.0

    @tf.custom_gradient
    def clip_gradient(x):
        def grad(dy):
            return tf.clip_by_value(dy, -0.5, 0.5)
        return tf.identity(x), grad

    @tf.RegisterGradient("ClipNorm" + tag)
    def _clip_norm(op, grad):
        return tf.clip_by_norm(grad, 1.0)
    try:
        tf.RegisterGradient("ClipNorm" + tag)(lambda op, grad: grad)
    except KeyError as e:
        out["dup_err"] = str(e).replace(tag, "TAG").split("!")[0]

    x = tf.constant([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]])
    w = tf.get_variable("w", initializer=tf.constant([[0.2], [-0.4], [0.6]]))
    h = tf.matmul(convert_gradient_to_tensor(x) * 3.0, w)
    with g.gradient_override_map({"Identity": "ClipNorm" + tag}):
        hc = tf.identity(h * 5.0, name="clipped")
    with g.gradient_override_map({"Relu": "Relu6", "Tanh": "Sigmoid"}):
        r = tf.nn.relu(hc * 2.0)
    loss = tf.reduce_sum(r * r) + tf.reduce_sum(clip_gradient(x * 4.0) ** 2)
    out["override_types"] = [hc.op.type, r.op.type]
    out["override_attr"] = [str(hc.op.get_attr("_gradient_op_type")).replace(tag, "TAG")] \
        if hasattr(hc.op, "get_attr") else []
    gx, gw = tf.gradients(loss, [x, w])
    a = tf.constant([1.0, 2.0])
    b = a * 2.0
    c = b * a + tf.square(b)
    g_stop = tf.gradients(c, a, stop_gradients=[b])
    g_ys = tf.gradients(c, a, grad_ys=tf.constant([0.5, -1.0]))
    unconnected = tf.gradients(tf.reduce_sum(a), [a, x], unconnected_gradients="zero")
    none_grad = tf.gradients(tf.reduce_sum(a), [a, x])
    agg = tf.gradients(a * a + a * 3.0 + tf.exp(a), a,
                       aggregation_method=tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N)
    hess = tf.hessians(tf.reduce_sum(a ** 3) + a[0] * a[1], a)
    out["none_grad"] = [t is None for t in none_grad]
    lab = tf.constant([1, 0])
    p = tf.nn.softmax(tf.constant([[1.0, 2.0], [0.1, 0.2]]))
    try:
        am = tf.gradients(tf.cast(tf.argmax(p, 1), tf.float32), p)
        out["argmax_grad"] = [t is None for t in am]
    except LookupError as e:
        out["argmax_grad"] = type(e).__name__
    try:
        tf.gradients(tf.cast(tf.equal(lab, 1), tf.float32), lab)
    except Exception as e:
        out["int_grad_err"] = type(e).__name__
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["gx"], out["gw"] = sess.run([gx, gw])
        out["g_stop"], out["g_ys"] = sess.run([g_stop, g_ys])
        out["unconnected"] = sess.run(unconnected)
        out["agg"], out["hess"] = sess.run([agg, hess])
    return out
