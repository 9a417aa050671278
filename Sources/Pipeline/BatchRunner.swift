import Dispatch
import Formats
import GazetteCore
import Synchronization

/// What happened to one input document.
public struct ProcessedDocument: Sendable {
    public var input: InputDocument
    /// The entities, or nil when the document failed.
    public var entities: [Entity]?
    /// Why the document failed.
    public var error: String?
    /// The rendered output for this document (e.g. one JSONL line).
    public var output: [UInt8]
    /// The document's tokens and sentences while `render` runs (CoNLL and spaCy
    /// output need them); nil afterwards, since they are the tagger's buffers.
    public var tokens: TokenizedText? = nil

    /// The document as output writers see it.
    public var outcome: DocumentOutcome {
        DocumentOutcome(index: input.index, document: input.document, entities: entities, error: error, tokens: tokens)
    }
}

/// Runs the pipeline over a stream of documents with N workers and hands
/// results back in input order, with bounded memory.
///
/// Documents are read in batches of at most ``batchDocuments`` documents or
/// ``batchBytes`` bytes of text. While the workers tag one batch, the calling
/// thread hands the previous batch's results to the sink and reads the next
/// batch, so reading, tagging and writing overlap, and at most two batches
/// are in memory whatever the corpus size. Within a batch, workers take the
/// next document from a shared atomic counter (so long and short documents
/// balance) and write its result into that document's own slot: no lock is
/// taken on the hot path. Each worker has its own ``Tagger`` (ICU objects are
/// not thread-safe) and renders its documents' output itself.
public final class BatchRunner {
    public let jobs: Int
    public var batchDocuments = 1024
    public var batchBytes = 8 << 20
    private let taggers: [Tagger]
    /// Seconds one document may take (``Tagger/timeLimit``), or nil for no limit.
    public var maxDocumentSeconds: Double? {
        get { taggers[0].timeLimit }
        set { for t in taggers { t.timeLimit = newValue } }
    }

    /// Time per stage, summed over all workers so far.
    public var stageTimes: StageTimes { taggers.reduce(StageTimes()) { $0 + $1.times } }

    public init(resources: Resources, jobs: Int) throws {
        self.jobs = max(1, jobs)
        taggers = try (0..<max(1, jobs)).map { _ in try Tagger(resources: resources) }
    }

    /// Tags every document of `input`, calling `render` on a worker thread to
    /// produce each document's output bytes and `sink` on the calling thread in
    /// input order. If `sink` throws, the run stops after the batch in flight.
    public func run<S: Sequence>(_ input: S, render: @escaping @Sendable (ProcessedDocument) -> [UInt8],
                                 sink: (ProcessedDocument) throws -> Void) rethrows where S.Element == InputDocument {
        var iterator = input.makeIterator()
        var current = readBatch(&iterator)
        guard !current.isEmpty else { return }
        var flight = start(current, render: render)
        while true {
            let next = readBatch(&iterator)
            let results = flight.wait()
            if !next.isEmpty { flight = start(next, render: render) }
            do {
                for r in results { try sink(r) }
            } catch {
                if !next.isEmpty { _ = flight.wait() }
                throw error
            }
            if next.isEmpty { return }
            current = next
        }
    }

    private func readBatch<I: IteratorProtocol>(_ iterator: inout I) -> [InputDocument] where I.Element == InputDocument {
        var batch: [InputDocument] = []
        var bytes = 0
        while batch.count < batchDocuments, bytes < batchBytes, let doc = iterator.next() {
            bytes += doc.document.text.utf8.count
            batch.append(doc)
        }
        return batch
    }

    /// A batch being tagged in the background.
    private struct Flight {
        let group: DispatchGroup
        let slots: UnsafeMutablePointer<ProcessedDocument>
        let count: Int

        /// Waits for the batch and returns its results in input order.
        func wait() -> [ProcessedDocument] {
            group.wait()
            let results = Array(UnsafeBufferPointer(start: slots, count: count))
            slots.deinitialize(count: count)
            slots.deallocate()
            return results
        }
    }

    private func start(_ batch: [InputDocument], render: @escaping @Sendable (ProcessedDocument) -> [UInt8]) -> Flight {
        let n = batch.count
        let slots = UnsafeMutablePointer<ProcessedDocument>.allocate(capacity: n)
        let group = DispatchGroup()
        let next = Counter()
        let workers = min(jobs, n)
        let shared = UncheckedSendable((batch, taggers, slots, next))
        for w in 0..<workers {
            DispatchQueue.global().async(group: group) {
                let (batch, taggers, slots, next) = shared.value
                let tagger = taggers[w]
                while true {
                    let i = next.take()
                    if i >= batch.count { break }
                    (slots + i).initialize(to: Self.processOne(batch[i], tagger, render))
                }
            }
        }
        return Flight(group: group, slots: slots, count: n)
    }

    private static func processOne(_ input: InputDocument, _ tagger: Tagger,
                                   _ render: (ProcessedDocument) -> [UInt8]) -> ProcessedDocument {
        var result = ProcessedDocument(input: input, entities: nil, error: input.error, output: [])
        if input.error == nil {
            do {
                result.entities = try tagger.tag(input.document.text)
                result.tokens = tagger.lastTokens
            } catch {
                result.error = "\(input.document.id): \(error)"
            }
        }
        let t0 = Throughput.now()
        result.output = render(result)
        // Drop the shared reference so that the tagger reuses its buffers without copying them.
        result.tokens = nil
        tagger.times.output += Throughput.now() - t0
        return result
    }
}

/// The index of the next document to take, shared by a batch's workers.
private final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func take() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// Wraps a value the caller guarantees is used safely across threads.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
