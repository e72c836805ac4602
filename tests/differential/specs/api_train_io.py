"""Public names of tf.train, tf.saved_model, tf.gfile / tf.io.gfile, tf.summary and tf.python_io,
as programs: what a TF1 script does with them (save, restore, list, load, iterate), with every
Python-side result turned into a constant so that TF and tfcompat are compared value by value."""
import os
import tempfile

import numpy as np

from harness import Program


def facts(tf, **values):
    """Python results (str, bool, int, float, lists of them) as fetchable constants."""
    out = {}
    for key, value in values.items():
        if isinstance(value, (list, tuple)) and not value:
            value = np.zeros([0], np.int32)
        out[key] = tf.constant(value)
    return out


def _tmp():
    return tempfile.mkdtemp(prefix="tfc_diff_")


def _saved_model_constants(tf):
    sm = tf.saved_model
    names = [sm.ASSETS_DIRECTORY, sm.ASSETS_KEY, sm.CLASSIFY_INPUTS, sm.CLASSIFY_METHOD_NAME,
             sm.CLASSIFY_OUTPUT_CLASSES, sm.CLASSIFY_OUTPUT_SCORES,
             sm.DEFAULT_SERVING_SIGNATURE_DEF_KEY, sm.GPU, sm.LEGACY_INIT_OP_KEY, sm.MAIN_OP_KEY,
             sm.PREDICT_INPUTS, sm.PREDICT_METHOD_NAME, sm.PREDICT_OUTPUTS, sm.REGRESS_INPUTS,
             sm.REGRESS_METHOD_NAME, sm.REGRESS_OUTPUTS, sm.SAVED_MODEL_FILENAME_PB,
             sm.SAVED_MODEL_FILENAME_PBTXT, sm.SERVING, sm.TPU, sm.TRAINING,
             sm.VARIABLES_DIRECTORY, sm.VARIABLES_FILENAME]
    modules = [sm.constants.ASSETS_DIRECTORY, sm.constants.ASSETS_KEY, sm.constants.LEGACY_INIT_OP_KEY, sm.constants.MAIN_OP_KEY,
               sm.constants.SAVED_MODEL_FILENAME_PB, sm.constants.SAVED_MODEL_FILENAME_PBTXT, sm.constants.VARIABLES_DIRECTORY,
               sm.constants.VARIABLES_FILENAME, sm.signature_constants.CLASSIFY_INPUTS, sm.signature_constants.CLASSIFY_METHOD_NAME,
               sm.signature_constants.CLASSIFY_OUTPUT_CLASSES, sm.signature_constants.CLASSIFY_OUTPUT_SCORES,
               sm.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY, sm.signature_constants.PREDICT_INPUTS, sm.signature_constants.PREDICT_METHOD_NAME,
               sm.signature_constants.PREDICT_OUTPUTS, sm.signature_constants.REGRESS_INPUTS, sm.signature_constants.REGRESS_METHOD_NAME, sm.signature_constants.REGRESS_OUTPUTS,
               sm.tag_constants.GPU, sm.tag_constants.SERVING, sm.tag_constants.TPU, sm.tag_constants.TRAINING]
    return facts(tf, names=names, modules=modules,
                 versions=[sm.SAVED_MODEL_SCHEMA_VERSION, sm.constants.SAVED_MODEL_SCHEMA_VERSION]), {}


def _signature_fields(signature):
    return [signature.method_name] + sorted(
        "%s=%s" % (k, v.name) for k, v in list(signature.inputs.items()) + list(signature.outputs.items()))


