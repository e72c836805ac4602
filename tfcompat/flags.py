"""`tf.flags` / `tf.app.flags`: absl-style command-line flags, without absl.

`DEFINE_string/integer/float/boolean/list/enum/multi_*` register flags in `FLAGS`; `FLAGS(argv)`
parses them (returning the arguments left over) and `FLAGS.name` reads a value. As in TF1,
reading a flag of the global `FLAGS` before parsing parses `sys.argv` first, and error texts
are absl's ("flag --n=x: invalid literal for int() with base 10: 'x'").
"""
from __future__ import annotations

import csv
import sys

__all__ = [
    "FLAGS", "FlagValues", "Flag", "Error", "IllegalFlagValueError", "UnrecognizedFlagError",
    "DuplicateFlagError", "UnparsedFlagAccessError", "ValidationError", "DEFINE_string",
    "DEFINE_integer", "DEFINE_float", "DEFINE_boolean", "DEFINE_bool", "DEFINE_list",
    "DEFINE_spaceseplist", "DEFINE_enum", "DEFINE_multi_string", "DEFINE_multi_integer",
    "DEFINE_multi_float", "DEFINE_alias", "mark_flag_as_required", "mark_flags_as_required",
    "register_validator", "validator",
]


class Error(Exception):
    """Base class of flag errors (absl `flags.Error`)."""


class IllegalFlagValueError(Error):
    """A flag was given a value its parser or a validator rejects."""


class UnrecognizedFlagError(Error):
    def __init__(self, flagname, flagvalue=""):
        self.flagname, self.flagvalue = flagname, flagvalue
        super().__init__("Unknown command line flag '%s'" % flagname)


class DuplicateFlagError(Error):
    """A flag name was defined twice."""


class UnparsedFlagAccessError(Error):
    """A flag was read before the flags were parsed."""


class ValidationError(Error):
    """Raised by validators."""


# -- parsers: str -> value (ValueError on bad input) and the "is not ..." bound texts ---------

def _bounds_text(lower, upper, noun):
    if lower is not None and upper is not None:
        return "a %s in the range [%s, %s]" % (noun, lower, upper)
    if lower == 0:
        return "a non-negative %s" % noun
    if lower == 1 and noun == "integer":
        return "a positive integer"
    if upper == 0:
        return "a non-positive %s" % noun
    if upper == -1 and noun == "integer":
        return "a negative integer"
    return "%s %s %s" % (noun, ">=" if lower is not None else "<=",
                         lower if lower is not None else upper)


def _number_parser(convert, noun, lower, upper):
    def parse(text):
        value = convert(text)
        if (lower is not None and value < lower) or (upper is not None and value > upper):
            raise ValueError("%s is not %s" % (value, _bounds_text(lower, upper, noun)))
        return value
    return parse


def _int(text):
    if isinstance(text, str) and text.lower().startswith(("0x", "-0x")):
        return int(text, 16)
    return int(text)


def _bool(text):
    if isinstance(text, bool):
        return text
    lowered = str(text).lower()
    if lowered in ("true", "t", "1", "yes", "y"):
        return True
    if lowered in ("false", "f", "0", "no", "n"):
        return False
    raise ValueError("Non-boolean argument to boolean flag", text)


def _list(text):
    if isinstance(text, (list, tuple)):
        return list(text)
    return [s.strip() for s in next(csv.reader([text], strict=True))] if text else []


def _enum(values):
    def parse(text):
        if text not in values:
            raise ValueError("value should be one of <%s>" % "|".join(values))
        return text
    return parse


class Flag:
    """One flag: name, help, default, current value (absl `flags.Flag`)."""

    def __init__(self, name, default, help_text, parser, flag_type, short_name=None,
                 boolean=False, multi=False, module=None):
        self.name, self.help, self.short_name = name, help_text, short_name
        self.parser, self._type, self.boolean, self.multi = parser, flag_type, boolean, multi
        self.module_name = module
        self.present = 0
        self.using_default_value = True
        self.validators: list = []
        self.default = self._convert(default)
        self.value = self.default

    def _convert(self, value):
        if value is None:
            return None
        if self.multi:
            items = value if isinstance(value, (list, tuple)) else [value]
            return [self.parser(v) for v in items]
        return self.parser(value)

    def parse(self, argument):
        try:
            value = self._convert(argument)
        except (ValueError, csv.Error) as e:
            raise IllegalFlagValueError("flag --%s=%s: %s" % (self.name, argument, e)) from None
        if self.multi and self.present:
            value = self.value + value
        self.value, self.present, self.using_default_value = value, self.present + 1, False

    def flag_type(self) -> str:
        return self._type

    def unparse(self):
        self.value, self.present, self.using_default_value = self.default, 0, True

    def __repr__(self):
        return "<Flag --%s=%r>" % (self.name, self.value)


