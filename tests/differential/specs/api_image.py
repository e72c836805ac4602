"""Public names of tf.image (and their tf.io / top-level spellings): colour spaces and
adjustments, geometry, resizing, quality measures, non-max suppression, crops and boxes, patch
extraction and the codecs. Random results are fetched as properties that must agree (shapes,
ranges, "equals one of the allowed outcomes"); JPEG pixels as closeness to the source, since
decoders may differ by a few levels."""
import numpy as np

from harness import Program

# small encoded images, written with Pillow (recorded once; lossless except the JPEG)
_BMP = (b'BMv\x00\x00\x00\x00\x00\x00\x006\x00\x00\x00(\x00\x00\x00\x05\x00'
        b'\x00\x00\x04\x00\x00\x00\x01\x00\x18\x00\x00\x00\x00\x00@\x00\x00\x00\xc4\x0e'
        b'\x00\x00\xc4\x0e\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00 5\xab\x91\\P'
        b'\x1a\xfco\xa6)5>v@\x00t\xc5C\x9d\x04\x90\xf0\x9d\x9co'
        b'[\xad\xaa\x0f\xb1\x00\xd4\x05\x16\xf9\xdd\xc6\xc7u\xcb$\xa3\x1ei\x85'
        b'\xf0\x00\x99\xb6\x8b\xa4l\x8a\xf5\xe3o\x86\xc9a\x12\xec\x90\x00')
_GIF = (b'GIF89a\x06\x00\x04\x00\x81\x00\x00\x00\x00\x00\xc8\xc8\xc8\x00'
        b'\x00\x00\x00\x00\x00!\xf9\x04\x04\x05\x00\x00\x00,\x00\x00\x00\x00\x06\x00'
        b'\x04\x00\x00\x08\x10\x00\x03\x08\x04@P`\x00\x82\x08\x01\x18Dh0'
        b' \x00!\xf9\x04\x05\x05\x00\x02\x00,\x00\x00\x00\x00\x06\x00\x04\x00\x81'
        b'\x14\x14\x14\xdc\xdc\xdc\x00\x00\x00\x00\x00\x00\x08\x10\x00\x03\x08\x04@P'
        b'`\x00\x82\x08\x01\x18Dh0 \x00!\xf9\x04\x05\x05\x00\x02\x00,'
        b'\x00\x00\x00\x00\x06\x00\x04\x00\x81(((\xf0\xf0\xf0\x00\x00\x00\x00\x00'
        b'\x00\x08\x10\x00\x03\x08\x04@P`\x00\x82\x08\x01\x18Dh0 \x00'
        b';')
_WEBP = (b'RIFF\x80\x00\x00\x00WEBPVP8Lt\x00\x00\x00'
        b'/\x04\xc0\x00\x00PSm;\xf5\xdf\xccr\x08 \r\x11\xac4\x10'
        b'\xc3\xa4\x83\x06\xd7\x10&\xab\x08\x82\xa8\x05\x00\xa0\xb1\xe8\xcc\xa2\x7f\t'
        b'\xa4\x10A\x1e;\x80\x0cv\x12[&\x04&\x01\x00\xb4\xe9\x80D\xdd'
        b'\x1c\xf4A\xfd\x0cx\xe4u\xec\x16Y\x81\x05\xf9\xcf\xf5?\x9a\x8eA'
        b'\xb5+\xef-\xfc\x0b@\x81\xf5\xcc?\xbe\xa5B\x96\xbf\xe8\xccI\xa8'
        b'%n\xaeH=f\x9b\x90\xe7\xe1KhP\x9f0\x07')
