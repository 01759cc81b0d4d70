"""The columns of Mijn hulpmiddelen, declared once: the table, its sort links, "Sorteren" and the
Excel/PDF downloads all read this."""

from __future__ import annotations

from portal.i18n import _
from portal.listing import DESKTOP, WIDE, Column, Listing, Sort

# What a nurse looks for first (object number, type, where it is, its status) is always shown; the
# rest where the screen has room, and always on the object page and in the downloads.
FLEET_LISTING = Listing(
    id="fleet-results",
    caption=_("Hulpmiddelen"),
    columns=(
        Column("object_number", _("Objectnummer"), sort="objectnummer", link="assets:show", width=16),
        Column("category_name", _("Categorie"), sort="categorie", priority=DESKTOP, width=24),
        Column("subcategory_name", _("Subcategorie"), sort="subcategorie", priority=WIDE, width=30),
        Column("type_name", _("Type"), sort="type", width=26),
        Column("location_name", _("Locatie"), sort="locatie", width=30),
        Column("department_name", _("Afdeling"), sort="afdeling", width=22),
        Column("status_label", _("Status"), badge="status", badge_key="status", width=14, nowrap=True),
        Column("ownership_label", _("Eigendom of huur"), priority=DESKTOP, width=16),
        Column("rental_start_label", _("Startdatum huur"), sort="datum", priority=WIDE, export="rental_start",
               width=15, nowrap=True),
        # From 1536 px only: at 1280 px the list fits without it; always in the downloads.
        Column("next_inspection_label", _("Volgende keuring"), priority=WIDE, export="next_inspection",
               width=15, nowrap=True),
    ),
    default_sort=Sort("objectnummer"),
    sorts={
        "objectnummer": _("Objectnummer"), "categorie": _("Categorie"), "subcategorie": _("Subcategorie"),
        "type": _("Type"), "locatie": _("Locatie"), "afdeling": _("Afdeling"),
        "datum": _("Datum (startdatum huur)"),
    },
)
