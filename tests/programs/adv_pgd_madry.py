"""madrylab mnist_challenge LinfPGDAttack (numpy loop with sess.run of tf.gradients), plus a
tf.while_loop PGD with seeded random start, eps-ball projection and L2 variant; adversarial training."""
import numpy as np
TAGS = ['gradients', 'train', 'control_flow', 'random']
TOLERANCE = {'*': (1e-3, 1e-4)}


class Model(object):
    def __init__(self, tf):
        self.x_input = tf.placeholder(tf.float32, shape=[None, 12])
        self.y_input = tf.placeholder(tf.int64, shape=[None])
        self.W1 = tf.get_variable('W1', [12, 20], initializer=tf.truncated_normal_initializer(stddev=0.3, seed=3))
        self.b1 = tf.get_variable('b1', [20], initializer=tf.constant_initializer(0.1))
        self.W2 = tf.get_variable('W2', [20, 3], initializer=tf.truncated_normal_initializer(stddev=0.3, seed=4))
        self.pre_softmax = self.forward(tf, self.x_input)
        y_xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=self.y_input, logits=self.pre_softmax)
        self.xent = tf.reduce_sum(y_xent)
        self.y_pred = tf.argmax(self.pre_softmax, 1)
        correct_prediction = tf.equal(self.y_pred, self.y_input)
        self.num_correct = tf.reduce_sum(tf.cast(correct_prediction, tf.int64))
        self.accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

    def forward(self, tf, x):
        return tf.matmul(tf.nn.relu(tf.matmul(x, self.W1) + self.b1), self.W2)


class LinfPGDAttack:
    def __init__(self, tf, model, epsilon, k, a, random_start, loss_func):
        self.model, self.epsilon, self.k, self.a, self.rand = model, epsilon, k, a, random_start
        if loss_func == 'xent':
            loss = model.xent
        elif loss_func == 'cw':
            label_mask = tf.one_hot(model.y_input, 3, on_value=1.0, off_value=0.0, dtype=tf.float32)
            correct_logit = tf.reduce_sum(label_mask * model.pre_softmax, axis=1)
            wrong_logit = tf.reduce_max((1 - label_mask) * model.pre_softmax - 1e4 * label_mask, axis=1)
            loss = -tf.nn.relu(correct_logit - wrong_logit + 50)
        self.grad = tf.gradients(loss, model.x_input)[0]

    def perturb(self, x_nat, y, sess, rng):
        if self.rand:
            x = x_nat + rng.uniform(-self.epsilon, self.epsilon, x_nat.shape)
            x = np.clip(x, 0, 1)
        else:
            x = np.copy(x_nat)
        for i in range(self.k):
            grad = sess.run(self.grad, feed_dict={self.model.x_input: x, self.model.y_input: y})
            x += self.a * np.sign(grad)
            x = np.clip(x, x_nat - self.epsilon, x_nat + self.epsilon)
            x = np.clip(x, 0, 1)
        return x


def tf_pgd(tf, model, x, y, eps, alpha, steps, ord='inf'):
    x0 = x + tf.random_uniform(tf.shape(x), -eps, eps, seed=7)
    x0 = tf.clip_by_value(x0, 0., 1.)

    def body(i, adv):
        logits = model.forward(tf, adv)
        loss = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        g, = tf.gradients(loss, adv)
        if ord == 'inf':
            adv = adv + alpha * tf.sign(g)
            adv = tf.clip_by_value(adv, x - eps, x + eps)
        else:
            g = g / (tf.norm(g, axis=1, keepdims=True) + 1e-12)
            adv = adv + alpha * g
            delta = adv - x
            delta = delta * tf.minimum(1., eps / (tf.norm(delta, ord='euclidean', axis=1, keepdims=True) + 1e-12))
            adv = x + delta
        adv = tf.stop_gradient(tf.clip_by_value(adv, 0., 1.))
        return i + 1, adv
    _, adv = tf.while_loop(lambda i, _: i < steps, body, [tf.constant(0), x0], back_prop=False)
    return adv


def main(tf):
    tf.set_random_seed(1)
    rng = np.random.RandomState(0)
    xs = rng.rand(16, 12).astype(np.float32)
    ys = (xs[:, :3].argmax(1)).astype(np.int64)
    model = Model(tf)
    attack = LinfPGDAttack(tf, model, 0.1, 5, 0.03, True, 'xent')
    attack_cw = LinfPGDAttack(tf, model, 0.1, 3, 0.03, False, 'cw')
    global_step = tf.train.get_or_create_global_step()
    train_step = tf.train.AdamOptimizer(1e-2).minimize(model.xent, global_step=global_step)
    adv_w = tf_pgd(tf, model, model.x_input, model.y_input, 0.1, 0.03, 4)
    adv_2 = tf_pgd(tf, model, model.x_input, model.y_input, 0.5, 0.2, 4, ord='l2')
    out = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        accs = []
        for ii in range(6):
            x_adv = attack.perturb(xs, ys, sess, rng)
            nat_dict = {model.x_input: xs, model.y_input: ys}
            adv_dict = {model.x_input: x_adv, model.y_input: ys}
            accs.append(sess.run([model.accuracy, model.xent], adv_dict))
            sess.run(train_step, feed_dict=adv_dict if ii % 2 else nat_dict)
        out['accs'] = np.array(accs)
        out['cw_adv'] = attack_cw.perturb(xs, ys, sess, rng)
        out['tfpgd'], out['tfpgd_l2'] = sess.run([adv_w, adv_2], {model.x_input: xs, model.y_input: ys})
        out['linf'] = np.abs(out['tfpgd'] - xs).max()
        out['l2norms'] = np.linalg.norm(out['tfpgd_l2'] - xs, axis=1)
        out['adv_correct'] = sess.run(model.num_correct, {model.x_input: out['tfpgd'], model.y_input: ys})
        out['gs'] = sess.run(global_step)
    out['adv_shape'] = str(adv_w.get_shape())
    out['grad_shape'] = str(attack.grad.get_shape())
    return out
