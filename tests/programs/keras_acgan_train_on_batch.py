"""keras-team/keras examples/mnist_acgan.py (2017-2019) as a tf.keras TF1 program: the
generator's Embedding(class) * latent multiply, a discriminator with two heads (sigmoid
real/fake, softmax class), train_on_batch with a list of targets and a list of sample weights,
the frozen discriminator inside the combined model (whose two outputs, both the nested model's,
are named model and model_1 in metrics_names), Progbar."""
import numpy as np

TAGS = ['keras']
TOLERANCE = {'*': (5e-4, 5e-5)}


def main(tf):
    tf.set_random_seed(16)
    np.random.seed(16)
    K = tf.keras
    L = K.layers
    gi = K.initializers.glorot_normal
    rng = np.random.RandomState(10)
    latent_size, num_classes = 6, 3

    def build_generator():
        cnn = K.Sequential()
        cnn.add(L.Dense(2 * 2 * 8, input_dim=latent_size, activation='relu', kernel_initializer=gi(seed=1)))
        cnn.add(L.Reshape((2, 2, 8)))
        cnn.add(L.Conv2DTranspose(4, 3, strides=2, padding='same', activation='relu',
                                  kernel_initializer=gi(seed=2)))
        cnn.add(L.BatchNormalization())
        cnn.add(L.Conv2DTranspose(1, 3, strides=2, padding='same', activation='tanh',
                                  kernel_initializer=gi(seed=3)))
        latent = L.Input(shape=(latent_size,))
        image_class = L.Input(shape=(1,), dtype='int32')
        cls = L.Embedding(num_classes, latent_size, embeddings_initializer=gi(seed=4))(image_class)
        h = L.multiply([latent, L.Flatten()(cls)])
        return K.Model([latent, image_class], cnn(h))

    def build_discriminator():
        cnn = K.Sequential()
        cnn.add(L.Conv2D(4, 3, padding='same', strides=2, input_shape=(8, 8, 1), kernel_initializer=gi(seed=5)))
        cnn.add(L.LeakyReLU(0.2))
        cnn.add(L.Conv2D(8, 3, padding='same', strides=1, kernel_initializer=gi(seed=7)))
        cnn.add(L.LeakyReLU(0.2))
        cnn.add(L.Flatten())
        image = L.Input(shape=(8, 8, 1))
        # no Dropout: the combined model calls the discriminator again, and TF 2.21 moves a
        # seeded Dropout's seed per call where TF 1.15 does not (known_differences)
        features = cnn(image)
        fake = L.Dense(1, activation='sigmoid', name='generation', kernel_initializer=gi(seed=8))(features)
        aux = L.Dense(num_classes, activation='softmax', name='auxiliary', kernel_initializer=gi(seed=9))(features)
        return K.Model(image, [fake, aux])

    discriminator = build_discriminator()
    discriminator.compile(optimizer=K.optimizers.Adam(lr=0.0002, beta_1=0.5),
                          loss=['binary_crossentropy', 'sparse_categorical_crossentropy'])
    generator = build_generator()
    latent = L.Input(shape=(latent_size,))
    image_class = L.Input(shape=(1,), dtype='int32')
    fake = generator([latent, image_class])
    discriminator.trainable = False
    fake, aux = discriminator(fake)
    combined = K.Model([latent, image_class], [fake, aux])
    combined.compile(optimizer=K.optimizers.Adam(lr=0.0002, beta_1=0.5),
                     loss=['binary_crossentropy', 'sparse_categorical_crossentropy'])
    x_train = rng.rand(8, 8, 8, 1).astype('float32') * 2 - 1
    y_train = np.arange(8) % num_classes
    batch_size = 4
    d_hist, g_hist = [], []
    progress_bar = K.utils.Progbar(target=2, verbose=0)
    for index in range(2):
        noise = rng.uniform(-1, 1, (batch_size, latent_size)).astype('float32')
        image_batch = x_train[index * batch_size:(index + 1) * batch_size]
        label_batch = y_train[index * batch_size:(index + 1) * batch_size]
        sampled_labels = rng.randint(0, num_classes, batch_size)
        generated_images = generator.predict([noise, sampled_labels.reshape((-1, 1))], verbose=0)
        x = np.concatenate((image_batch, generated_images))
        soft_zero, soft_one = 0, 0.95
        y = np.array([soft_one] * batch_size + [soft_zero] * batch_size)
        aux_y = np.concatenate((label_batch, sampled_labels), axis=0)
        disc_sample_weight = [np.ones(2 * batch_size),
                              np.concatenate((np.ones(batch_size) * 2, np.zeros(batch_size)))]
        d_hist.append(discriminator.train_on_batch(x, [y, aux_y], sample_weight=disc_sample_weight))
        noise = rng.uniform(-1, 1, (2 * batch_size, latent_size)).astype('float32')
        sampled_labels = rng.randint(0, num_classes, 2 * batch_size)
        trick = np.ones(2 * batch_size) * soft_one
        g_hist.append(combined.train_on_batch([noise, sampled_labels.reshape((-1, 1))],
                                              [trick, sampled_labels]))
        progress_bar.update(index + 1)
    res = {'d_hist': np.array(d_hist), 'g_hist': np.array(g_hist),
           'd_names': discriminator.metrics_names, 'g_names': combined.metrics_names,
           'd_test': np.array(discriminator.evaluate(x_train, [np.ones(8), y_train], verbose=0)),
           'gen_shapes': [str(l.output_shape) for l in generator.layers],
           'n_trainable_combined': len(combined.trainable_weights),
           'n_trainable_disc': len(discriminator.trainable_weights)}
    return res
