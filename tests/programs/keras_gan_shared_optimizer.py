"""The Keras-GAN idiom in TF1 graph mode: the discriminator compiled, then frozen to build the
combined model (it still trains: its weights are collected at compile), one Adam shared by
both (its iterations and `training`/`training_2` slot scopes), BatchNormalization in the
generator, and a fully frozen model whose train step is a no-op."""
import numpy as np

TAGS = ['keras']
TOLERANCE = {'*': (1e-4, 1e-5)}


def _gan(tf, out):
    keras = tf.keras
    L = keras.layers
    latent_dim, img_dim = 4, 6
    optimizer = keras.optimizers.Adam(0.0002, 0.5)

    def build_discriminator():
        model = keras.Sequential()
        model.add(L.Dense(8, input_dim=img_dim))
        model.add(L.LeakyReLU(alpha=0.2))
        model.add(L.Dense(1, activation='sigmoid'))
        img = L.Input(shape=(img_dim,))
        return keras.Model(img, model(img))

    def build_generator():
        model = keras.Sequential()
        model.add(L.Dense(8, input_dim=latent_dim))
        model.add(L.LeakyReLU(alpha=0.2))
        model.add(L.BatchNormalization(momentum=0.8))
        model.add(L.Dense(img_dim, activation='tanh'))
        noise = L.Input(shape=(latent_dim,))
        return keras.Model(noise, model(noise))

    discriminator = build_discriminator()
    discriminator.compile(loss='binary_crossentropy', optimizer=optimizer, metrics=['accuracy'])
    generator = build_generator()
    z = L.Input(shape=(latent_dim,))
    discriminator.trainable = False
    combined = keras.Model(z, discriminator(generator(z)))
    combined.compile(loss='binary_crossentropy', optimizer=optimizer)
    out['trainable_counts'] = [len(discriminator.trainable_weights),
                               len(combined.trainable_weights),
                               len(combined.non_trainable_weights)]
    x_train = np.random.uniform(-1, 1, (32, img_dim)).astype('float32')
    batch_size = 8
    valid, fake = np.ones((batch_size, 1)), np.zeros((batch_size, 1))
    d_losses, g_losses = [], []
    for _ in range(4):
        imgs = x_train[np.random.randint(0, x_train.shape[0], batch_size)]
        noise = np.random.normal(0, 1, (batch_size, latent_dim))
        gen_imgs = generator.predict(noise)
        d_loss_real = discriminator.train_on_batch(imgs, valid)
        d_loss_fake = discriminator.train_on_batch(gen_imgs, fake)
        d_losses.append(0.5 * np.add(d_loss_real, d_loss_fake))
        g_losses.append(combined.train_on_batch(noise, valid))
    out['d_losses'] = d_losses
    out['g_losses'] = g_losses
    out['iterations'] = keras.backend.get_value(optimizer.iterations)
    out['slot_scopes'] = sorted(set(w.name.split('/')[0] for w in optimizer.weights))
    bn = generator.layers[1].layers[2]
    out['bn_moving_mean'] = keras.backend.get_value(bn.moving_mean)


def _frozen(tf, out):
    keras = tf.keras
    model = keras.Sequential([keras.layers.Dense(2, input_shape=(3,), kernel_initializer='ones'),
                              keras.layers.Dense(1)])
    for layer in model.layers:
        layer.trainable = False
    model.compile('sgd', 'mse')
    out['frozen_loss'] = model.train_on_batch(np.ones((2, 3)), np.ones((2, 1)))
    out['frozen_iterations'] = keras.backend.get_value(model.optimizer.iterations)
    model.layers[1].trainable = True
    model.compile('sgd', 'mse')
    out['partly_frozen'] = [model.train_on_batch(np.ones((2, 3)), np.ones((2, 1)))
                            for _ in range(2)]
    out['first_kernel'] = model.layers[0].get_weights()[0]


def main(tf):
    out = {}
    tf.set_random_seed(14)
    np.random.seed(14)
    _gan(tf, out)
    _frozen(tf, out)
    return out
