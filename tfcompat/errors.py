"""`tf.errors`: TensorFlow's exception classes and error codes.

Every failure a TF1 program can observe while running a graph is one of these classes, with
TF's names and codes. `op_error` builds them with the "Caused by op ..., defined at:" tail.
"""
from __future__ import annotations

OK = 0
CANCELLED = 1
UNKNOWN = 2
INVALID_ARGUMENT = 3
DEADLINE_EXCEEDED = 4
NOT_FOUND = 5
ALREADY_EXISTS = 6
PERMISSION_DENIED = 7
RESOURCE_EXHAUSTED = 8
FAILED_PRECONDITION = 9
ABORTED = 10
OUT_OF_RANGE = 11
UNIMPLEMENTED = 12
INTERNAL = 13
UNAVAILABLE = 14
DATA_LOSS = 15
UNAUTHENTICATED = 16


class OpError(Exception):
    """A generic error raised while running a TF op (TF1 `tf.errors.OpError`)."""

    def __init__(self, node_def, op, message, error_code=UNKNOWN):
        super().__init__(message)
        self._node_def = node_def
        self._op = op
        self._message = message
        self._error_code = error_code

    @property
    def message(self):
        return self._message

    @property
    def op(self):
        return self._op

    @property
    def node_def(self):
        return self._node_def

    @property
    def error_code(self):
        return self._error_code

    def __reduce__(self):
        return (type(self), (self._node_def, self._op, self._message))

    def __str__(self):
        return self._message


def _make_error_class(class_name: str, code: int, doc: str) -> type:
    def __init__(self, node_def, op, message, *args, **kwargs):
        OpError.__init__(self, node_def, op, message, code)

    return type(class_name, (OpError,), {"__init__": __init__, "__doc__": doc})


CancelledError = _make_error_class("CancelledError", CANCELLED, "An operation was cancelled.")
UnknownError = _make_error_class("UnknownError", UNKNOWN, "Unknown error.")
InvalidArgumentError = _make_error_class(
    "InvalidArgumentError", INVALID_ARGUMENT, "An op received an invalid argument.")
DeadlineExceededError = _make_error_class(
    "DeadlineExceededError", DEADLINE_EXCEEDED, "A deadline expired before the op completed.")
NotFoundError = _make_error_class("NotFoundError", NOT_FOUND, "A requested entity was not found.")
AlreadyExistsError = _make_error_class(
    "AlreadyExistsError", ALREADY_EXISTS, "An entity that we attempted to create already exists.")
PermissionDeniedError = _make_error_class(
    "PermissionDeniedError", PERMISSION_DENIED, "The caller has no permission for the operation.")
UnauthenticatedError = _make_error_class(
    "UnauthenticatedError", UNAUTHENTICATED, "The request lacks valid authentication.")
ResourceExhaustedError = _make_error_class(
    "ResourceExhaustedError", RESOURCE_EXHAUSTED, "Some resource has been exhausted.")
FailedPreconditionError = _make_error_class(
    "FailedPreconditionError", FAILED_PRECONDITION,
    "The system is not in a state to execute an operation (e.g. an uninitialized variable).")
AbortedError = _make_error_class("AbortedError", ABORTED, "The operation was aborted.")
OutOfRangeError = _make_error_class(
    "OutOfRangeError", OUT_OF_RANGE, "An operation iterated past the valid input range.")
UnimplementedError = _make_error_class(
    "UnimplementedError", UNIMPLEMENTED, "The operation is not implemented or supported.")
InternalError = _make_error_class("InternalError", INTERNAL, "An internal invariant was broken.")
UnavailableError = _make_error_class("UnavailableError", UNAVAILABLE, "The runtime is unavailable.")
DataLossError = _make_error_class("DataLossError", DATA_LOSS, "Unrecoverable data loss or corruption.")

_CODE_TO_CLASS = {
    CANCELLED: CancelledError, UNKNOWN: UnknownError, INVALID_ARGUMENT: InvalidArgumentError,
    DEADLINE_EXCEEDED: DeadlineExceededError, NOT_FOUND: NotFoundError,
    ALREADY_EXISTS: AlreadyExistsError, PERMISSION_DENIED: PermissionDeniedError,
    UNAUTHENTICATED: UnauthenticatedError, RESOURCE_EXHAUSTED: ResourceExhaustedError,
    FAILED_PRECONDITION: FailedPreconditionError, ABORTED: AbortedError,
    OUT_OF_RANGE: OutOfRangeError, UNIMPLEMENTED: UnimplementedError, INTERNAL: InternalError,
    UNAVAILABLE: UnavailableError, DATA_LOSS: DataLossError,
}


def exception_type_from_error_code(error_code: int) -> type:
    return _CODE_TO_CLASS[error_code]


def error_code_from_exception_type(cls: type) -> int:
    for code, klass in _CODE_TO_CLASS.items():
        if klass is cls:
            return code
    return UNKNOWN


def op_error(cls: type, op, message: str) -> OpError:
    """Builds `cls` for `op` with TF's tail naming the op and where the user created it."""
    if op is not None:
        where = getattr(op, "traceback_line", None) or "<unknown>"
        message = "%s\n\t [[node %s (defined at %s) ]]" % (message, op.name, where)
    return cls(None, op, message)




class _Status:
    """What `raise_exception_on_not_ok_status` yields: a status its block may set to an error
    (TF's is a C `TF_Status` that C API calls fill)."""

    def __init__(self):
        self.code, self.message = OK, ""

    def set(self, code: int, message: str) -> None:
        self.code, self.message = code, message


class raise_exception_on_not_ok_status:  # noqa: N801 - TF's name
    """TF1 `tf.errors.raise_exception_on_not_ok_status()`: a context manager yielding a status;
    leaving the block with a non-OK status raises the error class of its code."""

    def __enter__(self):
        self.status = _Status()
        return self.status

    def __exit__(self, type_arg, value_arg, traceback_arg):
        status, self.status = self.status, None
        if status.code != OK:
            raise exception_type_from_error_code(status.code)(None, None, status.message)
        return False


class _FileDataLoss(DataLossError, OSError):  # noqa: F821 - made by _make_error_class above
    """A file that cannot be parsed (a damaged `.meta`, `saved_model.pb`): TF raises IOError
    there, so this is an OSError too, and a `tf.errors.DataLossError` like every other damaged
    input tfcompat reads."""

    def __init__(self, message: str):
        DataLossError.__init__(self, None, None, message)  # noqa: F821


def unparsable_file(path, reason) -> OpError:
    """The error for a file whose bytes are not the message it should hold."""
    return _FileDataLoss("Cannot parse file %s: %s." % (path, reason))


class OperatorNotAllowedInGraphError(TypeError):
    """A Python operation (bool(), iteration) was used on a symbolic Tensor."""


__all__ = [name for name in list(globals()) if name.endswith("Error") or name.isupper()]
__all__ += ["exception_type_from_error_code", "error_code_from_exception_type",
            "raise_exception_on_not_ok_status"]

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("errors", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('errors', __name__)   # TF's names, not this module's imports
