#!/usr/bin/env python3
"""Synthetic entity lexicons for Gazette's lexicon benchmarks.

Writes, into OUT (default: benchmarks/.data):

  lexicon-10k.tsv, lexicon-100k.tsv, lexicon-1m.tsv
      entity lexicons (format: Lexicons/README.md) with about 10,000, 100,000
      and 1,000,000 aliases. Each is a prefix of the next: the 10k lexicon's
      entities are the first entities of the 100k one, and so on.
  haystack.txt
      the text every benchmark matches: the 32 articles of Corpus/gold.jsonl
      as written, then 15 more copies of them in which every PERSON, ORG and
      place span of the gold annotations is replaced by a name of a random
      entity of the 10k lexicon with the same label. It has the entity
      density and the common words of news, and every lexicon size knows
      its synthetic names. Documents are separated by a blank line and a
      line "###".

Names are realistic in shape, not real: people are a real first name
(Lexicons/rules/first_names.txt) and a generated surname of one of several
traditions (Slavic, Germanic, Romance, Anglo, Greek, Turkish, Arabic,
Chinese); organizations and places are built from generated stems and
common words. Aliases are in Latin script with diacritics, Cyrillic, Greek,
Arabic and Han characters, as spelling variants, transliterations, initials
and acronyms, 2 to 6 per entity, 1 to 6 tokens each.

The output is deterministic (fixed seed): the same command always writes the
same files. Usage:

    python3 benchmarks/generate_lexicon.py [--out DIR] [--sizes 10000,100000,1000000]
"""

import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

ONSETS = ["b", "br", "ch", "d", "dr", "g", "gr", "h", "k", "kr", "l", "m", "n", "p", "pr", "r", "s", "sh",
          "st", "t", "tr", "v", "z", "zh", "j", "f", "kh", "sv", "bl", "pl"]
VOWELS = ["a", "e", "i", "o", "u", "ya", "ie", "ou", "ei", "y"]
CODAS = ["", "", "", "n", "r", "l", "s", "k", "m", "t", "v", "sh", "ch"]

SURNAME_ENDINGS = {
    "slavic": ["enko", "ov", "ova", "sky", "ska", "chuk", "ovich", "yuk", "in", "ets", "ak", "ko"],
    "germanic": ["mann", "berg", "stein", "feld", "hoff", "bauer", "ner", "ler", "thal"],
    "romance": ["ini", "ez", "eau", "elli", "ardo", "ente", "ier", "ano", "ucci"],
    "anglo": ["son", "ton", "ley", "wood", "field", "ford", "well", "by"],
    "greek": ["opoulos", "akis", "idis", "ou", "as"],
    "turkish": ["oğlu", "er", "can", "soy", "taş", "gül"],
}
PLACE_SUFFIXES = {
    "slavic": ["ivka", "grad", "ovo", "ove", "sk", "ske", "opil", "ytsia", "ino"],
    "germanic": ["burg", "dorf", "hausen", "heim", "stadt", "feld"],
    "romance": ["ville", "mont", "ara", "ona", "eto", "illa"],
    "anglo": ["ton", "field", "bury", "ford", "port", "wick"],
    "greek": ["polis", "ada", "issa", "ion"],
    "turkish": ["köy", "abad", "lar", "kent"],
}
ORG_WORDS = ["Holding", "Group", "Bank", "Institute", "Agency", "Council", "Foundation", "Union", "Company",
             "Corporation", "Industries", "Partners", "Fund", "Association", "Committee", "Ministry",
             "Service", "Brigade", "Battalion", "Party", "Movement", "Alliance", "Trust", "Systems"]
ORG_ADJECTIVES = ["National", "Northern", "Southern", "Eastern", "Western", "Central", "United", "Free",
                  "Independent", "Federal", "Regional", "Civic", "Social", "Democratic", "Popular", "New",
                  "First", "Grand", "Royal", "Open", "Green", "Baltic", "Atlantic", "Pacific", "Black Sea"]
ORG_NOUNS = ["Grain", "Energy", "Steel", "Media", "Defense", "Health", "Water", "Rail", "Aviation",
             "Shipping", "Mining", "Telecom", "Chemical", "Textile", "Tobacco", "Timber", "Fisheries",
             "Insurance", "Software", "Motors", "Solar", "Gas", "Oil", "Cement", "Sugar", "Tea"]
