"""Service requests on aids (SRV-1…3, PLN-1…2).

labels      the kinds and statuses, in the manual's words
trail       the status trail of a request
details     one request as the customer sees it
messages    telling people about a request: notification and e-mail
forms       the five request forms: their fields, choices and rules
submission  sending a request: numbered, in the history at once, to HartingBank or the authoriser
authorisation  approving or rejecting, through portal.domain.approval
filters     the filters of Planning and Mijn acties, checked against the Scope
listing     Planning and Mijn acties: their columns, keyset pages and every row for a download
"""

from portal.domain.service_requests.details import RequestDetails, get_request_for, may_decide, request_details

from portal.domain.service_requests.labels import (
    REQUESTABLE_KINDS,
    SERVICE_KIND_LABELS,
    SERVICE_STATUS_LABELS,
    STAFF_KINDS,
)
from portal.domain.service_requests.trail import record_step

__all__ = [
    "REQUESTABLE_KINDS", "SERVICE_KIND_LABELS", "SERVICE_STATUS_LABELS", "STAFF_KINDS", "RequestDetails",
    "get_request_for", "may_decide", "record_step", "request_details",
]
