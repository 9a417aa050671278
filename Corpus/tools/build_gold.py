#!/usr/bin/env python3
"""Build the Gazette gold corpus from the annotated sources.

Reads every Corpus/annotated/*.txt, validates the inline markup

    [[surface|LABEL]]
    [[surface|LABEL|kb_id]]
    [[surface|LABEL/subtype|kb_id]]
    [[surface|LABEL/subtype]]

and writes

    Corpus/articles/<name>.txt   the plain text (markup removed)
    Corpus/gold.jsonl            one JSON object per article, sorted by name

Offsets are Unicode code point offsets (Python str indices), end exclusive.
Standard library only; deterministic; safe to re-run.  Exit status 1 on any
markup error (every error is reported as file:line:column).

Usage: python3 Corpus/tools/build_gold.py [--check] [--root DIR]
       --check      validate only, write nothing
       --root DIR   use DIR/annotated, DIR/articles and DIR/gold.jsonl
                    instead of Corpus/ (e.g. --root Corpus/heldout)
"""

import json
import os
import re
import sys
from collections import Counter

LABELS = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT",
    "WORK_OF_ART", "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY",
    "QUANTITY", "ORDINAL", "CARDINAL", "URL", "HANDLE", "HASHTAG", "EMAIL",
)

# Which kb_id type a label may carry.  Labels not listed take no kb_id.
KB_TYPES = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "norp",
    "PRODUCT": "product",
    "EVENT": "event",
    "WORK_OF_ART": "work",
    "LAW": "law",
}

# Labels whose spans may start with "the" (OntoNotes time/quantity phrases
# such as "the past 24 hours") or legitimately contain it in a title.
THE_ALLOWED = {"DATE", "TIME", "QUANTITY", "CARDINAL", "MONEY", "PERCENT",
               "WORK_OF_ART"}

KB_RE = re.compile(r"^(person|org|place|product|norp|event|work|law)/"
                   r"[a-z0-9]+(?:-[a-z0-9]+)*$")
SUBTYPE_RE = re.compile(r"^[a-z]+(?:_[a-z]+)*$")
TRAILING_PUNCT = set(",;:!?\"'()[]{}«»“”‘’—–-")

MIN_WORDS, MAX_WORDS = 150, 400

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANNOTATED = os.path.join(ROOT, "annotated")
ARTICLES = os.path.join(ROOT, "articles")
GOLD = os.path.join(ROOT, "gold.jsonl")


class MarkupError(Exception):
    pass


def line_col(text, index):
    """1-based line and column of a code point index in text."""
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def parse(name, source, errors):
    """Return (plain_text, spans).  Appends messages to errors."""
    out = []          # pieces of plain text
    pos_out = 0       # length of plain text so far (code points)
    spans = []
    i = 0
    n = len(source)

    def err(index, msg):
        line, col = line_col(source, index)
        errors.append(f"{name}:{line}:{col}: {msg}")

    while i < n:
        open_at = source.find("[[", i)
        close_at = source.find("]]", i)
        if close_at != -1 and (open_at == -1 or close_at < open_at):
            err(close_at, "']]' without a matching '[['")
            out.append(source[i:close_at + 2])
            pos_out += close_at + 2 - i
            i = close_at + 2
            continue
        if open_at == -1:
            out.append(source[i:])
            pos_out += n - i
            break
        out.append(source[i:open_at])
        pos_out += open_at - i
        end = source.find("]]", open_at + 2)
        nl = source.find("\n", open_at + 2)
        nested = source.find("[[", open_at + 2)
        if end == -1 or (nl != -1 and nl < end):
            err(open_at, "'[[' is not closed by ']]' on the same line")
            i = open_at + 2
            continue
        if nested != -1 and nested < end:
            err(nested, "nested '[[' inside an annotation")
            i = end + 2
            continue
        body = source[open_at + 2:end]
        parts = body.split("|")
        i = end + 2
        if len(parts) < 2 or len(parts) > 3:
            err(open_at, f"expected [[surface|LABEL]] or "
                         f"[[surface|LABEL|kb_id]], got [[{body}]]")
            out.append(parts[0])
            pos_out += len(parts[0])
            continue
        surface = parts[0]
        label_part = parts[1]
        kb = parts[2] if len(parts) == 3 else None
        label, _, subtype = label_part.partition("/")
        subtype = subtype or None
        ok = True
        if surface == "" or surface.strip() == "":
            err(open_at, "empty surface text")
            ok = False
        elif surface != surface.strip():
            err(open_at, f"surface {surface!r} starts or ends with whitespace")
            ok = False
        if label not in LABELS:
            err(open_at, f"unknown label {label!r} in [[{body}]]")
            ok = False
        if "/" in label_part and not subtype:
            err(open_at, f"empty subtype in [[{body}]]")
            ok = False
        if subtype is not None and not SUBTYPE_RE.match(subtype):
            err(open_at, f"bad subtype {subtype!r} (lowercase snake_case)")
            ok = False
        if kb is not None:
            if not KB_RE.match(kb):
                err(open_at, f"bad kb_id {kb!r} (want type/slug, slug of "
                             f"lowercase ASCII letters, digits, hyphens)")
                ok = False
            elif label in LABELS:
                want = KB_TYPES.get(label)
                have = kb.split("/", 1)[0]
                if want is None:
                    err(open_at, f"label {label} takes no kb_id, got {kb!r}")
                    ok = False
                elif want != have:
                    err(open_at, f"kb_id {kb!r} has type {have!r} but label "
                                 f"{label} needs {want!r}")
                    ok = False
        if ok:
            low = surface.lower()
            if label not in THE_ALLOWED and (low.startswith("the ")):
                err(open_at, f"{label} span {surface!r} starts with 'the'")
                ok = False
            if low.endswith("'s") or low.endswith("\u2019s"):
                err(open_at, f"span {surface!r} ends with a possessive")
                ok = False
            last = surface[-1]
            if last in TRAILING_PUNCT and label not in ("URL",):
                err(open_at, f"span {surface!r} ends with punctuation")
                ok = False
            if last == "." and "." not in surface[:-1]:
                err(open_at, f"span {surface!r} ends with a full stop")
                ok = False
        out.append(surface)
        if ok:
            span = {"start": pos_out, "end": pos_out + len(surface),
                    "label": label, "entity": kb}
            if subtype:
                span["subtype"] = subtype
            spans.append(span)
        pos_out += len(surface)
    text = "".join(out)
    # A stray single bracket pair left over from a typo, e.g. "[Kyiv|GPE]]".
    for m in re.finditer(r"\|(?:%s)(?:/[a-z_]+)?(?:\|[a-z]+/[a-z0-9-]+)?\]?"
                         % "|".join(LABELS), text):
        errors.append(f"{name}: leftover markup near {text[max(0, m.start()-20):m.end()]!r}")
    return text, spans


