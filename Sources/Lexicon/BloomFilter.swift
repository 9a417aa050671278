/// A blocked Bloom filter over 64-bit hashes: each key sets three bits of one
/// 64-bit word, so a test is one memory access. About 8 bits per key: under 3%
/// false positives, and small enough (1 byte per key) to stay in cache where
/// the table it guards does not.
///
/// The matcher puts one in front of the token vocabulary and one in front of
/// the edge table: with a million aliases those tables are tens of megabytes,
/// and a look-up that misses (most tokens of a text, and most attempts to
/// continue a phrase) would otherwise cost a trip to main memory.
struct BloomFilter: Sendable {
    private(set) var words: [UInt64]
    /// `64 - log2(words.count)`: the word is the top bits of the hash.
    private(set) var shift: UInt64

    /// A filter sized for `count` keys.
    init(capacity count: Int) {
        var n = 1
        while n * 8 < count { n <<= 1 }
        words = Array(repeating: 0, count: n)
        shift = UInt64(64 - n.trailingZeroBitCount)
    }

    /// Reassembles a filter from its words; nil unless their count is a power of two.
    init?(words: [UInt64]) {
        guard !words.isEmpty, words.count & (words.count - 1) == 0 else { return nil }
        self.words = words
        shift = UInt64(64 - words.count.trailingZeroBitCount)
    }

    var byteSize: Int { words.capacity * 8 }

    @inline(__always)
    private func index(_ h: UInt64) -> Int {
        // shift == 64 (one word) would trap in a plain shift.
        shift >= 64 ? 0 : Int(truncatingIfNeeded: h >> shift)
    }

    @inline(__always)
    private static func bits(_ h: UInt64) -> UInt64 {
        (1 << (h & 63)) | (1 << ((h >> 6) & 63)) | (1 << ((h >> 12) & 63))
    }

    mutating func insert(_ h: UInt64) {
        words[index(h)] |= Self.bits(h)
    }

    /// False when the key was certainly never inserted.
    @inline(__always)
    func mayContain(_ h: UInt64) -> Bool {
        let b = Self.bits(h)
        return words.withUnsafeBufferPointer { $0[index(h)] } & b == b
    }
}
