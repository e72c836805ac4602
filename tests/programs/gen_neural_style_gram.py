"""neural-style (anishathalye) / Gatys: optimise the image, VGG-ish features, Gram via
matmul(transpose_a=True), content/style/TV losses, tf.image.total_variation."""
import numpy as np
TAGS = ['cv', 'image', 'train', 'gradients']
TOLERANCE = {'*': (2e-4, 2e-5)}


def main(tf):
    tf.set_random_seed(3)
    rng = np.random.RandomState(3)
    content_np = rng.rand(1, 12, 12, 3).astype(np.float32) * 255.0
    style_np = rng.rand(1, 12, 12, 3).astype(np.float32) * 255.0
    mean_pixel = np.array([123.68, 116.779, 103.939], dtype=np.float32)
    weights = {}
    for name, cin, cout in [('conv1_1', 3, 4), ('conv1_2', 4, 4), ('conv2_1', 4, 6)]:
        weights[name] = (rng.randn(3, 3, cin, cout).astype(np.float32) * 0.05,
                         rng.randn(cout).astype(np.float32) * 0.01)

    def net(img):
        layers = {}
        x = img
        for name in ['conv1_1', 'conv1_2', 'pool1', 'conv2_1']:
            if name.startswith('conv'):
                k, b = weights[name]
                x = tf.nn.conv2d(x, tf.constant(k), strides=(1, 1, 1, 1), padding='SAME')
                x = tf.nn.relu(tf.nn.bias_add(x, b))
            else:
                x = tf.nn.avg_pool(x, ksize=(1, 2, 2, 1), strides=(1, 2, 2, 1), padding='SAME')
            layers[name] = x
        return layers

    def gram(f):
        _, h, w, c = map(lambda i: i.value, f.get_shape())
        feats = tf.reshape(f, (-1, c))
        return tf.matmul(feats, feats, transpose_a=True) / (h * w * c)

    style_pre = tf.placeholder(tf.float32, shape=(1, 12, 12, 3), name='style_image')
    style_layers = net(style_pre - mean_pixel)
    content_feat_t = net(tf.constant(content_np) - mean_pixel)['conv1_2']
    with tf.Session() as sess:
        style_grams = {l: sess.run(gram(style_layers[l]), {style_pre: style_np})
                       for l in ['conv1_1', 'conv2_1']}
        content_feat = sess.run(content_feat_t)

    initial = tf.random_normal((1, 12, 12, 3), stddev=0.256, seed=5) * 64.0
    image = tf.Variable(initial, name='image')
    layers = net(image - mean_pixel)
    content_loss = 2 * tf.nn.l2_loss(layers['conv1_2'] - content_feat) / content_feat.size
    style_losses = []
    for l in ['conv1_1', 'conv2_1']:
        g = gram(layers[l])
        style_losses.append(2 * tf.nn.l2_loss(g - style_grams[l]) / style_grams[l].size)
    style_loss = 5.0 * tf.reduce_sum(style_losses) / 2.0
    tv_y_size = float(np.prod(image.get_shape()[1:].as_list()) // 12 * 11)
    tv_manual = 2 * (tf.nn.l2_loss(image[:, 1:, :, :] - image[:, :11, :, :]) / tv_y_size +
                     tf.nn.l2_loss(image[:, :, 1:, :] - image[:, :, :11, :]) / tv_y_size)
    tv_builtin = tf.reduce_sum(tf.image.total_variation(image))
    tv_batch = tf.image.total_variation(tf.stack([image[0], image[0] * 0.5]))
    loss = content_loss + style_loss + 1e-4 * tv_manual + 1e-6 * tv_builtin
    train_step = tf.train.AdamOptimizer(1.0, 0.9, 0.999, 1e-08).minimize(loss)
    g_img = tf.gradients(tv_builtin, image)[0]
    res = {'losses': []}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        res['tv_grad'] = sess.run(g_img)[0, :3, :3, 0]
        for i in range(5):
            sess.run(train_step)
            res['losses'].append(sess.run([content_loss, style_loss, tv_manual, tv_builtin]))
        out = sess.run(image).reshape((12, 12, 3)) + mean_pixel
        res['img'] = np.clip(out, 0, 255).astype(np.uint8)[:3, :3]
        res['tv_batch'] = sess.run(tv_batch)
    res['gram_style'] = style_grams['conv1_1']
    res['shapes'] = [str(tv_batch.shape), str(tv_builtin.shape), str(g_img.shape)]
    res['names'] = [tv_batch.name, tv_builtin.op.name, image.name]
    res['dtypes'] = [tv_batch.dtype.name]
    res['tv_int'] = tf.Session().run(tf.image.total_variation(tf.constant(
        rng.randint(0, 255, (4, 4, 1)).astype(np.int32))))
    return res
