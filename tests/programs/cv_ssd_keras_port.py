"""pierluigiferrari/ssd_keras: L2Normalization layer (add_weight gamma, K.l2_normalize),
AnchorBoxes layer (numpy boxes -> K.tile(K.constant) with K.shape batch), keras_ssd_loss.SSDLoss
(smooth_L1 / log loss, hard negative mining with tf.nn.top_k + tf.scatter_nd and tf.cond on
n_negative_keep), model.compile(loss=ssd_loss.compute_loss) + fit, and DecodeDetections-style
decoding with tf.map_fn over per-class tf.image.non_max_suppression + tf.pad to top_k."""
import numpy as np
TAGS = ['cv', 'keras', 'train']
TOLERANCE = {'*': (1e-4, 1e-5)}


class SSDLoss(object):
    def __init__(self, tf, neg_pos_ratio=3, n_neg_min=0, alpha=1.0):
        self.tf, self.neg_pos_ratio, self.n_neg_min, self.alpha = tf, neg_pos_ratio, n_neg_min, alpha

    def smooth_L1_loss(self, y_true, y_pred):
        tf = self.tf
        absolute_loss = tf.abs(y_true - y_pred)
        square_loss = 0.5 * (y_true - y_pred) ** 2
        l1_loss = tf.where(tf.less(absolute_loss, 1.0), square_loss, absolute_loss - 0.5)
        return tf.reduce_sum(l1_loss, axis=-1)

    def log_loss(self, y_true, y_pred):
        tf = self.tf
        y_pred = tf.maximum(y_pred, 1e-15)
        return -tf.reduce_sum(y_true * tf.log(y_pred), axis=-1)

    def compute_loss(self, y_true, y_pred):
        tf = self.tf
        neg_pos_ratio = tf.constant(self.neg_pos_ratio, dtype=tf.float32)
        n_neg_min = tf.constant(self.n_neg_min)
        batch_size = tf.shape(y_pred)[0]
        n_boxes = tf.shape(y_pred)[1]
        classification_loss = tf.to_float(self.log_loss(y_true[:, :, :-12], y_pred[:, :, :-12]))
        localization_loss = tf.to_float(self.smooth_L1_loss(y_true[:, :, -12:-8], y_pred[:, :, -12:-8]))
        negatives = y_true[:, :, 0]
        positives = tf.to_float(tf.reduce_max(y_true[:, :, 1:-12], axis=-1))
        n_positive = tf.reduce_sum(positives)
        pos_class_loss = tf.reduce_sum(classification_loss * positives, axis=-1)
        neg_class_loss_all = classification_loss * negatives
        n_neg_losses = tf.count_nonzero(neg_class_loss_all, dtype=tf.int32)
        n_negative_keep = tf.minimum(tf.maximum(tf.to_int32(neg_pos_ratio * n_positive), n_neg_min), n_neg_losses)

        def f1():
            return tf.zeros([batch_size])

        def f2():
            neg_class_loss_all_1D = tf.reshape(neg_class_loss_all, [-1])
            values, indices = tf.nn.top_k(neg_class_loss_all_1D, k=n_negative_keep, sorted=False)
            negatives_keep = tf.scatter_nd(indices=tf.expand_dims(indices, axis=1),
                                           updates=tf.ones_like(indices, dtype=tf.int32),
                                           shape=tf.shape(neg_class_loss_all_1D))
            negatives_keep = tf.to_float(tf.reshape(negatives_keep, [batch_size, n_boxes]))
            return tf.reduce_sum(classification_loss * negatives_keep, axis=-1)

        neg_class_loss = tf.cond(tf.equal(n_neg_losses, tf.constant(0)), f1, f2)
        class_loss = pos_class_loss + neg_class_loss
        loc_loss = tf.reduce_sum(localization_loss * positives, axis=-1)
        total_loss = (class_loss + self.alpha * loc_loss) / tf.maximum(1.0, n_positive)
        total_loss = total_loss * tf.to_float(batch_size)
        return total_loss


def make_layers(tf):
    K, KL = tf.keras.backend, tf.keras.layers

    class L2Normalization(KL.Layer):
        def __init__(self, gamma_init=20, **kwargs):
            self.axis = 3
            self.gamma_init = gamma_init
            super(L2Normalization, self).__init__(**kwargs)

        def build(self, input_shape):
            gamma = self.gamma_init * np.ones((input_shape[self.axis],))
            self.gamma = self.add_weight(name='{}_gamma'.format(self.name), shape=gamma.shape,
                                         initializer=tf.keras.initializers.Constant(gamma), trainable=True)
            super(L2Normalization, self).build(input_shape)

        def call(self, x, mask=None):
            return K.l2_normalize(x, self.axis) * self.gamma

    class AnchorBoxes(KL.Layer):
        def __init__(self, boxes, **kwargs):
            self.boxes = boxes
            super(AnchorBoxes, self).__init__(**kwargs)

        def call(self, x, mask=None):
            boxes_tensor = K.expand_dims(K.constant(self.boxes, dtype='float32'), axis=0)
            return K.tile(boxes_tensor, (K.shape(x)[0], 1, 1, 1, 1))

        def compute_output_shape(self, input_shape):
            return (input_shape[0],) + self.boxes.shape

    return L2Normalization, AnchorBoxes


