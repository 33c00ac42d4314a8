"""The words trade reporting uses for flows, partners, goods, modes, firms and metrics."""

from __future__ import annotations

import re

FLOW_RE = re.compile(
    r"(?P<balance>trade balance|surplus|deficit)"
    r"|(?P<total>foreign trade|total trade|goods trade|trade in goods|trade of goods|"
    r"imports and exports|exports and imports|import and export|export and import|"
    r"imported and exported|exported and imported|"
    r"trade volume|total volume|total value|trade value|overall trade|trade (?:with|between)|"
    r"bilateral trade|\btrade\b)"
    # a flow word describing a partner ("the US, China's largest export market") is no
    # figure's flow
    r"|(?P<export>\b(?:exports?|exported|shipments|outbound)\b(?!\s+(?:markets?|destinations?|"
    r"partners?|sources?|hubs?|powerhouses?)\b))"
    r"|(?P<import>\b(?:imports?|imported|purchases|inbound)\b(?!\s+(?:markets?|destinations?|"
    r"partners?|sources?|hubs?|powerhouses?)\b))",
    re.I,
)

PARTNERS: tuple[tuple[str, str], ...] = (
    ("ASEAN", r"\bASEAN\b|Association of Southeast Asian Nations|Southeast Asia"),
    ("EU", r"European Union|\bEU\b|\bthe bloc\b"),
    (
        "USA",
        r"United States|\bU\.S\.(?![\s-]*dollar)(?!\$)|\bUS\b(?![\s-]*\$|[\s-]*dollar)|"
        r"\bUSA\b|(?<!Latin )\bAmerica\b(?!n)|\bthe American side\b",
    ),
    ("JPN", r"\bJapan\b|\bthe Japanese side\b"),
    ("KOR", r"South Korea|Republic of Korea|\bROK\b|\bKorea\b"),
    ("HKG", r"Hong Kong"),
    ("TWN", r"\bTaiwan\b"),
    ("AUS", r"\bAustralia\b"),
    ("RUS", r"\bRussia\b|Russian Federation|\bthe Russian side\b"),
    ("IND", r"\bIndia\b"),
    ("GBR", r"United Kingdom|\bBritain\b|\bUK\b|\bU\.K\.\b"),
    ("DEU", r"\bGermany\b"),
    ("VNM", r"\bVietnam\b|Viet Nam"),
    ("BRA", r"\bBrazil\b"),
    ("BRI", r"Belt and Road|\bBRI\b"),
    ("RCEP", r"\bRCEP\b|Regional Comprehensive Economic Partnership"),
    ("LATAM", r"Latin America"),
    ("AFRICA", r"(?<!South )\bAfrica\b"),
    # countries the embedded data rarely hold: named so a figure about them is not read
    # as China's total
    ("NLD", r"\bNetherlands\b|\bHolland\b"),
    ("FRA", r"\bFrance\b"),
    ("ITA", r"\bItaly\b"),
    ("ESP", r"\bSpain\b"),
    ("MYS", r"\bMalaysia\b"),
    ("THA", r"\bThailand\b"),
    ("SGP", r"\bSingapore\b"),
    ("IDN", r"\bIndonesia\b"),
    ("PHL", r"\bPhilippines\b"),
    ("CAN", r"\bCanada\b"),
    ("NZL", r"\bNew Zealand\b"),
    ("MEX", r"\bMexico\b"),
    ("CHL", r"\bChile\b"),
    ("ZAF", r"\bSouth Africa\b"),
    ("SAU", r"\bSaudi Arabia\b"),
    ("ARE", r"\bUnited Arab Emirates\b|\bUAE\b"),
    ("TUR", r"\bTurkey\b|\bT\u00fcrkiye\b"),
    ("KAZ", r"\bKazakhstan\b"),
    ("CHE", r"\bSwitzerland\b"),
    ("IRN", r"\bIran\b"),
    ("PAK", r"\bPakistan\b"),
)

