"""The benchmark data set (`python -m portal seed-bench`)."""

from piccolo.engine.postgres import PostgresEngine

from portal.domain.numbering import next_number
from portal.seed.bench import organisation_sizes, seed_bench
from portal.seed.demo import CATALOGUE, DEMO_PASSWORD
from portal.tables import Account, Asset, Category, Organisation, ServiceRequest
from tests.helpers import login


async def index_names(table: str) -> set[str]:
    engine = Asset._meta.db
    if isinstance(engine, PostgresEngine):
        rows = await Asset.raw("SELECT indexname AS name FROM pg_indexes WHERE tablename = {}", table)
    else:
        rows = await Asset.raw("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = {}", table)
    return {row["name"] for row in rows}


async def count_of(sql: str) -> int:
    return (await Asset.raw(sql))[0]["n"]


def test_organisation_sizes_start_with_the_largest_and_add_up():
    sizes = organisation_sizes(1_000_000, 100_000)
    assert sizes[0] == max(sizes) == 100_000
    assert sum(sizes) == 1_000_000
    assert organisation_sizes(500, 100_000) == [500]


async def test_bench_builds_the_numbers_asked_for_with_complete_and_consistent_rows(client):
    indexes = (await index_names("asset"), await index_names("service_request"))

    result = await seed_bench(total_aids=2000, per_organisation=1200, history_per_aid=3)

    assert await Asset.count() == 2000
    assert await ServiceRequest.count() == 6000 == result["service_requests"]
    per_org = sorted((row["n"] for row in await Asset.raw(
        "SELECT count(*) AS n FROM asset GROUP BY organisation")), reverse=True)
    assert per_org[0] == 1200 and sum(per_org) == 2000 and len(per_org) == await Organisation.count()
    assert await Category.count() == len(CATALOGUE)
    # The load runs without per-row foreign key checks: every reference must still be right.
    assert await count_of(
        "SELECT count(*) AS n FROM asset a JOIN location l ON l.id = a.location "
        "JOIN product_type t ON t.id = a.product_type JOIN subcategory s ON s.id = t.subcategory "
        "JOIN product p ON p.id = a.product "
        "WHERE l.organisation = a.organisation AND s.id = a.subcategory AND s.category = a.category "
        "AND p.product_type = a.product_type"
    ) == 2000
    assert await count_of(
        "SELECT count(*) AS n FROM asset a LEFT JOIN department d ON d.id = a.department "
        "WHERE a.department IS NOT NULL AND (d.id IS NULL OR d.location <> a.location)"
    ) == 0
    assert await count_of(
        "SELECT count(*) AS n FROM asset a WHERE (a.ownership = 'rented') <> (a.rental_start IS NOT NULL) "
        "OR (a.ownership = 'rented' AND a.rental_reference IS NULL) OR (a.status = 'depot' AND a.depot IS NULL)"
    ) == 0
    assert await count_of(
        "SELECT count(*) AS n FROM service_request r JOIN asset a ON a.id = r.asset "
        "WHERE a.organisation = r.organisation AND a.location = r.location AND r.created_at >= a.created_at"
    ) == 6000
    # The fast load bypasses the triggers that copy the aid onto its requests: it writes the copy itself.
    assert await count_of(
        "SELECT count(*) AS n FROM service_request r JOIN asset a ON a.id = r.asset "
        "WHERE r.aid_category = a.category AND r.aid_subcategory = a.subcategory AND r.aid_type = a.product_type "
        "AND r.aid_ownership = a.ownership"
    ) == 6000
    assert await count_of(
        "SELECT count(*) AS n FROM service_request r LEFT JOIN account p ON p.id = r.requester "
        "WHERE r.requester IS NOT NULL AND (p.id IS NULL OR p.organisation <> r.organisation)"
    ) == 0
    assert (await index_names("asset"), await index_names("service_request")) == indexes

    number = await next_number("service")
    assert not await ServiceRequest.exists().where(ServiceRequest.number == number)
    email = result["logins"][0][1]
    largest = await Account.select(Account.organisation).where(Account.email == email).first()
    assert await Asset.count().where(Asset.organisation == largest["organisation"]) == 1200
    await login(client, email, DEMO_PASSWORD)


async def test_a_second_bench_run_adds_to_the_first_and_reuses_the_catalogue():
    await seed_bench(total_aids=300, per_organisation=300, history_per_aid=1)
    await seed_bench(total_aids=200, per_organisation=200, history_per_aid=2.5)

    assert await Asset.count() == 500
    assert await ServiceRequest.count() == 800
    assert await Organisation.count() == 2
    assert await Category.count() == len(CATALOGUE)