class FlagValues:
    """A registry of flags and their values (absl `flags.FlagValues`).

    >>> FLAGS = FlagValues(); DEFINE_integer("steps", 10, "steps", flag_values=FLAGS)
    >>> FLAGS(["prog", "--steps=5", "data.txt"]), FLAGS.steps
    (['prog', 'data.txt'], 5)
    """

    def __init__(self, auto_parse=False):
        self.__dict__["__flags"] = {}
        self.__dict__["__parsed"] = False
        self.__dict__["_auto_parse"] = auto_parse   # TF1's FLAGS parses sys.argv on first read

    def _flags(self) -> dict:
        return self.__dict__["__flags"]

    # -- registration --------------------------------------------------------------------
    def _register(self, flag: Flag):
        existing = self._flags().get(flag.name)
        if existing is not None:
            raise DuplicateFlagError(
                "The flag '%s' is defined twice. First from %s, second from %s. Description "
                "from first occurrence: %s" % (flag.name, existing.module_name, flag.module_name,
                                               existing.help))
        self._flags()[flag.name] = flag
        if flag.short_name:
            self._flags()[flag.short_name] = flag

    def __delattr__(self, name):
        flag = self._flags().pop(name)
        if flag.short_name:
            self._flags().pop(flag.short_name, None)

    # -- access --------------------------------------------------------------------------
    def __getattr__(self, name):
        flag = self.__dict__["__flags"].get(name)
        if flag is None:
            raise AttributeError(name)
        if not self.__dict__["__parsed"]:
            if not self.__dict__["_auto_parse"]:
                raise UnparsedFlagAccessError(
                    "Trying to access flag --%s before flags were parsed." % name)
            self(sys.argv)
        return flag.value

    def __setattr__(self, name, value):
        flag = self._flags().get(name)
        if flag is None:
            raise AttributeError("Unknown flag %s" % name)
        flag.value, flag.using_default_value = value, False
        self._validate([flag])

    def __getitem__(self, name) -> Flag:
        return self._flags()[name]

    def __contains__(self, name) -> bool:
        return name in self._flags()

    def __iter__(self):
        return iter(self._flags())

    def __len__(self):
        return len(self._flags())

    def is_parsed(self) -> bool:
        return self.__dict__["__parsed"]

    def mark_as_parsed(self):
        self.__dict__["__parsed"] = True

    def unparse_flags(self):
        for flag in self._flags().values():
            flag.unparse()
        self.__dict__["__parsed"] = False

    def flag_values_dict(self) -> dict:
        return {name: f.value for name, f in self._flags().items() if name == f.name}

    def get_flag_value(self, name, default):
        flag = self._flags().get(name)
        return default if flag is None else flag.value

    def set_default(self, name, value):
        flag = self._flags()[name]
        flag.default = flag._convert(value)
        if flag.using_default_value:
            flag.value = flag.default

    # -- parsing -------------------------------------------------------------------------
    def __call__(self, argv, known_only=False):
        """Parses flags out of `argv` (argv[0] is the program); returns argv[0] + the rest."""
        argv = list(argv)
        if not argv:
            raise ValueError("argv cannot be an empty list, and must contain the program name "
                             "as the first element.")
        rest = self._parse(_expand_flagfiles(argv[1:]), known_only)
        self.mark_as_parsed()
        self._validate(list(self._flags().values()))
        return argv[:1] + rest

    def _parse(self, args, known_only):
        rest, i = [], 0
        while i < len(args):
            arg = args[i]
            i += 1
            if arg == "--":
                return rest + args[i:]
            if not arg.startswith("-") or arg == "-":
                rest.append(arg)
                continue
            name, eq, value = arg.lstrip("-").partition("=")
            flag = self._flags().get(name)
            if flag is None and not eq and name.startswith("no"):
                negated = self._flags().get(name[2:])
                if negated is not None and negated.boolean:
                    negated.parse("false")
                    continue
            if flag is None:
                if known_only:
                    rest.append(arg)
                    continue
                raise UnrecognizedFlagError(name, value)
            if not eq and flag.boolean:
                value = "true"
            elif not eq:
                if i >= len(args):
                    raise Error("Missing value for flag --%s" % name)
                value, i = args[i], i + 1
            flag.parse(value)
        return rest

    def _validate(self, flags):
        for flag in flags:
            for check, text in flag.validators:
                if not check(flag.value):
                    raise IllegalFlagValueError("flag --%s=%s: %s" % (flag.name, flag.value, text))

    # -- help ----------------------------------------------------------------------------
    def get_help(self) -> str:
        lines = []
        for name, flag in sorted(self._flags().items()):
            if name != flag.name:
                continue
            short = "-%s," % flag.short_name if flag.short_name else ""
            lines.append("  %s--%s: %s\n    (default: %r)" % (short, name, flag.help, flag.default))
        return "\n".join(lines)

    main_module_help = get_help

    def __str__(self):
        return self.get_help()


def _expand_flagfiles(args):
    out = []
    for arg in args:
        if arg.startswith("--flagfile="):
            with open(arg.split("=", 1)[1], encoding="utf-8") as f:
                lines = [ln.strip() for ln in f]
            out.extend(_expand_flagfiles([ln for ln in lines
                                          if ln and not ln.startswith(("#", "//"))]))
        else:
            out.append(arg)
    return out


