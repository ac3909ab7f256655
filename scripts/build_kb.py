#!/usr/bin/env python3
"""Derive naba's generated knowledge-base files from ArWikiCats (MIT, github.com/ArWikiCats)
and the keshvar crate's source (BSD-3-Clause).

Writes data/kb/countries.tsv (every country with its Arabic name and nisba forms),
data/kb/cities.tsv (every capital, and the cities whose Arabic name occurs in news, by
SaudiNewsNet word counts), data/kb/provinces.tsv (the provinces, governorates and states of the
Arab countries, Iran, Turkey and Afghanistan, from keshvar's Arabic names) and
data/kb/people.tsv (people by their full Arabic name). data/kb/curated.tsv is written by hand
and wins: generated entries that repeat a curated id, English name or alias are skipped.

Usage: python3 scripts/build_kb.py ../shared/data/kb-sources/arwikicats data/kb [KESHVAR_DIR]
KESHVAR_DIR is the source of keshvar 0.7.0 (default: found in ~/.cargo/registry/src; fetch it with
`cargo new /tmp/kv && cd /tmp/kv && cargo add keshvar@0.7.0 && cargo fetch`).
"""
import collections, json, re, sys, pathlib, unicodedata

# Wikidata QIDs we are sure of; every other entry gets a naba-local id.
COUNTRY_QID = {
    "russia": "Q159", "ukraine": "Q212", "united states": "Q30", "united kingdom": "Q145",
    "france": "Q142", "germany": "Q183", "china": "Q148", "japan": "Q17", "india": "Q668",
    "iran": "Q794", "israel": "Q801", "egypt": "Q79", "saudi arabia": "Q851",
    "united arab emirates": "Q878", "qatar": "Q846", "kuwait": "Q817", "bahrain": "Q398",
    "oman": "Q842", "yemen": "Q805", "iraq": "Q796", "syria": "Q858", "lebanon": "Q822",
    "jordan": "Q810", "morocco": "Q1028", "algeria": "Q262", "tunisia": "Q948", "libya": "Q1016",
    "sudan": "Q1049", "turkey": "Q43", "pakistan": "Q843", "afghanistan": "Q889", "brazil": "Q155",
    "canada": "Q16", "italy": "Q38", "spain": "Q29", "somalia": "Q1045", "mauritania": "Q1025",
    "djibouti": "Q977", "comoros": "Q970", "greece": "Q41", "netherlands": "Q55", "belgium": "Q31",
    "sweden": "Q34", "norway": "Q20", "poland": "Q36", "switzerland": "Q39", "austria": "Q40",
    "australia": "Q408", "mexico": "Q96", "argentina": "Q414", "south korea": "Q884",
    "north korea": "Q423", "indonesia": "Q252", "malaysia": "Q833", "nigeria": "Q1033",
    "ethiopia": "Q115", "south africa": "Q258", "cuba": "Q241", "venezuela": "Q717",
    "portugal": "Q45", "ireland": "Q27", "denmark": "Q35", "finland": "Q33", "hungary": "Q28",
    "czech republic": "Q213", "romania": "Q218", "bulgaria": "Q219", "serbia": "Q403",
    "belarus": "Q184", "kazakhstan": "Q232", "azerbaijan": "Q227", "armenia": "Q399",
    "georgia": "Q230", "bangladesh": "Q902", "sri lanka": "Q854", "vietnam": "Q881",
    "thailand": "Q869", "philippines": "Q928", "kenya": "Q114", "chad": "Q657", "niger": "Q1032",
    "mali": "Q912", "senegal": "Q1041", "eritrea": "Q986", "south sudan": "Q958", "cyprus": "Q229",
    "malta": "Q233", "iceland": "Q189", "new zealand": "Q664", "chile": "Q298", "colombia": "Q739",
    "peru": "Q419",
}
CITY_QID = {
    "moscow": "Q649", "washington, d.c.": "Q61", "kiev": "Q1899", "istanbul": "Q406",
    "paris": "Q90", "london": "Q84", "berlin": "Q64", "beijing": "Q956", "tokyo": "Q1490",
    "cairo": "Q85", "riyadh": "Q3692", "baghdad": "Q1530", "damascus": "Q3766", "beirut": "Q3820",
    "amman": "Q3805", "tehran": "Q3616", "jerusalem": "Q1218", "dubai": "Q612",
    "abu dhabi": "Q1519", "doha": "Q3861", "ankara": "Q3640", "rome": "Q220", "madrid": "Q2807",
    "new york city": "Q60", "mecca": "Q5806", "medina": "Q35484", "kuwait city": "Q35178",
    "manama": "Q3882", "muscat": "Q3826", "sanaa": "Q2471", "khartoum": "Q1963",
    "tunis": "Q3572", "algiers": "Q3561", "rabat": "Q3551", "geneva": "Q71", "vienna": "Q1741",
    "brussels": "Q239", "saint petersburg": "Q656", "kabul": "Q5838", "islamabad": "Q1362",
    "new delhi": "Q987",
}
# Spellings news uses beyond the Wikipedia forms (by English country key).
EXTRA_COUNTRY = {
    "united states": (["أمريكا", "أميركا", "الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية"],
                      ["الأميركي", "الأميركية", "الأمريكيون", "الأميركيون", "الأمريكيين", "الأميركيين", "الأمريكان"]),
    "united kingdom": (["بريطانيا", "المملكة المتحدة"], []),
    "russia": (["روسيا الاتحادية"], ["الروس"]),
    "ukraine": (["اوكرانيا"], ["الأوكرانيون", "الأوكرانيين"]),
    "saudi arabia": (["السعودية", "المملكة العربية السعودية"], ["السعوديون", "السعوديين"]),
    "united arab emirates": (["الإمارات", "الإمارات العربية المتحدة"], ["الإماراتي", "الإماراتية"]),
    "syria": (["سورية"], ["السوريون", "السوريين"]),
    "israel": ([], ["الإسرائيليون", "الإسرائيليين"]),
    "palestine": (["دولة فلسطين"], ["الفلسطينيون", "الفلسطينيين"]),
    "china": ([], ["الصينيون", "الصينيين"]),
    "iran": ([], ["الإيرانيون", "الإيرانيين"]),
    "egypt": (["جمهورية مصر العربية"], ["المصريون", "المصريين"]),
    "iraq": ([], ["العراقيون", "العراقيين"]),
    "lebanon": ([], ["اللبنانيون", "اللبنانيين"]),
    "turkey": (["تركية"], ["الأتراك"]),
    "oman": (["عمان"], ["العمانيون"]),
    "eritrea": (["إريتريا", "ارتيريا"], []),
    "macedonia": (["مقدونيا الشمالية", "جمهورية مقدونيا الشمالية"], []),
    "swaziland": (["إسواتيني", "مملكة إسواتيني"], []),
    "czech republic": (["التشيك", "تشيكيا", "جمهورية التشيك"], []),
    "ivory coast": (["كوت ديفوار", "كوت ديفوار"], []),
}

