"""tf.make_template: unique names, variable sharing across calls, create_scope_now_, nested templates, unique_name_, custom_getter_, errors when a template creates variables on its second call; tf.get_local_variable."""
TAGS = ['variables', 'template']

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
    tf.set_random_seed(11)

    def lin(x, n=2):
        w = tf.get_variable("w", [int(x.shape[-1]), n], initializer=tf.ones_initializer())
        b = tf.get_variable("b", [n], initializer=tf.zeros_initializer())
        return tf.matmul(x, w) + b
    t1 = tf.make_template("lin", lin)
    x = tf.ones([1, 3])
    y1 = t1(x)
    y2 = t1(x)
    out["t1_names"] = "%s %s %s|%s" % (y1.name, y2.name, t1.variable_scope.name, " ".join(v.name for v in t1.variables))
    t2 = tf.make_template("lin", lin)
    out["t2_scope_before_call"] = _b(lambda: t2.variable_scope_name)
    y3 = t2(x)
    out["t2_names"] = y3.name + "|" + t2.variable_scope.name + "|" + " ".join(v.name for v in t2.trainable_variables)
    t3 = tf.make_template("lin", lin, create_scope_now_=True)
    out["t3_scope_now"] = t3.variable_scope.name
    with tf.name_scope("elsewhere"):
        y4 = t3(x)
    out["t3_names"] = y4.name + "|" + " ".join(v.name for v in t3.variables)
    with tf.variable_scope("outer"):
        t4 = tf.make_template("lin", lin)
        y5 = t4(x)
    y6 = t4(x)
    out["t4_names"] = y5.name + "|" + y6.name + "|" + " ".join(v.name for v in t4.variables)
    t5 = tf.make_template("lin", lin, unique_name_="fixed")
    out["t5_unique"] = t5(x).name + "|" + t5.variable_scope.name
    t5b = tf.make_template("lin", lin, unique_name_="fixed")
    out["t5b_reuse"] = _b(lambda: t5b(x).name)

    def bad_fn(x):
        return x * tf.get_variable("v%d" % len(tf.global_variables()), [1])
    t6 = tf.make_template("bad", bad_fn)
    t6(x)
    out["t6_second_call"] = _b(lambda: t6(x))

    def noisy(x):
        return x + tf.Variable(1.0, name="tfvar")
    t7 = tf.make_template("noisy", noisy)
    t7(x)
    out["t7_tfVariable_twice"] = _b(lambda: t7(x))
    out["t7_vars"] = " ".join(v.name for v in tf.global_variables() if "noisy" in v.name)
    out["kw_template"] = _b(lambda: tf.make_template("kw", lin, n=4)(x).shape.as_list())
    out["bad_name"] = _b(lambda: tf.make_template(None, lin))
    out["bad_fn"] = _b(lambda: tf.make_template("z", 3))

    def outer_fn(x):
        inner = tf.make_template("inner", lin)
        return inner(inner(x, n=3), n=3)
    t8 = tf.make_template("nest", outer_fn)
    out["nested"] = _b(lambda: t8(x).name + "|" + " ".join(v.name for v in tf.global_variables() if v.name.startswith("nest")))

    def getter(getter, name, *a, **kw):
        kw["trainable"] = False
        return getter(name, *a, **kw)
    t9 = tf.make_template("cg", lin, custom_getter_=getter)
    t9(x)
    out["t9_trainable"] = " ".join(v.name for v in t9.trainable_variables) + "|" + " ".join(v.name for v in t9.non_trainable_variables)
    lv = tf.get_local_variable("loc", [2], initializer=tf.zeros_initializer())
    out["local"] = lv.name + "|" + str([v.name for v in tf.local_variables()]) + "|" + str(lv in tf.global_variables())
    with tf.variable_scope("ls"):
        lv2 = tf.get_local_variable("loc", [1], dtype=tf.int64, initializer=tf.ones_initializer())
    out["local2"] = lv2.name + " " + lv2.dtype.name
    out["local_trainable"] = _b(lambda: tf.get_local_variable("loc3", [1], trainable=True).name + str([v.name for v in tf.trainable_variables() if "loc3" in v.name]))
    out["local_collections"] = _b(lambda: tf.get_local_variable("loc4", [1], collections=["mine"]).name + str(len(tf.get_collection("mine"))) + str(len(tf.local_variables())))
    sess = tf.Session()
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    out["vals"] = sess.run([y1, y3, y4, y5, y6])
    out["loc_vals"] = sess.run([lv, lv2])
    out["grad_shared"] = sess.run(tf.gradients(y1 + y2, t1.variables))
    return out
