import Testing
import GazetteCore

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Pieces random texts are made of: 1-, 2-, 3- and 4-byte scalars, combining
/// marks, ZWJ sequences, flags and line breaks.
private let pieces: [String] = [
    "a", "Kyiv", " ", "  ", ".", "-", "'", "\n", "\r\n", "\t",
    "é", "e\u{301}", "Szijjártó", "n\u{303}\u{323}",
    "Київ", "Знам’янка", "Ёлка",
    "東京", "に", "한국",
    "😀", "👩‍👩‍👧", "🇺🇦", "👍🏽", "\u{10FFFF}",
    "\u{00A0}", "\u{2019}", "\u{FEFF}",
]

private func randomText(_ rng: inout SeededGenerator) -> String {
    let n = Int.random(in: 0...24, using: &rng)
    var s = ""
    for _ in 0..<n { s += pieces.randomElement(using: &rng)! }
    return s
}

/// Byte offsets of every scalar boundary of `s`, 0 and `utf8.count` included.
private func scalarBoundaries(_ s: String) -> [Int] {
    var out = [0]
    var b = 0
    for scalar in s.unicodeScalars {
        b += UTF8.width(scalar)
        out.append(b)
    }
    return out
}

/// For random texts and random scalar-boundary byte ranges, the converted
/// offsets slice the same text out of the code point, UTF-16 and UTF-8 views.
@Test func convertedOffsetsSliceTheSameText() {
    var rng = SeededGenerator(seed: 0x6A7E_77E5)
    for _ in 0..<500 {
        let s = randomText(&rng)
        let utf8 = Array(s.utf8)
        let scalars = Array(s.unicodeScalars)
        let utf16 = Array(s.utf16)
        let bounds = scalarBoundaries(s)
        // Several ranges per text, in increasing start order as the writer asks for them;
        // their ends may go backwards, which makes the end converter start over.
        var ranges: [(Int, Int)] = []
        for _ in 0..<4 {
            let a = bounds.randomElement(using: &rng)!, b = bounds.randomElement(using: &rng)!
            ranges.append((min(a, b), max(a, b)))
        }
        ranges.sort { $0.0 < $1.0 }
        for unit in OffsetUnit.allCases {
            var starts = OffsetConverter(unit: unit), ends = OffsetConverter(unit: unit)
            for (bs, be) in ranges {
                let (cs, ce) = utf8.withUnsafeBufferPointer { (starts.convert(bs, in: $0), ends.convert(be, in: $0)) }
                let want = String(decoding: utf8[bs..<be], as: UTF8.self)
                let got: String
                switch unit {
                case .codepoint:
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[cs..<ce])
                    got = String(view)
                case .utf16: got = String(decoding: utf16[cs..<ce], as: UTF16.self)
                case .utf8: got = String(decoding: utf8[cs..<ce], as: UTF8.self)
                }
                #expect(got == want, "\(unit) \(bs)..<\(be) of \(s.debugDescription)")
            }
        }
    }
}

/// The converter resets when asked for an offset before the last one.
@Test func converterHandlesDecreasingOffsets() {
    let s = "Київ 😀 Kyiv"
    let bytes = Array(s.utf8)
    var c = OffsetConverter(unit: .utf16)
    let late = bytes.withUnsafeBufferPointer { c.convert(bytes.count, in: $0) }
    let early = bytes.withUnsafeBufferPointer { c.convert(8, in: $0) }  // after "Київ"
    #expect(late == s.utf16.count)
    #expect(early == 4)
}

@Test(arguments: [
    // text, byte offset, code points, UTF-16 units
    ("abc", 3, 3, 3),
    ("Київ", 8, 4, 4),
    ("😀x", 4, 1, 2),
    ("😀x", 5, 2, 3),
    ("e\u{301}", 3, 2, 2),
    ("東京", 6, 2, 2),
    ("🇺🇦", 8, 2, 4),
])
func knownConversions(text: String, byte: Int, codepoints: Int, utf16: Int) {
    let bytes = Array(text.utf8)
    for (unit, want) in [(OffsetUnit.codepoint, codepoints), (.utf16, utf16), (.utf8, byte)] {
        var c = OffsetConverter(unit: unit)
        #expect(bytes.withUnsafeBufferPointer { c.convert(byte, in: $0) } == want, "\(unit)")
    }
}

// MARK: - ByteStringTable