# Capital of each country (country key → ArWikiCats city key): capitals are kept however
# rarely SaudiNewsNet names them, and carry their country.
CAPITALS = {
    "afghanistan": "kabul", "albania": "tirana", "algeria": "algiers", "andorra": "andorra la vella",
    "angola": "luanda", "argentina": "buenos aires", "armenia": "yerevan", "australia": "canberra",
    "austria": "vienna", "azerbaijan": "baku", "bahamas": "nassau", "bahrain": "manama",
    "bangladesh": "dhaka", "barbados": "bridgetown", "belarus": "minsk", "belgium": "brussels",
    "belize": "belmopan", "benin": "porto-novo", "bhutan": "thimphu", "bolivia": "sucre",
    "bosnia and herzegovina": "sarajevo", "botswana": "gaborone", "brazil": "brasília",
    "united kingdom": "london", "brunei": "bandar seri begawan", "bulgaria": "sofia",
    "burkina faso": "ouagadougou", "myanmar": "naypyidaw", "burundi": "gitega", "cambodia": "phnom penh",
    "cameroon": "yaoundé", "canada": "ottawa", "cape verde": "praia", "chad": "n'djamena",
    "chile": "santiago", "china": "beijing", "colombia": "bogotá", "comoros": "moroni",
    "costa rica": "san josé", "croatia": "zagreb", "cuba": "havana", "cyprus": "nicosia",
    "czech republic": "prague", "denmark": "copenhagen", "democratic-republic-of-congo": "kinshasa",
    "djibouti": "djibouti", "dominican republic": "santo domingo", "netherlands": "amsterdam",
    "ecuador": "quito", "egypt": "cairo", "united arab emirates": "abu dhabi",
    "equatorial guinea": "malabo", "eritrea": "asmara", "estonia": "tallinn", "ethiopia": "addis ababa",
    "fiji": "suva", "philippines": "manila", "finland": "helsinki", "france": "paris",
    "gabon": "libreville", "gambia": "banjul", "georgia": "tbilisi", "germany": "berlin",
    "ghana": "accra", "greece": "athens", "grenada": "st. george's", "guatemala": "guatemala city",
    "guinea": "conakry", "guinea-bissau": "bissau", "guyana": "georgetown", "haiti": "port-au-prince",
    "honduras": "tegucigalpa", "hungary": "budapest", "iceland": "reykjavík", "india": "new delhi",
    "indonesia": "jakarta", "iran": "tehran", "iraq": "baghdad", "republic of ireland": "dublin",
    "israel": "jerusalem", "italy": "rome", "ivory coast": "yamoussoukro", "jamaica": "kingston",
    "japan": "tokyo", "jordan": "amman", "kazakhstan": "astana", "kenya": "nairobi",
    "kosovo": "pristina", "kuwait": "kuwait city", "kyrgyzstan": "bishkek", "laos": "vientiane",
    "latvia": "riga", "lebanon": "beirut", "liberia": "monrovia", "libya": "tripoli",
    "lithuania": "vilnius", "luxembourg": "luxembourg", "macedonia": "skopje",
    "madagascar": "antananarivo", "malawi": "lilongwe", "malaysia": "kuala lumpur", "maldives": "malé",
    "mali": "bamako", "malta": "valletta", "mauritania": "nouakchott", "mauritius": "port louis",
    "mexico": "mexico city", "moldova": "chișinău", "monaco": "monaco", "mongolia": "ulaanbaatar",
    "montenegro": "podgorica", "morocco": "rabat", "mozambique": "maputo", "namibia": "windhoek",
    "nauru": "yaren", "nepal": "kathmandu", "new zealand": "wellington", "nicaragua": "managua",
    "nigeria": "abuja", "niger": "niamey", "norway": "oslo", "oman": "muscat",
    "pakistan": "islamabad", "palau": "ngerulmud", "palestine": "ramallah", "panama": "panama city",
    "paraguay": "asunción", "peru": "lima", "poland": "warsaw", "portugal": "lisbon",
    "qatar": "doha", "republic-of-congo": "brazzaville", "romania": "bucharest", "russia": "moscow",
    "rwanda": "kigali", "el salvador": "san salvador", "san marino": "san marino", "samoa": "apia",
    "saudi arabia": "riyadh", "senegal": "dakar", "serbia": "belgrade", "seychelles": "victoria",
    "sierra leone": "freetown", "singapore": "singapore", "slovakia": "bratislava",
    "slovenia": "ljubljana", "somalia": "mogadishu", "spain": "madrid", "sri lanka": "sri jayawardenepura kotte",
    "sudan": "khartoum", "suriname": "paramaribo", "swaziland": "mbabane", "sweden": "stockholm",
    "switzerland": "bern", "syria": "damascus", "taiwan": "taipei", "tajikistan": "dushanbe",
    "tanzania": "dodoma", "thailand": "bangkok", "timor": "dili", "togo": "lomé", "tonga": "nuku'alofa",
    "tunisia": "tunis", "turkey": "ankara", "turkmenistan": "ashgabat", "tuvalu": "funafuti",
    "uganda": "kampala", "ukraine": "kiev", "uruguay": "montevideo", "uzbekistan": "tashkent",
    "vanuatu": "port vila", "venezuela": "caracas", "vietnam": "hanoi", "yemen": "sanaa",
    "zambia": "lusaka", "zimbabwe": "harare", "united states": "washington, d.c.",
    "north korea": "pyongyang", "south korea": "seoul", "south sudan": "juba",
    "central african republic": "bangui", "lesotho": "maseru", "liechtenstein": "vaduz",
    "trinidad and tobago": "port of spain", "papua new guinea": "port moresby",
    "solomon islands": "honiara", "sao tome and principe": "são tomé", "antigua and barbuda": "st. john's",
    "saint kitts and nevis": "basseterre", "saint lucia": "castries",
    "saint vincent and the grenadines": "kingstown", "dominica": "roseau", "kiribati": "tarawa",
    "marshall islands": "majuro", "micronesia": "palikir", "england": "london", "scotland": "edinburgh",
    "wales": "cardiff",
}
# Capitals ArWikiCats lacks (by capital key), with the Arabic news writes. Capitals whose
# Arabic name is the country's own (جيبوتي، سنغافورة، موناكو…) are left out: the name links
# to the country.
CAPITAL_AR = {
    "tirana": "تيرانا", "luanda": "لواندا", "sucre": "سوكري", "gitega": "جيتيغا", "moroni": "موروني",
    "san josé": "سان خوسيه", "banjul": "بانجول", "port-au-prince": "بورت أو برنس", "dublin": "دبلن",
    "kingston": "كينغستون", "pristina": "بريشتينا", "vientiane": "فيينتيان", "valletta": "فاليتا",
    "rabat": "الرباط", "muscat": "مسقط", "paramaribo": "باراماريبو", "dili": "ديلي",
    "sanaa": "صنعاء", "lusaka": "لوساكا", "washington, d.c.": "واشنطن", "maseru": "ماسيرو",
    "edinburgh": "إدنبرة", "cardiff": "كارديف",
}
# Countries ArWikiCats lacks: English key, QID, Arabic names, nisba forms.
MISSING_COUNTRIES = [
    ("north korea", "Q423", ["كوريا الشمالية", "كوريا الديمقراطية", "جمهورية كوريا الديمقراطية الشعبية"], []),
    ("south korea", "Q884", ["كوريا الجنوبية", "جمهورية كوريا"], []),
    ("south sudan", "Q958", ["جنوب السودان", "دولة جنوب السودان"], []),
    ("vatican city", "Q237", ["الفاتيكان", "دولة الفاتيكان", "دولة مدينة الفاتيكان"], ["الفاتيكاني", "الفاتيكانية"]),
    ("central african republic", "Q929", ["جمهورية أفريقيا الوسطى", "أفريقيا الوسطى", "جمهورية إفريقيا الوسطى", "إفريقيا الوسطى"], []),
    ("lesotho", "Q1013", ["ليسوتو"], []),
    ("liechtenstein", "Q347", ["ليختنشتاين"], []),
    ("trinidad and tobago", "Q754", ["ترينيداد وتوباغو", "ترينيداد وتوباجو"], []),
    ("papua new guinea", "Q691", ["بابوا غينيا الجديدة"], []),
    ("solomon islands", "Q685", ["جزر سليمان"], []),
    ("sao tome and principe", "Q1039", ["ساو تومي وبرينسيب"], []),
    ("antigua and barbuda", "Q781", ["أنتيغوا وباربودا"], []),
    ("saint kitts and nevis", "Q763", ["سانت كيتس ونيفيس"], []),
    ("saint lucia", "Q760", ["سانت لوسيا"], []),
    ("saint vincent and the grenadines", "Q757", ["سانت فينسنت والغرينادين"], []),
    ("dominica", "Q784", ["دومينيكا"], []),
    ("kiribati", "Q710", ["كيريباتي"], []),
    ("marshall islands", "Q709", ["جزر مارشال"], []),
    ("micronesia", "Q702", ["ميكرونيزيا"], []),
]

