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
    tf.get_variable("plain_first", [4])
    clash = message(lambda: tf.get_variable("plain_first", [4],
                                            partitioner=tf.fixed_size_partitioner(2)))
    parts = tf.create_partitioned_variables([10, 4], [2, 1], tf.ones_initializer(), name="cpv")
    whole = tf.convert_to_tensor(w)
    x = tf.constant(np.linspace(-1.0, 1.0, 20, dtype=np.float32).reshape(2, 10))
    y = tf.matmul(x, w)
    loss = tf.reduce_sum(y * y) + tf.reduce_sum(tf.convert_to_tensor(b))
    init_ops = sorted(op.name for op in tf.get_default_graph().get_operations()
                      if "PartitionedInitializer" in op.name)
    out = {"whole": whole, "lookup": tf.nn.embedding_lookup(w, [0, 1, 5, 9]), "y": y,
           "clash": tf.constant(clash), "init_ops": tf.constant(init_ops),
           "glorot_shape": tf.shape(tf.convert_to_tensor(g)),
           "names": tf.constant([v.name for v in tf.global_variables()]),
           "specs": tf.constant([v._save_slice_info.spec for v in w]),
           "meta": tf.constant([type(w).__name__, w.name, str(w.get_shape()), str(len(w)),
                                str(again is w), whole.op.name, whole.op.type,
                                whole.op.inputs[0].op.name, str([str(p.shape) for p in parts])]),
           "grads": tf.gradients(loss, list(w))[1]}
    train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    return out, {}, [tf.global_variables_initializer(), train]


def message(fn):
    """`fn()`'s exception as 'Class: message' (cut short), or 'none'."""
    try:
        fn()
        return "none"
    except (ValueError, TypeError) as e:
        return "%s: %s" % (type(e).__name__, str(e)[:90])
    except Exception as e:  # noqa: BLE001 - a run error: its TF class name is what is compared
        return type(e).__name__


def _partitioned_errors(tf):
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
        w = tf.get_variable("w", initializer=tf.constant(
            np.arange(10, dtype=np.float32).reshape(5, 2)))
        numpy_init = message(lambda: tf.get_variable("n", initializer=np.ones([4], np.float32)))
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
    out = {"keys": listed, "restored": read_back, "plain": plain.value(),
           "numpy_init": tf.constant(numpy_init)}
    return out, {}, [tf.global_variables_initializer(), save, clobber, restore]


def _priority_queue(tf):
    q = tf.PriorityQueue(10, [tf.string, tf.float32], shapes=[[], [2]])
    small = tf.queue.PriorityQueue(5, [tf.int32], shapes=[[]], name="small")
    steps = [q.enqueue_many([[3, 1, 2, 7], ["c", "a", "b", "g"],
                             [[3.0, 3.0], [1.0, 1.0], [2.0, 2.0], [7.0, 7.0]]]),
             q.enqueue((tf.constant(0, tf.int64), "z", [0.0, 0.0])),
             small.enqueue((tf.constant(5, tf.int64), 7))]
    many = q.dequeue_many(3)
    with tf.control_dependencies(many):
        one = q.dequeue()
    with tf.control_dependencies(one):
        size_after = q.size()
    out = {"many_priority": many[0], "many_strings": many[1], "many_values": many[2],
           "one_priority": one[0], "one_string": one[1], "one_value": one[2],
           "small": small.dequeue()[1], "size_after": size_after,
           "meta": tf.constant([str([d.name for d in q.dtypes]), str(q.shapes),
                                q.queue_ref.op.type, str(tf.io.PriorityQueue is tf.PriorityQueue),
                                message(lambda: tf.PriorityQueue(3, [tf.int32]))])}
    return out, {}, steps


def _priority_queue_bad_priority(tf):
    small = tf.PriorityQueue(5, [tf.int32], shapes=[[]])
    bad = small.enqueue((tf.placeholder_with_default(tf.constant([1, 2], tf.int64), None), 3))
    with tf.control_dependencies([bad]):
        size = small.size()
    return {"size": size}, {}