FLAGS = FlagValues(auto_parse=True)


# -- DEFINE_* --------------------------------------------------------------------------------

def _caller_module() -> str:
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename == __file__:
        frame = frame.f_back
    return frame.f_globals.get("__name__", "?") if frame is not None else "?"


class FlagHolder:
    """What DEFINE_* returns (absl >= 0.10): `.value` reads the flag."""

    def __init__(self, flag_values, name):
        self._flag_values, self.name = flag_values, name

    @property
    def value(self):
        return getattr(self._flag_values, self.name)

    @property
    def default(self):
        return self._flag_values[self.name].default


def _define(name, default, help_text, parser, flag_type, flag_values, short_name=None,
            boolean=False, multi=False):
    flag_values = FLAGS if flag_values is None else flag_values
    try:
        flag = Flag(name, default, help_text, parser, flag_type, short_name, boolean, multi,
                    _caller_module())
    except ValueError as e:
        raise IllegalFlagValueError("flag --%s=%s: %s" % (name, default, e)) from None
    flag_values._register(flag)
    return FlagHolder(flag_values, name)


def DEFINE_string(name, default, help, flag_values=None, short_name=None, **kwargs):
    """Defines a string flag."""
    return _define(name, default, help, str, "string", flag_values, short_name)


def DEFINE_integer(name, default, help, lower_bound=None, upper_bound=None, flag_values=None,
                   short_name=None, **kwargs):
    """Defines an integer flag, optionally bounded."""
    return _define(name, default, help, _number_parser(_int, "integer", lower_bound, upper_bound),
                   "int", flag_values, short_name)


def DEFINE_float(name, default, help, lower_bound=None, upper_bound=None, flag_values=None,
                 short_name=None, **kwargs):
    """Defines a float flag, optionally bounded."""
    return _define(name, default, help, _number_parser(float, "number", lower_bound, upper_bound),
                   "float", flag_values, short_name)


def DEFINE_boolean(name, default, help, flag_values=None, short_name=None, **kwargs):
    """Defines a boolean flag: `--name`, `--noname`, `--name=true|false|1|0`."""
    return _define(name, default, help, _bool, "bool", flag_values, short_name, boolean=True)


DEFINE_bool = DEFINE_boolean


def DEFINE_list(name, default, help, flag_values=None, **kwargs):
    """Defines a comma-separated list flag."""
    return _define(name, default, help, _list, "list", flag_values)


def DEFINE_spaceseplist(name, default, help, flag_values=None, **kwargs):
    """Defines a whitespace-separated list flag."""
    return _define(name, default, help,
                   lambda t: list(t) if isinstance(t, (list, tuple)) else t.split(), "list",
                   flag_values)


def DEFINE_enum(name, default, enum_values, help, flag_values=None, **kwargs):
    """Defines a string flag restricted to `enum_values`."""
    return _define(name, default, help, _enum(list(enum_values)), "string enum", flag_values)


def DEFINE_multi_string(name, default, help, flag_values=None, **kwargs):
    """Defines a flag that may be repeated; its value is the list of all values given."""
    return _define(name, default, help, str, "multi_string", flag_values, multi=True)


def DEFINE_multi_integer(name, default, help, lower_bound=None, upper_bound=None,
                         flag_values=None, **kwargs):
    return _define(name, default, help, _number_parser(_int, "integer", lower_bound, upper_bound),
                   "multi_int", flag_values, multi=True)


def DEFINE_multi_float(name, default, help, lower_bound=None, upper_bound=None,
                       flag_values=None, **kwargs):
    return _define(name, default, help, _number_parser(float, "number", lower_bound, upper_bound),
                   "multi_float", flag_values, multi=True)


def DEFINE_alias(name, original_name, flag_values=None, **kwargs):
    """Makes `--name` another spelling of `--original_name`."""
    flag_values = FLAGS if flag_values is None else flag_values
    flag_values._flags()[name] = flag_values[original_name]


# -- validators ------------------------------------------------------------------------------

def register_validator(flag_name, checker, message="Flag validation failed", flag_values=None):
    """`checker(value) -> bool` runs after parsing and on assignment."""
    (FLAGS if flag_values is None else flag_values)[flag_name].validators.append((checker, message))


def validator(flag_name, message="Flag validation failed", flag_values=None):
    """Decorator form of `register_validator`."""
    def wrap(checker):
        register_validator(flag_name, checker, message, flag_values)
        return checker
    return wrap


def mark_flag_as_required(flag_name, flag_values=None):
    """Parsing fails unless the flag ends up with a value other than None."""
    register_validator(flag_name, lambda value: value is not None,
                       "Flag --%s must have a value other than None." % flag_name, flag_values)


def mark_flags_as_required(flag_names, flag_values=None):
    for name in flag_names:
        mark_flag_as_required(name, flag_values)

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("flags", __name__)
