"""Orders en offertes: orders, quotes, baskets and order templates (STAFF-2)."""

from __future__ import annotations

from piccolo_admin.endpoints import TableConfig

from portal.admin.config import ORDERS, config
from portal.admin.refusals import refusing
from portal.tables import (
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

# The queue is the sidebar link "Orders: te bevestigen"; each step is a form (portal.admin.order_forms), so
# it reaches the customer's trail and mail.
ORDERS_COME_FROM_THE_PORTAL = "Orders komen uit het portaal: de klant plaatst ze vanuit de winkelwagen."
USE_THE_FORMS = ("Bevestig, verzend, meld geleverd of annuleer een order met de formulieren 'Order bevestigen', "
                 "'Order verzenden', 'Order geleverd' en 'Order annuleren': dan ziet en hoort de klant het.")
TRAIL_IS_KEPT_BY_THE_STEPS = "De statushistorie houdt het portaal zelf bij."


def order_tables() -> list[TableConfig]:
    return [
        config(Order, ORDERS,
               [Order.number, Order.created_at, Order.organisation, Order.kind, Order.status, Order.location,
                Order.total, Order.delivery_date],
               [Order.number, Order.status, Order.kind, Order.organisation, Order.location, Order.account,
                Order.created_at, Order.delivery_date, Order.shipping_date],
               link=Order.number, newest_first=Order.created_at,
               validators=refusing(create=ORDERS_COME_FROM_THE_PORTAL, change=USE_THE_FORMS, delete=USE_THE_FORMS)),
        config(OrderLine, ORDERS, [OrderLine.id, OrderLine.order, OrderLine.article_number, OrderLine.name,
                                   OrderLine.quantity, OrderLine.line_total],
               [OrderLine.order, OrderLine.product, OrderLine.article_number]),
        config(OrderApproval, ORDERS, [OrderApproval.id, OrderApproval.order, OrderApproval.tier_amount,
                                       OrderApproval.authoriser, OrderApproval.decision, OrderApproval.decided_at],
               [OrderApproval.order, OrderApproval.decision, OrderApproval.authoriser]),
        config(OrderEvent, ORDERS, [OrderEvent.id, OrderEvent.order, OrderEvent.status, OrderEvent.at, OrderEvent.by_label],
               [OrderEvent.order, OrderEvent.status, OrderEvent.at], newest_first=OrderEvent.at,
               validators=refusing(create=TRAIL_IS_KEPT_BY_THE_STEPS, change=TRAIL_IS_KEPT_BY_THE_STEPS,
                                   delete=TRAIL_IS_KEPT_BY_THE_STEPS)),
        config(Quote, ORDERS,
               [Quote.number, Quote.created_at, Quote.organisation, Quote.status, Quote.location, Quote.total,
                Quote.valid_until],
               [Quote.number, Quote.status, Quote.organisation, Quote.location, Quote.account, Quote.created_at,
                Quote.valid_until],
               link=Quote.number, newest_first=Quote.created_at),
        config(QuoteLine, ORDERS, [QuoteLine.id, QuoteLine.quote, QuoteLine.article_number, QuoteLine.name,
                                   QuoteLine.quantity, QuoteLine.line_total],
               [QuoteLine.quote, QuoteLine.product, QuoteLine.article_number]),
        config(Basket, ORDERS, [Basket.id, Basket.account, Basket.kind, Basket.updated_at], [Basket.account, Basket.kind],
               newest_first=Basket.updated_at),
        config(BasketLine, ORDERS, [BasketLine.id, BasketLine.basket, BasketLine.product, BasketLine.quantity,
                                    BasketLine.location, BasketLine.added_at],
               [BasketLine.basket, BasketLine.product], newest_first=BasketLine.added_at),
        config(OrderTemplate, ORDERS, [OrderTemplate.name, OrderTemplate.account, OrderTemplate.created_at],
               [OrderTemplate.account, OrderTemplate.name], link=OrderTemplate.name, newest_first=OrderTemplate.created_at),
        config(OrderTemplateLine, ORDERS, [OrderTemplateLine.id, OrderTemplateLine.template, OrderTemplateLine.product,
                                           OrderTemplateLine.quantity],
               [OrderTemplateLine.template, OrderTemplateLine.product]),
    ]
