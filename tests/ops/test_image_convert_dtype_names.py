"""tf.image.convert_image_dtype and tf.saturate_cast build what TF builds: an unchanged dtype is
one Identity outside any scope, the result op takes the scope's name (`convert_image_N`), and
saturate=True clamps into the target's signed range and between integer types (tfcompat clipped
float->int8 at 0 and let int16->uint8 wrap before). Expected values were recorded from TF 2.21
compat.v1 (the stand-in for TF 1.15); the test also runs against TF (TFCOMPAT_TEST_AGAINST_TF=1)."""
import numpy as np


def test_convert_image_dtype_names_and_saturation(tf):
    f = tf.constant([[-0.6, 0.2], [0.7, 1.3]], tf.float32)
    u = tf.constant([[0, 7], [200, 255]], tf.uint8)
    i16 = tf.constant([[-300, 7], [20000, 32767]], tf.int16)
    outs = [tf.image.convert_image_dtype(f, tf.float32),
            tf.image.convert_image_dtype(f, tf.float32, name='same'),
            tf.image.convert_image_dtype(u, tf.float32),
            tf.image.convert_image_dtype(u, tf.float32, name='u2f'),
            tf.image.convert_image_dtype(f, tf.uint8, saturate=True),
            tf.image.convert_image_dtype(f, tf.int8, saturate=True),
            tf.image.convert_image_dtype(i16, tf.uint8, saturate=True),
            tf.image.convert_image_dtype(i16, tf.uint8),
            tf.image.convert_image_dtype(u, tf.int16, saturate=True)]
    assert [o.name for o in outs] == [
        'Identity:0', 'same:0', 'convert_image:0', 'u2f:0', 'convert_image_1:0',
        'convert_image_2:0', 'convert_image_3:0', 'convert_image_4:0', 'convert_image_5:0']
    with tf.Session() as sess:
        vals = [v.ravel().tolist() for v in sess.run(outs[4:])]
    assert vals == [[0, 51, 178, 255], [-76, 25, 89, 127], [0, 0, 156, 255],
                    [253, 0, 156, 255], [0, 896, 25600, 32640]]


def test_psnr_output_name(tf):
    a = tf.placeholder(tf.float32, [2, 4, 4, 1])
    p = tf.image.psnr(a, a * 0.5, max_val=1.0)
    assert p.name == 'PSNR/Identity_3:0'
    assert tf.get_default_graph().get_operation_by_name('PSNR/Identity').type == 'Identity'


def test_saturate_cast_limits_and_names(tf):
    x = tf.constant([-3e9, -1.5, 0.5, 3e9, np.inf], tf.float32)
    outs = [tf.saturate_cast(x, tf.int32), tf.saturate_cast(x, tf.uint8, name='to_u8'),
            tf.saturate_cast(tf.constant([-5, 300], tf.int32), tf.uint8),
            tf.saturate_cast(tf.constant([1e6], tf.float64), tf.float16)]
    assert [o.name for o in outs] == ['saturate_cast:0', 'to_u8:0', 'saturate_cast_1:0',
                                      'saturate_cast_2:0']
    assert tf.get_default_graph().get_operation_by_name('saturate_cast/clamp').type in (
        'ClipByValue', 'Maximum')
    with tf.Session() as sess:
        vals = [v.tolist() for v in sess.run(outs)]
    assert vals == [[-2147483648, -1, 0, 2147483520, 2147483520], [0, 0, 0, 255, 255],
                    [0, 255], [65504.0]]


def test_saturate_cast_of_complex_values(tf):
    # TF 2.21: complex to complex clamps each part into the narrower range, complex to real
    # discards the imaginary part first, real to complex clamps into the real part's range
    a = tf.constant([1e40 + 2j, -3 - 1e300j], tf.complex128)
    b = tf.constant([1.5 + 2j, -300 - 1j], tf.complex64)
    x = tf.constant([3e9, -3e9, 1.5], tf.float32)
    casts = [tf.saturate_cast(a, tf.complex64), tf.saturate_cast(b, tf.uint8),
             tf.saturate_cast(x, tf.int32), tf.saturate_cast(x, tf.complex64)]
    with tf.Session() as sess:
        narrowed, to_uint8, to_int32, to_complex = sess.run(casts)
    big = np.finfo(np.float32).max
    np.testing.assert_array_equal(narrowed, np.array([big + 2j, -3 - 1j * big], np.complex64))
    np.testing.assert_array_equal(to_uint8, [1, 0])
    np.testing.assert_array_equal(to_int32, [2147483520, -2147483648, 1])
    np.testing.assert_array_equal(to_complex, np.array([3e9, -3e9, 1.5], np.complex64))
