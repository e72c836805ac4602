"""Programs for the framework helpers of the top-level namespace (py_function, timestamp,
guarantee_const, grad_pass_through, make_template, GradientTape, containers, type specs) and
the queue / io / data / saved_model / train names of issue 12 (api_framework_misc)."""
import numpy as np

from harness import Program


def _helpers(tf):
    x = tf.constant([1.0, -2.0, 3.0])
    doubled = tf.py_function(lambda a: a * 2, [x], tf.float32)
    pair = tf.py_function(lambda a: (a.numpy() + 1, a.numpy().sum()), [x], [tf.float32, tf.float32],
                          name="pair")
    strings = tf.py_function(lambda s: s.numpy() + b"!", [tf.constant("hi")], tf.string)
    passed = tf.grad_pass_through(tf.square)(x)
    const = tf.guarantee_const(x * 2.0)
    stamp = tf.timestamp()
    with tf.container("h8_container"):
        v = tf.Variable(1.0, name="contained")
    with tf.op_scope([x], "outer", "default") as scope:
        scoped = tf.identity(x, name="inner")
    with tf.op_scope([x], None, "default") as default_scope:
        pass
    out = {"doubled": doubled, "pair0": pair[0], "pair1": pair[1], "strings": strings,
           "passed": passed, "passed_grad": tf.gradients(passed * x, x)[0], "const": const,
           "stamp_positive": stamp > 1.5e9, "stamp_dtype": tf.constant(stamp.dtype.name),
           "container": tf.constant(v.op.get_attr("container")),
           "scope": tf.constant(scope), "default_scope": tf.constant(default_scope),
           "scoped_name": tf.constant(scoped.op.name),
           "is_tensor": tf.constant([tf.is_tensor(x), tf.is_tensor(1.0),
                                     tf.is_tensor(tf.SparseTensor([[0]], [1.0], [2])),
                                     tf.is_symbolic_tensor(x)]),
           "no_gradient_alias": tf.constant(tf.NoGradient is tf.NotDifferentiable),
           "op_error_code": tf.constant(tf.OpError(None, None, "m", 3).error_code),
           "op_error_alias": tf.constant(tf.OpError is tf.errors.OpError)}
    return out, {}


def _guarantee_const_no_gradient(tf):
    x = tf.constant([1.0, 2.0])
    try:
        tf.gradients(tf.guarantee_const(x) * 2.0, x)
        raised = "none"
    except LookupError as e:
        raised = str(e)[:60]
    return {"raised": tf.constant(raised)}, {}


def _template(tf):
    def scale(x, scalar_name):
        w = tf.get_variable(scalar_name, shape=[], initializer=tf.constant_initializer(3.0))
        return x * w

    x = tf.constant([1.0, 2.0])
    scale_by_y = tf.make_template("scale_by_y", scale, scalar_name="y")
    first, second = scale_by_y(x), scale_by_y(x + 1.0)
    other = tf.make_template("scale_by_y", scale, scalar_name="y")(x)
    now = tf.make_template("made_now", scale, create_scope_now_=True, scalar_name="z")
    third = now(x)
    names = [v.name for v in tf.global_variables()]
    out = {"first": first, "second": second, "other": other, "third": third,
           "op_names": tf.constant([first.op.name, second.op.name, other.op.name,
                                    third.op.name]),
           "var_names": tf.constant(names),
           "template_vars": tf.constant([v.name for v in scale_by_y.variables]),
           "trainable": tf.constant([v.name for v in scale_by_y.trainable_variables]),
           "scope_name": tf.constant(scale_by_y.variable_scope.name),
           "template_name": tf.constant(scale_by_y.name),
           "grad": tf.gradients(first + second, x)[0]}
    return out, {}, [tf.global_variables_initializer()]


def _template_new_variable_error(tf):
    def bad(x):
        return x * tf.Variable(2.0)

    t = tf.make_template("bad", bad)
    x = tf.constant(1.0)
    t(x)
    try:
        t(x)
        raised = "none"
    except ValueError as e:
        raised = str(e)[:80]
    return {"raised": tf.constant(raised)}, {}


