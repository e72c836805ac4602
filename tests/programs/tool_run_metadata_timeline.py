"""Profiling one training step the 2017 way: RunOptions(trace_level=FULL_TRACE) and RunMetadata
(step_stats, devices, node names), then tensorflow.python.client.timeline.Timeline
(...).generate_chrome_trace_format() written to timeline.json and its Chrome-trace structure."""
import json
import numpy as np

TAGS = ['tooling']


def main(tf):
    out = {}
    if tf.__name__.startswith('tfcompat'):   # `tfcompat run` maps the import below there
        timeline = tf.python.client.timeline
    else:
        from tensorflow.python.client import timeline
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [None, 8], name='x')
    y = tf.placeholder(tf.float32, [None, 1], name='y')
    h = tf.layers.dense(x, 16, activation=tf.nn.relu, name='hidden',
                        kernel_initializer=tf.glorot_uniform_initializer(seed=2))
    pred = tf.layers.dense(h, 1, name='out',
                           kernel_initializer=tf.glorot_uniform_initializer(seed=3))
    loss = tf.reduce_mean(tf.square(pred - y), name='loss')
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    rng = np.random.RandomState(0)
    feed = {x: rng.randn(32, 8).astype(np.float32), y: rng.randn(32, 1).astype(np.float32)}
    run_options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    out['trace_level'] = int(run_options.trace_level)
    out['levels'] = [int(tf.RunOptions.NO_TRACE), int(tf.RunOptions.SOFTWARE_TRACE),
                     int(tf.RunOptions.HARDWARE_TRACE), int(tf.RunOptions.FULL_TRACE)]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        md0 = tf.RunMetadata()
        sess.run(loss, feed_dict=feed, run_metadata=md0)
        out['untraced_has_step_stats'] = md0.HasField('step_stats')
        md = tf.RunMetadata()
        l0, _ = sess.run([loss, train_op], feed_dict=feed, options=run_options, run_metadata=md)
        out['loss0'] = l0
        out['has_step_stats'] = md.HasField('step_stats')
        out['n_dev'] = len(md.step_stats.dev_stats) > 0
        devs = [d.device for d in md.step_stats.dev_stats]
        out['cpu_dev'] = any(d.endswith('/device:CPU:0') for d in devs)
        nodes = set()
        for d in md.step_stats.dev_stats:
            for ns in d.node_stats:
                nodes.add(ns.node_name)
                assert ns.all_end_rel_micros >= 0
        out['has_loss_node'] = 'loss' in nodes
        out['has_kernel_read'] = 'hidden/kernel/read' in nodes
        out['has_apply'] = any(n.startswith('GradientDescent/update_hidden/kernel') for n in nodes)
        tl = timeline.Timeline(md.step_stats)
        trace = tl.generate_chrome_trace_format(show_memory=False)
        ct = json.loads(trace)
        out['trace_keys'] = sorted(ct.keys())
        names = set(e.get('name') for e in ct['traceEvents'])
        out['trace_has_process_name'] = 'process_name' in names
        ph = set(e.get('ph') for e in ct['traceEvents'])
        out['trace_ph_X'] = 'X' in ph
        out['trace_ph_M'] = 'M' in ph
        x_ev = [e for e in ct['traceEvents'] if e.get('ph') == 'X']
        out['x_event_keys'] = sorted(set(k for e in x_ev for k in e.keys()))
        matmul_ev = [e for e in x_ev if e['args'].get('name') == 'loss']
        out['args_keys'] = sorted(matmul_ev[0]['args'].keys())
        out['matmul_op'] = matmul_ev[0]['args']['op'] if matmul_ev else ''
        out['matmul_name'] = matmul_ev[0]['name'] if matmul_ev else ''
        with open('timeline.json', 'w') as f:
            f.write(trace)
        out['loss1'] = sess.run(loss, feed)
        pretty = tl.generate_chrome_trace_format(show_dataflow=False)
        out['pretty_indented'] = pretty.startswith('{\n')
    return out
