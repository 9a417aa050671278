import Dispatch
import Formats
import Foundation
import GazetteCore
import Tokenization

/// One throughput measurement.
public struct ThroughputResult: Sendable, Codable {
    /// What was measured: `icu-wordbreak` or `pipeline`.
    public var name: String
    public var jobs: Int
    public var seconds: Double
    public var bytes: Int
    public var documents: Int
    /// Word and number tokens (as ICU's word-break rule status counts them).
    public var tokens: Int

    public var megabytesPerSecond: Double { Double(bytes) / 1_000_000 / seconds }
    public var documentsPerSecond: Double { Double(documents) / seconds }
    public var tokensPerSecond: Double { Double(tokens) / seconds }
}

/// Measures the pipeline against the floor any ICU-based tokenizer pays: raw
/// ICU word-break iteration over the same text, in the same run.
public enum Throughput {
    /// Stage times of the last ``pipeline(_:resources:jobs:tokens:)`` run.
    nonisolated(unsafe) public static var lastStageTimes = StageTimes()

    /// Seconds on a monotonic clock.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Iterates ICU word boundaries over every document with `jobs` threads
    /// (one iterator each), counting word and number tokens.
    public static func icuWordBreak(_ documents: [Document], jobs: Int) throws -> ThroughputResult {
        let texts = documents.map { Array($0.text.utf8) }
        let workers = max(1, min(jobs, texts.count))
        let iterators = try (0..<workers).map { _ in try BreakIterator(.word, locale: "en") }
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: workers)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0)
        let shared = UncheckedSendable((texts, iterators, counts))
        let start = now()
        let work: @Sendable (Int) -> Void = { w in
            let (texts, iterators, counts) = shared.value
            let it = iterators[w]
            var tokens = 0
            var i = w
            while i < texts.count {
                texts[i].withUnsafeBufferPointer { buf in
                    try? it.setText(buf)
                    while it.next() != nil { if it.ruleStatus >= 100 { tokens += 1 } }
                }
                i += workers
            }
            counts[w] = tokens
        }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        let seconds = now() - start
        return ThroughputResult(name: "icu-wordbreak", jobs: jobs, seconds: seconds, bytes: texts.reduce(0) { $0 + $1.count },
                                documents: texts.count, tokens: counts.reduce(0, +))
    }

    /// Runs the whole pipeline (tagging and JSONL rendering, no disk writes) with `jobs` workers.
    public static func pipeline(_ documents: [Document], resources: Resources, jobs: Int, tokens: Int) throws -> ThroughputResult {
        let runner = try BatchRunner(resources: resources, jobs: jobs)
        let inputs = documents.enumerated().map { InputDocument(index: $0.offset, document: $0.element) }
        let options = OutputOptions()
        var bytesOut = 0
        let start = now()
        runner.run(inputs, render: { r in
            var out: [UInt8] = []
            JSONLOutput.append(TaggedDocument(document: r.input.document, entities: r.entities ?? []), options: options, to: &out)
            return out
        }, sink: { bytesOut += $0.output.count })
        let seconds = now() - start
        lastStageTimes = runner.stageTimes
        return ThroughputResult(name: "pipeline", jobs: jobs, seconds: seconds,
                                bytes: documents.reduce(0) { $0 + $1.text.utf8.count }, documents: documents.count, tokens: tokens)
    }
}
