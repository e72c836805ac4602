"""Google's BERT (2018-2019) run_classifier flow on a tiny BERT (vocab 100, hidden 32, 2 layers,
2 heads, seq 16): modeling.py (embedding_lookup with the one-hot option, token-type and position
embeddings, layer_norm, gelu with tanh, attention with reshape/transpose, truncated_normal
initializers), optimization.py (AdamWeightDecayOptimizer, polynomial decay with warmup,
clip_by_global_norm), a "pretrained" checkpoint read back through
get_assignment_map_from_checkpoint + init_from_checkpoint (in a TPUEstimatorSpec scaffold_fn),
a TFRecord file written with tf.python_io.TFRecordWriter and read with map_and_batch, and
TPUEstimator(use_tpu=False) train / evaluate (eval_metrics) / predict with params['batch_size'].
Under TF 2.x the TPUEstimator comes from tensorflow_estimator (tests/estimator's shim)."""
import collections
import importlib.util
import math
import os
import re

import numpy as np

TAGS = ['estimator', 'nlp']
TOLERANCE = {'*': (2e-4, 2e-5)}

VOCAB, HIDDEN, LAYERS, HEADS, INTER, SEQ, MAX_POS, TYPES = 100, 32, 2, 2, 64, 16, 32, 2


# -- modeling.py ------------------------------------------------------------------------------

def gelu(tf, x):
    cdf = 0.5 * (1.0 + tf.tanh((np.sqrt(2 / np.pi) * (x + 0.044715 * tf.pow(x, 3)))))
    return x * cdf


def dropout(tf, x, prob):
    if prob is None or prob == 0.0:
        return x
    return tf.nn.dropout(x, 1.0 - prob)


def layer_norm(tf, x, name=None):
    contrib = getattr(tf, 'contrib', None)
    if contrib is not None:
        return contrib.layers.layer_norm(inputs=x, begin_norm_axis=-1, begin_params_axis=-1,
                                         scope=name)
    # TF 2.x: tf.contrib.layers.layer_norm as TF 1.15 computes it
    with tf.variable_scope(name, 'LayerNorm'):
        shape = x.shape[-1:]
        beta = tf.get_variable('beta', shape, initializer=tf.zeros_initializer())
        gamma = tf.get_variable('gamma', shape, initializer=tf.ones_initializer())
        mean, variance = tf.nn.moments(x, [len(x.shape) - 1], keep_dims=True)
        return tf.nn.batch_normalization(x, mean, variance, offset=beta, scale=gamma,
                                         variance_epsilon=1e-12)


def layer_norm_and_dropout(tf, x, prob, name=None):
    return dropout(tf, layer_norm(tf, x, name), prob)


def get_shape_list(tf, tensor):
    shape = tensor.shape.as_list()
    non_static = [i for i, dim in enumerate(shape) if dim is None]
    if not non_static:
        return shape
    dyn_shape = tf.shape(tensor)
    for index in non_static:
        shape[index] = dyn_shape[index]
    return shape


def init(tf, stddev=0.02):
    return tf.truncated_normal_initializer(stddev=stddev)


def embedding_lookup(tf, input_ids, use_one_hot_embeddings):
    input_ids = tf.expand_dims(input_ids, axis=[-1])
    table = tf.get_variable('word_embeddings', [VOCAB, HIDDEN], initializer=init(tf))
    flat = tf.reshape(input_ids, [-1])
    if use_one_hot_embeddings:
        out = tf.matmul(tf.one_hot(flat, depth=VOCAB), table)
    else:
        out = tf.gather(table, flat)
    shape = get_shape_list(tf, input_ids)
    return tf.reshape(out, shape[0:-1] + [shape[-1] * HIDDEN]), table


def embedding_postprocessor(tf, x, token_type_ids, prob):
    batch, seq, width = get_shape_list(tf, x)
    table = tf.get_variable('token_type_embeddings', [TYPES, width], initializer=init(tf))
    one_hot = tf.one_hot(tf.reshape(token_type_ids, [-1]), depth=TYPES)
    x += tf.reshape(tf.matmul(one_hot, table), [batch, seq, width])
    full = tf.get_variable('position_embeddings', [MAX_POS, width], initializer=init(tf))
    pos = tf.slice(full, [0, 0], [seq, -1])
    x += tf.reshape(pos, [1, seq, width])
    return layer_norm_and_dropout(tf, x, prob)


