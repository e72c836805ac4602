"""MonitoredTrainingSession loops of 2017-2018 trainers: StopAtStepHook, NanTensorHook,
LoggingTensorHook with a formatter, FeedFnHook, FinalOpsHook and a chief-only
CheckpointSaverHook with a CheckpointSaverListener; checkpoint files, checkpoint state and the
saved variables read back with NewCheckpointReader."""
import os

import numpy as np

TAGS = ['train', 'saver']
TOLERANCE = {'*': (1e-5, 1e-6)}


def main(tf):
    out = {}
    tf.set_random_seed(7)
    rng = np.random.RandomState(3)
    data = rng.randn(64, 4).astype(np.float32)
    target = data.dot(np.array([[1.0], [-2.0], [0.5], [3.0]], np.float32))
    global_step = tf.train.get_or_create_global_step()
    x = tf.placeholder(tf.float32, [None, 4], name='x')
    y = tf.placeholder(tf.float32, [None, 1], name='y')
    pred = tf.layers.dense(x, 1, kernel_initializer=tf.glorot_uniform_initializer(seed=1))
    loss = tf.losses.mean_squared_error(y, pred)
    tf.summary.scalar('loss', loss)
    train_op = tf.train.MomentumOptimizer(0.05, 0.9).minimize(loss, global_step=global_step)
    mean_loss, mean_update = tf.metrics.mean(loss)
    counter = {'i': 0}

    def feed_fn():
        i = counter['i'] % 8
        counter['i'] += 1
        return {x: data[i * 8:(i + 1) * 8], y: target[i * 8:(i + 1) * 8]}

    events = []

    class Listener(tf.train.CheckpointSaverListener):
        def begin(self):
            events.append('begin')

        def before_save(self, session, global_step_value):
            events.append('before_save %d' % global_step_value)

        def after_save(self, session, global_step_value):
            events.append('after_save %d' % global_step_value)

        def end(self, session, global_step_value):
            events.append('end %d' % global_step_value)

    logged = []
    ckpt = os.path.abspath('train_dir')
    final_hook = tf.train.FinalOpsHook([mean_loss, global_step])
    hooks = [tf.train.StopAtStepHook(last_step=10),
             tf.train.NanTensorHook(loss),
             tf.train.LoggingTensorHook({'loss': loss, 'step': global_step}, every_n_iter=3,
                                        formatter=lambda d: logged.append('%d' % d['step']) or 'x'),
             tf.train.FeedFnHook(feed_fn),
             final_hook]
    chief_only = [tf.train.CheckpointSaverHook(ckpt, save_steps=4, listeners=[Listener()])]
    with tf.train.MonitoredTrainingSession(checkpoint_dir=ckpt, hooks=hooks,
                                           chief_only_hooks=chief_only, save_checkpoint_secs=None,
                                           save_summaries_steps=5, log_step_count_steps=None) as sess:
        losses = []
        while not sess.should_stop():
            _, l, _ = sess.run([train_op, loss, mean_update])
            losses.append(l)
    out['losses'] = np.array(losses)
    out['final'] = final_hook.final_ops_values
    out['events'] = events
    out['logged'] = logged
    out['files'] = sorted(f for f in os.listdir(ckpt) if not f.startswith('events.'))
    out['n_events'] = len([f for f in os.listdir(ckpt) if f.startswith('events.')])
    state = tf.train.get_checkpoint_state(ckpt)
    out['latest'] = os.path.basename(state.model_checkpoint_path)
    out['all'] = [os.path.basename(p) for p in state.all_model_checkpoint_paths]
    reader = tf.train.NewCheckpointReader(tf.train.latest_checkpoint(ckpt))
    out['ckpt_vars'] = sorted(reader.get_variable_to_shape_map())
    out['gs_saved'] = reader.get_tensor('global_step')
    return out
