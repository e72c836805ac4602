"""tf.meshgrid builds what TF builds: `stack` of each input (a Const for a Python list), the
broadcast factor `ones/packed`, and the results from the `*` operator (`meshgrid/mul`,
`meshgrid/mul_1`; tfcompat named them `Mul` before). Expected names were recorded from TF 2.21
compat.v1 (the stand-in for TF 1.15); the test also runs against TF (TFCOMPAT_TEST_AGAINST_TF=1)."""
import numpy as np


def test_meshgrid_op_names_and_values(tf):
    a, b = tf.meshgrid(tf.range(3.), tf.range(4.))
    c = tf.meshgrid([1, 2], [3, 4, 5], [6], indexing='ij', name='g3')
    assert [t.name for t in (a, b)] == ['meshgrid/mul:0', 'meshgrid/mul_1:0']
    assert [t.name for t in c] == ['g3/mul:0', 'g3/mul_1:0', 'g3/mul_2:0']
    names = sorted(op.name for op in tf.get_default_graph().get_operations()
                   if op.name.startswith('g3/'))
    assert names == ['g3/Const', 'g3/Reshape', 'g3/Reshape/shape', 'g3/Reshape_1',
                     'g3/Reshape_1/shape', 'g3/Reshape_2', 'g3/Reshape_2/shape', 'g3/Size',
                     'g3/Size/Const', 'g3/Size_1', 'g3/Size_1/Const', 'g3/Size_2',
                     'g3/Size_2/Const', 'g3/mul', 'g3/mul_1', 'g3/mul_2', 'g3/ones',
                     'g3/ones/Const', 'g3/ones/packed', 'g3/stack', 'g3/stack_1', 'g3/stack_2']
    assert a.shape.as_list() == [4, 3] and c[2].shape.as_list() == [2, 3, 1]
    with tf.Session() as sess:
        av, c1 = sess.run([a, c[1]])
    np.testing.assert_array_equal(av, np.tile(np.arange(3.), (4, 1)))
    np.testing.assert_array_equal(c1[:, :, 0], [[3, 4, 5], [3, 4, 5]])
