import GazetteCore

/// A map from the folded keys of one document's tokens to `Int32` values,
/// reused from document to document: how in-document linking finds what a
/// surname or an organization's head word stands for.
///
/// Keys are read in place from the document's folded bytes (no slice, no
/// `Hasher`), and a 256-bit filter of first byte, last byte and length
/// rejects most tokens before any hashing. Open addressing over a table at
/// least twice the number of keys; ``reset(capacity:)`` clears only the
/// slots the last document used.
struct TokenKeyMap {
    /// Entry index + 1 per slot; 0 is empty.
    private var slots: [Int32] = []
    private var mask = 0
    private var filter: SIMD4<UInt64> = .zero
    /// Per entry: the folded range of its key, its hash, its slot and its value.
    private var keyStart: [Int32] = []
    private var keyEnd: [Int32] = []
    private var hashes: [UInt64] = []
    private var slotOf: [Int32] = []
    private(set) var values: [Int32] = []

    var isEmpty: Bool { values.isEmpty }

    /// Empties the map and makes room for `capacity` keys.
    mutating func reset(capacity: Int) {
        for s in slotOf { slots[Int(s)] = 0 }
        keyStart.removeAll(keepingCapacity: true)
        keyEnd.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        slotOf.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        filter = .zero
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        if slots.count < size { slots = [Int32](repeating: 0, count: size) }
        mask = slots.count - 1
    }

    @inline(__always)
    private static func filterBit(_ folded: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        end > start ? (Int(folded[start]) &* 7 &+ Int(folded[end - 1]) &* 13 &+ (end - start) &* 31) & 255 : 0
    }

    @inline(__always)
    private static func hash(_ folded: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in start..<end { h = (h ^ UInt64(folded[i])) &* 0x100_0000_01b3 }
        return h ^ (h >> 29)
    }

    /// The entry of the key `start..<end` with hash `h` (or -1), and the slot
    /// where the search ended.
    private func find(_ folded: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ h: UInt64) -> (entry: Int, slot: Int) {
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != 0 {
            let e = Int(slots[i]) - 1
            if hashes[e] == h, Int(keyEnd[e]) - Int(keyStart[e]) == end - start {
                var same = true
                var a = Int(keyStart[e])
                for b in start..<end {
                    if folded[a] != folded[b] { same = false; break }
                    a += 1
                }
                if same { return (e, i) }
            }
            i = (i + 1) & mask
        }
        return (-1, i)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for e in hashes.indices {
            var i = Int(truncatingIfNeeded: hashes[e]) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(e + 1)
            slotOf[e] = Int32(i)
        }
    }

    /// The value of token `tok`'s key, or nil.
    func value(_ tok: Token, _ folded: UnsafeBufferPointer<UInt8>) -> Int32? {
        let start = Int(tok.foldStart), end = Int(tok.foldEnd)
        let bit = Self.filterBit(folded, start, end)
        guard filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0, !values.isEmpty else { return nil }
        let e = find(folded, start, end, Self.hash(folded, start, end)).entry
        return e < 0 ? nil : values[e]
    }

    /// The entry of token `tok`'s key, made with value `value` when there was
    /// none (then `inserted` is true).
    mutating func entry(_ tok: Token, _ folded: UnsafeBufferPointer<UInt8>, orInsert value: Int32) -> (entry: Int, inserted: Bool) {
        let start = Int(tok.foldStart), end = Int(tok.foldEnd)
        let h = Self.hash(folded, start, end)
        var (e, slot) = find(folded, start, end, h)
        if e >= 0 { return (e, false) }
        if 2 * (values.count + 1) > slots.count {
            grow()
            slot = find(folded, start, end, h).slot
        }
        let bit = Self.filterBit(folded, start, end)
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
        e = values.count
        slots[slot] = Int32(e + 1)
        keyStart.append(Int32(start))
        keyEnd.append(Int32(end))
        hashes.append(h)
        slotOf.append(Int32(slot))
        values.append(value)
        return (e, true)
    }

    mutating func setValue(_ value: Int32, at entry: Int) { values[entry] = value }
}
