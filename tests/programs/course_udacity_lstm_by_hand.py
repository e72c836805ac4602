"""Udacity DL assignment 6: character LSTM written by hand (one matmul on concatenated gates),
saved output/state variables updated under tf.control_dependencies, unrolled over num_unrollings,
clip_by_global_norm with compute_gradients/apply_gradients, exponential_decay staircase,
a sampling graph with its own saved state and reset ops, perplexity in numpy."""
import numpy as np
TAGS = ['train', 'rnn', 'control_flow']

vocab, num_nodes, batch_size, num_unrollings = 12, 16, 4, 5


def logprob(predictions, labels):
    predictions[predictions < 1e-10] = 1e-10
    return np.sum(np.multiply(labels, -np.log(predictions))) / labels.shape[0]


def main(tf):
    out = {}
    rng = np.random.RandomState(9)
    text = rng.randint(0, vocab, 2000)
    tf.set_random_seed(3)
    ifcox = tf.Variable(tf.truncated_normal([vocab, 4 * num_nodes], -0.1, 0.1))
    ifcom = tf.Variable(tf.truncated_normal([num_nodes, 4 * num_nodes], -0.1, 0.1))
    ifcob = tf.Variable(tf.zeros([1, 4 * num_nodes]))
    saved_output = tf.Variable(tf.zeros([batch_size, num_nodes]), trainable=False)
    saved_state = tf.Variable(tf.zeros([batch_size, num_nodes]), trainable=False)
    w = tf.Variable(tf.truncated_normal([num_nodes, vocab], -0.1, 0.1))
    b = tf.Variable(tf.zeros([vocab]))

    def lstm_cell(i, o, state):
        all_gates = tf.matmul(i, ifcox) + tf.matmul(o, ifcom) + ifcob
        input_gate = tf.sigmoid(all_gates[:, 0:num_nodes])
        forget_gate = tf.sigmoid(all_gates[:, num_nodes:2 * num_nodes])
        update = all_gates[:, 2 * num_nodes:3 * num_nodes]
        state = forget_gate * state + input_gate * tf.tanh(update)
        output_gate = tf.sigmoid(all_gates[:, 3 * num_nodes:])
        return output_gate * tf.tanh(state), state

    train_data = [tf.placeholder(tf.float32, shape=[batch_size, vocab])
                  for _ in range(num_unrollings + 1)]
    train_inputs, train_labels = train_data[:num_unrollings], train_data[1:]
    outputs = []
    output, state = saved_output, saved_state
    for i in train_inputs:
        output, state = lstm_cell(i, output, state)
        outputs.append(output)
    with tf.control_dependencies([saved_output.assign(output), saved_state.assign(state)]):
        logits = tf.nn.xw_plus_b(tf.concat(outputs, 0), w, b)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
            labels=tf.concat(train_labels, 0), logits=logits))
    global_step = tf.Variable(0)
    learning_rate = tf.train.exponential_decay(10.0, global_step, 5, 0.1, staircase=True)
    optimizer = tf.train.GradientDescentOptimizer(learning_rate)
    gradients, v = zip(*optimizer.compute_gradients(loss))
    gradients, gnorm = tf.clip_by_global_norm(gradients, 1.25)
    optimizer = optimizer.apply_gradients(zip(gradients, v), global_step=global_step)
    train_prediction = tf.nn.softmax(logits)
    out['names'] = [logits.name, loss.name, gnorm.name, optimizer.name,
                    str(logits.shape)] + [g.name if g is not None else "None:" + x.name for g, x in zip(gradients, v)]

    sample_input = tf.placeholder(tf.float32, shape=[1, vocab])
    saved_sample_output = tf.Variable(tf.zeros([1, num_nodes]))
    saved_sample_state = tf.Variable(tf.zeros([1, num_nodes]))
    reset_sample_state = tf.group(saved_sample_output.assign(tf.zeros([1, num_nodes])),
                                  saved_sample_state.assign(tf.zeros([1, num_nodes])))
    sample_output, sample_state = lstm_cell(sample_input, saved_sample_output, saved_sample_state)
    with tf.control_dependencies([saved_sample_output.assign(sample_output),
                                  saved_sample_state.assign(sample_state)]):
        sample_prediction = tf.nn.softmax(tf.nn.xw_plus_b(sample_output, w, b))

    seg = len(text) // batch_size
    cursor = [k * seg for k in range(batch_size)]
    def next_batches():
        bs = []
        for step in range(num_unrollings + 1):
            bb = np.zeros((batch_size, vocab), np.float32)
            for k in range(batch_size):
                bb[k, text[cursor[k]]] = 1.0
                if step < num_unrollings:
                    cursor[k] = (cursor[k] + 1) % len(text)
            bs.append(bb)
        return bs

    hist = []
    with tf.Session() as session:
        tf.global_variables_initializer().run()
        for step in range(12):
            batches = next_batches()
            feed_dict = {train_data[i]: batches[i] for i in range(num_unrollings + 1)}
            _, l, predictions, lr, gn = session.run(
                [optimizer, loss, train_prediction, learning_rate, gnorm], feed_dict=feed_dict)
            labels = np.concatenate(list(batches)[1:])
            hist.append([l, lr, gn, np.exp(logprob(predictions, labels))])
        out['hist'] = np.array(hist)
        out['saved_state'] = saved_state.eval()
        reset_sample_state.run()
        feed = np.zeros((1, vocab), np.float32)
        feed[0, 3] = 1
        sampled = []
        for _ in range(8):
            prediction = sample_prediction.eval({sample_input: feed})
            c = int(np.argmax(prediction))
            sampled.append(c)
            feed = np.zeros((1, vocab), np.float32)
            feed[0, c] = 1
        out['sampled'] = np.array(sampled)
        out['sample_state'] = saved_sample_state.eval()
    return out
