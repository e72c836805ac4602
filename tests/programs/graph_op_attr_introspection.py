"""Op introspection of 2017-2019 graph tooling (TensorBoard-style graph dumps, converters
checking attrs): get_attr of every attr in node_def (type, shape, list(int), string, bool, float,
tensor, defaulted attrs like MatMul grad_a), op.values(), colocation_groups, consumers, value_index,
graph.version and graph_def_versions."""
import numpy as np

TAGS = ['tooling']


def _attr_repr(v):
    if hasattr(v, 'as_list'):
        return 'shape:' + str(v)
    if hasattr(v, 'name') and hasattr(v, 'is_floating'):
        return 'dtype:' + v.name
    if hasattr(v, 'ListFields'):
        return 'proto:' + type(v).__name__
    if isinstance(v, bytes):
        return 'bytes:' + v.decode()
    if isinstance(v, list):
        return 'list:' + ','.join(_attr_repr(x) for x in v)
    return type(v).__name__ + ':' + str(v)


def main(tf):
    out = {}
    g = tf.get_default_graph()
    x = tf.placeholder(tf.float32, [None, 8, 8, 3], name='images')
    w = tf.constant(np.ones((3, 3, 3, 4), np.float32), name='kernel')
    conv = tf.nn.conv2d(x, w, strides=[1, 2, 2, 1], padding='SAME', name='conv')
    pool = tf.nn.max_pool(conv, [1, 2, 2, 1], [1, 1, 1, 1], 'VALID', name='pool')
    s = tf.split(pool, 2, axis=3, name='split')
    cat = tf.concat(s[::-1], axis=-1, name='cat')
    cast = tf.cast(cat, tf.float16, name='cast')
    red = tf.reduce_mean(cat, axis=[1, 2], keepdims=True, name='mean')
    tr = tf.transpose(red, [0, 3, 1, 2], name='tr')
    sl = tf.strided_slice(tr, [0, 1], [0, 3], [1, 1], begin_mask=1, end_mask=1,
                          shrink_axis_mask=0, name='ss')
    mm = tf.matmul(tf.reshape(cat, [-1, 4]), tf.ones([4, 2]), transpose_b=False,
                   name='mm')
    lrelu = tf.nn.leaky_relu(mm, alpha=0.3, name='lrelu')
    topk = tf.nn.top_k(lrelu, k=1, name='topk')
    with g.colocate_with(mm.op):
        coloc = tf.identity(lrelu, name='coloc')
    attrs = {}
    for op in g.get_operations():
        nd = op.node_def
        for key in sorted(nd.attr):
            try:
                attrs['%s.%s' % (op.name, key)] = _attr_repr(op.get_attr(key))
            except Exception as e:  # noqa
                attrs['%s.%s' % (op.name, key)] = 'ERR ' + type(e).__name__
    out['attrs'] = sorted('%s=%s' % kv for kv in attrs.items())
    out['op_order'] = [op.name for op in g.get_operations()]
    out['types'] = [op.type for op in g.get_operations()]
    out['split_values'] = [t.name for t in s[0].op.values()]
    out['split_outputs'] = [str(t.shape) for t in s[0].op.outputs]
    out['topk_values'] = [t.name + ':' + t.dtype.name for t in topk.indices.op.values()]
    out['coloc'] = [c.decode() for c in coloc.op.colocation_groups()]
    out['mm_coloc'] = [c.decode() for c in mm.op.colocation_groups()]
    out['coloc_attr'] = [c.decode() for c in coloc.op.get_attr('_class')]
    try:
        mm.op.get_attr('nonexistent')
    except Exception as e:
        out['missing_attr'] = [type(e).__name__, str(e)]
    out['nd_name'] = conv.op.node_def.name
    out['nd_op'] = conv.op.node_def.op
    out['nd_inputs'] = list(mm.op.node_def.input)
    out['nd_device'] = mm.op.node_def.device
    out['inputs'] = [t.name for t in mm.op.inputs]
    out['consumers'] = sorted(o.name for o in mm.consumers())
    out['value_index'] = [t.value_index for t in s]
    out['cast_dtype'] = cast.dtype.name
    out['sl_shape'] = str(sl.shape)
    out['graph_version'] = int(g.version)
    out['graph_def_versions_min'] = int(g.graph_def_versions.min_consumer)
    # _set_attr: flip transpose_a via attr_value proto
    return out
