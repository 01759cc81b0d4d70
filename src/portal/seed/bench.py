"""A large data set for benchmarks (`python -m portal seed-bench --aids 1000000 --per-org 100000`).

Adds organisations of decreasing size (the largest with `per_organisation` aids) until `total_aids` aids
exist, each aid with a full row (category, subcategory, type, product, location, department, status,
ownership, rental start and reference) and on average `history_per_aid` service requests, spread between
the aid's arrival and today and numbered in order of creation. Every organisation gets an administrator and one account per role
that sign in with the demo password, so the pages can be measured as a real user sees them.

The catalogue is the demo's (created when missing). Service requests get no event trail here: the trail
matters for a request's detail page, not for the lists being measured.
"""

from __future__ import annotations

import random
import time
from array import array
from bisect import bisect
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from itertools import accumulate

from portal.domain.passwords import hash_password_sync
from portal.seed import BulkWriter
from portal.seed.demo import DEMO_PASSWORD, ensure_catalogue
from portal.tables import (
    Account,
    AccountLocation,
    Asset,
    Department,
    Depot,
    Location,
    Organisation,
    RentalReference,
    ServiceRequest,
)

CITIES = (
    "Amersfoort", "Apeldoorn", "Arnhem", "Assen", "Breda", "Delft", "Deventer", "Dordrecht", "Eindhoven", "Emmen",
    "Enschede", "Groningen", "Haarlem", "Heerlen", "Helmond", "Hilversum", "Leeuwarden", "Leiden", "Maastricht",
    "Nijmegen", "Oss", "Roermond", "Rotterdam", "Tilburg", "Utrecht", "Venlo", "Zaandam", "Zwolle", "Almere", "Gouda",
)
LOCATION_KINDS = ("Woonzorgcentrum", "Verpleeghuis", "Revalidatiecentrum", "Zorgcentrum", "Woonzorgpark", "Hospice")
LOCATION_NAMES = ("De Linde", "Het Baken", "De Eik", "Oudwijk", "De Hoven", "Het Anker", "De Wingerd", "Zonnehof",
                  "De Bongerd", "Het Spectrum", "De Kern", "Rivierduin", "De Wilgen", "Het Hooge Veld")
DEPARTMENTS = ("Somatiek", "Psychogeriatrie", "Revalidatie", "Kortdurend verblijf", "Dagbesteding", "Fysiotherapie")
# The sizes of the further organisations, as fractions of the largest one.
SIZE_FRACTIONS = (1.0, 0.6, 0.35, 0.2, 0.1, 0.05)

KINDS = ("inspection", "cleaning", "repair", "maintenance", "relocation", "to_depot", "from_depot", "rental_pickup")
KIND_WEIGHTS = (27, 20, 18, 12, 12, 6, 4, 1)
STAFF_KINDS = frozenset(("inspection", "cleaning", "maintenance"))
COST_RANGE = {"repair": (45, 450), "maintenance": (60, 180), "inspection": (35, 65), "cleaning": (25, 45)}
AID_AGE_YEARS = 8  # aids arrived up to this long ago; their history runs from then to today
CHUNK = 20_000


def organisation_sizes(total_aids: int, per_organisation: int) -> list[int]:
    """How many aids each organisation gets: the largest `per_organisation`, then smaller ones."""
    largest = max(1, min(per_organisation, total_aids))
    sizes, rest, n = [largest], total_aids - largest, 1
    while rest > 0:
        size = min(rest, max(1, int(largest * SIZE_FRACTIONS[n % len(SIZE_FRACTIONS)])))
        sizes.append(size)
        rest -= size
        n += 1
    return sizes


class _Progress:
    def __init__(self, aids: int, requests: int) -> None:
        self.totals = {"aids": aids, "service requests": requests}
        self.done = {"aids": 0, "service requests": 0}
        self.started = time.perf_counter()
        self.printed = 0.0

    def add(self, label: str, n: int) -> None:
        self.done[label] += n
        elapsed = time.perf_counter() - self.started
        if elapsed - self.printed >= 2 or self.done[label] == self.totals[label]:
            self.printed = elapsed
            print(f"  {elapsed:7.1f} s  aids {self.done['aids']:>11,} / {self.totals['aids']:,}   service requests "
                  f"{self.done['service requests']:>11,} / {self.totals['service requests']:,}", flush=True)


