"""Dimensions and codes: flows, periods, partners and dated groups, breakdowns, units."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .errors import ParseError, UsageError

REPORTER = "CHN"


class Flow(StrEnum):
    EXPORT = "export"
    IMPORT = "import"
    TOTAL = "total"
    #: exports minus imports as a source publishes it (otherwise derived by indicators)
    BALANCE = "balance"


class PeriodKind(StrEnum):
    MONTH = "month"
    YTD = "ytd"


class Currency(StrEnum):
    CNY = "CNY"
    USD = "USD"


class Measure(StrEnum):
    VALUE = "value"
    QUANTITY = "quantity"
    YOY = "yoy_pct_published"
    QUANTITY_YOY = "quantity_yoy_pct_published"
    SHARE = "share_pct_published"


class BreakdownKind(StrEnum):
    NONE = ""
    COMMODITY = "commodity"
    TRADE_MODE = "trade_mode"
    ENTERPRISE_TYPE = "enterprise_type"
    PROVINCE = "province"


PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month; with a kind it means that month alone or January to it."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        m = PERIOD_RE.match(text.strip())
        if not m:
            raise UsageError(f"period {text!r} is not YYYY-MM")
        return cls(int(m.group(1)), int(m.group(2)))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def shift_years(self, years: int) -> Period:
        return Period(self.year + years, self.month)

    def shift_months(self, months: int) -> Period:
        index = self.year * 12 + (self.month - 1) + months
        return Period(index // 12, index % 12 + 1)


MONTH_TITLES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

MONTH_NAMES = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


# --- partners --------------------------------------------------------------------------

#: Group codes; their membership is dated (see GROUPS).
GROUP_CODES = ("WLD", "ASEAN", "EU", "RCEP", "BRI", "LATAM", "AFRICA", "APEC")

#: Names as printed in GACC tables and news (lower-cased, punctuation-normalised) -> code.
PARTNER_NAMES: dict[str, str] = {
    "total": "WLD",
    "world": "WLD",
    "european union": "EU",
    "eu": "EU",
    "asean": "ASEAN",
    "association of southeast asian nations": "ASEAN",
    "regional comprehensive economic partnership": "RCEP",
    "rcep": "RCEP",
    "jointly build the countries along belt and road routes": "BRI",
    "countries along the belt and road": "BRI",
    "belt and road": "BRI",
    "latin america": "LATAM",
    "africa": "AFRICA",
    "apec": "APEC",
    "united states": "USA",
    "united states us": "USA",
    "us": "USA",
    "usa": "USA",
    "japan": "JPN",
    "r o korea": "KOR",
    "republic of korea": "KOR",
    "south korea": "KOR",
    "korea": "KOR",
    "hong kong china": "HKG",
    "hong kong": "HKG",
    "taiwan china": "TWN",
    "taiwan": "TWN",
    "macao china": "MAC",
    "macao": "MAC",
    "australia": "AUS",
    "russian federation": "RUS",
    "russia": "RUS",
    "india": "IND",
    "united kingdom uk": "GBR",
    "united kingdom": "GBR",
    "uk": "GBR",
    "germany": "DEU",
    "netherlands": "NLD",
    "france": "FRA",
    "italy": "ITA",
    "spain": "ESP",
    "belgium": "BEL",
    "poland": "POL",
    "vietnam": "VNM",
    "viet nam": "VNM",
    "malaysia": "MYS",
    "thailand": "THA",
    "singapore": "SGP",
    "indonesia": "IDN",
    "philippines": "PHL",
    "myanmar": "MMR",
    "cambodia": "KHM",
    "laos": "LAO",
    "brunei": "BRN",
    "canada": "CAN",
    "new zealand": "NZL",
    "brazil": "BRA",
    "mexico": "MEX",
    "chile": "CHL",
    "south africa": "ZAF",
    "saudi arabia": "SAU",
    "united arab emirates": "ARE",
    "turkey": "TUR",
    "kazakhstan": "KAZ",
    "switzerland": "CHE",
    "iran": "IRN",
    "iraq": "IRQ",
    "pakistan": "PAK",
    "bangladesh": "BGD",
}

ASEAN10 = frozenset({"BRN", "MMR", "KHM", "IDN", "LAO", "MYS", "PHL", "SGP", "THA", "VNM"})
EU27 = frozenset(
    {
        "BEL",
        "DNK",
        "DEU",
        "FRA",
        "IRL",
        "ITA",
        "LUX",
        "NLD",
        "GRC",
        "PRT",
        "ESP",
        "AUT",
        "FIN",
        "SWE",
        "CYP",
        "HUN",
        "MLT",
        "POL",
        "EST",
        "LVA",
        "LTU",
        "SVN",
        "CZE",
        "SVK",
        "BGR",
        "ROU",
        "HRV",
    }
)
RCEP14 = ASEAN10 | {"JPN", "KOR", "AUS", "NZL"}


@dataclass(frozen=True)
class Membership:
    """One version of a group's membership, valid for periods in [start, end]."""

    start: Period
    end: Period | None
    members: frozenset[str] | None  # None: defined by the publisher, not enumerated here
    note: str
    #: False where the publisher's list changes from year to year without a new version
    #: here: a later year's growth rate is then on another list than the earlier level
    fixed: bool = True