_JPEG = (b'\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00'
        b'\xff\xdb\x00C\x00\x03\x02\x02\x03\x02\x02\x03\x03\x03\x03\x04\x03\x03\x04\x05'
        b'\x08\x05\x05\x04\x04\x05\n\x07\x07\x06\x08\x0c\n\x0c\x0c\x0b\n\x0b\x0b\r'
        b'\x0e\x12\x10\r\x0e\x11\x0e\x0b\x0b\x10\x16\x10\x11\x13\x14\x15\x15\x15\x0c\x0f'
        b'\x17\x18\x16\x14\x18\x12\x14\x15\x14\xff\xdb\x00C\x01\x03\x04\x04\x05\x04\x05'
        b'\t\x05\x05\t\x14\r\x0b\r\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14'
        b'\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14'
        b'\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\x14\xff\xc0'
        b'\x00\x11\x08\x00\x0c\x00\x10\x03\x01"\x00\x02\x11\x01\x03\x11\x01\xff\xc4\x00'
        b'\x1f\x00\x00\x01\x05\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x01'
        b'\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\xff\xc4\x00\xb5\x10\x00\x02\x01\x03\x03'
        b'\x02\x04\x03\x05\x05\x04\x04\x00\x00\x01}\x01\x02\x03\x00\x04\x11\x05\x12!'
        b'1A\x06\x13Qa\x07"q\x142\x81\x91\xa1\x08#B\xb1\xc1\x15'
        b"R\xd1\xf0$3br\x82\t\n\x16\x17\x18\x19\x1a%&'()"
        b'*456789:CDEFGHIJSTUV'
        b'WXYZcdefghijstuvwxyz'
        b'\x83\x84\x85\x86\x87\x88\x89\x8a\x92\x93\x94\x95\x96\x97\x98\x99\x9a\xa2\xa3\xa4'
        b'\xa5\xa6\xa7\xa8\xa9\xaa\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xc2\xc3\xc4\xc5\xc6'
        b'\xc7\xc8\xc9\xca\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xe1\xe2\xe3\xe4\xe5\xe6\xe7'
        b'\xe8\xe9\xea\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xff\xc4\x00\x1f\x01\x00\x03'
        b'\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00\x01\x02\x03\x04\x05'
        b'\x06\x07\x08\t\n\x0b\xff\xc4\x00\xb5\x11\x00\x02\x01\x02\x04\x04\x03\x04\x07'
        b'\x05\x04\x04\x00\x01\x02w\x00\x01\x02\x03\x11\x04\x05!1\x06\x12AQ'
        b'\x07aq\x13"2\x81\x08\x14B\x91\xa1\xb1\xc1\t#3R\xf0\x15'
        b"br\xd1\n\x16$4\xe1%\xf1\x17\x18\x19\x1a&'()*5"
        b'6789:CDEFGHIJSTUVWXY'
        b'Zcdefghijstuvwxyz\x82\x83\x84'
        b'\x85\x86\x87\x88\x89\x8a\x92\x93\x94\x95\x96\x97\x98\x99\x9a\xa2\xa3\xa4\xa5\xa6'
        b'\xa7\xa8\xa9\xaa\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xc2\xc3\xc4\xc5\xc6\xc7\xc8'
        b'\xc9\xca\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea'
        b'\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xff\xda\x00\x0c\x03\x01\x00\x02\x11\x03\x11'
        b'\x00?\x00\xf9#\xf6d\xff\x00\x97O\xc2\xbfZ\xff\x00fO\xf9t'
        b'\xfc+\xf2S\xf6d\xff\x00\x97O\xc2\xbfZ\xff\x00fO\xf9t\xfc'
        b'(\x03\xff\xd9')


def _img(tf, shape, seed=0, dtype=np.float32, scale=1.0):
    rng = np.random.RandomState(seed)
    return tf.constant((rng.uniform(0, 1, shape) * scale).astype(dtype))


def _grads(tf, out, y, xs, prefix="d"):
    """d(sum(y * fixed weights))/d xs into `out`."""
    w = np.random.RandomState(11).uniform(-1, 1, y.shape.as_list()).astype(np.float32)
    for i, g in enumerate(tf.gradients(y, xs, grad_ys=tf.constant(w, dtype=y.dtype))):
        if g is not None:
            out["%s%d" % (prefix, i)] = tf.convert_to_tensor(g)
    return out


# -- colour --------------------------------------------------------------------------------------

