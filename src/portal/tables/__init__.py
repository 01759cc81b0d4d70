"""Piccolo tables, one module per domain. TABLES lists them in dependency order."""

from portal.tables.accounts import (
    Account,
    AccountDepartment,
    AccountLocation,
    AccountToken,
    BudgetTier,
    ServiceAuthoriser,
)
from portal.tables.assets import Asset
from portal.tables.audit import AuditEvent, NumberSequence
from portal.tables.catalogue import (
    Category,
    ContractPrice,
    CoreAssortment,
    Product,
    ProductType,
    RelatedProduct,
    Subcategory,
)
from portal.tables.exports import ExportJob
from portal.tables.invoices import Invoice, InvoiceLine
from portal.tables.messages import (
    ChatMessage,
    ChatThread,
    ContactRequest,
    FaqItem,
    InspectionReminder,
    InstructionVideo,
    MailOutbox,
    Notification,
)
from portal.tables.orders import (
    Basket,
    BasketLine,
    Order,
    OrderApproval,
    OrderEvent,
    OrderLine,
    OrderTemplate,
    OrderTemplateLine,
    Quote,
    QuoteLine,
)
from portal.tables.organisations import Department, Depot, Location, Organisation
from portal.tables.rentals import RentalReference
from portal.tables.requests import LocationRequest
from portal.tables.services import ServiceRequest, ServiceRequestEvent

TABLES = [
    Organisation,
    Location,
    Department,
    Depot,
    Account,
    AccountLocation,
    AccountDepartment,
    ServiceAuthoriser,
    BudgetTier,
    AccountToken,
    LocationRequest,
    Category,
    Subcategory,
    ProductType,
    Product,
    RelatedProduct,
    ContractPrice,
    CoreAssortment,
    RentalReference,
    Asset,
    ServiceRequest,
    ServiceRequestEvent,
    Basket,
    BasketLine,
    Order,
    OrderLine,
    OrderApproval,
    OrderEvent,
    OrderTemplate,
    OrderTemplateLine,
    Quote,
    QuoteLine,
    Invoice,
    InvoiceLine,
    Notification,
    ChatThread,
    ChatMessage,
    ContactRequest,
    FaqItem,
    InstructionVideo,
    MailOutbox,
    InspectionReminder,
    AuditEvent,
    NumberSequence,
    ExportJob,
]

__all__ = [table.__name__ for table in TABLES] + ["TABLES"]
