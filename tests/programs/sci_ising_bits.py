"""Lattice models with integer tricks in TF1: multi-spin coding of a 1-D Ising/cellular
automaton with tf.bitwise (xor, and, or, invert, left/right shift, population_count) on
uint8/int32/uint64, rule-30 with tf.roll on bool tensors, int8 spins summed with tf.reduce_sum
(dtype kept), tf.count_nonzero, tf.floormod on negative offsets, tf.random_uniform int32
site picks + tf.scatter_nd_update on a ref variable (single-spin Metropolis), tf.multinomial
and tf.random_shuffle seeded, tf.unique_with_counts of cluster labels."""
import numpy as np
TAGS = ['random', 'variables', 'shapes']


def main(tf):
    tf.set_random_seed(17)
    rng = np.random.RandomState(17)
    out = {}
    words = tf.constant(rng.randint(0, 256, size=(6,)).astype(np.uint8))
    left = tf.bitwise.bitwise_or(tf.bitwise.left_shift(words, tf.constant(1, tf.uint8)),
                                 tf.bitwise.right_shift(words, tf.constant(7, tf.uint8)))
    unsat = tf.bitwise.bitwise_xor(words, left)
    energy = tf.reduce_sum(tf.cast(tf.raw_ops.PopulationCount(x=unsat), tf.int32))
    inv = tf.bitwise.invert(words)
    both = tf.bitwise.bitwise_and(words, inv)
    w64 = tf.constant(np.array([2 ** 63 + 5, 12345678901234], np.uint64))
    pc64 = tf.raw_ops.PopulationCount(x=w64)
    sh64 = tf.bitwise.right_shift(w64, tf.constant([3, 60], tf.uint64))
    i32 = tf.constant([-8, 7, -1, 1024], tf.int32)
    sh32 = tf.bitwise.right_shift(i32, tf.constant([1, 1, 4, 3], tf.int32))
    out['bit_dtypes'] = [unsat.dtype.name, tf.raw_ops.PopulationCount(x=unsat).dtype.name,
                         pc64.dtype.name, sh32.dtype.name]

    cells = tf.constant(np.eye(1, 31, 15, dtype=bool)[0])

    def rule30(c):
        l, r = tf.roll(c, 1, 0), tf.roll(c, -1, 0)
        return tf.logical_xor(l, tf.logical_or(c, r))

    c = cells
    rows = []
    for _ in range(8):
        c = rule30(c)
        rows.append(c)
    ca = tf.cast(tf.stack(rows), tf.int8)

    L = 10
    spins8 = tf.constant(np.where(rng.rand(L, L) < 0.5, -1, 1).astype(np.int8))
    m8 = tf.reduce_sum(spins8)
    nz = tf.count_nonzero(tf.equal(spins8, 1))
    fm = tf.floormod(tf.constant([-3, -1, 0, 11]), L)
    out['int_dtypes'] = [m8.dtype.name, nz.dtype.name, ca.dtype.name]

    spins = tf.Variable(np.where(rng.rand(L, L) < 0.5, -1.0, 1.0).astype(np.float32))
    site = tf.random_uniform([2], 0, L, dtype=tf.int32, seed=3)
    si = tf.gather_nd(spins, [site])[0]
    nbr = sum(tf.gather_nd(spins, [tf.floormod(site + d, L)])[0]
              for d in ([1, 0], [-1, 0], [0, 1], [0, -1]))
    dE = 2.0 * si * nbr
    accept = tf.random_uniform([], seed=4) < tf.exp(-0.4 * dE)
    new_val = tf.where(accept, -si, si)
    update = tf.scatter_nd_update(spins, [site], [new_val])
    mag = tf.reduce_mean(spins)
    logits = tf.constant([[0.0, 1.0, 2.0], [2.0, 0.0, -1.0]])
    draws = tf.multinomial(logits, 6, seed=5)
    shuf = tf.random_shuffle(tf.range(8), seed=6)
    labels = tf.constant([4, 4, 1, 7, 1, 4, 9])
    uq = tf.unique_with_counts(labels)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['bits'] = sess.run([left, unsat, energy, inv, both])
        out['u64'] = sess.run([pc64, sh64])
        out['sh32'] = sess.run(sh32)
        out['ca'] = sess.run(ca)
        out['m8'], out['nz'], out['fm'] = sess.run([m8, nz, fm])
        mags = []
        for _ in range(30):
            sess.run(update)
            mags.append(sess.run(mag))
        out['mags'] = mags
        out['draws'], out['shuf'] = sess.run([draws, shuf])
        out['unique'] = sess.run([uq.y, uq.idx, uq.count])
    return out