COMMODITIES: tuple[tuple[str, str], ...] = (
    (
        "mech_elec",
        r"mechanical and electrical|electromechanical|electro-mechanical|"
        r"machinery and electronic|electrical and mechanical|"
        r"mechanical and electronic",
    ),
    ("high_tech", r"high-tech|hi-tech|high technology|high-technology"),
    ("labour_intensive", r"labou?r-intensive|labou?r intensive"),
    ("integrated_circuits", r"integrated circuits?|\bchips\b|semiconductors?|\bICs?\b"),
    (
        "automobiles",
        r"automobiles?|\bcars\b|\bautos?\b|motor vehicles|electric vehicles|"
        r"automotive(?! parts| components)",
    ),
    ("steel_products", r"\bsteel\b"),
    ("rare_earths", r"rare earths?"),
    ("textiles", r"textiles?"),
    ("garments", r"garments|clothing|apparel"),
    ("crude_oil", r"crude(?: oil)?"),
    ("iron_ore", r"iron ore"),
    ("soybeans", r"soybeans?|soya beans?"),
    ("natural_gas", r"natural gas|\bLNG\b"),
    ("coal", r"\bcoal\b"),
    ("agricultural", r"agricultural products"),
    ("household_appliances", r"household appliances|home appliances"),
    ("toys", r"\btoys\b"),
    ("furniture", r"\bfurniture\b"),
    ("mobile_phones", r"mobile phones|smartphones|cellphones"),
    ("footwear", r"footwear|\bshoes\b"),
    ("ships", r"\bships\b"),
    ("aluminium", r"alumin(?:i)?um"),
    ("copper", r"\bcopper\b"),
    ("aquatic_products", r"seafood|aquatic products"),
    ("medical_instruments", r"medical (?:devices|instruments|equipment)"),
    ("plastic_products", r"plastic products"),
    ("fertilizers", r"fertili[sz]ers?"),
    ("adp_equipment", r"\bcomputers\b|automatic data processing"),
    ("lcd_panels", r"\bLCD\b|display panels"),
    ("grain", r"\bgrain\b"),
    ("meat", r"\bmeat\b|\bpork\b|\bbeef\b"),
)

TRADE_MODES = (("general", r"general trade|ordinary trade"), ("processing", r"processing trade"))
ENTERPRISES = (
    (
        "private",
        r"private (?:firms|enterprises|companies|sector|businesses)|"
        r"privately[- ]owned",
    ),
    ("state_owned", r"state-owned|state owned|\bSOEs?\b"),
    (
        "foreign_invested",
        r"foreign-invested|foreign-funded|foreign invested|"
        r"foreign-owned",
    ),
)

