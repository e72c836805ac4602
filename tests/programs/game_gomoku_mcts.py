"""junxiaosong AlphaZero_Gomoku policy_value_net_tensorflow.py + mcts_alphaZero.py (2018):
an NCHW board placeholder transposed to NHWC, tf.layers.conv2d towers, a log_softmax dense policy
head and a tanh value head, tf.losses.mean_squared_error plus l2 over the non-bias trainables,
Adam with a learning-rate placeholder and KL early stopping, a Python MCTS calling sess.run once
per playout (batch 1), get_equi_data rot90/fliplr augmentation in numpy, and a Saver
save/restore_model into a second graph."""
import copy
import numpy as np

TAGS = ['rl', 'train', 'layers', 'saver']

TOLERANCE = {'*': (2e-4, 2e-5)}
W = H = 3


class PolicyValueNet(object):
    def __init__(self, tf, model_file=None):
        tf.set_random_seed(5)
        self.input_states = tf.placeholder(tf.float32, shape=[None, 4, H, W])
        st = tf.transpose(self.input_states, [0, 2, 3, 1])
        c = st
        for f in (8, 8, 16):
            c = tf.layers.conv2d(c, f, [3, 3], padding="same", data_format="channels_last",
                                 activation=tf.nn.relu)
        ac = tf.layers.conv2d(c, 4, [1, 1], padding="same", activation=tf.nn.relu)
        self.action_fc = tf.layers.dense(tf.reshape(ac, [-1, 4 * H * W]), H * W,
                                         activation=tf.nn.log_softmax)
        ec = tf.layers.conv2d(c, 2, [1, 1], padding="same", activation=tf.nn.relu)
        e1 = tf.layers.dense(tf.reshape(ec, [-1, 2 * H * W]), 16, activation=tf.nn.relu)
        self.evaluation_fc2 = tf.layers.dense(e1, 1, activation=tf.nn.tanh)
        self.labels = tf.placeholder(tf.float32, shape=[None, 1])
        self.value_loss = tf.losses.mean_squared_error(self.labels, self.evaluation_fc2)
        self.mcts_probs = tf.placeholder(tf.float32, shape=[None, H * W])
        self.policy_loss = tf.negative(tf.reduce_mean(
            tf.reduce_sum(tf.multiply(self.mcts_probs, self.action_fc), 1)))
        vars = tf.trainable_variables()
        self.l2 = 1e-4 * tf.add_n([tf.nn.l2_loss(v) for v in vars if 'bias' not in v.name.lower()])
        self.loss = self.value_loss + self.policy_loss + self.l2
        self.learning_rate = tf.placeholder(tf.float32)
        self.entropy = tf.negative(tf.reduce_mean(
            tf.reduce_sum(tf.exp(self.action_fc) * self.action_fc, 1)))
        # the fetched loss reads the weights: update them only after it
        with tf.control_dependencies([self.loss, self.entropy]):
            self.optimizer = tf.train.AdamOptimizer(
                learning_rate=self.learning_rate).minimize(self.loss)
        self.session = tf.Session()
        self.session.run(tf.global_variables_initializer())
        self.saver = tf.train.Saver()
        if model_file is not None:
            self.saver.restore(self.session, model_file)

    def policy_value(self, state_batch):
        log_act_probs, value = self.session.run([self.action_fc, self.evaluation_fc2],
                                                feed_dict={self.input_states: state_batch})
        return np.exp(log_act_probs), value

    def train_step(self, sb, mp, wb, lr):
        wb = np.reshape(wb, (-1, 1))
        return self.session.run([self.loss, self.entropy, self.optimizer],
                                {self.input_states: sb, self.mcts_probs: mp, self.labels: wb,
                                 self.learning_rate: lr})[:2]


def state_of(board, player):
    s = np.zeros((4, H, W), np.float32)
    s[0] = board == player
    s[1] = board == -player
    s[3] = 1.0 if player == 1 else 0.0
    return s[:, ::-1, :]