def _colour(tf):
    x = _img(tf, (2, 3, 4, 3), 1)
    edge = tf.constant([[[0.5, 0.5, 0.2], [0.3, 0.3, 0.3], [0.0, 0.0, 0.0], [1.0, 0.0, 1.0]]])
    u8 = _img(tf, (3, 4, 3), 2, scale=255.0, dtype=np.uint8)
    hsv = tf.image.rgb_to_hsv(x)
    out = {"hsv": hsv, "hsv_edge": tf.image.rgb_to_hsv(edge),
           "rgb": tf.image.hsv_to_rgb(hsv), "rgb_edge": tf.image.hsv_to_rgb(edge),
           "hue": tf.image.adjust_hue(x, 0.3), "hue_neg": tf.image.adjust_hue(edge, -0.7),
           "hue_u8": tf.image.adjust_hue(u8, 0.2),
           "sat": tf.image.adjust_saturation(x, 1.7), "sat_u8": tf.image.adjust_saturation(u8, 0.4),
           "gamma": tf.image.adjust_gamma(x, 0.5, 2.0), "gamma_u8": tf.image.adjust_gamma(u8, 2.0),
           "yiq": tf.image.rgb_to_yiq(x), "yiq_back": tf.image.yiq_to_rgb(tf.image.rgb_to_yiq(x)),
           "yuv": tf.image.rgb_to_yuv(x), "yuv_back": tf.image.yuv_to_rgb(x),
           "gray": tf.image.rgb_to_grayscale(x), "gray_u8": tf.image.rgb_to_grayscale(u8),
           "gray_rgb": tf.image.grayscale_to_rgb(tf.image.rgb_to_grayscale(u8)),
           "bright": tf.image.adjust_brightness(x, 0.2),
           "bright_u8": tf.image.adjust_brightness(u8, -0.1),
           "contrast": tf.image.adjust_contrast(x, 1.5),
           "contrast_u8": tf.image.adjust_contrast(u8, 0.5),
           "to_u8": tf.image.convert_image_dtype(x, tf.uint8),
           "to_u8_sat": tf.image.convert_image_dtype(x * 2.0, tf.uint8, saturate=True),
           "to_f": tf.image.convert_image_dtype(u8, tf.float32),
           "to_i16": tf.image.convert_image_dtype(u8, tf.int16),
           "std": tf.image.per_image_standardization(x),
           "std_u8": tf.image.per_image_standardization(u8)}
    y = (tf.reduce_sum(hsv * [1.0, 2.0, 3.0]) + tf.reduce_sum(out["gamma"])
         + tf.reduce_sum(out["yiq"] * out["yuv"]) + tf.reduce_sum(out["gray"] ** 2)
         + tf.reduce_sum(out["std"] * x)
         + tf.reduce_sum(out["bright"] ** 2))
    out["dx"] = tf.gradients(y, x)[0]
    return out, {}


def _hue_has_no_gradient(tf):
    # TF registers no gradient for AdjustHue: tf.gradients raises LookupError
    x = _img(tf, (2, 2, 3), 3)
    return {"d": tf.gradients(tf.image.adjust_hue(x, 0.1), x)[0]}, {}


def _contrast_has_no_gradient(tf):
    # nor for AdjustContrastv2, which tf.image.adjust_contrast builds
    x = _img(tf, (2, 2, 3), 3)
    return {"d": tf.gradients(tf.image.adjust_contrast(x, 1.5), x)[0]}, {}


def _hsv_to_rgb_not_differentiable(tf):
    x = _img(tf, (2, 2, 3), 3)
    grads = tf.gradients(tf.image.hsv_to_rgb(x), x)
    return {"is_none": tf.constant(grads[0] is None)}, {}


# -- geometry and resizing -----------------------------------------------------------------------

def _geometry(tf):
    x = _img(tf, (5, 6, 2), 4)
    xb = _img(tf, (2, 5, 6, 2), 5)
    out = {"lr": tf.image.flip_left_right(x), "ud": tf.image.flip_up_down(xb),
           "tr": tf.image.transpose(x), "tr_img": tf.image.transpose_image(xb),
           "rot1": tf.image.rot90(x), "rot2": tf.image.rot90(xb, 2), "rot3": tf.image.rot90(x, 3),
           "central": tf.image.central_crop(x, 0.5),
           "crop": tf.image.crop_to_bounding_box(xb, 1, 2, 3, 3),
           "pad": tf.image.pad_to_bounding_box(x, 1, 2, 8, 9),
           "crop_or_pad": tf.image.resize_image_with_crop_or_pad(x, 3, 9),
           "crop_or_pad2": tf.image.resize_with_crop_or_pad(xb, 7, 4),
           "with_pad": tf.image.resize_image_with_pad(x, 8, 4),
           "with_pad_nn": tf.image.resize_image_with_pad(
               xb, 3, 12, method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)}
    y = tf.add_n([tf.reduce_sum(v * v) for k, v in sorted(out.items()) if k != "with_pad_nn"])
    out["dx"], out["dxb"] = tf.gradients(y, [x, xb])
    return out, {}


