import GazetteCore
import Tokenization

/// An immutable trie over folded token keys that finds, at each position of a
/// tokenized text, every phrase that starts there.
///
/// Build one with ``PhraseAutomatonBuilder``; the result is a value type that
/// threads share freely. Memory is a vocabulary of distinct token keys
/// (``TokenVocabulary``: one byte arena and a hash index), a dense array of
/// root transitions indexed by token id, and an open-addressing table of deeper
/// transitions keyed by `(state, token id)`, key and target side by side so a
/// probe reads one 16-byte entry. Transition targets carry a flag bit telling
/// whether phrases end in the target state, so walking never reads the payload
/// index until a phrase actually ends. Matching does one hash look-up per token
/// to get its id, then array and table reads only: nothing is allocated per token.
///
/// Every array is flat, so a compiled lexicon file stores them as they are
/// (see ``Lexicon/write(to:key:)``).
public struct PhraseAutomaton: Sendable {
    /// Distinct folded token keys of all phrases.
    public let vocabulary: TokenVocabulary
    /// `rootNext[tokenID]` is the flagged state after that token from the root, or -1.
    let rootNext: [Int32]
    /// Deeper transitions: `edges[2i]` is the key `state << 32 | token`
    /// (``emptyKey`` when the entry is free), `edges[2i + 1]` the flagged target.
    let edges: [UInt64]
    /// `payloadStart[state]..<payloadStart[state + 1]` indexes `payloads`:
    /// the phrases that end in `state`.
    let payloadStart: [Int32]
    let payloads: [Int32]

    /// Set on a transition target when phrases end in that state.
    static let terminalFlag: Int32 = 1 << 30
    static let emptyKey = UInt64.max

    init(vocabulary: TokenVocabulary, rootNext: [Int32], edges: [UInt64], payloadStart: [Int32], payloads: [Int32]) {
        self.vocabulary = vocabulary
        self.rootNext = rootNext
        self.edges = edges
        self.payloadStart = payloadStart
        self.payloads = payloads
    }

    /// The number of states (1 + the number of distinct phrase prefixes).
    public var stateCount: Int { payloadStart.count - 1 }

    /// The number of phrases.
    public var phraseCount: Int { payloads.count }

    /// Approximate memory held, in bytes.
    public var byteSize: Int {
        vocabulary.byteSize + rootNext.capacity * 4 + edges.capacity * 8 + payloadStart.capacity * 4 + payloads.capacity * 4
    }

    /// The state reached from `state` on token id `token`, or -1.
    @inline(__always)
    public func next(_ state: Int32, _ token: Int32) -> Int32 {
        let s = step(state, token)
        return s < 0 ? -1 : s & ~Self.terminalFlag
    }

    /// Like ``next(_:_:)``, but the result carries ``terminalFlag`` when phrases
    /// end in the state reached. `state` must not carry the flag.
    @inline(__always)
    func step(_ state: Int32, _ token: Int32) -> Int32 {
        if token < 0 { return -1 }
        if state == 0 { return rootNext.withUnsafeBufferPointer { $0[Int(token)] } }
        let key = UInt64(UInt32(bitPattern: state)) << 32 | UInt64(UInt32(bitPattern: token))
        return edges.withUnsafeBufferPointer { e in
            let mask = e.count / 2 - 1
            var i = Int(truncatingIfNeeded: Self.mix(key)) & mask
            while true {
                let k = e[2 * i]
                if k == key { return Int32(truncatingIfNeeded: e[2 * i + 1]) }
                if k == Self.emptyKey { return -1 }
                i = (i + 1) & mask
            }
        }
    }

    /// The payloads of the phrases that end in `state`.
    @inline(__always)
    public func payloads(of state: Int32) -> ArraySlice<Int32> {
        payloads[Int(payloadStart[Int(state)])..<Int(payloadStart[Int(state) + 1])]
    }

