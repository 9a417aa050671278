import GazetteCore
import Tokenization

/// An immutable trie over folded token keys that finds, at each position of a
/// tokenized text, every phrase that starts there.
///
/// Build one with ``PhraseAutomatonBuilder``; the result is a value type that
/// threads share freely. Memory is a vocabulary of distinct token keys (one
/// byte arena), a dense array of root transitions indexed by token id, and an
/// open-addressing table of deeper transitions keyed by `(state, token id)`.
/// Matching does one hash look-up per token to get its id, then array and
/// table reads only: nothing is allocated per token.
public struct PhraseAutomaton: Sendable {
    /// Distinct folded token keys of all phrases.
    public let vocabulary: ByteStringTable
    /// `rootNext[tokenID]` is the state after that token from the root, or -1.
    let rootNext: [Int32]
    let edgeKeys: [UInt64]
    let edgeValues: [Int32]
    let edgeMask: Int
    /// `payloadStart[state]..<payloadStart[state + 1]` indexes `payloads`:
    /// the phrases that end in `state`.
    let payloadStart: [Int32]
    let payloads: [Int32]

    /// The number of states (1 + the number of distinct phrase prefixes).
    public var stateCount: Int { payloadStart.count - 1 }

    /// Approximate memory held, in bytes.
    public var byteSize: Int {
        vocabulary.byteSize + rootNext.capacity * 4 + edgeKeys.capacity * 8 + edgeValues.capacity * 4
            + payloadStart.capacity * 4 + payloads.capacity * 4
    }

    static let emptyKey = UInt64.max

    /// The state reached from `state` on token id `token`, or -1.
    @inline(__always)
    public func next(_ state: Int32, _ token: Int32) -> Int32 {
        if token < 0 { return -1 }
        if state == 0 { return rootNext[Int(token)] }
        let key = UInt64(UInt32(bitPattern: state)) << 32 | UInt64(UInt32(bitPattern: token))
        var i = Int(truncatingIfNeeded: Self.mix(key)) & edgeMask
        while true {
            let k = edgeKeys[i]
            if k == key { return edgeValues[i] }
            if k == Self.emptyKey { return -1 }
            i = (i + 1) & edgeMask
        }
    }

    /// The payloads of the phrases that end in `state`.
    @inline(__always)
    public func payloads(of state: Int32) -> ArraySlice<Int32> {
        payloads[Int(payloadStart[Int(state)])..<Int(payloadStart[Int(state) + 1])]
    }

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
        text.folded.withUnsafeBufferPointer { f in
            for t in text.tokens {
                ids.append(vocabulary.id(of: UnsafeBufferPointer(rebasing: f[Int(t.foldStart)..<Int(t.foldEnd)])))
            }
        }
    }
}

/// Builds a ``PhraseAutomaton`` from phrases given as sequences of folded token keys.
public struct PhraseAutomatonBuilder {
    private var vocabulary = ByteStringTable(capacity: 1024)
    /// Transitions while building: (state << 32 | token) → state.
    private var edges: [UInt64: Int32] = [:]
    private var rootEdges: [Int32: Int32] = [:]
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
            let id = key.withUnsafeBufferPointer { vocabulary.insert($0) }
            if state == 0 {
                if let s = rootEdges[id] { state = s } else {
                    rootEdges[id] = stateCount
                    state = stateCount
                    stateCount += 1
                }
            } else {
                let k = UInt64(UInt32(bitPattern: state)) << 32 | UInt64(UInt32(bitPattern: id))
                if let s = edges[k] { state = s } else {
                    edges[k] = stateCount
                    state = stateCount
                    stateCount += 1
                }
            }
        }
        ends.append((state, payload))
    }

    /// Freezes the automaton. O(states + phrases).
    public func build() -> PhraseAutomaton {
        var rootNext = [Int32](repeating: -1, count: vocabulary.count)
        for (token, state) in rootEdges { rootNext[Int(token)] = state }
        var size = 16
        while size < edges.count * 2 { size <<= 1 }
        var keys = [UInt64](repeating: PhraseAutomaton.emptyKey, count: size)
        var values = [Int32](repeating: -1, count: size)
        let mask = size - 1
        for (k, v) in edges {
            var i = Int(truncatingIfNeeded: PhraseAutomaton.mix(k)) & mask
            while keys[i] != PhraseAutomaton.emptyKey { i = (i + 1) & mask }
            keys[i] = k
            values[i] = v
        }
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
        return PhraseAutomaton(vocabulary: vocabulary, rootNext: rootNext, edgeKeys: keys, edgeValues: values,
                               edgeMask: mask, payloadStart: start, payloads: payloads)
    }
}