def _resizing(tf):
    x = _img(tf, (1, 4, 5, 2), 6)
    u8 = _img(tf, (4, 5, 1), 7, scale=255.0, dtype=np.uint8)
    m = tf.image.ResizeMethod
    out = {"methods": tf.constant([m.BILINEAR, m.NEAREST_NEIGHBOR, m.BICUBIC, m.AREA]),
           "bilinear": tf.image.resize_bilinear(x, [7, 3]),
           "bilinear_ac": tf.image.resize_bilinear(x, [7, 3], align_corners=True),
           "bilinear_hp": tf.image.resize_bilinear(x, [3, 8], half_pixel_centers=True),
           "nearest": tf.image.resize_nearest_neighbor(x, [6, 7]),
           "bicubic": tf.image.resize_bicubic(x, [5, 9]),
           "area": tf.image.resize_area(x, [2, 3]),
           "resize": tf.image.resize(u8, [6, 3]),
           "images_nn": tf.image.resize_images(u8, [2, 7], method=m.NEAREST_NEIGHBOR),
           "images_area": tf.image.resize_images(x, [3, 3], method=m.AREA),
           "images_cubic": tf.image.resize_images(x, [6, 6], method=m.BICUBIC),
           "aspect": tf.image.resize_images(x, [8, 8], preserve_aspect_ratio=True)}
    y = (tf.reduce_sum(out["bilinear"] ** 2) + tf.reduce_sum(out["nearest"] ** 2)
         + tf.reduce_sum(out["bicubic"] ** 2) + tf.reduce_sum(out["bilinear_hp"]))
    out["dx"] = tf.gradients(y, x)[0]
    return out, {}


# -- random adjustments: properties that hold for every draw ---------------------------------------

def _one_of(tf, y, options):
    return tf.reduce_any(tf.stack([tf.reduce_all(tf.equal(y, o)) for o in options]))


def _random(tf):
    x = _img(tf, (4, 5, 3), 8)
    u8 = _img(tf, (8, 8, 3), 9, scale=255.0, dtype=np.uint8)
    lr = tf.image.random_flip_left_right(x, seed=1)
    ud = tf.image.random_flip_up_down(x, seed=2)
    bright = tf.image.random_brightness(x, 0.2, seed=3)
    shift = bright - x
    contrast = tf.image.random_contrast(x, 0.5, 1.5, seed=4)
    crop = tf.image.random_crop(x, [2, 3, 3], seed=5)
    hue = tf.image.random_hue(x, 0.2, seed=6)
    sat = tf.image.random_saturation(x, 0.5, 1.5, seed=7)
    jpeg = tf.image.random_jpeg_quality(u8, 60, 90, seed=8)
    begin, size, boxes = tf.image.sample_distorted_bounding_box(
        [40, 50, 3], tf.constant([[[0.1, 0.2, 0.5, 0.7], [0.3, 0.3, 0.9, 0.8]]]), seed=3,
        min_object_covered=0.3, area_range=[0.2, 0.9])
    hw = tf.cast(size[:2], tf.float32)
    x_mean = tf.reduce_mean(x, axis=[0, 1])
    return {"lr": _one_of(tf, lr, [x, tf.image.flip_left_right(x)]),
            "ud": _one_of(tf, ud, [x, tf.image.flip_up_down(x)]),
            "bright_range": tf.reduce_all(tf.abs(shift) <= 0.2 + 1e-6),
            "bright_uniform": tf.reduce_max(shift) - tf.reduce_min(shift) < 1e-5,
            "contrast_mean": tf.reduce_all(
                tf.abs(tf.reduce_mean(contrast, axis=[0, 1]) - x_mean) < 1e-5),
            "crop_shape": tf.shape(crop), "crop_static": tf.constant(crop.shape.as_list()),
            "hue_shape": tf.shape(hue),
            "hue_value_kept": tf.reduce_all(tf.abs(tf.reduce_max(hue, -1)
                                                   - tf.reduce_max(x, -1)) < 1e-5),
            "sat_value_kept": tf.reduce_all(tf.abs(tf.reduce_max(sat, -1)
                                                   - tf.reduce_max(x, -1)) < 1e-5),
            "jpeg_dtype_shape": tf.shape(jpeg),
            "jpeg_close": tf.reduce_mean(tf.abs(tf.cast(jpeg, tf.float32)
                                                - tf.cast(u8, tf.float32))) < 40.0,
            "sdbb_begin": tf.stack([begin[2], size[2]]),
            "sdbb_inside": tf.reduce_all(begin[:2] + size[:2] <= [40, 50]),
            "sdbb_area": tf.logical_and(hw[0] * hw[1] >= 0.2 * 2000 - 60,
                                        hw[0] * hw[1] <= 0.9 * 2000 + 60),
            "sdbb_boxes": tf.reduce_all(tf.abs(boxes[0, 0] - tf.concat(
                [tf.cast(begin[:2], tf.float32) / [40.0, 50.0],
                 tf.cast(begin[:2] + size[:2], tf.float32) / [40.0, 50.0]], 0)) < 1e-6),
            "sdbb_static": tf.constant(boxes.shape.as_list())}, {}


