import GazetteCore
import Tokenization

/// One entity a lexicon knows: its id, label, canonical name and aliases.
public struct LexiconEntity: Sendable {
    public let kbID: String
    public let label: EntityLabel
    public let subtype: String?
    public let canonical: String
    /// Every alias, canonical name included, as written in the lexicon, with its
    /// `=`/`~` case marker if it has one.
    public internal(set) var aliases: [String]
    public internal(set) var attributes: [String: String]
    /// Rank among entities sharing an alias: the `prior` attribute, else
    /// log10 of `population`, else 5.
    public internal(set) var prior: Double
    /// The file the entity was first read from.
    public let source: String
    /// True when some line of the entity is not a GeoNames record (has no
    /// `geonames` attribute): a curated lexicon lists it.
    public internal(set) var curated: Bool

    /// True for entities whose names are common words (`ambiguous=1`: the towns
    /// Reading, Mobile, Nice): their matches are weak evidence.
    public var isAmbiguous: Bool { attributes["ambiguous"] == "1" }
}

/// How an alias's letter case must agree with the text.
public enum AliasCase: UInt8, Sendable {
    /// Any case: only folded keys are compared.
    case folded
    /// Every matched token whose alias token starts with an uppercase letter must
    /// too ("Belgorod Region" does not match "Belgorod region").
    case capitalized
    /// Every matched token must equal the alias's token byte for byte.
    case exact
}

/// A lexicon match: tokens `firstToken..<endToken` are an alias of `entity`.
public struct LexiconMatch: Sendable, Hashable {
    public var firstToken: Int32
    public var endToken: Int32
    /// Index into ``Lexicon/entities``.
    public var entity: Int32
    /// How many other entities share the matched alias (see the shared-alias policy).
    public var alternatives: Int32
}

/// A compiled set of entity lexicons: immutable and shared by all workers.
///
/// Matching is longest-leftmost over tokens: at each token the longest alias
/// that starts there and agrees in case wins, and matching resumes after it.
/// When one alias names several entities the one with the highest
/// ``LexiconEntity/prior`` is chosen and the others are counted in
/// ``LexiconMatch/alternatives``.
public struct Lexicon: Sendable {
    public let entities: [LexiconEntity]
    let automaton: PhraseAutomaton
    /// Per alias payload: entity, case mode and exact token bytes.
    let payloadEntity: [Int32]
    let payloadCase: [AliasCase]
    let payloadExact: [Range<Int32>]
    /// Bit k set: the alias's token k starts with an uppercase letter (first 64 tokens).
    let payloadUpper: [UInt64]
    let exactArena: [UInt8]
    /// For each payload, how many payloads of other entities share its state.
    let payloadAlternatives: [Int32]
    private let byKBID: [String: Int32]

    /// The number of aliases (payloads).
    public var aliasCount: Int { payloadEntity.count }

    /// Approximate memory held by the matcher, in bytes.
    public var byteSize: Int {
        automaton.byteSize + payloadEntity.capacity * 4 + payloadExact.capacity * 8 + exactArena.capacity
            + payloadAlternatives.capacity * 4 + payloadCase.capacity
    }

    init(entities: [LexiconEntity], automaton: PhraseAutomaton, payloadEntity: [Int32], payloadCase: [AliasCase],
         payloadExact: [Range<Int32>], payloadUpper: [UInt64], exactArena: [UInt8]) {
        self.entities = entities
        self.payloadUpper = payloadUpper
        self.automaton = automaton
        self.payloadEntity = payloadEntity
        self.payloadCase = payloadCase
        self.payloadExact = payloadExact
        self.exactArena = exactArena
        var byKBID: [String: Int32] = [:]
        for (i, e) in entities.enumerated() { byKBID[e.kbID] = Int32(i) }
        self.byKBID = byKBID
        // Count, for each payload, the distinct other entities ending in the same state.
        var alternatives = [Int32](repeating: 0, count: payloadEntity.count)
        for state in 0..<Int32(automaton.stateCount) where automaton.isTerminal(state) {
            let ps = automaton.payloads(of: state)
            guard ps.count > 1 else { continue }
            let distinct = Set(ps.map { payloadEntity[Int($0)] }).count
            for p in ps { alternatives[Int(p)] = Int32(distinct - 1) }
        }
        self.payloadAlternatives = alternatives
    }

    /// An empty lexicon.
    public init() {
        self.init(entities: [], automaton: PhraseAutomatonBuilder().build(), payloadEntity: [], payloadCase: [],
                  payloadExact: [], payloadUpper: [], exactArena: [])
    }

    /// The index of the entity with this kb_id.
    public func entityIndex(kbID: String) -> Int32? { byKBID[kbID] }

    /// Finds lexicon matches in `text`, longest-leftmost, appending them to `matches`.
    ///
    /// - Parameter ids: scratch space for token ids, reused across calls.
    /// - Complexity: O(tokens × longest alias in tokens); no allocation once the
    ///   scratch arrays have grown.
    public func match(_ text: TokenizedText, ids: inout [Int32], into matches: inout [LexiconMatch]) {
        guard !payloadEntity.isEmpty else { return }
        automaton.tokenIDs(text, into: &ids)
        let tokens = text.tokens
        let n = tokens.count
        text.bytes.withUnsafeBufferPointer { bytes in
            var i = 0
            while i < n {
                var state: Int32 = 0
                var j = i
                var bestEnd = -1
                var bestPayload: Int32 = -1
                while j < n {
                    state = automaton.next(state, ids[j])
                    if state < 0 { break }
                    if automaton.isTerminal(state) {
                        var chosen: Int32 = -1
                        for p in automaton.payloads(of: state) where caseAgrees(p, tokens, i, j + 1, bytes) {
                            if chosen < 0 || entities[Int(payloadEntity[Int(p)])].prior > entities[Int(payloadEntity[Int(chosen)])].prior {
                                chosen = p
                            }
                        }
                        if chosen >= 0 {
                            bestEnd = j + 1
                            bestPayload = chosen
                        }
                    }
                    j += 1
                }
                if bestEnd > 0 {
                    matches.append(LexiconMatch(firstToken: Int32(i), endToken: Int32(bestEnd),
                                                entity: payloadEntity[Int(bestPayload)],
                                                alternatives: payloadAlternatives[Int(bestPayload)]))
                    i = bestEnd
                } else {
                    i += 1
                }
            }
        }
    }

    @inline(__always)
    private func caseAgrees(_ payload: Int32, _ tokens: [Token], _ first: Int, _ end: Int,
                            _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch payloadCase[Int(payload)] {
        case .folded:
            return true
        case .capitalized:
            var mask = payloadUpper[Int(payload)]
            var t = first
            while mask != 0 && t < end {
                if mask & 1 != 0 && !tokens[t].shape.contains(.upperInitial) { return false }
                mask >>= 1
                t += 1
            }
            return true
        case .exact:
            // The alias's token bytes, concatenated, must equal the matched tokens' bytes.
            let r = payloadExact[Int(payload)]
            var k = Int(r.lowerBound)
            for t in first..<end {
                var b = Int(tokens[t].start)
                let e = Int(tokens[t].end)
                while b < e {
                    if k >= Int(r.upperBound) || exactArena[k] != bytes[b] { return false }
                    b += 1
                    k += 1
                }
            }
            return k == Int(r.upperBound)
        }
    }
}