# Countries whose subdivisions go into provinces.tsv (keshvar file → country key), in order of
# precedence: a name (كردستان، ولاية أدرار) taken by an earlier one is not repeated.
PROVINCE_COUNTRIES = [
    ("sa", "saudi arabia"), ("iq", "iraq"), ("sy", "syria"), ("ye", "yemen"), ("eg", "egypt"),
    ("ly", "libya"), ("sd", "sudan"), ("ps", "palestine"), ("lb", "lebanon"), ("om", "oman"),
    ("kw", "kuwait"), ("qa", "qatar"), ("dz", "algeria"), ("ma", "morocco"), ("mr", "mauritania"),
    ("ir", "iran"), ("tr", "turkey"), ("af", "afghanistan"),
]
# Administrative prefixes dropped for the short alias.
PROVINCE_PREFIX = re.compile(r"^(منطقة|محافظة|ولاية|شعبية|إقليم|جهة|بلدية|لواء|أرخبيل) ")
# Names that are ordinary words, generic directions or other entities in news (الجديدة "the
# new", معسكر "camp", بورصة "stock exchange", العصابة "the gang", الشرقية، بشار، الريان the club…):
# such a name is no alias, whether it is the full name or the short one; a full name with its
# prefix (المنطقة الشرقية، محافظة إب) still is.
PROVINCE_GENERIC = {
    "الشمال", "الجنوب", "الشرق", "الغرب", "الشمالية", "الجنوبية", "الشرقية", "الغربية", "الوسطى",
    "العاصمة", "الداخلية", "الظاهرة", "الجزيرة", "مركزي", "فارس", "الساحل", "الواحات", "الوادي",
    "البحر الأحمر", "الجهة الشرقية", "المنطقة الشرقية", "الحدود الشمالية", "الوسط",
    "البيضاء", "حجة", "عمران", "البحيرة", "المركز", "الجبل", "النهر", "الجديدة", "معسكر",
    "بشار", "العيون", "البيض", "سعيدة", "إب", "بورصة", "بركان", "الزاوية", "أفيون", "بولو",
    "العصابة", "الحاجب", "المحمدية", "الريان", "الوكرة", "الأحمدي", "طاطا", "النعامة", "المدية",
    "الشمال الغربي", "الخور",
}