def _accumulators(tf):
    acc = tf.ConditionalAccumulator(tf.float32, shape=[2], name="acc")
    counts = [acc.num_accumulated()]
    apply1 = acc.apply_grad([1.0, 2.0], local_step=0)
    apply2 = acc.apply_grad([3.0, 6.0], local_step=0)
    stale = acc.apply_grad([100.0, 100.0], local_step=-1)
    taken = acc.take_grad(2)
    summed = tf.ConditionalAccumulator(tf.float64, shape=[2], reduction_type="SUM")
    sum_steps = [summed.apply_grad(tf.constant([1.0, 2.0], tf.float64)),
                 summed.apply_grad(tf.constant([0.5, 0.5], tf.float64))]
    sparse = tf.SparseConditionalAccumulator(tf.float32, shape=[3, 2], name="sacc")
    sparse_steps = [
        sparse.apply_indexed_slices_grad(tf.IndexedSlices(
            tf.constant([[1.0, 1.0]]), tf.constant([1], tf.int64), tf.constant([3, 2], tf.int64))),
        sparse.apply_grad(grad_indices=[1, 2], grad_values=[[3.0, 3.0], [4.0, 4.0]],
                          grad_shape=[3, 2]),
        sparse.apply_grad(grad_indices=[0], grad_values=[[9.0, 9.0]], local_step=-1)]
    rows = sparse.take_indexed_slices_grad(2)
    steps = [apply1, apply2, stale] + sum_steps + [sparse.set_global_step(0)] + sparse_steps
    out = {"count_before": counts[0], "taken": taken, "summed": summed.take_grad(2),
           "rows_indices": rows.indices, "rows_values": rows.values,
           "rows_shape": rows.dense_shape, "sparse_count": sparse.num_accumulated(),
           "meta": tf.constant([acc.accumulator_ref.op.type, acc.name, acc.dtype.name,
                                sparse.accumulator_ref.op.type, taken.op.type,
                                acc.num_accumulated().op.type, apply1.type,
                                acc.set_global_step(5).type, sparse_steps[0].type,
                                rows.values.op.type, sparse.num_accumulated().op.type,
                                str(isinstance(sparse, tf.ConditionalAccumulatorBase)),
                                str(tf.sparse.SparseConditionalAccumulator
                                    is tf.SparseConditionalAccumulator),
                                message(lambda: acc.apply_grad([1.0, 2.0, 3.0]))])}
    return out, {}, steps


def _accumulator_global_step(tf):
    acc = tf.ConditionalAccumulator(tf.float32, shape=[2])
    steps = [acc.set_global_step(5), acc.apply_grad([1.0, 1.0], local_step=3),
             acc.apply_grad([2.0, 4.0], local_step=5), acc.apply_grad([4.0, 2.0], local_step=7)]
    count = acc.num_accumulated()
    with tf.control_dependencies([count]):
        taken = acc.take_grad(2)
    with tf.control_dependencies([taken]):
        stale_after_take = acc.apply_grad([9.0, 9.0], local_step=5)
    with tf.control_dependencies([stale_after_take]):
        count_after = acc.num_accumulated()
    return {"count": count, "taken": taken, "count_after": count_after}, {}, steps

def _maybe_batch(tf):
    x = tf.constant([1, 2, 3, 4, 5, 6])
    keep = tf.constant([True, False, True, True, False, True])
    vector = tf.train.maybe_batch([x], keep, 2, enqueue_many=True, capacity=10)
    flag = tf.placeholder_with_default(tf.constant(True), [])
    scalar = tf.train.maybe_batch({"v": tf.constant(7)}, flag, 1)
    dropped = tf.train.maybe_batch([tf.constant(8)], tf.constant(False), 1,
                                   allow_smaller_final_batch=True)
    shuffled = tf.train.maybe_shuffle_batch([x], 4, 10, 0, keep, enqueue_many=True, seed=1)
    joined = tf.train.maybe_batch_join([[x * 10]], keep, 3, enqueue_many=True)
    shuffle_joined = tf.train.maybe_shuffle_batch_join([[x]], 2, 10, 0, keep, enqueue_many=True,
                                                       seed=2)
    runners = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
    steps = [r.enqueue_ops[0] for r in runners]
    errors = [message(lambda: tf.train.maybe_batch([x], keep, 2)),
              message(lambda: tf.train.maybe_batch([x], [[True]], 2, enqueue_many=True))]
    kept = tf.constant([1, 3, 4, 6])

    def all_kept(t):
        return tf.reduce_all(tf.reduce_any(tf.equal(tf.expand_dims(t, 1), kept), axis=1))

    out = {"vector": vector, "scalar": scalar["v"], "shuffled_kept": all_kept(shuffled),
           "joined": joined, "shuffle_joined_kept": all_kept(shuffle_joined),
           "dropped_size": runners[2].queue.size(), "errors": tf.constant(errors),
           "names": tf.constant([vector.op.name, scalar["v"].op.name, shuffled.op.name,
                                 joined.op.name, str(len(runners))])}
    return out, {}, steps


