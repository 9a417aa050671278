#!/usr/bin/env python3
"""Plot Gazette's throughput against jobs and against corpus size.

    benchmarks/peers/.venv/bin/python benchmarks/peers/plot.py --out benchmarks/peers/throughput.png

Each point is one `gazette bench --synthetic-mb SIZE --jobs J --json` run
(whole pipeline and raw ICU word-break iteration over the same text).
"""
import argparse
import json
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def bench(gazette, mb, jobs):
    out = subprocess.run([gazette, "bench", "--synthetic-mb", str(mb), "--jobs", str(jobs), "--json", "--repeats", "1"],
                         capture_output=True, text=True, check=True).stdout
    return {(r["name"], r["jobs"]): r["mb_per_s"] for r in json.loads(out)["results"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gazette", default=os.path.join(ROOT, ".build/release/gazette"))
    ap.add_argument("--sizes", default="1,5,20")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", default=os.path.join(ROOT, "benchmarks/peers/throughput.png"))
    args = ap.parse_args()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [float(s) for s in args.sizes.split(",")]
    by_size = [bench(args.gazette, s, args.jobs) for s in sizes]
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    jobs = sorted({j for r in by_size for (_, j) in r})
    last = by_size[-1]
    a.plot(jobs, [last[("pipeline", j)] for j in jobs], "o-", label="Gazette pipeline")
    a.plot(jobs, [last[("icu-wordbreak", j)] for j in jobs], "s--", label="raw ICU word-break")
    a.set_xlabel("jobs"); a.set_ylabel("MB/s"); a.set_title(f"throughput against jobs ({sizes[-1]:g} MB)"); a.legend()
    a.set_xticks(jobs)
    for j in jobs:
        b.plot(sizes, [r[("pipeline", j)] for r in by_size], "o-", label=f"pipeline, {j} job{'s' if j > 1 else ''}")
    b.set_xscale("log"); b.set_xlabel("corpus MB"); b.set_ylabel("MB/s"); b.set_title("throughput against corpus size"); b.legend()
    fig.tight_layout()
    fig.savefig(args.out, dpi=90)
    print(args.out)


if __name__ == "__main__":
    main()
