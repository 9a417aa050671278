import GazetteCore
import Testing

/// The eight-bytes-at-once tests of the tokenizer's fast paths against their
/// byte-by-byte meaning.
struct ByteWordTests {
    @Test("inRange marks exactly the bytes in the range, in every lane")
    func inRange() {
        let ranges: [(UInt8, UInt8)] = [(0x41, 0x5A), (0x61, 0x7A), (0x30, 0x39), (0x40, 0x40), (0x00, 0x7F), (0x01, 0x01)]
        for (lo, hi) in ranges {
            for lane in 0..<8 {
                for b in UInt8(0)..<0x80 {
                    // The other lanes hold the range's neighbours, to catch carries between lanes.
                    var w: UInt64 = 0
                    for k in 0..<8 { w |= UInt64(k == lane ? b : (k % 2 == 0 ? lo &- 1 : hi &+ 1) & 0x7F) << (8 * k) }
                    let got = ByteWord.inRange(w, lo, hi)
                    var want: UInt64 = 0
                    for k in 0..<8 {
                        let x = UInt8(truncatingIfNeeded: w >> (8 * k))
                        if x >= lo && x <= hi { want |= 0x80 << (8 * k) }
                    }
                    #expect(got == want, "range \(lo)...\(hi), lane \(lane), byte \(b)")
                }
            }
        }
    }

    @Test("has finds a byte in any lane")
    func has() {
        let w = [UInt8]("Kyiv. 29".utf8).withUnsafeBufferPointer { ByteWord.load($0, 0) }
        #expect(ByteWord.has(w, 0x2E) && ByteWord.has(w, 0x20) && !ByteWord.has(w, 0x0A))
    }
}
