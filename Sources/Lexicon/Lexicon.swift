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
    /// The payload (alias record) that matched.
    var payload: Int32 = 0
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
/// Immutable, and a class so that the per-document rule context and every
/// worker share it by one reference: as a struct, each copy retained and
/// released each of its tables, atomically, on counters both workers touch.
public final class Lexicon: Sendable {
    /// Every entity, in load order; ``LexiconMatch/entity`` indexes it. Each
    /// element is decoded from the compact tables when read (a lexicon of a
    /// million aliases would otherwise keep hundreds of thousands of strings).
    public var entities: EntityList { EntityList(store: store) }

    /// One field of entity `e`, decoded alone (cheaper than `entities[e]` on a hot path).
    public func kbID(_ e: Int) -> String { store.kbID(e) }
    public func canonical(_ e: Int) -> String { store.canonical(e) }
    public func subtype(_ e: Int) -> String? { store.subtype[e] < 0 ? nil : store.nameStrings[Int(store.subtype[e])] }
    public func label(_ e: Int) -> EntityLabel { EntityLabel(rawValue: store.label[e]) ?? .org }
    public func prior(_ e: Int) -> Double { store.prior[e] }
    /// ``LexiconEntity/isAmbiguous`` and ``LexiconEntity/curated``.
    public func isAmbiguous(_ e: Int) -> Bool { store.flags[e] & EntityStore.Flags.ambiguous != 0 }
    public func isCurated(_ e: Int) -> Bool { store.flags[e] & EntityStore.Flags.curated != 0 }
    /// The entity's `country` as two ASCII letters in one number (`"US"` → 0x5553), or 0.
    public func countryCode(_ e: Int) -> UInt16 { store.country[e] }
    /// True for a first-level region or a country.
    public func isRegionOrCountry(_ e: Int) -> Bool { isContainer(Int32(e)) }

    /// Reads the kb_id, canonical name and subtype of every matched entity in a loop
    /// whose loads do not wait on each other, so that their cache misses
    /// overlap here instead of coming one at a time when the candidates are
    /// made. Returns a value the caller must keep, so that the reads stay.
    public func touch(_ matches: [LexiconMatch]) -> UInt8 {
        var sum: UInt8 = 0
        store.stringStart.withUnsafeBufferPointer { starts in
            store.subtype.withUnsafeBufferPointer { subtypes in
                for m in matches {
                    let e = Int(m.entity)
                    sum &+= store.strings.touch(Int(starts[e])) &+ UInt8(truncatingIfNeeded: subtypes[e])
                }
            }
        }
        return sum
    }

    let automaton: PhraseAutomaton
    /// Per alias payload: entity, case mode, exact bytes, capitalized tokens, one record
    /// each so that a matched alias costs one memory access.
    let payloads: [PayloadRecord]
    /// The exact bytes of `.exact` aliases, back to back (see ``PayloadRecord/exactEnd``).
    let exactArena: [UInt8]
    /// Bit `id` set: some alias whose first token has vocabulary id `id` can
    /// match a token without an upper initial. Most news tokens are lowercase
    /// words ("the", "new", "said") that begin only capitalized aliases ("The
    /// Hague", "New York"); matching skips them without touching the automaton.
    let lowerStarts: [UInt64]
    let store: EntityStore
    /// kb_id → entity index (ids are entity indexes).
    let kbIndex: TokenVocabulary
    let cues: ContextCues
    /// ``EntityStore/names`` index of the subtypes `region`, `country` and `city` (-1 when absent).
    let regionName: Int32
    let countryName: Int32
    let cityName: Int32

    init(automaton: PhraseAutomaton, payloads: [PayloadRecord], exactArena: [UInt8], lowerStarts: [UInt64], store: EntityStore,
         kbIndex: TokenVocabulary, cues: ContextCues) {
        self.automaton = automaton
        self.payloads = payloads
        self.exactArena = exactArena
        self.lowerStarts = lowerStarts
        self.store = store
        self.kbIndex = kbIndex
        self.cues = cues
        self.regionName = Int32(store.nameStrings.firstIndex(of: "region") ?? -1)
        self.countryName = Int32(store.nameStrings.firstIndex(of: "country") ?? -1)
        self.cityName = Int32(store.nameStrings.firstIndex(of: "city") ?? -1)
    }

