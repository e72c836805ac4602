"""Parameter-server placement of 2016-2018 distributed trainers (mnist_replica.py, the cifar10
and inception distributed scripts): tf.train.ClusterSpec, replica_device_setter with round-robin
ps_tasks, a cluster with worker_device and ps_strategy (contrib's GreedyLoadBalancingStrategy
with byte_size_load_fn; TF 1.15's copy inline where tf.contrib is absent), merged device specs
and custom ps_ops; results are each variable's and op's .device string."""
import numpy as np

TAGS = ['tooling', 'variables']


class _Greedy(object):
    def __init__(self, num_tasks, load_fn):
        self._load_fn = load_fn
        self._ps_loads = np.zeros(num_tasks)

    def __call__(self, op):
        task = np.argmin(self._ps_loads)
        self._ps_loads[task] += self._load_fn(op)
        return task


def _byte_size(tf, op):
    output = op.outputs[0]
    shape = output.get_shape()
    if not shape.is_fully_defined():
        shape = tf.TensorShape(op.get_attr("shape"))
    return shape.num_elements() * output.dtype.size


def build(tf):
    w1 = tf.get_variable('w1', [100, 50])
    b1 = tf.get_variable('b1', [50])
    w2 = tf.get_variable('w2', [50, 10])
    b2 = tf.get_variable('b2', [10])
    emb = tf.get_variable('emb', [1000, 16])
    x = tf.placeholder(tf.float32, [None, 100], name='x')
    h = tf.nn.relu(tf.matmul(x, w1) + b1)
    y = tf.matmul(h, w2) + b2
    gs = tf.train.get_or_create_global_step()
    return [w1, b1, w2, b2, emb, gs], y


def main(tf):
    out = {}
    cluster = tf.train.ClusterSpec({'ps': ['ps0:2222', 'ps1:2222', 'ps2:2222'],
                                    'worker': ['w0:2222', 'w1:2222']})
    out['jobs'] = cluster.jobs
    out['num_ps'] = cluster.num_tasks('ps')
    out['ps_addr'] = cluster.task_address('ps', 1)
    with tf.Graph().as_default():
        with tf.device(tf.train.replica_device_setter(ps_tasks=3)):
            vs, y = build(tf)
        out['rr_vars'] = [v.device for v in vs]
        out['rr_y'] = y.device
    with tf.Graph().as_default():
        contrib = getattr(tf, 'contrib', None)
        if contrib is not None:
            strat = contrib.training.GreedyLoadBalancingStrategy(3, contrib.training.byte_size_load_fn)
        else:  # TF 2.21 has no contrib: TF 1.15's device_setter.py, verbatim
            strat = _Greedy(3, lambda op: _byte_size(tf, op))
        with tf.device(tf.train.replica_device_setter(
                cluster=cluster, worker_device='/job:worker/task:1', ps_strategy=strat)):
            vs, y = build(tf)
            with tf.device('/cpu:0'):
                z = tf.identity(y, name='z')
        out['greedy_vars'] = [v.device for v in vs]
        out['greedy_y'] = y.device
        out['z'] = z.device
        out['init_dev'] = vs[0].initializer.device
        out['read_dev'] = vs[0].value().device
    with tf.Graph().as_default():
        with tf.device(tf.train.replica_device_setter(ps_tasks=2, ps_device='/job:ps/cpu:0',
                                                      worker_device='/job:worker/task:0/gpu:0',
                                                      merge_devices=True,
                                                      ps_ops=['VariableV2', 'Variable', 'VarHandleOp'])):
            vs, y = build(tf)
        out['m_vars'] = [v.device for v in vs]
        out['m_y'] = y.device
    return out
