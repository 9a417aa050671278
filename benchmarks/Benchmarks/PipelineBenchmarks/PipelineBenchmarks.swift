// Pipeline benchmarks: each stage of `gazette tag` on one synthetic news corpus
// (Corpus/generator, 2 MB), measured cumulatively so that a stage's cost is the
// difference between two neighbours: ICU word breaks alone, Gazette's
// tokenizer, tokenizer + lexicon, the whole tagger, the tagger + JSONL, and the
// batch runner with 1 and 2 jobs; then the tagger on the same text joined into
// long documents, whose cost per byte should stay that of short ones. One
// iteration = one pass over the corpus; throughput is passes per second
// (× 2 MB). Figures: benchmarks/README.md.
import Benchmark
import Foundation
import Gazette

/// The repository root (this file is benchmarks/Benchmarks/PipelineBenchmarks/).
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The bundled lexicons and the corpus, loaded once per process.
final class Fixture: @unchecked Sendable {
    static let shared = Fixture()
    let resources: Resources
    let documents: [Document]
    let texts: [[UInt8]]
    /// The same text in documents of 100 (about 200 KB each), paragraphs apart.
    let longDocuments: [Document]

    init() {
        resources = try! Resources(directories: [repository.appendingPathComponent("Lexicons").path])
        var generator = try! SyntheticCorpus(templatesPath: repository.appendingPathComponent("Corpus/generator/templates.txt").path,
                                             lexicon: resources.lexicon)
        let documents = generator.generate(bytes: 2_000_000)
        self.documents = documents
        texts = documents.map { Array($0.text.utf8) }
        longDocuments = stride(from: 0, to: documents.count, by: 100).map { i in
            Document(id: "long-\(i / 100)", text: documents[i..<min(i + 100, documents.count)].map(\.text).joined(separator: "\n\n"))
        }
    }
}

nonisolated(unsafe) let configuration = Benchmark.Configuration(metrics: [.wallClock, .cpuTotal, .throughput, .peakMemoryResident],
                                            warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 30)

let benchmarks: @Sendable () -> Void = {
    Benchmark("1 ICU word breaks", configuration: configuration) { (benchmark: Benchmark, iterator: BreakIterator) in
        var words = 0
        for t in Fixture.shared.texts {
            t.withUnsafeBufferPointer { buffer in
                try? iterator.setText(buffer)
                while iterator.next() != nil { if iterator.ruleStatus >= 100 { words += 1 } }
            }
        }
        blackHole(words)
    } setup: {
        _ = Fixture.shared
        return try BreakIterator(.word, locale: "en")
    }

    Benchmark("2 Tokenize", configuration: configuration) { (benchmark: Benchmark, tokenizer: Tokenizer) in
        var text = TokenizedText()
        var tokens = 0
        for d in Fixture.shared.documents {
            try! tokenizer.tokenize(d.text, into: &text)
            tokens += text.tokens.count
        }
        blackHole(tokens)
    } setup: {
        try Tokenizer(abbreviations: Fixture.shared.resources.words.entries[.abbreviations] ?? [])
    }

    Benchmark("3 Tokenize + lexicon", configuration: configuration) { (benchmark: Benchmark, tokenizer: Tokenizer) in
        let lexicon = Fixture.shared.resources.lexicon
        var text = TokenizedText()
        var ids: [Int32] = [], matches: [LexiconMatch] = []
        for d in Fixture.shared.documents {
            try! tokenizer.tokenize(d.text, into: &text)
            matches.removeAll(keepingCapacity: true)
            lexicon.match(text, ids: &ids, into: &matches)
        }
        blackHole(matches.count)
    } setup: {
        try Tokenizer(abbreviations: Fixture.shared.resources.words.entries[.abbreviations] ?? [])
    }

    for (name, long) in [("4 Tag (rules, resolution, linking)", false), ("7 Tag, 200 KB documents", true)] {
        Benchmark(name, configuration: configuration) { (benchmark: Benchmark, tagger: Tagger) in
            var entities = 0
            for d in long ? Fixture.shared.longDocuments : Fixture.shared.documents { entities += try! tagger.tag(d).entities.count }
            blackHole(entities)
        } setup: {
            try Tagger(resources: Fixture.shared.resources)
        }
    }

    Benchmark("5 Tag + JSONL", configuration: configuration) { (benchmark: Benchmark, tagger: Tagger) in
        var out: [UInt8] = []
        let options = OutputOptions()
        for d in Fixture.shared.documents {
            out.removeAll(keepingCapacity: true)
            JSONLOutput.append(try! tagger.tag(d), options: options, to: &out)
        }
        blackHole(out.count)
    } setup: {
        try Tagger(resources: Fixture.shared.resources)
    }

    for jobs in [1, 2] {
        Benchmark("6 Batch runner, \(jobs) job\(jobs == 1 ? "" : "s")", configuration: configuration) { benchmark in
            let r = try! Throughput.pipeline(Fixture.shared.documents, resources: Fixture.shared.resources, jobs: jobs, tokens: 0)
            blackHole(r.bytes)
        } setup: {
            _ = Fixture.shared
        }
    }
}
