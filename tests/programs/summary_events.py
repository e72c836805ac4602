"""Summaries: scalar/histogram/image/text/merge, family names, FileWriter add_graph and
add_summary, tags and values read back with summary_iterator."""
import glob
import os
import numpy as np
TAGS = ['summary']


def main(tf):
    out = {}
    x = tf.placeholder(tf.float32, [None])
    with tf.name_scope('train'):
        s1 = tf.summary.scalar('loss', tf.reduce_mean(x))
        s2 = tf.summary.histogram('values', x)
        s3 = tf.summary.scalar('lr', 0.5, family='opt')
    img = tf.summary.image('pic', tf.zeros([2, 4, 4, 3]), max_outputs=1)
    txt = tf.summary.text('note', tf.constant('hello'))
    merged = tf.summary.merge_all()
    out['names'] = np.array([s1.op.name, s2.op.name, s3.op.name, img.op.name, txt.op.name])
    d = os.path.abspath('logs')
    w = tf.summary.FileWriter(d, tf.get_default_graph())
    with tf.Session() as sess:
        for step in range(3):
            w.add_summary(sess.run(merged, {x: [1.0, 2.0, float(step)]}), step)
    w.close()
    ev = sorted(glob.glob(os.path.join(d, 'events.*')))
    tags, vals, kinds = [], [], []
    for e in tf.train.summary_iterator(ev[0]):
        kinds.append(e.WhichOneof('what'))
        for v in e.summary.value:
            tags.append('%d:%s' % (e.step, v.tag))
            if v.HasField('simple_value'):
                vals.append(v.simple_value)
            elif v.HasField('histo'):
                vals.append(v.histo.num + v.histo.sum)
    out['kinds'] = np.array(kinds)
    out['tags'] = np.array(tags)
    out['vals'] = np.array(vals, np.float32)
    return out