def _saved_model_signatures(tf):
    sm = tf.saved_model
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.identity(x * 2.0, name="y")
    serialized = tf.placeholder(tf.string, [None], name="examples")
    info = sm.build_tensor_info(x)
    infos = [info, sm.utils.build_tensor_info(y)]
    predict = sm.predict_signature_def({"x": x}, {"y": y})
    regress = sm.regression_signature_def(serialized, y)
    classify = sm.classification_signature_def(serialized, tf.constant(["a"]), y)
    built = sm.build_signature_def({"x": info}, {"y": infos[1]}, "custom/method")
    built2 = sm.signature_def_utils.build_signature_def({"x": info}, {"y": infos[1]},
                                                        sm.PREDICT_METHOD_NAME)
    utils = sm.signature_def_utils
    fields = (_signature_fields(predict) + _signature_fields(regress) + _signature_fields(classify)
              + _signature_fields(built) + _signature_fields(built2)
              + _signature_fields(utils.predict_signature_def({"a": x}, {"b": y}))
              + _signature_fields(utils.regression_signature_def(serialized, y))
              + _signature_fields(utils.classification_signature_def(serialized, None, y)))
    valid = [sm.is_valid_signature(predict), sm.is_valid_signature(built),
             utils.is_valid_signature(regress), utils.is_valid_signature(classify)]
    back = sm.get_tensor_from_tensor_info(info)
    back2 = sm.utils.get_tensor_from_tensor_info(infos[1])
    out = facts(tf, fields=fields, valid=valid,
                info=[info.name, str(info.dtype), str(info.tensor_shape.dim[1].size)])
    out["back"] = back2 + back
    return out, {x: [[1.0, 2.0]]}


def _saved_model_round_trip(tf):
    sm = tf.saved_model
    base = _tmp()
    results = []
    for kind in ("builder", "Builder", "simple_save"):
        path = os.path.join(base, kind)
        with tf.Graph().as_default():
            v = tf.Variable([1.0, 2.0], name="v")
            x = tf.placeholder(tf.float32, [2], name="x")
            y = tf.identity(x * v, name="y")
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                if kind == "simple_save":
                    sm.simple_save(sess, path, {"x": x}, {"y": y})
                else:
                    cls = sm.builder.SavedModelBuilder if kind == "builder" else sm.Builder
                    b = cls(path)
                    b.add_meta_graph_and_variables(
                        sess, [sm.tag_constants.SERVING],
                        signature_def_map={"serving_default": sm.predict_signature_def({"x": x}, {"y": y})},
                        main_op=sm.main_op.main_op() if kind == "builder" else sm.main_op_with_restore(
                            tf.no_op(name="restore")))
                    b.save()
        results.append(sm.contains_saved_model(path))
        results.append(sm.maybe_saved_model_directory(path))
        results.append(sm.loader.maybe_saved_model_directory(path + "_missing"))
        for loader in (sm.load, sm.loader.load):
            with tf.Graph().as_default():
                with tf.Session() as sess:
                    meta = loader(sess, [sm.SERVING], path)
                    sig = meta.signature_def["serving_default"]
                    value = sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: [3.0, 4.0]})
                    results.extend(float(t) for t in value)
    with_restore = sm.main_op.main_op_with_restore(tf.no_op(name="restore_all"))
    return facts(tf, results=[str(r) for r in results],
                 main_op_type=str(type(with_restore).__name__)), {}


def _checkpoint_utilities(tf):
    train = tf.train
    d = _tmp()
    prefix = os.path.join(d, "model.ckpt")
    v = tf.Variable([[1.0, 2.0]], name="weights")
    step = train.create_global_step()
    gs = train.global_step
    saver = train.Saver()
    out = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out.append(int(gs(sess, step)))
        first = saver.save(sess, prefix, global_step=1)
        second = saver.save(sess, prefix, global_step=2)
    out.append(os.path.basename(train.latest_checkpoint(d)))
    state = train.get_checkpoint_state(d)
    out += [os.path.basename(state.model_checkpoint_path), len(state.all_model_checkpoint_paths)]
    out += [train.checkpoint_exists(first), train.checkpoint_exists(prefix + "-9")]
    out.append(len(train.get_checkpoint_mtimes([first, second])))
    out += sorted("%s:%s" % (n, s) for n, s in train.list_variables(second))
    out.append(str(train.load_variable(second, "weights").tolist()))
    reader = train.load_checkpoint(second)
    out.append(sorted(reader.get_variable_to_shape_map()).__repr__())
    out.append(str(train.NewCheckpointReader(second).get_tensor("global_step")))
    proto = train.generate_checkpoint_state_proto(d, second, [first, second])
    out += [os.path.basename(proto.model_checkpoint_path), len(proto.all_model_checkpoint_paths)]
    train.update_checkpoint_state(d, first, [first])
    out.append(os.path.basename(train.latest_checkpoint(d)))
    train.remove_checkpoint(second)
    out.append(train.checkpoint_exists(second))
    files = list(train.checkpoints_iterator(d, timeout=0.1))
    out.append(len(files))
    with tf.Graph().as_default():
        w = tf.get_variable("weights", [1, 2])
        train.init_from_checkpoint(first, {"weights": "weights"})
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            out.append(str(sess.run(w).tolist()))
    with tf.Graph().as_default():
        meta_path = os.path.join(d, "exported.meta")
        a = tf.Variable(3.0, name="a")
        b = tf.multiply(a, 2.0, name="b")
        train.export_meta_graph(meta_path)
        train.write_graph(tf.get_default_graph(), d, "graph.pbtxt")
    with tf.Graph().as_default():
        restorer = train.import_meta_graph(meta_path)
        with tf.Session() as sess:
            sess.run(tf.get_default_graph().get_tensor_by_name("a/Assign:0").op)
            out.append(float(sess.run("b:0")))
        out.append(type(restorer).__name__)
    out.append(os.path.exists(os.path.join(d, "graph.pbtxt")))
    return facts(tf, out=[str(o) for o in out]), {}


