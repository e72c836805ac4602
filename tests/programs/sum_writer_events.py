"""tf.summary.FileWriter as training scripts used it: add_summary with and without global_step,
add_graph, add_session_log, add_run_metadata, flush/close/reopen, graph or graph_def in the
constructor, filename_suffix, FileWriterCache, a context manager; when the event file appears;
events read back with tf.train.summary_iterator (steps and contents, never wall times)."""
import glob
import os
import re
import numpy as np
TAGS = ['summary']


def _first(e):
    lines = [ln for ln in str(e).split("\n") if ln.strip() and not ln.startswith(
        ("Graph execution", "Detected at", " ", "\t", "Traceback", "Node:"))]
    return (lines or [""])[0][:120]


def _read(tf, d):
    files = sorted(glob.glob(os.path.join(d, 'events.out.tfevents.*')))
    rows = []
    for f in files:
        for e in tf.train.summary_iterator(f):
            what = e.WhichOneof('what')
            desc = what
            if what == 'file_version':
                desc += ':' + e.file_version
            elif what == 'summary':
                desc += ':' + ','.join('%s=%r' % (v.tag, v.simple_value) for v in e.summary.value)
            elif what == 'session_log':
                desc += ':%d:%s:%s' % (e.session_log.status, e.session_log.checkpoint_path, e.session_log.msg)
            elif what == 'tagged_run_metadata':
                desc += ':' + e.tagged_run_metadata.tag
            elif what == 'graph_def':
                gd = tf.GraphDef()
                gd.ParseFromString(e.graph_def)
                desc += ':' + ','.join(sorted(n.name for n in gd.node))
            elif what == 'meta_graph_def':
                desc += ':meta'
            rows.append('%d|%s' % (e.step, desc))
    return len(files), rows


def main(tf):
    out = {}
    x = tf.constant(2.0, name='x')
    y = tf.multiply(x, 3., name='y')
    s = tf.summary.scalar('y', y)
    d = os.path.abspath('logs1')
    w = tf.summary.FileWriter(d)
    names = [os.path.basename(f) for f in glob.glob(os.path.join(d, '*'))]
    out['pattern'] = np.array([bool(re.match(r'events\.out\.tfevents\.\d+\.', n)) for n in names] + [True])
    out['get_logdir'] = w.get_logdir() == d
    with tf.Session() as sess:
        w.add_summary(sess.run(s), 5)
        w.add_summary(sess.run(s))
        w.add_summary(sess.run(s), global_step=np.int64(7))
        summ = tf.Summary(value=[tf.Summary.Value(tag='manual', simple_value=0.25)])
        w.add_summary(summ, 8)
        w.add_graph(sess.graph, global_step=9)
        w.add_session_log(tf.SessionLog(status=tf.SessionLog.START), 10)
        w.add_session_log(tf.SessionLog(status=tf.SessionLog.CHECKPOINT, checkpoint_path='/ck', msg='m'), 11)
        rm = tf.RunMetadata()
        opts = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
        sess.run(y, options=opts, run_metadata=rm)
        w.add_run_metadata(rm, 'step12', 12)
        try:
            w.add_run_metadata(rm, 'step12', 13)
            out['dup_rm'] = 'ok'
        except Exception as e:
            out['dup_rm'] = '%s:%s' % (type(e).__name__, _first(e))
        w.flush()
        n, rows = _read(tf, d)
        out['flushed_files'] = n
        out['flushed_rows'] = np.array(rows)
        w.close()
        w.close()
        try:
            w.add_summary(summ, 99)
            out['after_close'] = 'ok'
        except Exception as e:
            out['after_close'] = '%s:%s' % (type(e).__name__, _first(e))
        w.reopen()
        w.add_summary(summ, 100)
        w.close()
        n, rows = _read(tf, d)
        # the new file's name may be the old one's (same second): TF then truncates it
        out['reopen_rows'] = np.array([r for r in rows if r.startswith('100|')])
        # graph in constructor, graph_def kwarg
        d2 = os.path.abspath('logs2')
        w2 = tf.summary.FileWriter(d2, graph=sess.graph)
        w2.close()
        out['ctor_graph'] = np.array(_read(tf, d2)[1])
        d3 = os.path.abspath('logs3')
        w3 = tf.summary.FileWriter(d3, graph_def=sess.graph.as_graph_def())
        w3.close()
        out['ctor_graphdef'] = np.array(_read(tf, d3)[1])
        d4 = os.path.abspath('logs4')
        w4 = tf.summary.FileWriter(d4, filename_suffix='.sfx')
        w4.add_summary(summ, 1)
        w4.close()
        out['suffix'] = np.array([f.endswith('.sfx') for f in glob.glob(os.path.join(d4, '*'))])
        out['suffix_rows'] = np.array(_read(tf, d4)[1] if True else [])
        # FileWriterCache
        d5 = os.path.abspath('logs5')
        c1 = tf.summary.FileWriterCache.get(d5)
        c2 = tf.summary.FileWriterCache.get(d5)
        out['cache_same'] = c1 is c2
        out['cache_type'] = type(c1).__name__
        c1.add_summary(summ, 3)
        tf.summary.FileWriterCache.clear()
        out['cache_rows'] = np.array(_read(tf, d5)[1])
        # Summary string from a bytes object
        w6 = tf.summary.FileWriter(os.path.abspath('logs6'))
        w6.add_summary(sess.run(s).decode('latin1').encode('latin1'), 2)
        try:
            w6.add_summary('notbytes', 3)
            out['str_summary'] = 'ok'
        except Exception as e:
            out['str_summary'] = type(e).__name__
        w6.close()
        out['w6_rows'] = np.array(_read(tf, os.path.abspath('logs6'))[1])
        with tf.summary.FileWriter(os.path.abspath('logs7')) as w7:
            w7.add_summary(summ, 4)
        out['ctx_rows'] = np.array(_read(tf, os.path.abspath('logs7'))[1])
    return out
