"""Top-level framework names of TF1 (graphs, sessions, collections, variables, protos, dtypes,
the top-level math spellings), tf.logging, tf.layers, tf.data's v1 helpers, tf.graph_util,
tf.nn.rnn_cell's wrappers and tf.nest, as programs compared with real TF."""
import itertools

import numpy as np

from harness import Program


def facts(tf, **values):
    return {key: tf.constant(value) for key, value in values.items()}


def _top_level_math(tf):
    x = tf.constant([0.25, 0.5, 0.75])
    z = tf.constant([0.25 - 0.25j, 0.5 - 0.5j, 0.75 - 0.75j], tf.complex64)
    ids = tf.constant([0, 0, 2])
    out = {"acos": tf.acos(x), "acosh": tf.acosh(x + 1.0), "asin": tf.asin(x), "asinh": tf.asinh(x),
           "atan": tf.atan(x), "atanh": tf.atanh(x), "cosh": tf.cosh(x), "sinh": tf.sinh(x),
           "tan": tf.tan(x), "digamma": tf.digamma(x), "lgamma": tf.lgamma(x), "erfc": tf.erfc(x),
           "expm1": tf.expm1(x), "conj": tf.conj(z), "real": tf.real(z), "imag": tf.imag(z),
           "greater": tf.greater(x, 0.5), "greater_equal": tf.greater_equal(x, 0.5),
           "less": tf.less(x, 0.5), "less_equal": tf.less_equal(x, 0.5),
           "and": tf.logical_and(x > 0.3, x < 0.6), "or": tf.logical_or(x > 0.6, x < 0.3),
           "not": tf.logical_not(x > 0.3), "xor": tf.logical_xor(x > 0.3, x < 0.6),
           "is_finite": tf.is_finite(x / 0.0), "is_inf": tf.is_inf(x / 0.0),
           "non_decreasing": tf.is_non_decreasing(x), "increasing": tf.is_strictly_increasing(x),
           "numeric": tf.constant(tf.is_numeric_tensor(x)),
           "segment_max": tf.segment_max(x, ids), "segment_mean": tf.segment_mean(x, ids),
           "segment_min": tf.segment_min(x, ids), "segment_prod": tf.segment_prod(x, ids),
           "unsorted_min": tf.unsorted_segment_min(x, ids, 4),
           "unsorted_prod": tf.unsorted_segment_prod(x, ids, 4),
           "unsorted_sum": tf.unsorted_segment_sum(x, ids, 4),
           "check": tf.check_numerics(x, "bad")}
    out["grads"] = tf.gradients(tf.reduce_sum(out["atan"] + out["sinh"] + out["segment_mean"]), x)[0]
    return out, {}


def _dtypes_and_constants(tf):
    dts = [tf.bfloat16, tf.complex128, tf.double, tf.float16, tf.half, tf.int8, tf.qint16, tf.qint32,
           tf.qint8, tf.quint16, tf.quint8, tf.resource, tf.uint16, tf.uint32, tf.uint64, tf.variant,
           tf.dtypes.bool, tf.dtypes.complex64, tf.dtypes.double, tf.dtypes.float32,
           tf.dtypes.float64, tf.dtypes.int16, tf.dtypes.int32, tf.dtypes.int64, tf.dtypes.string,
           tf.dtypes.uint8]
    return facts(tf, names=[d.name for d in dts], enums=[d.as_datatype_enum for d in dts],
                 sizes=[d.size if d not in (tf.resource, tf.variant, tf.dtypes.string) else 0
                        for d in dts],
                 quantized=sorted(d.name for d in tf.QUANTIZED_DTYPES),
                 as_dtype=[tf.as_dtype("float32").name, tf.as_dtype(np.int64).name,
                           str(isinstance(tf.float32, tf.DType))],
                 newaxis=str(tf.newaxis)), {}