    /// An empty lexicon.
    public convenience init() {
        let empty = LexiconBuilder().buildEmpty()
        self.init(automaton: empty.automaton, payloads: empty.payloads, exactArena: empty.exactArena,
                  lowerStarts: empty.lowerStarts, store: empty.store,
                  kbIndex: empty.kbIndex, cues: empty.cues)
    }

    /// The number of words of a ``lowerStarts`` bit set over a vocabulary of `count` ids.
    static func lowerStartWords(_ count: Int) -> Int { (count + 63) / 64 }

    /// The number of aliases (payloads).
    public var aliasCount: Int { payloads.count }

    /// The longest alias, in tokens; longer ones are skipped with LEX010. Matching
    /// costs at most this many steps per token of text.
    public static let maximumAliasTokens = 64

    /// The number of distinct folded token keys in all aliases.
    public var vocabularySize: Int { automaton.vocabulary.count }

    /// Approximate memory held by the matcher and the entity table, in bytes.
    public var byteSize: Int {
        automaton.byteSize + payloads.capacity * MemoryLayout<PayloadRecord>.stride + exactArena.capacity
            + store.byteSize + kbIndex.byteSize + cues.byteSize
    }

    /// The index of the entity with this kb_id.
    public func entityIndex(kbID: String) -> Int32? {
        let i = kbIndex.id(of: kbID)
        return i < 0 ? nil : i
    }

    /// Checks that the arrays agree with each other (sizes and ranges), so that a
    /// lexicon read from a file never makes matching trap.
    func validate() -> Bool {
        let n = payloads.count
        guard automaton.validate(), store.validate(), kbIndex.count == store.count, automaton.payloads.count == n,
              lowerStarts.count == Self.lowerStartWords(automaton.vocabulary.count),
              cues.validate(entities: store.count, names: store.names.count) else { return false }
        var previous: Int32 = 0
        for p in payloads {
            guard p.entity >= 0, Int(p.entity) < store.count, p.alternatives >= 0, p.mode <= 2,
                  p.exactEnd >= previous, Int(p.exactEnd) <= exactArena.count else { return false }
            previous = p.exactEnd
        }
        return previous == Int32(exactArena.count)
    }

    /// Finds lexicon matches in `text`, longest-leftmost, appending them to `matches`,
    /// then applies the shared-alias policy to the new matches.
    ///
    /// - Parameter ids: scratch space for token ids, reused across calls.
    /// - Complexity: O(tokens × longest alias in tokens); no allocation once the
    ///   scratch arrays have grown, except a few small arrays per document when
    ///   it mentions an alias that several entities share.
    public func match(_ text: TokenizedText, ids: inout [Int32], into matches: inout [LexiconMatch]) {
        guard !payloads.isEmpty else { return }
        automaton.tokenIDs(text, into: &ids)
        matchIDs(text, ids: ids, into: &matches)
    }

    /// ``match(_:ids:into:)`` with token look-ups through a worker's ``TokenIDCache``
    /// (faster with a large lexicon; the same matches).
    public func match(_ text: TokenizedText, ids: inout [Int32], cache: inout TokenIDCache, into matches: inout [LexiconMatch]) {
        guard !payloads.isEmpty else { return }
        automaton.tokenIDs(text, into: &ids, cache: &cache)
        matchIDs(text, ids: ids, into: &matches)
    }

    /// ``match(_:ids:cache:into:)`` that also looks the tokens up in `other` (the
    /// rule word lists' automaton) through the same memo, into `otherIDs`.
    public func match(_ text: TokenizedText, ids: inout [Int32], cache: inout TokenIDCache, into matches: inout [LexiconMatch],
                      alsoIn other: PhraseAutomaton, otherIDs: inout [Int32]) {
        automaton.tokenIDs(text, into: &ids, cache: &cache, alsoIn: other, otherIDs: &otherIDs)
        guard !payloads.isEmpty else { return }
        matchIDs(text, ids: ids, into: &matches)
    }

