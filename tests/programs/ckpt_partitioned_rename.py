"""Imitates object detection's get_variables_available_in_checkpoint and embedding code of
2017-2018: partitioned variables (min_max_variable_partitioner) saved by a sharded Saver with
_save_slice_info, restored under another partitioning, a renamed var_list dict filtered by the
reader's shape map, and a renamed save read back with list_variables/load_variable."""
import os
TAGS = ['saver', 'variables', 'embedding']


def main(tf):
    r = {}
    ck = os.path.join(os.getcwd(), 'p', 'model.ckpt')
    os.makedirs(os.path.dirname(ck))
    with tf.Graph().as_default():
        with tf.variable_scope('emb'):
            e = tf.get_variable('E', [7, 3], initializer=tf.random_normal_initializer(seed=4),
                                partitioner=tf.min_max_variable_partitioner(max_partitions=3,
                                                                            min_slice_size=16))
        with tf.variable_scope('net'):
            k = tf.get_variable('kernel', [3, 2], initializer=tf.random_normal_initializer(seed=5))
        parts = list(e)
        r['n_parts'] = len(parts)
        r['part_names'] = [p.name for p in parts]
        r['slice_info'] = [[p._save_slice_info.full_name, list(p._save_slice_info.full_shape),
                            list(p._save_slice_info.var_offset), list(p._save_slice_info.var_shape)]
                           for p in parts]
        r['spec'] = [p._save_slice_info.spec for p in parts]
        saver = tf.train.Saver(sharded=True)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            r['E'], r['k'] = s.run([e.as_tensor(), k])
            path = saver.save(s, ck)
        r['path'] = os.path.basename(path)
        r['files'] = sorted(os.listdir(os.path.dirname(ck)))
    r['listed'] = tf.train.list_variables(ck)
    with tf.Graph().as_default():
        with tf.variable_scope('emb'):
            e2 = tf.get_variable('E', [7, 3], partitioner=tf.fixed_size_partitioner(2))
        with tf.variable_scope('student'):
            k2 = tf.get_variable('W', [3, 2])
        # rename map as object detection's get_variables_available_in_checkpoint
        var_map = {'net/kernel': k2}
        reader = tf.train.NewCheckpointReader(ck)
        avail = reader.get_variable_to_shape_map()
        var_map = {n: v for n, v in var_map.items() if n in avail and avail[n] == v.shape.as_list()}
        r['var_map'] = sorted(var_map)
        saver2 = tf.train.Saver(var_map)
        saver3 = tf.train.Saver({'emb/E': e2})
        saver4 = tf.train.Saver([e2])
        r['s4_saveables'] = saver4.saver_def.restore_op_name
        with tf.Session() as s:
            saver2.restore(s, ck)
            saver3.restore(s, ck)
            r['E2'], r['k2'] = s.run([e2.as_tensor(), k2])
            s.run(tf.variables_initializer(list(e2)))
            saver4.restore(s, ck)
            r['E3'] = s.run(tf.concat(list(e2), 0))
            p = tf.train.Saver({'renamed/E': e2, 'renamed/K': k2}).save(s, os.path.join(os.getcwd(), 'q', 'r'))
        r['renamed_list'] = tf.train.list_variables(p)
        r['renamed_E'] = tf.train.load_variable(p, 'renamed/E')
    return r
