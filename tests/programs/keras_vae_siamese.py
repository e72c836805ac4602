"""Two keras/examples programs in TF1 graph mode: variational_autoencoder.py (a sampling Lambda,
`add_loss` then `compile(optimizer)` with no loss, `fit(x)` without targets) and
mnist_siamese.py (a shared base network, a Lambda distance, a contrastive loss, an accuracy
metric that takes the mean of a bool tensor), then the merge layers and a layer's
`set_weights` check."""
import numpy as np

TAGS = ['keras']
TOLERANCE = {'*': (1e-4, 1e-5)}


def _vae(tf, out):
    keras = tf.keras
    K = keras.backend
    L = keras.layers

    def sampling(args):
        z_mean, z_log_var = args
        epsilon = K.random_normal(shape=(K.shape(z_mean)[0], K.int_shape(z_mean)[1]), seed=3)
        return z_mean + K.exp(0.5 * z_log_var) * epsilon
    original_dim, intermediate_dim, latent_dim = 10, 6, 2
    inputs = L.Input(shape=(original_dim,), name='encoder_input')
    x = L.Dense(intermediate_dim, activation='relu')(inputs)
    z_mean = L.Dense(latent_dim, name='z_mean')(x)
    z_log_var = L.Dense(latent_dim, name='z_log_var')(x)
    z = L.Lambda(sampling, output_shape=(latent_dim,), name='z')([z_mean, z_log_var])
    encoder = keras.models.Model(inputs, [z_mean, z_log_var, z], name='encoder')
    latent_inputs = L.Input(shape=(latent_dim,), name='z_sampling')
    decoded = L.Dense(original_dim, activation='sigmoid')(
        L.Dense(intermediate_dim, activation='relu')(latent_inputs))
    decoder = keras.models.Model(latent_inputs, decoded, name='decoder')
    outputs = decoder(encoder(inputs)[2])
    vae = keras.models.Model(inputs, outputs, name='vae_mlp')
    reconstruction_loss = keras.losses.mse(inputs, outputs) * original_dim
    kl_loss = -0.5 * K.sum(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var), axis=-1)
    vae.add_loss(K.mean(reconstruction_loss + kl_loss))
    vae.compile(optimizer='adam')
    out['vae_metrics_names'] = vae.metrics_names
    x_train = np.random.rand(40, original_dim).astype('float32')
    # the sampled loss: compared loosely (the random streams are not TF's)
    history = vae.fit(x_train, epochs=3, batch_size=10, validation_data=(x_train[:10], None),
                      verbose=0)
    out['vae_history_keys'] = sorted(history.history)
    out['vae_z_mean_shape'] = encoder.predict(x_train[:4], batch_size=4)[0].shape


def _siamese(tf, out):
    keras = tf.keras
    K = keras.backend
    L = keras.layers
    base = keras.models.Sequential(name='base')
    base.add(L.Dense(8, input_shape=(5,), activation='relu'))
    base.add(L.Dense(4, activation='relu'))

    def euclidean_distance(vects):
        x, y = vects
        return K.sqrt(K.maximum(K.sum(K.square(x - y), axis=1, keepdims=True), K.epsilon()))

    def contrastive_loss(y_true, y_pred):
        return K.mean(y_true * K.square(y_pred) +
                      (1 - y_true) * K.square(K.maximum(1 - y_pred, 0)))

    def accuracy(y_true, y_pred):
        return K.mean(K.equal(y_true, K.cast(y_pred < 0.5, y_true.dtype)))
    input_a, input_b = L.Input(shape=(5,)), L.Input(shape=(5,))
    distance = L.Lambda(euclidean_distance, output_shape=lambda s: (s[0][0], 1))(
        [base(input_a), base(input_b)])
    model = keras.models.Model([input_a, input_b], distance)
    model.compile(loss=contrastive_loss, optimizer=keras.optimizers.RMSprop(), metrics=[accuracy])
    a = np.random.rand(20, 5).astype('float32')
    b = np.random.rand(20, 5).astype('float32')
    y = np.random.randint(0, 2, 20).astype('float32')
    history = model.fit([a, b], y, batch_size=5, epochs=2, verbose=0,
                        validation_data=([a[:6], b[:6]], y[:6]))
    out['siamese_history'] = {k: v for k, v in sorted(history.history.items())}
    out['siamese_outputs'] = [base.get_output_at(0).name, base.get_output_at(1).name]
    base.trainable = False
    model.compile(loss=contrastive_loss, optimizer='sgd')
    before = base.get_weights()[0].copy()
    out['frozen_step'] = model.train_on_batch([a, b], y)
    out['frozen_unchanged'] = bool(np.allclose(before, base.get_weights()[0]))
    try:
        base.layers[0].set_weights([np.zeros((5, 8)), np.zeros(8)])
    except ValueError as e:
        out['set_weights_error'] = str(e)


def _merges(tf, out):
    L = tf.keras.layers
    a, b = L.Input((3,)), L.Input((3,))
    merged = [L.add([a, b]), L.subtract([a, b]), L.multiply([a, b]), L.average([a, b]),
              L.maximum([a, b]), L.minimum([a, b]), L.concatenate([a, b]),
              L.dot([a, b], axes=1), L.dot([a, b], axes=1, normalize=True)]
    model = tf.keras.models.Model([a, b], merged)
    out['merges'] = model.predict([np.array([[1., 2., 3.]]), np.array([[4., -5., 6.]])])


def main(tf):
    out = {}
    tf.set_random_seed(16)
    np.random.seed(16)
    _vae(tf, out)
    _siamese(tf, out)
    _merges(tf, out)
    return out