# -- quality measures and derivative filters -----------------------------------------------------

def _metrics(tf):
    a = _img(tf, (2, 13, 12, 3), 10)
    b = tf.clip_by_value(a + 0.1 * _img(tf, (2, 13, 12, 3), 11) - 0.05, 0.0, 1.0)
    a8 = tf.image.convert_image_dtype(a, tf.uint8)
    b8 = tf.image.convert_image_dtype(b, tf.uint8)
    big = _img(tf, (1, 45, 37, 2), 12)
    dy, dx = tf.image.image_gradients(a)
    out = {"tv3": tf.image.total_variation(a[0]), "tv4": tf.image.total_variation(a),
           "psnr": tf.image.psnr(a, b, 1.0), "psnr_u8": tf.image.psnr(a8, b8, 255),
           "psnr_same": tf.image.psnr(a, a, 1.0),
           "ssim": tf.image.ssim(a, b, 1.0), "ssim_u8": tf.image.ssim(a8, b8, 255, filter_size=5),
           "ssim_map": tf.image.ssim(a, b, 1.0, filter_size=3, return_index_map=True),
           "ms_ssim": tf.image.ssim_multiscale(big, tf.clip_by_value(big + 0.05, 0.0, 1.0), 1.0,
                                               power_factors=(0.3, 0.3, 0.4), filter_size=5),
           "dy": dy, "dx": dx, "sobel": tf.image.sobel_edges(a)}
    y = (tf.reduce_sum(out["ssim"]) + tf.reduce_sum(out["tv4"]) * 0.01
         + tf.reduce_sum(out["sobel"] ** 2) + tf.reduce_sum(out["psnr"]))
    out["da"] = tf.gradients(y, a)[0]
    return out, {}


# -- non-max suppression -------------------------------------------------------------------------

def _boxes(seed, n):
    rng = np.random.RandomState(seed)
    corner, size = rng.rand(n, 2) * 0.8, rng.rand(n, 2) * 0.4
    return np.concatenate([corner, corner + size], 1).astype(np.float32)


def _nms(tf):
    boxes = _boxes(1, 12)
    boxes[3] = boxes[3][[2, 3, 0, 1]]   # flipped corners
    boxes[5, 2] = boxes[5, 0]           # an empty box
    scores = np.random.RandomState(2).rand(12).astype(np.float32)
    scores[7] = scores[2]               # a tie: the lower index goes first
    b, s = tf.constant(boxes), tf.constant(scores)
    overlaps = tf.constant(np.random.RandomState(3).rand(12, 12).astype(np.float32))
    soft_idx, soft_scores = tf.image.non_max_suppression_with_scores(b, s, 8, 0.6, 0.1, 0.5)
    hard_idx, hard_scores = tf.image.non_max_suppression_with_scores(b, s, 8, 0.4)
    # Soft-NMS decays even boxes above iou_threshold
    near = tf.constant([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, 2, 1, 3]], tf.float32)
    near_idx, near_scores = tf.image.non_max_suppression_with_scores(
        near, tf.constant([0.9, 0.8, 0.1]), 2, soft_nms_sigma=0.5)
    pad_idx, pad_valid = tf.image.non_max_suppression_padded(b, s, 9, 0.4,
                                                             pad_to_max_output_size=True)
    idx, valid = tf.image.non_max_suppression_padded(b, s, 9, 0.4)
    cb = np.random.RandomState(4).rand(2, 12, 3, 4).astype(np.float32)
    cb[..., 2:] = cb[..., :2] + 0.3
    cs = np.random.RandomState(5).rand(2, 12, 3).astype(np.float32)
    comb = tf.image.combined_non_max_suppression(tf.constant(cb), tf.constant(cs), 3, 7, 0.3,
                                                 0.2)
    comb1 = tf.image.combined_non_max_suppression(tf.constant(cb[:, :, :1]), tf.constant(cs),
                                                  4, 20, 0.5, pad_per_class=True,
                                                  clip_boxes=False)
    out = {"v3": tf.image.non_max_suppression(b, s, 6, 0.3),
           "v3_thresh": tf.image.non_max_suppression(b, s, 10, 0.5, 0.4),
           "v3_zero": tf.image.non_max_suppression(b, s, 0, 0.3),
           "soft_idx": soft_idx, "soft_scores": soft_scores,
           "hard_idx": hard_idx, "hard_scores": hard_scores,
           "near_idx": near_idx, "near_scores": near_scores,
           "pad_idx": pad_idx, "pad_valid": pad_valid, "idx": idx, "valid": valid,
           "overlaps": tf.image.non_max_suppression_overlaps(overlaps, s, 5, 0.5)}
    for i, t in enumerate(comb):
        out["comb%d" % i] = t
    for i, t in enumerate(comb1):
        out["comb1_%d" % i] = t
    return out, {}


