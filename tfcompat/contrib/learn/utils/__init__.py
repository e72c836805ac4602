"""tf.contrib.learn.utils (TF 1.15 learn/utils): `input_fn_utils` (InputFnOps and the serving
input functions of a contrib.learn export), `saved_model_export_utils` (make_export_strategy
for an Experiment's export_strategies), and tfcompat's column inference helpers (re-exported
at tf.contrib.learn). The rest (export_estimator, gc, make_parsing_export_strategy, ...) fails
naming it."""
from tfcompat._unsupported import missing_attr
from tfcompat.contrib.learn.utils import input_fn_utils  # noqa: F401
from tfcompat.contrib.learn.utils import saved_model_export_utils  # noqa: F401
from tfcompat.contrib.learn.utils._infer import infer_real_valued_columns_from_input  # noqa: F401
from tfcompat.contrib.learn.utils._infer import infer_real_valued_columns_from_input_fn  # noqa: F401,E501
from tfcompat.contrib.learn.utils.input_fn_utils import InputFnOps  # noqa: F401
from tfcompat.contrib.learn.utils.input_fn_utils import build_default_serving_input_fn  # noqa: F401
from tfcompat.contrib.learn.utils.input_fn_utils import build_parsing_serving_input_fn  # noqa: F401
from tfcompat.contrib.learn.utils.saved_model_export_utils import make_export_strategy  # noqa: F401

__all__ = ["input_fn_utils", "saved_model_export_utils", "InputFnOps",
           "build_default_serving_input_fn", "build_parsing_serving_input_fn",
           "make_export_strategy", "infer_real_valued_columns_from_input",
           "infer_real_valued_columns_from_input_fn"]
__getattr__ = missing_attr("contrib.learn.utils", __name__)
