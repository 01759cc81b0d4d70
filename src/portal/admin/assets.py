"""Hulpmiddelen en services: aids, rental references, service requests and their history (STAFF-1, STAFF-2)."""

from __future__ import annotations

from piccolo_admin.endpoints import TableConfig

from portal.admin.config import HULPMIDDELEN, config
from portal.tables import Asset, RentalReference, ServiceRequest, ServiceRequestEvent


def asset_tables() -> list[TableConfig]:
    return [
        config(Asset, HULPMIDDELEN,
               [Asset.object_number, Asset.organisation, Asset.product_type, Asset.location, Asset.department,
                Asset.status, Asset.ownership, Asset.rental_start],
               [Asset.object_number, Asset.organisation, Asset.category, Asset.subcategory, Asset.product_type,
                Asset.location, Asset.status, Asset.ownership, Asset.rental_start, Asset.serial_number],
               link=Asset.object_number, order=[Asset.object_number]),
        config(RentalReference, HULPMIDDELEN,
               [RentalReference.reference, RentalReference.organisation, RentalReference.location, RentalReference.start_date],
               [RentalReference.organisation, RentalReference.location, RentalReference.reference, RentalReference.start_date],
               link=RentalReference.reference, newest_first=RentalReference.created_at),
        config(ServiceRequest, HULPMIDDELEN,
               [ServiceRequest.number, ServiceRequest.created_at, ServiceRequest.organisation, ServiceRequest.asset,
                ServiceRequest.kind, ServiceRequest.status, ServiceRequest.requested_date, ServiceRequest.planned_date,
                ServiceRequest.executed_date],
               [ServiceRequest.number, ServiceRequest.status, ServiceRequest.kind, ServiceRequest.organisation,
                ServiceRequest.location, ServiceRequest.asset, ServiceRequest.performed_by, ServiceRequest.created_at,
                ServiceRequest.planned_date, ServiceRequest.executed_date],
               link=ServiceRequest.number, newest_first=ServiceRequest.created_at),
        config(ServiceRequestEvent, HULPMIDDELEN,
               [ServiceRequestEvent.id, ServiceRequestEvent.service_request, ServiceRequestEvent.status,
                ServiceRequestEvent.at, ServiceRequestEvent.by_label],
               [ServiceRequestEvent.service_request, ServiceRequestEvent.status, ServiceRequestEvent.at],
               newest_first=ServiceRequestEvent.at),
    ]