def _graph_and_session(tf):
    g = tf.get_default_graph()
    assert isinstance(g, tf.Graph)
    x = tf.placeholder(tf.float32, [2], name="x")
    with tf.device("/cpu:0"):
        y = tf.multiply(x, 2.0, name="y")
    with tf.colocate_with(y):
        w = tf.identity(y, name="w")
    tf.add_to_collection("mine", y)
    tf.add_to_collections(["mine", "yours"], w)
    tf.get_collection_ref("mine").append(x)
    spec = tf.DeviceSpec(job="worker", device_type="CPU", device_index=0)
    dim = tf.Dimension(3) + tf.Dimension(None)
    with tf.init_scope():
        outside = tf.constant(1.0, name="outside")
    class Celsius:
        def __init__(self, degrees):
            self.degrees = degrees

    tf.register_tensor_conversion_function(
        Celsius, lambda value, dtype=None, name=None, as_ref=False: tf.constant(value.degrees))
    converted = tf.convert_to_tensor(Celsius(21.5))
    readers = [issubclass(tf.TextLineReader, tf.ReaderBase), tf.ReaderBase.__name__]
    static = [str(tf.get_static_value(tf.constant([1, 2]) * 3)),     # None: TF does not fold Mul
              str(tf.get_static_value(tf.stack([tf.constant(1), tf.shape(x)[0]]))),
              str(tf.get_static_value(tf.concat([tf.shape(x), [4]], 0)))]
    sess = tf.InteractiveSession()
    default_ok = tf.get_default_session() is sess
    value = sess.run(w, {x: [1.0, 2.0]})
    sess.close()
    with tf.Session() as s2:
        value2 = s2.run(y, {x: [3.0, 4.0]})
    ops = [op.type for op in g.get_operations() if op.name in ("x", "y", "w")]
    return {"converted": converted, **facts(tf, collections=[t.name for t in tf.get_collection("mine")] + [
                     t.name for t in tf.get_collection("yours")],
                 device=y.device.lower().replace("device:", ""), spec=spec.to_string(),
                 dim=str(dim), outside=outside.name, static=static, default=default_ok,
                 values=np.concatenate([value, value2]), ops=ops,
                 types=[isinstance(y, tf.Tensor), isinstance(y.op, tf.Operation)],
                 readers=[str(r) for r in readers])}, {}


def _reset_and_import(tf):
    with tf.Graph().as_default() as g1:
        a = tf.constant([1.0, 2.0], name="a")
        tf.square(a, name="b")
        graph_def = g1.as_graph_def()
    tf.reset_default_graph()
    c = tf.constant([5.0, 6.0])
    b, = tf.import_graph_def(graph_def, input_map={"a:0": c}, return_elements=["b:0"], name="imp")
    b2, = tf.graph_util.import_graph_def(graph_def, return_elements=["b:0"], name="imp2")
    proto = tf.make_tensor_proto(np.array([[1, 2]], np.int32))
    back = tf.make_ndarray(proto)
    node = tf.NodeDef(name="n", op="Const")
    node.attr["dtype"].CopyFrom(tf.AttrValue(type=1))
    meta = tf.MetaGraphDef()
    meta.graph_def.CopyFrom(graph_def)
    protos = [len(tf.GraphDef().SerializeToString()), len(node.SerializeToString()),
              len(tf.NameAttrList(name="f").SerializeToString()),
              len(tf.HistogramProto(min=1.0).SerializeToString()),
              len(tf.SummaryMetadata(display_name="d").SerializeToString()),
              len(tf.TensorInfo(name="t:0").SerializeToString()),
              len(tf.LogMessage(message="m").SerializeToString()),
              len(tf.Event(step=2).SerializeToString()),
              len(tf.SessionLog(status=1).SerializeToString()),
              len(tf.Summary(value=[tf.Summary.Value(tag="t", simple_value=1.0)]).SerializeToString()),
              len(meta.graph_def.node)]
    opts = [tf.ConfigProto(gpu_options=tf.GPUOptions(allow_growth=True),
                           graph_options=tf.GraphOptions(optimizer_options=tf.OptimizerOptions(
                               opt_level=tf.OptimizerOptions.L1))).gpu_options.allow_growth,
            tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE).trace_level == 3,
            isinstance(tf.RunMetadata(), object)]
    return {"b": b, "b2": b2, **facts(tf, back=back, protos=protos, opts=opts)}, {}


_REGISTERED = itertools.count()