PLACE_WORDS = ["Oblast", "Region", "Province", "District", "County", "Valley", "Lake", "Bay", "Heights"]
COUNTRIES = ["UA", "RU", "PL", "DE", "FR", "IT", "ES", "GB", "US", "GR", "TR", "GE", "RO", "CZ", "HU",
             "BY", "MD", "LT", "LV", "EE", "FI", "SE", "NO", "DK", "NL", "BE", "AT", "CH", "PT", "IE",
             "EG", "SA", "IQ", "SY", "JO", "CN", "TW", "JP", "KR", "IN", "BR", "MX", "AR", "CA", "AU"]
TRADITION_COUNTRIES = {
    "slavic": ["UA", "RU", "PL", "BY", "CZ"], "germanic": ["DE", "AT", "CH", "NL"],
    "romance": ["FR", "IT", "ES", "PT", "RO"], "anglo": ["GB", "US", "IE", "CA", "AU"],
    "greek": ["GR"], "turkish": ["TR"], "arabic": ["EG", "SA", "IQ", "SY", "JO"], "chinese": ["CN", "TW"],
}

CYRILLIC = [("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"), ("ya", "я"), ("yu", "ю"),
            ("ie", "є"), ("ts", "ц"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("h", "г"), ("d", "д"),
            ("e", "е"), ("z", "з"), ("i", "і"), ("y", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"),
            ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"),
            ("w", "в"), ("c", "к"), ("x", "кс"), ("q", "к"), ("ğ", "г"), ("ü", "ю"), ("ö", "е"), ("ş", "ш"),
            ("ç", "ч"), ("é", "е"), ("ı", "и")]
GREEK = [("th", "θ"), ("ch", "χ"), ("ps", "ψ"), ("ou", "ου"), ("a", "α"), ("b", "μπ"), ("v", "β"), ("g", "γ"),
         ("d", "ντ"), ("e", "ε"), ("z", "ζ"), ("i", "ι"), ("k", "κ"), ("l", "λ"), ("m", "μ"), ("n", "ν"),
         ("x", "ξ"), ("o", "ο"), ("p", "π"), ("r", "ρ"), ("s", "σ"), ("t", "τ"), ("y", "υ"), ("f", "φ"),
         ("h", "χ"), ("u", "ου"), ("j", "τζ"), ("c", "κ"), ("w", "ου"), ("q", "κ")]
ARABIC_SYLLABLES = ["ما", "حم", "عل", "سا", "كر", "نو", "ري", "فا", "جب", "دي", "لي", "بد", "رح", "سن", "زي", "قا"]
ARABIC_LATIN = ["ma", "ham", "al", "sa", "kar", "nu", "ri", "fa", "jab", "di", "li", "bad", "rah", "san", "zi", "qa"]
HAN_SURNAMES = [("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
                ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"),
                ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("高", "Gao")]
HAN_GIVEN = [("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"),
             ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("涛", "tao"),
             ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("华", "hua")]


def translit(s, table):
    out, i, low = [], 0, s.lower()
    while i < len(low):
        for lat, other in table:
            if low.startswith(lat, i):
                out.append(other)
                i += len(lat)
                break
        else:
            out.append(low[i])
            i += 1
    text = "".join(out)
    return text[:1].upper() + text[1:]


def slug(s):
    out, dash = [], False
    for ch in s.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-") or "x"


class Generator:
    def __init__(self, seed=20231123):
        self.rng = random.Random(seed)
        path = os.path.join(ROOT, "Lexicons", "rules", "first_names.txt")
        with open(path, encoding="utf-8") as f:
            names = [line.split("\t")[0].strip() for line in f if line.strip() and not line.startswith("#")]
        self.first_names = [n for n in names if n.isalpha() and n[0].isupper() and len(n) > 2 and n.isascii()]
        self.used_ids = set()

    def stem(self, syllables):
        r = self.rng
        return "".join(r.choice(ONSETS) + r.choice(VOWELS) + r.choice(CODAS) for _ in range(syllables))

    def name_word(self, tradition, endings):
        r = self.rng
        s = self.stem(r.choice([1, 1, 2, 2, 3])) + r.choice(endings[tradition])
        return s[:1].upper() + s[1:]

    def kb(self, kind, canonical):
        base = f"{kind}/{slug(canonical)}"
        kid, n = base, 1
        while kid in self.used_ids:
            n += 1
            kid = f"{base}-{n}"
        self.used_ids.add(kid)
        return kid

    def person(self):
        r = self.rng
        tradition = r.choice(["slavic"] * 3 + ["germanic", "romance", "anglo", "greek", "turkish", "arabic", "chinese"])
        country = r.choice(TRADITION_COUNTRIES[tradition])
        if tradition == "chinese":
            (hs, ls), (hg, lg) = r.choice(HAN_SURNAMES), r.choice(HAN_GIVEN)
            given = lg + (r.choice(HAN_GIVEN)[1] if r.random() < 0.5 else "")
            canonical = f"{ls} {given.capitalize()}"
            aliases = [hs + hg, f"{ls.upper()} {given.capitalize()}", f"{given.capitalize()} {ls}"]
            return "PERSON", "politician", canonical, aliases, f"country={country}"
        if tradition == "arabic":
            k = [r.randrange(len(ARABIC_LATIN)) for _ in range(r.choice([2, 3]))]
            surname = "".join(ARABIC_LATIN[i] for i in k).capitalize()
            first = r.choice(self.first_names)
            canonical = f"{first} al-{surname}"
            aliases = [f"{first} Al {surname}", "".join(ARABIC_SYLLABLES[i] for i in k), f"{first} el-{surname}"]
            return "PERSON", "official", canonical, aliases, f"country={country}"
        first = r.choice(self.first_names)
        surname = self.name_word(tradition, SURNAME_ENDINGS)
        middle = f" {r.choice(self.first_names)}" if r.random() < 0.15 else ""
        canonical = f"{first}{middle} {surname}"
        aliases = [f"{first[0]}. {surname}"]
        if tradition in ("slavic", "turkish"):
            aliases.append(translit(first, CYRILLIC) + " " + translit(surname, CYRILLIC))
            aliases.append(f"{first} {surname.replace('y', 'i').replace('kh', 'ch')}")
        if tradition == "greek":
            aliases.append(translit(first, GREEK) + " " + translit(surname, GREEK))
        if tradition == "germanic":
            aliases.append(f"{first} {surname.replace('mann', 'man')}")
        if tradition == "romance" and r.random() < 0.5:
            aliases.append(f"{first} de {surname}")
        if r.random() < 0.3:
            aliases.append(surname)
        return "PERSON", r.choice(["politician", "official", "business", "military_officer"]), canonical, aliases, \
            f"country={country}"

    def organization(self):
        r = self.rng
        tradition = r.choice(list(SURNAME_ENDINGS))
        country = r.choice(TRADITION_COUNTRIES[tradition])
        shape = r.randrange(4)
        if shape == 0:
            words = [self.name_word(tradition, SURNAME_ENDINGS), r.choice(ORG_NOUNS), r.choice(ORG_WORDS)]
        elif shape == 1:
            words = [r.choice(ORG_ADJECTIVES), r.choice(ORG_NOUNS), r.choice(ORG_WORDS)]
        elif shape == 2:
            words = [r.choice(ORG_WORDS), "of", self.name_word(tradition, PLACE_SUFFIXES)]
        else:
            words = [r.choice(ORG_ADJECTIVES), r.choice(ORG_WORDS), "for", r.choice(ORG_NOUNS), r.choice(ORG_WORDS)]
        canonical = " ".join(words)
        acronym = "".join(w[0] for w in words if w[0].isupper())
        aliases = [f"The {canonical}"]
        if 2 < len(acronym) <= 5:
            aliases.append(acronym)
        if tradition == "slavic":
            aliases.append(translit(canonical, CYRILLIC))
        if r.random() < 0.4:
            aliases.append(canonical.replace(" ", "-", 1))
        return "ORG", r.choice(["company", "government_body", "ngo", "armed_group", "media_outlet"]), \
            canonical, aliases, f"country={country}"

    def place(self):
        r = self.rng
        tradition = r.choice(list(PLACE_SUFFIXES))
        country = r.choice(TRADITION_COUNTRIES[tradition])
        name = self.name_word(tradition, PLACE_SUFFIXES)
        if r.random() < 0.15:
            name = r.choice(["New", "Old", "Upper", "Lower", "Novo", "Staro", "Saint", "Port"]) + " " + name
        population = int(r.paretovariate(1.1) * 800)
        aliases = [translit(name, CYRILLIC)]
        if tradition == "slavic":
            aliases += [name.replace("iv", "if").replace("y", "i"), translit(name, CYRILLIC).upper().capitalize()]
        if tradition == "greek":
            aliases.append(translit(name, GREEK))
        if r.random() < 0.25:
            word = r.choice(PLACE_WORDS)
            aliases += [f"{name} {word}", f"{word} of {name}"]
        if r.random() < 0.1:
            aliases.append(f"{name}-on-{self.name_word(tradition, PLACE_SUFFIXES)}")
        return "GPE", "city", name, aliases, f"country={country};population={population}"

    def entities(self):
        r = self.rng
        while True:
            kind = r.random()
            if kind < 0.45:
                label, subtype, canonical, aliases, attributes = self.person()
                prefix = "person"
            elif kind < 0.75:
                label, subtype, canonical, aliases, attributes = self.place()
                prefix = "place"
            else:
                label, subtype, canonical, aliases, attributes = self.organization()
                prefix = "org"
            seen, unique = {canonical}, []
            for a in aliases:
                a = a.strip()
                if a and a not in seen and "|" not in a and "\t" not in a:
                    seen.add(a)
                    unique.append(a)
            yield (self.kb(prefix, canonical), label, subtype, canonical, unique, attributes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(HERE, ".data"))
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--copies", type=int, default=16, help="copies of the corpus in the haystack")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    os.makedirs(args.out, exist_ok=True)

    gen = Generator()
    rows, counts, total = [], [], 0
    stream = gen.entities()
    for size in sizes:
        while total < size:
            e = next(stream)
            rows.append(e)
            total += 1 + len(e[4])
        counts.append(len(rows))
    header = "# kb_id\tlabel\tsubtype\tcanonical\taliases\tattributes  (synthetic: benchmarks/generate_lexicon.py)\n"
    for size, n in zip(sizes, counts):
        name = f"lexicon-{size // 1000}k.tsv" if size < 1_000_000 else f"lexicon-{size // 1_000_000}m.tsv"
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
            f.write(header)
            aliases = 0
            for kb, label, subtype, canonical, al, attrs in rows[:n]:
                f.write(f"{kb}\t{label}\t{subtype}\t{canonical}\t{'|'.join(al)}\t{attrs}\n")
                aliases += 1 + len(al)
        print(f"{name}: {n} entities, {aliases} aliases", file=sys.stderr)

    # The haystack: real news text with the entity density of news. Each corpus
    # article (Corpus/gold.jsonl) appears COPIES times: as written, then with every
    # PERSON, ORG and place span of its gold annotations replaced by a name (any
    # alias) of a random entity of the smallest lexicon with the same label.
    # Every lexicon contains those entities, so all sizes match the same names.
    r = random.Random(7)
    small = rows[:counts[0]]
    by_label = {"PERSON": [], "ORG": [], "GPE": []}
    for kb, label, subtype, canonical, al, attrs in small:
        by_label[label].append([canonical] + al)
    label_of = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "GPE", "FAC": "GPE"}
    with open(os.path.join(ROOT, "Corpus", "gold.jsonl"), encoding="utf-8") as f:
        gold = [json.loads(line) for line in f if line.strip()]
    docs, replaced = [], 0
    for copy in range(args.copies):
        for g in gold:
            text = g["text"]
            if copy == 0:
                docs.append(text)
                continue
            out, last = [], 0
            for span in sorted(g["spans"], key=lambda x: x["start"]):
                kind = label_of.get(span["label"])
                if kind is None or span["start"] < last:
                    continue
                out.append(text[last:span["start"]])
                out.append(r.choice(r.choice(by_label[kind])))
                last = span["end"]
                replaced += 1
            out.append(text[last:])
            docs.append("".join(out))
    with open(os.path.join(args.out, "haystack.txt"), "w", encoding="utf-8") as f:
        f.write("\n\n###\n\n".join(docs) + "\n")
    print(f"haystack.txt: {len(docs)} documents, {sum(len(d.encode()) for d in docs)} bytes, "
          f"{replaced} synthetic mentions", file=sys.stderr)


if __name__ == "__main__":
    main()