def _module(tf):
    class Dense(tf.Module):
        def __init__(self):
            super().__init__(name="dense")
            self.w = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="w")
            self.sub = tf.Module(name="sub")
            self.sub.b = tf.Variable([0.5, -0.5], trainable=False, name="b")
            self.extra = [tf.Module(name="a"), {"x": tf.Variable(3.0, name="x")}]

        @tf.Module.with_name_scope
        def __call__(self, x):
            return tf.matmul(x, self.w) + self.sub.b

    layer = Dense()
    y = layer(tf.constant([[1.0, 1.0]]))
    other = Dense()
    meta = [layer.name, layer.name_scope.name, other.name_scope.name, y.op.name,
            tf.Module().name, message(lambda: tf.Module(name="not valid")),
            str([v.name for v in layer.variables]),
            str([v.name for v in layer.trainable_variables]),
            str([m.name for m in layer.submodules]), str([v.name for v in layer.sub.variables])]
    return {"y": y, "meta": tf.constant(meta)}, {}, [tf.global_variables_initializer()]


def _functions(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    recomputed = tf.recompute_grad(lambda a: tf.sin(a) * a)(x)
    mapped = tf.vectorized_map(lambda r: r * 2.0 + tf.reduce_sum(r),
                               tf.reshape(tf.range(6.0), [3, 2]))
    mapped_int = tf.vectorized_map(lambda r: tf.cast(r, tf.int64) * 3, tf.constant([1.5, 2.5]))

    @tf.nondifferentiable_batch_function(1, 4, 10)
    def tripled(a):
        return a * 3.0

    batched = tripled(tf.constant([[1.0], [2.0]]))
    out = {"recomputed": recomputed,
           "recomputed_grad": tf.gradients(tf.reduce_sum(recomputed), x)[0],
           "recomputed_op": tf.constant(recomputed.op.type), "mapped": mapped,
           "mapped_int": mapped_int, "batched_sum": tf.reduce_sum(batched),
           "batched_grad_none": tf.constant(tf.gradients(tf.reduce_sum(batched), x)[0] is None)}
    return out, {}


def _check_pinned(tf):
    pinned = tf.check_pinned(tf.constant([1.0, 2.0]))
    return {"pinned": pinned, "op": tf.constant(pinned.op.type)}, {}


def _identity_reader(tf):
    q = tf.FIFOQueue(5, [tf.string], shapes=[[]])
    reader = tf.IdentityReader()
    key, value = reader.read(q)
    with tf.control_dependencies([key]):
        keys, values = reader.read_up_to(q, 3)
    with tf.control_dependencies([keys]):
        produced = reader.num_records_produced()
        completed = reader.num_work_units_completed()
    out = {"key": key, "value": value, "keys": keys, "values": values, "produced": produced,
           "completed": completed, "op": tf.constant(reader.reader_ref.op.type)}
    return out, {}, [q.enqueue_many([["a", "bb", "c", "d"]]), q.close()]


def _supervisor(tf):
    import os
    import shutil
    import tempfile
    logdir = tempfile.mkdtemp(prefix="h8_sv_")

    def build():
        graph = tf.Graph()
        with graph.as_default():
            step = tf.train.get_or_create_global_step()
            w = tf.Variable(1.0, name="w")
            train = tf.group(tf.assign_add(w, 1.0), tf.assign_add(step, 1))
            tf.summary.scalar("w", w)
        return graph, step, w, train

    graph, step, w, train = build()
    sv = tf.train.Supervisor(graph=graph, logdir=logdir, save_summaries_secs=0,
                             save_model_secs=0)
    texts = [str(graph.finalized), str(sv.is_chief), sv.ready_op.op.type, sv.init_op.type,
             type(sv.saver).__name__, sv.summary_op.op.type, sv.global_step.op.name,
             os.path.basename(sv.save_path)]
    with sv.managed_session() as sess:
        for _ in range(3):
            sess.run(train)
        values = [float(sess.run(w))]
        sv.saver.save(sess, sv.save_path, global_step=sv.global_step)
    texts.append(str(sorted(f for f in os.listdir(logdir) if not f.startswith("events"))))
    graph2, step2, w2, train2 = build()
    sv2 = tf.train.Supervisor(graph=graph2, logdir=logdir, save_summaries_secs=0,
                              save_model_secs=0)
    count = [0]

    def train_fn(sess):
        sess.run(train2)
        count[0] += 1
        if count[0] == 2:
            values.append(float(sess.run(w2)))
            sv2.request_stop()

    tf.train.basic_train_loop(sv2, train_fn)
    graph3, step3, w3, _ = build()
    sv3 = tf.train.Supervisor(graph=graph3, logdir=logdir, save_summaries_secs=0,
                              save_model_secs=0)
    with sv3.managed_session() as sess:
        values.extend(float(v) for v in sess.run([w3, step3]))
        raise tf.errors.OutOfRangeError(None, None, "input exhausted")
    texts.append(str(sv3.should_stop()))
    try:
        with sv3.managed_session() as sess:
            raise ValueError("boom")
    except ValueError as e:
        texts.append("raised: %s" % e)
    shutil.rmtree(logdir)
    return {"texts": tf.constant(texts), "values": tf.constant(values)}, {}


def _variable_creator_scope(tf):
    seen = []

    def outer(next_creator, **kwargs):
        seen.append("outer %s %s" % (kwargs["name"], sorted(kwargs)))
        kwargs["trainable"] = False
        return next_creator(**kwargs)

    def inner(next_creator, **kwargs):
        seen.append("inner %s" % kwargs["name"])
        kwargs["initial_value"] = 5.0
        return next_creator(**kwargs)

    def replace(next_creator, **kwargs):
        seen.append("replace %s" % kwargs["name"])
        return next_creator(**dict(kwargs, name="renamed"))

    with tf.variable_creator_scope(outer):
        with tf.variable_creator_scope(inner):
            v = tf.Variable(1.0, name="v")
        g = tf.get_variable("g", [], initializer=tf.zeros_initializer())
    with tf.variable_creator_scope(replace):
        r = tf.Variable(3.0, name="r")
    u = tf.Variable(2.0, name="u")
    out = {"seen": tf.constant(seen), "values": tf.stack([v.value(), g.value(), r.value(),
                                                         u.value()]),
           "trainable": tf.constant([x.name for x in tf.trainable_variables()]),
           "all": tf.constant([x.name for x in tf.global_variables()])}
    return out, {}, [tf.global_variables_initializer()]


def _warm_start(tf):
    import os
    import tempfile
    root = tempfile.mkdtemp(prefix="h8_ws_")
    with tf.Graph().as_default():
        a = tf.get_variable("a", initializer=tf.constant([1.0, 2.0]))
        with tf.variable_scope("p", partitioner=tf.fixed_size_partitioner(2)):
            tf.get_variable("e", initializer=tf.constant(
                np.arange(8, dtype=np.float32).reshape(4, 2)))
        tf.get_variable("old_name", initializer=tf.constant(7.0))
        tf.get_variable("frozen", initializer=tf.constant(9.0), trainable=False)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            path = tf.train.Saver().save(sess, os.path.join(root, "model"))
        del a
    a = tf.get_variable("a", [2], initializer=tf.zeros_initializer())
    with tf.variable_scope("p", partitioner=tf.fixed_size_partitioner(3)):
        e = tf.get_variable("e", [4, 2], initializer=tf.zeros_initializer())
    renamed = tf.get_variable("new_name", [], initializer=tf.zeros_initializer())
    frozen = tf.get_variable("frozen", [], initializer=tf.zeros_initializer(), trainable=False)
    untouched = tf.get_variable("untouched", [], initializer=tf.ones_initializer())
    tf.train.warm_start(path, vars_to_warm_start="^(a|p/e|new_name)",
                        var_name_to_prev_var_name={"new_name": "old_name"})
    bad = message(lambda: tf.train.warm_start(path, var_name_to_prev_var_name={"nope": "x"}))
    bad = bad.split(" is not found")[0]  # the rest names a temporary path
    info = tf.train.VocabInfo("new.txt", 3, 1, "old.txt")
    with tf.Graph().as_default():
        tf.get_variable("a", [2], initializer=tf.zeros_initializer())
        by_list = message(lambda: tf.train.warm_start(root, vars_to_warm_start=["a"]))
    out = {"a": a.value(), "e": tf.convert_to_tensor(e), "renamed": renamed.value(),
           "frozen": frozen.value(), "untouched": untouched.value(),
           "texts": tf.constant([bad, by_list, str(tuple(info)),
                                 message(lambda: tf.train.VocabInfo("n", 1, 0, "o", axis=2))])}
    return out, {}, [tf.global_variables_initializer()]


def _method_name_updater(tf):
    import os
    import shutil
    import tempfile
    root = tempfile.mkdtemp(prefix="h8_mnu_")
    export = os.path.join(root, "export")
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None], name="x")
        y = tf.identity(x * 2.0, name="y")
        with tf.Session() as sess:
            builder = tf.saved_model.builder.SavedModelBuilder(export)
            sig = tf.saved_model.signature_def_utils.predict_signature_def({"x": x}, {"y": y})
            builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map={
                "serving_default": sig, "other": sig})
            builder.save()
    updater = tf.saved_model.signature_def_utils.MethodNameUpdater(export)
    updater.replace_method_name("serving_default", "tensorflow/serving/regress")
    updater.replace_method_name("other", "custom", tags="serve")
    errors = [message(lambda: updater.replace_method_name("missing", "m")),
              message(lambda: updater.replace_method_name("other", "m", tags=["nope"])),
              message(lambda: updater.replace_method_name("", "m"))]
    copy = os.path.join(root, "copy")
    os.mkdir(copy)
    updater.save(copy)
    with tf.Graph().as_default():
        with tf.Session() as sess:
            meta = tf.saved_model.loader.load(sess, ["serve"], copy)
    methods = [meta.signature_def[k].method_name for k in sorted(meta.signature_def)]
    shutil.rmtree(root)
    return {"methods": tf.constant(methods), "errors": tf.constant(errors)}, {}


