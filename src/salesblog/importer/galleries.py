"""WordPress's [gallery] shortcode: each of its images kept, as the attachments it names (`ids`)
or, without ids, the post's own attached images. A gallery that cannot be read is reported:
its images are not silently lost."""

from __future__ import annotations

import re
from html import escape

_GALLERY = re.compile(r"\[gallery\b([^\]]*)\]", re.I)
_IDS = re.compile(r"""\bids\s*=\s*["']?([\d,\s]+)""", re.I)


def expand_galleries(text: str, attachments: dict[str, str],
                     attached: list[str] | None = None) -> tuple[str, list[str]]:
    """`text` with each [gallery] as a figure of its images, and warnings for what was not found."""
    warnings: list[str] = []

    def figure(match: re.Match) -> str:
        ids_match = _IDS.search(match.group(1))
        if ids_match:
            ids = [i.strip() for i in ids_match.group(1).split(",") if i.strip()]
            urls = [attachments[i] for i in ids if attachments.get(i)]
            missing = [i for i in ids if not attachments.get(i)]
            if missing:
                warnings.append(f"a [gallery] shortcode names attachments {', '.join(missing)}, "
                                "which are not in the export: those images are missing")
        else:
            urls = list(attached or [])
            if not urls:
                warnings.append("a [gallery] shortcode could not be read (no ids, and no images attached "
                                "to the post in the export): its images are missing")
        if not urls:
            return ""
        images = "".join(f'<p><img src="{escape(u, quote=True)}" alt=""></p>' for u in urls)
        return f'<div class="gallery">{images}</div>'

    return _GALLERY.sub(figure, text), warnings
