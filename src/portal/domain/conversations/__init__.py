"""Conversations with HartingBank (CON-1, STAFF-2): the live chat at the bottom right of every page, and
the thread of one record (an order, a service request, a quote) shared by the customer's people who may
see that record and HartingBank's staff. One table pair holds both (tables.messages)."""