def _cluster_def(tf):
    cluster = tf.train.ClusterDef(job=[tf.train.JobDef(name="ps", tasks={0: "a:1", 1: "b:2"}),
                                       tf.train.JobDef(name="worker", tasks={0: "c:3"})])
    spec = tf.train.ClusterSpec(cluster)
    round_trip = tf.train.ClusterDef.FromString(cluster.SerializeToString())
    out = {"bytes": tf.constant(tf.train.ClusterDef(job=[tf.train.JobDef(
               name="w", tasks={0: "x:1"})]).SerializeToString()),
           "jobs": tf.constant(sorted(spec.jobs)), "ps": tf.constant(spec.job_tasks("ps")),
           "round_trip": tf.constant([round_trip == cluster, len(round_trip.job[0].tasks) == 2]),
           "from_spec": tf.constant(tf.train.ClusterSpec({"w": ["x:1"]}).as_cluster_def()
                                    .SerializeToString())}
    server = tf.train.ServerDef(cluster=tf.train.ClusterSpec({"w": ["x:1"]}).as_cluster_def(),
                                job_name="w", task_index=0, protocol="grpc",
                                default_session_config=tf.ConfigProto(allow_soft_placement=True))
    out["server_def"] = tf.constant(server.SerializeToString())
    return out, {}