def _tape(tf):
    x = tf.constant(3.0)
    c = tf.constant(2.0)
    with tf.GradientTape() as unwatched:
        y = x * x * c
    none_grads = unwatched.gradient(y, [x, c])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x * c
        z = tf.sin(y) * 2.0
    before = x * 5.0
    with tf.GradientTape() as partial:
        partial.watch(x)
        after = before * 2.0 + x * x
    with tf.GradientTape(persistent=True) as jac_tape:
        jac_tape.watch(x)
        stacked = tf.stack([x * x, x * 3.0, tf.exp(x)])
    with tf.GradientTape() as zero_tape:
        zero_tape.watch(c)
        w = x * 4.0
    zero = zero_tape.gradient(w, c, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    gy = tape.gradient(y, [x, c])
    out = {"none": tf.constant([g is None for g in none_grads]),
           "dy_dx": gy[0], "dy_dc_none": tf.constant(gy[1] is None),
           "dz_dx": tape.gradient(z, x),
           "dz_dx_weighted": tape.gradient(z, x, output_gradients=tf.constant(0.5)),
           "partial": partial.gradient(after, x),
           "jacobian": jac_tape.jacobian(stacked, x), "zero": zero}
    try:
        partial.gradient(after, x)
        out["second_call"] = tf.constant("none")
    except RuntimeError as e:
        out["second_call"] = tf.constant(str(e))
    return out, {}


def _tape_stop_recording(tf):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        a = x * x
        with tape.stop_recording():
            b = x * 10.0
        y = tf.reduce_sum(a + b)
    return {"grad": tape.gradient(y, x)}, {}


def _type_specs(tf):
    x = tf.constant([1.0, 2.0], name="x")
    spec = tf.TensorSpec([None, 3], tf.float32, name="n")
    sparse = tf.SparseTensor([[0, 0]], [1.0], [2, 2])
    texts = [repr(spec), str(spec.shape), spec.dtype.name, spec.name,
             repr(tf.TensorSpec.from_tensor(x)), repr(tf.TensorSpec.from_tensor(x, name="q")),
             repr(tf.type_spec_from_value(x)), repr(tf.type_spec_from_value(sparse)),
             repr(tf.TensorSpec.from_spec(spec)), repr(tf.TensorSpec([])),
             repr(tf.SparseTensorSpec([2, 2], tf.float32)),
             repr(tf.SparseTensorSpec.from_value(sparse)),
             repr(tf.IndexedSlicesSpec()),
             repr(tf.IndexedSlicesSpec([2, 3], tf.float32, tf.int64, tf.int32, [3])),
             repr(tf.TensorArraySpec([2], tf.float32)),
             repr(tf.TensorArraySpec([2], tf.float32, dynamic_size=True, infer_shape=False)),
             repr(tf.NoneTensorSpec()),
             repr(tf.data.DatasetSpec(tf.TensorSpec([], tf.int64))),
             repr(tf.data.DatasetSpec(tf.TensorSpec([], tf.int64), [5])),
             repr(tf.TensorSpec([None], tf.float32, "a").most_specific_common_supertype(
                 [tf.TensorSpec([2], tf.float32, "a")]))]
    flags = [spec.is_compatible_with(tf.constant([[1.0, 2.0, 3.0]])),
             spec.is_compatible_with(tf.TensorSpec([2, 3])),
             spec.is_compatible_with(tf.TensorSpec([2, 4])),
             spec.is_compatible_with(tf.TensorSpec([2, 3], tf.int32)),
             spec == tf.TensorSpec([None, 3]), spec == tf.TensorSpec([None, 3], name="n"),
             tf.TensorSpec([2]) != tf.TensorSpec([None]),
             isinstance(spec, tf.TypeSpec), isinstance(tf.SparseTensorSpec(), tf.TypeSpec),
             tf.SparseTensorSpec([2]).value_type.__name__ == "SparseTensor",
             tf.NoneTensorSpec().value_type is not None,
             spec.most_specific_common_supertype([tf.TensorSpec([2, 3])]) is None]
    return {"texts": tf.constant(texts), "flags": tf.constant(flags)}, {}


def _queues_and_names(tf):
    fifo = tf.queue.FIFOQueue(3, [tf.float32], shapes=[[]])
    padding = tf.queue.PaddingFIFOQueue(3, [tf.int32], shapes=[[None]])
    shuffle = tf.queue.RandomShuffleQueue(3, 0, [tf.int32], shapes=[[]], seed=1)
    steps = [fifo.enqueue_many([[1.0, 2.0]]), padding.enqueue([[1, 2]]),
             padding.enqueue([[3]]), shuffle.enqueue([7])]
    identities = [tf.queue.FIFOQueue is tf.FIFOQueue,
                  tf.queue.PaddingFIFOQueue is tf.io.PaddingFIFOQueue,
                  tf.queue.RandomShuffleQueue is tf.io.RandomShuffleQueue,
                  tf.queue.QueueBase is tf.io.QueueBase,
                  isinstance(fifo, tf.queue.QueueBase),
                  tf.io.match_filenames_once is tf.train.match_filenames_once,
                  tf.io.write_graph is tf.train.write_graph,
                  tf.io.TFRecordCompressionType is tf.python_io.TFRecordCompressionType]
    out = {"fifo": fifo.dequeue(), "padding": padding.dequeue_many(2),
           "shuffle": shuffle.dequeue(), "identities": tf.constant(identities),
           "compression": tf.constant([tf.io.TFRecordCompressionType.NONE,
                                       tf.io.TFRecordCompressionType.ZLIB,
                                       tf.io.TFRecordCompressionType.GZIP]),
           "schemes": tf.constant("file" in tf.io.gfile.get_registered_schemes()),
           "cardinality": tf.constant([tf.data.INFINITE_CARDINALITY,
                                       tf.data.UNKNOWN_CARDINALITY]),
           "threading": tf.constant([tf.data.ThreadingOptions().private_threadpool_size is None,
                                     tf.data.ThreadingOptions().max_intra_op_parallelism
                                     is None]),
           "saved_model": tf.constant([tf.saved_model.DEBUG_DIRECTORY,
                                       tf.saved_model.DEBUG_INFO_FILENAME_PB,
                                       tf.saved_model.constants.DEBUG_DIRECTORY,
                                       tf.saved_model.constants.DEBUG_INFO_FILENAME_PB])}
    return out, {}, steps


def _match_filenames(tf):
    import os
    import tempfile
    root = tempfile.mkdtemp(prefix="h8_match_")
    for name in ("b.txt", "a.txt", "c.dat"):
        with open(os.path.join(root, name), "w") as f:
            f.write(name)
    files = tf.train.match_filenames_once(os.path.join(root, "*.txt"))
    names = tf.strings.regex_replace(files, ".*/", "")
    none = tf.io.match_filenames_once(os.path.join(root, "*.none"), name="nothing")
    out = {"names": names, "var_name": tf.constant(files.name),
           "local": tf.constant([v.name for v in tf.local_variables()]),
           "none_size": tf.size(none)}
    return out, {}, [tf.local_variables_initializer()]


def _partitioners(tf):
    shape = tf.TensorShape([1000, 4])
    lists = [tf.fixed_size_partitioner(3)(tf.TensorShape([10, 4]), dtype=tf.float32),
             tf.fixed_size_partitioner(3)(tf.TensorShape([2, 4])),
             tf.fixed_size_partitioner(3, axis=1)(tf.TensorShape([10, 4])),
             tf.variable_axis_size_partitioner(64)(shape, tf.float32),
             tf.variable_axis_size_partitioner(64, max_shards=3)(shape, tf.float32),
             tf.variable_axis_size_partitioner(100, bytes_per_string_element=4)(shape,
                                                                                tf.string),
             tf.min_max_variable_partitioner(max_partitions=4, min_slice_size=64)(shape,
                                                                                  tf.float32),
             tf.min_max_variable_partitioner(max_partitions=4)(shape, tf.float32)]
    return {"partitions": tf.constant(lists)}, {}


def _partitioned_variables(tf):
    init = np.arange(40, dtype=np.float32).reshape(10, 4)
    with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(3)):
        w = tf.get_variable("w", initializer=tf.constant(init))
        b = tf.get_variable("b", [7], initializer=tf.zeros_initializer())
        g = tf.get_variable("g", [6, 2], initializer=tf.glorot_uniform_initializer(seed=3))
    with tf.variable_scope("s", reuse=True, partitioner=tf.fixed_size_partitioner(3)):
        again = tf.get_variable("w", [10, 4])
    parts = tf.create_partitioned_variables([10, 4], [2, 1], tf.ones_initializer(), name="cpv")
    whole = tf.convert_to_tensor(w)
    x = tf.constant(np.linspace(-1.0, 1.0, 20, dtype=np.float32).reshape(2, 10))
    y = tf.matmul(x, w)
    loss = tf.reduce_sum(y * y) + tf.reduce_sum(tf.convert_to_tensor(b))
    out = {"whole": whole, "lookup": tf.nn.embedding_lookup(w, [0, 1, 5, 9]), "y": y,
           "glorot_shape": tf.shape(tf.convert_to_tensor(g)),
           "names": tf.constant([v.name for v in tf.global_variables()]),
           "specs": tf.constant([v._save_slice_info.spec for v in w]),
           "meta": tf.constant([type(w).__name__, w.name, str(w.get_shape()), str(len(w)),
                                str(again is w), whole.op.name, whole.op.type,
                                whole.op.inputs[0].op.name, str([str(p.shape) for p in parts])]),
           "grads": tf.gradients(loss, list(w))[1]}
    train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    return out, {}, [tf.global_variables_initializer(), train]