def _variables_and_gradients(tf):
    with tf.variable_scope("outer") as scope:
        v = tf.get_variable("v", [2], initializer=tf.constant_initializer([1.0, 2.0]))
        loc = tf.get_local_variable("loc", [1], initializer=tf.zeros_initializer())
        assert tf.get_variable_scope().name == "outer" and isinstance(scope, tf.VariableScope)
    with tf.variable_op_scope([v], "legacy", "default") as legacy:
        legacy_name = legacy.name
    m = tf.Variable(3.0, name="m", collections=[tf.GraphKeys.GLOBAL_VARIABLES,
                                                 tf.GraphKeys.MODEL_VARIABLES,
                                                 tf.GraphKeys.MOVING_AVERAGE_VARIABLES])
    r = tf.get_variable("reg", [1], regularizer=tf.no_regularizer)
    uninit = tf.report_uninitialized_variables()
    y = tf.reduce_sum(v * v) * m
    h = tf.hessians(y, v)[0]
    grads = tf.gradients(y, [v, m], aggregation_method=tf.AggregationMethod.ADD_N,
                         unconnected_gradients=tf.UnconnectedGradients.ZERO)

    @tf.custom_gradient
    def clipped(t):
        return tf.identity(t), lambda dy: dy * 0.5

    cg = tf.gradients(clipped(v), v)[0]
    tf.NotDifferentiable("MyNoGradOp")
    tf.no_gradient("MyNoGradOp2")

    name = "LeadTestSquare%d" % next(_REGISTERED)     # a fresh name: the program may run twice

    @tf.RegisterGradient(name)
    def _square_grad(op, grad):
        return grad * 10.0

    with tf.get_default_graph().gradient_override_map({"Square": name}):
        sq = tf.square(v)
    og = tf.gradients(sq, v)[0]
    pyfn = tf.numpy_function(lambda a: (a * 2).astype(np.float32), [v], tf.float32)
    slices = tf.convert_to_tensor_or_indexed_slices(tf.IndexedSlices(v, tf.constant([0, 1])))
    syncs = [tf.VariableAggregation.SUM.name, tf.VariableSynchronization.AUTO.name]
    names = facts(tf, all=[x.name for x in tf.all_variables()], local=[x.name for x in tf.local_variables()],
                  model=[x.name for x in tf.model_variables()],
                  moving=[x.name for x in tf.moving_average_variables()], legacy=legacy_name,
                  r=r.name, syncs=syncs, slices=type(slices).__name__)
    init = tf.group(tf.initialize_all_variables(), tf.initialize_local_variables(),
                    tf.initialize_variables([m]))
    return {**names, "init": init, "uninit_after": uninit, "h": h, "g0": grads[0], "g1": grads[1],
            "cg": cg, "og": og, "py": pyfn, "loc": loc, "seed": tf.constant(str(tf.get_seed(None)))}, \
        {}, [init]


def _logging(tf):
    log = tf.logging
    old = log.get_verbosity()
    log.set_verbosity(log.ERROR)
    for fn in (log.debug, log.info, log.warn, log.warning, log.error):
        fn("differential %s", "message")
    log.log(log.DEBUG, "x")
    log.log_every_n(log.INFO, "x %d", 2, 1)
    log.log_first_n(log.INFO, "x %d", 2, 1)
    log.log_if(log.INFO, "x", False)
    log.vlog(1, "x")
    flushes = callable(log.flush)    # TF 2.21's raises NotImplementedError (absl); tfcompat's flushes
    now = log.get_verbosity()
    log.set_verbosity(old)
    status = callable(log.TaskLevelStatusMessage)     # TF's raises NotImplementedError when called
    return facts(tf, levels=[log.DEBUG, log.INFO, log.WARN, log.ERROR, log.FATAL, now],
                 fatal=str(callable(log.fatal)), status=str(status), flushes=str(flushes)), {}


def _layers_more(tf):
    init = tf.constant_initializer(0.1)
    x3 = tf.reshape(tf.range(2 * 4 * 4 * 4 * 2, dtype=tf.float32) / 100.0, [2, 4, 4, 4, 2])
    x2 = x3[:, 0]
    x1 = x2[:, 0]
    outs = {
        "conv3d": tf.layers.conv3d(x3, 2, 2, kernel_initializer=init),
        "conv3d_t": tf.layers.conv3d_transpose(x3, 2, 2, kernel_initializer=init),
        "avg3d": tf.layers.average_pooling3d(x3, 2, 2),
        "max3d": tf.layers.max_pooling3d(x3, 2, 2),
        "Conv1D": tf.layers.Conv1D(2, 2, kernel_initializer=init)(x1),
        "Conv2DT": tf.layers.Conv2DTranspose(2, 2, kernel_initializer=init)(x2),
        "Conv3D": tf.layers.Conv3D(2, 2, kernel_initializer=init)(x3),
        "Conv3DT": tf.layers.Conv3DTranspose(2, 2, kernel_initializer=init)(x3),
        "Sep": tf.layers.SeparableConv2D(2, 2, depthwise_initializer=init, pointwise_initializer=init)(x2),
        "Avg1": tf.layers.AveragePooling1D(2, 2)(x1), "Avg2": tf.layers.AveragePooling2D(2, 2)(x2),
        "Avg3": tf.layers.AveragePooling3D(2, 2)(x3), "Max1": tf.layers.MaxPooling1D(2, 2)(x1),
        "Max3": tf.layers.MaxPooling3D(2, 2)(x3), "Drop": tf.layers.Dropout(0.5)(x1, training=False),
        "sep1d": tf.layers.separable_conv1d(x1, 3, 2, padding="same", depth_multiplier=2,
                                            depthwise_initializer=init, pointwise_initializer=init),
        "Sep1D": tf.layers.SeparableConv1D(2, 2, strides=2, depthwise_initializer=init,
                                           pointwise_initializer=init)(x1),
    }
    spec = tf.layers.InputSpec(ndim=3)
    outs["meta"] = tf.constant([str(spec.ndim), str(issubclass(tf.layers.Conv1D, tf.layers.Layer))])
    init_op = tf.global_variables_initializer()
    return outs, {}, [init_op]


