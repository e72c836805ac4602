"""UpSampling2D resizes as Keras' backend.resize_images does (resize_images_v2: half-pixel
centers), so bilinear upsampling matches TF. Expected values from TF 2.21 compat.v1 with
TF_USE_LEGACY_KERAS=1."""
import numpy as np


def test_upsampling2d_bilinear_and_nearest_use_half_pixel_centers(tf):
    x = np.arange(18, dtype=np.float32).reshape(2, 3, 3, 1) ** 1.5
    inp = tf.keras.layers.Input((3, 3, 1))
    bilinear = tf.keras.layers.UpSampling2D(2, interpolation="bilinear")(inp)
    nearest = tf.keras.layers.UpSampling2D((2, 3))(inp)
    model = tf.keras.Model(inp, [bilinear, nearest])
    rb, rn = model.predict(x)
    np.testing.assert_allclose(rb[1, :2, :, 0], [
        [27.0, 28.1557, 30.4671, 32.8378, 35.2678, 36.4829],
        [30.6423, 31.8405, 34.2369, 36.6908, 39.2022, 40.458]], rtol=1e-5)
    np.testing.assert_allclose(rb[1, -1, :, 0], [58.0948, 59.5711, 62.5237, 65.5232, 68.5696,
                                                 70.0928], rtol=1e-5)
    np.testing.assert_allclose(rn[0, ::2, ::3, 0], x[0, :, :, 0], rtol=1e-6)
    assert rn.shape == (2, 6, 9, 1)