def _nms_bad_threshold(tf):
    b = tf.constant(_boxes(1, 4))
    return {"v3": tf.image.non_max_suppression(b, tf.constant([0.1, 0.2, 0.3, 0.4]), 3,
                                               1.5)}, {}


def _proposal_inputs(tf):
    rng = np.random.RandomState(6)
    n, h, w, a = 2, 3, 4, 2
    ys, xs = np.meshgrid(np.arange(h) * 8.0, np.arange(w) * 8.0, indexing="ij")
    base = np.array([[0, 0, 16, 16], [0, 0, 24, 12]], np.float32)
    anchors = (base[None, None] + np.stack([ys, xs, ys, xs], -1)[:, :, None]).reshape(h, w,
                                                                                        4 * a)
    return (tf.constant(rng.rand(n, h, w, a).astype(np.float32)),
            tf.constant((rng.randn(n, h, w, 4 * a) * 0.2).astype(np.float32)),
            tf.constant([[30, 40, 1, 0, 0], [20, 25, 0.5, 0, 0]], tf.float32),
            tf.constant(anchors.astype(np.float32)))


def _proposals_values(tf):
    # TF registers only a GPU kernel for GenerateBoundingBoxProposals (known_differences.txt);
    # the static shapes recorded before the run agree
    rois, probs = tf.image.generate_bounding_box_proposals(
        *_proposal_inputs(tf), nms_threshold=0.5, pre_nms_topn=10, min_size=8, post_nms_topn=5)
    return {"rois": rois, "probs": probs}, {}


# -- crops, glimpses, boxes and patches ----------------------------------------------------------

def _crops(tf):
    image = _img(tf, (2, 6, 7, 3), 13)
    boxes = tf.constant([[0.1, 0.2, 0.8, 0.9], [0.5, 0.6, 0.2, 0.1], [-0.2, -0.1, 1.3, 1.2],
                         [0.3, 0.3, 0.3, 0.3]])
    ind = tf.constant([0, 1, 1, 0])
    out = {"bilinear": tf.image.crop_and_resize(image, boxes, ind, [4, 5]),
           "nearest": tf.image.crop_and_resize(image, boxes, ind, [3, 3], method="nearest",
                                               extrapolation_value=-1.0),
           "one": tf.image.crop_and_resize(image, boxes, ind, [1, 1]),
           "u8": tf.image.crop_and_resize(tf.image.convert_image_dtype(image, tf.uint8), boxes,
                                          ind, [2, 3]),
           "glimpse": tf.image.extract_glimpse(image, [3, 4], [[0.1, -0.2], [0.0, 0.3]]),
           "glimpse_px": tf.image.extract_glimpse(image, [2, 2], [[1.0, 2.0], [3.0, 4.0]],
                                                  centered=False, normalized=False)}
    y = tf.reduce_sum(out["bilinear"] ** 2) + tf.reduce_sum(out["one"])
    out["d_image"], out["d_boxes"] = tf.gradients(y, [image, boxes])
    # the box gradient of a nearest-neighbour crop is TF's bilinear one
    out["d_image_nn"], out["d_boxes_nn"] = tf.gradients(tf.reduce_sum(out["nearest"] ** 2),
                                                        [image, boxes])
    return out, {}


