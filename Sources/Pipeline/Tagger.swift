import GazetteCore
import Lexicon
import Normalization
import Rules
import Tokenization

/// Tags documents: tokenization → lexicon → rules → resolution.
///
/// A tagger owns ICU objects and scratch buffers, so it is not thread-safe:
/// make one per worker from shared ``Resources``. After the first few
/// documents it allocates nothing per token.
public final class Tagger {
    public let resources: Resources
    private let tokenizer: Tokenizer
    private let slugger: Slugger
    private var text = TokenizedText()
    private var ids: [Int32] = []
    private var wordIDs: [Int32] = []
    private var idCache = TokenIDCache()
    private var hits: [WordHit] = []
    private var matches: [LexiconMatch] = []
    private var candidates: [Entity] = []
    private var resolver = Resolver()
    private let ruleScratch = RuleScratch()
    /// Time spent in each stage since the tagger was made (see ``StageTimes``).
    public internal(set) var times = StageTimes()
    /// Seconds a document may take, or nil for no limit. Checked between
    /// stages and recognizers (each is linear in the text), so a document
    /// stops within one stage's time after the limit.
    public var timeLimit: Double? = nil
    private var deadline = Double.infinity
    /// What ``Lexicon/touch(_:)`` and ``LexiconFacts/touch(_:)`` read (kept so that the reads are not optimized away).
    private(set) var touched: UInt8 = 0

    public init(resources: Resources) throws {
        self.resources = resources
        self.tokenizer = try Tokenizer(abbreviations: resources.words.entries[.abbreviations] ?? [])
        self.slugger = try Slugger()
        resolver.linker = VariantLinker(index: resources.names)
    }

    /// Tags `document`; the entities are sorted and do not overlap.
    public func tag(_ document: Document) throws -> TaggedDocument {
        TaggedDocument(document: document, entities: try tag(document.text))
    }

    /// Tags a string and returns its entities (byte offsets into its UTF-8).
    public func tag(_ string: String) throws -> [Entity] {
        let t0 = Throughput.now()
        deadline = timeLimit.map { t0 + $0 } ?? .infinity
        try tokenizer.tokenize(string, into: &text)
        times.tokenization += Throughput.now() - t0
        times.documents += 1
        times.bytes += text.bytes.count
        try checkDeadline("tokenization")
        return try resolveCurrent()
    }

    private func checkDeadline(_ stage: String) throws(TimeLimitExceeded) {
        if deadline < .infinity, Throughput.now() > deadline {
            throw TimeLimitExceeded(seconds: timeLimit ?? 0, stage: stage)
        }
    }

    /// The tokens of the last tagged text (for tools and tests).
    public var lastTokens: TokenizedText { text }

    private func resolveCurrent() throws(TimeLimitExceeded) -> [Entity] {
        matches.removeAll(keepingCapacity: true)
        hits.removeAll(keepingCapacity: true)
        candidates.removeAll(keepingCapacity: true)
        let lexicon = resources.lexicon
        let t0 = Throughput.now()
        lexicon.match(text, ids: &ids, cache: &idCache, into: &matches, alsoIn: resources.words.phrases, otherIDs: &wordIDs)
        resources.words.find(tokenIDs: wordIDs, hits: &hits)
        touched &+= lexicon.touch(matches) &+ resources.facts.touch(matches)
        let t1 = Throughput.now()
        try checkDeadline("lexicon")
        let context = RuleContext(text: text, lexicon: lexicon, words: resources.words, hits: hits, matches: matches,
                                  facts: resources.facts, scratch: ruleScratch, tokenIDs: ids)
        for r in resources.recognizers {
            r.recognize(context, into: &candidates)
            try checkDeadline("rules")
        }
        let t2 = Throughput.now()
        var result = resolver.resolve(&candidates, context: context, slugger: slugger)
        DateValues.annotate(&result, context: context)
        let t3 = Throughput.now()
        times.lexicon += t1 - t0
        times.rules += t2 - t1
        times.resolution += t3 - t2 - resolver.linkSeconds
        times.normalization += resolver.linkSeconds
        return result
    }
}

/// A document took longer than ``Tagger/timeLimit``.
public struct TimeLimitExceeded: Error, CustomStringConvertible, Sendable {
    public var seconds: Double
    /// The stage after which the tagger gave up.
    public var stage: String
    public var description: String {
        "over the time limit of \(seconds) s per document (--max-doc-seconds); stopped after \(stage)"
    }
}

/// Seconds spent per pipeline stage, summed over documents (and over workers
/// when added together).
public struct StageTimes: Sendable {
    public var tokenization = 0.0
    /// Lexicon matching and word-list look-up.
    public var lexicon = 0.0
    /// All recognizers.
    public var rules = 0.0
    /// Overlaps, in-document aliasing, local ids and date values.
    public var resolution = 0.0
    /// Linking mentions no alias matched by their name keys (variant spellings,
    /// transliterations, inflected forms: ``VariantLinker``).
    public var normalization = 0.0
    /// Rendering output (JSONL, ...).
    public var output = 0.0
    public var documents = 0
    public var bytes = 0

    public init() {}

    public var total: Double { tokenization + lexicon + rules + resolution + normalization + output }

    public static func + (a: StageTimes, b: StageTimes) -> StageTimes {
        var r = a
        r.tokenization += b.tokenization
        r.lexicon += b.lexicon
        r.rules += b.rules
        r.resolution += b.resolution
        r.normalization += b.normalization
        r.output += b.output
        r.documents += b.documents
        r.bytes += b.bytes
        return r
    }

    /// Each stage as (name, seconds), in pipeline order.
    public var stages: [(String, Double)] {
        [("tokenization", tokenization), ("lexicon", lexicon), ("rules", rules), ("resolution", resolution),
         ("normalization", normalization), ("output", output)]
    }
}
