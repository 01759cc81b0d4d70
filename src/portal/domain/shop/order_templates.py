"""Order templates (SHOP-7): "Opslaan als template" keeps the basket's products and quantities under a
name; "Mijn ordertemplates" lists, renames and deletes them and shows their lines; ticking one or more
adds their products to the basket (quantities added up; a product no longer sold is reported back by
`basket.add`, never dropped silently). A template is its owner's: any other id is NotFound."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from portal.db import engine, one_connection
from portal.domain.errors import NotFound
from portal.domain.parsing import clean_line, parse_id
from portal.domain.shop import basket
from portal.i18n import _
from portal.tables import Account, OrderTemplate, OrderTemplateLine

NAME_MAX = 150


def check_name(raw: object) -> tuple[str, str | None]:
    """The name as typed (cleaned) and the Dutch message when it cannot be used."""
    name = clean_line(raw, NAME_MAX + 200)
    if not name:
        return name, _("Geef de template een naam, bijvoorbeeld 'Weekbestelling afdeling Noord'.")
    if len(name) > NAME_MAX:
        return name, _("De naam mag ten hoogste %(n)s tekens bevatten (nu %(length)s).") % {"n": NAME_MAX, "length": len(name)}
    return name, None


async def save_from_basket(account: Account, raw_name: object) -> tuple[OrderTemplate | None, dict[str, str]]:
    """A new template of the basket's products (still sold) and quantities, or the errors per field."""
    name, error = check_name(raw_name)
    if error:
        return None, {"name": error}
    contents = await basket.contents(account)
    if not contents.orderable:
        return None, {"name": _("Uw winkelwagen is leeg: er is niets om als template op te slaan.")}
    async with engine().transaction():
        template = OrderTemplate(account=account.id, name=name, created_at=datetime.now(timezone.utc))
        await template.save()
        await OrderTemplateLine.insert(*(OrderTemplateLine(template=template.id, product=line.product_id,
                                                           quantity=line.quantity) for line in contents.orderable))
    return template, {}


@dataclass(frozen=True)
class TemplateView:
    id: int
    name: str
    created_at: datetime
    lines: list[dict]  # article_number, name, quantity, sold


async def templates_of(account: Account) -> list[TemplateView]:
    """The account's templates by name, each with its lines."""
    async with one_connection():
        rows = await OrderTemplate.select().where(OrderTemplate.account == account.id).order_by(OrderTemplate.name)
        lines = await OrderTemplateLine.select(
            OrderTemplateLine.template, OrderTemplateLine.quantity, OrderTemplateLine.product.article_number,
            OrderTemplateLine.product.name, OrderTemplateLine.product.active, OrderTemplateLine.product.purchasable,
        ).where(OrderTemplateLine.template.is_in([row["id"] for row in rows] or [-1])).order_by(OrderTemplateLine.id)
    by_template: dict[int, list[dict]] = {}
    for line in lines:
        by_template.setdefault(line["template"], []).append({
            "article_number": line["product.article_number"], "name": line["product.name"],
            "quantity": line["quantity"], "sold": bool(line["product.active"] and line["product.purchasable"])})
    return [TemplateView(row["id"], row["name"], row["created_at"], by_template.get(row["id"], [])) for row in rows]


async def get_template_for(account: Account, template_id: object) -> OrderTemplate:
    wanted = parse_id(template_id)  # type: ignore[arg-type]
    found = await OrderTemplate.objects().where(
        (OrderTemplate.id == wanted) & (OrderTemplate.account == account.id)).first() if wanted else None
    if found is None:
        raise NotFound(template_id)
    return found


async def rename(account: Account, template_id: object, raw_name: object) -> tuple[OrderTemplate, dict[str, str]]:
    template = await get_template_for(account, template_id)
    name, error = check_name(raw_name)
    if error:
        return template, {"name": error}
    await OrderTemplate.update({OrderTemplate.name: name}).where(OrderTemplate.id == template.id)
    template.name = name
    return template, {}


async def delete(account: Account, template_id: object) -> OrderTemplate:
    template = await get_template_for(account, template_id)
    await OrderTemplate.delete().where(OrderTemplate.id == template.id)
    return template


@dataclass(frozen=True)
class Loaded:
    templates: list[str]  # the names of the templates loaded
    added: basket.Added
    refused_names: list[str]  # the products not added, by name, with why


async def load(account: Account, template_ids: Iterable[object]) -> tuple[Loaded | None, dict[str, str]]:
    """Add the ticked templates' products to the basket; a foreign id is NotFound."""
    ids = list(dict.fromkeys(template_ids))
    if not ids:
        return None, {"templates": _("Vink ten minste één template aan.")}
    templates = [await get_template_for(account, raw) for raw in ids[:100]]
    lines = await OrderTemplateLine.select(OrderTemplateLine.product, OrderTemplateLine.quantity).where(
        OrderTemplateLine.template.is_in([t.id for t in templates]))
    added = await basket.add(account, ((line["product"], line["quantity"]) for line in lines))
    return Loaded([t.name for t in templates], added, await basket.refused_names(added)), {}
