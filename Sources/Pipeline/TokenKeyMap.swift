import GazetteCore

/// A map from the folded keys of one document's tokens to `Int32` values,
/// reused from document to document: how in-document linking finds what a
/// surname or an organization's head word stands for.
///
/// The keys are a ``ByteStringTable`` (read from the document's folded bytes
/// in place, ids in insertion order, so an id indexes ``values``), with a
/// 256-bit filter of first byte, last byte and length in front that rejects
/// most tokens before any hashing.
struct TokenKeyMap {
    private var keys = ByteStringTable()
    private var filter: SIMD4<UInt64> = .zero
    /// Per key, by its id.
    private(set) var values: [Int32] = []

    var isEmpty: Bool { values.isEmpty }

    /// Empties the map.
    mutating func reset() {
        keys.removeAll()
        values.removeAll(keepingCapacity: true)
        filter = .zero
    }

    @inline(__always)
    private static func key(_ tok: Token, _ folded: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: folded[Int(tok.foldStart)..<Int(tok.foldEnd)])
    }

    @inline(__always)
    private static func filterBit(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        key.isEmpty ? 0 : (Int(key[0]) &* 7 &+ Int(key[key.count - 1]) &* 13 &+ key.count &* 31) & 255
    }

    /// The value of token `tok`'s key, or nil.
    func value(_ tok: Token, _ folded: UnsafeBufferPointer<UInt8>) -> Int32? {
        let key = Self.key(tok, folded)
        let bit = Self.filterBit(key)
        guard filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return nil }
        let id = keys.id(of: key)
        return id < 0 ? nil : values[Int(id)]
    }

    /// The entry of token `tok`'s key, made with value `value` when there was
    /// none (then `inserted` is true).
    mutating func entry(_ tok: Token, _ folded: UnsafeBufferPointer<UInt8>, orInsert value: Int32) -> (entry: Int, inserted: Bool) {
        let key = Self.key(tok, folded)
        let id = Int(keys.insert(key))
        guard id == values.count else { return (id, false) }
        let bit = Self.filterBit(key)
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
        values.append(value)
        return (id, true)
    }

    mutating func setValue(_ value: Int32, at entry: Int) { values[entry] = value }
}