def attention_mask(tf, from_tensor, to_mask):
    batch, seq = get_shape_list(tf, from_tensor)[:2]
    to_mask = tf.cast(tf.reshape(to_mask, [batch, 1, seq]), tf.float32)
    return tf.ones(shape=[batch, seq, 1], dtype=tf.float32) * to_mask


def attention_layer(tf, x2d, mask, batch, seq, prob):
    size = HIDDEN // HEADS

    def transpose_for_scores(t):
        return tf.transpose(tf.reshape(t, [batch, seq, HEADS, size]), [0, 2, 1, 3])

    q = tf.layers.dense(x2d, HEADS * size, name='query', kernel_initializer=init(tf))
    k = tf.layers.dense(x2d, HEADS * size, name='key', kernel_initializer=init(tf))
    v = tf.layers.dense(x2d, HEADS * size, name='value', kernel_initializer=init(tf))
    q, k = transpose_for_scores(q), transpose_for_scores(k)
    scores = tf.matmul(q, k, transpose_b=True) * (1.0 / math.sqrt(float(size)))
    adder = (1.0 - tf.cast(tf.expand_dims(mask, axis=[1]), tf.float32)) * -10000.0
    probs = dropout(tf, tf.nn.softmax(scores + adder), prob)
    v = tf.transpose(tf.reshape(v, [batch, seq, HEADS, size]), [0, 2, 1, 3])
    ctx = tf.transpose(tf.matmul(probs, v), [0, 2, 1, 3])
    return tf.reshape(ctx, [batch * seq, HEADS * size])


def transformer_model(tf, x, mask, prob):
    batch, seq, width = get_shape_list(tf, x)
    prev = tf.reshape(x, [-1, width])
    for layer_idx in range(LAYERS):
        with tf.variable_scope('layer_%d' % layer_idx):
            with tf.variable_scope('attention'):
                with tf.variable_scope('self'):
                    heads = attention_layer(tf, prev, mask, batch, seq, prob)
                with tf.variable_scope('output'):
                    out = tf.layers.dense(heads, HIDDEN, kernel_initializer=init(tf))
                    out = layer_norm(tf, dropout(tf, out, prob) + prev)
            with tf.variable_scope('intermediate'):
                inter = tf.layers.dense(out, INTER, activation=lambda t: gelu(tf, t),
                                        kernel_initializer=init(tf))
            with tf.variable_scope('output'):
                layer_out = tf.layers.dense(inter, HIDDEN, kernel_initializer=init(tf))
                prev = layer_norm(tf, dropout(tf, layer_out, prob) + out)
    return tf.reshape(prev, [batch, seq, width])


def bert_model(tf, is_training, input_ids, input_mask, token_type_ids, use_one_hot):
    prob = 0.1 if is_training else 0.0
    with tf.variable_scope('bert'):
        with tf.variable_scope('embeddings'):
            emb, _ = embedding_lookup(tf, input_ids, use_one_hot)
            emb = embedding_postprocessor(tf, emb, token_type_ids, prob)
        with tf.variable_scope('encoder'):
            mask = attention_mask(tf, input_ids, input_mask)
            seq_out = transformer_model(tf, emb, mask, prob)
        with tf.variable_scope('pooler'):
            first = tf.squeeze(seq_out[:, 0:1, :], axis=1)
            pooled = tf.layers.dense(first, HIDDEN, activation=tf.tanh,
                                     kernel_initializer=init(tf))
    return pooled


def get_assignment_map_from_checkpoint(tf, tvars, init_checkpoint):
    name_to_variable = collections.OrderedDict()
    for var in tvars:
        m = re.match('^(.*):\\d+$', var.name)
        name_to_variable[m.group(1) if m else var.name] = var
    assignment_map, initialized = collections.OrderedDict(), {}
    for name, _ in tf.train.list_variables(init_checkpoint):
        if name not in name_to_variable:
            continue
        assignment_map[name] = name
        initialized[name] = 1
        initialized[name + ':0'] = 1
    return assignment_map, initialized


# -- optimization.py --------------------------------------------------------------------------

