"""Custom SessionRunHooks of 2017-2018 trainers (tensor2tensor / official models style):
before_run returning SessionRunArgs with a fetch dict, feed_dict and RunOptions; after_run reading
run_values and calling request_stop; a Scaffold with init_fn and local_init_op through
ChiefSessionCreator and MonitoredSession (ready ops' names included); SingularMonitoredSession
with StopAtStepHook and raw_session()."""
import os
import numpy as np

TAGS = ['train', 'tooling']


def main(tf):
    out = {}
    tf.set_random_seed(5)
    log = []
    gs = tf.train.get_or_create_global_step()
    x = tf.placeholder(tf.float32, [None, 2], name='x')
    lr = tf.placeholder_with_default(0.1, [], name='lr')
    w = tf.get_variable('w', [2, 1], initializer=tf.constant_initializer([[0.5], [-0.5]]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
    gs_now = tf.add(gs, 0, name='gs_now')   # the step before this run's update
    with tf.control_dependencies([gs_now]):
        train_op = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=gs)
    counter = tf.get_variable('counter', [], tf.int32, tf.zeros_initializer(),
                              collections=[tf.GraphKeys.LOCAL_VARIABLES])
    bump = tf.assign_add(counter, 1)
    data = np.array([[1.0, 2.0], [0.5, -1.0]], np.float32)

    class LossHook(tf.train.SessionRunHook):
        def begin(self):
            log.append('begin')
            self._gs = tf.train.get_global_step()

        def after_create_session(self, session, coord):
            log.append('after_create %d' % session.run(self._gs))

        def before_run(self, run_context):
            log.append('before %s' % sorted(run_context.original_args.fetches.keys())
                       if isinstance(run_context.original_args.fetches, dict) else 'before')
            return tf.train.SessionRunArgs({'loss': loss, 'step': gs_now, 'count': bump},
                                           feed_dict={lr: 0.05},
                                           options=tf.RunOptions(timeout_in_ms=60000))

        def after_run(self, run_context, run_values):
            r = run_values.results
            log.append('after step=%d count=%d loss=%.5f' % (r['step'], r['count'], r['loss']))
            if r['step'] >= 3:
                log.append('stop requested')
                run_context.request_stop()
            out.setdefault('sess_types', run_context.session is not None)

        def end(self, session):
            log.append('end %d' % session.run(self._gs))

    init_calls = []
    set_w = w.assign([[1.0], [1.0]])

    def init_fn(scaffold, sess):
        init_calls.append(type(scaffold).__name__)
        sess.run(set_w)

    scaffold = tf.train.Scaffold(init_fn=init_fn,
                                 local_init_op=tf.local_variables_initializer())
    creator = tf.train.ChiefSessionCreator(scaffold=scaffold, checkpoint_dir=None)
    steps = []
    with tf.train.MonitoredSession(session_creator=creator, hooks=[LossHook()]) as sess:
        while not sess.should_stop():
            r = sess.run({'train': train_op, 'loss': loss}, feed_dict={x: data})
            steps.append(float(r['loss']))
        out['should_stop'] = sess.should_stop()
    out['closed_should_stop'] = True
    out['steps'] = np.array(steps)
    out['log'] = log
    out['init_calls'] = init_calls
    out['scaffold_saver'] = type(scaffold.saver).__name__
    out['scaffold_finalized'] = tf.get_default_graph().finalized
    out['ready_op_name'] = scaffold.ready_op.name
    out['ready_for_local'] = scaffold.ready_for_local_init_op.name
    # SingularMonitoredSession on a new graph with a checkpoint dir
    with tf.Graph().as_default():
        gs2 = tf.train.get_or_create_global_step()
        v = tf.Variable(3.0, name='v')
        inc = tf.group(tf.assign_add(v, 1.0), tf.assign_add(gs2, 1))
        ckpt = os.path.abspath('singular')
        hooks = [tf.train.StopAtStepHook(num_steps=3)]
        seen = []
        with tf.train.SingularMonitoredSession(hooks=hooks, checkpoint_dir=ckpt) as sess:
            out['raw_type'] = type(sess.raw_session()).__name__
            while not sess.should_stop():
                sess.run(inc)
                seen.append(sess.raw_session().run([v, gs2]))
        out['singular_seen'] = np.array(seen, np.float64)
        out['singular_files'] = sorted(os.listdir(ckpt)) if os.path.isdir(ckpt) else []
    return out
