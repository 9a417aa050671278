/// A map from byte strings to dense ids (0, 1, 2, ... in insertion order),
/// each with a byte-string value, for the tokenizer's own tables: the
/// abbreviation list and its caches.
///
/// Like `ByteStringTable`, but hashed eight bytes at a time, compiled into this
/// module, and laid out so that a lookup touches few cache lines (a slot holds
/// part of the hash; a key and its value are stored side by side): the caches
/// are read for many tokens while the later pipeline stages use the cache too.
/// Not thread-safe.
struct ByteKeys {
    private struct Record {
        var start: Int32
        var keyCount: Int32
        var valueCount: Int32
    }

    /// Each key followed by its value.
    private var arena: [UInt8] = []
    private var records: [Record] = []
    /// Open addressing, linear probing: 0 when empty, else the hash's upper
    /// 32 bits and `id + 1` in the lower 32.
    private var slots: [UInt64]
    private var mask: Int

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// The number of keys.
    var count: Int { records.count }

    /// Bytes held by keys and values.
    var byteCount: Int { arena.count }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = UInt64(truncatingIfNeeded: key.count) &* 0x9E37_79B9_7F4A_7C15
        guard let p = key.baseAddress else { return h }
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i + 8 <= key.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while i < key.count {
            tail |= UInt64(p[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }

    /// The id of `key`, or -1.
    @inline(__always)
    func id(of key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = Self.hash(key)
        let tag = h & 0xFFFF_FFFF_0000_0000
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[i]
            if slot == 0 { return -1 }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int32(truncatingIfNeeded: slot) - 1
                if equals(records[Int(id)], key) { return id }
            }
            i = (i + 1) & mask
        }
    }

    @inline(__always)
    private func equals(_ r: Record, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(r.keyCount) == key.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            let start = Int(r.start)
            var k = 0
            while k < key.count {
                if a[start + k] != key[k] { return false }
                k += 1
            }
            return true
        }
    }

    /// Calls `body` with the value of key `id`.
    @inline(__always)
    func withValue<R>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = records[Int(id)]
        return try arena.withUnsafeBufferPointer { a in
            let from = Int(r.start) + Int(r.keyCount)
            return try body(UnsafeBufferPointer(rebasing: a[from..<from + Int(r.valueCount)]))
        }
    }

    /// Adds `key` (which must not be present) with `value` and returns its id.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)) -> Int32 {
        if (records.count + 1) * 2 > slots.count { grow() }
        let id = Int32(records.count)
        records.append(Record(start: Int32(arena.count), keyCount: Int32(key.count), valueCount: Int32(value.count)))
        arena.append(contentsOf: key)
        arena.append(contentsOf: value)
        place(id, Self.hash(key))
        return id
    }

    private mutating func place(_ id: Int32, _ h: UInt64) {
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(UInt32(id + 1))
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        arena.withUnsafeBufferPointer { a in
            for id in records.indices {
                let r = records[id]
                place(Int32(id), Self.hash(UnsafeBufferPointer(rebasing: a[Int(r.start)..<Int(r.start) + Int(r.keyCount)])))
            }
        }
    }
}