def _queues_and_input_producers(tf):
    train = tf.train
    strings = train.string_input_producer(["a", "b", "c"], shuffle=False, num_epochs=1)
    rng = train.range_input_producer(4, shuffle=False)
    sliced = train.slice_input_producer([tf.constant([1, 2, 3])], shuffle=False)
    inputs = train.input_producer(tf.constant([[1.0], [2.0]]), shuffle=False)
    limited = train.limit_epochs(tf.constant([7, 8]), num_epochs=2)
    batched = train.batch_join([[tf.constant(1)], [tf.constant(2)]], batch_size=4)
    shuffled = train.shuffle_batch([tf.constant([1.0, 2.0])], 3, capacity=10, min_after_dequeue=2, seed=1)
    shuffled_join = train.shuffle_batch_join([[tf.constant([3.0])]], 2, capacity=8, min_after_dequeue=1)
    queue = tf.FIFOQueue(4, [tf.int32])
    enqueue = queue.enqueue([tf.constant(5)])
    runner = train.QueueRunner(queue, [enqueue])
    train.add_queue_runner(runner)
    train.queue_runner.add_queue_runner(train.queue_runner.QueueRunner(queue, [enqueue]))
    values = {"strings": [], "range": [], "sliced": [], "inputs": [], "limited": []}
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = train.Coordinator()
        threads = train.start_queue_runners(sess, coord)
        threads += train.queue_runner.start_queue_runners(sess, coord, start=False)
        for _ in range(3):
            values["strings"].append(sess.run(strings.dequeue()).decode())
        for _ in range(4):
            values["range"].append(int(sess.run(rng.dequeue())))
        values["sliced"] = [int(sess.run(sliced[0])) for _ in range(3)]
        values["inputs"] = [float(sess.run(inputs.dequeue())[0]) for _ in range(2)]
        values["limited"] = [sess.run(limited).tolist() for _ in range(2)]
        shapes = [list(sess.run(batched)[0].shape), list(sess.run(shuffled)[0].shape),
                  list(sess.run(shuffled_join)[0].shape), int(sess.run(queue.dequeue()))]
        coord.request_stop()
        coord.join(threads, stop_grace_period_secs=5)
        stopped = coord.should_stop()
    return facts(tf, strings=values["strings"], range=values["range"], sliced=values["sliced"],
                 inputs=values["inputs"], limited=values["limited"], shapes=str(shapes),
                 stopped=stopped), {}


