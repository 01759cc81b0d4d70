"""The demo data set (`python -m portal seed-demo`): two care organisations with their locations, a
catalogue of more than 300 products, about 5,000 aids with years of history, orders, quotes, invoices,
help content and one account per role, all signing in with DEMO_PASSWORD.

Deterministic: every choice comes from a seeded random generator. Dates are relative to today, so the
planning shows work ahead and the dashboard recent orders whenever the demo is built.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from portal.domain.assets import inspections
from portal.domain.passwords import hash_password_sync
from portal.domain.rentals.basket import first_month
from portal.domain.service_requests import REQUESTABLE_KINDS
from portal.money import to_money
from portal.seed import BulkWriter, demo_rentals
from portal.seed import BulkWriter, demo_quotes
from portal.tables import (
    Account,
    AccountDepartment,
    AccountLocation,
    Asset,
    AuditEvent,
    BudgetTier,
    Category,
    ContractPrice,
    CoreAssortment,
    Department,
    Depot,
    FaqItem,
    InstructionVideo,
    Invoice,
    InvoiceLine,
    Location,
    LocationRequest,
    Notification,
    Order,
    OrderApproval,
    OrderEvent,
    OrderLine,
    OrderTemplate,
    OrderTemplateLine,
    Organisation,
    Product,
    ProductType,
    Quote,
    QuoteLine,
    RelatedProduct,
    RentalReference,
    ServiceAuthoriser,
    ServiceRequest,
    ServiceRequestEvent,
    Subcategory,
)

DEMO_PASSWORD = "Welkom#HartingBank1"  # passes the password policy (tests/seed/test_demo.py)
VAT_RATE = Decimal("21.00")
HARTINGBANK = "HartingBank"

# ---------------------------------------------------------------------------------------------------------
# Organisations, locations, departments, depots
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    customer_number: str
    domain: str
    aids: int
    # name, address, postal code, city, departments, weight of the fleet here
    locations: tuple[tuple[str, str, str, str, tuple[str, ...], int], ...]
    depots: tuple[tuple[str, str, str], ...]


ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        key="linde",
        name="Zorggroep De Linde",
        customer_number="K10234",
        domain="delinde.example",
        aids=3600,
        locations=(
            ("Woonzorgcentrum De Linde", "Lindelaan 12", "3731 EZ", "De Bilt",
             ("Linde 1 – Somatiek", "Linde 2 – Psychogeriatrie", "Linde 3 – Kortdurend verblijf", "Dagbesteding"), 9),
            ("Verpleeghuis Het Baken", "Bakenlaan 40", "3818 LT", "Amersfoort",
             ("Afdeling Zeezicht", "Afdeling Duinzicht", "Revalidatie", "Fysiotherapie"), 8),
            ("Revalidatiecentrum De Eik", "Eikenlaan 3", "3701 BG", "Zeist",
             ("Neurorevalidatie", "Orthopedische revalidatie", "Geriatrische revalidatie", "Therapieruimte"), 6),
            ("Woonzorgpark Oudwijk", "Oudwijkerlaan 88", "3581 TN", "Utrecht",
             ("Paviljoen A", "Paviljoen B", "Paviljoen C"), 5),
            ("Hospice De Vlinder", "Vlinderstraat 7", "3401 GV", "IJsselstein", ("Hospicezorg",), 1),
            ("Wijkzorg Utrecht-Oost", "Maliesingel 30", "3581 BJ", "Utrecht", ("Wijkteam Oost", "Wijkteam Noord"), 2),
        ),
        depots=(("Centraal depot De Linde", "Industrieweg 21", "De Bilt"), ("Depot Het Baken", "Bakenlaan 40", "Amersfoort")),
    ),
    DemoOrganisation(
        key="noord",
        name="Stichting Zorgpunt Noord",
        customer_number="K20871",
        domain="zorgpuntnoord.example",
        aids=1500,
        locations=(
            ("Zorgcentrum Groenestein", "Helperzoom 120", "9722 BK", "Groningen",
             ("Afdeling Maarsdijk", "Afdeling Helpman", "Kortdurend verblijf"), 5),
            ("Verpleeghuis De Hunze", "Hunzeweg 15", "9401 MR", "Assen", ("Somatiek", "Psychogeriatrie"), 4),
            ("Woonzorgcentrum Ljouwert", "Tesselschadestraat 22", "8913 HC", "Leeuwarden",
             ("Wonen 1", "Wonen 2", "Revalidatie"), 4),
            ("Revalidatiekliniek De Drait", "Noorderdwarsvaart 5", "9201 KA", "Drachten", ("Revalidatie", "Fysiotherapie"), 2),
        ),
        depots=(("Depot Zorgpunt Noord", "Osloweg 9", "Groningen"),),
    ),
)

HARTINGBANK_DEPOTS = (
    ("HartingBank depot Nieuwegein", "Ravenswade 54", "Nieuwegein"),
    ("HartingBank depot Zwolle", "Marsweg 20", "Zwolle"),
)

# ---------------------------------------------------------------------------------------------------------
# Accounts: one per role in the first organisation, an administrator in the second
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    key: str
    organisation: str
    role: str
    name: str
    local_part: str
    # indexes into the organisation's locations; None: all of them
    locations: tuple[int, ...] | None = None
    # (location index, department index) pairs; None: every department of the locations
    departments: tuple[tuple[int, int], ...] | None = None
    may_authorise_orders: bool = False
    budget: tuple[tuple[str, str], ...] = ()  # (from amount, authoriser key)
    authorisers: tuple[tuple[str, str], ...] = ()  # (service kind or "*", authoriser key)
    login: bool = True  # listed among the demo logins, with DEMO_PASSWORD
    active: bool = True
    invited: bool = False  # no password yet: the invitation is still open

    def email(self) -> str:
        domain = next(org.domain for org in ORGANISATIONS if org.key == self.organisation)
        return f"{self.local_part}@{domain}"


ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "linde", "admin", "Annemiek de Vries", "admin", may_authorise_orders=True),
    DemoAccount("rol1", "linde", "1", "Marco Jansen", "rol1", locations=(0, 1, 2, 3), may_authorise_orders=True),
    DemoAccount("rol2", "linde", "2", "Fatima El Amrani", "rol2", locations=(0, 1),
                budget=(("500.00", "rol1"), ("2500.00", "admin")),
                authorisers=(("repair", "rol3"), ("relocation", "rol3"))),
    DemoAccount("rol3", "linde", "3", "Joost van den Berg", "rol3", locations=(0, 1, 3),
                budget=(("1000.00", "rol1"),)),
    DemoAccount("rol4", "linde", "4", "Sanne Bakker", "rol4", locations=(0,), departments=((0, 0), (0, 1)),
                authorisers=(("*", "rol6"),)),
    DemoAccount("rol5", "linde", "5", "Pieter de Groot", "rol5", locations=(1,),
                budget=(("250.00", "rol1"),), authorisers=(("repair", "rol3"),)),
    DemoAccount("rol6", "linde", "6", "Ingrid Mulder", "rol6", locations=(0, 1)),
    DemoAccount("rol7", "linde", "7", "Ahmed Yilmaz", "rol7", locations=(2,), budget=(("750.00", "admin"),)),
    DemoAccount("noord-admin", "noord", "admin", "Hendrik Postma", "admin", may_authorise_orders=True),
    # Colleagues that make account management look like a real organisation; not demo logins.
    DemoAccount("linde-2", "linde", "4", "Kees Visser", "k.visser", locations=(1,), login=False),
    DemoAccount("linde-3", "linde", "4", "Lotte Smit", "l.smit", locations=(2,), login=False),
    DemoAccount("linde-4", "linde", "2", "Emma Meijer", "e.meijer", locations=(3,), budget=(("500.00", "rol1"),),
                login=False),
    DemoAccount("linde-5", "linde", "6", "Bram de Jong", "b.dejong", locations=(2, 3), login=False),
    DemoAccount("linde-6", "linde", "5", "Noor Hendriks", "n.hendriks", locations=(4,), login=False),
    DemoAccount("linde-7", "linde", "4", "Thijs Dekker", "t.dekker", locations=(5,), login=False, active=False),
    DemoAccount("linde-8", "linde", "3", "Sophie Brouwer", "s.brouwer", locations=(5,), login=False, invited=True),
    DemoAccount("noord-2", "noord", "1", "Wietske Hoekstra", "w.hoekstra", locations=(0, 1, 2), login=False,
                may_authorise_orders=True),
    DemoAccount("noord-3", "noord", "2", "Jelle de Boer", "j.deboer", locations=(0,), budget=(("600.00", "noord-2"),),
                login=False),
    DemoAccount("noord-4", "noord", "4", "Hilde Wiersma", "h.wiersma", locations=(2,), authorisers=(("*", "noord-2"),),
                login=False),
    DemoAccount("noord-5", "noord", "6", "Sjoerd Kuipers", "s.kuipers", locations=(1, 3), login=False),
)


def _login_label(account: DemoAccount) -> str:
    label = "Administrator" if account.role == "admin" else f"Rol {account.role}"
    if account.organisation != ORGANISATIONS[0].key:
        label += f" ({next(org.name for org in ORGANISATIONS if org.key == account.organisation)})"
    return label


# (role label, e-mail) of every demo login; all use DEMO_PASSWORD.
DEMO_LOGINS: list[tuple[str, str]] = [(_login_label(a), a.email()) for a in ACCOUNTS if a.login]


def print_logins(base_url: str) -> None:
    """The table of demo logins, for the README and whoever starts the demo."""
    by_email = {a.email(): a for a in ACCOUNTS}
    rows = [("Rol", "E-mailadres", "Wachtwoord", "Organisatie", "Locaties")]
    for label, email in DEMO_LOGINS:
        account = by_email[email]
        org = next(o for o in ORGANISATIONS if o.key == account.organisation)
        if account.role == "admin" or account.locations is None:
            places = "alle"
        else:
            places = ", ".join(org.locations[i][0] for i in account.locations)
        rows.append((label.split(" (")[0], email, DEMO_PASSWORD, org.name, places))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print(f"Mijn HartingBank demo: {base_url}/inloggen\n")
    for n, row in enumerate(rows):
        print("  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip())
        if n == 0:
            print("  ".join("-" * width for width in widths))
    print(f"\nAlle demo-accounts gebruiken het wachtwoord {DEMO_PASSWORD}")


# ---------------------------------------------------------------------------------------------------------
# The catalogue: categories of the manual, subcategories, supplier product types and their variants
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sub:
    name: str
    noun: str  # the start of a product name
    types: tuple[tuple[str, str], ...]  # (supplier, model)
    variants: tuple[tuple[str, dict[str, str]], ...]  # (label, specifications of the variant)
    price: tuple[int, int]  # list price range in euros
    specs: dict[str, str]
    description: str  # {type} and {variant} are filled in
    rent: bool = False
    fleet_weight: int = 1  # how common the aid is in a care organisation's fleet
    related: tuple[str, ...] = ()  # subcategories whose products go well with these


def _sizes(*labels: str, key: str = "Afmeting") -> tuple[tuple[str, dict[str, str]], ...]:
    return tuple((label, {key: label}) for label in labels)


CATALOGUE: tuple[tuple[str, str, tuple[Sub, ...]], ...] = (
    ("Bedden", "bedden", (
        Sub("Bed hoog/laag elektrisch", "Hoog-laagbed",
            (("Wissner-Bosserhoff", "sentida 7"), ("Hermann Bock", "Dino"), ("Invacare", "SB755"),
             ("Völker", "3080"), ("Hermann Bock", "Carisma")),
            _sizes("90 x 200 cm", "90 x 220 cm", "100 x 200 cm", "120 x 200 cm", key="Ligvlak"),
            (1650, 3400),
            {"Hoogteverstelling": "25 – 80 cm", "Max. belasting": "185 kg", "Ligvlak delen": "4", "Voeding": "230 V",
             "Zijhekken": "Geïntegreerd, houtlook"},
            "Elektrisch hoog-laag verstelbaar zorgbed {type} met ligvlak van {variant}. Rug- en beensteun zijn "
            "elektrisch verstelbaar; de lage instaphoogte maakt in- en uitstappen veilig en de werkhoogte spaart "
            "de rug van de zorgverlener.",
            rent=True, fleet_weight=30, related=("Bedaccessoires", "Schuimmatras", "Wisseldrukmatras")),
        Sub("Laagbed", "Laagbed",
            (("Wissner-Bosserhoff", "sentida 5 laag"), ("Hermann Bock", "Dali low"), ("Völker", "S 962-2 laag")),
            _sizes("90 x 200 cm", "90 x 220 cm", "100 x 200 cm", "100 x 220 cm", key="Ligvlak"),
            (2100, 3900),
            {"Hoogteverstelling": "12 – 80 cm", "Max. belasting": "200 kg", "Voeding": "230 V"},
            "Extra laag zakkend bed {type} ({variant}) voor cliënten met valrisico. Zakt tot 12 cm boven de vloer, "
            "zodat een valmat en vrijheidsbeperkende maatregelen vaak niet nodig zijn.",
            rent=True, fleet_weight=10, related=("Valmat", "Wisseldrukmatras")),
        Sub("Kinder- en jeugdbed", "Kinderbed",
            (("Hermann Bock", "Kids Fino"), ("Wissner-Bosserhoff", "sentida kids")),
            _sizes("90 x 160 cm", "90 x 180 cm", key="Ligvlak"),
            (2400, 4200),
            {"Hoogteverstelling": "30 – 80 cm", "Max. belasting": "135 kg", "Zijwanden": "Polycarbonaat, afsluitbaar"},
            "Veilig kinder- en jeugdbed {type} met ligvlak {variant}, hoge zijwanden en elektrische verstelling.",
            rent=True, fleet_weight=1),
        Sub("Bedaccessoires", "",
            (("Hermann Bock", "Bedhekset"), ("Wissner-Bosserhoff", "Papegaai met triangel"),
             ("Völker", "Infuusstandaard"), ("Hermann Bock", "Bedverlenging 20 cm"), ("Careline", "Bedhekbeschermer")),
            (("voor bed 200 cm", {"Geschikt voor": "bedden tot 200 cm"}), ("voor bed 220 cm", {"Geschikt voor": "bedden tot 220 cm"})),
            (45, 320),
            {"Montage": "Zonder gereedschap"},
            "{type} {variant}. Past op de meeste hoog-laagbedden uit ons assortiment.",
            fleet_weight=4),
    )),
    ("Matrassen en anti-decubitus", "matrassen-anti-decubitus", (
        Sub("Schuimmatras", "Matras",
            (("Careline", "Comfort Visco"), ("Invacare", "Softform Premier"), ("Vivatex", "Koudschuim HR45"),
             ("Arjo", "Isoflex")),
            _sizes("85 x 200 x 14 cm", "90 x 200 x 14 cm", "90 x 220 x 14 cm"),
            (190, 690),
            {"Hoes": "Vloeistofdicht, dampdoorlatend", "Risicoklasse decubitus": "Laag tot middelhoog",
             "Wasbaar": "Hoes tot 95 °C"},
            "Drukverdelend schuimmatras {type} ({variant}) met vloeistofdichte, dampdoorlatende hoes.",
            fleet_weight=18, related=("Anti-decubituskussen",)),
        Sub("Wisseldrukmatras", "Wisseldruksysteem",
            (("Arjo", "Nimbus 4"), ("Invacare", "Softform Active 2"), ("Careline", "Airflow 8"),
             ("Vivatex", "Alternating Pro")),
            _sizes("90 x 200 cm", "90 x 220 cm", "100 x 200 cm"),
            (1150, 4800),
            {"Risicoklasse decubitus": "Hoog", "Cyclus": "10 minuten", "Voeding": "230 V", "Alarm": "Drukverlies en stroomuitval"},
            "Wisseldruksysteem {type} ({variant}) voor cliënten met een hoog decubitusrisico, met pomp, "
            "statische stand voor verpleging en CPR-ventiel.",
            rent=True, fleet_weight=6),
        Sub("Anti-decubituskussen", "Zitkussen",
            (("Roho", "Quadtro Select"), ("Vicair", "Academy Adjuster"), ("Invacare", "Flo-tech Contour"),
             ("Careline", "Visco Zit")),
            _sizes("40 x 40 cm", "42 x 42 cm", "45 x 45 cm", "50 x 45 cm"),
            (85, 640),
            {"Risicoklasse decubitus": "Middelhoog tot hoog", "Hoes": "Incontinentiebestendig"},
            "Anti-decubitus zitkussen {type}, {variant}, voor wie lang in een rolstoel of stoel zit.",
            fleet_weight=8),
        Sub("Valmat", "Valmat",
            (("Careline", "Valmat opvouwbaar"), ("Vivatex", "Valmat met sensor")),
            _sizes("90 x 200 cm", "100 x 200 cm"),
            (140, 520),
            {"Dikte": "4 cm", "Randen": "Afgeschuind"},
            "{type} ({variant}) naast het bed, dempt een val en is afwasbaar.",
            fleet_weight=2),
    )),
    ("Tilliften en tilbanden", "tilliften-tilbanden", (
        Sub("Passieve tillift", "Passieve tillift",
            (("Arjo", "Maxi Move"), ("Liko", "Viking M"), ("Handicare", "Molift Mover 205"), ("Invacare", "Birdie Evo")),
            (("standaard juk", {"Juk": "Tweepunts"}), ("vierpuntsjuk", {"Juk": "Vierpunts"}),
             ("met weegschaal", {"Juk": "Tweepunts", "Weegschaal": "Geijkt, klasse III"})),
            (2900, 6200),
            {"Max. belasting": "205 kg", "Accu": "24 V, afneembaar", "Onderstel": "Elektrisch verbreedbaar"},
            "Mobiele passieve tillift {type}, {variant}, voor transfers van cliënten die niet kunnen meewerken.",
            rent=True, fleet_weight=7, related=("Tilband",)),
        Sub("Actieve tillift", "Actieve tillift",
            (("Arjo", "Sara Plus"), ("Liko", "Sabina II"), ("Handicare", "Molift Quick Raiser 2+")),
            (("standaard", {"Kniesteun": "Verstelbaar"}), ("met weegschaal", {"Weegschaal": "Geijkt, klasse III"})),
            (3100, 5600),
            {"Max. belasting": "190 kg", "Accu": "24 V, afneembaar"},
            "Actieve tillift (sta-op-lift) {type}, {variant}, voor cliënten die kunnen meehelpen met staan.",
            rent=True, fleet_weight=4, related=("Tilband",)),
        Sub("Plafondlift", "Plafondlift",
            (("Liko", "LikoGuard L"), ("Arjo", "Maxi Sky 2"), ("Handicare", "C-450")),
            (("200 kg", {"Max. belasting": "200 kg"}), ("255 kg", {"Max. belasting": "255 kg"})),
            (2600, 5400),
            {"Bediening": "Handbediening met noodstop", "Montage": "Railsysteem, exclusief montage"},
            "Plafondliftmotor {type} voor {variant}, voor transfers zonder tillift op de vloer.",
            fleet_weight=3, related=("Tilband",)),
        Sub("Tilband", "Tilband",
            (("Liko", "Original Hygiene"), ("Arjo", "Flites"), ("Handicare", "Basic Sling"), ("Invacare", "Universal"),
             ("Liko", "SoloStrap")),
            _sizes("S", "M", "L", "XL", key="Maat"),
            (95, 420),
            {"Materiaal": "Polyester", "Wasbaar": "Tot 85 °C"},
            "Tilband {type}, maat {variant}, voor gebruik met de meeste tilliften met tweepunts- of vierpuntsjuk.",
            rent=True, fleet_weight=14, related=("Passieve tillift", "Actieve tillift")),
        Sub("Tilliftaccessoires", "",
            (("Liko", "Weegunit 350"), ("Arjo", "Vierpuntsjuk"), ("Handicare", "Reserveaccu 24 V")),
            (("standaard", {}), ("met certificaat", {"Certificaat": "Meegeleverd"})),
            (180, 1250),
            {},
            "{type} ({variant}) voor tilliften uit ons assortiment.",
            fleet_weight=1),
    )),
    ("Rolstoelen", "rolstoelen", (
        Sub("Standaard rolstoel", "Rolstoel",
            (("Vermeiren", "V300"), ("Invacare", "Action 2 NG"), ("Sunrise Medical", "Breezy 90"), ("Vermeiren", "D200")),
            _sizes("zitbreedte 40 cm", "zitbreedte 43 cm", "zitbreedte 46 cm", "zitbreedte 50 cm", key="Zitbreedte"),
            (390, 980),
            {"Max. belasting": "125 kg", "Opvouwbaar": "Ja", "Voetsteunen": "Afneembaar, wegzwenkbaar"},
            "Opvouwbare handbewogen rolstoel {type} met {variant}, voor dagelijks gebruik binnen en buiten.",
            rent=True, fleet_weight=14, related=("Anti-decubituskussen", "Rolstoelaccessoires")),
        Sub("Duwrolstoel", "Duwrolstoel",
            (("Vermeiren", "708D"), ("Invacare", "Action 1R")),
            _sizes("zitbreedte 43 cm", "zitbreedte 46 cm", "zitbreedte 50 cm", key="Zitbreedte"),
            (360, 820),
            {"Max. belasting": "125 kg", "Wielen": "Massief, 12 inch", "Remmen": "Duwremmen voor begeleider"},
            "Duwrolstoel {type} met {variant}, met kleine achterwielen en remmen voor de begeleider.",
            rent=True, fleet_weight=6, related=("Anti-decubituskussen",)),
        Sub("Transportrolstoel", "Transportrolstoel",
            (("Vermeiren", "Eclips X4 Transit"), ("Drive Medical", "Trans-Lite")),
            _sizes("zitbreedte 40 cm", "zitbreedte 45 cm", key="Zitbreedte"),
            (280, 640),
            {"Gewicht": "11 kg", "Opvouwbaar": "Ja"},
            "Lichte transportrolstoel {type} met {variant}, ideaal voor korte verplaatsingen in huis.",
            rent=True, fleet_weight=3),
        Sub("Comfortrolstoel", "Comfortrolstoel",
            (("Vermeiren", "Inovys 2"), ("Sunrise Medical", "Breezy Relax"), ("Invacare", "Rea Azalea")),
            _sizes("zitbreedte 39 cm", "zitbreedte 44 cm", "zitbreedte 49 cm", "zitbreedte 54 cm", key="Zitbreedte"),
            (1450, 3600),
            {"Kantelverstelling": "-1° tot +30°", "Rugverstelling": "Tot 30°", "Max. belasting": "135 kg"},
            "Kantel- en rugverstelbare comfortrolstoel {type} met {variant}, voor cliënten die lang zitten.",
            rent=True, fleet_weight=8, related=("Anti-decubituskussen", "Rolstoelaccessoires")),
        Sub("Elektrische rolstoel", "Elektrische rolstoel",
            (("Sunrise Medical", "Quickie Q400 M"), ("Invacare", "Storm4"), ("Permobil", "M3 Corpus")),
            (("standaard", {"Zitlift": "Nee"}), ("met zitlift", {"Zitlift": "Ja, 30 cm"}),
             ("met sta-functie", {"Zitlift": "Ja", "Sta-functie": "Ja"})),
            (5900, 14500),
            {"Snelheid": "6 – 10 km/u", "Actieradius": "30 km", "Max. belasting": "136 kg"},
            "Elektrische rolstoel {type}, {variant}, voor binnen en buiten.",
            fleet_weight=2),
        Sub("Rolstoelaccessoires", "",
            (("Vermeiren", "Therapieblad"), ("Invacare", "Hoofdsteun"), ("Vermeiren", "Beenstrak verstelbaar"),
             ("Sunrise Medical", "Stokhouder")),
            (("universeel", {}), ("op maat", {"Maatwerk": "Ja"})),
            (35, 260),
            {},
            "{type} ({variant}) voor rolstoelen uit ons assortiment.",
            fleet_weight=2),
    )),
    ("Douche- en toiletstoelen", "douche-toiletstoelen", (
        Sub("Douche-/toiletstoel verrijdbaar", "Douche-toiletstoel",
            (("Etac", "Clean"), ("Invacare", "Aquatec Ocean"), ("Vermeiren", "139"), ("Etac", "Swift Mobil-2")),
            (("standaard", {"Max. belasting": "130 kg"}), ("XL", {"Max. belasting": "180 kg", "Zitbreedte": "55 cm"}),
             ("kantelbaar", {"Kantelverstelling": "0° tot 40°"})),
            (420, 2300),
            {"Materiaal": "Roestvrij, corrosiebestendig", "Zitting": "Met toiletopening, afneembaar"},
            "Verrijdbare douche-toiletstoel {type}, {variant}, te gebruiken boven het toilet en in de douche.",
            rent=True, fleet_weight=10),
        Sub("Douchebrancard", "Douchebrancard",
            (("Arjo", "Carevo"), ("Invacare", "Aquatec Pulse")),
            _sizes("190 cm", "200 cm", key="Lengte"),
            (4800, 8900),
            {"Hoogteverstelling": "Elektrisch, 54 – 99 cm", "Max. belasting": "180 kg"},
            "Hoog-laag verstelbare douchebrancard {type} ({variant}) voor liggend douchen.",
            fleet_weight=1),
        Sub("Toiletverhoger", "Toiletverhoger",
            (("Etac", "Hi-Loo"), ("Invacare", "Aquatec 90000")),
            _sizes("6 cm", "10 cm", "15 cm", key="Verhoging"),
            (35, 140),
            {"Max. belasting": "150 kg"},
            "Toiletverhoger {type} van {variant}, met of zonder armleuningen te combineren.",
            fleet_weight=2),
        Sub("Douchekruk", "Douchekruk",
            (("Etac", "Edge"), ("Vermeiren", "Sedna"), ("Invacare", "Aquatec Sorrento")),
            (("zonder rugleuning", {"Rugleuning": "Nee"}), ("met rugleuning", {"Rugleuning": "Ja"})),
            (45, 190),
            {"Zithoogte": "Verstelbaar, 42 – 57 cm"},
            "Douchekruk {type} {variant}, stevig en in hoogte verstelbaar.",
            fleet_weight=2),
    )),
    ("Transferhulpmiddelen", "transferhulpmiddelen", (
        Sub("Glijzeil", "Glijzeil",
            (("Immedia", "SlideTube"), ("Handicare", "SatinSheet"), ("Careline", "Glijlaken")),
            _sizes("70 x 90 cm", "70 x 140 cm", "70 x 200 cm", "140 x 200 cm"),
            (35, 240),
            {"Materiaal": "Nylon met lage wrijving"},
            "Glijzeil {type} ({variant}) om cliënten in bed te verplaatsen en te draaien zonder tillen.",
            rent=True, fleet_weight=4),
        Sub("Draaischijf", "Draaischijf",
            (("Immedia", "TurnSafe"), ("Etac", "Turner")),
            _sizes("diameter 40 cm", "diameter 45 cm", key="Diameter"),
            (45, 190),
            {"Max. belasting": "150 kg"},
            "Draaischijf {type}, {variant}, voor een soepele staande of zittende transfer.",
            rent=True, fleet_weight=2),
        Sub("Transferplank", "Transferplank",
            (("Handicare", "Beasy Board"), ("Etac", "EasyGlide")),
            _sizes("60 cm", "76 cm", key="Lengte"),
            (60, 320),
            {"Max. belasting": "180 kg"},
            "Transferplank {type} ({variant}) voor zittende transfers tussen bed, rolstoel en toilet.",
            rent=True, fleet_weight=2),
        Sub("Sta-op-hulp", "Sta-op-hulp",
            (("Etac", "Turner PRO"), ("Handicare", "ReTurn7500i")),
            (("standaard", {}), ("met kniesteun verstelbaar", {"Kniesteun": "Verstelbaar"})),
            (420, 1180),
            {"Max. belasting": "150 kg"},
            "Sta-op-hulp {type}, {variant}, voor korte transfers van cliënten die kunnen staan.",
            rent=True, fleet_weight=3),
    )),
    ("ADL-hulpmiddelen", "adl-hulpmiddelen", (
        Sub("Rollator", "Rollator",
            (("Topro", "Troja 5G"), ("Vermeiren", "Quadri Light"), ("Dietz", "Taima M"), ("Drive Medical", "Nitro")),
            _sizes("S", "M", "L", key="Maat"),
            (150, 520),
            {"Max. belasting": "150 kg", "Mand en dienblad": "Ja", "Opvouwbaar": "Ja"},
            "Lichtgewicht rollator {type}, maat {variant}, met mand, dienblad en zitje.",
            rent=True, fleet_weight=8),
        Sub("Looprek", "Looprek",
            (("Vermeiren", "9460"), ("Invacare", "Banjo")),
            (("zonder wielen", {"Wielen": "Nee"}), ("met wielen", {"Wielen": "Twee voorwielen"})),
            (45, 160),
            {"Hoogteverstelbaar": "Ja"},
            "Looprek {type} {variant}, in hoogte verstelbaar.",
            rent=True, fleet_weight=3),
        Sub("Eet- en drinkhulpmiddelen", "",
            (("Etac", "Light bestekset"), ("Ornamin", "Drinkbeker met deksel"), ("Etac", "Bordrand"),
             ("Ornamin", "Antislipmat")),
            (("per stuk", {"Verpakking": "Per stuk"}), ("set van 5", {"Verpakking": "5 stuks"}),
             ("set van 10", {"Verpakking": "10 stuks"})),
            (8, 120),
            {"Vaatwasmachinebestendig": "Ja"},
            "{type}, {variant}: zelfstandig eten en drinken met minder inspanning.",
            fleet_weight=1),
        Sub("Grijptang", "Grijptang",
            (("Etac", "Reacher"), ("Vermeiren", "Grijper")),
            _sizes("60 cm", "75 cm", key="Lengte"),
            (15, 45),
            {"Bek": "Draaibaar, met magneet"},
            "Grijptang {type} van {variant} om voorwerpen van de grond op te rapen.",
            fleet_weight=1),
        Sub("Bedtafel", "Bedtafel",
            (("Vermeiren", "Bedtafel 52"), ("Völker", "Overbedtafel 10")),
            (("met enkel blad", {"Blad": "Enkel"}), ("met gedeeld blad", {"Blad": "Gedeeld, kantelbaar"})),
            (110, 380),
            {"Hoogteverstelling": "Gasveer, 72 – 112 cm"},
            "Verrijdbare bedtafel {type} {variant}, past over het bed en naast de stoel.",
            fleet_weight=3),
    )),
    ("Fysio- en oefenapparatuur", "fysio-oefenapparatuur", (
        Sub("Behandelbank", "Behandelbank",
            (("Lojer", "Capre"), ("Enraf-Nonius", "Manumed Optimal"), ("Gymna", "Cosmo")),
            (("2-delig, 65 cm breed", {"Delen": "2", "Breedte": "65 cm"}),
             ("3-delig, 65 cm breed", {"Delen": "3", "Breedte": "65 cm"}),
             ("3-delig, 80 cm breed", {"Delen": "3", "Breedte": "80 cm"}),
             ("5-delig, 65 cm breed", {"Delen": "5", "Breedte": "65 cm"})),
            (1900, 4600),
            {"Hoogteverstelling": "Elektrisch, 45 – 95 cm", "Max. belasting": "200 kg"},
            "Elektrisch verstelbare behandelbank {type}, {variant}, voor fysiotherapie en revalidatie.",
            rent=True, fleet_weight=2),
        Sub("Bewegingstrainer", "Bewegingstrainer",
            (("Reck", "MOTOmed viva2"), ("Reck", "MOTOmed loop")),
            (("benen", {"Trainingsvorm": "Benen"}), ("armen", {"Trainingsvorm": "Armen"}),
             ("armen en benen", {"Trainingsvorm": "Armen en benen"})),
            (2800, 6900),
            {"Weerstand": "20 niveaus", "Voeding": "230 V"},
            "Motorische bewegingstrainer {type} voor {variant}, actief en passief te gebruiken, ook vanuit de rolstoel.",
            rent=True, fleet_weight=2),
        Sub("Loopbrug", "Loopbrug",
            (("Lojer", "Loopbrug elektrisch"), ("Enraf-Nonius", "Walk-Bar")),
            _sizes("3 meter", "4 meter", key="Lengte"),
            (2400, 5200),
            {"Hoogteverstelling": "Elektrisch"},
            "Loopbrug {type} van {variant} voor looptraining met houvast aan twee kanten.",
            fleet_weight=1),
        Sub("Oefentrap", "Oefentrap",
            (("Lojer", "Oefentrap"),),
            (("recht", {"Vorm": "Recht"}), ("hoek", {"Vorm": "Hoektrap"})),
            (1400, 2600),
            {"Treden": "4 met leuningen aan beide zijden"},
            "{type} ({variant}) om traplopen veilig te oefenen.",
            fleet_weight=1),
    )),
)


@dataclass
class CatalogueProduct:
    id: int
    type_id: int
    subcategory_id: int
    category_id: int
    subcategory: str
    article_number: str
    name: str
    list_price: Decimal
    rentable: bool
    daily_rent: Decimal | None
    specifications: dict[str, str] = field(default_factory=dict)
    vat_rate: Decimal = Decimal("21.00")


@dataclass
class CatalogueType:
    id: int
    subcategory_id: int
    category_id: int
    subcategory: str
    name: str
    supplier: str
    products: list[CatalogueProduct] = field(default_factory=list)
    fleet_weight: int = 1
    rentable: bool = False


@dataclass
class Catalogue:
    types: list[CatalogueType]
    products: list[CatalogueProduct]

    def in_subcategory(self, name: str) -> list[CatalogueProduct]:
        return [p for p in self.products if p.subcategory == name]


_SUBS = {sub.name: sub for _, _, subs in CATALOGUE for sub in subs}


def _round_price(value: float) -> Decimal:
    """List prices end in ,00 (large items) or ,95 (small ones), like a real price list."""
    if value >= 200:
        return Decimal(int(round(value / 5) * 5)).quantize(Decimal("0.01"))
    return Decimal(int(value)) + Decimal("0.95")


def _daily_rent(list_price: Decimal) -> Decimal:
    rent = max(Decimal("0.50"), (list_price * Decimal("0.0025") * 20).to_integral_value() / 20)
    return rent.quantize(Decimal("0.01"))


async def ensure_catalogue(writer: BulkWriter) -> Catalogue:
    """The catalogue in the database; the demo catalogue is created when there is none yet."""
    if await writer.scalar('SELECT count(*) FROM "product_type"'):
        return await _load_catalogue(writer)
    if await writer.scalar('SELECT count(*) FROM "category"'):
        raise RuntimeError("The database has categories but no product types; add product types in /admin first.")
    return await _create_catalogue(writer)


async def _load_catalogue(writer: BulkWriter) -> Catalogue:
    types: dict[int, CatalogueType] = {}
    for type_id, sub_id, cat_id, sub_name, name, supplier in await writer.fetch(
        'SELECT t."id", t."subcategory", s."category", s."name", t."name", t."supplier" '
        'FROM "product_type" t JOIN "subcategory" s ON s."id" = t."subcategory" ORDER BY t."id"'
    ):
        sub = _SUBS.get(sub_name)
        types[type_id] = CatalogueType(type_id, sub_id, cat_id, sub_name, name, supplier,
                                       fleet_weight=sub.fleet_weight if sub else 1, rentable=bool(sub and sub.rent))
    products = []
    for pid, type_id, cat_id, article, name, price, rentable, rent, vat in await writer.fetch(
        'SELECT "id", "product_type", "category", "article_number", "name", "list_price", "rentable", "daily_rent", '
        '"vat_rate" FROM "product" WHERE "active" = ? ORDER BY "id"', True
    ):
        kind = types.get(type_id)
        if kind is None:
            continue
        product = CatalogueProduct(pid, type_id, kind.subcategory_id, cat_id, kind.subcategory, article, name,
                                   to_money(price), bool(rentable), to_money(rent) if rent is not None else None,
                                   vat_rate=to_money(vat))
        kind.products.append(product)
        products.append(product)
    return Catalogue(list(types.values()), products)


def _inspection_interval(category_slug: str, subcategory: str) -> int | None:
    """Months between inspections: patient hoists and slings yearly, beds every two years."""
    if category_slug == "tilliften-tilbanden" and subcategory != "Tilliftaccessoires":
        return 12
    return 24 if category_slug == "bedden" else None


# The reduced rate (9 %) is for aids made for people with a disability: wheelchairs, hoists and slings,
# shower and toilet chairs, transfer and ADL aids. Beds, mattresses and exercise equipment pay 21 %.
REDUCED_VAT_CATEGORIES = frozenset({"rolstoelen", "tilliften-tilbanden", "douche-toiletstoelen",
                                    "transferhulpmiddelen", "adl-hulpmiddelen"})


def _vat_rate(category_slug: str) -> Decimal:
    return Decimal("9.00") if category_slug in REDUCED_VAT_CATEGORIES else Decimal("21.00")


async def _create_catalogue(writer: BulkWriter) -> Catalogue:
    rng = random.Random(1910)  # its own generator: the same catalogue whatever else is seeded
    category_ids, sub_ids, type_ids, product_ids = (
        await writer.ids(Category), await writer.ids(Subcategory), await writer.ids(ProductType), await writer.ids(Product)
    )
    categories, subcategories, type_rows, product_rows = [], [], [], []
    types: list[CatalogueType] = []
    products: list[CatalogueProduct] = []
    for position, (category_name, slug, subs) in enumerate(CATALOGUE, start=1):
        category_id = next(category_ids)
        categories.append((category_id, category_name, slug, position * 10))
        article = position * 100000
        for sub in subs:
            sub_id = next(sub_ids)
            subcategories.append((sub_id, category_id, sub.name))
            for supplier, model in sub.types:
                type_id = next(type_ids)
                type_name = f"{supplier} {model}"
                type_rows.append((type_id, sub_id, type_name, supplier, _inspection_interval(slug, sub.name)))
                kind = CatalogueType(type_id, sub_id, category_id, sub.name, type_name, supplier,
                                     fleet_weight=sub.fleet_weight, rentable=sub.rent)
                types.append(kind)
                low, high = sub.price
                type_price = rng.uniform(low, low + (high - low) * 0.6)
                for step, (variant, variant_specs) in enumerate(sub.variants):
                    article += rng.randint(3, 17)
                    pid = next(product_ids)
                    list_price = _round_price(min(high, type_price * (1 + 0.08 * step)))
                    rentable = sub.rent and rng.random() < 0.7
                    daily_rent = _daily_rent(list_price) if rentable else None
                    if sub.noun:
                        name = f"{sub.noun} {type_name}, {variant}"
                    else:
                        name = f"{model} {supplier}, {variant}"
                    specifications = {"Leverancier": supplier, "Type": type_name, **sub.specs, **variant_specs}
                    description = sub.description.format(type=type_name, variant=variant)
                    product = CatalogueProduct(pid, type_id, sub_id, category_id, sub.name, f"{article:06d}", name,
                                               list_price, rentable, daily_rent, specifications, _vat_rate(slug))
                    kind.products.append(product)
                    products.append(product)
                    product_rows.append((
                        pid, product.article_number, name, description, writer.json(specifications), type_id,
                        category_id, writer.money(list_price), True, rentable, writer.money(daily_rent), True,
                        writer.money(product.vat_rate), writer.json([f"{slug}.svg"]),
                    ))
    await writer.insert(Category, ("id", "name", "slug", "position"), categories)
    await writer.insert(Subcategory, ("id", "category", "name"), subcategories)
    await writer.insert(ProductType, ("id", "subcategory", "name", "supplier", "inspection_interval_months"), type_rows)
    await writer.insert(Product, (
        "id", "article_number", "name", "description", "specifications", "product_type", "category", "list_price",
        "purchasable", "rentable", "daily_rent", "active", "vat_rate", "images",
    ), product_rows)

    # Related products: slings with hoists, mattresses and accessories with beds, cushions with wheelchairs.
    by_sub: dict[str, list[CatalogueProduct]] = defaultdict(list)
    for product in products:
        by_sub[product.subcategory].append(product)
    related_ids = await writer.ids(RelatedProduct)
    related_rows = []
    for product in products:
        for other_sub in _SUBS[product.subcategory].related:
            for other in rng.sample(by_sub[other_sub], min(2, len(by_sub[other_sub]))):
                related_rows.append((next(related_ids), product.id, other.id))
    await writer.insert(RelatedProduct, ("id", "product", "related"), related_rows)
    return Catalogue(types, products)


# ---------------------------------------------------------------------------------------------------------
# Words for believable free text
# ---------------------------------------------------------------------------------------------------------

CLIENTS = (
    "Mevr. J. de Boer", "Dhr. K. Smit", "Mevr. A. Visser", "Dhr. H. van Dijk", "Mevr. G. Bos", "Dhr. P. Mulder",
    "Mevr. T. de Wit", "Dhr. W. Peters", "Mevr. R. Hendriks", "Dhr. J. van Leeuwen", "Mevr. M. Dekker",
    "Dhr. B. Brouwer", "Mevr. E. van der Meer", "Dhr. F. Koster", "Mevr. L. Prins", "Dhr. S. Huisman",
)
CONTACTS = (
    "Ellen Kok", "Ruud Vermeulen", "Marieke Schouten", "Hans Willems", "Yvonne Jacobs", "Dennis van der Linden",
    "Karin Verhoeven", "Bas Kuijpers", "Monique Postma", "Gerrit Dijkstra", "Saskia Vos", "Erik Boer",
)
DEFECTS = (
    "Bed gaat niet meer omhoog; de handbediening reageert niet.",
    "Zijhek klemt en valt niet meer in de vergrendeling.",
    "Rem van het rechter achterwiel werkt niet goed.",
    "Accu van de tillift laadt niet meer volledig op.",
    "Tilband is gerafeld bij de lus van het beenstuk.",
    "Band van de rolstoel is lek.",
    "Voetsteun van de rolstoel zit los.",
    "Wisseldrukpomp geeft een alarm bij drukverlies.",
    "Kantelverstelling van de comfortrolstoel hapert.",
    "Wiel van de douchestoel draait niet meer vrij.",
    "Rugsteun zakt langzaam terug.",
    "Noodstop van de plafondlift blijft ingedrukt.",
)
MESSAGES = (
    "", "", "", "Graag vóór 10.00 uur, daarna is de cliënt bij de dagbesteding.",
    "Sleutel is af te halen bij de receptie.", "Goederenlift aan de achterzijde gebruiken.",
    "Bellen bij aankomst, dan komt iemand naar beneden.", "Kamer is vrij tussen 13.00 en 15.00 uur.",
)
SHIPPING_METHODS = ("Bezorging HartingBank", "Bezorging HartingBank", "PostNL pakket", "DHL Express")


def _phone(rng: random.Random, area: str) -> str:
    return f"{area} {rng.randint(200, 799)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def _mobile(rng: random.Random) -> str:
    return f"06 {rng.randint(10000000, 69999999)}"


def _mail_of(name: str, domain: str) -> str:
    first, *rest = name.lower().split()
    return f"{first[0]}.{''.join(rest).replace('-', '')}@{domain}"


# ---------------------------------------------------------------------------------------------------------
# The demo itself
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Place:
    id: int
    organisation_id: int
    name: str
    city: str
    departments: list[int]
    weight: int


@dataclass
class Person:
    id: int
    organisation_id: int
    spec: DemoAccount
    location_ids: list[int]
    budget: list[tuple[Decimal, int]] = field(default_factory=list)
    authorisers: dict[str, int] = field(default_factory=dict)


class DemoBuilder:
    def __init__(self, writer: BulkWriter, catalogue: Catalogue) -> None:
        self.w = writer
        self.catalogue = catalogue
        self.rng = random.Random(2026)
        self.now = datetime.now(timezone.utc).replace(microsecond=0)
        self.today = self.now.date()
        self.password_hash = hash_password_sync(DEMO_PASSWORD)
        self.org_ids: dict[str, int] = {}
        self.places: dict[str, list[Place]] = {}
        self.depots: dict[str, list[int]] = {}
        self.hb_depots: list[int] = []
        self.people: dict[str, Person] = {}
        self.references: dict[int, list[tuple[int, int | None, date]]] = defaultdict(list)  # location -> refs
        self.contract_prices: dict[tuple[int, int], Decimal] = {}
        self.counts: dict[str, int] = defaultdict(int)
        self.invoiceable_requests: list[dict] = []  # done repairs, filled by write_requests
        self.delivered_orders: list[dict] = []  # filled by orders, invoiced by invoices

    def moment(self, days_ago_min: float, days_ago_max: float) -> datetime:
        """A time during office hours (UTC) between the given numbers of days ago."""
        day = self.today - timedelta(days=self.rng.randint(int(days_ago_min), int(days_ago_max)))
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        return datetime(day.year, day.month, day.day, self.rng.randint(6, 15), self.rng.randint(0, 59),
                        self.rng.randint(0, 59), tzinfo=timezone.utc)

    async def insert(self, table, columns, rows) -> None:
        self.counts[table._meta.tablename] += len(rows)
        await self.w.insert(table, columns, rows)

    async def run(self) -> None:
        await self.organisations()
        await self.accounts()
        await self.assortments()
        await self.rental_references()
        await self.assets_and_history()
        await self.orders()
        await self.quotes()
        await self.help_content()
        await self.notifications_and_requests()
        await self.insert(AuditEvent, ("id", "at", "actor_label", "action", "object_type", "changes"), [(
            next(await self.w.ids(AuditEvent)), self.w.ts(self.now), "staff:cli", "demo_seeded", "database",
            self.w.json({table: count for table, count in sorted(self.counts.items())}),
        )])

    # Organisations -------------------------------------------------------------------------------------

    async def organisations(self) -> None:
        org_ids, loc_ids, dep_ids, depot_ids = (
            await self.w.ids(Organisation), await self.w.ids(Location), await self.w.ids(Department), await self.w.ids(Depot)
        )
        orgs, locations, departments, depots = [], [], [], []
        for org in ORGANISATIONS:
            org_id = next(org_ids)
            self.org_ids[org.key] = org_id
            orgs.append((org_id, org.name, org.customer_number, True, self.w.ts(self.now - timedelta(days=3 * 365))))
            self.places[org.key] = []
            for name, address, postal_code, city, department_names, weight in org.locations:
                loc_id = next(loc_ids)
                locations.append((loc_id, org_id, name, address, postal_code, city, True))
                place = Place(loc_id, org_id, name, city, [], weight)
                for department in department_names:
                    dep_id = next(dep_ids)
                    departments.append((dep_id, loc_id, department, True))
                    place.departments.append(dep_id)
                self.places[org.key].append(place)
            self.depots[org.key] = []
            for name, address, city in org.depots:
                depot_id = next(depot_ids)
                depots.append((depot_id, org_id, name, address, city))
                self.depots[org.key].append(depot_id)
        for name, address, city in HARTINGBANK_DEPOTS:
            depot_id = next(depot_ids)
            depots.append((depot_id, None, name, address, city))
            self.hb_depots.append(depot_id)
        await self.insert(Organisation, ("id", "name", "customer_number", "active", "created_at"), orgs)
        await self.insert(Location, ("id", "organisation", "name", "address", "postal_code", "city", "active"), locations)
        await self.insert(Department, ("id", "location", "name", "active"), departments)
        await self.insert(Depot, ("id", "organisation", "name", "address", "city"), depots)

    # Accounts ------------------------------------------------------------------------------------------

    async def accounts(self) -> None:
        account_ids = await self.w.ids(Account)
        rows, location_rows, department_rows, tier_rows, authoriser_rows = [], [], [], [], []
        link_ids, dep_link_ids, tier_ids, auth_ids = (
            await self.w.ids(AccountLocation), await self.w.ids(AccountDepartment), await self.w.ids(BudgetTier),
            await self.w.ids(ServiceAuthoriser),
        )
        for spec in ACCOUNTS:
            account_id = next(account_ids)
            org_id = self.org_ids[spec.organisation]
            places = self.places[spec.organisation]
            chosen = places if spec.locations is None else [places[i] for i in spec.locations]
            person = Person(account_id, org_id, spec, [p.id for p in chosen])
            self.people[spec.key] = person
            created = self.now - timedelta(days=self.rng.randint(200, 900))
            has_password = not spec.invited
            rows.append((
                account_id, org_id, spec.name, spec.email(), self.password_hash if has_password else None, spec.role,
                spec.active, spec.may_authorise_orders, bool(spec.budget), self.w.ts(created),
                self.w.ts(self.moment(0, 20)) if has_password and spec.active else None,
                self.w.ts(created + timedelta(days=1)) if has_password else None,
            ))
            for place in chosen:
                location_rows.append((next(link_ids), account_id, place.id))
            if spec.departments is None:
                department_ids = [d for place in chosen for d in place.departments]
            else:
                department_ids = [places[li].departments[di] for li, di in spec.departments]
            for dep_id in department_ids:
                department_rows.append((next(dep_link_ids), account_id, dep_id))
        for spec in ACCOUNTS:
            person = self.people[spec.key]
            for amount, authoriser in spec.budget:
                tier_rows.append((next(tier_ids), person.id, self.w.money(Decimal(amount)), self.people[authoriser].id))
                person.budget.append((Decimal(amount), self.people[authoriser].id))
            for kind, authoriser in spec.authorisers:
                for each in (REQUESTABLE_KINDS if kind == "*" else (kind,)):
                    authoriser_rows.append((next(auth_ids), person.id, each, self.people[authoriser].id))
                    person.authorisers[each] = self.people[authoriser].id
        await self.insert(Account, (
            "id", "organisation", "name", "email", "password_hash", "role", "active", "may_authorise_orders",
            "has_budget_limit", "created_at", "last_login_at", "password_changed_at",
        ), rows)
        await self.insert(AccountLocation, ("id", "account", "location"), location_rows)
        await self.insert(AccountDepartment, ("id", "account", "department"), department_rows)
        await self.insert(BudgetTier, ("id", "account", "from_amount", "authoriser"), tier_rows)
        await self.insert(ServiceAuthoriser, ("id", "account", "kind", "authoriser"), authoriser_rows)

    def place(self, org_key: str, location_id: int) -> Place:
        return next(p for p in self.places[org_key] if p.id == location_id)

    def people_of(self, org_key: str, location_id: int | None = None, roles: tuple[str, ...] | None = None) -> list[Person]:
        org_id = self.org_ids[org_key]
        return [
            p for p in self.people.values()
            if p.organisation_id == org_id and p.spec.active and not p.spec.invited
            and (roles is None or p.spec.role in roles)
            and (location_id is None or p.spec.role == "admin" or location_id in p.location_ids)
        ]

    # Contract prices and core assortments ----------------------------------------------------------------

    async def assortments(self) -> None:
        price_ids, core_ids = await self.w.ids(ContractPrice), await self.w.ids(CoreAssortment)
        prices, cores = [], []
        for org in ORGANISATIONS:
            org_id = self.org_ids[org.key]
            for product in self.catalogue.products:
                if self.rng.random() < 0.35:
                    discount = Decimal(self.rng.choice(("0.82", "0.85", "0.88", "0.90", "0.92", "0.95")))
                    price = to_money(product.list_price * discount)
                    self.contract_prices[(org_id, product.id)] = price
                    prices.append((next(price_ids), org_id, product.id, self.w.money(price)))
            favourite = [p for p in self.catalogue.products if _SUBS.get(p.subcategory) and _SUBS[p.subcategory].fleet_weight >= 3]
            for product in self.rng.sample(favourite, min(45, len(favourite))):
                cores.append((next(core_ids), org_id, product.id))
        await self.insert(ContractPrice, ("id", "organisation", "product", "price"), prices)
        await self.insert(CoreAssortment, ("id", "organisation", "product"), cores)

    def price(self, org_id: int, product: CatalogueProduct) -> Decimal:
        return self.contract_prices.get((org_id, product.id), product.list_price)

    # Rental references (room numbers) ------------------------------------------------------------------

    async def rental_references(self) -> None:
        ref_ids = await self.w.ids(RentalReference)
        rows = []
        for org in ORGANISATIONS:
            org_id = self.org_ids[org.key]
            for place in self.places[org.key]:
                for n in range(8 * place.weight):
                    ref_id = next(ref_ids)
                    department = self.rng.choice(place.departments)
                    start = self.today - timedelta(days=self.rng.randint(5, 720))
                    reference = f"Kamer {self.rng.randint(0, 3)}.{n + 1:02d}"
                    note = self.rng.choice(("", "Kostenplaats 4410", "Kostenplaats 4420", "Goederenlift aanwezig",
                                            "Afleveren via de achteringang"))
                    rows.append((ref_id, org_id, place.id, department, reference, self.w.day(start), note,
                                 self.w.ts(datetime(start.year, start.month, start.day, 9, tzinfo=timezone.utc))))
                    self.references[place.id].append((ref_id, department, start))
        await self.insert(RentalReference, (
            "id", "organisation", "location", "department", "reference", "start_date", "note", "created_at",
        ), rows)

    # Aids and their history ----------------------------------------------------------------------------

    async def assets_and_history(self) -> None:
        asset_ids = await self.w.ids(Asset)
        types = self.catalogue.types
        weights = [t.fleet_weight for t in types]
        assets, requests = [], []
        for org in ORGANISATIONS:
            org_id = self.org_ids[org.key]
            places = self.places[org.key]
            place_weights = [p.weight for p in places]
            for _ in range(org.aids):
                asset_id = next(asset_ids)
                kind = self.rng.choices(types, weights)[0]
                product = self.rng.choice(kind.products) if kind.products else None
                place = self.rng.choices(places, place_weights)[0]
                department = self.rng.choice(place.departments) if self.rng.random() < 0.95 else None
                status = self.rng.choices(("in_use", "depot", "transport", "cleaning"), (76, 12, 4, 8))[0]
                depot = None
                if status == "depot":
                    depot = self.rng.choice(self.depots[org.key] + self.hb_depots)
                    department = None
                rented = kind.rentable and self.rng.random() < 0.35
                reference = rental_start = None
                if rented and self.references[place.id]:
                    reference, ref_department, rental_start = self.rng.choice(self.references[place.id])
                    department = ref_department if status != "depot" else None
                    created = datetime(rental_start.year, rental_start.month, rental_start.day, 8, tzinfo=timezone.utc)
                else:
                    rented = False
                    created = self.moment(30, 6 * 365)
                year = max(2010, created.year - self.rng.randint(0, 3))
                characteristics = {}
                if product:
                    characteristics = {k: v for k, v in product.specifications.items() if k not in ("Leverancier", "Type")}
                    characteristics = dict(list(characteristics.items())[:3])
                characteristics["Kleur"] = self.rng.choice(("Wit", "Grijs", "Antraciet", "Beuken", "Blauw"))
                assets.append((
                    asset_id, f"HB{asset_id:07d}", org_id, kind.category_id, kind.subcategory_id, kind.id,
                    product.id if product else None, place.id, department, depot, status,
                    "rented" if rented else "owned", self.w.day(rental_start), reference,
                    f"{kind.supplier[:3].upper()}{year}{self.rng.randint(10000, 99999)}", year,
                    self.w.json(characteristics), self.w.ts(created),
                ))
                requests.extend(self.history(org.key, asset_id, place, department, status, rented, created))
        await self.insert(Asset, (
            "id", "object_number", "organisation", "category", "subcategory", "product_type", "product", "location",
            "department", "depot", "status", "ownership", "rental_start", "rental_reference", "serial_number",
            "year_of_manufacture", "characteristics", "created_at",
        ), assets)
        await self.write_requests(requests)

    def history(self, org_key: str, asset_id: int, place: Place, department: int | None, status: str,
                rented: bool, since: datetime) -> list[dict]:
        """The service requests of one aid: yearly inspections, cleanings, repairs, moves."""
        age_days = max(1, (self.now - since).days)
        count = min(12, self.rng.choices((0, 1, 2, 3, 4, 5, 6, 8), (8, 16, 20, 20, 15, 10, 7, 4))[0] + age_days // 700)
        kinds = ["repair", "relocation", "to_depot", "from_depot", "cleaning", "inspection", "maintenance"]
        kind_weights = [18, 12, 6, 5, 20, 27, 12]
        result = []
        for _ in range(count):
            kind = self.rng.choices(kinds, kind_weights)[0]
            created = since + timedelta(days=self.rng.uniform(0, age_days), hours=self.rng.randint(0, 6))
            result.append(self.request(org_key, asset_id, place, department, kind, created))
        if rented and self.rng.random() < 0.08:
            result.append(self.request(org_key, asset_id, place, department, "rental_pickup", self.moment(0, 12)))
        if status == "transport":
            result.append(self.request(org_key, asset_id, place, department, self.rng.choice(("relocation", "from_depot")),
                                       self.moment(1, 6), force_status="planned"))
        elif status == "cleaning":
            result.append(self.request(org_key, asset_id, place, department, "cleaning", self.moment(0, 3),
                                       force_status="planned"))
        return result

    def request(self, org_key: str, asset_id: int, place: Place, department: int | None, kind: str,
                created: datetime, force_status: str | None = None) -> dict:
        rng = self.rng
        created = min(created, self.now - timedelta(hours=1))
        age = (self.now - created).days
        staff_kind = kind in ("cleaning", "inspection", "maintenance")
        requester = None
        authoriser = None
        if not staff_kind:
            candidates = self.people_of(org_key, place.id)
            requester = rng.choice(candidates) if candidates else None
            if requester and requester.authorisers.get(kind, requester.id) != requester.id:
                authoriser = requester.authorisers[kind]
        if force_status:
            status = force_status
        elif age > 45:
            status = rng.choices(("done", "cancelled", "rejected"), (92, 5, 3 if authoriser else 0))[0]
        elif age > 10:
            status = rng.choices(("done", "planned", "cancelled"), (70, 25, 5))[0]
        else:
            status = rng.choices(("awaiting_authorisation", "submitted", "planned", "done"),
                                 (30 if authoriser else 0, 35, 25, 10))[0]
        requested_date = created.date() + timedelta(days=rng.randint(1, 14))
        planned = executed = None
        if status in ("planned", "done"):
            planned = requested_date + timedelta(days=rng.randint(-1, 5))
            if status == "planned" and planned <= self.today:
                planned = self.today + timedelta(days=rng.randint(1, 21))
            if status == "done":
                planned = min(planned, self.today)
                executed = planned
        elif status == "submitted" and requested_date < self.today:
            requested_date = self.today + timedelta(days=rng.randint(1, 10))
        cost = None
        if status == "done":
            low, high = {"repair": (45, 450), "maintenance": (60, 180), "inspection": (35, 65), "cleaning": (25, 45)}.get(
                kind, (40, 95))
            cost = Decimal(rng.randint(low * 4, high * 4)) / 4
        depots = self.depots[org_key] + self.hb_depots
        other_place = rng.choice(self.places[org_key])
        contact = rng.choice(CONTACTS)
        domain = next(o.domain for o in ORGANISATIONS if o.key == org_key)
        return {
            "organisation": self.org_ids[org_key], "asset": asset_id, "kind": kind, "status": status,
            "requester": requester, "location": place.id, "department": department,
            "requested_date": requested_date,
            "intended_for": rng.choice(CLIENTS) if not staff_kind and rng.random() < 0.6 else "",
            "current_department": department if kind in ("relocation", "repair", "to_depot") else None,
            "delivery_location": other_place.id if kind in ("relocation", "from_depot") else None,
            "delivery_department": rng.choice(other_place.departments) if kind in ("relocation", "from_depot") else None,
            "pickup_location": place.id if kind == "rental_pickup" else None,
            "depot": rng.choice(depots) if kind == "to_depot" else None,
            "contact_name": contact if kind in ("from_depot", "to_depot", "repair") else "",
            "contact_phone": _mobile(rng) if kind in ("from_depot", "to_depot", "repair") else "",
            "contact_email": _mail_of(contact, domain) if kind in ("from_depot", "to_depot", "repair") else "",
            "performed_by": rng.choice(("hartingbank", "hartingbank", "own")) if kind in ("relocation", "from_depot", "to_depot") else "",
            "defect_description": rng.choice(DEFECTS) if kind == "repair" else "",
            "message": rng.choice(MESSAGES) if not staff_kind else "",
            "authoriser": authoriser,
            "planned_date": planned, "executed_date": executed, "cost": cost, "created_at": created,
        }

    async def write_requests(self, requests: list[dict]) -> None:
        """Numbered in order of creation, with their status trail."""
        requests.sort(key=lambda r: r["created_at"])
        request_ids, event_ids = await self.w.ids(ServiceRequest), await self.w.ids(ServiceRequestEvent)
        names = {p.id: p.spec.name for p in self.people.values()}
        w = self.w
        rows, events = [], []
        for r in requests:
            request_id = next(request_ids)
            created = r["created_at"]
            requester: Person | None = r["requester"]
            by_id = requester.id if requester else None
            by_label = requester.spec.name if requester else HARTINGBANK
            trail: list[tuple[str, datetime, int | None, str, str]] = []
            authorised_at = None
            if r["authoriser"]:
                trail.append(("awaiting_authorisation", created, by_id, by_label, ""))
                if r["status"] not in ("awaiting_authorisation",):
                    authorised_at = created + timedelta(hours=self.rng.randint(1, 30))
                    decision = "rejected" if r["status"] == "rejected" else "submitted"
                    note = "Niet nodig: er staat een vergelijkbaar hulpmiddel in het depot." if decision == "rejected" else "Akkoord."
                    trail.append((decision, authorised_at, r["authoriser"], names[r["authoriser"]], note))
            else:
                trail.append(("submitted", created, by_id, by_label, ""))
            last = trail[-1][1]
            if r["status"] in ("planned", "done"):
                planned_at = min(last + timedelta(hours=self.rng.randint(2, 48)), self.now)
                trail.append(("planned", planned_at, None, HARTINGBANK, f"Ingepland op {r['planned_date']:%d-%m-%Y}."))
            if r["status"] == "done":
                done_at = datetime(r["executed_date"].year, r["executed_date"].month, r["executed_date"].day,
                                   self.rng.randint(8, 15), tzinfo=timezone.utc)
                trail.append(("done", max(done_at, trail[-1][1]), None, HARTINGBANK, "Uitgevoerd."))
            if r["status"] == "cancelled":
                trail.append(("cancelled", last + timedelta(hours=3), by_id, by_label, "Niet meer nodig."))
            updated = trail[-1][1]
            number = await w.number("service", created.year)
            r["id"], r["number"] = request_id, number
            rows.append((
                request_id, number, r["organisation"], r["asset"], r["kind"], r["status"], by_id, r["location"],
                r["department"], w.day(r["requested_date"]), r["intended_for"], r["current_department"],
                r["delivery_location"], r["delivery_department"], r["pickup_location"], r["depot"], r["contact_name"],
                r["contact_phone"], r["contact_email"], r["performed_by"], r["defect_description"], r["message"],
                r["authoriser"], w.ts(authorised_at), "Akkoord." if authorised_at and r["status"] != "rejected" else "",
                w.day(r["planned_date"]), w.day(r["executed_date"]), w.money(r["cost"]), w.ts(created), w.ts(updated),
            ))
            for status, at, account, label, note in trail:
                events.append((next(event_ids), request_id, status, w.ts(at), account, label, note))
        await self.insert(ServiceRequest, (
            "id", "number", "organisation", "asset", "kind", "status", "requester", "location", "department",
            "requested_date", "intended_for", "current_department", "delivery_location", "delivery_department",
            "pickup_location", "depot", "contact_name", "contact_phone", "contact_email", "performed_by",
            "defect_description", "message", "authoriser", "authorised_at", "authorisation_note", "planned_date",
            "executed_date", "cost", "created_at", "updated_at",
        ), rows)
        await self.insert(ServiceRequestEvent, ("id", "service_request", "status", "at", "by_account", "by_label", "note"),
                          events)
        # Repairs are invoiced one by one; cleanings, inspections and maintenance fall under the contract.
        self.invoiceable_requests = [r for r in requests if r["status"] == "done" and r["kind"] == "repair"]

    # Orders, approvals, quotes and invoices --------------------------------------------------------------

    async def orders(self) -> None:
        w, rng = self.w, self.rng
        order_ids, line_ids, event_ids, approval_ids = (
            await w.ids(Order), await w.ids(OrderLine), await w.ids(OrderEvent), await w.ids(OrderApproval)
        )
        shop_roles = ("admin", "1", "2", "3", "5", "7")
        plans: list[tuple[str, Person, datetime, str | None]] = []
        for org, amount in zip(ORGANISATIONS, (150, 45)):
            buyers = self.people_of(org.key, roles=shop_roles)
            for _ in range(amount):
                # A third of the orders are recent, so the dashboard and "Mijn orders" show work in progress.
                created = self.moment(0, 45) if rng.random() < 0.33 else self.moment(0, 540)
                plans.append((org.key, rng.choice(buyers), created, None))
        # Orders that wait for a budget authoriser right now, so the approval pages have work.
        for key in ("rol2", "rol2", "rol3", "rol5", "rol5", "rol7", "rol2", "noord-3"):
            person = self.people[key]
            org_key = next(o.key for o in ORGANISATIONS if self.org_ids[o.key] == person.organisation_id)
            plans.append((org_key, person, self.moment(0, 6), "awaiting_authorisation"))
        plans.sort(key=lambda plan: plan[2])

        orders, lines, events, approvals = [], [], [], []
        for org_key, person, created, forced in plans:
            org_id = self.org_ids[org_key]
            domain = next(o.domain for o in ORGANISATIONS if o.key == org_key)
            place = self.place(org_key, rng.choice(person.location_ids))
            department = rng.choice(place.departments)
            rental = forced is None and rng.random() < 0.25
            pool = [p for p in self.catalogue.products if p.rentable] if rental else self.catalogue.products
            order_id = next(order_ids)
            order_lines, plain_lines, total = [], [], Decimal("0.00")
            wanted = rng.randint(1, 4)
            if forced:  # make sure the order is over the account's first budget tier
                big = [p for p in pool if self.price(org_id, p) >= person.budget[0][0]]
                chosen = [rng.choice(big)] + rng.sample(pool, wanted - 1)
            else:
                chosen = rng.sample(pool, wanted)
            for product in chosen:
                quantity = rng.choice((1, 1, 1, 2, 2, 3, 4, 6, 10)) if product.list_price < 500 else rng.choice((1, 1, 2))
                if rental:  # priced as the portal prices a rental order: the first month (RENT-3)
                    unit = first_month(product.daily_rent)
                    line_total = unit * quantity
                    order_lines.append((next(line_ids), order_id, product.id, product.article_number, product.name,
                                        quantity, w.money(unit), w.money(product.daily_rent), w.money(line_total),
                                        w.money(product.vat_rate)))
                else:
                    unit = self.price(org_id, product)
                    line_total = unit * quantity
                    order_lines.append((next(line_ids), order_id, product.id, product.article_number, product.name,
                                        quantity, w.money(unit), None, w.money(line_total), w.money(product.vat_rate)))
                plain_lines.append((product.name, quantity, unit))
                total += line_total
            tier = max((t for t in person.budget if total >= t[0]), default=None, key=lambda t: t[0])
            age = (self.now - created).days
            if forced:
                status = forced
            elif age > 30:
                status = rng.choices(("delivered", "cancelled", "rejected"), (88, 7, 5 if tier else 0))[0]
            else:
                status = rng.choices(("submitted", "confirmed", "shipped", "delivered"), (20, 30, 20, 30))[0]
            if status == "awaiting_authorisation" and not tier:
                status = "submitted"
            trail: list[tuple[str, datetime, str, str]] = []
            if tier:
                trail.append(("awaiting_authorisation", created, person.spec.name,
                              f"Boven de budgetlimiet van € {tier[0]:.2f}".replace(".", ",")))
                decided = created + timedelta(hours=rng.randint(1, 40))
                authoriser_name = next(p.spec.name for p in self.people.values() if p.id == tier[1])
                decision = {"awaiting_authorisation": "pending", "rejected": "rejected"}.get(status, "approved")
                approvals.append((next(approval_ids), order_id, w.money(tier[0]), tier[1], decision,
                                  w.ts(decided) if decision != "pending" else None,
                                  "Graag eerst overleggen met de teamleider." if decision == "rejected" else ""))
                if decision == "approved":
                    trail.append(("submitted", decided, authoriser_name, "Geautoriseerd."))
                elif decision == "rejected":
                    trail.append(("rejected", decided, authoriser_name, "Afgewezen door de budgethouder."))
            else:
                trail.append(("submitted", created, person.spec.name, ""))
            delivery = shipping = None
            requested_delivery = created.date() + timedelta(days=rng.randint(3, 21))
            steps = ("confirmed", "shipped", "delivered")
            if status in steps:
                for step in steps[: steps.index(status) + 1]:
                    at = min(trail[-1][1] + timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5)), self.now)
                    trail.append((step, at, HARTINGBANK, ""))
                    if step == "confirmed":
                        delivery = max(requested_delivery, at.date() + timedelta(days=2))
                    if step == "shipped":
                        shipping = at.date()
                if status == "delivered":
                    delivery = trail[-1][1].date()
            if status == "cancelled":
                trail.append(("cancelled", trail[-1][1] + timedelta(hours=4), person.spec.name, "Dubbel besteld."))
            number = await w.number("order", created.year)
            reference = rental_start = None
            if rental and self.references[place.id]:
                reference, ref_department, rental_start = rng.choice(self.references[place.id])
                department = ref_department or department
            report_to = rng.choice(CONTACTS)
            orders.append((
                order_id, number, org_id, person.id, "rental" if rental else "purchase", status, place.id, department,
                report_to, _phone(rng, "030"), _mail_of(report_to, domain),
                person.spec.name, _mobile(rng), person.spec.email(),
                rng.choice(("", "", f"Kamer {rng.randint(0, 3)}.{rng.randint(1, 40):02d}", f"KP {rng.randint(4400, 4499)}")),
                rng.choice(MESSAGES), w.day(requested_delivery), w.day(delivery), w.day(shipping),
                rng.choice(SHIPPING_METHODS) if shipping else "", reference, w.day(rental_start),
                w.money(total), w.ts(created),
            ))
            lines.extend(order_lines)
            for status_, at, label, note in trail:
                events.append((next(event_ids), order_id, status_, w.ts(at), label, note))
            if status == "delivered":
                self.delivered_orders.append({
                    "id": order_id, "organisation": org_id, "location": place.id, "rental": rental,
                    "delivered": delivery, "lines": plain_lines, "total": total,
                })
        await self.insert(Order, (
            "id", "number", "organisation", "account", "kind", "status", "location", "department", "report_to_name",
            "report_to_phone", "report_to_email", "contact_name", "contact_phone", "contact_email", "reference",
            "message", "requested_delivery_date", "delivery_date", "shipping_date", "shipping_method",
            "rental_reference", "rental_start", "total", "created_at",
        ), orders)
        await self.insert(OrderLine, (
            "id", "order", "product", "article_number", "name", "quantity", "unit_price", "daily_rent", "line_total",
            "vat_rate",
        ), lines)
        await self.insert(OrderEvent, ("id", "order", "status", "at", "by_label", "note"), events)
        await self.insert(OrderApproval, ("id", "order", "tier_amount", "authoriser", "decision", "decided_at", "note"),
                          approvals)
        await self.invoices()

    async def invoices(self) -> None:
        w, rng = self.w, self.rng
        drafts = []
        for order in self.delivered_orders:
            when = order["delivered"]
            if order["rental"]:
                days = max(1, min(30, (self.today - when).days))
                lines = [(f"Huur {name}, {days} dagen", Decimal(days * quantity), unit, None)
                         for name, quantity, unit in order["lines"]]
            else:
                lines = [(name, Decimal(quantity), unit, None) for name, quantity, unit in order["lines"]]
            drafts.append(("invoice", order["organisation"], order["location"], order["id"], None, when, lines))
        for request in self.invoiceable_requests:
            when = request["executed_date"]
            text = f"Reparatie {request['number']}: {request['defect_description'].rstrip('.')}"
            lines = [(text[:300], Decimal(1), request["cost"], None)]
            drafts.append(("invoice", request["organisation"], request["location"], None, request["id"], when, lines))
        credit = []
        for number, draft in rng.sample(list(enumerate(drafts)), len(drafts) // 20):
            kind, org, location, order, request, when, lines = draft
            name, quantity, unit, _ = lines[0]
            credit_date = when + timedelta(days=rng.randint(3, 40))
            if credit_date <= self.today:
                amount = to_money(-unit * quantity * Decimal(rng.choice(("0.1", "0.25", "0.5", "1"))))
                credit.append(("credit_note", org, location, order, request, credit_date,
                               [(f"Creditering: {name}"[:300], Decimal(1), amount, None)], number))
        # Each draft with its place in the list; a credit note with the place of the invoice it credits.
        drafts = [(*draft, None, number) for number, draft in enumerate(drafts)] + [
            (*draft, len(drafts) + i) for i, draft in enumerate(credit)]
        drafts.sort(key=lambda d: d[5])
        invoice_ids, line_ids = await w.ids(Invoice), await w.ids(InvoiceLine)
        invoices, invoice_lines, id_of = [], [], {}
        for kind, org, location, order, request, when, lines, credits, place in drafts:
            invoice_id = id_of[place] = next(invoice_ids)
            excl = Decimal("0.00")
            for text, quantity, unit, _ in lines:
                line_total = to_money(quantity * to_money(unit))
                excl += line_total
                invoice_lines.append((next(line_ids), invoice_id, text, w.money(quantity), w.money(to_money(unit)),
                                      w.money(VAT_RATE), w.money(line_total)))
            vat = to_money(excl * VAT_RATE / 100)
            number = await w.number(kind, when.year)
            age = (self.today - when).days
            status = "paid" if (kind == "credit_note" or age > 40 and rng.random() < 0.95) else "open"
            created = datetime(when.year, when.month, when.day, 5, tzinfo=timezone.utc)
            invoices.append((
                invoice_id, number, org, kind, location, order, request, w.day(when), w.day(when + timedelta(days=30)),
                w.money(excl), w.money(vat), w.money(excl + vat), status, w.ts(created),
                id_of[credits] if credits is not None else None,  # the invoice is dated (and numbered) earlier
            ))
        await self.insert(Invoice, (
            "id", "number", "organisation", "kind", "location", "order", "service_request", "invoice_date", "due_date",
            "total_excl_vat", "vat", "total_incl_vat", "status", "created_at", "credited_invoice",
        ), invoices)
        await self.insert(InvoiceLine, ("id", "invoice", "description", "quantity", "unit_price", "vat_rate", "line_total"),
                          invoice_lines)

    async def quotes(self) -> None:
        w, rng = self.w, self.rng
        quote_ids, line_ids = await w.ids(Quote), await w.ids(QuoteLine)
        plans = []
        for org, amount in zip(ORGANISATIONS, (40, 12)):
            askers = self.people_of(org.key, roles=("admin", "1", "2", "3"))
            plans += [(org.key, rng.choice(askers), self.moment(0, 400)) for _ in range(amount)]
        plans.sort(key=lambda plan: plan[2])
        quotes, lines = [], []
        for org_key, person, created in plans:
            org_id = self.org_ids[org_key]
            place = self.place(org_key, rng.choice(person.location_ids))
            quote_id = next(quote_ids)
            total = Decimal("0.00")
            for product in rng.sample(self.catalogue.products, rng.randint(1, 5)):
                quantity = rng.choice((1, 2, 4, 5, 10, 12, 20)) if product.list_price < 800 else rng.choice((2, 4, 6, 10))
                unit = self.price(org_id, product)
                lines.append((next(line_ids), quote_id, product.id, product.article_number, product.name, quantity,
                              w.money(unit), w.money(unit * quantity)))
                total += unit * quantity
            age = (self.now - created).days
            if age > 60:
                status = rng.choices(("ordered", "expired", "rejected"), (55, 35, 10))[0]
            else:
                status = rng.choices(("requested", "in_progress", "sent", "ordered"), (25, 25, 35, 15))[0]
            valid_until = created.date() + timedelta(days=30) if status in ("sent", "ordered", "expired", "rejected") else None
            quotes.append((
                quote_id, await w.number("quote", created.year), org_id, person.id, status, place.id,
                rng.choice(place.departments), rng.choice(CONTACTS), person.spec.name,
                rng.choice(("", "Nieuwbouw " + place.name, "Vervanging bedden 2e verdieping", "Inrichting revalidatiekamers")),
                rng.choice(("", "Graag inclusief montage en instructie voor het team.", "Kunt u ook een huuroptie aanbieden?")),
                w.day(created.date() + timedelta(days=rng.randint(20, 60))), w.day(valid_until), w.money(total),
                w.ts(created),
            ))
        await self.insert(Quote, (
            "id", "number", "organisation", "account", "status", "location", "department", "report_to_name",
            "contact_name", "reference", "message", "requested_delivery_date", "valid_until", "total", "created_at",
        ), quotes)
        await self.insert(QuoteLine, ("id", "quote", "product", "article_number", "name", "quantity", "unit_price",
                                      "line_total"), lines)

    # Help content, notifications, templates, a location request --------------------------------------------

    async def help_content(self) -> None:
        if not await self.w.scalar('SELECT count(*) FROM "faq_item"'):
            faq_ids = await self.w.ids(FaqItem)
            await self.insert(FaqItem, ("id", "question", "answer", "position"),
                              [(next(faq_ids), q, a, (n + 1) * 10) for n, (q, a) in enumerate(FAQ)])
        if not await self.w.scalar('SELECT count(*) FROM "instruction_video"'):
            video_ids = await self.w.ids(InstructionVideo)
            await self.insert(InstructionVideo, ("id", "title", "description", "url", "position"),
                              [(next(video_ids), t, d, u, (n + 1) * 10) for n, (t, d, u) in enumerate(VIDEOS)])

    async def notifications_and_requests(self) -> None:
        w, rng = self.w, self.rng
        notification_ids = await w.ids(Notification)
        notifications = []
        texts = (
            ("Uw order is verzonden", "Uw bestelling is onderweg en wordt binnen twee werkdagen geleverd."),
            ("Serviceaanvraag ingepland", "HartingBank heeft uw reparatieaanvraag ingepland. U ziet de datum in Planning."),
            ("Offerte ontvangen", "Er staat een nieuwe offerte voor u klaar in Mijn offertes."),
            ("Keuring uitgevoerd", "De jaarlijkse keuring van uw tilliften is uitgevoerd."),
            ("Order wacht op autorisatie", "Een order van een collega wacht op uw autorisatie."),
        )
        for person in self.people.values():
            if not person.spec.login:
                continue
            for n in range(rng.randint(2, 5)):
                title, body = rng.choice(texts)
                created = self.moment(0, 30)
                read = None if n == 0 else w.ts(created + timedelta(hours=2))
                notifications.append((next(notification_ids), person.id, title, body, "", w.ts(created), read))
        await self.insert(Notification, ("id", "account", "title", "body", "link", "created_at", "read_at"), notifications)

        template_ids, template_line_ids = await w.ids(OrderTemplate), await w.ids(OrderTemplateLine)
        templates, template_lines = [], []
        for key, name, subs in (
            ("rol1", "Inrichting nieuwe kamer", ("Bed hoog/laag elektrisch", "Schuimmatras", "Bedtafel")),
            ("rol2", "Tilbanden aanvullen", ("Tilband",)),
            ("rol2", "Badkamer PG", ("Douche-/toiletstoel verrijdbaar", "Toiletverhoger")),
            ("admin", "Standaard rolstoelpakket", ("Standaard rolstoel", "Anti-decubituskussen")),
        ):
            template_id = next(template_ids)
            templates.append((template_id, self.people[key].id, name, w.ts(self.moment(20, 200))))
            for sub in subs:
                product = rng.choice(self.catalogue.in_subcategory(sub) or self.catalogue.products)
                template_lines.append((next(template_line_ids), template_id, product.id, rng.choice((1, 2, 4))))
        await self.insert(OrderTemplate, ("id", "account", "name", "created_at"), templates)
        await self.insert(OrderTemplateLine, ("id", "template", "product", "quantity"), template_lines)

        place = self.places["linde"][3]
        await self.insert(LocationRequest, (
            "id", "organisation", "requester", "location", "kind", "name", "address", "postal_code", "city", "status",
            "created_at",
        ), [(next(await w.ids(LocationRequest)), self.org_ids["linde"], self.people["rol1"].id, place.id, "change",
             place.name, "Oudwijkerdwarsstraat 102", "3581 LM", "Utrecht", "open", w.ts(self.moment(1, 5)))])


FAQ = (
    ("Hoe log ik in op Mijn HartingBank?",
     "Klik rechtsboven op ‘Inloggen’ en vul uw e-mailadres en wachtwoord in. Heeft u nog geen wachtwoord? Gebruik "
     "dan de link uit de uitnodigingsmail om er een te kiezen."),
    ("Ik ben mijn wachtwoord vergeten. Wat nu?",
     "Klik op de inlogpagina op ‘Wachtwoord vergeten?’ en vul uw e-mailadres in. U ontvangt een link waarmee u een "
     "nieuw wachtwoord kiest. De link is twee uur geldig."),
    ("Kan ik mijn e-mailadres of rol zelf wijzigen?",
     "Nee. Uw accountgegevens, rechten en toegewezen locaties worden beheerd door de administrator van uw "
     "organisatie. Neem contact met hem of haar op."),
    ("Waarom zie ik niet alle locaties van mijn organisatie?",
     "U ziet alleen de locaties en afdelingen die aan uw account zijn toegewezen. Onder Mijn account, tabblad "
     "‘Toegewezen locaties’, ziet u welke dat zijn."),
    ("Hoe vraag ik een reparatie aan?",
     "Zoek het hulpmiddel op onder Mijn hulpmiddelen, open de detailpagina via het objectnummer en kies bij ‘Acties "
     "aanvragen’ voor Reparatie. Beschrijf het defect zo precies mogelijk."),
    ("Waarom moet mijn serviceaanvraag eerst worden geautoriseerd?",
     "Uw organisatie kan per soort actie instellen wie aanvragen goedkeurt. Pas na die goedkeuring ontvangt "
     "HartingBank de aanvraag en wordt deze ingepland."),
    ("Wat betekent ‘Wacht op autorisatie’ bij mijn order?",
     "Het bedrag van de order ligt boven uw budgetlimiet. De budgethouder die uw administrator heeft ingesteld, moet "
     "de order eerst goedkeuren."),
    ("Hoe huur ik een hulpmiddel?",
     "Kies in het menu Huren een product, klik op ‘Huuraanvraag’ en vul locatie, afdeling en referentie (bijvoorbeeld "
     "een kamernummer) in. Met ‘Huurorder(s) plaatsen’ rondt u de aanvraag af."),
    ("Waar vind ik mijn facturen?",
     "Administrators en gebruikers met rol 1 vinden facturen en creditnota’s onder Mijn facturen. Met de filters "
     "maakt u bijvoorbeeld een overzicht van alle creditnota’s van het afgelopen kwartaal."),
    ("Kan ik een overzicht van mijn hulpmiddelen downloaden?",
     "Ja. Onder Mijn hulpmiddelen downloadt u het gefilterde overzicht als PDF of Excel-bestand."),
    ("Hoe bereik ik de klantenservice?",
     "Maandag tot en met vrijdag tijdens kantooruren via 088 124 82 11, onlineklantenservice@harting-bank.nl, het "
     "contactformulier of de chat rechtsonder in de portal."),
)

VIDEOS = (
    ("Inloggen en wachtwoord kiezen", "Zo logt u voor het eerst in en kiest u een eigen wachtwoord.",
     "https://www.harting-bank.nl/klantenportal/videos/inloggen"),
    ("Mijn hulpmiddelen zoeken en filteren", "Hulpmiddelen vinden op locatie, status, categorie en objectnummer.",
     "https://www.harting-bank.nl/klantenportal/videos/mijn-hulpmiddelen"),
    ("Een reparatie of verplaatsing aanvragen", "Van objectpagina tot verstuurde aanvraag in een paar stappen.",
     "https://www.harting-bank.nl/klantenportal/videos/acties-aanvragen"),
    ("Bestellen en ordertemplates", "Producten in de winkelwagen, afrekenen en een template opslaan.",
     "https://www.harting-bank.nl/klantenportal/videos/bestellen"),
    ("Hulpmiddelen huren", "Een huuraanvraag met een nieuwe of bestaande referentie.",
     "https://www.harting-bank.nl/klantenportal/videos/huren"),
    ("Accountbeheer voor administrators", "Accounts aanmaken, rollen kiezen en locaties toewijzen.",
     "https://www.harting-bank.nl/klantenportal/videos/accountbeheer"),
)


async def seed_demo(if_empty: bool = True) -> bool:
    """Build the demo data set; False (and nothing changed) when `if_empty` and an organisation exists, or
    when the demo organisations are there already."""
    started = time.perf_counter()
    async with BulkWriter() as writer:
        if if_empty and await writer.scalar('SELECT count(*) FROM "organisation"'):
            return False
        numbers = [org.customer_number for org in ORGANISATIONS]
        if await writer.scalar(
            f'SELECT count(*) FROM "organisation" WHERE "customer_number" IN ({", ".join("?" for _ in numbers)})', *numbers
        ):
            return False
        emails = [account.email() for account in ACCOUNTS]
        if await writer.scalar(f'SELECT count(*) FROM "account" WHERE "email" IN ({", ".join("?" for _ in emails)})', *emails):
            raise RuntimeError("Some demo e-mail addresses belong to existing accounts; the demo was not added.")
        catalogue = await ensure_catalogue(writer)
        builder = DemoBuilder(writer, catalogue)
        await builder.run()
    await inspections.refresh_all()  # every aid's next inspection, from its history
    await demo_rentals.deliver_demo_rentals()  # delivered rental orders with their aids in the fleet
    builder.counts["quote"] += await demo_quotes.add_demo_quotes()
    seconds = time.perf_counter() - started
    counts = builder.counts
    print(
        f"Demo: {counts['organisation']} organisations, {len(catalogue.products)} products, {counts['asset']} aids, "
        f"{counts['service_request']} service requests, {counts['order']} orders, {counts['quote']} quotes, "
        f"{counts['invoice']} invoices, {counts['account']} accounts in {seconds:.1f} s."
    )
    return True