def _draw(tf):
    canvas = tf.zeros([2, 8, 9, 3])
    boxes = tf.constant([[[0.1, 0.2, 0.6, 0.7], [0.5, -0.1, 1.2, 0.5], [0.7, 0.7, 0.2, 0.2]],
                         [[0.0, 0.0, 1.0, 1.0], [1.5, 1.5, 2.0, 2.0], [0.25, 0.25, 0.5, 0.5]]])
    return {"default": tf.image.draw_bounding_boxes(canvas, boxes),
            "colors": tf.image.draw_bounding_boxes(
                canvas, boxes, colors=tf.constant([[0.2, 0.4, 0.6, 1.0], [0.9, 0.1, 0.3, 1.0]])),
            "gray": tf.image.draw_bounding_boxes(tf.zeros([1, 5, 5, 1]), boxes[:1])}, {}


def _patches(tf):
    x = tf.constant(np.arange(2 * 7 * 6 * 3, dtype=np.float32).reshape(2, 7, 6, 3) / 100.0)
    v = tf.reshape(x, [1, 2, 7, 6, 3])
    out = {"same": tf.image.extract_image_patches(x, [1, 3, 2, 1], [1, 2, 2, 1], [1, 1, 1, 1],
                                                  "SAME"),
           "valid_rate": tf.image.extract_patches(x, [1, 2, 3, 1], [1, 3, 1, 1], [1, 2, 1, 1],
                                                  "VALID"),
           "top_int": tf.extract_image_patches(tf.cast(x * 100, tf.int32), [1, 3, 3, 1],
                                               [1, 1, 2, 1], [1, 2, 2, 1], "SAME"),
           "volume": tf.extract_volume_patches(v, [1, 2, 3, 2, 1], [1, 1, 2, 2, 1], "SAME"),
           "volume_valid": tf.extract_volume_patches(v, [1, 1, 3, 2, 1], [1, 1, 2, 3, 1],
                                                     "VALID")}
    y = tf.reduce_sum(out["same"] ** 2) + tf.reduce_sum(out["valid_rate"])
    out["dx"] = tf.gradients(y, x)[0]
    out["dv"] = tf.gradients(tf.reduce_sum(out["volume"] ** 2), v)[0]
    return out, {}


# -- codecs --------------------------------------------------------------------------------------

def _codecs(tf):
    jpeg = tf.constant(_JPEG)
    full = tf.cast(tf.image.decode_jpeg(jpeg), tf.float32)
    crop = tf.cast(tf.io.decode_and_crop_jpeg(jpeg, [2, 3, 5, 6]), tf.float32)
    source = _img(tf, (8, 10, 3), 14, scale=255.0, dtype=np.uint8)
    encoded = tf.io.encode_jpeg(source, quality=90)
    adjusted = tf.image.adjust_jpeg_quality(tf.image.convert_image_dtype(source, tf.float32), 70)
    return {"bmp": tf.io.decode_bmp(_BMP), "bmp4": tf.image.decode_bmp(_BMP, channels=4),
            "gif": tf.io.decode_gif(_GIF), "gif_image": tf.image.decode_gif(_GIF),
            "webp": tf.io.decode_webp(_WEBP), "webp3": tf.image.decode_webp(_WEBP, channels=3),
            "jpeg_shape": tf.io.extract_jpeg_shape(jpeg),
            "jpeg_shape64": tf.image.extract_jpeg_shape(_JPEG, tf.int64),
            "is_jpeg": tf.io.is_jpeg(jpeg), "gif_is_jpeg": tf.image.is_jpeg(_GIF),
            "crop_shape": tf.shape(crop),
            "crop_matches": tf.reduce_max(tf.abs(crop - full[2:7, 3:9])) <= 0.0,
            "crop_static": tf.constant(
                tf.image.decode_and_crop_jpeg(jpeg, [1, 1, 4, 4]).shape.as_list()[:2]),
            "roundtrip": tf.reduce_mean(tf.abs(tf.cast(tf.image.decode_jpeg(encoded), tf.float32)
                                               - tf.cast(source, tf.float32))) < 40.0,
            "encoded_is_jpeg": tf.image.is_jpeg(tf.image.encode_jpeg(source)),
            "adjusted_shape": tf.shape(adjusted),
            "adjusted_close": tf.reduce_mean(tf.abs(
                adjusted - tf.image.convert_image_dtype(source, tf.float32))) < 0.2}, {}