async def seed_bench(total_aids: int = 100_000, per_organisation: int = 100_000, history_per_aid: float = 5.0) -> dict:
    """Build the benchmark set; returns what was made (organisations, aids, service_requests, seconds, logins)."""
    if total_aids < 1 or per_organisation < 1:
        raise SystemExit("--aids and --per-org must be at least 1")
    if history_per_aid < 0:
        raise SystemExit("--history cannot be negative")
    started = time.perf_counter()
    rng = random.Random(4242)
    sizes = organisation_sizes(total_aids, per_organisation)
    total_requests = round(total_aids * history_per_aid)
    print(f"Benchmark data: {total_aids:,} aids in {len(sizes)} organisations (largest {sizes[0]:,}), "
          f"{total_requests:,} service requests", flush=True)
    password_hash = hash_password_sync(DEMO_PASSWORD)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    progress = _Progress(total_aids, total_requests)
    logins: list[tuple[str, str, int]] = []
    made_requests = 0
    async with BulkWriter(fast=True) as w:
        catalogue = await ensure_catalogue(w)
        await w.load_numbers()
        hb_depots = [row[0] for row in await w.fetch('SELECT "id" FROM "depot" WHERE "organisation" IS NULL')]
        if not hb_depots:
            depot_ids = await w.ids(Depot)
            hb_depots = [next(depot_ids), next(depot_ids)]
            await w.insert(Depot, ("id", "organisation", "name", "address", "city"), [
                (hb_depots[0], None, "HartingBank depot Nieuwegein", "Ravenswade 54", "Nieuwegein"),
                (hb_depots[1], None, "HartingBank depot Zwolle", "Marsweg 20", "Zwolle"),
            ])
        dropped = [*await w.drop_indexes(Asset), *await w.drop_indexes(ServiceRequest)]
        requests_left = total_requests
        aids_left = total_aids
        for n, size in enumerate(sizes):
            # Each organisation's share of the history, so the total comes out exact.
            share = requests_left if n == len(sizes) - 1 else round(requests_left * size / aids_left)
            org = await _organisation(w, rng, n, size, password_hash, now)
            logins.extend((label, email, size) for label, email in org["logins"])
            await _assets(w, rng, org, catalogue, hb_depots, size, now, progress)
            made_requests += await _requests(w, rng, org, share, now, progress)
            requests_left -= share
            aids_left -= size
        index_started = time.perf_counter()
        await w.create_indexes(dropped)
        print(f"  {len(dropped)} indexes rebuilt in {time.perf_counter() - index_started:.1f} s", flush=True)
    analyse_started = time.perf_counter()
    await Organisation._meta.db.run_ddl("ANALYZE")  # fresh planner statistics, as a long-running database has
    seconds = time.perf_counter() - started
    print(f"Done in {seconds:.1f} s (statistics {time.perf_counter() - analyse_started:.1f} s). "
          f"Sign in to the largest organisation as {logins[0][1]} with {DEMO_PASSWORD}", flush=True)
    return {
        "organisations": len(sizes), "aids": total_aids, "service_requests": made_requests, "seconds": seconds,
        "sizes": sizes, "logins": logins,
    }