@Test func byteStringTableAssignsDenseIdsInInsertionOrder() {
    var table = ByteStringTable(capacity: 4)
    let keys = ["kyiv", "київ", "", "ab", "abc", "Kyiv", "😀"]
    for (i, k) in keys.enumerated() { #expect(table.insert(k) == Int32(i), "\(k.debugDescription)") }
    #expect(table.count == keys.count)
    // Re-inserting returns the existing id and adds nothing.
    #expect(table.insert("ab") == 3)
    #expect(table.count == keys.count)
    for (i, k) in keys.enumerated() {
        #expect(table.id(of: k) == Int32(i))
        #expect(table.key(Int32(i)) == k)
    }
}

@Test(arguments: ["a", "kyi", "kyivv", "KYIV", "abcd", " ", "\u{0}"])
func byteStringTableMissingKeyIsMinusOne(key: String) {
    var table = ByteStringTable()
    for k in ["kyiv", "київ", "", "ab", "abc"] { table.insert(k) }
    #expect(table.id(of: key) == -1)
    var k = key
    #expect(k.withUTF8 { table.id(of: $0) } == -1)
}

@Test func byteStringTableGrowsPastTenThousandKeys() {
    var table = ByteStringTable(capacity: 8)
    let n = 12_345
    for i in 0..<n { #expect(table.insert("key-\(i)") == Int32(i)) }
    #expect(table.count == n)
    var wrong = 0
    for i in 0..<n where table.id(of: "key-\(i)") != Int32(i) || table.key(Int32(i)) != "key-\(i)" { wrong += 1 }
    #expect(wrong == 0)
    #expect(table.id(of: "key-\(n)") == -1)
}

// MARK: - Labels, entities, errors

@Test(arguments: EntityLabel.allCases)
func labelNameRoundTrips(label: EntityLabel) {
    #expect(EntityLabel(name: label.name) == label)
}

@Test func labelNames() {
    #expect(EntityLabel.allCases.map(\.name) == [
        "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
        "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "URL", "HANDLE", "HASHTAG", "EMAIL",
    ])
}

@Test(arguments: ["person", "PERSN", "", "PLACE", " PERSON", "WORK OF ART"])
func unknownLabelNames(name: String) {
    #expect(EntityLabel(name: name) == nil)
}

@Test func placeLabels() {
    #expect(EntityLabel.allCases.filter(\.isPlace) == [.fac, .gpe, .loc])
}

@Test(arguments: [
    (0, 5, 5, 9, false),
    (0, 5, 4, 9, true),
    (3, 4, 0, 9, true),
    (0, 9, 3, 4, true),
    (5, 9, 0, 5, false),
])
func entityOverlap(aStart: Int, aEnd: Int, bStart: Int, bEnd: Int, expected: Bool) {
    let a = Entity(start: aStart, end: aEnd, label: .person, source: .rule)
    let b = Entity(start: bStart, end: bEnd, label: .org, source: .rule)
    #expect(a.overlaps(b) == expected)
    #expect(b.overlaps(a) == expected)
}

@Test func dataFileErrorNamesCodeFileAndLine() {
    #expect(DataFileError(code: "LEX003", file: "Lexicons/people/ua.tsv", line: 412, message: "unknown label 'PERSN'").description
            == "[LEX003] Lexicons/people/ua.tsv:412: unknown label 'PERSN'")
    #expect(DataFileError(code: "LEX001", file: "x.tsv", line: 0, message: "cannot read file").description
            == "[LEX001] x.tsv: cannot read file")
}

// MARK: - Long mixed-script texts

/// Texts long enough that the converter counts whole words of eight bytes, with
/// offsets at every scalar boundary in order (as entities ask for them), so
/// every position of a multi-byte scalar within a word and at a word's end is met.
@Test func convertsEveryBoundaryOfLongMixedScriptTexts() {
    let texts = [
        String(repeating: "Kyiv Київ 東京 😀 🇺🇦 e\u{301} ", count: 9),
        String(repeating: "😀", count: 33) + "a",
        String(repeating: "Ї", count: 41),
        String(repeating: "abc", count: 30),
        "a" + String(repeating: "東京😀Київ", count: 11),
    ]
    for s in texts {
        let bytes = Array(s.utf8)
        let bounds = scalarBoundaries(s)
        for unit in OffsetUnit.allCases {
            for step in [1, 2, 3, 5, 8] {
                var c = OffsetConverter(unit: unit)
                for (k, b) in bounds.enumerated() where k % step == 0 {
                    let prefix = String(decoding: bytes[..<b], as: UTF8.self)
                    let want = unit == .utf8 ? b : (unit == .utf16 ? prefix.utf16.count : prefix.unicodeScalars.count)
                    #expect(bytes.withUnsafeBufferPointer { c.convert(b, in: $0) } == want, "\(unit) byte \(b) of \(s.debugDescription)")
                }
            }
        }
    }
}