def create_optimizer(tf, loss, init_lr, num_train_steps, num_warmup_steps):
    global_step = tf.train.get_or_create_global_step()
    lr = tf.constant(value=init_lr, shape=[], dtype=tf.float32)
    lr = tf.train.polynomial_decay(lr, global_step, num_train_steps, end_learning_rate=0.0,
                                   power=1.0, cycle=False)
    global_steps_int = tf.cast(global_step, tf.int32)
    warmup_steps_int = tf.constant(num_warmup_steps, dtype=tf.int32)
    warmup_percent_done = (tf.cast(global_steps_int, tf.float32) /
                           tf.cast(warmup_steps_int, tf.float32))
    warmup_lr = init_lr * warmup_percent_done
    is_warmup = tf.cast(global_steps_int < warmup_steps_int, tf.float32)
    lr = (1.0 - is_warmup) * lr + is_warmup * warmup_lr
    optimizer = make_adam_weight_decay(tf)(
        learning_rate=lr, weight_decay_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-6,
        exclude_from_weight_decay=['LayerNorm', 'layer_norm', 'bias'])
    tvars = tf.trainable_variables()
    grads = tf.gradients(loss, tvars)
    grads, _ = tf.clip_by_global_norm(grads, clip_norm=1.0)
    train_op = optimizer.apply_gradients(zip(grads, tvars), global_step=global_step)
    new_global_step = global_step + 1
    return tf.group(train_op, [global_step.assign(new_global_step)])


def make_adam_weight_decay(tf):
    class AdamWeightDecayOptimizer(tf.train.Optimizer):
        """BERT's Adam with decoupled weight decay (no bias correction)."""

        def __init__(self, learning_rate, weight_decay_rate=0.0, beta_1=0.9, beta_2=0.999,
                     epsilon=1e-6, exclude_from_weight_decay=None,
                     name='AdamWeightDecayOptimizer'):
            super(AdamWeightDecayOptimizer, self).__init__(False, name)
            self.learning_rate, self.weight_decay_rate = learning_rate, weight_decay_rate
            self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
            self.exclude_from_weight_decay = exclude_from_weight_decay

        def apply_gradients(self, grads_and_vars, global_step=None, name=None):
            assignments = []
            # not in BERT: with ref variables TF may run an assign before another gradient
            # has read the variable (a race: values vary run to run); the barrier makes
            # TF's result deterministic, which a golden needs
            grads_and_vars = list(grads_and_vars)   # BERT passes a zip
            barrier = [g for g, _ in grads_and_vars if g is not None]
            for (grad, param) in grads_and_vars:
                if grad is None or param is None:
                    continue
                param_name = self._get_variable_name(param.name)
                m = tf.get_variable(name=param_name + '/adam_m',
                                    shape=param.shape.as_list(), dtype=tf.float32,
                                    trainable=False, initializer=tf.zeros_initializer())
                v = tf.get_variable(name=param_name + '/adam_v',
                                    shape=param.shape.as_list(), dtype=tf.float32,
                                    trainable=False, initializer=tf.zeros_initializer())
                next_m = tf.multiply(self.beta_1, m) + tf.multiply(1.0 - self.beta_1, grad)
                next_v = (tf.multiply(self.beta_2, v) +
                          tf.multiply(1.0 - self.beta_2, tf.square(grad)))
                update = next_m / (tf.sqrt(next_v) + self.epsilon)
                if self._do_use_weight_decay(param_name):
                    update += self.weight_decay_rate * param
                next_param = param - self.learning_rate * update
                with tf.control_dependencies(barrier):
                    assignments.extend([param.assign(next_param), m.assign(next_m),
                                        v.assign(next_v)])
            return tf.group(*assignments, name=name)

        def _do_use_weight_decay(self, param_name):
            if not self.weight_decay_rate:
                return False
            for r in self.exclude_from_weight_decay or []:
                if re.search(r, param_name) is not None:
                    return False
            return True

        def _get_variable_name(self, param_name):
            m = re.match('^(.*):\\d+$', param_name)
            return m.group(1) if m is not None else param_name

    return AdamWeightDecayOptimizer


# -- run_classifier.py ------------------------------------------------------------------------