def _sdca_shrink_l1(tf):
    w = tf.Variable([0.5, -2.0, 3.0, 0.1, 0.0])
    m = tf.Variable([[1.0, -1.0], [0.25, -0.25]])
    z = tf.Variable([0.5, -2.0])
    shrink = tf.train.sdca_shrink_l1([w, m], l1=0.4, l2=2.0)
    with tf.control_dependencies([shrink]):
        shrink_zero_l2 = tf.train.sdca_shrink_l1([z], l1=0.4, l2=0.0)
    with tf.control_dependencies([shrink_zero_l2]):
        values = [tf.identity(w), tf.identity(m), tf.identity(z)]
    out = {"w": values[0], "m": values[1], "z": values[2],
           "meta": tf.constant([shrink.type, str(shrink.get_attr("num_features")),
                                str(len(shrink.outputs))])}
    return out, {}, [tf.global_variables_initializer()]


def _session_handles(tf):
    x = tf.constant([1.0, 2.0])
    handle_tensor = tf.get_session_handle(x * 3.0)
    texts = [handle_tensor.op.type, str(handle_tensor.shape), handle_tensor.dtype.name]
    with tf.Session() as sess:
        handle = sess.run(handle_tensor)
        holder, value = tf.get_session_tensor(handle.handle, tf.float32)
        doubled = sess.run(value * 2.0, {holder: handle.handle})
        evaluated = handle.eval()
        other = sess.run(tf.get_session_handle(tf.constant(5)))
        delete_holder, deleter = tf.delete_session_tensor(handle.handle)
        sess.run(deleter, {delete_holder: handle.handle})
        texts += [type(handle).__name__, handle.handle.split(";")[0], other.handle.split(";")[1],
                  value.op.type, deleter.type,
                  message(lambda: sess.run(value, {holder: handle.handle}))[:30]]
        other.delete()
    return {"texts": tf.constant(texts), "doubled": tf.constant(doubled),
            "evaluated": tf.constant(evaluated)}, {}


