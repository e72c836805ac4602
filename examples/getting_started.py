"""The TF1 getting-started programs, unchanged but for the import line.

-import tensorflow as tf
+import tfcompat as tf
"""
import tfcompat as tf

a = tf.add(3, 5)
print(a)                      # Tensor("Add:0", shape=(), dtype=int32)
with tf.Session() as sess:
    print(sess.run(a))        # 8

x, y = 2, 3
add_op = tf.add(x, y)
mul_op = tf.mul(x, y)
useless = tf.mul(x, add_op)
pow_op = tf.pow(add_op, mul_op)
with tf.Session() as sess:
    z, not_useless = sess.run([pow_op, useless])
    print(z, not_useless)     # 15625 10

with tf.device('/gpu:2'):
    a = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], name='a')
    b = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name='b')
    c = tf.matmul(a, b)
sess = tf.Session(config=tf.ConfigProto(log_device_placement=True, allow_soft_placement=True))
print(sess.run(c))            # [[22. 28.] [49. 64.]]
