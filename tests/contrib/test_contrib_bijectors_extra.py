"""tf.contrib.distributions.bijectors SoftmaxCentered, CholeskyOuterProduct, FillTriangular,
ScaleTriL, PowerTransform, Square, BatchNormalization, Weibull, Gumbel, Kumaraswamy, Ordered,
SinhArcsinh, MatrixInverseTriL, AffineLinearOperator, Softsign and Inline as in TF 1.15's contrib.
Values printed by TensorFlow Probability 0.25 (ScaleTriL = tfb.FillScaleTriL(diag_shift=1e-5)),
except where TFP changed TF 1.15's formulas: SoftmaxCentered's log-det-Jacobians are TF 1.15's
-sum(log y) (TFP adds 0.5 log(k + 1)), FillTriangular's forward log-det is TF 1.15's
zeros_like(x[..., 0]), and BatchNormalization follows TF 1.15's tf.layers-based bijector
(values from its formulas in numpy); see each test for the others."""
import numpy as np
import pytest

import tfcompat as tf

pytestmark = pytest.mark.tfcompat_only


def _close(got, want, tol=1e-4):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want, np.float32), rtol=tol, atol=tol)


def _run(fetches, feed_dict=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed_dict)


def _check_all(got, want):
    for key, value in want.items():
        _close(got[key], value)


L = np.array([[[2., 0., 0.], [0.5, 1.5, 0.], [-1., 0.3, 0.7]],
              [[1., 0., 0.], [0.2, 3., 0.], [0.1, 0.4, 2.]]], np.float32)


def test_softmax_centered_and_cholesky_outer_product():
    b = tf.contrib.distributions.bijectors
    with tf.Graph().as_default():
        sc, co = b.SoftmaxCentered(), b.CholeskyOuterProduct()
        assert (sc.name, co.name) == ("softmax_centered", "cholesky_outer_product")
        assert (sc.forward_min_event_ndims, co.forward_min_event_ndims) == (1, 2)
        assert str(sc.forward_event_shape([3])) == "(4,)"
        assert str(sc.inverse_event_shape([4])) == "(3,)"
        with pytest.raises(ValueError, match=r"output_shape\[-1\] = 1 <= 1"):
            sc.inverse_event_shape([1])
        xv = np.array([[0.5, -1.0], [2.0, 0.3]], np.float32)
        yv = np.array([[0.2, 0.5, 0.3], [0.1, 0.6, 0.3]], np.float32)
        y = np.einsum("bij,bkj->bik", L, L)
        assert co.forward(tf.placeholder(tf.float32, [None, 3, 3])).shape.as_list() == [
            None, 3, 3]
        assert sc.forward(xv).shape.as_list() == [2, 3]
        got = _run(dict(
            sc_f=sc.forward(xv), sc_i=sc.inverse(yv), sc_fl=sc.forward_log_det_jacobian(xv, 1),
            sc_il=sc.inverse_log_det_jacobian(yv, 1),
            sc_fs=sc.forward_event_shape_tensor([3]), sc_is=sc.inverse_event_shape_tensor([4]),
            co_f=co.forward(L), co_i=co.inverse(y), co_fl=co.forward_log_det_jacobian(L, 2),
            co_il=co.inverse_log_det_jacobian(y, 2),
            co_fl1=co.forward_log_det_jacobian(L[0], 2)))
    assert got["sc_fs"].tolist() == [4] and got["sc_is"].tolist() == [3]
    _check_all(got, dict(
        sc_f=[[0.54655, 0.12195, 0.3315], [0.75871, 0.1386, 0.10268]],
        sc_i=[[-0.40547, 0.51083], [-1.09861, 0.69315]], sc_fl=[-3.81239, -4.52839],
        sc_il=[3.50656, 4.01738],
        co_f=[[[4.0, 1.0, -2.0], [1.0, 2.5, -0.05], [-2.0, -0.05, 1.58]],
              [[1.0, 0.2, 0.1], [0.2, 9.04, 1.22], [0.1, 1.22, 4.17]]],
        co_i=L, co_fl=[4.61314, 4.96981], co_il=[-4.61314, -4.96981], co_fl1=4.61314))