def _edges(tf):
    """Empty inputs, windows larger than the image, float64, nothing above the threshold."""
    boxes = tf.placeholder(tf.float32, [None, 4])
    scores = tf.placeholder(tf.float32, [None])
    v5_idx, v5_scores = tf.image.non_max_suppression_with_scores(tf.zeros([0, 4]),
                                                                 tf.zeros([0]), 3)
    comb = tf.image.combined_non_max_suppression(tf.zeros([1, 3, 1, 4]), tf.zeros([1, 3, 2]), 2,
                                                 4, 0.5, 0.5)
    out = {"nms_empty": tf.image.non_max_suppression(tf.zeros([0, 4]), tf.zeros([0]), 3),
           "v5_idx": v5_idx, "v5_scores": v5_scores,
           "crop_empty": tf.image.crop_and_resize(tf.ones([1, 3, 3, 1]), tf.zeros([0, 4]),
                                                  tf.zeros([0], tf.int32), [2, 2]),
           "patch_empty": tf.image.extract_patches(tf.ones([0, 4, 4, 2]), [1, 2, 2, 1],
                                                   [1, 1, 1, 1], [1, 1, 1, 1], "VALID"),
           "patch_big": tf.image.extract_patches(tf.ones([1, 2, 2, 1]), [1, 3, 3, 1],
                                                 [1, 1, 1, 1], [1, 1, 1, 1], "VALID"),
           "hsv64": tf.image.rgb_to_hsv(tf.constant([[0.2, 0.4, 0.9]], tf.float64)),
           "tv64": tf.image.total_variation(tf.constant(np.arange(12.0).reshape(2, 2, 3))),
           "gamma0": tf.image.adjust_gamma(tf.constant([[[0.0, 0.5, 1.0]]]), 0.0),
           "sobel64": tf.image.sobel_edges(tf.constant(np.arange(18.0).reshape(1, 3, 3, 2))),
           "nms_fed": tf.image.non_max_suppression(boxes, scores, 2)}
    for i, t in enumerate(comb):
        out["comb%d" % i] = t
    feeds = {boxes: [[0, 0, 1, 1], [0, 0, 1, 1.05], [2, 2, 3, 3]], scores: [0.5, 0.6, 0.1]}
    return out, feeds


def _bad_crop_window(tf):
    return {"crop": tf.io.decode_and_crop_jpeg(tf.constant(_JPEG), [2, 3, 50, 6])}, {}


PROGRAMS = [
    Program("image_colour", _colour, tol=(1e-5, 1e-5),
            covers=("RGBToHSV", "HSVToRGB", "AdjustHue", "AdjustSaturation", "AdjustContrastv2")),
    Program("image_adjust_hue_no_gradient", _hue_has_no_gradient),
    Program("image_adjust_contrast_no_gradient", _contrast_has_no_gradient),
    Program("image_hsv_to_rgb_not_differentiable", _hsv_to_rgb_not_differentiable),
    Program("image_geometry", _geometry),
    Program("image_resizing", _resizing, tol=(1e-5, 1e-5)),
    Program("image_random_properties", _random,
            covers=("SampleDistortedBoundingBoxV2", "EncodeJpegVariableQuality")),
    Program("image_quality_metrics", _metrics, tol=(1e-4, 1e-5)),
    Program("image_non_max_suppression", _nms, tol=(1e-5, 1e-6),
            covers=("NonMaxSuppressionV3", "NonMaxSuppressionV4", "NonMaxSuppressionV5",
                    "NonMaxSuppressionWithOverlaps", "CombinedNonMaxSuppression")),
    Program("image_nms_bad_threshold", _nms_bad_threshold),
    Program("image_proposals_values", _proposals_values,
            covers=("GenerateBoundingBoxProposals",)),
    Program("image_crops_glimpses", _crops, tol=(1e-5, 1e-5),
            covers=("CropAndResize", "ExtractGlimpse")),
    Program("image_draw_bounding_boxes", _draw,
            covers=("DrawBoundingBoxes", "DrawBoundingBoxesV2")),
    Program("image_patches", _patches, tol=(1e-5, 1e-5),
            covers=("ExtractImagePatches", "ExtractVolumePatches")),
    Program("image_codecs", _codecs,
            covers=("DecodeBmp", "DecodeGif", "DecodeWebP", "DecodeAndCropJpeg",
                    "ExtractJpegShape", "EncodeJpegVariableQuality")),
    Program("image_bad_crop_window", _bad_crop_window),
    Program("image_edge_values", _edges),
]
