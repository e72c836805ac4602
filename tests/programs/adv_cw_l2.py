"""cleverhans CarliniWagnerL2: tanh-space modifier variable, Adam on the modifier, binary search
over constants in python, reduce_max with masks, assign of setup variables."""
import numpy as np
TAGS = ['train', 'variables']
TOLERANCE = {'*': (2e-3, 2e-4)}


def main(tf):
    tf.set_random_seed(2)
    rng = np.random.RandomState(1)
    batch, nfeat, nb_classes = 4, 6, 3
    imgs = rng.rand(batch, nfeat).astype(np.float32) * 0.8 + 0.1
    W = tf.constant(rng.randn(nfeat, nb_classes).astype(np.float32))
    labs = np.eye(nb_classes, dtype=np.float32)[[1, 2, 0, 1]]
    clip_min, clip_max, confidence = 0.0, 1.0, 0.0
    modifier = tf.Variable(np.zeros((batch, nfeat), dtype=np.float32), name='modifier')
    timg = tf.Variable(np.zeros((batch, nfeat)), dtype=tf.float32, name='timg')
    tlab = tf.Variable(np.zeros((batch, nb_classes)), dtype=tf.float32, name='tlab')
    const = tf.Variable(np.zeros(batch), dtype=tf.float32, name='const')
    assign_timg = tf.placeholder(tf.float32, (batch, nfeat), name='assign_timg')
    assign_tlab = tf.placeholder(tf.float32, (batch, nb_classes), name='assign_tlab')
    assign_const = tf.placeholder(tf.float32, [batch], name='assign_const')
    newimg = (tf.tanh(modifier + timg) + 1) / 2
    newimg = newimg * (clip_max - clip_min) + clip_min
    output = tf.matmul(newimg, W)
    other = (tf.tanh(timg) + 1) / 2 * (clip_max - clip_min) + clip_min
    l2dist = tf.reduce_sum(tf.square(newimg - other), list(range(1, 2)))
    real = tf.reduce_sum((tlab) * output, 1)
    other_l = tf.reduce_max((1 - tlab) * output - tlab * 10000, 1)
    loss1 = tf.maximum(0.0, real - other_l + confidence)  # targeted
    loss2 = tf.reduce_sum(l2dist)
    loss1 = tf.reduce_sum(const * loss1)
    loss = loss1 + loss2
    start_vars = set(x.name for x in tf.global_variables())
    optimizer = tf.train.AdamOptimizer(0.1)
    train = optimizer.minimize(loss, var_list=[modifier])
    end_vars = tf.global_variables()
    new_vars = [x for x in end_vars if x.name not in start_vars]
    setup = [timg.assign(assign_timg), tlab.assign(assign_tlab), const.assign(assign_const)]
    init = tf.variables_initializer(var_list=[modifier] + new_vars)
    out = {'new_vars': sorted(v.name for v in new_vars)}
    timgs = np.arctanh(((imgs - clip_min) / (clip_max - clip_min) * 2 - 1) * .999999)
    lower_bound = np.zeros(batch)
    CONST = np.ones(batch) * 0.5
    upper_bound = np.ones(batch) * 1e10
    o_bestl2 = [1e10] * batch
    o_bestattack = np.copy(imgs)
    trace = []
    with tf.Session() as sess:
        sess.run(tf.variables_initializer([timg, tlab, const]))
        for outer_step in range(4):
            sess.run(init)
            bestl2 = [1e10] * batch
            bestscore = [-1] * batch
            sess.run(setup, {assign_timg: timgs, assign_tlab: labs, assign_const: CONST})
            for iteration in range(15):
                _, l, l2s, scores, nimg = sess.run([train, loss, l2dist, output, newimg])
                for e, (dst, sc, ii) in enumerate(zip(l2s, scores, nimg)):
                    lab = np.argmax(labs[e])
                    if dst < bestl2[e] and np.argmax(sc) == lab:
                        bestl2[e] = dst
                        bestscore[e] = np.argmax(sc)
                    if dst < o_bestl2[e] and np.argmax(sc) == lab:
                        o_bestl2[e] = dst
                        o_bestattack[e] = ii
            trace.append(l)
            for e in range(batch):
                if bestscore[e] == np.argmax(labs[e]) and bestscore[e] != -1:
                    upper_bound[e] = min(upper_bound[e], CONST[e])
                    if upper_bound[e] < 1e9:
                        CONST[e] = (lower_bound[e] + upper_bound[e]) / 2
                else:
                    lower_bound[e] = max(lower_bound[e], CONST[e])
                    if upper_bound[e] < 1e9:
                        CONST[e] = (lower_bound[e] + upper_bound[e]) / 2
                    else:
                        CONST[e] *= 10
        out['beta1_power'] = sess.run(optimizer._get_beta_accumulators()[0])
    out['trace'] = np.array(trace)
    out['best_l2'] = np.array(o_bestl2)
    out['best_attack'] = o_bestattack
    out['CONST'] = CONST
    out['success'] = int(np.sum(np.array(o_bestl2) < 1e10))
    return out