def test_fill_triangular_and_scale_tril():
    b = tf.contrib.distributions.bijectors
    ds = tf.contrib.distributions
    with tf.Graph().as_default():
        ft, ftu, st = b.FillTriangular(), b.FillTriangular(upper=True), b.ScaleTriL()
        assert (ft.forward_min_event_ndims, ft.inverse_min_event_ndims) == (1, 2)
        assert str(ft.forward_event_shape([2, 6])) == "(2, 3, 3)"
        assert str(ft.inverse_event_shape([2, 3, 3])) == "(2, 6)"
        with pytest.raises(ValueError, match="Vector length is not a triangular number."):
            ft.forward_event_shape([5])
        with pytest.raises(ValueError, match=r"Matrix must be square. \(saw \[2, 3\]\)"):
            ft.inverse_event_shape([2, 3])
        assert st.name == "scale_tril" and [c.name for c in st.bijectors] == [
            "transform_diagonal", "fill_triangular"]
        assert (st.forward_min_event_ndims, st.inverse_min_event_ndims) == (1, 2)
        assert str(st.forward_event_shape([6])) == "(3, 3)"
        v6 = np.arange(1., 13., dtype=np.float32).reshape(2, 6)
        u6 = np.array([[0.5, -1., 2., 0.3, -0.2, 1.1]], np.float32)
        stf = st.forward(u6)
        td = ds.TransformedDistribution(distribution=ds.MultivariateNormalDiag(tf.zeros([6])),
                                        bijector=b.ScaleTriL())
        assert str(td.event_shape) == "(3, 3)"
        got = _run(dict(
            ft_f=ft.forward(v6), ft_i=ft.inverse(ft.forward(v6) + 0.), ftu_f=ftu.forward(v6),
            ftu_i=ftu.inverse(ftu.forward(v6) + 0.), ft_fl=ft.forward_log_det_jacobian(v6, 1),
            st_f=stf, st_i=st.inverse(stf + 0.), st_fl=st.forward_log_det_jacobian(u6, 1),
            st_il=st.inverse_log_det_jacobian(stf + 0., 2), td_lp=td.log_prob(stf + 0.)))
    _check_all(got, dict(
        ft_f=[[[4.0, 0.0, 0.0], [6.0, 5.0, 0.0], [3.0, 2.0, 1.0]],
              [[10.0, 0.0, 0.0], [12.0, 11.0, 0.0], [9.0, 8.0, 7.0]]],
        ft_i=v6, ftu_i=v6, ft_fl=[0.0, 0.0],
        ftu_f=[[[1.0, 2.0, 3.0], [0.0, 5.0, 6.0], [0.0, 0.0, 4.0]],
               [[7.0, 8.0, 9.0], [0.0, 11.0, 12.0], [0.0, 0.0, 10.0]]],
        st_f=[[[0.85437, 0.0, 0.0], [1.1, 0.59815, 0.0], [2.0, -1.0, 0.97409]]], st_i=u6,
        st_fl=[-1.82657], st_il=[1.82657], td_lp=[-6.98206]))


def test_power_transform_and_square():
    b = tf.contrib.distributions.bijectors
    with tf.Graph().as_default():
        pt, p0, sq = b.PowerTransform(power=0.5), b.PowerTransform(power=0.), b.Square()
        assert (pt.name, pt.power, sq.name) == ("power_transform", 0.5, "square")
        with pytest.raises(ValueError, match="`power` must be a non-negative TF constant."):
            b.PowerTransform(power=-1.)
        with pytest.raises(ValueError, match="`power` must be a non-negative TF constant."):
            b.PowerTransform(power=tf.placeholder(tf.float32))
        xp = np.array([0.5, 2.0, 3.0], np.float32)
        neg = tf.placeholder(tf.float32, [2])
        checks = [b.PowerTransform(0.5, validate_args=True).forward(neg),
                  b.Square(validate_args=True).forward(neg)]
        got = _run(dict(
            pt_f=pt.forward(xp), pt_i=pt.inverse(xp), pt_fl=pt.forward_log_det_jacobian(xp, 0),
            pt_il=pt.inverse_log_det_jacobian(xp, 0), p0_f=p0.forward(xp),
            p0_fl=p0.forward_log_det_jacobian(xp, 1), sq_f=sq.forward(xp), sq_i=sq.inverse(xp),
            sq_fl=sq.forward_log_det_jacobian(xp, 0), sq_il=sq.inverse_log_det_jacobian(xp, 1)))
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="Forward transformation input must be at least -2.0."):
                sess.run(checks[0], {neg: [1., -3.]})
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="All elements must be non-negative."):
                sess.run(checks[1], {neg: [1., -3.]})
    _check_all(got, dict(
        p0_f=[1.64872, 7.38906, 20.08554], p0_fl=5.5, pt_f=[1.5625, 4.0, 6.25],
        pt_fl=[0.22314, 0.69315, 0.91629], pt_i=[-0.58579, 0.82843, 1.4641],
        pt_il=[0.34657, -0.34657, -0.54931], sq_f=[0.25, 4.0, 9.0],
        sq_fl=[0.0, 1.38629, 1.79176], sq_i=[0.70711, 1.41421, 1.73205], sq_il=-2.62875))