def main(argv):
    global ANNOTATED, ARTICLES, GOLD
    args = argv[1:]
    check_only = "--check" in args
    if "--root" in args:
        at = args.index("--root")
        if at + 1 >= len(args):
            print("error: --root needs a directory", file=sys.stderr)
            return 2
        root = os.path.abspath(args[at + 1])
        ANNOTATED = os.path.join(root, "annotated")
        ARTICLES = os.path.join(root, "articles")
        GOLD = os.path.join(root, "gold.jsonl")
    if not os.path.isdir(ANNOTATED):
        print(f"error: {ANNOTATED} not found", file=sys.stderr)
        return 1
    names = sorted(f for f in os.listdir(ANNOTATED) if f.endswith(".txt"))
    errors = []
    warnings = []
    records = []
    kb_labels = {}
    for name in names:
        path = os.path.join(ANNOTATED, name)
        with open(path, "rb") as fh:
            raw = fh.read()
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            errors.append(f"{name}: not valid UTF-8 ({e})")
            continue
        if source.startswith("\ufeff"):
            errors.append(f"{name}:1:1: byte order mark not allowed")
            continue
        if "\r" in source:
            errors.append(f"{name}: carriage returns found; use LF line ends")
            continue
        if not source.endswith("\n"):
            source += "\n"
        text, spans = parse(name, source, errors)
        for sp in spans:
            surface = text[sp["start"]:sp["end"]]
            assert surface == surface.strip() and surface, (name, sp)
            if sp["entity"]:
                kb_labels.setdefault(sp["entity"], {}).setdefault(
                    sp["label"], f"{name}:{line_col(text, sp['start'])[0]}")
        words = len(text.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            warnings.append(f"{name}: {words} words (want {MIN_WORDS}-{MAX_WORDS})")
        records.append({"id": name, "text": text, "spans": spans})
    for kb, labels in sorted(kb_labels.items()):
        if len(labels) > 1:
            where = ", ".join(f"{lab} at {loc}" for lab, loc in sorted(labels.items()))
            errors.append(f"kb_id {kb} used with different labels: {where}")
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    if errors:
        for e in errors:
            print(f"error: {e}", file=sys.stderr)
        print(f"{len(errors)} error(s); nothing written", file=sys.stderr)
        return 1

    if not check_only:
        os.makedirs(ARTICLES, exist_ok=True)
        wanted = {r["id"] for r in records}
        for old in sorted(os.listdir(ARTICLES)):
            if old.endswith(".txt") and old not in wanted:
                os.remove(os.path.join(ARTICLES, old))
        for r in records:
            with open(os.path.join(ARTICLES, r["id"]), "w", encoding="utf-8",
                      newline="\n") as fh:
                fh.write(r["text"])
        with open(GOLD, "w", encoding="utf-8", newline="\n") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")

    per_label = Counter(sp["label"] for r in records for sp in r["spans"])
    linked = sum(1 for r in records for sp in r["spans"] if sp["entity"])
    total = sum(per_label.values())
    print(f"articles: {len(records)}")
    print("spans per label:")
    for label in LABELS:
        print(f"  {label:<12} {per_label.get(label, 0):5d}")
    print(f"total spans: {total} ({linked} linked to a kb_id, "
          f"{len(kb_labels)} distinct entities)")
    missing = [lab for lab in LABELS if not per_label.get(lab)]
    if missing:
        print("labels with no span: " + ", ".join(missing))
    if not check_only:
        print(f"wrote {os.path.relpath(GOLD)} and {len(records)} file(s) in "
              f"{os.path.relpath(ARTICLES)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