#: Versions of each group as GACC's tables use them. A growth rate across two versions
#: is refused unless the publisher adjusted its own YoY (see indicators).
GROUPS: dict[str, tuple[Membership, ...]] = {
    "WLD": (Membership(Period(1900, 1), None, None, "all partners"),),
    "ASEAN": (
        Membership(
            Period(1999, 4),
            None,
            ASEAN10,
            "10 members as listed in GACC's table notes (Timor-Leste, member from "
            "October 2025, is not in GACC's list)",
        ),
    ),
    "EU": (
        Membership(Period(2013, 7), Period(2020, 1), EU27 | {"GBR"}, "EU28 with the UK"),
        Membership(
            Period(2020, 2),
            None,
            EU27,
            "EU27: GACC excludes the UK from February 2020 and adjusts its YoY",
        ),
    ),
    "RCEP": (
        Membership(
            Period(2020, 11),
            None,
            RCEP14,
            "the 14 other RCEP signatories (signed Nov 2020, in force from 2022)",
        ),
    ),
    "BRI": (
        Membership(
            Period(2013, 9),
            None,
            None,
            "countries listed by the Belt and Road portal; the list grows over time",
            fixed=False,
        ),
    ),
    "LATAM": (Membership(Period(1900, 1), None, None, "Latin America as GACC defines it"),),
    "AFRICA": (Membership(Period(1900, 1), None, None, "Africa as GACC defines it"),),
    "APEC": (Membership(Period(1989, 11), None, None, "APEC economies other than China"),),
}


def membership_at(group: str, period: Period) -> Membership | None:
    for version in GROUPS.get(group, ()):
        if version.start <= period and (version.end is None or period <= version.end):
            return version
    return None


def partner_code(name: str) -> str | None:
    """Code for a partner name as printed, or None if unknown."""
    key = normalise_label(name)
    key = re.sub(r"^of which\s*", "", key)
    if key.upper() in PARTNER_NAMES.values() and len(key) == 3:
        return key.upper()
    return PARTNER_NAMES.get(key)


def normalise_label(text: str) -> str:
    text = text.replace("\u3000", " ").replace("（", "(").replace("）", ")")
    text = re.sub(r"[^0-9a-zA-Z&]+", " ", text).strip().lower()
    return re.sub(r"\s+", " ", text)


def is_of_which(label: str) -> bool:
    return normalise_label(label).startswith("of which")


# --- breakdowns ------------------------------------------------------------------------

