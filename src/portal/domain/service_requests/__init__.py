"""Service requests on aids (SRV-1…3, PLN-1…2).

labels      the kinds and statuses, in the manual's words
trail       the status trail of a request
"""

from portal.domain.service_requests.labels import (
    REQUESTABLE_KINDS,
    SERVICE_KIND_LABELS,
    SERVICE_STATUS_LABELS,
    STAFF_KINDS,
)
from portal.domain.service_requests.trail import record_step

__all__ = ["REQUESTABLE_KINDS", "SERVICE_KIND_LABELS", "SERVICE_STATUS_LABELS", "STAFF_KINDS", "record_step"]
