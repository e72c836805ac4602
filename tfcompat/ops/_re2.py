"""RE2 pattern syntax on Python's `re`: what TF's regex ops accept and how they match.

RE2 differs from `re` in ways text pipelines hit: POSIX classes `[[:punct:]]`, Unicode classes
`\\pL` / `\\p{Lu}`, `$` only at the end of text (not before a final newline), `\\z`, and no
lookaround, backreferences or possessive repetition (RE2 rejects them with its own messages).
`translate` rewrites an RE2 pattern into an equivalent `re` pattern or raises `Re2Error` with
RE2's parse error text; `sub` replaces as RE2::GlobalReplace does (no empty match right after
a non-empty one)."""
import functools
import re
import sys
import unicodedata

_POSIX = {"alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x00-\\x7f", "blank": "\\t ",
          "cntrl": "\\x00-\\x1f\\x7f", "digit": "0-9", "graph": "!-~", "lower": "a-z",
          "print": " -~", "punct": "!-/:-@\\[-`{-~", "space": "\\t\\n\\v\\f\\r ",
          "upper": "A-Z", "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f"}


class Re2Error(ValueError):
    """An RE2 parse error; str() is RE2's `error: detail` text."""


@functools.lru_cache(maxsize=None)
def _category_class(name):
    """Body of a character class for Unicode general category `name` (L, Lu, N, ...)."""
    if name == "Any":
        return "\\x00-\\U0010ffff"
    ranges, start, prev = [], None, None
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp)).startswith(name):
            if start is None:
                start = cp
            prev = cp
        elif start is not None:
            ranges.append((start, prev))
            start = None
    if start is not None:
        ranges.append((start, prev))
    if not ranges:
        raise Re2Error("invalid character class range: \\p{%s}" % name)
    return "".join("\\U%08x" % a if a == b else "\\U%08x-\\U%08x" % (a, b) for a, b in ranges)


def _unicode_class(pattern, i):
    """(class body, negated, end index) for `\\pX` / `\\p{Name}` / `\\PX` at pattern[i]."""
    negated = pattern[i + 1] == "P"
    if i + 2 < len(pattern) and pattern[i + 2] == "{":
        end = pattern.find("}", i + 3)
        if end < 0:
            raise Re2Error("invalid character class range: %s" % pattern[i:])
        name, stop = pattern[i + 3:end], end + 1
    else:
        name, stop = pattern[i + 2:i + 3], i + 3
    if name.startswith("^"):
        negated, name = not negated, name[1:]
    if not (name == "Any" or (name[:1] in "LMNPSZC" and len(name) <= 2 and name.isalpha())):
        raise Re2Error("invalid character class range: %s" % pattern[i:stop])
    return _category_class(name), negated, stop


def _translate_class(pattern, i, out):
    """Copies the bracket class starting at pattern[i] ('['); returns the index after it."""
    j, first = i + 1, True
    out.append("[")
    if pattern.startswith("^", j):
        out.append("^")
        j += 1
    while j < len(pattern):
        c = pattern[j]
        if c == "]" and not first:
            out.append("]")
            return j + 1
        first = False
        if pattern.startswith("[:", j):
            end = pattern.find(":]", j + 2)
            name = pattern[j + 2:end] if end > 0 else ""
            body = _POSIX.get(name.lstrip("^"))
            if body is None:
                raise Re2Error("invalid character class range: %s" % pattern[j:end + 2])
            out.append(_complement(body) if name.startswith("^") else body)
            j = end + 2
        elif c == "\\" and j + 1 < len(pattern) and pattern[j + 1] in "pP":
            body, negated, j = _unicode_class(pattern, j)
            if negated:
                raise Re2Error("tfcompat: negated Unicode class inside a bracket class")
            out.append(body)
        elif c == "\\":
            out.append(pattern[j:j + 2])
            j += 2
        elif c == "[":
            out.append("\\[")
            j += 1
        else:
            out.append(c)
            j += 1
    raise Re2Error("missing ]: %s" % pattern[i:])


@functools.lru_cache(maxsize=None)
def _complement(body):
    """Class body of every code point outside the ASCII class body `body` ([:^alpha:])."""
    inside = re.compile("[%s]" % body)
    return "".join("\\x%02x" % c for c in range(128) if not inside.match(chr(c))) + \
        "\\x80-\\U0010ffff"


_BAD_ESCAPES = set("123456789ZGgk")


def _translate(pattern):
    out, i, n = [], 0, len(pattern)
    multiline = re.match(r"\(\?[a-zA-Z]*m", pattern) is not None
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            e = pattern[i + 1]
            if e in "pP":
                body, negated, i = _unicode_class(pattern, i)
                out.append("[%s%s]" % ("^" if negated else "", body))
                continue
            if e in _BAD_ESCAPES:
                raise Re2Error("invalid escape sequence: \\%s" % e)
            out.append("\\Z" if e == "z" else pattern[i:i + 2])
            i += 2
        elif c == "[":
            i = _translate_class(pattern, i, out)
        elif c == "(" and pattern.startswith("(?", i) and pattern[i + 2:i + 3] in ("=", "!", "<", ">"):
            raise Re2Error("invalid perl operator: %s" % pattern[i:i + 3])
        elif c in "*+?}" and i + 1 < n and pattern[i + 1] == "+":
            raise Re2Error("bad repetition operator: %s" % pattern[i:i + 2])
        elif c == "$" and not multiline:
            out.append("\\Z")
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


@functools.lru_cache(maxsize=256)
def compile(pattern):
    """An `re` pattern object that matches as RE2 matches `pattern` (str) on UTF-8 text."""
    try:
        return re.compile(_translate(pattern), re.ASCII)   # RE2's \w \d \s \b are ASCII-only
    except re.error as exc:
        raise Re2Error(_re2_message(exc, pattern)) from None


def _re2_message(exc, pattern):
    """RE2's text for the parse errors `re` also detects."""
    if exc.msg.startswith("missing ), unterminated subpattern"):
        return "missing ): %s" % pattern
    if exc.msg.startswith("unterminated character set"):
        return "missing ]: %s" % pattern[exc.pos or 0:]
    if exc.msg.startswith("unbalanced parenthesis"):
        return "unexpected ): %s" % pattern
    if exc.msg.startswith("nothing to repeat"):
        return "no argument for repetition operator: %s" % pattern[exc.pos or 0]
    return str(exc)


def sub(regex, expand, text, count=0):
    """RE2::GlobalReplace (count 0) / RE2::Replace (count 1): like re.sub, but an empty match
    right after the previous match's end is skipped."""
    parts, last, done, prev_end = [], 0, 0, -1
    for m in regex.finditer(text):
        if m.start() == m.end() == prev_end:
            continue
        parts.append(text[last:m.start()])
        parts.append(expand(m))
        last = prev_end = m.end()
        done += 1
        if count and done >= count:
            break
    parts.append(text[last:])
    return "".join(parts)