def _data_v1_helpers(tf):
    ds = tf.data.Dataset.from_tensor_slices(({"a": [1, 2, 3]}, [4.0, 5.0, 6.0])).batch(2)
    one_shot = tf.data.make_one_shot_iterator(ds)
    init_it = tf.data.make_initializable_iterator(ds)
    options = tf.data.Options()
    nxt = one_shot.get_next()
    nxt2 = init_it.get_next()
    return {"a": nxt[0]["a"], "b": nxt[1], "a2": nxt2[0]["a"],
            **facts(tf, info=[str(tf.data.get_output_types(ds)), str(tf.data.get_output_shapes(ds)),
                              str(tf.data.get_output_classes(ds)[1].__name__), str(tf.data.AUTOTUNE),
                              type(options).__name__])}, {}, [init_it.initializer]


def _graph_util(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.identity(x * v, name="y")
    chk = tf.check_numerics(y, "m", name="chk")
    out = tf.identity(chk, name="out")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph_def, ["out"])
    sub = tf.graph_util.extract_sub_graph(frozen, ["y"])
    stripped = tf.graph_util.remove_training_nodes(frozen)
    shape = tf.graph_util.tensor_shape_from_node_def_name(tf.get_default_graph(), "y")
    cpu = tf.graph_util.must_run_on_cpu(tf.get_default_graph().get_operation_by_name("v"))
    return facts(tf, frozen=sorted(n.op for n in frozen.node), sub=sorted(n.name for n in sub.node),
                 stripped=sorted(n.op for n in stripped.node), shape=str(shape), cpu=str(cpu)), {}


def _rnn_cell_wrappers(tf):
    cell = tf.nn.rnn_cell
    x = tf.reshape(tf.range(12, dtype=tf.float32) / 10.0, [2, 3, 2])
    init = tf.constant_initializer(0.2)
    with tf.variable_scope("w", initializer=init):
        base = cell.BasicRNNCell(2)
        wrapped = cell.ResidualWrapper(cell.DropoutWrapper(cell.DeviceWrapper(base, "/cpu:0"),
                                                           input_keep_prob=1.0, output_keep_prob=1.0))
        out, state = tf.nn.dynamic_rnn(wrapped, x, dtype=tf.float32)
    tup = cell.LSTMStateTuple(tf.constant([1.0]), tf.constant([2.0]))
    return {"out": out, "state": state, "c": tup.c, "h": tup[1],
            "meta": tf.constant([str(isinstance(base, cell.RNNCell)), str(wrapped.output_size)])}, \
        {}, [tf.global_variables_initializer()]


def _nest(tf):
    nest = tf.nest
    structure = {"a": (1, 2), "b": [3]}
    flat = nest.flatten(structure)
    packed = nest.pack_sequence_as(structure, [x * 10 for x in flat])
    mapped = nest.map_structure(lambda v: v + 1, structure)
    nest.assert_same_structure(structure, mapped)
    return facts(tf, flat=flat, packed=str(packed), mapped=str(mapped),
                 nested=[nest.is_nested(structure), nest.is_nested(3)]), {}


PROGRAMS = [
    Program("top_level_math", _top_level_math, tol=(1e-5, 1e-6)),
    Program("dtypes_constants", _dtypes_and_constants),
    Program("graph_and_session", _graph_and_session),
    Program("reset_import_protos", _reset_and_import),
    Program("variables_gradients", _variables_and_gradients),
    Program("logging", _logging),
    Program("layers_more", _layers_more, tol=(1e-5, 1e-5)),
    Program("data_v1_helpers", _data_v1_helpers),
    Program("graph_util", _graph_util),
    Program("rnn_cell_wrappers", _rnn_cell_wrappers),
    Program("nest", _nest),
]