UP_WORDS = (
    r"\b(rose|rise|rising|risen|grew|grow|growing|growth|up|increase[sd]?|increasing|"
    r"jump(?:ed|ing)?|surg(?:ed|ing|e)|expand(?:ed|ing)?|expansion|climb(?:ed|ing)?|"
    r"gain(?:ed)?|edg(?:ed|ing) up|soar(?:ed|ing)?|accelerat\w+|higher|rebound\w*|widen\w*|"
    r"advanc\w+|boost\w*)\b"
)
DOWN_WORDS = (
    r"\b(fell|fall|falling|fallen|down|decline[sd]?|declining|dropp?(?:ed|ing)?|"
    r"drop|dip(?:ped|ping)?|slipp?(?:ed|ing)?|slip|shr[au]nk|shrinking|"
    r"contract(?:ed|ion|ing)?|plung(?:ed|ing|e)|slump(?:ed|ing)?|lower|"
    r"decrease[sd]?|decreasing|edg(?:ed|ing) down|tumbl(?:ed|ing)|sank|sink|"
    r"negative|narrow(?:ed|ing)?|shrinks?|sl(?:id|ide|iding)|eas(?:ed|ing))\b"
)
GROWTH_HINT = re.compile(
    UP_WORDS + "|" + DOWN_WORDS + r"|year[- ]on[- ]year|y/y|yoy|"
    r"from a year (?:earlier|ago)|compared with|over the same period|\bedg(?:ed|ing)\b|"
    r"\b(?:more|less) than in\b",
    re.I,
)
DOWN_RE = re.compile(DOWN_WORDS, re.I)
SHARE_BEFORE_RE = re.compile(
    r"(?:account(?:ing|ed|s)? for|\bshare (?:of|was|rose|fell|reached|stood at)|"
    r"proportion|made up|mak(?:ing|es) up|tak(?:ing|es|en) up|took up|"
    r"represent(?:ing|ed|s)?|constitut\w+)"
    # (not past a growth verb: "accounted for over 50 percent …, increasing 15.8 percent")
    r"(?:(?!\b(?:from|than|improvement|increas\w*|decreas\w*|declin\w*|ris(?:e|es|ing)|"
    r"grow(?:s|ing|th)?|expand\w*)\b)[^.;%]){0,70}$",
    re.I,
)
SHARE_AFTER_RE = re.compile(
    r"^\s*(?:percent|per cent|%)?\s*(?:of (?:the |china'?s |its |our |the country'?s |all |"
    r"total )*(?:total|overall|exports|imports|foreign trade|trade)|share)",
    re.I,
)
MOM_RE = re.compile(
    r"month[- ]on[- ]month|from the previous month\b(?!['’]s)|from a month earlier|"
    r"from the prior month\b(?!['’]s)|sequential|m/m|from (?:january|february|march|"
    r"april|may|june|july|august|september|october|november|december)\b(?!['’]s)(?! "
    r"(?:to|through))",
    re.I,
)
BASE_YEAR_RE = re.compile(
    r"(?:compared (?:to|with)|than|over|from|against|versus|vs\.?)"
    r"(?: the same period(?: (?:in|of))?| the pre-\w+ level(?:(?: during| in| for)? the same "
    r"period)?(?: in| of)?|"
    r" the level(?: in| of)?)? (20\d\d)\b(?! (?:to|-))",
    re.I,
)
FORECAST_RE = re.compile(
    r"(?<!un)expect\w*|forecast\w*|\bpoll\w*|analysts?|estimat\w+|predict\w*|"
    r"projected|consensus|\bwould\b|\bcould\b|\bwill\b|anticipat\w+|"
    r"\btarget\w*",
    re.I,
)
#: China's provinces and trading cities: figures of their own, not the nation's (as the
#: subject: "Guangdong exported …", "Zhejiang's foreign trade", "according to Guangdong
#: customs"; never a dateline's city)
_REGIONS = (
    r"Guangdong|Zhejiang|Jiangsu|Shandong|Shanghai|Fujian|Henan|Sichuan|Chongqing|Hainan|"
    r"Yunnan|Guangxi|Xinjiang|Tianjin|Shenzhen|Hubei|Hunan|Anhui|Jiangxi|Hebei|Shanxi|"
    r"Shaanxi|Liaoning|Jilin|Heilongjiang|Inner Mongolia|Ningxia|Qinghai|Gansu|Guizhou|"
    r"Xiamen|Qingdao|Ningbo|Yiwu|Guangzhou|Hangzhou|Suzhou|Dongguan|Hong Kong SAR"
)
REGION_SUBJECT = (
    rf"\b(?:{_REGIONS})(?:['’]s\b|\s+(?:province|municipality|customs|port|exported|"
    rf"imported|exports|imports|foreign trade|trade|sub-administration)\b)|"
    rf"\b(?:in|of|from)\s+(?:{_REGIONS})\b(?!\s*(?:,|\())"
)
#: a province's or city's own trade: a subject the data do not cover (unverifiable,
#: naming it), never China's total
REGION_RE = re.compile(REGION_SUBJECT + r"|\b(?:the\s+)?(?:provinc\w+|city)\b(?:['’]s)?", re.I)
#: words that make a figure the nation's again after a province's
NATIONAL_RE = re.compile(
    r"\bChina['’]s\b|\bChina\s+(?:has|had|is|was|exported|imported|posted|recorded|saw)\b|"
    r"\bChinese (?:exports|imports|trade|goods)\b|\bnational\b|\bnationwide\b|"
    r"\bthe (?:country|nation)['’]s",
    re.I,
)
REGION_NAME_RE = re.compile(rf"{_REGIONS}|provinc\w+|city", re.I)
OFF_TOPIC_RE = re.compile(
    r"\bGDP\b|inflation|\bCPI\b|\bPPI\b|\bPMI\b|retail sales|"
    r"industrial output|exchange rate|"
    r"\bcompany\b|\bfirm's\b|market share|consumer prices|"
    r"foreign (?:exchange )?reserves|\btariffs?\b",
    re.I,
)
#: "… rose 11.3 percent to $478.4 billion despite the tariffs", "… as a tariff battle
#: intensified", "Amid President Trump's tariffs on China, exports …", "following tariff
#: hikes": a circumstance, which does not make the figure a tariff's (unless a figure
#: follows: "amid tariffs of 25%", "tariffs on $200 billion of goods")
DESPITE_RE = re.compile(
    r"\b(?:despite|amid|in the face of|as|following|after|due to|because of)\s+"
    r"(?:[\w'’.]+\s+){0,5}?tariffs?\b"
    r"(?!\s+(?:on|of|to|at)\s+(?:[$¥€]|US\$|RMB|\d|about|nearly|some|up to|over)|\s*\d)",
    re.I,
)
FOREIGN_STATS_RE = re.compile(
    r"\b(?:Japan|Korea|South Korea|U\.S\.|America|Germany|Vietnam|"
    r"India|Taiwan|Australia|Russia|Brazil|EU|Europe)'s "
    r"(?:exports|imports|trade|deficit|surplus)",
    re.I,
)
#: "Korean exports to China" in China's data are China's imports from Korea.
MIRROR_RE = re.compile(
    r"\b(?P<who>Korean|Japanese|American|U\.S\.|German|Vietnamese|Indian|Taiwanese|"
    r"Australian|Brazilian|Russian) (?P<flow>exports|shipments|imports) (?:to|from) China\b"
)
MIRROR_PARTNERS = {
    "Korean": "KOR",
    "Japanese": "JPN",
    "American": "USA",
    "U.S.": "USA",
    "German": "DEU",
    "Vietnamese": "VNM",
    "Indian": "IND",
    "Taiwanese": "TWN",
    "Australian": "AUS",
    "Brazilian": "BRA",
    "Russian": "RUS",
}
CNY_BASIS = re.compile(
    r"in (?:yuan|rmb|renminbi) terms|yuan[- ]denominated|"
    r"in (?:yuan|rmb) |(?:measured|calculated|counted|valued) in (?:yuan|rmb|renminbi)|"
    r"denominated in (?:yuan|rmb|renminbi|cny)",
    re.I,
)
USD_BASIS = re.compile(
    r"in (?:u\.s\.|us)?[- ]?dollar terms|(?:u\.s\.|us)[- ]dollar terms|"
    r"dollar[- ]denominated|in usd terms|in dollars|"
    r"(?:measured|calculated|counted|valued) in (?:u\.s\. |us )?dollars?|"
    r"denominated in (?:usd|u\.s\. dollars?|us dollars?|dollars?)",
    re.I,
)

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

