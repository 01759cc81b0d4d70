"""Mijn facturen (INV-1): invoices and credit notes of orders, rentals and services.

labels     kinds and statuses in words (overdue = open past its due date)
access     which invoices an account sees (its organisation, the invoice's location in its Scope)
listing    the list with its filters, sort, totals of the selection and pager; the downloads' rows
downloads  the Excel and PDF of the list (the export machinery)
document   one invoice as a printable PDF (xhtml2pdf in the export pool)
issuing    HartingBank staff issue invoices and credit notes (numbers per kind and year; never changed)
spending   spending per month (the chart on Mijn facturen and the dashboard)
"""
