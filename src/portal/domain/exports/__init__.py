"""Downloads of the portal's lists (AST-4, AST-5 for Mijn hulpmiddelen): Excel, a PDF of the list and
label sheets with QR codes, for any list that declares a source (see source).

source   what a list declares to get downloads: rows, count, columns, title
limits   the caps (per account, per process, per download) and the messages that say so
pool     the worker processes that do all CPU work; the event loop only fetches rows
work     that CPU work: openpyxl, Jinja, QR codes, xhtml2pdf, joining parts (merge: streamed)
build    the plan of a download (now, in the background, or too large) and downloads made now
jobs     background downloads: a database queue with honest positions, heartbeats and one job per account
"""

from portal.domain.exports.build import (
    EXPORT_KIND_LABELS,
    MEDIA_TYPES,
    Plan,
    build_now,
    download_name,
    plan,
)
from portal.domain.exports.jobs import (
    STALE_AFTER,
    JobView,
    account_jobs,
    dispatch,
    find_job,
    job_file,
    reap_stale,
    start_job,
    wait_for_jobs,
)
from portal.domain.exports.limits import ExportRefused
from portal.domain.exports.source import ExportSource, Labels, register
from portal.domain.exports.work import neutralise

__all__ = [
    "EXPORT_KIND_LABELS", "MEDIA_TYPES", "STALE_AFTER", "ExportRefused", "ExportSource", "JobView", "Labels",
    "Plan", "account_jobs", "build_now", "dispatch", "download_name", "find_job", "job_file", "neutralise",
    "plan", "reap_stale", "register", "start_job", "wait_for_jobs",
]
