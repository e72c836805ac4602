"""Keras backend idioms of the keras-team examples and blog posts of 2017-2019 in TF1 graph mode:
K.function with K.learning_phase() fed (MC dropout), the first layer's input fed to a K.function
(an InputLayer's input is its placeholder), K.set_value of the optimizer's lr, an intermediate-layer
Model, K.in_train_phase, K.switch, K.stop_gradient, K.update_add and K.moving_average_update
(zero-debiased in TF 1.x)."""
import numpy as np

TAGS = ['keras']
TOLERANCE = {'*': (3e-4, 3e-5)}


def main(tf):
    tf.set_random_seed(22)
    np.random.seed(22)
    K = tf.keras
    L = K.layers
    B = K.backend
    gi = K.initializers.glorot_uniform
    rng = np.random.RandomState(16)
    x = rng.rand(10, 4).astype('float32')
    y = (x[:, 0] > 0.5).astype('float32')
    inp = L.Input((4,))
    h = L.Dense(8, activation='relu', name='h', kernel_initializer=gi(seed=1))(inp)
    d = L.Dropout(0.5, seed=2)(h)
    out = L.Dense(1, activation='sigmoid', name='o', kernel_initializer=gi(seed=3))(d)
    model = K.Model(inp, out)
    model.compile(K.optimizers.SGD(lr=0.1), 'binary_crossentropy', metrics=['acc'])
    model.fit(x, y, epochs=1, batch_size=5, verbose=0, shuffle=False)
    B.set_value(model.optimizer.lr, 0.05)
    res = {'lr': float(B.get_value(model.optimizer.lr))}
    h2 = model.fit(x, y, epochs=1, batch_size=5, verbose=0, shuffle=False)
    res['loss2'] = np.array(h2.history['loss'])
    f = B.function([model.input, B.learning_phase()], [model.output])
    res['mc_test'] = f([x[:3], 0])[0]
    res['mc_train_shape'] = list(f([x[:3], 1])[0].shape)
    get_h = B.function([model.layers[0].input], [model.get_layer('h').output])
    res['hidden'] = get_h([x[:2]])[0]
    inter = K.Model(inputs=model.input, outputs=model.get_layer('h').output)
    res['inter'] = inter.predict(x[:2])
    res['tw'] = [w.name for w in model.get_layer('h').trainable_weights]
    # in_train_phase / switch / stop_gradient
    a = B.placeholder(shape=(None, 2))
    t = B.in_train_phase(a * 2.0, a * 3.0)
    s = B.switch(B.greater(B.sum(a), 0.0), a + 1.0, a - 1.0)
    g = B.gradients(B.sum(B.stop_gradient(a * a) + a * a), [a])[0]
    fn = B.function([a, B.learning_phase()], [t, s, g])
    va = np.array([[1.0, -2.0], [0.5, 0.25]], 'float32')
    r1 = fn([va, 1])
    r0 = fn([va, 0])
    res['itp1'], res['itp0'], res['switch'], res['grad'] = r1[0], r0[0], r1[1], r1[2]
    res['itp_static'] = B.get_value(B.in_train_phase(B.constant(1.0), B.constant(2.0), training=0))
    v = B.variable(np.ones((2,)), name='counter')
    upd = B.update_add(v, B.constant([1.0, 2.0]))
    mv = B.variable(np.zeros((2,)), name='mv')
    mav = B.moving_average_update(mv, B.constant([10.0, 20.0]), 0.9)
    sess = B.get_session()
    sess.run(tf.global_variables_initializer())   # (the zero-debias variables too)
    sess.run(upd)
    res['counter'] = B.get_value(v)
    sess.run(mav)
    res['mav'] = B.get_value(mv)
    res['v_name'] = v.name
    res['dtype'] = B.dtype(v)
    res['int_shape'] = list(B.int_shape(a))
    res['ndim'] = B.ndim(a)
    res['is_ph'] = str(B.is_placeholder(a)) if hasattr(B, 'is_placeholder') else 'True'
    res['floatx'] = B.floatx()
    res['eps'] = B.epsilon()
    res['img_fmt'] = B.image_data_format()
    return res