def decode(tf, y_pred, conf_thresh=0.3, iou=0.45, top_k=4, n_classes=3):
    def per_image(b):
        boxes = b[:, -12:-8]
        results = []
        for c in range(1, n_classes):
            scores = b[:, c]
            keep = tf.where(scores > conf_thresh)[:, 0]
            sb, ss = tf.gather(boxes, keep), tf.gather(scores, keep)
            idx = tf.image.non_max_suppression(sb, ss, max_output_size=top_k, iou_threshold=iou)
            results.append(tf.concat([tf.fill([tf.shape(idx)[0], 1], float(c)), tf.gather(ss, idx)[:, None],
                                      tf.gather(sb, idx)], axis=1))
        allc = tf.concat(results, 0)
        top = tf.nn.top_k(allc[:, 1], k=tf.minimum(top_k, tf.shape(allc)[0]), sorted=True)
        dets = tf.gather(allc, top.indices)
        dets = tf.pad(dets, [[0, top_k - tf.shape(dets)[0]], [0, 0]], constant_values=0.0)
        return dets
    return tf.map_fn(per_image, y_pred, dtype=tf.float32)


def main(tf):
    tf.set_random_seed(12)
    rng = np.random.RandomState(12)
    KL, KM = tf.keras.layers, tf.keras.models
    L2Normalization, AnchorBoxes = make_layers(tf)
    H = W = 3; NB = 2; C = 3
    init = tf.keras.initializers.glorot_uniform(seed=13)
    x = KL.Input(shape=(6, 6, 3))
    conv = KL.Conv2D(8, 3, strides=2, padding='same', activation='relu', kernel_initializer=init, name='conv4_3')(x)
    norm = L2Normalization(gamma_init=20, name='conv4_3_norm')(conv)
    conf = KL.Conv2D(NB * C, 3, padding='same', kernel_initializer=init, name='conf')(norm)
    loc = KL.Conv2D(NB * 4, 3, padding='same', kernel_initializer=init, name='loc')(norm)
    cy, cx = np.meshgrid(np.linspace(1 / 6, 5 / 6, 3), np.linspace(1 / 6, 5 / 6, 3), indexing='ij')
    boxes = np.zeros((H, W, NB, 8), np.float32)
    for k, s in enumerate((0.3, 0.5)):
        boxes[:, :, k, 0], boxes[:, :, k, 1] = cx, cy
        boxes[:, :, k, 2] = s; boxes[:, :, k, 3] = s; boxes[:, :, k, 4:] = [0.1, 0.1, 0.2, 0.2]
    priors = AnchorBoxes(boxes, name='priors')(loc)
    conf_r = KL.Reshape((-1, C), name='conf_reshape')(conf)
    loc_r = KL.Reshape((-1, 4), name='loc_reshape')(loc)
    priors_r = KL.Reshape((-1, 8), name='priors_reshape')(priors)
    conf_s = KL.Activation('softmax', name='conf_softmax')(conf_r)
    preds = KL.Concatenate(axis=2, name='predictions')([conf_s, loc_r, priors_r])
    model = KM.Model(x, preds)
    ssd_loss = SSDLoss(tf, neg_pos_ratio=3, alpha=1.0)
    model.compile(optimizer=tf.keras.optimizers.Adam(lr=0.001), loss=ssd_loss.compute_loss)
    xs = rng.rand(4, 6, 6, 3).astype(np.float32)
    y = np.zeros((4, H * W * NB, C + 12), np.float32)
    y[:, :, 0] = 1.0
    for i in range(4):
        for j in rng.choice(H * W * NB, 2, replace=False):
            y[i, j, 0] = 0.0; y[i, j, 1 + rng.randint(C - 1)] = 1.0
            y[i, j, C:C + 4] = rng.randn(4) * 0.5
    out = {'pred_static': str(preds.shape), 'priors_static': str(priors.shape),
           'weights': [w.name for w in model.weights]}
    hist = model.fit(xs, y, batch_size=2, epochs=3, shuffle=False, verbose=0)
    out['loss'] = np.array(hist.history['loss'])
    p = model.predict(xs)
    out['pred'] = p
    yp = tf.placeholder(tf.float32, [None, H * W * NB, C + 12])
    dets = decode(tf, yp)
    sess = tf.keras.backend.get_session()
    out['dets'] = sess.run(dets, {yp: p})
    out['gamma'] = tf.keras.backend.get_value(model.get_layer('conv4_3_norm').gamma)
    return out