def _critical_section(tf):
    section = tf.CriticalSection(name="cs")
    v = tf.Variable(0.0, name="v")
    bump = section.execute(lambda: tf.assign_add(v, 1.0))
    with tf.control_dependencies([bump]):  # two sections in one run: ordered, as TF needs too
        pair = section.execute(lambda: (v * 2.0, tf.constant(3)))
    bad_input = tf.placeholder_with_default(tf.constant(np.nan), [])
    bad = section.execute(lambda: tf.check_numerics(bad_input, "not finite"))
    with tf.control_dependencies(pair):
        after = section.execute(lambda: v + 0.0)
    types = sorted({op.type for op in tf.get_default_graph().get_operations()} - {"RefIdentity"})
    out = {"bump": bump, "pair0": pair[0], "pair1": pair[1], "after": after,
           "meta": tf.constant([section.name, bump.name, pair[1].name, str(types)])}
    steps = [v.initializer, bump, bump]
    del bad
    return out, {}, steps


def _critical_section_failure(tf):
    section = tf.CriticalSection(name="cs")
    bad_input = tf.placeholder_with_default(tf.constant(np.nan), [])
    bad = section.execute(lambda: tf.check_numerics(bad_input, "not finite"))
    return {"bad": bad}, {}


PROGRAMS = [
    Program("framework_helpers", _helpers, covers=("EagerPyFunc", "GuaranteeConst", "Timestamp")),
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
    Program("priority_queue", _priority_queue, covers=("PriorityQueueV2",)),
    Program("priority_queue_bad_priority", _priority_queue_bad_priority),
    Program("accumulators", _accumulators, covers=(
        "ResourceConditionalAccumulator", "ResourceAccumulatorApplyGradient",
        "ResourceAccumulatorTakeGradient", "ResourceAccumulatorNumAccumulated",
        "ResourceAccumulatorSetGlobalStep", "SparseConditionalAccumulator",
        "SparseAccumulatorApplyGradient", "SparseAccumulatorTakeGradient",
        "AccumulatorNumAccumulated", "AccumulatorSetGlobalStep")),
    Program("accumulator_global_step", _accumulator_global_step),
    Program("maybe_batch", _maybe_batch),
    Program("module", _module),
    Program("functions", _functions),
    Program("check_pinned", _check_pinned, covers=("CheckPinned",)),
    Program("identity_reader", _identity_reader, covers=("IdentityReaderV2",)),
    Program("supervisor", _supervisor),
    Program("variable_creator_scope", _variable_creator_scope),
    Program("warm_start", _warm_start),
    Program("method_name_updater", _method_name_updater),
    Program("cluster_def", _cluster_def),
    Program("sdca_shrink_l1", _sdca_shrink_l1, covers=("SdcaShrinkL1",)),
    Program("critical_section", _critical_section,
            covers=("MutexV2", "MutexLock", "ConsumeMutexLock")),
    Program("critical_section_failure", _critical_section_failure),
    Program("session_handles", _session_handles,
            covers=("GetSessionHandle", "GetSessionTensor", "DeleteSessionTensor")),
]
