"""Monitored training that writes summaries (SummarySaverHook with a merged op, StepCounterHook),
Chrome traces (ProfilerHook), waits on GlobalStepWaiterHook and checkpoints through
CheckpointSaverHook with a listener; then reads the event files back with
tf.train.summary_iterator, before and after FileWriterCache.clear() (2018 TensorBoard-debugging
scripts)."""
import glob
import os
import numpy as np

TAGS = ['train', 'summary']


def read_events(tf, d):
    rows = []
    for path in sorted(glob.glob(os.path.join(d, 'events.out.tfevents.*'))):
        for e in tf.train.summary_iterator(path):
            if e.HasField('file_version'):
                rows.append(('version', int(e.step), e.file_version))
            elif e.HasField('summary'):
                for v in e.summary.value:
                    kind = v.WhichOneof('value')
                    val = round(v.simple_value, 5) if kind == 'simple_value' else kind
                    rows.append((v.tag, int(e.step), str(val)))
            elif e.HasField('graph_def'):
                rows.append(('graph', int(e.step), ''))
            elif e.HasField('meta_graph_def'):
                rows.append(('meta_graph', int(e.step), ''))
            elif e.HasField('session_log'):
                rows.append(('session_log', int(e.step), str(e.session_log.status)))
    return rows


def main(tf):
    out = {}
    tf.set_random_seed(11)
    gs = tf.train.get_or_create_global_step()
    x = tf.constant(np.linspace(-1, 1, 16).reshape(8, 2).astype(np.float32))
    y = tf.reduce_sum(x, axis=1, keepdims=True)
    w = tf.Variable([[0.1], [0.2]], name='w')
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
    loss_snap = tf.identity(loss * 1.0, name='loss_snap')
    s_loss = tf.summary.scalar('loss', loss_snap)
    s_hist = tf.summary.histogram('w_hist', w * 1.0)
    with tf.control_dependencies([loss_snap, s_loss, s_hist]):
        train_op = tf.train.GradientDescentOptimizer(0.2).minimize(loss, global_step=gs)
    summ_dir = os.path.abspath('summ')
    prof_dir = os.path.abspath('prof')
    ckpt_dir = os.path.abspath('ckpt')
    merged = tf.summary.merge([s_loss, s_hist])
    listen = []

    class L(tf.train.CheckpointSaverListener):
        def after_save(self, session, global_step_value):
            listen.append(global_step_value)

    hooks = [tf.train.StopAtStepHook(last_step=6),
             tf.train.SummarySaverHook(save_steps=2, output_dir=summ_dir, summary_op=merged),
             tf.train.StepCounterHook(every_n_steps=3, output_dir=summ_dir),
             tf.train.ProfilerHook(save_steps=3, output_dir=prof_dir),
             tf.train.GlobalStepWaiterHook(wait_until_step=0),
             tf.train.CheckpointSaverHook(ckpt_dir, save_steps=3, listeners=[L()])]
    losses = []
    with tf.train.MonitoredTrainingSession(hooks=hooks, save_summaries_steps=None,
                                           save_checkpoint_secs=None,
                                           log_step_count_steps=None) as sess:
        while not sess.should_stop():
            losses.append(sess.run([train_op, loss_snap])[1])
    out['losses'] = np.array(losses)
    out['listen'] = listen
    early = read_events(tf, ckpt_dir)   # before the writers are closed: what was flushed
    out['ckpt_early'] = [r for r in early if r[0] in ('version', 'graph')]
    tf.summary.FileWriterCache.clear()
    rows = read_events(tf, summ_dir)
    out['event_tags'] = [r for r in rows if r[0] in ('loss', 'w_hist', 'version', 'graph',
                                                      'meta_graph')]
    out['step_rate_steps'] = [r[1] for r in rows if r[0] == 'global_step/sec']
    out['n_event_files'] = len(glob.glob(os.path.join(summ_dir, 'events.*')))
    names = os.listdir(prof_dir)
    out['n_prof_events'] = len([n for n in names if n.startswith('events.out.tfevents.')])
    out['has_timelines'] = len([n for n in names if n.startswith('timeline-')]) > 0
    out['ckpt_files'] = sorted(f for f in os.listdir(ckpt_dir) if not f.startswith('events'))
    ck_rows = read_events(tf, ckpt_dir)
    out['ckpt_events'] = ck_rows
    import json
    with open(sorted(glob.glob(os.path.join(prof_dir, 'timeline-*.json')))[0]) as f:
        trace = json.load(f)
    out['trace_has_events'] = len(trace['traceEvents']) > 0
    return out