def _partitioned_errors(tf):
    def message(fn):
        try:
            fn()
            return "none"
        except (ValueError, TypeError) as e:
            return "%s: %s" % (type(e).__name__, str(e)[:90])

    init = np.arange(40, dtype=np.float32).reshape(10, 4)
    part = tf.fixed_size_partitioner(3)
    with tf.variable_scope("e", partitioner=part):
        tf.get_variable("ok", [6])
    texts = [message(lambda: tf.get_variable("big", [10, 4], partitioner=part,
                                             initializer=tf.constant_initializer(init))),
             message(lambda: tf.get_variable("e/ok", [6], partitioner=part)),
             message(lambda: tf.get_variable("two", [4, 4],
                                             partitioner=lambda shape, dtype: [2, 2])),
             message(lambda: tf.get_variable("bad", [4], partitioner=lambda **kw: [1, 1]))]
    with tf.variable_scope("e", reuse=True):
        texts.append(message(lambda: tf.get_variable("missing", [6], partitioner=part)))
    return {"texts": tf.constant(texts)}, {}


def _partitioned_checkpoint(tf):
    import os
    import tempfile
    path = os.path.join(tempfile.mkdtemp(prefix="h8_part_"), "model")
    with tf.variable_scope("p", partitioner=tf.fixed_size_partitioner(3)):
        w = tf.get_variable("w", initializer=np.arange(10, dtype=np.float32).reshape(5, 2))
    plain = tf.get_variable("plain", [2], initializer=tf.ones_initializer())
    saver = tf.train.Saver(filename=path)
    graph = tf.get_default_graph()
    save = graph.get_tensor_by_name(saver.saver_def.save_tensor_name)
    restore = graph.get_operation_by_name(saver.saver_def.restore_op_name)
    clobber = tf.group(*[tf.assign(p, tf.zeros_like(p)) for p in w])

    def keys():
        return np.array(["%s %s" % (k, s) for k, s in sorted(tf.train.list_variables(path))],
                        dtype=object)

    listed = tf.py_func(keys, [], tf.string)
    with tf.control_dependencies([listed]):
        read_back = tf.identity(tf.convert_to_tensor(w))
    out = {"keys": listed, "restored": read_back, "plain": plain.value()}
    return out, {}, [tf.global_variables_initializer(), save, clobber, restore]


PROGRAMS = [
    Program("framework_helpers", _helpers),
    Program("guarantee_const_no_gradient", _guarantee_const_no_gradient),
    Program("make_template", _template),
    Program("make_template_new_variable", _template_new_variable_error),
    Program("gradient_tape", _tape),
    Program("gradient_tape_stop_recording", _tape_stop_recording),
    Program("type_specs", _type_specs),
    Program("queues_and_names", _queues_and_names),
    Program("match_filenames_once", _match_filenames),
    Program("partitioners", _partitioners),
    Program("partitioned_variables", _partitioned_variables),
    Program("partitioned_checkpoint", _partitioned_checkpoint),
    Program("partitioned_errors", _partitioned_errors),
]
