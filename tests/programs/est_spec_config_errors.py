"""The mistakes StackOverflow asked about with TF 1.x Estimators (2018-2019): invalid
EstimatorSpecs and export outputs, RunConfig/TrainSpec/EvalSpec/Exporter argument checks,
model_fn signature checks, predicting/evaluating/exporting without a checkpoint, train with
steps and max_steps; the results are exception classes and messages, plus RunConfig properties."""
import importlib.util
import os
import re

import numpy as np

TAGS = ['estimator', 'errors']


def estimator_module(tf):
    if getattr(tf, 'estimator', None) is not None:
        return tf.estimator
    shim_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, 'estimator',
                             'tf_estimator_shim.py')
    spec = importlib.util.spec_from_file_location('tf_estimator_shim', shim_path)
    shim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shim)
    return shim.load_estimator()[0]


def catch(fn):
    try:
        r = fn()
        return 'OK:%s' % (type(r).__name__,)
    except Exception as e:  # noqa: BLE001 - the error is the result
        return '%s: %s' % (type(e).__name__, re.sub(' at 0x[0-9a-f]+', '', str(e).split('\n')[0][:200]))


def main(tf):
    est = estimator_module(tf)
    M = est.ModeKeys
    res = {}
    with tf.Graph().as_default():
        loss = tf.constant(1.0)
        vloss = tf.constant([1.0, 2.0])
        pred = tf.constant([1.0])
        res['no_loss_train'] = catch(lambda: est.EstimatorSpec(M.TRAIN, train_op=tf.no_op()))
        res['no_train_op'] = catch(lambda: est.EstimatorSpec(M.TRAIN, loss=loss))
        res['vector_loss'] = catch(lambda: est.EstimatorSpec(M.EVAL, loss=vloss))
        res['no_preds'] = catch(lambda: est.EstimatorSpec(M.PREDICT))
        res['bad_metric'] = catch(lambda: est.EstimatorSpec(
            M.EVAL, loss=loss, eval_metric_ops={'m': pred}))
        res['bad_mode'] = catch(lambda: est.EstimatorSpec('bogus', predictions=pred))
        res['bad_hook'] = catch(lambda: est.EstimatorSpec(
            M.TRAIN, loss=loss, train_op=tf.no_op(), training_hooks=[1]))
        res['pred_out_bad'] = catch(lambda: est.export.PredictOutput(pred))
        res['pred_out_bad_key'] = catch(lambda: est.export.PredictOutput({1: pred}))
        res['cls_out_int'] = catch(lambda: est.export.ClassificationOutput(
            classes=tf.constant([[1]])))
        res['reg_out_int'] = catch(lambda: est.export.RegressionOutput(tf.constant([1])))
    res['cfg_both'] = catch(lambda: est.RunConfig(save_checkpoints_steps=5,
                                                  save_checkpoints_secs=5))
    res['cfg_neg'] = catch(lambda: est.RunConfig(keep_checkpoint_max=-1))
    res['cfg_bad_sc'] = catch(lambda: est.RunConfig(session_config=3))
    res['cfg_replace_bad'] = catch(lambda: est.RunConfig().replace(model_dirr='x'))
    cfg = est.RunConfig(tf_random_seed=4, save_checkpoints_steps=3)
    res['cfg_props'] = [cfg.tf_random_seed, cfg.save_checkpoints_steps,
                        str(cfg.save_checkpoints_secs), cfg.keep_checkpoint_max,
                        cfg.save_summary_steps, cfg.log_step_count_steps, cfg.is_chief,
                        cfg.num_worker_replicas, cfg.task_type, cfg.task_id,
                        str(cfg.model_dir)]
    cfg2 = cfg.replace(keep_checkpoint_max=1, model_dir='r')
    res['cfg2'] = [cfg2.keep_checkpoint_max, cfg2.model_dir, cfg2.tf_random_seed]
    res['ts_neg'] = catch(lambda: est.TrainSpec(lambda: None, max_steps=-1))
    res['ts_hooks'] = catch(lambda: est.TrainSpec(lambda: None, hooks=[3]))
    res['es_throttle'] = catch(lambda: est.EvalSpec(lambda: None, throttle_secs=-1))
    res['es_steps'] = catch(lambda: est.EvalSpec(lambda: None, steps=0))
    res['es_name'] = catch(lambda: est.EvalSpec(lambda: None, name=3))
    res['es_exporter'] = catch(lambda: est.EvalSpec(lambda: None, exporters=[3]))
    res['es_dup'] = catch(lambda: est.EvalSpec(lambda: None, exporters=[
        est.LatestExporter('a', lambda: None), est.LatestExporter('a', lambda: None)]))
    res['best_compare'] = catch(lambda: est.BestExporter('b', lambda: None, compare_fn=None))
    res['final_name'] = catch(lambda: est.FinalExporter(None, lambda: None))
    res['ws_bad'] = catch(lambda: est.WarmStartSettings(None))
    res['est_model_dir'] = catch(lambda: est.Estimator(lambda features, labels, mode: None,
                                                       model_dir='a',
                                                       config=est.RunConfig(model_dir='b')))
    res['est_bad_fn'] = catch(lambda: est.Estimator(lambda x, y: None))
    res['est_params'] = catch(lambda: est.Estimator(
        lambda features, labels, mode: None, params={'a': 1}))
    res['tae_bad'] = catch(lambda: est.train_and_evaluate(
        object(), est.TrainSpec(lambda: None), est.EvalSpec(lambda: None)))

    def model_fn(features, labels, mode):
        w = tf.get_variable('w', [1], initializer=tf.ones_initializer())
        p = features['x'] * w
        if mode == M.PREDICT:
            return est.EstimatorSpec(mode, predictions=p)
        l = tf.reduce_mean(tf.square(p - labels))
        return est.EstimatorSpec(mode, loss=l, train_op=tf.assign_add(
            tf.train.get_global_step(), 1))

    x = np.arange(4, dtype=np.float32)
    e = est.Estimator(model_fn, 'm', config=cfg)
    inp = lambda: ({'x': tf.constant(x)}, tf.constant(x))  # noqa: E731
    res['pred_no_ckpt'] = catch(lambda: next(e.predict(lambda: {'x': tf.constant(x)})))
    res['eval_no_ckpt'] = catch(lambda: e.evaluate(inp, steps=1))
    res['export_no_ckpt'] = catch(lambda: e.export_saved_model('ex', lambda: None))
    res['steps_and_max'] = catch(lambda: e.train(inp, steps=1, max_steps=2))
    res['steps_zero'] = catch(lambda: e.train(inp, steps=0))
    res['train_ok'] = catch(lambda: e.train(inp, max_steps=4))
    res['train_again'] = catch(lambda: e.train(inp, max_steps=4))
    res['pred_not_dict_keys'] = catch(lambda: next(e.predict(lambda: {'x': tf.constant(x)},
                                                             predict_keys=['a'])))
    res['preds'] = [float(v) for v in e.predict(
        lambda: tf.data.Dataset.from_tensor_slices({'x': x}).batch(2))]
    res['export_no_outputs'] = catch(lambda: e.export_saved_model(
        'ex', est.export.build_raw_serving_input_receiver_fn(
            {'x': tf.placeholder(tf.float32, [None])})))
    res['bad_input_fn'] = catch(lambda: e.train(lambda: (1, 2, 3), steps=1))
    res['input_fn_params'] = catch(lambda: e.train(lambda params: None, steps=1))
    res['bad_ckpt_path'] = catch(lambda: e.evaluate(inp, steps=1, checkpoint_path='m/nope'))
    res['get_var_bad'] = catch(lambda: e.get_variable_value('nope'))
    return res
