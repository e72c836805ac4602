"""keras-yolo3 / YOLOv3-tf style loss: grid via meshgrid, sigmoid offsets, exp sizes times anchors,
ignore mask built in a tf.while_loop over the batch with boolean_mask and IOU reduce_max,
binary crossentropy terms, then a few Momentum steps on a 1x1 conv head."""
import numpy as np
TAGS = ['cv', 'train', 'control_flow']
TOLERANCE = {'*': (1e-4, 1e-5)}

ANCHORS = np.array([[10, 13], [16, 30], [33, 23]], np.float32)


def yolo_head(tf, feats, anchors, num_classes, input_shape):
    num_anchors = len(anchors)
    anchors_tensor = tf.reshape(tf.constant(anchors), [1, 1, 1, num_anchors, 2])
    grid_shape = tf.shape(feats)[1:3]
    grid_y = tf.tile(tf.reshape(tf.range(0, grid_shape[0]), [-1, 1, 1, 1]), [1, grid_shape[1], 1, 1])
    grid_x = tf.tile(tf.reshape(tf.range(0, grid_shape[1]), [1, -1, 1, 1]), [grid_shape[0], 1, 1, 1])
    grid = tf.cast(tf.concat([grid_x, grid_y], axis=-1), feats.dtype)
    feats = tf.reshape(feats, [-1, grid_shape[0], grid_shape[1], num_anchors, num_classes + 5])
    box_xy = (tf.sigmoid(feats[..., :2]) + grid) / tf.cast(grid_shape[::-1], feats.dtype)
    box_wh = tf.exp(feats[..., 2:4]) * anchors_tensor / tf.cast(input_shape[::-1], feats.dtype)
    return grid, feats, box_xy, box_wh


def box_iou(tf, b1, b2):
    b1 = tf.expand_dims(b1, -2)
    b1_xy = b1[..., :2]; b1_wh = b1[..., 2:4]
    b1_mins = b1_xy - b1_wh / 2.; b1_maxes = b1_xy + b1_wh / 2.
    b2 = tf.expand_dims(b2, 0)
    b2_xy = b2[..., :2]; b2_wh = b2[..., 2:4]
    b2_mins = b2_xy - b2_wh / 2.; b2_maxes = b2_xy + b2_wh / 2.
    intersect_wh = tf.maximum(tf.minimum(b1_maxes, b2_maxes) - tf.maximum(b1_mins, b2_mins), 0.)
    intersect_area = intersect_wh[..., 0] * intersect_wh[..., 1]
    b1_area = b1_wh[..., 0] * b1_wh[..., 1]; b2_area = b2_wh[..., 0] * b2_wh[..., 1]
    return intersect_area / (b1_area + b2_area - intersect_area)


def yolo_loss(tf, raw, y_true, num_classes, ignore_thresh=.5):
    input_shape = tf.cast(tf.shape(raw)[1:3] * 32, tf.float32)
    grid_shape = tf.cast(tf.shape(raw)[1:3], tf.float32)
    m = tf.shape(raw)[0]; mf = tf.cast(m, tf.float32)
    object_mask = y_true[..., 4:5]
    true_class_probs = y_true[..., 5:]
    grid, raw_pred, pred_xy, pred_wh = yolo_head(tf, raw, ANCHORS, num_classes, input_shape)
    pred_box = tf.concat([pred_xy, pred_wh], -1)
    raw_true_xy = y_true[..., :2] * grid_shape[::-1] - grid
    raw_true_wh = tf.log(y_true[..., 2:4] / ANCHORS * input_shape[::-1])
    raw_true_wh = tf.where(tf.concat([object_mask, object_mask], -1) > 0, raw_true_wh, tf.zeros_like(raw_true_wh))
    box_loss_scale = 2 - y_true[..., 2:3] * y_true[..., 3:4]
    ignore_mask = tf.TensorArray(tf.float32, size=1, dynamic_size=True)
    object_mask_bool = tf.cast(object_mask, tf.bool)

    def loop_body(b, ignore_mask):
        true_box = tf.boolean_mask(y_true[b, ..., 0:4], object_mask_bool[b, ..., 0])
        iou = box_iou(tf, pred_box[b], true_box)
        best_iou = tf.reduce_max(iou, axis=-1)
        ignore_mask = ignore_mask.write(b, tf.cast(best_iou < ignore_thresh, tf.float32))
        return b + 1, ignore_mask
    _, ignore_mask = tf.while_loop(lambda b, *args: b < m, loop_body, [0, ignore_mask])
    ignore_mask = tf.expand_dims(ignore_mask.stack(), -1)
    bce = tf.nn.sigmoid_cross_entropy_with_logits
    xy_loss = object_mask * box_loss_scale * bce(labels=raw_true_xy, logits=raw_pred[..., 0:2])
    wh_loss = object_mask * box_loss_scale * 0.5 * tf.square(raw_true_wh - raw_pred[..., 2:4])
    conf = bce(labels=object_mask, logits=raw_pred[..., 4:5])
    confidence_loss = object_mask * conf + (1 - object_mask) * conf * ignore_mask
    class_loss = object_mask * bce(labels=true_class_probs, logits=raw_pred[..., 5:])
    parts = [tf.reduce_sum(x) / mf for x in (xy_loss, wh_loss, confidence_loss, class_loss)]
    return tf.add_n(parts), parts, ignore_mask


def main(tf):
    tf.set_random_seed(3)
    rng = np.random.RandomState(3)
    B, G, C = 2, 4, 2
    x = tf.constant(rng.randn(B, G, G, 8).astype(np.float32))
    y_true = np.zeros((B, G, G, 3, 5 + C), np.float32)
    for b, (gy, gx, a, cx, cy, w, h, c) in enumerate([(1, 2, 0, .6, .3, .04, .05, 0), (3, 0, 2, .1, .9, .1, .08, 1)]):
        y_true[b, gy, gx, a, :5] = [cx, cy, w, h, 1.]
        y_true[b, gy, gx, a, 5 + c] = 1.
    y_true[0, 0, 0, 1, :5] = [.1, .1, .05, .1, 1.]; y_true[0, 0, 0, 1, 5] = 1.
    yt = tf.constant(y_true)
    raw = tf.layers.conv2d(x, 3 * (5 + C), 1, kernel_initializer=tf.truncated_normal_initializer(stddev=0.1, seed=4),
                           name='yolo_out')
    loss, parts, ignore = yolo_loss(tf, raw, yt, C)
    step = tf.train.get_or_create_global_step()
    train = tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss, global_step=step)
    out = {'static': [str(raw.shape), str(ignore.shape), loss.op.name, str(step.name)]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out['parts'], out['ignore'] = sess.run([parts, ignore])
        out['losses'] = np.array([sess.run([loss, train])[0] for _ in range(5)])
        out['step'] = sess.run(step)
    return out
