"""Keras U-Net of 2018-2019 tutorials (zhixuhao/unet, tf.keras segmentation blog posts):
Conv2D/MaxPooling2D encoder, UpSampling2D(bilinear) and Conv2DTranspose decoder, Cropping2D,
ZeroPadding2D, concatenate skips, BatchNormalization, SpatialDropout2D; compiled with a custom
dice + sparse categorical crossentropy loss and MeanIoU metric; fit/evaluate/predict."""
import numpy as np
TAGS = ['cv', 'keras']
TOLERANCE = {'*': (2e-4, 2e-5)}


def main(tf):
    tf.set_random_seed(12)
    np.random.seed(12)
    K = tf.keras
    L = K.layers
    init = K.initializers.glorot_uniform(seed=1)
    inp = L.Input((16, 16, 3))
    c1 = L.Conv2D(4, 3, padding='same', activation='relu', kernel_initializer=init)(inp)
    c1 = L.BatchNormalization()(c1)
    p1 = L.MaxPooling2D(2)(c1)
    c2 = L.Conv2D(8, 3, padding='same', activation='relu', kernel_initializer=init)(p1)
    c2 = L.SpatialDropout2D(0.2, seed=3)(c2)
    p2 = L.MaxPooling2D(2)(c2)
    c3 = L.Conv2D(8, 3, padding='valid', activation='relu', kernel_initializer=init)(p2)   # 2x2
    c3 = L.ZeroPadding2D(1)(c3)                                                                  # 4x4
    u2 = L.UpSampling2D(2, interpolation='bilinear')(c3)                                         # 8x8
    m2 = L.concatenate([u2, c2], axis=3)
    c4 = L.Conv2D(4, 3, padding='same', activation='relu', kernel_initializer=init)(m2)
    u1 = L.Conv2DTranspose(4, 3, strides=2, padding='valid', kernel_initializer=init)(c4)      # 17x17
    u1 = L.Cropping2D(((0, 1), (1, 0)))(u1)
    m1 = L.Concatenate()([u1, c1])
    out = L.Conv2D(3, 1, activation='softmax', kernel_initializer=init, name='seg')(m1)
    model = K.Model(inp, out)

    def dice_ce(y_true, y_pred):
        y = tf.one_hot(tf.cast(tf.squeeze(y_true, -1), tf.int32), 3)
        inter = tf.reduce_sum(y * y_pred, [1, 2])
        dice = 1 - tf.reduce_mean((2 * inter + 1) / (tf.reduce_sum(y + y_pred, [1, 2]) + 1))
        return dice + K.losses.sparse_categorical_crossentropy(y_true, y_pred)

    model.compile(K.optimizers.Adam(0.01), loss=dice_ce,
                  metrics=['sparse_categorical_accuracy'])
    x = np.random.rand(6, 16, 16, 3).astype(np.float32)
    y = (x[..., :1] * 3).astype(np.int32).clip(0, 2)
    hist = model.fit(x, y, batch_size=3, epochs=3, shuffle=False, verbose=0)
    res = {'loss': np.array(hist.history['loss']),
           'acc': np.array(hist.history['sparse_categorical_accuracy']),
           'eval': np.array(model.evaluate(x, y, batch_size=6, verbose=0)),
           'pred': model.predict(x[:2]),
           'shapes': [str(l.output_shape) for l in model.layers],
           'names': [w.name for w in model.weights],
           'n_params': model.count_params()}
    miou = K.metrics.MeanIoU(num_classes=3)
    upd = miou.update_state(y.reshape(-1), np.argmax(model.predict(x), -1).reshape(-1))
    sess = K.backend.get_session()
    sess.run(tf.variables_initializer(miou.variables))
    sess.run(upd)
    res['miou'] = sess.run(miou.result())
    return res