#: Canonical codes for GACC's major commodities; names change between years, codes don't.
COMMODITY_PATTERNS: tuple[tuple[str, str], ...] = (
    ("mech_elec", r"^(mechanical and electrical|electrical mechanical|electro mechanical)"),
    ("high_tech", r"^(hi|high) ?tech"),
    ("agricultural", r"^agricultur"),
    ("labour_intensive", r"^labou?r intensive"),
    ("integrated_circuits", r"integrated circuit"),
    ("automobiles", r"^motor vehicles|^automobiles$|^cars$"),
    (
        "auto_parts",
        r"^(automobile spare parts|automotive components|parts and accessories of "
        r"vehicle)",
    ),
    ("steel_products", r"^(steel products|products of steel or iron)"),
    ("steel", r"^steel$|^rolled steel"),
    ("rare_earths", r"^rare earth"),
    ("textiles", r"^textile yarn"),
    ("garments", r"^garments"),
    ("crude_oil", r"^crude petroleum"),
    ("refined_oil", r"^(refined )?petroleum products"),
    ("iron_ore", r"^iron ore"),
    ("soybeans", r"^soya? beans"),
    ("natural_gas", r"^natural gas"),
    ("coal", r"^coal"),
    ("grain", r"^grain"),
    ("mobile_phones", r"^(mobile phones|wireless telephone)"),
    ("adp_equipment", r"^automatic data processing"),
    ("household_appliances", r"^(household appliances|electric appliances of household)"),
    ("lcd_panels", r"^(lcd panels|liquid crystal display|flat panel display)"),
    ("ships", r"^ships$"),
    ("furniture", r"^furniture"),
    ("toys", r"^toys$"),
    ("footwear", r"^footwear"),
    ("ceramics", r"^ceramic"),
    ("plastic_products", r"^plastic (products|articles)"),
    ("plastics_primary", r"^plastics in primary"),
    ("luggage", r"^suit ?cases"),
    ("aluminium", r"^unwrought alumin"),
    ("copper", r"^unwrought copper"),
    ("copper_ore", r"^copper ore"),
    ("fertilizers", r"^(mineral )?fertili[sz]ers"),
    ("aquatic_products", r"^aquatic"),
    ("meat", r"^meat"),
    ("edible_oil", r"^edible vegetable oil"),
    ("rubber", r"^natural and synthetic rubber"),
    ("logs_lumber", r"^wood logs"),
    ("paper_pulp", r"^paper pulp"),
    ("machine_tools", r"^machine tools"),
    ("diodes", r"^diodes"),
    ("aircraft", r"^aircraft"),
    ("medical_instruments", r"^medical or surgical"),
    ("lamps", r"^(lamps|lighting fittings)"),
    ("general_machinery", r"^general machin"),
    ("audio_video", r"^audio or video"),
    ("cosmetics", r"^make ups"),
    ("fruit_nuts", r"^fresh or dried fruit"),
    ("medicines_chinese", r"^(chinese herbs|medicinal materials and medicaments of chinese)"),
    ("medical_pharma", r"^(medical and pharmaceutical|medicinal materials and pharmaceutical)"),
    ("rice", r"^rice$"),
    ("coke", r"^coke"),
    ("precious_metals", r"^precious metals"),
    ("electric_motors", r"^electric motors"),
)

TRADE_MODE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("general", r"^(ordinary|general) trade"),
    ("processing", r"^processing trade$"),
    ("processing_assembling", r"^processing and assembling"),
    ("processing_imported", r"^processing (trade )?with imported materials"),
    ("bonded_logistics", r"^bonded logistics"),
)

ENTERPRISE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("state_owned", r"^(state owned|soe$)"),
    ("foreign_invested", r"^(foreign (invested|funded)|fie$)"),
    ("private", r"^(private|poe$)"),
)


def slug(label: str) -> str:
    return normalise_label(label).replace("&", "and").replace(" ", "_")


def breakdown_code(kind: BreakdownKind, label: str) -> str:
    """Canonical code for a breakdown label; unknown labels keep a slug of their name."""
    patterns = {
        BreakdownKind.COMMODITY: COMMODITY_PATTERNS,
        BreakdownKind.TRADE_MODE: TRADE_MODE_PATTERNS,
        BreakdownKind.ENTERPRISE_TYPE: ENTERPRISE_PATTERNS,
    }.get(kind, ())
    key = normalise_label(label.replace("*", ""))
    for code, pattern in patterns:
        if re.search(pattern, key):
            return code
    return slug(label.replace("*", ""))