X = np.array([[0.5, -1., 2.], [1.5, 0.3, -0.7], [2.5, 1.1, 0.4], [-0.5, 0.2, 1.0]], np.float32)


def test_batch_normalization_bijector():
    ds = tf.contrib.distributions
    b = ds.bijectors
    with tf.Graph().as_default():
        bn = b.BatchNormalization()
        assert bn.name == "batch_normalization" and bn.forward_min_event_ndims == 1
        with pytest.raises(ValueError, match="batchnorm_layer must be an instance of"):
            b.BatchNormalization(batchnorm_layer=tf.layers.Dense(3))
        with pytest.raises(ValueError, match="does not support renormalization"):
            b.BatchNormalization(batchnorm_layer=tf.layers.BatchNormalization(renorm=True))
        x = tf.constant(X)
        y = bn.inverse(x)
        ildj = bn.inverse_log_det_jacobian(x, event_ndims=1)
        f = bn.forward(x)
        fldj = bn.forward_log_det_jacobian(x, event_ndims=1)
        assert [v.name for v in tf.global_variables()] == [
            "batch_normalization/gamma:0", "batch_normalization/beta:0",
            "batch_normalization/moving_mean:0", "batch_normalization/moving_variance:0"]
        updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
        assert len(updates) == 2
        td = ds.TransformedDistribution(distribution=ds.MultivariateNormalDiag(tf.zeros([3])),
                                        bijector=b.Invert(bn))
        lp = td.log_prob(x)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = sess.run(dict(y=y, ildj=ildj, f=f, fldj=fldj, lp=lp))
            sess.run(updates)
            got2 = sess.run(dict(f=f, fldj=fldj))
    mean, var = X.mean(0), X.var(0)
    moving_mean, moving_var = 0.01 * mean, 0.99 + 0.01 * var
    _check_all(got, dict(y=(X - mean) / np.sqrt(var + 1e-3),
                         ildj=-0.5 * np.log(var + 1e-3).sum(), f=X * np.sqrt(1 + 1e-3),
                         fldj=1.5 * np.log(1 + 1e-3),
                         lp=(-0.5 * np.sum(X ** 2 * (1 + 1e-3), -1) - 1.5 * np.log(2 * np.pi)
                             + 1.5 * np.log(1 + 1e-3))))
    _check_all(got2, dict(f=X * np.sqrt(moving_var + 1e-3) + moving_mean,
                          fldj=0.5 * np.log(moving_var + 1e-3).sum()))