    /// The matching proper, on the token ids of `text`.
    private func matchIDs(_ text: TokenizedText, ids: [Int32], into matches: inout [LexiconMatch]) {
        let first = matches.count
        var shared = false
        text.bytes.withUnsafeBufferPointer { bytes in
            text.tokens.withUnsafeBufferPointer { tokens in
                ids.withUnsafeBufferPointer { ids in
                  lowerStarts.withUnsafeBufferPointer { lowerStarts in
                    automaton.payloadStart.withUnsafeBufferPointer { payloadStart in
                            let n = tokens.count
                            var i = 0
                            while i < n {
                                let id = ids[i]
                                if id < 0 || (!tokens[i].shape.contains(.upperInitial)
                                              && lowerStarts[Int(id) >> 6] & (1 << UInt64(id & 63)) == 0) {
                                    i += 1
                                    continue
                                }
                                var t: PhraseAutomaton.Transition = 0
                                var j = i
                                var bestEnd = -1
                                var bestPayload: Int32 = -1
                                var bestState: Int32 = 0
                                while j < n {
                                    t = automaton.step(t, ids[j])
                                    if t == 0 { break }
                                    j += 1
                                    if t & PhraseAutomaton.terminalBit != 0 {
                                        // Payloads are ordered by prior: the first that agrees in case is chosen.
                                        let state = Int(t & PhraseAutomaton.stateMask)
                                        for p in payloadStart[state]..<payloadStart[state + 1]
                                        where caseAgrees(p, tokens, i, j, bytes) {
                                            bestEnd = j
                                            bestPayload = p
                                            bestState = Int32(state)
                                            break
                                        }
                                    }
                                }
                                if bestEnd > 0 {
                                    let p = payloads[Int(bestPayload)]
                                    if p.alternatives > 0 { shared = true }
                                    matches.append(LexiconMatch(firstToken: Int32(i), endToken: Int32(bestEnd), entity: p.entity,
                                                                alternatives: p.alternatives, state: bestState,
                                                                payload: bestPayload))
                                    i = bestEnd
                                } else {
                                    i += 1
                                }
                            }
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
        let p = payloads[Int(payload)]
        switch p.mode {
        case UInt16(AliasCase.folded.rawValue):
            return true
        case UInt16(AliasCase.capitalized.rawValue):
            var mask = p.upper
            var t = first
            while mask != 0 && t < end {
                if mask & 1 != 0 && !tokens[t].shape.contains(.upperInitial) { return false }
                mask >>= 1
                t += 1
            }
            return true
        default:
            // The alias's token bytes, concatenated, must equal the matched tokens' bytes.
            var k = payload == 0 ? 0 : Int(payloads[Int(payload) - 1].exactEnd)
            let upper = Int(p.exactEnd)
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

/// The entities of a lexicon, decoded on access: `lexicon.entities[i]`.
public struct EntityList: RandomAccessCollection, Sendable {
    let store: EntityStore
    public var startIndex: Int { 0 }
    public var endIndex: Int { store.count }
    public subscript(i: Int) -> LexiconEntity { store.entity(i) }
}

/// What the matcher needs to know about one alias, in one 24-byte record.
/// Records are numbered in automaton order: the aliases ending in one state are
/// adjacent, so the candidates of a shared alias sit in one or two cache lines.
struct PayloadRecord: Sendable {
    /// Bit k set: the alias's token k starts with an uppercase letter (first 64 tokens).
    var upper: UInt64
    /// Index into ``Lexicon/entities``.
    var entity: Int32
    /// How many other entities have an alias ending in the same state.
    var alternatives: Int32
    /// One past the alias's last byte in ``Lexicon/exactArena``; it starts where
    /// the previous payload's ends (empty unless `.exact`).
    var exactEnd: Int32
    /// ``AliasCase`` raw value.
    var mode: UInt16
    /// The entity's `country` (``EntityStore/country``), for the shared-alias vote.
    var country: UInt16
}
