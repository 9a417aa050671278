import ArgumentParser
import Foundation
import Gazette

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure throughput: the whole pipeline against raw ICU word-break iteration, in one run.",
        discussion: """
        Runs on a corpus (--corpus: files, directories or JSONL, read into memory first) or on \
        generated news-like text (--synthetic-mb). Prints MB/s, documents/s and tokens/s for raw ICU \
        word-break iteration and for the whole pipeline over the same text, with 1 job and with --jobs, \
        and the pipeline/ICU ratio. Build with -c release before measuring.
        """
    )

    @Option(help: ArgumentHelp("A corpus to measure on: files, directories or JSONL.", valueName: "PATH"))
    var corpus: String?

    @Option(name: .customLong("synthetic-mb"), help: "Generate this many MB of news-like text instead (default 20).")
    var syntheticMB: Double?

    @Option(help: "Workers for the parallel run (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Repeat each measurement this many times and keep the fastest.")
    var repeats: Int = 3

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Option(name: .customLong("save-corpus"), help: ArgumentHelp("Also write the corpus measured on as JSONL, for peer comparisons.", valueName: "FILE"))
    var saveCorpus: String?

    @OptionGroup var lexicons: LexiconOptions

    func validate() throws {
        guard jobs >= 1, repeats >= 1 else { throw ValidationError("--jobs and --repeats must be at least 1") }
        if corpus != nil && syntheticMB != nil { throw ValidationError("give --corpus or --synthetic-mb, not both") }
    }

    func run() throws {
        let loadStart = Throughput.now()
        let resources = try lexicons.load()
        // What a `gazette tag` run pays before its first document: resources and one tagger.
        _ = try Tagger(resources: resources)
        let startup = Throughput.now() - loadStart
        var documents: [Document] = []
        if let corpus {
            for input in InputReader(paths: [corpus]) where input.error == nil { documents.append(input.document) }
            guard !documents.isEmpty else { throw ValidationError("\(corpus): no documents") }
        } else {
            guard let lexiconDir = resources.directories.first else { throw ValidationError("no lexicons loaded") }
            let templates = URL(fileURLWithPath: lexiconDir).deletingLastPathComponent()
                .appendingPathComponent("Corpus/generator/templates.txt").path
            var generator = try SyntheticCorpus(templatesPath: templates, lexicon: resources.lexicon)
            documents = generator.generate(bytes: Int((syntheticMB ?? 20) * 1_000_000))
        }
        if let saveCorpus {
            var out: [UInt8] = []
            for d in documents {
                JSONWriter.append("{\"id\":", to: &out)
                JSONWriter.appendString(d.id, to: &out)
                JSONWriter.append(",\"text\":", to: &out)
                JSONWriter.appendString(d.text, to: &out)
                JSONWriter.append("}\n", to: &out)
            }
            guard FileManager.default.createFile(atPath: saveCorpus, contents: Data(out)) else {
                throw ValidationError("cannot write \(saveCorpus)")
            }
        }
        var results: [ThroughputResult] = []
        for j in Set([1, jobs]).sorted() {
            let icu = try (0..<repeats).map { _ in try Throughput.icuWordBreak(documents, jobs: j) }.min { $0.seconds < $1.seconds }!
            let pipe = try (0..<repeats).map { _ in
                try Throughput.pipeline(documents, resources: resources, jobs: j, tokens: icu.tokens)
            }.min { $0.seconds < $1.seconds }!
            results.append(icu)
            results.append(pipe)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var rows: [[String: Any]] = []
            for r in results {
                rows.append(["name": r.name, "jobs": r.jobs, "seconds": r.seconds, "bytes": r.bytes, "documents": r.documents,
                             "tokens": r.tokens, "mb_per_s": r.megabytesPerSecond, "docs_per_s": r.documentsPerSecond,
                             "tokens_per_s": r.tokensPerSecond])
            }
            var ratios: [String: Double] = [:]
            for j in Set(results.map(\.jobs)) {
                let icu = results.first { $0.jobs == j && $0.name == "icu-wordbreak" }!
                let pipe = results.first { $0.jobs == j && $0.name == "pipeline" }!
                ratios["pipeline_vs_icu_jobs\(j)"] = icu.seconds / pipe.seconds
            }
            if let p1 = results.first(where: { $0.jobs == 1 && $0.name == "pipeline" }),
               let pn = results.first(where: { $0.jobs == jobs && $0.name == "pipeline" }), jobs > 1 {
                ratios["pipeline_jobs\(jobs)_vs_jobs1"] = p1.seconds / pn.seconds
            }
            let data = try JSONSerialization.data(withJSONObject: ["results": rows, "ratios": ratios, "startup_seconds": startup],
                                                  options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let mb = Double(results[0].bytes) / 1_000_000
        print(String(format: "corpus: %d documents, %.1f MB, %d word tokens", results[0].documents, mb, results[0].tokens))
        print("what            jobs     MB/s     docs/s     tokens/s")
        for r in results {
            print(r.name.padding(toLength: 15, withPad: " ", startingAt: 0)
                  + String(format: "%5d %8.2f %10.0f %12.0f", r.jobs, r.megabytesPerSecond, r.documentsPerSecond, r.tokensPerSecond))
        }
        for j in Set(results.map(\.jobs)).sorted() {
            let icu = results.first { $0.jobs == j && $0.name == "icu-wordbreak" }!
            let pipe = results.first { $0.jobs == j && $0.name == "pipeline" }!
            print(String(format: "pipeline / ICU word-break, %d job%@: %.2f×", j, j == 1 ? "" : "s", icu.seconds / pipe.seconds))
        }
        if jobs > 1, let p1 = results.first(where: { $0.jobs == 1 && $0.name == "pipeline" }),
           let pn = results.first(where: { $0.jobs == jobs && $0.name == "pipeline" }) {
            print(String(format: "pipeline, %d jobs / 1 job: %.2f×", jobs, p1.seconds / pn.seconds))
        }
        print(String(format: "start-up (resources and one tagger): %.3f s; compiled lexicon %@, word lists %@, name index %@",
                     startup, Self.describe(resources.lexiconOutcome), Self.describe(resources.wordsOutcome),
                     Self.describe(resources.namesOutcome)))
        let times = Throughput.lastStageTimes
        print("time per stage (last run, all workers): " + times.stages.map {
            String(format: "%@ %.0f%%", $0.0, 100 * $0.1 / max(times.total, 1e-9))
        }.joined(separator: ", "))
    }

    static func describe(_ outcome: LexiconCache.Outcome) -> String {
        outcome == .hit ? "read from the cache" : "built"
    }
}