def tpu_module(tf):
    """(tf.contrib.tpu or its tensorflow_estimator successor, tf.estimator.ModeKeys)."""
    contrib = getattr(tf, 'contrib', None)
    if contrib is not None:
        return contrib.tpu, tf.estimator.ModeKeys
    estimator = getattr(tf, 'estimator', None)
    if estimator is not None and hasattr(estimator, 'tpu'):
        return estimator.tpu, estimator.ModeKeys
    shim_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, 'estimator',
                             'tf_estimator_shim.py')
    spec = importlib.util.spec_from_file_location('tf_estimator_shim', shim_path)
    shim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shim)
    estimator = shim.load_estimator()[0]
    return estimator.tpu, estimator.ModeKeys


def map_and_batch(tf):
    contrib = getattr(tf, 'contrib', None)
    return (contrib.data if contrib is not None else tf.data.experimental).map_and_batch


def write_examples(tf, path, examples):
    writer = tf.python_io.TFRecordWriter(path)
    for input_ids, input_mask, segment_ids, label_id in examples:
        def ints(values):
            return tf.train.Feature(int64_list=tf.train.Int64List(value=list(values)))
        features = collections.OrderedDict([
            ('input_ids', ints(input_ids)), ('input_mask', ints(input_mask)),
            ('segment_ids', ints(segment_ids)), ('label_ids', ints([label_id])),
            ('is_real_example', ints([1]))])
        example = tf.train.Example(features=tf.train.Features(feature=features))
        writer.write(example.SerializeToString())
    writer.close()


