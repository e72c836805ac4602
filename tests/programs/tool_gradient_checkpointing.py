"""Gradient checkpointing in the style of OpenAI's memory_saving_gradients.py (2018): the
forward graph between checkpoints is copied with tf.contrib.graph_editor
(copy_with_input_replacements, reroute_ts, add_control_inputs, walks), gradients are taken
piecewise through stop_gradient'ed checkpoints, for checkpoints='collection' and an explicit
list, then used to train a small MLP for a few steps.

Under TF 2.x (no tf.contrib) the program falls back to plain tf.gradients, so the goldens hold
plain gradients: the checkpointed gradients must equal them."""
import numpy as np

TAGS = ['tooling', 'gradients']
TOLERANCE = {'*': (1e-5, 1e-6)}


def _toposort_levels(ts, within_ops, ge):
    """Checkpoint tensors grouped by depth: a group only depends on earlier groups."""
    ops = ge.get_forward_walk_ops([t.op for t in ts], within_ops=within_ops)
    deps = {o: set(op.inputs) for op in ops for o in op.outputs}
    levels, done = [], set()
    remaining = set(deps)
    while remaining:
        ready = {t for t in remaining if not (deps[t] & remaining)}
        levels.append(sorted((t for t in ready if t in ts), key=lambda t: t.name))
        done |= ready
        remaining -= ready
    return [level for level in levels if level]


def _backward_ops(ge, within_ops, seed_ops, stop_at_ts):
    ops = set(ge.get_backward_walk_ops(seed_ops, stop_at_ts=stop_at_ts))
    ops = ops.intersection(within_ops).difference([t.op for t in stop_at_ts])
    return sorted(ops, key=lambda op: op.name)


def _wait_for(ge, wait_ops, before_ops):
    for op in wait_ops:
        ge.add_control_inputs(op, [i for i in before_ops if i not in op.control_inputs])


def _copy_part(tf, ge, ops_to_copy, cuts, cut_replacements):
    _, info = ge.copy_with_input_replacements(ge.sgv(ops_to_copy), {})
    for origin_op, op in info._transformed_ops.items():
        op._set_device(origin_op.node_def.device)
    copied_ops = list(info._transformed_ops.values())
    ge.reroute_ts(cut_replacements, cuts, can_modify=copied_ops)
    return info, copied_ops


def checkpointed_gradients(tf, ys, xs, checkpoints='collection'):
    """memory_saving_gradients.gradients, condensed (no automatic checkpoint search)."""
    ge = tf.contrib.graph_editor
    bwd_ops = ge.get_backward_walk_ops([y.op for y in ys], inclusive=True)
    fwd_ops = ge.get_forward_walk_ops([x.op for x in xs], inclusive=True, within_ops=bwd_ops)
    xs_ops = [x.op for x in xs]
    fwd_ops = [op for op in fwd_ops if op.inputs and op not in xs_ops
               and '/read' not in op.name and '/Assign' not in op.name]
    ts_all = set(t for t in ge.filter_ts(fwd_ops, True) if '/read' not in t.name)
    if checkpoints == 'collection':
        checkpoints = tf.get_collection('checkpoints')
    checkpoints = sorted(set(checkpoints) & ts_all - set(ys) - set(xs), key=lambda t: t.name)
    if not checkpoints:
        raise Exception('no checkpoints nodes found or given as input! ')
    disconnected = {c: tf.stop_gradient(c, name=c.op.name + "_sg") for c in checkpoints}

    ops_to_copy = _backward_ops(ge, fwd_ops, [y.op for y in ys], checkpoints)
    info, copied_ops = _copy_part(tf, ge, ops_to_copy, checkpoints,
                                  [disconnected[c] for c in checkpoints])
    copied_ys = [info._transformed_ops[y.op]._outputs[0] for y in ys]
    boundary = [disconnected[c] for c in checkpoints]
    dv = tf.gradients(ys=copied_ys, xs=boundary + list(xs))
    _wait_for(ge, copied_ops + [g.op for g in dv if g is not None], [y.op for y in ys])
    d_checkpoints = dict(zip(checkpoints, dv[:len(checkpoints)]))
    d_xs = dv[len(checkpoints):]

    for ts in _toposort_levels(checkpoints, fwd_ops, ge)[::-1]:
        others = [c for c in checkpoints if c not in ts]
        ops_to_copy = _backward_ops(ge, fwd_ops, [c.op for c in ts], others)
        if not ops_to_copy:
            break
        info, copied_ops = _copy_part(tf, ge, ops_to_copy, others,
                                      [disconnected[c] for c in others])
        boundary = [info._transformed_ops[c.op]._outputs[0] for c in ts]
        dv = tf.gradients(boundary, [disconnected[c] for c in others] + list(xs),
                          grad_ys=[d_checkpoints[c] for c in ts])
        _wait_for(ge, copied_ops + [g.op for g in dv if g is not None],
                  [d_checkpoints[c].op for c in ts])
        for c, dc in zip(others, dv[:len(others)]):
            if dc is not None:
                d_checkpoints[c] = dc if d_checkpoints[c] is None else d_checkpoints[c] + dc
        for j, dx in enumerate(dv[len(others):]):
            if dx is not None:
                d_xs[j] = dx if d_xs[j] is None else d_xs[j] + dx
    return d_xs


def _mlp(tf, x, labels):
    rng = np.random.RandomState(7)
    sizes = [6, 10, 8, 4]
    h = x
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        with tf.variable_scope("layer%d" % i):
            w = tf.get_variable("w", initializer=rng.randn(n_in, n_out).astype(np.float32) * .5)
            b = tf.get_variable("b", initializer=np.full([n_out], 0.1, np.float32))
            h = tf.matmul(h, w) + b
            if i < len(sizes) - 2:
                h = tf.tanh(h) if i % 2 else tf.nn.relu(h)
                tf.add_to_collection('checkpoints', h)
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=labels, logits=h))


def main(tf):
    out = {}
    rng = np.random.RandomState(3)
    x_val = rng.randn(8, 6).astype(np.float32)
    y_val = rng.randint(0, 4, size=8).astype(np.int32)
    x = tf.placeholder(tf.float32, [None, 6], name="x")
    labels = tf.placeholder(tf.int32, [None], name="labels")
    loss = _mlp(tf, x, labels)
    params = tf.trainable_variables()
    plain = tf.gradients(loss, params)
    has_ge = getattr(getattr(tf, 'contrib', None), 'graph_editor', None) is not None
    if has_ge:
        by_collection = checkpointed_gradients(tf, [loss], params, 'collection')
        by_list = checkpointed_gradients(tf, [loss], params,
                                         [tf.get_collection('checkpoints')[1]])
    else:  # TF 2.x: no contrib.graph_editor; checkpointing would give the same numbers
        by_collection = by_list = plain
    with tf.control_dependencies(by_collection):  # every gradient before any update: with
        synced = [tf.identity(g) for g in by_collection]  # ref variables TF races otherwise
    train = tf.train.GradientDescentOptimizer(0.5).apply_gradients(zip(synced, params))
    feed = {x: x_val, labels: y_val}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['plain'] = sess.run(plain, feed)
        out['collection'] = sess.run(by_collection, feed)
        out['list'] = sess.run(by_list, feed)
        losses = []
        for _ in range(4):
            losses.append(sess.run([loss, train], feed)[0])
        out['losses'] = np.array(losses)
        out['trained'] = sess.run(params)
    out['param_names'] = [p.op.name for p in params]
    return out
