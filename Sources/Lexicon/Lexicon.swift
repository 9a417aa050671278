import GazetteCore
import Tokenization

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
    /// The automaton state the alias ends in: matches of one alias share it.
    var state: Int32 = 0
}

/// A compiled set of entity lexicons: immutable and shared by all workers.
///
/// Matching is longest-leftmost over tokens: at each token the longest alias
/// that starts there and agrees in case wins, and matching resumes after it.
/// When one alias names several entities, the shared-alias policy picks one
/// (`Lexicons/README.md`, "Shared aliases"): a disambiguating word or place
/// next to the mention, then the same choice as other mentions of the alias
/// in the document, then other places the document mentions, then the
/// highest ``LexiconEntity/prior``. The others are counted in
/// ``LexiconMatch/alternatives``.
///
/// Build one with ``LexiconBuilder``, or load a compiled one with
/// ``Lexicon/read(from:key:)`` (``LexiconCache`` does both as needed).
public struct Lexicon: Sendable {
    /// Every entity, in load order; ``LexiconMatch/entity`` indexes it.
    public let entities: [LexiconEntity]
    let automaton: PhraseAutomaton
    /// Per alias payload: entity, case mode, exact token bytes, capitalized tokens.
    let payloadEntity: [Int32]
    /// ``AliasCase`` raw values.
    let payloadCase: [UInt8]
    /// Payload `p`'s exact bytes are `exactArena[payloadExactEnd[p - 1]..<payloadExactEnd[p]]` (empty unless `.exact`).
    let payloadExactEnd: [Int32]
    /// Bit k set: the alias's token k starts with an uppercase letter (first 64 tokens).
    let payloadUpper: [UInt64]
    let exactArena: [UInt8]
    /// For each payload, how many payloads of other entities share its state.
    let payloadAlternatives: [Int32]
    let store: EntityStore
    /// kb_id → entity index (ids are entity indexes).
    let kbIndex: TokenVocabulary
    let cues: ContextCues
    /// ``EntityStore/names`` index of the subtypes `region` and `country` (-1 when absent).
    let regionName: Int32
    let countryName: Int32

    init(automaton: PhraseAutomaton, payloadEntity: [Int32], payloadCase: [UInt8], payloadExactEnd: [Int32],
         payloadUpper: [UInt64], exactArena: [UInt8], payloadAlternatives: [Int32], store: EntityStore,
         kbIndex: TokenVocabulary, cues: ContextCues) {
        self.automaton = automaton
        self.payloadEntity = payloadEntity
        self.payloadCase = payloadCase
        self.payloadExactEnd = payloadExactEnd
        self.payloadUpper = payloadUpper
        self.exactArena = exactArena
        self.payloadAlternatives = payloadAlternatives
        self.store = store
        self.kbIndex = kbIndex
        self.cues = cues
        self.entities = (0..<store.count).map { store.entity($0) }
        self.regionName = Int32(store.nameStrings.firstIndex(of: "region") ?? -1)
        self.countryName = Int32(store.nameStrings.firstIndex(of: "country") ?? -1)
    }

    /// An empty lexicon.
    public init() {
        self = LexiconBuilder().buildEmpty()
    }

    /// The number of aliases (payloads).
    public var aliasCount: Int { payloadEntity.count }

    /// The number of distinct folded token keys in all aliases.
    public var vocabularySize: Int { automaton.vocabulary.count }

    /// Approximate memory held by the matcher and the entity table, in bytes.
    public var byteSize: Int {
        automaton.byteSize + payloadEntity.capacity * 4 + payloadCase.capacity + payloadExactEnd.capacity * 4
            + payloadUpper.capacity * 8 + exactArena.capacity + payloadAlternatives.capacity * 4 + store.byteSize
            + kbIndex.byteSize + cues.byteSize
    }

    /// The index of the entity with this kb_id.
    public func entityIndex(kbID: String) -> Int32? {
        let i = kbIndex.id(of: kbID)
        return i < 0 ? nil : i
    }