def _monitored_sessions(tf):
    train = tf.train
    d = _tmp()
    step = train.get_or_create_global_step()
    v = tf.Variable(1.0)
    loss = tf.square(v)
    op = train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
    train.assert_global_step(step)
    log = []

    class Recorder(train.SessionRunHook):
        def before_run(self, run_context):
            assert isinstance(run_context, train.SessionRunContext)
            return train.SessionRunArgs(loss)

        def after_run(self, run_context, run_values):
            assert isinstance(run_values, train.SessionRunValues)
            log.append(round(float(run_values.results), 5))

    class Listener(train.CheckpointSaverListener):
        def after_save(self, session, global_step_value):
            log.append("saved")

    hooks = [Recorder(), train.StopAtStepHook(last_step=3), train.NanTensorHook(loss),
             train.LoggingTensorHook({"loss": loss}, every_n_iter=100),
             train.StepCounterHook(every_n_steps=100, output_dir=d),
             train.SummarySaverHook(save_steps=100, output_dir=d, summary_op=tf.summary.scalar("l", loss)),
             train.CheckpointSaverHook(d, save_steps=100, listeners=[Listener()]),
             train.FeedFnHook(lambda: {}), train.FinalOpsHook(loss),
             train.GlobalStepWaiterHook(0)]
    with train.MonitoredTrainingSession(checkpoint_dir=d, hooks=hooks, save_summaries_steps=None,
                                        save_checkpoint_secs=None, log_step_count_steps=None) as sess:
        while not sess.should_stop():
            sess.run(op)
    timer = train.SecondOrStepTimer(every_steps=2)
    with train.SingularMonitoredSession(checkpoint_dir=d) as sess:
        log.append(float(sess.run(v)))
    creator = train.ChiefSessionCreator(scaffold=train.Scaffold(), checkpoint_dir=d)
    with train.MonitoredSession(session_creator=creator) as sess:
        log.append(float(sess.run(v)))
    worker = train.WorkerSessionCreator(scaffold=train.Scaffold())
    log += [isinstance(worker, train.SessionCreator), timer.should_trigger_for_step(2),
            issubclass(train.NanLossDuringTrainingError, RuntimeError),
            type(train.SessionManager()).__name__, train.ProfilerHook.__name__,
            train.LooperThread.__name__, type(train.Server).__name__]
    return facts(tf, log=[str(x) for x in log]), {}


def _train_protos_and_cluster(tf):
    train = tf.train
    spec = train.ClusterSpec({"worker": ["w0:2222", "w1:2222"], "ps": ["p0:2222"]})
    # no parameter-server tasks: no placement (None) in TF too; tfcompat refuses ps tasks
    setter = train.replica_device_setter(cluster={"worker": ["w0:2222"]})
    with tf.device(setter):
        var = tf.Variable(1.0, name="var")
        op = tf.identity(var)
    example = train.SequenceExample()
    example.feature_lists.feature_list["f"].feature.add().int64_list.value.append(3)
    lists = train.FeatureLists(feature_list={"g": train.FeatureList(feature=[
        train.Feature(float_list=train.FloatList(value=[1.5]))])})
    saver_def = train.Saver([var]).as_saver_def()
    sync = train.SyncReplicasOptimizer(train.GradientDescentOptimizer(0.1), replicas_to_aggregate=1)
    return facts(tf, jobs=sorted(spec.jobs), workers=spec.num_tasks("worker"),
                 var_device=var.device, op_device=op.device,
                 example=len(example.SerializeToString()), lists=len(lists.SerializeToString()),
                 saver_def=[str(type(saver_def).__name__ == train.SaverDef.__name__),
                            saver_def.filename_tensor_name.split("/")[-1]],
                 optimizer=[isinstance(sync, train.Optimizer), setter is None]), {}


def _gfile_v1(tf):
    root, out = _tmp(), []
    tf.gfile.MakeDirs(os.path.join(root, "a", "b"))
    tf.gfile.MkDir(os.path.join(root, "c"))
    with tf.gfile.GFile(os.path.join(root, "f.txt"), "w") as f:
        f.write("hello")
    with tf.gfile.Open(os.path.join(root, "f.txt")) as f:
        out.append(f.read())
    with tf.gfile.FastGFile(os.path.join(root, "f.txt"), "rb") as f:
        out.append(f.read().decode())
    tf.gfile.Copy(os.path.join(root, "f.txt"), os.path.join(root, "g.txt"))
    tf.gfile.Rename(os.path.join(root, "g.txt"), os.path.join(root, "h.txt"))
    out += [tf.gfile.Exists(os.path.join(root, "h.txt")),
            tf.gfile.IsDirectory(os.path.join(root, "a")), sorted(tf.gfile.ListDirectory(root)),
            len(tf.gfile.Glob(os.path.join(root, "*.txt"))),
            tf.gfile.Stat(os.path.join(root, "f.txt")).length,
            sorted(os.path.relpath(p, root) for p, _, _ in tf.gfile.Walk(root))]
    tf.gfile.Remove(os.path.join(root, "h.txt"))
    tf.gfile.DeleteRecursively(os.path.join(root, "a"))
    out.append(sorted(tf.gfile.ListDirectory(root)))
    return facts(tf, out=[str(o) for o in out]), {}


