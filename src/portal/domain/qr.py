"""QR codes on aids (AST-5): a phone camera opens the aid's object page with them."""

from __future__ import annotations

import io

import segno

from portal.i18n import _


def object_url(base_url: str, object_number: str) -> str:
    return f"{base_url}/hulpmiddelen/{object_number}"


def qr_svg(base_url: str, object_number: str) -> bytes:
    """A standalone SVG (with its namespace, so it works as an <img>), four pixels per module."""
    out = io.BytesIO()
    segno.make(object_url(base_url, object_number), error="m").save(
        out, kind="svg", scale=4, xmldecl=False, svgclass=None, lineclass=None,
        title=_("QR-code van %(n)s") % {"n": object_number},
    )
    return out.getvalue()


def qr_png_data_uri(base_url: str, object_number: str) -> str:
    """The same code as a PNG data URI, for the label sheet (xhtml2pdf draws PNG, not SVG)."""
    return segno.make(object_url(base_url, object_number), error="m").png_data_uri(scale=4, border=1)