def test_weibull_gumbel_kumaraswamy_ordered():
    """TFP's WeibullCDF / GumbelCDF / Invert(Ascending) are TF 1.15's Weibull / Gumbel /
    Ordered; TF 1.15's Kumaraswamy maps the other way round from TFP's KumaraswamyCDF
    (its forward is the Kumaraswamy quantile), so its forward values are KumaraswamyCDF's
    inverse values and vice versa."""
    b = tf.contrib.distributions.bijectors
    with tf.Graph().as_default():
        w, g = b.Weibull(1.5, [0.7, 1.0, 2.0]), b.Gumbel(0.5, 2.0)
        k, o = b.Kumaraswamy(2.0, [0.5, 3.0, 1.0]), b.Ordered()
        assert [w.name, g.name, k.name, o.name] == ["weibull", "gumbel", "kumaraswamy",
                                                    "ordered"]
        assert str(o.forward_event_shape([3])) == "(3,)"
        with pytest.raises(ValueError, match=r"output_shape\[-1\] = 1 <= 1"):
            o.inverse_event_shape([1])
        x = np.array([0.3, 1.2, 2.5], np.float32)
        u = np.array([0.1, 0.5, 0.9], np.float32)
        xo = np.array([[0.5, 1.0, 3.0], [-1.0, 2.0, 2.5]], np.float32)
        yo = np.array([[0.06428002, -1.07774478, -0.71530371], [1., 0., 2.]], np.float32)
        bad = tf.placeholder(tf.float32, [2])
        checks = [b.Weibull(validate_args=True).inverse(bad),
                  b.Gumbel(validate_args=True).inverse(bad),
                  b.Kumaraswamy(1., 1., validate_args=True).forward(bad),
                  b.Ordered(validate_args=True).forward(bad)]
        got = _run(dict(
            w_f=w.forward(x), w_i=w.inverse(u), w_fl=w.forward_log_det_jacobian(x, 0),
            w_il=w.inverse_log_det_jacobian(u, 0), g_f=g.forward(x), g_i=g.inverse(u),
            g_fl=g.forward_log_det_jacobian(x, 0), g_il=g.inverse_log_det_jacobian(u, 1),
            k_f=k.forward(u), k_i=k.inverse(u), k_fl=k.forward_log_det_jacobian(u, 0),
            k_il=k.inverse_log_det_jacobian(u, 0), o_f=o.forward(xo), o_i=o.inverse(yo),
            o_fl=o.forward_log_det_jacobian(xo, 1), o_il=o.inverse_log_det_jacobian(yo, 1)))
        messages = ["Inverse transformation input must be less than or equal to 1.",
                    "Inverse transformation input must be less than or equal to 1.",
                    "sample must be no larger than `1`.",
                    "Forward transformation input must be strictly increasing."]
        with tf.Session() as sess:
            for tensor, message in zip(checks, messages):
                with pytest.raises(tf.errors.InvalidArgumentError, match=message):
                    sess.run(tensor, {bad: [1.5, 0.5]})
    _check_all(got, dict(
        g_f=[0.33115, 0.49426, 0.6922], g_fl=[-1.69832, -1.74784, -2.06103],
        g_i=[-1.16806, 1.23303, 5.00073], g_il=6.96338,
        k_f=[0.43589, 0.4542, 0.94868], k_fl=[0.72501, -0.54045, -0.64047],
        k_i=[0.00501, 0.57812, 0.81], k_il=[-2.29756, 0.52325, 0.58779],
        o_f=[[0.5, -0.69315, 0.69315], [-1.0, 1.09861, -0.69315]], o_fl=[0.0, -0.40547],
        o_i=[[0.06428, 0.40464, 0.89369], [1.0, 2.0, 9.38906]], o_il=[-1.79305, 2.0],
        w_f=[0.27684, 0.55067, 0.93782], w_fl=[-0.60344, -1.20547, -1.97927],
        w_i=[0.06024, 1.03972, 2.27614], w_il=[-0.09694, 1.09861, 1.59789]))


def test_sinh_arcsinh_and_matrix_inverse_tril():
    """SinhArcsinh values from TF 1.15's formulas in numpy (TFP 0.25's SinhArcsinh is a
    different map); MatrixInverseTriL from TFP 0.25 (TF 1.15's log-det used the full-matrix
    exponent -2n, wrong for triangular matrices: see known_differences)."""
    b = tf.contrib.distributions.bijectors
    with tf.Graph().as_default():
        s = b.SinhArcsinh(skewness=[0.5, -0.3, 0.], tailweight=1.5)
        m = b.MatrixInverseTriL()
        assert (s.name, m.name, m.forward_min_event_ndims) == ("SinhArcsinh",
                                                               "matrix_inverse_tril", 2)
        x = np.array([-2., 0.3, 5.], np.float32)
        tri = np.array([[[2., 0., 0.], [0.5, 1.5, 0.], [-1., 0.3, 0.7]],
                        [[1., 0., 0.], [0.2, -3., 0.], [0.1, 0.4, 2.]]], np.float32)
        bad = tf.placeholder(tf.float32, [2, 2])
        check = b.MatrixInverseTriL(validate_args=True).forward(bad)
        got = _run(dict(s_f=s.forward(x), s_i=s.inverse(x), s_fl=s.forward_log_det_jacobian(x, 0),
                        s_il=s.inverse_log_det_jacobian(x, 1), m_f=m.forward(tri),
                        m_i=m.inverse(tri), m_fl=m.forward_log_det_jacobian(tri, 2),
                        m_il=m.inverse_log_det_jacobian(tri, 2)))
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="Input must be lower triangular."):
                sess.run(check, {bad: [[1., 2.], [0., 1.]]})
    inv = [[[0.5, 0.0, 0.0], [-0.16667, 0.66667, 0.0], [0.78571, -0.28571, 1.42857]],
           [[1.0, 0.0, 0.0], [0.06667, -0.33333, 0.0], [-0.06333, 0.06667, 0.5]]]
    _check_all(got, dict(
        s_f=[-1.93777, -0.00649, 16.03123], s_i=[-2.04237, 0.51784, 2.22907],
        s_fl=[0.38034, 0.3624, 1.5529], s_il=-1.85964, m_f=inv, m_i=inv,
        m_fl=[-2.96775, -7.16704], m_il=[-2.96775, -7.16704]))