def mcts_probs(net, board, player, n_playout=12, c_puct=5):
    N, Wsum, P = {}, {}, {}
    def evaluate(b, pl):
        probs, v = net.policy_value(np.ascontiguousarray(state_of(b, pl).reshape(-1, 4, H, W)))
        legal = np.flatnonzero(b.ravel() == 0)
        return dict(zip(legal, probs[0][legal])), float(v[0][0])
    root_p, _ = evaluate(board, player)
    for a in root_p:
        N[a], Wsum[a], P[a] = 0, 0.0, root_p[a]
    for _ in range(n_playout):
        tot = sum(N.values())
        score = {a: (Wsum[a] / N[a] if N[a] else 0.) + c_puct * P[a] * np.sqrt(tot) / (1 + N[a])
                 for a in P}
        a = max(sorted(score), key=lambda k: score[k])
        b = copy.deepcopy(board)
        b.ravel()[a] = player
        _, leaf = evaluate(b, -player)
        N[a] += 1
        Wsum[a] += -leaf
    acts = sorted(N)
    visits = np.array([N[a] for a in acts], np.float64)
    return acts, visits, root_p


def get_equi_data(play_data):
    extend = []
    for state, prob, winner in play_data:
        for i in [1, 2, 3, 4]:
            es = np.array([np.rot90(s, i) for s in state])
            ep = np.rot90(np.flipud(prob.reshape(H, W)), i)
            extend.append((es, np.flipud(ep).flatten(), winner))
            es = np.array([np.fliplr(s) for s in es])
            ep = np.fliplr(ep)
            extend.append((es, np.flipud(ep).flatten(), winner))
    return extend


def main(tf):
    np.random.seed(0)
    net = PolicyValueNet(tf)
    out = {'n_l2_vars': len([v for v in tf.trainable_variables() if 'bias' not in v.name]),
           'action_shape': net.action_fc.shape.as_list()}
    board, player, play = np.zeros((H, W), np.int64), 1, []
    visits_all = []
    for move in range(3):
        acts, visits, root_p = mcts_probs(net, board, player)
        probs = np.zeros(H * W, np.float32)
        probs[acts] = visits / visits.sum()
        play.append((state_of(board, player), probs, 1.0 if player == 1 else -1.0))
        visits_all.append(np.bincount(acts, weights=visits, minlength=H * W))
        board.ravel()[acts[int(np.argmax(visits))]] = player
        player = -player
    out['visits'] = np.array(visits_all)
    out['board'] = board
    data = get_equi_data(play)
    sb = np.array([d[0] for d in data]); mp = np.array([d[1] for d in data])
    wb = np.array([d[2] for d in data], np.float32)
    old_probs, old_v = net.policy_value(sb)
    hist, lr_mult = [], 1.0
    for i in range(4):
        loss, ent = net.train_step(sb, mp, wb, 2e-3 * lr_mult)
        new_probs, new_v = net.policy_value(sb)
        kl = np.mean(np.sum(old_probs * (np.log(old_probs + 1e-10) -
                                         np.log(new_probs + 1e-10)), axis=1))
        hist.append([loss, ent, kl])
        if kl > 0.02 * 4:
            break
    out['hist'] = np.array(hist)
    out['empty'] = net.policy_value(np.zeros((0, 4, H, W), np.float32))[0].shape
    path = './current_policy.model'
    net.saver.save(net.session, path)
    out['ckpt'] = tf.train.latest_checkpoint('.')
    with tf.Graph().as_default():
        net2 = PolicyValueNet(tf, model_file=path)
        p2, v2 = net2.policy_value(sb[:2])
        out['restored'] = [p2, v2]
        out['restored_names'] = sorted(v.op.name for v in tf.global_variables())
    out['orig'] = list(net.policy_value(sb[:2]))
    return out
