"""The demo data set (`python -m portal seed-demo`) and its logins."""

from portal.domain.numbering import next_number
from portal.i18n import local_today
from portal.domain.passwords import password_problem
from portal.seed.demo import CATALOGUE, DEMO_LOGINS, DEMO_PASSWORD, print_logins, seed_demo
from portal.tables import (
    Account,
    AccountLocation,
    Asset,
    Category,
    ContractPrice,
    CoreAssortment,
    Depot,
    FaqItem,
    InstructionVideo,
    Invoice,
    InvoiceLine,
    Location,
    Order,
    OrderApproval,
    OrderLine,
    Organisation,
    Product,
    ProductType,
    Quote,
    QuoteLine,
    RelatedProduct,
    ServiceRequest,
    ServiceRequestEvent,
)
from tests import factories
from tests.helpers import login


async def distinct(column) -> set:
    return {row[column._meta.name] for row in await column._meta.table.select(column).distinct()}


async def test_demo_has_everything_promised_and_every_demo_login_signs_in(make_client):
    assert await seed_demo(if_empty=True) is True

    assert await Organisation.count() >= 2
    assert await Category.count() == len(CATALOGUE) >= 8
    assert await Product.count() >= 300
    assert await Product.count().where(Product.rentable == True) >= 50  # noqa: E712
    assert await RelatedProduct.count() > 0 and await ContractPrice.count() > 0 and await CoreAssortment.count() > 0
    # VAT 9 % for aids for the disabled (wheelchairs, hoists, ADL…), 21 % for the rest; a picture per category.
    rates = {(row["category.slug"], str(row["vat_rate"])) for row in
             await Product.select(Product.category.slug, Product.vat_rate)}
    assert {slug for slug, rate in rates if float(rate) == 9} == {
        "rolstoelen", "tilliften-tilbanden", "douche-toiletstoelen", "transferhulpmiddelen", "adl-hulpmiddelen"}
    assert {slug for slug, rate in rates if float(rate) == 21} == {
        "bedden", "matrassen-anti-decubitus", "fysio-oefenapparatuur"}
    # The demo's orders were placed at those rates: each line carries its product's.
    lines = await OrderLine.select(OrderLine.vat_rate, OrderLine.product.vat_rate).where(OrderLine.product.is_not_null())
    assert lines and all(float(row["vat_rate"]) == float(row["product.vat_rate"]) for row in lines)
    assert {float(row["vat_rate"]) for row in lines} == {9.0, 21.0}
    from portal.domain.shop.catalogue import IMAGE_DIR
    for row in await Product.select(Product.images, Product.category.slug).limit(20):
        images = row["images"] if isinstance(row["images"], list) else __import__("json").loads(row["images"])
        assert images == [f"{row['category.slug']}.svg"] and (IMAGE_DIR / images[0]).exists()
    assert await Depot.count().where(Depot.organisation.is_null()) >= 1  # HartingBank's own
    assert await Asset.count() >= 5000
    assert await distinct(Asset.status) == {"depot", "in_use", "transport", "cleaning"}
    assert await distinct(Asset.ownership) == {"owned", "rented"}
    assert await Asset.count().where((Asset.ownership == "rented") & Asset.rental_start.is_null()) == 0
    assert await ServiceRequest.count() >= 10000
    assert await distinct(ServiceRequest.kind) == {
        "repair", "relocation", "to_depot", "from_depot", "rental_pickup", "cleaning", "inspection", "maintenance"
    }
    assert {"awaiting_authorisation", "submitted", "planned", "done", "cancelled"} <= await distinct(ServiceRequest.status)
    assert await ServiceRequestEvent.count() > await ServiceRequest.count()
    assert await distinct(Order.kind) == {"purchase", "rental"}
    assert await Order.count().where(Order.status == "awaiting_authorisation") >= 5
    assert await OrderApproval.count().where(OrderApproval.decision == "pending") >= 5
    assert await OrderLine.count() > await Order.count() >= 150
    assert await QuoteLine.count() > await Quote.count() >= 40
    assert await distinct(Invoice.kind) == {"invoice", "credit_note"}
    assert await InvoiceLine.count() >= await Invoice.count() > 0
    credit_notes = await Invoice.select(Invoice.organisation, Invoice.credited_invoice.organisation.as_alias("of"),
                                        Invoice.credited_invoice.kind.as_alias("credits")).where(Invoice.kind == "credit_note")
    assert credit_notes and all((c["of"], c["credits"]) == (c["organisation"], "invoice") for c in credit_notes)
    assert await FaqItem.count() >= 8 and await InstructionVideo.count() >= 5
    # Inspection intervals: patient hoists and slings yearly, beds every two years; every aid of such a
    # type has its next inspection, and some are overdue or due soon (the Keuring filter and monthly mail).
    intervals = {(row["category"], row["interval"]) for row in await ProductType.select(
        ProductType.subcategory.category.slug.as_alias("category"),
        ProductType.inspection_interval_months.as_alias("interval"))}
    assert {("bedden", 24), ("tilliften-tilbanden", 12)} <= intervals
    with_interval = Asset.product_type.is_in(ProductType.select(ProductType.id).where(
        ProductType.inspection_interval_months.is_not_null()))
    assert await Asset.count().where(with_interval & Asset.next_inspection.is_null()) == 0
    assert await Asset.count().where(Asset.next_inspection < local_today()) > 0

    linde = await Organisation.objects().where(Organisation.name == "Zorggroep De Linde").first()
    roles = await distinct(Account.role)
    assert {"admin", "1", "2", "3", "4", "5", "6", "7"} <= roles
    all_locations = await Location.count().where(Location.organisation == linde.id)
    for account in await Account.objects().where((Account.organisation == linde.id) & (Account.role != "admin")):
        # Roles see only their locations, so the demo shows scope at work.
        assert 0 < await AccountLocation.count().where(AccountLocation.account == account.id) < all_locations

    assert len(DEMO_LOGINS) == 9
    for label, email in DEMO_LOGINS:
        client = make_client()
        await login(client, email, DEMO_PASSWORD)
        page = await client.get("/mijn-account")
        assert page.status_code == 200, label

    # The portal's own numbering continues after the demo's numbers.
    number = await next_number("order")
    assert not await Order.exists().where(Order.number == number)
    assert number > (await Order.select(Order.number).order_by(Order.number, ascending=False).first())["number"]

    counts = (await Asset.count(), await Order.count(), await Account.count())
    assert await seed_demo(if_empty=True) is False
    assert await seed_demo(if_empty=False) is False  # the demo organisations are there already
    assert (await Asset.count(), await Order.count(), await Account.count()) == counts


async def test_seed_demo_if_empty_leaves_a_database_with_customers_alone():
    await factories.organisation()

    assert await seed_demo(if_empty=True) is False

    assert await Product.count() == 0 and await Asset.count() == 0


def test_the_logins_table_lists_every_login_with_the_password(capsys):
    assert password_problem(DEMO_PASSWORD) is None  # a password the portal itself would accept

    print_logins("https://portal.example")

    out = capsys.readouterr().out
    assert "https://portal.example/inloggen" in out
    for label, email in DEMO_LOGINS:
        assert email in out
    assert out.count(DEMO_PASSWORD) >= len(DEMO_LOGINS)
