"""QR codes drawn as inline SVG (the check-in code, the second factor's enrolment)."""

from __future__ import annotations

import functools

import qrcode
import qrcode.image.svg
from markupsafe import Markup


def qr_svg(data: str, title: str) -> Markup:
    """`data` as an inline SVG QR code: drawn on the page itself, nothing loaded from
    elsewhere (the venue network may be closed, and link pages load no third parties)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    labelled = svg.replace(
        "<svg ", f'<svg role="img" aria-label="{Markup.escape(title)}" class="qr" ', 1
    )
    # Safe: qrcode generated the markup, and the only text put in is escaped above.
    return Markup(labelled)


@functools.lru_cache(maxsize=512)
def remembered_qr_svg(data: str, title: str) -> Markup:
    """`qr_svg`, remembered per process: drawing the check-in code costs more than the rest of
    the booking page, and a person's check-in link stays the same between their visits. Not
    for secrets (the second factor's enrolment code must not stay in memory)."""
    return qr_svg(data, title)
