"""Showing untrusted text on an editor's terminal without letting it drive the terminal."""

from __future__ import annotations

import re

# C0 and C1 controls (ESC starts colour, cursor, title and clipboard sequences; C1 CSI is a
# one-byte ESC [), DEL, and the Unicode characters that reorder or hide text ("Trojan Source").
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_UNSAFE_EXCEPT_NEWLINE = re.compile(_UNSAFE.pattern.replace(r"\x00-\x1f", r"\x00-\x09\x0b-\x1f"))


def _visible(match: re.Match) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """`text` with every control character (newlines too) written out as \\xNN or \\uNNNN."""
    return _UNSAFE.sub(_visible, text)


def multi_line(text: str) -> str:
    """Like one_line, but keeping line breaks; tabs become spaces."""
    return _UNSAFE_EXCEPT_NEWLINE.sub(_visible, text.replace("\t", "    "))