# --- units -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A published unit: its scale to base units and the base unit's name."""

    scale: float
    base: str
    currency: str | None = None


_MONEY_SCALES = (
    (
        r"trillion|trln|\btn\b|trilh|billionen|万亿|萬億|万億|萬亿|兆|трлн|трилион|trilyon|billones|billón",
        1e12,
    ),
    (r"100 ?million|亿|億", 1e8),
    (r"10,?000|ten thousand|万|萬", 1e4),
    (r"billion|\bbln\b|\bbn\b|\bb\b|milliard|miliard|\bmrd\b|bilh|mil millones|十亿|млрд", 1e9),
    (r"million|\bmln\b|\bmn\b|millones|百万|млн|مليون", 1e6),
    (r"1,?000|thousand|千", 1e3),
)
CNY_WORDS = r"cny|rmb|yuan|¥|元|юан"
USD_WORDS = r"usd|us\$|u\.s\.|dollar|dólar|\$|美元|ドル|долл"


def money_scale(text: str) -> float:
    """The multiplier a value's unit wording implies ("trillion" -> 1e12; "yuan" -> 1)."""
    t = text.lower()
    for pattern, factor in _MONEY_SCALES:
        if re.search(pattern, t):
            return factor
    return 1.0


def money_unit(text: str, currency: str | None = None) -> Unit:
    """Parse a value unit as GACC and news print it ("CNY 100 Million", "US$1,000").

    `currency` is used when the wording names only a scale ("billion" after "$").
    """
    t = text.lower().replace("value unit:", "").replace("unit:", "").strip()
    if re.search(USD_WORDS, t):
        found = "USD"
    elif re.search(CNY_WORDS, t):
        found = "CNY"
    elif currency is not None:
        found = currency
    else:
        raise ParseError(f"unit {text!r} names no currency")
    scale = money_scale(t)
    if scale == 1.0 and not re.search(rf"^({CNY_WORDS}|{USD_WORDS}|\s)*1?\s*$|yuan|dollar", t):
        raise ParseError(f"unit {text!r} has no scale tradepulse knows")
    return Unit(scale, "yuan" if found == "CNY" else "dollar", found)


_QTY_BASES = (
    (r"tons?|tonnes?|吨|\bt\b|(?<=\d)t\b|\bmt\b|طن|тонн", "tonne"),
    (r"pcs|pieces?|units?|chips?", "piece"),
    (r"sets?", "set"),
    (r"pairs?", "pair"),
    (r"autos?|cars?|vehicles?", "vehicle"),
    (r"ships?", "ship"),
    (r"crafts?", "aircraft"),
    (r"cbm|cubic met", "cubic_metre"),
    (r"kg|kilograms?", "kg"),
)

#: Every base unit a quantity is stored in (plausibility refuses others).
QUANTITY_BASES = frozenset({"tonne", *(base for _, base in _QTY_BASES)})


def quantity_unit(text: str) -> Unit | None:
    """Parse a quantity unit ("10,000 Tons", "100 Million PCS"); None for '-' or blank."""
    t = text.strip().lower()
    if t in {"", "-", "—", "–"}:
        return None
    if t in {"mt", "mmt", "million metric tons", "million metric tonnes"}:
        return Unit(1e6, "tonne")  # megatonnes / million metric tonnes
    scale = 1.0
    for pattern, factor in _MONEY_SCALES:
        if re.search(pattern, t):
            scale = factor
            t = re.sub(pattern, "", t)
            break
    for pattern, base in _QTY_BASES:
        if re.search(pattern, t):
            return Unit(scale, base)
    raise ParseError(f"quantity unit {text!r} is not one tradepulse knows")


def decimals_of(text: str) -> int:
    """Number of decimals printed in a number ("3,248.9" -> 1)."""
    text = text.strip()
    return len(text.split(".", 1)[1]) if "." in text else 0