# Nationality entries that name a people rather than a country, or repeat one.
SKIP_COUNTRY = {"african americans", "african-americans"}
SAME_COUNTRY = {"america": "united states"}

def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")

def lex_norm(s):
    """The lexicon's form (naba's SEGMENT profile): no diacritics or tatweel, hamza seats
    folded; ة and ى kept."""
    s = re.sub("[\u0610-\u061a\u064b-\u065f\u0670\u0640]", "", s)
    s = s.translate(str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي"}))
    return " ".join(s.split())

def norm(s):
    """The form aliases are compared in (naba's SEARCH profile): `lex_norm` with ى → ي, ة → ه."""
    return lex_norm(s).translate(str.maketrans({"ى": "ي", "ة": "ه"}))

def title(s):
    return " ".join(w[:1].upper() + w[1:] for w in s.split())

def read_tsv(path):
    rows = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or line.startswith("id\t") or not line.strip():
                continue
            rows.append(line.split("\t"))
    return rows

HEADER = "id\ttype\tkind\tname\taliases\tnisba\tcountry\troles\n"

def main(src, dst, keshvar=None):
    src, dst = pathlib.Path(src), pathlib.Path(dst)
    curated = read_tsv(dst / "curated.tsv")
    taken_ids = {r[0] for r in curated}
    taken_names = {r[3].lower() for r in curated}
    taken_alias = {}  # (type, norm alias) -> id of a curated entry
    shared = set()  # (type, norm alias) a curated entry marks `~` (knowingly ambiguous)
    for r in curated:
        for a in r[4].split("|"):
            if a.strip():
                key = (r[1], norm(a.strip().lstrip("~")))
                taken_alias[key] = r[0]
                if a.strip().startswith("~"):
                    shared.add(key)
    wordfreq = {}
    lex = pathlib.Path(__file__).resolve().parent.parent / "data/lexicon/wordfreq.tsv"
    for line in lex.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#") and "\t" in line:
            w, c = line.split("\t")
            wordfreq[w] = int(c)
    credit = "# Generated by scripts/build_kb.py from ArWikiCats (MIT, github.com/ArWikiCats/ArWikiCats); edit curated.tsv instead.\n"

    # Countries, grouped by English name.
    nat = json.loads((src / "nationalities_data.json").read_text(encoding="utf-8"))
    groups = collections.OrderedDict()
    for key in sorted(nat):
        v = nat[key]
        en, ar = v.get("en", "").strip(), v.get("ar", "").strip()
        if not en or not ar or en in SKIP_COUNTRY:
            continue
        if en in SAME_COUNTRY:
            en, ar = SAME_COUNTRY[en], ""
        
        g = groups.setdefault(en, {"ar": [], "nisba": []})
        if ar and ar not in g["ar"]:
            g["ar"].append(ar)
        for f in ("the_male", "the_female", "male", "female", "males"):
            x = v.get(f, "").strip()
            if x and " " not in x:
                for form in (x, x if x.startswith("ال") else "ال" + x):
                    if form not in g["nisba"]:
                        g["nisba"].append(form)
    for en, qid, ar, nisba in MISSING_COUNTRIES:
        COUNTRY_QID.setdefault(en, qid)
        groups.setdefault(en, {"ar": list(ar), "nisba": list(nisba)})
    # Countries written by hand (Palestine…), by English key, so that their capitals point there.
    country_id = {r[3].lower(): r[0] for r in curated if r[2] == "country"}
    lines, seen_alias = [], {}
    for en, g in groups.items():
        cid = COUNTRY_QID.get(en, "naba:country/" + slug(en))
        if cid in taken_ids or title(en).lower() in taken_names:
            continue
        extra, extra_n = EXTRA_COUNTRY.get(en, ([], []))
        aliases = ["~" + a if ("LOC", norm(a)) in shared else a
                   for a in g["ar"] + extra if ("LOC", norm(a)) not in taken_alias or ("LOC", norm(a)) in shared]
        aliases = list(dict.fromkeys(aliases))
        if not aliases:
            continue
        country_id[en] = cid
        for a in aliases:
            seen_alias.setdefault(norm(a), []).append(cid)
        lines.append([cid, "LOC", "country", title(en), aliases, g["nisba"] + extra_n, "", ""])
    write(dst / "countries.tsv", credit, lines, seen_alias)

    # Cities that news mentions.
    cities = json.loads((src / "cities_full.json").read_text(encoding="utf-8"))
    lines, seen_alias = [], {}
    country_aliases = {norm(a) for r in read_rows(dst / "countries.tsv") for a in r[4].split("|")}
    ids = set()
    capital_of = {city: country for country, city in CAPITALS.items()}
    cities = dict(cities)
    for city, ar in CAPITAL_AR.items():
        cities.setdefault(city, ar)
    # Another city of a capital's name (DKI Jakarta beside Jakarta) would make the name ambiguous.
    capital_names = {norm(cities[c]) for c in capital_of if c in cities}
    for en in sorted(cities):
        ar = cities[en].strip()
        n = norm(ar)
        if en not in capital_of and n in capital_names:
            continue
        toks = n.split()
        if re.search(r"literature|language|people|cuisine|culture", en):
            continue
        if not toks or any(not re.fullmatch("[\u0621-\u064a]+", t) for t in toks):
            continue
        need = 30 if len(toks) == 1 else 5
        if en not in capital_of and any(wordfreq.get(t, 0) < need for t in lex_norm(ar).split()):
            continue
        if ("LOC", n) in taken_alias or n in country_aliases:
            continue
        cid = CITY_QID.get(en, "naba:city/" + slug(en))
        if cid in taken_ids or cid in ids or not slug(en):
            continue
        ids.add(cid)
        seen_alias.setdefault(n, []).append(cid)
        country = country_id.get(capital_of.get(en, ""), "")
        lines.append([cid, "LOC", "city", title(en), [ar], [], country, ""])
    write(dst / "cities.tsv", credit, lines, seen_alias)

    # Provinces, governorates and states.
    kdir = pathlib.Path(keshvar) if keshvar else next(
        iter(sorted(pathlib.Path.home().glob(".cargo/registry/src/*/keshvar-0.7.0"))), None)
    if kdir is None or not (kdir / "src/countries").is_dir():
        sys.exit("keshvar 0.7.0 source not found: see the usage at the top of this script")
    # An alias a curated entry marks `~` (knowingly shared: the Saudi town ميسان) stays, marked.
    taken = (set(country_aliases) | {norm(c) for c in cities.values()}
             | {a for k, a in taken_alias if (k, a) not in shared})
    block = re.compile(r'Subdivision\{\s*name: "([^"]*)",.*?translations: HashMap::from\(\[(.*?)\]\)', re.S)
    lines, seen_alias, ids, used = [], {}, set(), set()
    for code, ckey in PROVINCE_COUNTRIES:
        text = (kdir / "src/countries" / f"{code}.rs").read_text(encoding="utf-8")
        country = country_id.get(ckey, "")
        for m in block.finditer(text):
            tr = dict(re.findall(r'\("([a-zA-Z_]+)", "((?:[^"\\]|\\.)*)"\)', m.group(2)))
            ar, en = tr.get("ar", "").strip(), tr.get("en", m.group(1)).strip()
            if not ar or not re.fullmatch("[\u0621-\u064a ]+", ar):
                continue
            free = lambda name: (name not in PROVINCE_GENERIC and norm(name) not in taken
                                 and norm(name) not in used)
            aliases = [a for a in dict.fromkeys([ar, PROVINCE_PREFIX.sub("", ar)]) if free(a)]
            used.update(norm(a) for a in aliases)
            pid = "naba:province/" + code + "-" + slug(en)
            if not aliases or pid in ids or pid in taken_ids:
                continue
            ids.add(pid)
            for a in aliases:
                seen_alias.setdefault(norm(a), []).append(pid)
            marked = ["~" + a if ("LOC", norm(a)) in shared else a for a in aliases]
            lines.append([pid, "LOC", "province", en, marked, [], country, ""])
    write(dst / "provinces.tsv", credit.replace("ArWikiCats (MIT, github.com/ArWikiCats/ArWikiCats)",
                                                "the keshvar crate 0.7.0 (BSD-3-Clause)"), lines, seen_alias)

    # People by full name (two words or more).
    people = json.loads((src / "peoples.json").read_text(encoding="utf-8"))
    lines, seen_alias, ids = [], {}, set()
    for en in sorted(people):
        ar = people[en].strip()
        n = norm(ar)
        if len(n.split()) < 2 or not re.fullmatch("[\u0621-\u064a ]+", n):
            continue
        if en in taken_names or ("PER", n) in taken_alias:
            continue
        pid = "naba:person/" + slug(en)
        if pid in taken_ids or pid in ids or pid == "naba:person/":
            continue
        ids.add(pid)
        seen_alias.setdefault(n, []).append(pid)
        lines.append([pid, "PER", "person", title(en), [ar], [], "", ""])
    write(dst / "people.tsv", credit, lines, seen_alias)

def read_rows(path):
    return read_tsv(path)

def write(path, credit, lines, seen_alias):
    with open(path, "w", encoding="utf-8") as f:
        f.write(credit)
        f.write(HEADER)
        for r in lines:
            # An alias two generated entries share is marked ambiguous in both.
            al, seen = [], set()
            for a in r[4]:
                if norm(a.lstrip("~")) in seen:
                    continue
                seen.add(norm(a.lstrip("~")))
                shared = len(set(seen_alias.get(norm(a), []))) > 1
                al.append("~" + a if shared and not a.startswith("~") else a)
            f.write("\t".join([r[0], r[1], r[2], r[3], "|".join(al), "|".join(r[5]), r[6], r[7]]) + "\n")
    print(f"{path}: {len(lines)} entries")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