async def _organisation(w: BulkWriter, rng: random.Random, n: int, size: int, password_hash: str, now: datetime) -> dict:
    org_id = next(await w.ids(Organisation))
    city = CITIES[n % len(CITIES)]
    await w.insert(Organisation, ("id", "name", "customer_number", "active", "created_at"),
                   [(org_id, f"Zorggroep {city} {org_id}", f"B{org_id:06d}", True, w.ts(now - timedelta(days=3000)))])
    location_count = max(3, min(60, size // 2000))
    loc_ids, dep_ids, ref_ids = await w.ids(Location), await w.ids(Department), await w.ids(RentalReference)
    locations, departments, references = [], [], []
    places: list[tuple[int, list[int], list[tuple[int, int, date]]]] = []
    for i in range(location_count):
        loc_id = next(loc_ids)
        place_city = CITIES[(n + i) % len(CITIES)]
        name = f"{LOCATION_KINDS[i % len(LOCATION_KINDS)]} {LOCATION_NAMES[i % len(LOCATION_NAMES)]} {i + 1}"
        locations.append((loc_id, org_id, name, f"Zorgstraat {i + 1}", f"{1000 + (n * 97 + i * 13) % 8999} AB",
                          place_city, True))
        deps = []
        for department in DEPARTMENTS[: 3 + i % 3]:
            dep_id = next(dep_ids)
            departments.append((dep_id, loc_id, department, True))
            deps.append(dep_id)
        refs = []
        for r in range(20):
            ref_id = next(ref_ids)
            start = now.date() - timedelta(days=rng.randint(5, 3 * 365))
            dep = rng.choice(deps)
            references.append((ref_id, org_id, loc_id, dep, f"Kamer {r // 10}.{r + 1:02d}", w.day(start), "",
                               w.ts(now - timedelta(days=(now.date() - start).days))))
            refs.append((ref_id, dep, start))
        places.append((loc_id, deps, refs))
    await w.insert(Location, ("id", "organisation", "name", "address", "postal_code", "city", "active"), locations)
    await w.insert(Department, ("id", "location", "name", "active"), departments)
    await w.insert(RentalReference, ("id", "organisation", "location", "department", "reference", "start_date", "note",
                                     "created_at"), references)
    depot_id = next(await w.ids(Depot))
    await w.insert(Depot, ("id", "organisation", "name", "address", "city"),
                   [(depot_id, org_id, f"Eigen depot {city}", "Industrieweg 1", city)])

    # An administrator and one account per role; the roles see a third of the locations, so scoped lists
    # are measured too.
    account_ids, link_ids = await w.ids(Account), await w.ids(AccountLocation)
    accounts, links, logins, requesters = [], [], [], []
    domain = f"bench{org_id}.example"
    some = [p[0] for p in places[: max(1, location_count // 3)]]
    for role in ("admin", "1", "2", "3", "4", "5", "6", "7"):
        account_id = next(account_ids)
        local = "admin" if role == "admin" else f"rol{role}"
        accounts.append((account_id, org_id, f"Bench {local} {org_id}", f"{local}@{domain}", password_hash, role, True,
                         role in ("admin", "1"), False, w.ts(now)))
        logins.append(("Administrator" if role == "admin" else f"Rol {role}", f"{local}@{domain}"))
        requesters.append(account_id)
        for loc_id in ([p[0] for p in places] if role == "admin" else some):
            links.append((next(link_ids), account_id, loc_id))
    await w.insert(Account, ("id", "organisation", "name", "email", "password_hash", "role", "active",
                             "may_authorise_orders", "has_budget_limit", "created_at"), accounts)
    await w.insert(AccountLocation, ("id", "account", "location"), links)
    return {"id": org_id, "places": places, "depot": depot_id, "requesters": requesters, "logins": logins}


async def _assets(w: BulkWriter, rng: random.Random, org: dict, catalogue, hb_depots: list[int], size: int,
                  now: datetime, progress: _Progress) -> None:
    types = [t for t in catalogue.types if t.products]
    type_weights = list(accumulate(t.fleet_weight for t in types))
    places = org["places"]
    place_weights = list(accumulate(1 + (i % 4) for i in range(len(places))))
    depots = [org["depot"], *hb_depots]
    colours = [w.json({"Kleur": colour}) for colour in ("Wit", "Grijs", "Antraciet", "Beuken", "Blauw")]
    now_epoch = now.timestamp()
    span = AID_AGE_YEARS * 365 * 86400
    ids = await w.ids(Asset)
    first_id = None
    # Per aid, what its history needs: location, department, creation time.
    org["asset_location"], org["asset_department"], org["asset_created"] = array("q"), array("q"), array("d")
    # What the requests carry of their aid (in production a trigger copies it; the fast load has none).
    org["asset_type"], org["asset_rented"] = array("q"), array("b")
    org["type_catalogue"] = {kind.id: (kind.category_id, kind.subcategory_id) for kind in types}
    random_, choice = rng.random, rng.choice
    rows = []
    for _ in range(size):
        asset_id = next(ids)
        if first_id is None:
            first_id = asset_id
        kind = types[bisect(type_weights, random_() * type_weights[-1])]
        product = choice(kind.products)
        loc_id, deps, refs = places[bisect(place_weights, random_() * place_weights[-1])]
        department = choice(deps)
        roll = random_()
        status = "in_use" if roll < 0.76 else "depot" if roll < 0.88 else "transport" if roll < 0.92 else "cleaning"
        depot = None
        if status == "depot":
            depot = choice(depots)
        created_epoch = now_epoch - 30 * 86400 - random_() * span
        reference = rental_start = None
        ownership = "owned"
        if kind.rentable and random_() < 0.35:
            reference, department, rental_start = choice(refs)
            ownership = "rented"
            created_epoch = datetime(rental_start.year, rental_start.month, rental_start.day, 8,
                                     tzinfo=timezone.utc).timestamp()
        created = datetime.fromtimestamp(created_epoch, timezone.utc).replace(microsecond=0)
        year = created.year - (asset_id % 3)
        org["asset_location"].append(loc_id)
        org["asset_department"].append(department if status != "depot" else 0)
        org["asset_created"].append(created_epoch)
        org["asset_type"].append(kind.id)
        org["asset_rented"].append(ownership == "rented")
        rows.append((
            asset_id, f"HB{asset_id:07d}", org["id"], kind.category_id, kind.subcategory_id, kind.id, product.id,
            loc_id, department if status != "depot" else None, depot, status, ownership, w.day(rental_start),
            reference, f"{kind.supplier[:3].upper()}{year}{asset_id % 100000:05d}", year,
            colours[asset_id % len(colours)], w.ts(created),
        ))
        if len(rows) == CHUNK:
            await _write_assets(w, rows, progress)
            rows = []
    await _write_assets(w, rows, progress)
    org["first_asset"] = first_id


async def _write_assets(w: BulkWriter, rows: list, progress: _Progress) -> None:
    if not rows:
        return
    await w.insert(Asset, (
        "id", "object_number", "organisation", "category", "subcategory", "product_type", "product", "location",
        "department", "depot", "status", "ownership", "rental_start", "rental_reference", "serial_number",
        "year_of_manufacture", "characteristics", "created_at",
    ), rows)
    progress.add("aids", len(rows))


async def _requests(w: BulkWriter, rng: random.Random, org: dict, count: int, now: datetime, progress: _Progress) -> int:
    """`count` service requests on random aids of the organisation, created after the aid, in time order."""
    if count <= 0:
        return 0
    size = len(org["asset_created"])
    created_of, location_of, department_of = org["asset_created"], org["asset_location"], org["asset_department"]
    now_epoch = now.timestamp()
    random_, randrange = rng.random, rng.randrange
    # Sort (time, aid) pairs packed in one integer: cheap on memory for millions of requests.
    bits = max(1, size.bit_length())
    keys = []
    for _ in range(count):
        index = randrange(size)
        start = created_of[index]
        keys.append((int(start + random_() * (now_epoch - start)) << bits) | index)
    keys.sort()
    mask = (1 << bits) - 1
    today = now.date()
    kind_weights = list(accumulate(KIND_WEIGHTS))
    costs = {kind: [Decimal(v) / 4 for v in range(low * 4, high * 4 + 1, 7)] for kind, (low, high) in COST_RANGE.items()}
    default_costs = [Decimal(v) / 4 for v in range(40 * 4, 95 * 4 + 1, 7)]
    requesters = org["requesters"]
    type_of, rented_of, catalogue = org["asset_type"], org["asset_rented"], org["type_catalogue"]
    ids = await w.ids(ServiceRequest)
    columns = (
        "id", "number", "organisation", "asset", "kind", "status", "requester", "location", "department",
        "requested_date", "performed_by", "defect_description", "planned_date", "executed_date", "cost", "created_at",
        "updated_at", "aid_category", "aid_subcategory", "aid_type", "aid_ownership",
    )
    rows = []
    day = timedelta(days=1)
    for key in keys:
        index = key & mask
        created = datetime.fromtimestamp(key >> bits, timezone.utc)
        kind = KINDS[bisect(kind_weights, random_() * kind_weights[-1])]
        staff = kind in STAFF_KINDS
        age = (now_epoch - (key >> bits)) / 86400
        roll = random_()
        if age > 30:
            status = "done" if roll < 0.93 else "cancelled" if roll < 0.98 or staff else "rejected"
        elif roll < 0.05 and not staff:
            status = "awaiting_authorisation"
        else:
            status = "submitted" if roll < 0.35 else "planned" if roll < 0.75 else "done"
        created_day = created.date()
        requested = created_day + day * (1 + int(roll * 13))
        planned = executed = cost = None
        if status == "done":
            planned = executed = min(requested, today)
            cost = rng.choice(costs.get(kind, default_costs))
        elif status == "planned":
            planned = max(requested, today + day)
        rows.append((
            next(ids), w.take_number("service", created.year), org["id"], org["first_asset"] + index, kind, status,
            None if staff else requesters[index % len(requesters)], location_of[index], department_of[index] or None,
            w.day(requested), "hartingbank" if kind in ("relocation", "to_depot", "from_depot") else "",
            "Defect gemeld via de portal." if kind == "repair" else "", w.day(planned), w.day(executed), w.money(cost),
            w.ts(created), w.ts(created), *catalogue[type_of[index]], type_of[index],
            "rented" if rented_of[index] else "owned",
        ))
        if len(rows) == CHUNK:
            await w.insert(ServiceRequest, columns, rows)
            progress.add("service requests", len(rows))
            rows = []
    if rows:
        await w.insert(ServiceRequest, columns, rows)
        progress.add("service requests", len(rows))
    return count