def test_affine_linear_operator():
    """Values printed by TFP 0.25's Chain([Shift, ScaleMatvecLinearOperator]) (the same map)."""
    b = tf.contrib.distributions.bijectors
    with tf.Graph().as_default():
        x = np.array([[[0.5, -1., 2.], [1., 0.3, -0.7]]] * 2, np.float32)
        tril = np.array([[[2., 0., 0.], [0.5, 1.5, 0.], [-1., 0.3, 0.7]],
                         [[1., 0., 0.], [0.2, -3., 0.], [0.1, 0.4, 2.]]], np.float32)
        a = b.AffineLinearOperator(shift=np.array([1., 2., 3.], np.float32),
                                   scale=tf.linalg.LinearOperatorLowerTriangular(tril))
        full = L[0] + L[0].T + 3 * np.eye(3, dtype=np.float32)
        a2 = b.AffineLinearOperator(shift=np.array([0., 1., 0.], np.float32),
                                    scale=tf.linalg.LinearOperatorFullMatrix(full), adjoint=True)
        a3 = b.AffineLinearOperator(shift=np.array([0., 1., 0.], np.float32),
                                    scale=tf.linalg.LinearOperatorDiag([2., 3., 4.]))
        assert (a.name, a.forward_min_event_ndims, a.is_constant_jacobian) == (
            "affine_linear_operator", 1, True)
        with pytest.raises(TypeError, match="scale is not an instance of tf.LinearOperator"):
            b.AffineLinearOperator(scale=L)
        with pytest.raises(TypeError, match="is incompatible with scale.dtype"):
            b.AffineLinearOperator(shift=np.zeros(3), scale=tf.linalg.LinearOperatorDiag(
                [1., 2., 3.]))
        got = _run(dict(f=a.forward(x), i=a.inverse(x), fl=a.forward_log_det_jacobian(x, 1),
                        f2=a2.forward(x), i2=a2.inverse(x), fl2=a2.forward_log_det_jacobian(x, 1),
                        i3=a3.inverse(x), fl3=a3.inverse_log_det_jacobian(x, 2)))
    _check_all(got, dict(
        f=[[[2.0, 0.75, 3.6], [2.0, 1.3, 1.82]]] * 2,
        f2=[[[1.0, -4.15, 8.0], [7.85, 3.09, -3.99]]] * 2, fl=[0.74194, 1.79176], fl2=5.17485,
        fl3=-6.35611, i=[[[-0.25, -1.91667, -0.96429], [0.0, 0.56667, -1.96333]]] * 2,
        i2=[[[0.17229, -0.37365, 0.51918], [0.13438, -0.12185, -0.12024]]] * 2,
        i3=[[[0.25, -0.66667, 0.5], [0.5, -0.23333, -0.175]]] * 2))


def test_softsign_and_inline():
    """Values printed by TFP 0.25's Softsign and Inline (TF 1.15's code moved there); Inline's
    forward log-det comes from -inverse_log_det_jacobian_fn(forward(x))."""
    b = tf.contrib.distributions.bijectors
    with tf.Graph().as_default():
        s = b.Softsign()
        inl = b.Inline(forward_fn=tf.exp, inverse_fn=tf.log,
                       inverse_log_det_jacobian_fn=lambda y: -tf.log(y),
                       forward_min_event_ndims=0, name="exp2")
        no_fldj = b.Inline(forward_fn=tf.exp, forward_min_event_ndims=0)
        assert (s.name, inl.name, str(inl.forward_event_shape([3]))) == ("softsign", "exp2",
                                                                         "(3,)")
        with pytest.raises(NotImplementedError, match="inverse_fn is not a callable function."):
            no_fldj.inverse(tf.constant([1.]))
        x = np.array([-2., 0.3, 5.], np.float32)
        y = np.array([-0.5, 0.1, 0.9], np.float32)
        bad = tf.placeholder(tf.float32, [2])
        check = b.Softsign(validate_args=True).inverse(bad)
        got = _run(dict(f=s.forward(x), i=s.inverse(y), fl=s.forward_log_det_jacobian(x, 0),
                        il=s.inverse_log_det_jacobian(y, 1), if_=inl.forward(x),
                        ii=inl.inverse(y + 1), ifl=inl.forward_log_det_jacobian(x, 1),
                        iil=inl.inverse_log_det_jacobian(y + 1, 0)))
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="Inverse transformation input must be less than 1."):
                sess.run(check, {bad: [0.5, 1.5]})
    _check_all(got, dict(
        f=[-0.66667, 0.23077, 0.83333], fl=[-2.19722, -0.52473, -3.58352],
        i=[-1.0, 0.11111, 9.0], if_=[0.13534, 1.34986, 148.41316], ifl=3.3,
        ii=[-0.69315, 0.09531, 0.64185], iil=[0.69315, -0.09531, -0.64185], il=6.20219))
