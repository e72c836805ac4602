"""Private op editing done by graph_editor / gradient-checkpointing / converter code:
_update_input, _add_control_input(s), _control_outputs, _remove_all_control_inputs, _set_attr
with AttrValue protos, _set_device, and set_shape with its errors; what node_def and
as_graph_def then show and what the session computes."""

TAGS = ['tooling', 'graph']


def _err(fn):
    try:
        r = fn()
        return 'ok %s' % (r,)
    except Exception as e:
        return '%s: %s' % (type(e).__name__, str(e).split('\n')[0])


def main(tf):
    out = {}
    g = tf.get_default_graph()
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]], name='a')
    b = tf.constant([[0.5, 0.0], [0.0, 2.0]], name='b')
    c = tf.constant([[1.0, 1.0], [1.0, 1.0]], name='c')
    mm = tf.matmul(a, b, name='mm')
    s = tf.add(mm, 1.0, name='s')
    v0 = g.version
    mm.op._update_input(1, c)
    out['version_bumped'] = g.version > v0
    out['mm_inputs'] = [t.name for t in mm.op.inputs]
    out['c_consumers'] = [o.name for o in c.consumers()]
    out['b_consumers'] = [o.name for o in b.consumers()]
    out['err_update_index'] = _err(lambda: mm.op._update_input(5, c))
    with tf.control_dependencies(None):
        n1 = tf.no_op(name='n1')
        n2 = tf.no_op(name='n2')
    s.op._add_control_input(n1)
    s.op._add_control_inputs([n2, n1])
    out['s_ctrl'] = [o.name for o in s.op.control_inputs]
    out['s_nd'] = list(s.op.node_def.input)
    out['n1_ctrl_outputs'] = [o.name for o in n1._control_outputs]
    s.op._remove_all_control_inputs()
    out['s_ctrl_after'] = [o.name for o in s.op.control_inputs]
    out['s_nd_after'] = list(s.op.node_def.input)
    # attrs via AttrValue protos (tfcompat exposes them through its own proto module)
    av = mm.op.node_def.attr['transpose_a']
    av.b = True
    mm.op._set_attr('transpose_a', av)
    tb = mm.op.node_def.attr['transpose_b']
    tb.b = False
    mm.op._set_attr('transpose_b', tb)
    out['transpose_a'] = mm.op.get_attr('transpose_a')
    out['nd_transpose_a'] = mm.op.node_def.attr['transpose_a'].b
    sa = mm.op.node_def.attr['T']
    mm.op._set_attr('_my_note', type(sa)(s=b'hello'))
    out['note'] = mm.op.get_attr('_my_note')
    out['nd_keys'] = sorted(mm.op.node_def.attr.keys())
    lst = type(sa)()
    lst.list.i.extend([1, 2, 3])
    mm.op._set_attr('_my_list', lst)
    out['list_attr'] = mm.op.get_attr('_my_list')
    mm.op._set_device('/device:CPU:0')
    out['mm_device'] = mm.op.device
    out['mm_nd_device'] = mm.op.node_def.device
    gd = g.as_graph_def()
    node = [n for n in gd.node if n.name == 'mm'][0]
    out['gd_mm_inputs'] = list(node.input)
    out['gd_mm_attrs'] = sorted(node.attr.keys())
    out['gd_mm_ta'] = node.attr['transpose_a'].b
    with tf.Session() as sess:
        out['s_val'] = sess.run(s)
        out['mm_val'] = sess.run(mm)
    p = tf.placeholder(tf.float32, name='p')
    out['p_shape0'] = str(p.shape)
    p.set_shape([None, 3])
    out['p_shape1'] = str(p.shape)
    p.set_shape([2, None])
    out['p_shape2'] = str(p.shape)
    out['err_set_shape'] = _err(lambda: p.set_shape([3, 3]))
    out['err_set_rank'] = _err(lambda: p.set_shape([2, 3, 1]))
    q = tf.reshape(p, [-1])
    out['q_shape'] = str(q.shape)
    out['p_nd_shape'] = str(tf.TensorShape(p.op.node_def.attr['shape'].shape))
    return out
