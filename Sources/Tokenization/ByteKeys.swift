/// A map from byte strings to dense ids (0, 1, 2, ... in insertion order) for
/// the tokenizer's own tables: the abbreviation list and its caches.
///
/// Like `ByteStringTable`, but hashed eight bytes at a time and compiled into
/// this module, so that a lookup per token costs a few nanoseconds. Not thread-safe.
struct ByteKeys {
    /// Keys back to back; key `id` ends at `ends[id]` and starts where the previous one ends.
    private var arena: [UInt8] = []
    private var ends: [Int32] = []
    private var hashes: [UInt64] = []
    /// Open addressing, linear probing: an id, or -1 when empty.
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// The number of keys.
    var count: Int { ends.count }

    /// Bytes held by keys.
    var arenaCount: Int { arena.count }

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
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = slots[i]
            if id < 0 { return -1 }
            if hashes[Int(id)] == h && equals(Int(id), key) { return id }
            i = (i + 1) & mask
        }
    }

    @inline(__always)
    private func equals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = id == 0 ? 0 : Int(ends[id - 1])
        guard Int(ends[id]) - start == key.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            var k = 0
            while k < key.count {
                if a[start + k] != key[k] { return false }
                k += 1
            }
            return true
        }
    }

    /// Adds `key` (which must not be present) and returns its id.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        if (ends.count + 1) * 2 > slots.count { grow() }
        let h = Self.hash(key)
        let id = Int32(ends.count)
        arena.append(contentsOf: key)
        ends.append(Int32(arena.count))
        hashes.append(h)
        place(id, h)
        return id
    }

    private mutating func place(_ id: Int32, _ h: UInt64) {
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = id
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for id in 0..<ends.count { place(Int32(id), hashes[id]) }
    }
}
