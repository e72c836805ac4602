"""Raissi's PINNs continuous_time_inference Burgers: a hand-written tanh MLP with xavier init,
u_t, u_x, u_xx through tf.gradients of tf.gradients, residual f = u_t + u u_x - nu u_xx,
MSE on data + residual, Adam steps; derivatives at points."""
import numpy as np
TAGS = ['train', 'gradients', 'random']
TOLERANCE = {'*': (2e-4, 2e-5)}


class PhysicsInformedNN:
    def __init__(self, tf, X_u, u, X_f, layers, lb, ub, nu):
        self.tf = tf
        self.lb, self.ub, self.nu = lb, ub, nu
        self.x_u, self.t_u, self.u = X_u[:, 0:1], X_u[:, 1:2], u
        self.x_f, self.t_f = X_f[:, 0:1], X_f[:, 1:2]
        self.weights, self.biases = self.initialize_NN(layers)
        self.x_u_tf = tf.placeholder(tf.float32, shape=[None, self.x_u.shape[1]])
        self.t_u_tf = tf.placeholder(tf.float32, shape=[None, self.t_u.shape[1]])
        self.u_tf = tf.placeholder(tf.float32, shape=[None, self.u.shape[1]])
        self.x_f_tf = tf.placeholder(tf.float32, shape=[None, self.x_f.shape[1]])
        self.t_f_tf = tf.placeholder(tf.float32, shape=[None, self.t_f.shape[1]])
        self.u_pred = self.net_u(self.x_u_tf, self.t_u_tf)
        self.f_pred = self.net_f(self.x_f_tf, self.t_f_tf)
        self.loss = tf.reduce_mean(tf.square(self.u_tf - self.u_pred)) + \
            tf.reduce_mean(tf.square(self.f_pred))
        self.optimizer_Adam = tf.train.AdamOptimizer(learning_rate=0.01)
        self.train_op_Adam = self.optimizer_Adam.minimize(self.loss)
        self.sess = tf.Session(config=tf.ConfigProto(allow_soft_placement=True,
                                                     log_device_placement=False))
        self.sess.run(tf.global_variables_initializer())

    def initialize_NN(self, layers):
        weights, biases = [], []
        for l in range(len(layers) - 1):
            W = self.xavier_init(size=[layers[l], layers[l + 1]], seed=l)
            b = self.tf.Variable(self.tf.zeros([1, layers[l + 1]], dtype=self.tf.float32),
                                 dtype=self.tf.float32)
            weights.append(W)
            biases.append(b)
        return weights, biases

    def xavier_init(self, size, seed):
        in_dim, out_dim = size
        xavier_stddev = np.sqrt(2 / (in_dim + out_dim))
        return self.tf.Variable(self.tf.truncated_normal([in_dim, out_dim], stddev=xavier_stddev,
                                                         seed=seed), dtype=self.tf.float32)

    def neural_net(self, X, weights, biases):
        tf = self.tf
        H = 2.0 * (X - self.lb) / (self.ub - self.lb) - 1.0
        for l in range(len(weights) - 1):
            H = tf.tanh(tf.add(tf.matmul(H, weights[l]), biases[l]))
        return tf.add(tf.matmul(H, weights[-1]), biases[-1])

    def net_u(self, x, t):
        return self.neural_net(self.tf.concat([x, t], 1), self.weights, self.biases)

    def net_f(self, x, t):
        tf = self.tf
        u = self.net_u(x, t)
        u_t = tf.gradients(u, t)[0]
        u_x = tf.gradients(u, x)[0]
        u_xx = tf.gradients(u_x, x)[0]
        self.derivs = (u_t, u_x, u_xx)
        return u_t + u * u_x - self.nu * u_xx

    def train(self, nIter):
        tf_dict = {self.x_u_tf: self.x_u, self.t_u_tf: self.t_u, self.u_tf: self.u,
                   self.x_f_tf: self.x_f, self.t_f_tf: self.t_f}
        losses = []
        for it in range(nIter):
            self.sess.run(self.train_op_Adam, tf_dict)
            if it % 5 == 0:
                losses.append(self.sess.run(self.loss, tf_dict))
        return losses

    def predict(self, X_star):
        u_star = self.sess.run(self.u_pred, {self.x_u_tf: X_star[:, 0:1],
                                             self.t_u_tf: X_star[:, 1:2]})
        f_star, d = self.sess.run([self.f_pred, self.derivs],
                                  {self.x_f_tf: X_star[:, 0:1], self.t_f_tf: X_star[:, 1:2]})
        return u_star, f_star, d


def main(tf):
    tf.set_random_seed(1234)
    rng = np.random.RandomState(1234)
    nu = 0.01 / np.pi
    lb, ub = np.array([-1.0, 0.0]), np.array([1.0, 0.99])
    x0 = np.linspace(-1, 1, 20)[:, None]
    X_u = np.vstack([np.hstack([x0, 0 * x0]), np.array([[-1.0, 0.5], [1.0, 0.5]])])
    u = np.vstack([-np.sin(np.pi * x0), [[0.0], [0.0]]]).astype(np.float32)
    X_f = (lb + (ub - lb) * rng.rand(60, 2)).astype(np.float32)
    layers = [2, 20, 20, 20, 1]
    model = PhysicsInformedNN(tf, X_u.astype(np.float32), u, X_f, layers, lb, ub, nu)
    out = {'names': [w.name for w in model.weights + model.biases],
           'shapes': [str(model.u_pred.shape), str(model.f_pred.shape), model.f_pred.dtype.name]}
    out['losses'] = model.train(21)
    X_star = np.array([[0.0, 0.5], [0.3, 0.2], [-0.7, 0.9]], np.float32)
    u_star, f_star, d = model.predict(X_star)
    out['u_star'], out['f_star'] = u_star, f_star
    out['u_t'], out['u_x'], out['u_xx'] = d
    model.sess.close()
    return out
