#!/usr/bin/env python3
"""Writes given_names.txt: given names from Faker's person providers.

first_names.txt is hand-written and holds the names news uses most; this
script adds the long tail as given_names.txt, which the rules read like
first_names.txt before a capitalized word ("Jayson Tatum", "Kylian Mbappe")
but never alone (the hand-written names alone are people: "told Marta";
rare names alone are too often something else: a song called "Geronimo").
The file is rewritten on every run. Names come from the first-name tables of every Faker locale whose names
are written in Latin letters (English, Irish, Kenyan, Nigerian, Ghanaian,
Indian, Icelandic, Turkish, Spanish, ... 60 locales), and are kept only when
they pass the exclusion policy written at the top of first_names.txt:

- one token of Latin letters, at least three letters, capitalized;
- not a common English word: not in /usr/share/dict/american-english in
  lower case (Debian package `wamerican`), so Hope, Summer, Grant, Major and
  Precious stay out;
- not an alias of any entity of the news lexicon other than a person, nor of
  any place (Paris, Jordan, Chester, Avon), brand (Mercedes) or weapon
  (Bradley); nor a word of such an alias of several words, of the news
  lexicon or of a country, a first-level region or a city of 100,000 people
  or more ("Rica" of "Costa Rica", "Santa" of "Santa Marta");
- not in not_names.txt, months.txt, weekdays.txt, person_titles.txt,
  org_suffixes.txt or place_suffixes.txt, nor in EXCLUDE below;
- not already in first_names.txt (compared folded).

Requirements: Python 3, `pip install faker==40.63.0`, `apt-get install
wamerican`. Run from anywhere: python3 Lexicons/rules/build_first_names.py

Faker is Copyright (c) 2012 Daniele Faraglia and released under the MIT
License; its name tables are drawn from public name statistics. The
generated file repeats this attribution.
"""
import importlib
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
LEXICONS = os.path.dirname(HERE)
CURATED = os.path.join(HERE, "first_names.txt")
TARGET = os.path.join(HERE, "given_names.txt")
DICTIONARY = "/usr/share/dict/american-english"
FAKER_VERSION = "40.63.0"
CITY_POPULATION = 100_000

# Names the filters let through that news reads as something else: units and
# slogans of war reporting, and words of other languages common in English text.
EXCLUDE = {
    "Slava", "Aidar", "Akhmat", "Azov", "Kraken", "Tesla", "Lada", "Vostok", "Soyuz",
    "Sputnik", "Shahed", "Geran", "Kalibr", "Kinzhal", "Tor", "Buk", "Osa",
    "Allah", "Inshallah", "Hamas", "Hezbollah", "Taliban", "Kurd", "Kurds",
    "Dior", "Chanel", "Gucci", "Prada", "Armani", "Cartier", "Ferrari", "Lamborghini",
    "Porsche", "Maserati", "Bugatti", "Peugeot", "Renault", "Citroen", "Skoda", "Seat",
    "Fiat", "Opel", "Audi", "Volvo", "Lexus", "Nissan", "Honda", "Suzuki", "Mazda",
    "Siri", "Alexa", "Cortana", "Gemini", "Claude",
}


def fold(s):
    s = unicodedata.normalize("NFKD", s.replace("’", "'").lower())
    return "".join(c for c in s if not unicodedata.combining(c))


def latin_name(s):
    if not re.fullmatch(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ſƀ-ɏ]+", s):
        return False
    return len(s) >= 3 and s[0].isupper() and s[1:] == s[1:].lower()


def list_entries(name, value_column=False):
    path = os.path.join(HERE, name)
    out = set()
    if not os.path.exists(path):
        return out
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        out.add(fold(line.split("\t")[0].strip()))
    return out


def lexicon_aliases():
    """Folded aliases of every non-person news entity and of every place, and
    the words of those of several words ("Rica" of "Costa Rica")."""
    out = set()
    news = os.path.join(LEXICONS, "news")
    for fn in sorted(os.listdir(news)):
        if not fn.endswith(".tsv"):
            continue
        for line in open(os.path.join(news, fn), encoding="utf-8"):
            if line.startswith("#"):
                continue
            f = line.rstrip("\n").split("\t")
            if len(f) < 5 or f[1] == "PERSON":
                continue
            for a in [f[3]] + f[4].split("|"):
                add(out, a.lstrip("=~"), words_too=True)
    places = os.path.join(LEXICONS, "places")
    for fn in ("countries.tsv", "regions.tsv", "cities.tsv"):
        for line in open(os.path.join(places, fn), encoding="utf-8"):
            if line.startswith("#"):
                continue
            f = line.rstrip("\n").split("\t")
            if len(f) < 6:
                continue
            attrs = dict(kv.split("=", 1) for kv in f[5].split(";") if "=" in kv)
            large = fn != "cities.tsv" or int(attrs.get("population", "0") or 0) >= CITY_POPULATION
            for a in [f[3]] + f[4].split("|"):
                add(out, a, words_too=large)
    return out


def add(out, alias, words_too):
    out.add(fold(alias))
    if words_too:
        for w in re.split(r"[\s\-]+", alias):
            out.add(fold(w))


def faker_names():
    import faker
    if faker.VERSION != FAKER_VERSION:
        sys.exit(f"need faker=={FAKER_VERSION} (found {faker.VERSION}): pip install faker=={FAKER_VERSION}")
    base = os.path.join(os.path.dirname(faker.__file__), "providers", "person")
    names = set()
    for loc in sorted(os.listdir(base)):
        if loc.startswith("_"):
            continue
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female",
                     "first_names_nonbinary", "first_names_unisex"):
            table = provider.__dict__.get(attr)
            if table is None or isinstance(table, property):
                continue
            for n in (table.keys() if isinstance(table, dict) else table):
                if isinstance(n, str):
                    names.add(n.strip())
    return names


def main():
    if not os.path.exists(DICTIONARY):
        sys.exit(f"{DICTIONARY} is missing: apt-get install wamerican")
    words = {w.strip() for w in open(DICTIONARY, encoding="utf-8") if w.strip().islower()}
    have = {fold(l.strip()) for l in open(CURATED, encoding="utf-8") if l.strip() and not l.startswith("#")}
    blocked = lexicon_aliases()
    for name in ("not_names.txt", "months.txt", "weekdays.txt", "person_titles.txt",
                 "org_suffixes.txt", "place_suffixes.txt"):
        blocked |= list_entries(name)
    blocked |= {fold(n) for n in EXCLUDE}
    kept = set()
    for n in faker_names():
        if not latin_name(n):
            continue
        k = fold(n)
        if k in have or k in blocked or n.lower() in words or k in words:
            continue
        kept.add(n)
    by_fold = {}
    for n in sorted(kept):
        by_fold.setdefault(fold(n), n)
    names = sorted(by_fold.values(), key=lambda n: (fold(n), n))
    header = [
        "# Given names for the rule \"given name + capitalized word\" (rules/person.rules), beside",
        "# the hand-written first_names.txt: the long tail of names, never taken alone.",
        "# Generated by build_first_names.py: do not edit; change the script and rerun it.",
        f"# Source: the first-name tables of Faker {FAKER_VERSION}, the Python package faker,",
        "# Copyright (c) 2012 Daniele Faraglia, MIT License; filtered by the exclusion policy",
        "# of first_names.txt (see the script).",
        f"# {len(names)} names.",
    ]
    with open(TARGET, "w", encoding="utf-8") as out:
        out.write("\n".join(header + names) + "\n")
    print(f"{len(names)} names written to {TARGET}", file=sys.stderr)


if __name__ == "__main__":
    main()
