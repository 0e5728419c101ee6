"""Character classes that several parts of salesblog must agree on."""

from __future__ import annotations

import re

# C0 and C1 controls (tab and newline kept where the caller allows them): they garble terminals
# and break XML, and no title, name or tag needs them.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters XML 1.0 cannot carry at all: one of them would make a whole feed unreadable.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
HTML_TAG = re.compile(r"<[^>]+>")
