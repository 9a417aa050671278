#!/usr/bin/env python3
"""Checks Gazette's spaCy and CoNLL output with real spaCy.

    check_spacy.py --spacy OUT.spacy.jsonl --reference OUT.jsonl [--conll OUT.conll]

OUT.spacy.jsonl is `gazette tag --format spacy`, OUT.jsonl is
`gazette tag --include-text` over the same input (the reference spans) and
OUT.conll is `gazette tag --format conll`. Checks that:

- every line loads with `Doc(vocab).from_json(obj, validate=True)`, its text
  is the input text and `doc.ents` are the reference spans (code points, label);
- the "gazette" span group carries each span's kb_id, and
  `doc.ents = doc.spans["gazette"]` gives entities with `ent.kb_id_`;
- the docs survive a DocBin round trip unchanged;
- spaCy's own CoNLL reader (`spacy convert`'s converter) reads the CoNLL
  output into documents whose entities are the reference spans' tokens.

Prints one summary line and exits 0, or lists the differences and exits 1.
Run by Tests/CLITests/ExternalToolTests.swift with the interpreter that
scripts/setup-test-tools installs spaCy into.
"""
import argparse
import json
import sys

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training.converters import conll_ner_to_docs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spacy", required=True)
    ap.add_argument("--reference", required=True)
    ap.add_argument("--conll")
    args = ap.parse_args()

    nlp = spacy.blank("xx")
    problems = []
    with open(args.spacy, encoding="utf-8") as f:
        lines = [json.loads(l) for l in f if l.strip()]
    with open(args.reference, encoding="utf-8") as f:
        refs = [json.loads(l) for l in f if l.strip()]
    if len(lines) != len(refs):
        problems.append(f"{len(lines)} spaCy lines for {len(refs)} reference lines")

    docs, expected, entities = [], [], 0
    for k, (obj, ref) in enumerate(zip(lines, refs)):
        where = f"line {k + 1} ({ref.get('id')})"
        if "error" in ref:
            if "error" not in obj:
                problems.append(f"{where}: failed document without an error")
            continue
        try:
            doc = Doc(nlp.vocab).from_json(obj, validate=True)
        except Exception as e:  # report every document, not just the first
            problems.append(f"{where}: Doc.from_json failed: {e}")
            continue
        if doc.text != ref["text"]:
            problems.append(f"{where}: text differs")
        want = [(s["start"], s["end"], s["label"]) for s in ref["spans"]]
        got = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        if got != want:
            problems.append(f"{where}: ents {sorted(set(got) ^ set(want))[:5]} differ")
        kb_want = [s.get("kb_id", "") for s in ref["spans"]]
        if [s.kb_id_ for s in doc.spans["gazette"]] != kb_want:
            problems.append(f"{where}: span group kb_ids differ")
        doc.ents = doc.spans["gazette"]
        if [e.kb_id_ for e in doc.ents] != kb_want:
            problems.append(f"{where}: ents from the span group lost kb_ids")
        docs.append(doc)
        expected.append(want)
        entities += len(want)

    back = list(DocBin(docs=docs, store_user_data=True).from_bytes(
        DocBin(docs=docs, store_user_data=True).to_bytes()).get_docs(nlp.vocab))
    for doc, d2 in zip(docs, back):
        if d2.text != doc.text or [(e.start_char, e.end_char, e.label_, e.kb_id_) for e in d2.ents] != \
                [(e.start_char, e.end_char, e.label_, e.kb_id_) for e in doc.ents]:
            problems.append("DocBin round trip changed a document")
            break

    conll_note = ""
    if args.conll:
        with open(args.conll, encoding="utf-8") as f:
            conll = f.read()
        # The converter drops documents without tokens; compare the others in order.
        conll_docs = list(conll_ner_to_docs(conll, n_sents=0, no_print=True))
        nonempty = [(ref, want) for ref, want in zip([r for r in refs if "error" not in r], expected)
                    if ref["text"].split()]
        if len(conll_docs) != len(nonempty):
            problems.append(f"CoNLL: spaCy read {len(conll_docs)} documents, expected {len(nonempty)}")
        for k, (cdoc, (ref, want)) in enumerate(zip(conll_docs, nonempty)):
            # CoNLL keeps tokens, not spacing: compare entity texts without white space.
            got = [("".join(e.text.split()), e.label_) for e in cdoc.ents]
            exp = [("".join(ref["text"][s:e].split()), l) for s, e, l in want]
            if got != exp:
                problems.append(f"CoNLL document {k + 1} ({ref.get('id')}): {got[:3]} vs {exp[:3]}")
        conll_note = f"; spaCy's CoNLL reader read {len(conll_docs)} documents to the same entities"

    if problems:
        print("\n".join(problems[:50]))
        print(f"{len(problems)} problems")
        return 1
    print(f"spaCy {spacy.__version__}: {len(docs)} documents, {entities} entities loaded with Doc.from_json "
          f"(validated) and through a DocBin{conll_note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