    /// Checks that the arrays agree with each other (sizes and ranges), so that a
    /// lexicon read from a file never makes matching trap.
    func validate() -> Bool {
        let n = payloadEntity.count
        guard automaton.validate(), store.validate(), payloadCase.count == n, payloadExactEnd.count == n,
              payloadUpper.count == n, payloadAlternatives.count == n, kbIndex.count == store.count,
              automaton.payloads.allSatisfy({ $0 >= 0 && Int($0) < n }),
              payloadEntity.allSatisfy({ $0 >= 0 && Int($0) < store.count }),
              payloadCase.allSatisfy({ AliasCase(rawValue: $0) != nil }),
              (payloadExactEnd.last.map(Int.init) ?? 0) == exactArena.count, cues.validate(entities: store.count, names: store.names.count)
        else { return false }
        var previous: Int32 = 0
        for e in payloadExactEnd {
            guard e >= previous else { return false }
            previous = e
        }
        return true
    }

    /// Finds lexicon matches in `text`, longest-leftmost, appending them to `matches`,
    /// then applies the shared-alias policy to the new matches.
    ///
    /// - Parameter ids: scratch space for token ids, reused across calls.
    /// - Complexity: O(tokens × longest alias in tokens); no allocation once the
    ///   scratch arrays have grown, except a few small arrays per document when
    ///   it mentions an alias that several entities share.
    public func match(_ text: TokenizedText, ids: inout [Int32], into matches: inout [LexiconMatch]) {
        guard !payloadEntity.isEmpty else { return }
        automaton.tokenIDs(text, into: &ids)
        let first = matches.count
        var shared = false
        let flag = PhraseAutomaton.terminalFlag
        text.bytes.withUnsafeBufferPointer { bytes in
            text.tokens.withUnsafeBufferPointer { tokens in
                ids.withUnsafeBufferPointer { ids in
                    let n = tokens.count
                    var i = 0
                    while i < n {
                        var state: Int32 = 0
                        var j = i
                        var bestEnd = -1
                        var bestPayload: Int32 = -1
                        var bestState: Int32 = 0
                        while j < n {
                            let s = automaton.step(state, ids[j])
                            if s < 0 { break }
                            state = s & ~flag
                            j += 1
                            if s & flag != 0 {
                                // Payloads are ordered by prior: the first that agrees in case is chosen.
                                for p in automaton.payloads(of: state) where caseAgrees(p, tokens, i, j, bytes) {
                                    bestEnd = j
                                    bestPayload = p
                                    bestState = state
                                    break
                                }
                            }
                        }
                        if bestEnd > 0 {
                            let alternatives = payloadAlternatives[Int(bestPayload)]
                            if alternatives > 0 { shared = true }
                            matches.append(LexiconMatch(firstToken: Int32(i), endToken: Int32(bestEnd),
                                                        entity: payloadEntity[Int(bestPayload)],
                                                        alternatives: alternatives, state: bestState))
                            i = bestEnd
                        } else {
                            i += 1
                        }
                    }
                }
            }
        }
        if shared { resolveSharedAliases(text, &matches, from: first) }
    }

    @inline(__always)
    func caseAgrees(_ payload: Int32, _ tokens: UnsafeBufferPointer<Token>, _ first: Int, _ end: Int,
                    _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch payloadCase[Int(payload)] {
        case AliasCase.folded.rawValue:
            return true
        case AliasCase.capitalized.rawValue:
            var mask = payloadUpper[Int(payload)]
            var t = first
            while mask != 0 && t < end {
                if mask & 1 != 0 && !tokens[t].shape.contains(.upperInitial) { return false }
                mask >>= 1
                t += 1
            }
            return true
        default:
            // The alias's token bytes, concatenated, must equal the matched tokens' bytes.
            var k = payload == 0 ? 0 : Int(payloadExactEnd[Int(payload) - 1])
            let upper = Int(payloadExactEnd[Int(payload)])
            for t in first..<end {
                var b = Int(tokens[t].start)
                let e = Int(tokens[t].end)
                while b < e {
                    if k >= upper || exactArena[k] != bytes[b] { return false }
                    b += 1
                    k += 1
                }
            }
            return k == upper
        }
    }
}
