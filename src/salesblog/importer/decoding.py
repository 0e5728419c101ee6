"""Bytes of a legacy page or export to text: declared charset, else sniffed; mojibake repaired.

Old blogs lie about their encoding often enough (a page declaring iso-8859-1 that is really
UTF-8, text that went through two encodings), so the declaration is a hint, not the law.
"""

from __future__ import annotations

import codecs
import re

import ftfy
from bs4.dammit import UnicodeDammit

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.I)
# Latin-1 declarations mean windows-1252 in practice (browsers treat them so).
_ALIASES = {"iso-8859-1": "windows-1252", "latin-1": "windows-1252", "latin1": "windows-1252",
            "us-ascii": "windows-1252", "ascii": "windows-1252"}


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset the HTTP header, XML declaration or <meta> names, if it is a known codec."""
    candidates = []
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match:
            candidates.append(match.group(1))
    head = data[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            candidates.append(match.group(1).decode("ascii", "replace"))
    for name in candidates:
        name = _ALIASES.get(name.lower(), name.lower())
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return None


def decode_bytes(data: bytes, content_type: str | None = None) -> str:
    """Text from bytes; never raises, whatever the bytes are."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _repair(data.decode(codec, errors="replace"))
    declared = declared_charset(data, content_type)
    try:
        # Valid UTF-8 with non-ASCII bytes is almost never an accident, whatever the declaration.
        return _repair(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return _repair(data.decode(declared))
        except UnicodeDecodeError:
            pass
    guessed = UnicodeDammit(data, known_definite_encodings=[], is_html=True)
    if guessed.unicode_markup is not None and guessed.original_encoding not in (None, "ascii"):
        return _repair(guessed.unicode_markup)
    return _repair(data.decode(declared or "utf-8", errors="replace"))


def _repair(text: str) -> str:
    """Undo mojibake (UTF-8 read as windows-1252 and the like) without touching markup."""
    # fix_character_width would turn Chinese and Japanese full-width punctuation into ASCII
    return ftfy.fix_text(text, unescape_html=False, fix_line_breaks=False, uncurl_quotes=False,
                         fix_character_width=False)