#: Goods and channels the data do not track: a figure about them is not China's total.
UNTRACKED_GOODS_RE = re.compile(
    r"\b(?:mobile phones?|(?:cell)?phones|e-commerce|market procurement|medical|masks|"
    r"automatic data processing|ADPE|consumer goods|(?:auto(?:motive)?|car) parts|"
    r"components|copper|alumini?um|\bLNG\b|grain|pork|beef|fertili[sz]ers?|solar|"
    r"batter(?:y|ies)|ships|toys|furniture|pharmaceutical|agricultural|energy products|"
    r"metal ores|computers?|laptops?|household appliances?|(?:major|bulk) commodit(?:y|ies))",
    re.I,
)
#: Goods named by the words just before a flow ("iron ore imports") or after "exports of"
NAMED_GOODS_RE = re.compile(
    r"\b(?:China['’]s|Chinese|the country['’]s|its) "
    r"(?P<before>(?:[a-z][a-z-]+ ){0,2}[a-z][a-z-]+) (?:imports|exports|shipments)\b"
    r"|\b(?:[Ii]mports?|[Ee]xports?|[Ss]hipments|[Pp]urchases) of "
    r"(?P<after>(?:[a-z][a-z-]+ ){0,2}[a-z][a-z-]+)",
)
#: words that may stand there without naming goods
NOT_GOODS = {
    "china",
    "china's",
    "chinese",
    "its",
    "their",
    "the",
    "total",
    "overall",
    "foreign",
    "monthly",
    "annual",
    "quarterly",
    "country's",
    "nation's",
    "goods",
    "merchandise",
    "outbound",
    "inbound",
    "net",
    "combined",
    "and",
    "or",
    "of",
    "both",
    "such",
    "these",
    "those",
    "whose",
    "that",
    "which",
    "while",
    "but",
    "as",
    "with",
    "to",
    "from",
    "in",
    "on",
    "for",
    "by",
    "at",
    "our",
    "his",
    "her",
    "year-on-year",
    "yuan-denominated",
    "dollar-denominated",
    "global",
    "world",
    "trade",
    "export",
    "import",
    "re-exports",
    "exports",
    "imports",
    "seaborne",
    "overseas",
    "bilateral",
    "a",
    "an",
    "all",
    "other",
    "general",
    "processing",
    "private",
    "state-owned",
    "foreign-invested",
    "mainland",
    "also",
    "meanwhile",
    "however",
    "said",
    "showed",
    "data",
    "figures",
    "customs",
    "rose",
    "grew",
    "fell",
    "up",
    "down",
    "only",
    "first",
    "last",
    "this",
    "same",
    "period",
    "months",
    "month",
    "year",
    "quarter",
    "half",
    "weaker",
    "stronger",
    "strong",
    "weak",
    "slower",
    "faster",
    "higher",
    "lower",
    "record",
    "robust",
    "sluggish",
    "solid",
    "resilient",
    "surging",
    "falling",
    "rising",
    "declining",
    "growing",
    "whole",
    "entire",
    "value",
    "volume",
    "terms",
    "agricultural",
    "than",
    "more",
    "less",
    "over",
    "under",
}
#: Groups and places the data do not model: a figure about them is not China's total, and
#: not its first listed member's either.
UNTRACKED_GROUP_RE = re.compile(
    r"\b(?:free[- ]trade[- ]agreement partners|FTA partners|(?:the\s+)?(?:\w+\s+)?Central Asian?"
    r"(?:\s+countries|\s+states|\s+nations)?|(?:the\s+)?['‘\"“]?new three['’\"”]?|"
    r"(?:eastern|western|central|north-?eastern|south-?western|coastal|inland) (?:China|"
    r"regions?|provinces)|the (?:north|south)-?(?:east|west)\b|the Greater Bay Area|"
    r"BRICS(?: countries| members)?|the Middle East|Gulf (?:states|countries))",
    re.I,
)
#: "600,000 firms had import-export records": a count of firms
FIRM_COUNT_RE = re.compile(
    r"\b\d[\d,.]*\s*(?:thousand|million)?\s+(?:foreign[- ]trade\s+|trading\s+)?"
    r"(?:firms|enterprises|companies|businesses)\s+(?:had|have|with|that|registered|"
    r"recorded|reported|engaged)\b",
    re.I,
)
#: A trade figure with a partner named by a word the vocabulary does not know
#: ("trade with 16 CEECs", "exports to Moscow" is known as Russia through its capital).
UNKNOWN_PARTNER_RE = re.compile(
    r"\b(?:to|from|with)\s+(?:the\s+)?(?:\d+\s+)?"
    r"(?!(?:China|Chinese|RMB|USD|CNY|US|Customs|GACC|General|State|Reuters|Xinhua|Beijing|"
    r"January|February|March|April|May|June|July|August|September|October|November|"
    r"December)(?![a-z]))([A-Z][A-Za-z-]+)"
)
CAPITALS = {
    "Moscow": "RUS",
    "Washington": "USA",
    "Tokyo": "JPN",
    "Seoul": "KOR",
    "Brussels": "EU",
    "Canberra": "AUS",
    "Berlin": "DEU",
    "London": "GBR",
    "Hanoi": "VNM",
    "Brasilia": "BRA",
    "New Delhi": "IND",
}
