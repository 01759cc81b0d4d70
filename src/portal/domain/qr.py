"""QR codes on aids (AST-5): a phone camera opens the aid's object page with them. The label sheet draws
the same code in its worker process (exports.work), from the same link."""

from __future__ import annotations

import io

import segno

from portal import links
from portal.i18n import _


def object_link(object_number: str) -> str:
    """The full link of the aid's object page, from its route name."""
    return links.absolute("assets:show", object_number=object_number)


def qr_svg(object_number: str) -> bytes:
    """A standalone SVG (with its namespace, so it works as an <img>), four pixels per module."""
    out = io.BytesIO()
    segno.make(object_link(object_number), error="m").save(
        out, kind="svg", scale=4, xmldecl=False, svgclass=None, lineclass=None,
        title=_("QR-code van %(n)s") % {"n": object_number},
    )
    return out.getvalue()

