import Dispatch
import Formats
import GazetteCore

/// What happened to one input document.
public struct ProcessedDocument: Sendable {
    public var input: InputDocument
    /// The entities, or nil when the document failed.
    public var entities: [Entity]?
    /// Why the document failed.
    public var error: String?
    /// The rendered output for this document (e.g. one JSONL line).
    public var output: [UInt8]
}

/// Runs the pipeline over a stream of documents with N workers and hands
/// results back in input order.
///
/// Documents are read in batches (at most ``batchDocuments`` documents or
/// ``batchBytes`` bytes of text), so memory is bounded by the batch, not the
/// corpus. Within a batch, worker `w` takes documents `w`, `w + N`, ... with
/// its own ``Tagger`` and renders their output too; results go into
/// per-document slots, so workers share no lock. The caller's `sink` sees
/// every document, failed ones included, in input order.
public final class BatchRunner {
    public let jobs: Int
    public var batchDocuments = 1024
    public var batchBytes = 8 << 20
    private let taggers: [Tagger]

    /// Time per stage, summed over all workers so far.
    public var stageTimes: StageTimes { taggers.reduce(StageTimes()) { $0 + $1.times } }

    public init(resources: Resources, jobs: Int) throws {
        self.jobs = max(1, jobs)
        taggers = try (0..<max(1, jobs)).map { _ in try Tagger(resources: resources) }
    }

    /// Tags every document of `input`, calling `render` on a worker thread to
    /// produce each document's output bytes and `sink` on the calling thread in
    /// input order.
    public func run<S: Sequence>(_ input: S, render: @escaping @Sendable (ProcessedDocument) -> [UInt8],
                                 sink: (ProcessedDocument) throws -> Void) rethrows where S.Element == InputDocument {
        var iterator = input.makeIterator()
        var batch: [InputDocument] = []
        while true {
            batch.removeAll(keepingCapacity: true)
            var bytes = 0
            while batch.count < batchDocuments, bytes < batchBytes, let doc = iterator.next() {
                bytes += doc.document.text.utf8.count
                batch.append(doc)
            }
            if batch.isEmpty { return }
            let results = process(batch, render: render)
            for r in results { try sink(r) }
        }
    }

    private func process(_ batch: [InputDocument], render: @escaping @Sendable (ProcessedDocument) -> [UInt8]) -> [ProcessedDocument] {
        let n = batch.count
        let out = UnsafeMutablePointer<ProcessedDocument>.allocate(capacity: n)
        defer { out.deallocate() }
        let workers = min(jobs, n)
        let shared = UncheckedSendable((batch, taggers, out))
        let work: @Sendable (Int) -> Void = { w in
            let (batch, taggers, out) = shared.value
            let tagger = taggers[w]
            var i = w
            while i < batch.count {
                (out + i).initialize(to: Self.processOne(batch[i], tagger, render))
                i += workers
            }
        }
        if workers == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        let results = Array(UnsafeBufferPointer(start: out, count: n))
        out.deinitialize(count: n)
        return results
    }

    private static func processOne(_ input: InputDocument, _ tagger: Tagger,
                                   _ render: (ProcessedDocument) -> [UInt8]) -> ProcessedDocument {
        var result = ProcessedDocument(input: input, entities: nil, error: input.error, output: [])
        if input.error == nil {
            do {
                result.entities = try tagger.tag(input.document.text)
            } catch {
                result.error = "\(input.document.id): \(error)"
            }
        }
        let t0 = Throughput.now()
        result.output = render(result)
        tagger.times.output += Throughput.now() - t0
        return result
    }
}

/// Wraps a value the caller guarantees is used safely across threads.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
