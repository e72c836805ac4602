"""matterport Mask_RCNN model.compile(): BatchNorm subclass called with training=False,
TimeDistributed conv/dense mask and classifier heads, Lambda loss layers, model._losses reset +
model.add_loss(tf.reduce_mean(...)), L2 weight-decay losses built from trainable_weights with
a kernel_regularizer, SGD(momentum, clipnorm), compile(loss=[None]*n), train_on_batch, and
model.metrics_names."""
import numpy as np
TAGS = ['cv', 'keras', 'train']
TOLERANCE = {'*': (1e-4, 1e-5)}


def main(tf):
    tf.set_random_seed(1)
    np.random.seed(1)
    KL, KM, K = tf.keras.layers, tf.keras.models, tf.keras.backend

    class BatchNorm(KL.BatchNormalization):
        def call(self, inputs, training=None):
            return super(BatchNorm, self).call(inputs, training=training)

    R, P, C = 3, 4, 3
    init = tf.keras.initializers.glorot_uniform(seed=3)
    rois_feat = KL.Input(shape=[R, P, P, 5], name="input_roi_feat")
    target_ids = KL.Input(shape=[R], name="input_target_ids")
    target_masks = KL.Input(shape=[R, 2 * P, 2 * P], name="input_target_masks")
    x = KL.TimeDistributed(KL.Conv2D(6, (3, 3), padding="same", kernel_initializer=init),
                           name="mrcnn_mask_conv1")(rois_feat)
    x = KL.TimeDistributed(BatchNorm(), name='mrcnn_mask_bn1')(x, training=False)
    x = KL.Activation('relu')(x)
    x = KL.TimeDistributed(KL.Conv2DTranspose(6, (2, 2), strides=2, activation="relu",
                                              kernel_initializer=init), name="mrcnn_mask_deconv")(x)
    masks = KL.TimeDistributed(KL.Conv2D(C, (1, 1), strides=1, activation="sigmoid",
                                         kernel_initializer=init), name="mrcnn_mask")(x)
    shared = KL.Lambda(lambda t: K.mean(t, axis=[2, 3]), name="pool_squeeze")(x)
    logits = KL.TimeDistributed(KL.Dense(C, kernel_initializer=init,
                                         kernel_regularizer=tf.keras.regularizers.l2(0.01)), name='mrcnn_class_logits')(shared)
    probs = KL.TimeDistributed(KL.Activation("softmax"), name="mrcnn_class")(logits)

    def class_loss(args):
        ids, lg = args
        return K.mean(K.sparse_categorical_crossentropy(ids, lg, from_logits=True))

    def mask_loss(args):
        ids, tm, pm = args
        ids = K.reshape(ids, (-1,))
        tm = K.reshape(tm, (-1, 2 * P, 2 * P))
        pm = tf.transpose(K.reshape(pm, (-1, 2 * P, 2 * P, C)), [0, 3, 1, 2])
        ix = tf.where(ids > 0)[:, 0]
        cls = tf.cast(tf.gather(ids, ix), tf.int64)
        y_pred = tf.gather_nd(pm, tf.stack([ix, cls], axis=1))
        y_true = tf.gather(tm, ix)
        loss = K.switch(tf.size(y_true) > 0, K.binary_crossentropy(y_true, y_pred), tf.constant(0.0))
        return K.mean(loss)

    cl = KL.Lambda(class_loss, name="mrcnn_class_loss")([target_ids, logits])
    ml = KL.Lambda(mask_loss, name="mrcnn_mask_loss")([target_ids, target_masks, masks])
    model = KM.Model([rois_feat, target_ids, target_masks], [probs, masks, cl, ml], name='mask_rcnn')

    optimizer = tf.keras.optimizers.SGD(lr=0.05, momentum=0.9, clipnorm=5.0)
    # (model._losses = [] as Mask_RCNN: TF 2.21 keras rejects it)

    for name in ["mrcnn_class_loss", "mrcnn_mask_loss"]:
        layer = model.get_layer(name)
        loss = tf.reduce_mean(layer.output, keepdims=True) * 1.0
        model.add_loss(loss)
    # Mask_RCNN adds its L2 weight decay with add_loss; TF 1.14+ drops an input-independent
    # add_loss from the compiled loss (known difference), so the Dense head regularizes instead
    model.compile(optimizer=optimizer, loss=[None] * len(model.outputs))
    out = {'trainable': [w.name for w in model.trainable_weights],
           'non_trainable': [w.name for w in model.non_trainable_weights],
           'out_shapes': [str(t.shape) for t in model.outputs],
           'n_losses': len(model.losses)}
    rng = np.random.RandomState(0)
    feats = rng.randn(4, R, P, P, 5).astype(np.float32)
    ids = rng.randint(0, C, size=(4, R)).astype(np.float32)
    tms = (rng.rand(4, R, 2 * P, 2 * P) > 0.5).astype(np.float32)
    hist = []
    for step in range(4):
        hist.append(model.train_on_batch([feats, ids, tms], None))
    out['train_losses'] = np.array(hist, dtype=np.float64)
    out['metrics_names'] = list(model.metrics_names)
    infer = KM.Model([rois_feat], [probs, masks])
    p, m = infer.predict([feats])
    out['probs'] = p
    out['mask_mean'] = m.mean(axis=(2, 3))
    out['bn_moving_mean'] = K.get_value(model.get_layer('mrcnn_mask_bn1').layer.moving_mean)
    return out