def make_examples(seed, n):
    rng = np.random.RandomState(seed)
    examples = []
    for _ in range(n):
        length = rng.randint(5, SEQ + 1)
        ids = [1] + list(rng.randint(3, VOCAB, size=length - 2)) + [2]
        label = int(sum(ids) % 2)
        seg = [0] * (length // 2) + [1] * (length - length // 2)
        pad = SEQ - length
        examples.append((ids + [0] * pad, [1] * length + [0] * pad, seg + [0] * pad, label))
    return examples


def file_based_input_fn_builder(tf, input_file, is_training, drop_remainder):
    name_to_features = {
        'input_ids': tf.FixedLenFeature([SEQ], tf.int64),
        'input_mask': tf.FixedLenFeature([SEQ], tf.int64),
        'segment_ids': tf.FixedLenFeature([SEQ], tf.int64),
        'label_ids': tf.FixedLenFeature([], tf.int64),
        'is_real_example': tf.FixedLenFeature([], tf.int64)}

    def _decode_record(record):
        example = tf.parse_single_example(record, name_to_features)
        for name in list(example.keys()):
            t = example[name]
            if t.dtype == tf.int64:
                t = tf.to_int32(t)
            example[name] = t
        return example

    def input_fn(params):
        d = tf.data.TFRecordDataset(input_file)
        if is_training:
            d = d.repeat()
            d = d.shuffle(buffer_size=100)
        return d.apply(map_and_batch(tf)(_decode_record, batch_size=params['batch_size'],
                                         drop_remainder=drop_remainder))
    return input_fn


def model_fn_builder(tf, tpu, keys, init_checkpoint, lr, num_train_steps, num_warmup_steps, seen):
    def model_fn(features, labels, mode, params):
        seen.append([mode, params['batch_size'], params['use_tpu'],
                     sorted(k for k in params if k != 'context')])
        is_training = mode == keys.TRAIN
        pooled = bert_model(tf, is_training, features['input_ids'], features['input_mask'],
                            features['segment_ids'], use_one_hot=True)
        output_weights = tf.get_variable('output_weights', [2, HIDDEN], initializer=init(tf))
        output_bias = tf.get_variable('output_bias', [2], initializer=tf.zeros_initializer())
        with tf.variable_scope('loss'):
            if is_training:
                pooled = tf.nn.dropout(pooled, keep_prob=0.9)
            logits = tf.nn.bias_add(tf.matmul(pooled, output_weights, transpose_b=True),
                                    output_bias)
            probabilities = tf.nn.softmax(logits, axis=-1)
            log_probs = tf.nn.log_softmax(logits, axis=-1)
            one_hot_labels = tf.one_hot(features['label_ids'], depth=2, dtype=tf.float32)
            per_example_loss = -tf.reduce_sum(one_hot_labels * log_probs, axis=-1)
            loss = tf.reduce_mean(per_example_loss)
        tvars = tf.trainable_variables()
        assignment_map, _ = get_assignment_map_from_checkpoint(tf, tvars, init_checkpoint)

        def tpu_scaffold():
            tf.train.init_from_checkpoint(init_checkpoint, assignment_map)
            return tf.train.Scaffold()

        if mode == keys.TRAIN:
            train_op = create_optimizer(tf, loss, lr, num_train_steps, num_warmup_steps)
            return tpu.TPUEstimatorSpec(mode=mode, loss=loss, train_op=train_op,
                                        scaffold_fn=tpu_scaffold)
        if mode == keys.EVAL:
            def metric_fn(per_example_loss, label_ids, logits, is_real_example):
                predictions = tf.argmax(logits, axis=-1, output_type=tf.int32)
                return {'eval_accuracy': tf.metrics.accuracy(
                            labels=label_ids, predictions=predictions, weights=is_real_example),
                        'eval_loss': tf.metrics.mean(values=per_example_loss,
                                                     weights=is_real_example)}
            is_real = tf.cast(features['is_real_example'], tf.float32)
            return tpu.TPUEstimatorSpec(
                mode=mode, loss=loss, scaffold_fn=tpu_scaffold,
                eval_metrics=(metric_fn, [per_example_loss, features['label_ids'], logits,
                                          is_real]))
        return tpu.TPUEstimatorSpec(mode=mode, predictions={'probabilities': probabilities},
                                    scaffold_fn=tpu_scaffold)
    return model_fn


def pretrain_checkpoint(tf, path):
    """A "pretrained" BERT: seeded initial values saved by a Saver."""
    with tf.Graph().as_default():
        tf.set_random_seed(7)
        ids = tf.zeros([2, SEQ], tf.int32)
        bert_model(tf, False, ids, tf.ones([2, SEQ], tf.int32), ids, use_one_hot=False)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            saver.save(sess, path)


def main(tf):
    out = {}
    os.makedirs('pretrain')
    init_checkpoint = os.path.join('pretrain', 'bert_model.ckpt')
    pretrain_checkpoint(tf, init_checkpoint)
    listed = tf.train.list_variables(init_checkpoint)
    out['pretrain_vars'] = [name for name, _ in listed]
    out['pretrain_shapes'] = [list(shape) for _, shape in listed]
    out['pretrain_word_emb'] = tf.train.load_variable(
        init_checkpoint, 'bert/embeddings/word_embeddings')[:3, :6]

    write_examples(tf, 'train.tf_record', make_examples(0, 24))
    write_examples(tf, 'eval.tf_record', make_examples(1, 12))
    tpu, keys = tpu_module(tf)
    run_config = tpu.RunConfig(
        model_dir='model', tf_random_seed=11, save_checkpoints_steps=1000,
        tpu_config=tpu.TPUConfig(iterations_per_loop=4, num_shards=8,
                                 per_host_input_for_training=tpu.InputPipelineConfig.PER_HOST_V2))
    seen = []
    num_train_steps = 6
    estimator = tpu.TPUEstimator(
        use_tpu=False, config=run_config,
        model_fn=model_fn_builder(tf, tpu, keys, init_checkpoint, 5e-3, num_train_steps, 2, seen),
        train_batch_size=8, eval_batch_size=4, predict_batch_size=4)
    estimator.train(input_fn=file_based_input_fn_builder(tf, 'train.tf_record', True, True),
                    max_steps=num_train_steps)
    names = estimator.get_variable_names()
    out['model_vars'] = sorted(names)
    for name in ['global_step', 'output_bias', 'output_weights',
                 'bert/embeddings/LayerNorm/gamma', 'bert/pooler/dense/bias',
                 'bert/encoder/layer_1/output/dense/bias',
                 'bert/embeddings/word_embeddings/adam_v']:
        value = estimator.get_variable_value(name)
        out['var/' + name] = value if value.size <= 64 else value.reshape(-1)[:64]
    result = estimator.evaluate(
        input_fn=file_based_input_fn_builder(tf, 'eval.tf_record', False, False), steps=2)
    out['eval'] = {k: np.asarray(v) for k, v in sorted(result.items())}
    predictions = estimator.predict(
        input_fn=file_based_input_fn_builder(tf, 'eval.tf_record', False, False))
    out['probabilities'] = np.stack([p['probabilities'] for p in predictions])
    out['params_seen'] = seen
    return out
