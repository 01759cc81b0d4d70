"""Search (SHOP-1, issue 10 item 2): article-number prefixes first, then words; Dutch word forms and
one-letter typos match; only products on sale. Run on SQLite and on PostgreSQL (the same rules)."""

from portal.domain.shop.search import parse_query, search_ids
from tests import shop_factories


async def _names(text: str) -> list[str]:
    from portal.tables import Product

    ids = await search_ids(text)
    rows = {row["id"]: row["name"] for row in await Product.select(Product.id, Product.name).where(Product.id.is_in(ids or [0]))}
    return [rows[i] for i in ids]


async def _assortment():
    return {
        "bed": await shop_factories.product(name="Hoog-laag bed Comfort", article_number="100200",
                                            description="Elektrisch verstelbaar bed voor de thuiszorg."),
        "lift": await shop_factories.product(name="Passieve tillift Atlas", article_number="200300",
                                             description="Tillift met elektrische bediening."),
        "wheelchair": await shop_factories.product(name="Lichtgewicht rolstoel Breezy", article_number="300400",
                                                   description="Opvouwbare rolstoel met trommelremmen."),
        "sling": await shop_factories.product(name="Tilband universeel", article_number="100250",
                                              description="Band voor de tillift, maat M."),
        "gone": await shop_factories.product(name="Oud bed Classic", article_number="100210", active=False),
        "rent": await shop_factories.product(name="Huurbed Verhuur", article_number="100220", purchasable=False,
                                             rentable=True),
    }


async def test_an_article_number_prefix_comes_first_in_number_order():
    await _assortment()
    assert await _names("1002") == ["Hoog-laag bed Comfort", "Tilband universeel"]
    assert await _names("100250") == ["Tilband universeel"]


async def test_article_numbers_come_before_word_matches():
    bed = await shop_factories.product(name="Bed 300400 onderdeel", article_number="555000", description="")
    chair = await shop_factories.product(name="Rolstoel", article_number="300400")
    assert (await search_ids("300400"))[:2] == [chair.id, bed.id]


async def test_a_plural_finds_the_singular_and_back():
    await _assortment()
    assert "Hoog-laag bed Comfort" in await _names("bedden")
    assert "Passieve tillift Atlas" in await _names("tilliften")
    assert "Lichtgewicht rolstoel Breezy" in await _names("rolstoelen")
    assert "Passieve tillift Atlas" in await _names("tillift")


async def test_a_name_match_ranks_before_a_description_match():
    await _assortment()
    found = await _names("tillift")
    assert found[0] == "Passieve tillift Atlas"
    assert "Tilband universeel" in found  # its description names the tillift


async def test_every_word_must_match():
    await _assortment()
    assert await _names("verstelbaar bed") == ["Hoog-laag bed Comfort"]
    assert await _names("rolstoel tillift") == []


async def test_one_letter_off_still_finds_the_product():
    await _assortment()
    assert await _names("rolstoek") == ["Lichtgewicht rolstoel Breezy"]  # one changed
    assert await _names("rolsstoel") == ["Lichtgewicht rolstoel Breezy"]  # one extra
    assert await _names("rlstoel") == ["Lichtgewicht rolstoel Breezy"]  # one missing
    assert await _names("tilllift") == ["Passieve tillift Atlas"]


async def test_names_one_letter_off_come_in_name_order_on_both_engines():
    await _assortment()
    await shop_factories.product(name="Comfortrolstoel Azalea", description="Rolstoel met kantelverstelling.")
    assert await _names("rolstoek") == ["Comfortrolstoel Azalea", "Lichtgewicht rolstoel Breezy"]


async def test_a_typo_beside_a_right_word_still_finds_the_product():
    await _assortment()
    assert await _names("lichtgewicht rolstoek") == ["Lichtgewicht rolstoel Breezy"]
    assert await _names("passieve tilllift") == ["Passieve tillift Atlas"]
    assert await _names("rolstoek tillift") == []


async def test_a_typo_of_a_new_or_renamed_product_finds_it():
    from portal.tables import Product

    lift = (await _assortment())["lift"]
    await Product.update({Product.name: "Passieve patiëntenlift Atlas"}).where(Product.id == lift.id)
    await shop_factories.product(name="Douchebrancard Carevo", article_number="400500")
    assert await _names("patiëntenlfit") == []  # two letters swapped: not one letter off
    assert await _names("patiëntenlift") == ["Passieve patiëntenlift Atlas"]
    assert await _names("patientenlift") == ["Passieve patiëntenlift Atlas"]  # one letter changed
    assert await _names("douchebrancart") == ["Douchebrancard Carevo"]


async def test_what_is_typed_as_you_go_already_finds_it():
    await _assortment()
    assert "Lichtgewicht rolstoel Breezy" in await _names("rolst")
    assert await _names("breez") == ["Lichtgewicht rolstoel Breezy"]


async def test_products_no_longer_sold_and_rental_only_are_not_found():
    await _assortment()
    assert "Oud bed Classic" not in await _names("bed")
    assert "Huurbed Verhuur" not in await _names("huurbed")
    assert await _names("100210") == []


async def test_hostile_and_empty_queries_find_nothing_and_do_not_fail():
    await _assortment()
    for text in ("", "  ", "a", "\x00", "' OR 1=1 --", '"bed', "bed*", "%", "_", "NEAR(bed)", "bed:*",
                 "x" * 500, "🙂🙂🙂", "bed & !tillift", "\ud800bed"):
        await search_ids(text)  # no exception
    assert await _names("%%%") == []


def test_the_query_is_read_as_article_prefix_and_words():
    query = parse_query("  Rolstoel  BREEZY ")
    assert query.words == ("rolstoel", "breezy") and query.article_prefix == ""
    assert parse_query("000123").article_prefix == "000123"