def _gfile_v2(tf):
    root, out = _tmp(), []
    tf.io.gfile.makedirs(os.path.join(root, "a", "b"))
    tf.io.gfile.mkdir(os.path.join(root, "c"))
    with tf.io.gfile.GFile(tf.io.gfile.join(root, "f.txt"), "w") as f:
        f.write("hello")
    tf.io.gfile.copy(os.path.join(root, "f.txt"), os.path.join(root, "g.txt"))
    tf.io.gfile.rename(os.path.join(root, "g.txt"), os.path.join(root, "h.txt"))
    out += [tf.io.gfile.exists(os.path.join(root, "h.txt")),
            tf.io.gfile.isdir(os.path.join(root, "a")), sorted(tf.io.gfile.listdir(root)),
            len(tf.io.gfile.glob(os.path.join(root, "*.txt"))),
            tf.io.gfile.stat(os.path.join(root, "f.txt")).length,
            sorted(os.path.relpath(p, root) for p, _, _ in tf.io.gfile.walk(root))]
    tf.io.gfile.remove(os.path.join(root, "h.txt"))
    tf.io.gfile.rmtree(os.path.join(root, "a"))
    out.append(sorted(tf.io.gfile.listdir(root)))
    return facts(tf, out=[str(o) for o in out]), {}


def _records_and_summaries(tf):
    d = _tmp()
    path = os.path.join(d, "r.tfrecord")
    options = tf.io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)
    with tf.python_io.TFRecordWriter(path, options) as w:
        w.write(b"one")
        w.write(b"two")
    records = [r.decode() for r in tf.python_io.tf_record_iterator(path, tf.python_io.TFRecordOptions(
        tf.python_io.TFRecordCompressionType.GZIP))]
    records += [r.decode() for r in tf.io.tf_record_iterator(path, options)]
    x = tf.constant(2.0)
    summary = tf.summary.scalar("x", x)
    writer = tf.summary.FileWriter(d)
    cached = tf.summary.FileWriterCache.get(d)
    with tf.Session() as sess:
        writer.add_summary(sess.run(summary), 1)
        manual = tf.summary.Summary(value=[tf.summary.Summary.Value(tag="m", simple_value=3.0)])
        writer.add_summary(manual, 2)
        writer.add_event(tf.summary.Event(wall_time=1.0, step=3,
                                          session_log=tf.summary.SessionLog(status=tf.summary.SessionLog.START)))
        writer.add_run_metadata(tf.RunMetadata(), "meta", 4)
    writer.close()
    events = []
    for name in sorted(os.listdir(d)):
        if "tfevents" in name:
            for event in tf.train.summary_iterator(os.path.join(d, name)):
                events.append([int(event.step)] + sorted(v.tag for v in event.summary.value))
    description = tf.summary.SummaryDescription(type_hint="scalar")
    tagged = tf.summary.TaggedRunMetadata(tag="t")
    return facts(tf, records=records, events=str(events[1:]),
                 cache=[isinstance(cached, tf.summary.FileWriter)],
                 protos=[description.type_hint, tagged.tag,
                         str(tf.summary.get_summary_description(tf.NodeDef(
                             attr={"description": tf.AttrValue(s=description.SerializeToString())})).type_hint)],
                 v2=[str(type(tf.summary.all_v2_summary_ops()).__name__),
                     str(tf.summary.initialize() is None)]), {}


PROGRAMS = [
    Program("saved_model_constants", _saved_model_constants),
    Program("saved_model_signatures", _saved_model_signatures),
    Program("saved_model_round_trip", _saved_model_round_trip),
    Program("train_checkpoint_utilities", _checkpoint_utilities),
    Program("train_queues_input_producers", _queues_and_input_producers),
    Program("train_monitored_sessions", _monitored_sessions),
    Program("train_protos_cluster", _train_protos_and_cluster),
    Program("gfile_v1", _gfile_v1),
    Program("gfile_v2", _gfile_v2),
    Program("records_summaries", _records_and_summaries),
]
