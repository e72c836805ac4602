"""cleverhans v2 KerasModelWrapper + utils_keras era code: a tf.keras Sequential CNN run in the
TF1 session (K.set_session / K.get_session), intermediate layer outputs via a second Model,
fprop dict of layer names, FGSM adversarial training with a Keras loss on
[clean; adversarial] logits, K.learning_phase, K.function for saliency."""
import numpy as np
TAGS = ['keras', 'gradients', 'train']
TOLERANCE = {'*': (2e-3, 2e-4)}


class KerasModelWrapper(object):
    def __init__(self, tf, model):
        self.tf, self.model = tf, model
        self.keras_model = None

    def _get_softmax_name(self):
        for layer in self.model.layers:
            cfg = layer.get_config()
            if 'activation' in cfg and cfg['activation'] == 'softmax':
                return layer.name
        raise Exception("No softmax layers found")

    def _get_logits_name(self):
        softmax_name = self._get_softmax_name()
        softmax_layer = self.model.get_layer(softmax_name)
        if not isinstance(softmax_layer, self.tf.keras.layers.Activation):
            return softmax_name
        node = softmax_layer._inbound_nodes[0]
        return node.inbound_layers[0].name if isinstance(node.inbound_layers, list) else node.inbound_layers.name

    def get_layer_names(self):
        return [layer.name for layer in self.model.layers]

    def fprop(self, x):
        Model = self.tf.keras.models.Model
        if self.keras_model is None:
            new_input = self.model.input
            out_layers = [x_layer.output for x_layer in self.model.layers]
            self.keras_model = Model(new_input, out_layers)
        outputs = self.keras_model(x)
        return dict(zip(self.get_layer_names(), outputs))

    def get_logits(self, x):
        return self.fprop(x)[self._get_logits_name()]


def main(tf):
    tf.set_random_seed(41)
    rng = np.random.RandomState(41)
    K = tf.keras.backend
    sess = tf.Session()
    K.set_session(sess)
    layers = tf.keras.layers
    init = tf.keras.initializers.glorot_uniform(seed=1)
    model = tf.keras.models.Sequential([
        layers.Conv2D(4, (3, 3), padding='same', input_shape=(6, 6, 1), kernel_initializer=init, name='conv1'),
        layers.Activation('relu', name='relu1'),
        layers.Flatten(name='flat'),
        layers.Dense(3, kernel_initializer=tf.keras.initializers.glorot_uniform(seed=2), name='logits'),
        layers.Activation('softmax', name='probs')])
    wrap = KerasModelWrapper(tf, model)
    x = tf.placeholder(tf.float32, (None, 6, 6, 1))
    y = tf.placeholder(tf.float32, (None, 3))
    logits = wrap.get_logits(x)
    out = {'layers': wrap.get_layer_names(), 'logits_name': wrap._get_logits_name(),
           'softmax_name': wrap._get_softmax_name(), 'logits_shape': str(logits.get_shape())}
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
    grad = tf.gradients(loss, x)[0]
    adv_x = tf.stop_gradient(tf.clip_by_value(x + 0.1 * tf.sign(grad), 0., 1.))
    adv_logits = wrap.get_logits(adv_x)
    both = tf.concat([logits, adv_logits], 0)
    yy = tf.concat([y, y], 0)
    kl = tf.keras.losses.categorical_crossentropy(yy, tf.nn.softmax(both))
    train_loss = 0.5 * tf.reduce_mean(kl)
    train_op = tf.train.AdamOptimizer(0.01).minimize(train_loss, var_list=model.trainable_weights)
    sess.run(tf.global_variables_initializer())
    xs = rng.rand(8, 6, 6, 1).astype(np.float32)
    ys = np.eye(3, dtype=np.float32)[rng.randint(0, 3, 8)]
    out['k_sess_same'] = K.get_session() is sess
    hist = []
    for step in range(5):
        _, l = sess.run([train_op, train_loss], {x: xs, y: ys, K.learning_phase(): 1})
        hist.append(l)
    out['hist'] = np.array(hist)
    preds, apreds = sess.run([logits, adv_logits], {x: xs, y: ys})
    out['clean_acc'] = int((preds.argmax(1) == ys.argmax(1)).sum())
    out['adv_acc'] = int((apreds.argmax(1) == ys.argmax(1)).sum())
    sal = K.function([x, y], [K.abs(grad)])
    out['sal'] = sal([xs[:2], ys[:2]])[0]
    out['probs'] = model.predict(xs[:3])
    out['n_weights'] = len(model.get_weights())
    sess.close()
    return out