    /// True when phrases end in `state`.
    @inline(__always)
    public func isTerminal(_ state: Int32) -> Bool {
        payloadStart[Int(state)] != payloadStart[Int(state) + 1]
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Looks up the vocabulary id of every token of `text` into `ids` (-1 when a
    /// token's key occurs in no phrase). One pass, no allocation once `ids` has grown.
    public func tokenIDs(_ text: TokenizedText, into ids: inout [Int32]) {
        ids.removeAll(keepingCapacity: true)
        ids.reserveCapacity(text.tokens.count)
        text.folded.withUnsafeBufferPointer { f in
            text.tokens.withUnsafeBufferPointer { tokens in
                for t in tokens {
                    ids.append(vocabulary.id(of: UnsafeBufferPointer(rebasing: f[Int(t.foldStart)..<Int(t.foldEnd)])))
                }
            }
        }
    }

    /// Checks the sizes that matching relies on, in O(1). Arrays read from a
    /// compiled file are also covered by a checksum, so a file that passes both
    /// is the one that was written.
    func validate() -> Bool {
        let half = edges.count / 2
        return payloadStart.count >= 2 && rootNext.count == vocabulary.count && half >= 16 && half & (half - 1) == 0
            && edges.count == 2 * half && payloadStart.first == 0 && payloadStart.last.map(Int.init) == payloads.count
    }
}

/// Builds a ``PhraseAutomaton`` from phrases given as sequences of folded token keys.
public struct PhraseAutomatonBuilder {
    private var vocabulary = TokenVocabulary(capacity: 1024)
    /// Transitions while building: (state << 32 | token) → state.
    private var edges: [UInt64: Int32] = [:]
    private var rootEdges: [Int32] = []
    /// Payloads per state, as (state, payload) pairs; sorted at build time.
    private var ends: [(state: Int32, payload: Int32)] = []
    private var stateCount: Int32 = 1

    public init() {}

    /// Adds a phrase. `keys` are the folded keys of its tokens, in order; `payload`
    /// is returned by matches of this phrase. Empty phrases are ignored.
    public mutating func add(keys: [[UInt8]], payload: Int32) {
        guard !keys.isEmpty else { return }
        var state: Int32 = 0
        for key in keys {
            state = advance(state, key.withUnsafeBufferPointer { vocabulary.insert($0) })
        }
        ends.append((state, payload))
    }

    /// Adds a phrase whose token keys are `bytes[ranges[k]]`; no per-token arrays.
    public mutating func add(bytes: UnsafeBufferPointer<UInt8>, ranges: some Sequence<Range<Int>>, payload: Int32) {
        var state: Int32 = 0
        for r in ranges { state = advance(state, vocabulary.insert(UnsafeBufferPointer(rebasing: bytes[r]))) }
        if state != 0 { ends.append((state, payload)) }
    }

    private mutating func advance(_ state: Int32, _ id: Int32) -> Int32 {
        if state == 0 {
            while rootEdges.count <= Int(id) { rootEdges.append(-1) }
            if rootEdges[Int(id)] >= 0 { return rootEdges[Int(id)] }
            rootEdges[Int(id)] = stateCount
        } else {
            let k = UInt64(UInt32(bitPattern: state)) << 32 | UInt64(UInt32(bitPattern: id))
            if let s = edges[k] { return s }
            edges[k] = stateCount
        }
        stateCount += 1
        return stateCount - 1
    }

    /// Freezes the automaton. Within a state, payloads keep insertion order.
    /// O(states + phrases).
    public func build() -> PhraseAutomaton { build(ordering: nil) }

    /// Freezes the automaton; `ordering`, when given, orders the payloads that end
    /// in the same state (`true` when the first goes before the second).
    func build(ordering: ((Int32, Int32) -> Bool)?) -> PhraseAutomaton {
        // Counting sort of payloads by state, keeping insertion order within a state.
        var start = [Int32](repeating: 0, count: Int(stateCount) + 1)
        for e in ends { start[Int(e.state) + 1] += 1 }
        for i in 0..<Int(stateCount) { start[i + 1] += start[i] }
        var fill = start
        var payloads = [Int32](repeating: 0, count: ends.count)
        for e in ends {
            payloads[Int(fill[Int(e.state)])] = e.payload
            fill[Int(e.state)] += 1
        }
        if let ordering {
            for s in 0..<Int(stateCount) where start[s + 1] - start[s] > 1 {
                payloads[Int(start[s])..<Int(start[s + 1])].sort(by: ordering)
            }
        }
        func flagged(_ s: Int32) -> Int32 { start[Int(s)] != start[Int(s) + 1] ? s | PhraseAutomaton.terminalFlag : s }
        var rootNext = [Int32](repeating: -1, count: vocabulary.count)
        for (token, state) in rootEdges.enumerated() where state >= 0 { rootNext[token] = flagged(state) }
        var size = 16
        while size < edges.count * 2 { size <<= 1 }
        var table = [UInt64](repeating: PhraseAutomaton.emptyKey, count: 2 * size)
        let mask = size - 1
        for (k, v) in edges {
            var i = Int(truncatingIfNeeded: PhraseAutomaton.mix(k)) & mask
            while table[2 * i] != PhraseAutomaton.emptyKey { i = (i + 1) & mask }
            table[2 * i] = k
            table[2 * i + 1] = UInt64(UInt32(bitPattern: flagged(v)))
        }
        return PhraseAutomaton(vocabulary: vocabulary, rootNext: rootNext, edges: table, payloadStart: start, payloads: payloads)
    }
}
