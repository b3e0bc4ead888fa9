"""How deeply a raw JSON text nests, without parsing it (no Django: cheap to import).

``core.api.parsers`` (the API) and ``manage.py screen`` refuse JSON nested deeper than
``MAX_JSON_DEPTH`` before any recursive parser sees it.
"""

from __future__ import annotations

from itertools import accumulate

# No request of ours nests deeper than a handful of levels; 32 leaves room and keeps every
# recursive walk over the data (validation, the engine, the audit) far from Python's limit.
MAX_JSON_DEPTH = 32

# Without a backslash in the text, only brackets and quotes matter: every other byte is deleted
# in C first (UTF-8 continuation bytes are never ASCII), then the string literals (an unterminated
# one runs to the end): split on the quotes, every other piece is outside a string. What is left
# are the brackets outside strings.
_DELETE = bytes(byte for byte in range(256) if byte not in b'[]{}"')
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1


def json_depth_exceeds(text: str | bytes, *, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the raw JSON text opens more than `limit` arrays/objects inside each other.

    Counted on the text, before json.loads: the standard parser recurses once per level and
    ends in RecursionError on input nested tens of thousands deep. Brackets inside strings are
    skipped. Text without escapes (the normal case) is counted by C loops (bytes.translate, a
    regular expression, itertools.accumulate): a batch of 20,000 households in a fraction of a
    second. With a backslash the escapes need the character-by-character walk.
    """
    data = text if isinstance(text, bytes) else text.encode("utf-8", errors="surrogatepass")
    if b"\\" not in data:
        brackets = b"".join(data.translate(None, _DELETE).split(b'"')[::2])
        return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > limit
    return _walk(data.decode("utf-8", errors="replace"), limit)


def _walk(text: str, limit: int) -> bool:
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False
