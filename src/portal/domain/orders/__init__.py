"""Orders (SHOP-5…8, STAFF-2): from the basket to HartingBank and back to the customer.

labels         statuses and kinds, in the manual's words
trail          the status trail of an order
messages       telling people about an order: notification and e-mail
access         who may see which order (Scope, own orders, authorisers, role 6) — NotFound otherwise
checkout       the two steps of "Bestellen" and placing the order, once
authorisation  budget approval through portal.domain.approval, "Te autoriseren"
listing        "Mijn orders": filters, columns, pages and every row for a download
details        one order as the customer sees it, and "Opnieuw bestellen"
execution      HartingBank's steps in /admin: confirm, ship, deliver, cancel
delivery       a delivered rental order's items become rented aids in the fleet
"""
