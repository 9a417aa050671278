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
    private var hits: [WordHit] = []
    private var matches: [LexiconMatch] = []
    private var candidates: [Entity] = []
    private var resolver = Resolver()

    public init(resources: Resources) throws {
        self.resources = resources
        self.tokenizer = try Tokenizer(abbreviations: resources.words.entries[.abbreviations] ?? [])
        self.slugger = try Slugger()
    }

    /// Tags `document`; the entities are sorted and do not overlap.
    public func tag(_ document: Document) throws -> TaggedDocument {
        TaggedDocument(document: document, entities: try tag(document.text))
    }

    /// Tags a string and returns its entities (byte offsets into its UTF-8).
    public func tag(_ string: String) throws -> [Entity] {
        try tokenizer.tokenize(string, into: &text)
        return resolveCurrent()
    }

    /// The tokens of the last tagged text (for tools and tests).
    public var lastTokens: TokenizedText { text }

    private func resolveCurrent() -> [Entity] {
        matches.removeAll(keepingCapacity: true)
        hits.removeAll(keepingCapacity: true)
        candidates.removeAll(keepingCapacity: true)
        let lexicon = resources.lexicon
        lexicon.match(text, ids: &ids, into: &matches)
        resources.words.find(in: text, ids: &ids, hits: &hits)
        let context = RuleContext(text: text, lexicon: lexicon, words: resources.words, hits: hits, matches: matches)
        for r in resources.recognizers { r.recognize(context, into: &candidates) }
        return resolver.resolve(candidates, context: context, slugger: slugger)
    }
}
