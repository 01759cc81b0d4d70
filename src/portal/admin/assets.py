"""Hulpmiddelen en services: aids, rental references, service requests and their history (STAFF-1, STAFF-2)."""

from __future__ import annotations

from typing import Any

from piccolo.columns import Column
from piccolo_admin.endpoints import TableConfig
from piccolo_api.crud.hooks import Hook, HookType
from starlette.requests import Request

from portal.admin.config import HULPMIDDELEN, config
from portal.admin.refusals import refusing
from portal.domain.assets import inspections
from portal.tables import Asset, RentalReference, ServiceRequest, ServiceRequestEvent

# Work on requests goes through the forms (Plannen, Uitgevoerd, Annuleren): they check the status, keep
# the status trail, change the aid and tell the requester. Editing the row would do none of that.
USE_THE_FORMS = ("Plan, meld uitgevoerd of annuleer een aanvraag met de formulieren 'Plannen', 'Uitgevoerd' en "
                 "'Annuleren'; die houden de statushistorie bij, werken het hulpmiddel bij en informeren de aanvrager.")
REQUESTS_COME_FROM_THE_PORTAL = ("Aanvragen komen uit het portaal; registreer een reiniging, keuring of onderhoud "
                                 "met het formulier 'Onderhoud registreren'.")
TRAIL_IS_KEPT_BY_THE_STEPS = "De statushistorie houdt het portaal zelf bij."


async def _asset_created(row: Asset, request: Request) -> Asset:
    """A new aid gets its next inspection date from its type."""
    row.next_inspection = await inspections.due_for(row.product_type, row.ownership, row.rental_start, row.created_at)
    return row


async def _asset_changed(row_id: Any, values: dict[Column, Any], request: Request) -> dict[Column, Any]:
    """The next inspection date follows the aid's type and start; staff do not type it."""
    names = {column._meta.name: value for column, value in values.items()}
    values = {column: value for column, value in values.items() if column._meta.name != "next_inspection"}
    if {"product_type", "ownership", "rental_start"} & names.keys():
        before = await Asset.select(Asset.product_type, Asset.ownership, Asset.rental_start, Asset.created_at).where(
            Asset.id == row_id).first() or {}
        merged = {**before, **names}
        values[Asset.next_inspection] = await inspections.due_for(
            merged.get("product_type"), merged.get("ownership", "owned"), merged.get("rental_start"),
            merged.get("created_at"), asset_id=row_id)
    return values


def asset_tables() -> list[TableConfig]:
    return [
        config(Asset, HULPMIDDELEN,
               [Asset.object_number, Asset.organisation, Asset.product_type, Asset.location, Asset.department,
                Asset.status, Asset.ownership, Asset.rental_start, Asset.next_inspection],
               [Asset.object_number, Asset.organisation, Asset.category, Asset.subcategory, Asset.product_type,
                Asset.location, Asset.status, Asset.ownership, Asset.rental_start, Asset.next_inspection,
                Asset.serial_number],
               link=Asset.object_number, order=[Asset.object_number],
               extra_hooks=[Hook(HookType.pre_save, _asset_created), Hook(HookType.pre_patch, _asset_changed)]),
        config(RentalReference, HULPMIDDELEN,
               [RentalReference.reference, RentalReference.organisation, RentalReference.location, RentalReference.start_date],
               [RentalReference.organisation, RentalReference.location, RentalReference.reference, RentalReference.start_date],
               link=RentalReference.reference, newest_first=RentalReference.created_at),
        # The staff queue (STAFF-2): the sidebar links "Service: te plannen" and "Service: ingepland" open it
        # filtered by status and ordered by the requested or planned date; the migration's indexes on
        # (status, created_at | requested_date | planned_date) serve those lists and their counts.
        config(ServiceRequest, HULPMIDDELEN,
               [ServiceRequest.number, ServiceRequest.status, ServiceRequest.kind, ServiceRequest.requested_date,
                ServiceRequest.planned_date, ServiceRequest.executed_date, ServiceRequest.organisation,
                ServiceRequest.location, ServiceRequest.asset, ServiceRequest.performed_by, ServiceRequest.created_at],
               [ServiceRequest.status, ServiceRequest.kind, ServiceRequest.number, ServiceRequest.organisation,
                ServiceRequest.location, ServiceRequest.asset, ServiceRequest.performed_by, ServiceRequest.requested_date,
                ServiceRequest.planned_date, ServiceRequest.executed_date, ServiceRequest.created_at],
               link=ServiceRequest.number, newest_first=ServiceRequest.created_at,
               validators=refusing(create=REQUESTS_COME_FROM_THE_PORTAL, change=USE_THE_FORMS, delete=USE_THE_FORMS)),
        config(ServiceRequestEvent, HULPMIDDELEN,
               [ServiceRequestEvent.id, ServiceRequestEvent.service_request, ServiceRequestEvent.status,
                ServiceRequestEvent.at, ServiceRequestEvent.by_label, ServiceRequestEvent.note],
               [ServiceRequestEvent.service_request, ServiceRequestEvent.status, ServiceRequestEvent.at],
               newest_first=ServiceRequestEvent.at,
               validators=refusing(create=TRAIL_IS_KEPT_BY_THE_STEPS, change=TRAIL_IS_KEPT_BY_THE_STEPS,
                                   delete=TRAIL_IS_KEPT_BY_THE_STEPS)),
    ]
