import Foundation
import Testing
import GazetteCore
import Formats

// The JSONL writer works on raw memory a word at a time; these tests hold it to a
// plain reference written with String operations, byte for byte.

/// A JSON string literal as the output contract writes it: `\"`, `\\`, `\n`, `\r`, `\t`,
/// `\u00xx` (lower-case hex) for the other control characters, anything else as it is.
private func referenceQuoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// The offset of byte `b` of `text` in `unit`, counted the slow way.
private func referenceOffset(_ text: String, _ b: Int, _ unit: OffsetUnit) -> Int {
    let prefix = String(decoding: Array(text.utf8)[..<b], as: UTF8.self)
    switch unit {
    case .utf8: return b
    case .utf16: return prefix.utf16.count
    case .codepoint: return prefix.unicodeScalars.count
    }
}

/// The JSONL line of DESIGN.md, built from Strings.
private func referenceLine(_ doc: Document, _ entities: [Entity], _ options: OutputOptions) -> String {
    let bytes = Array(doc.text.utf8)
    var out = "{\"id\":" + referenceQuoted(doc.id)
    if options.includeText { out += ",\"text\":" + referenceQuoted(doc.text) }
    out += ",\"spans\":["
    for (k, e) in entities.enumerated() {
        if k > 0 { out += "," }
        out += "{\"start\":\(referenceOffset(doc.text, e.start, options.offsets))"
        out += ",\"end\":\(referenceOffset(doc.text, e.end, options.offsets))"
        out += ",\"text\":" + referenceQuoted(String(decoding: bytes[e.start..<e.end], as: UTF8.self))
        out += ",\"label\":" + referenceQuoted(e.label.name)
        if let s = e.subtype { out += ",\"subtype\":" + referenceQuoted(s) }
        if let s = e.value { out += ",\"value\":" + referenceQuoted(s) }
        if let s = e.kbID { out += ",\"kb_id\":" + referenceQuoted(s) }
        if let s = e.canonical { out += ",\"canonical\":" + referenceQuoted(s) }
        out += ",\"source\":" + referenceQuoted(e.source.name) + "}"
    }
    out += "]"
    if let meta = doc.metaJSON { out += ",\"meta\":" + meta }
    return out + "}\n"
}

private func rendered(_ doc: Document, _ entities: [Entity], _ options: OutputOptions, after prefix: [UInt8] = []) -> String {
    var out = prefix
    JSONLOutput.append(TaggedDocument(document: doc, entities: entities), options: options, to: &out)
    #expect(Array(out.prefix(prefix.count)) == prefix)
    return String(decoding: out.dropFirst(prefix.count), as: UTF8.self)
}

/// Byte ranges of `needle`'s occurrences in `text`, in order.
private func occurrences(of needle: String, in text: String) -> [Range<Int>] {
    let t = Array(text.utf8), n = Array(needle.utf8)
    guard !n.isEmpty, t.count >= n.count else { return [] }
    var out: [Range<Int>] = []
    var i = 0
    while i + n.count <= t.count {
        if Array(t[i..<i + n.count]) == n { out.append(i..<i + n.count); i += n.count } else { i += 1 }
    }
    return out
}

// MARK: - Escaping

/// Every ASCII byte, at every position of strings of every length around the
/// word size, and next to non-ASCII text.
@Test func escapingMatchesTheReferenceForEveryASCIIByte() {
    for c in UInt8(0)..<0x80 {
        let special = String(decoding: [c], as: UTF8.self)
        for length in [1, 2, 7, 8, 9, 15, 16, 17, 31] {
            for at in Set([0, length / 2, length - 1]) {
                var chars = Array(repeating: "a", count: length)
                chars[at] = special
                let s = chars.joined()
                for t in [s, "Київ" + s, s + "😀", "é" + s + "東京"] {
                    var out: [UInt8] = []
                    JSONWriter.appendString(t, to: &out)
                    #expect(String(decoding: out, as: UTF8.self) == referenceQuoted(t), "byte \(c) at \(at) of \(length)")
                }
            }
        }
    }
}

@Test(arguments: [
    ("", "\"\""),
    ("plain", "\"plain\""),
    ("say \"hi\"", "\"say \\\"hi\\\"\""),
    ("C:\\path\\x", "\"C:\\\\path\\\\x\""),
    ("a\nb\rc\td", "\"a\\nb\\rc\\td\""),
    ("\u{0}\u{1}\u{8}\u{C}\u{1F}", "\"\\u0000\\u0001\\u0008\\u000c\\u001f\""),
    ("\u{7F} / Київ 😀 \u{2028}", "\"\u{7F} / Київ 😀 \u{2028}\""),
    ("\"\"\"\"\"\"\"\"\"\"", "\"" + String(repeating: "\\\"", count: 10) + "\""),
])
func escapingKnownStrings(input: String, expected: String) {
    var out: [UInt8] = [0x41]
    JSONWriter.appendString(input, to: &out)
    #expect(String(decoding: out, as: UTF8.self) == "A" + expected)
}

/// Every power of ten and its neighbours, both signs, and the extremes.
@Test(arguments: [0, 7, -7, 42, 1_000_000, Int.max, Int.min, Int.max - 1, Int.min + 1]
        + (0...18).flatMap { e -> [Int] in
            let p = (0..<e).reduce(1) { x, _ in x * 10 }
            return [p - 1, p, p + 1, -(p - 1), -p, -(p + 1)]
        })
func integersAreWrittenInDecimal(value: Int) {
    var out: [UInt8] = []
    JSONWriter.appendInt(value, to: &out)
    #expect(String(decoding: out, as: UTF8.self) == String(value))
}

// MARK: - Lines

/// Mixed-script text with quotes, backslashes, control characters and 4-byte scalars,
/// entities on every mention of the needles, every offset unit, with and without text.
@Test func linesMatchTheReferenceOnMixedScriptText() {
    let text = "Vyacheslav Gladkov said \"Київ\"\tand\u{1}Kyiv\\Kiev 😀 met 東京 officials;\r\nZelenskyy in Київ "
        + "(🇺🇦) — e\u{301} x\u{7F}y \u{0}\n" + String(repeating: "Київ Kyiv ", count: 40) + "😀Kyiv"
    let needles = ["Vyacheslav Gladkov", "\"Київ\"", "Kyiv\\Kiev", "😀", "東京", "Zelenskyy", "Київ", "🇺🇦", "e\u{301}", "x\u{7F}y", "Kyiv"]
    var entities: [Entity] = []
    var taken = Set<Int>()
    for (k, needle) in needles.enumerated() {
        for r in occurrences(of: needle, in: text) where !r.contains(where: taken.contains) {
            taken.formUnion(r)
            var e = Entity(start: r.lowerBound, end: r.upperBound, label: EntityLabel.allCases[k % EntityLabel.allCases.count],
                           source: k % 2 == 0 ? .lexicon : .alias)
            if k % 2 == 0 { e.subtype = k == 2 ? "sub\"type\\" : "city" }
            if k % 3 == 0 { e.kbID = "place/\(k)-\u{1}\u{1F}" }
            if k % 4 != 1 { e.canonical = k == 4 ? "Tōkyō \"東京\"\n" : needle }
            if k == 5 { e.value = "2023-05-23" }
            entities.append(e)
        }
    }
    entities.sort { $0.start < $1.start }
    #expect(entities.count > 50)
    let docs = [
        Document(id: "wn01", text: text),
        Document(id: "id \"with\" \\ \t\u{0} Київ", text: text, metaJSON: #"{"url":"https://e.com/?q=\"1\"","n":-1.5e3}"#),
    ]
    for doc in docs {
        for unit in OffsetUnit.allCases {
            for includeText in [false, true] {
                let options = OutputOptions(offsets: unit, includeText: includeText)
                let want = referenceLine(doc, entities, options)
                #expect(rendered(doc, entities, options) == want, "\(unit) text: \(includeText)")
                #expect(rendered(doc, entities, options, after: Array("previous line\n".utf8)) == want)
            }
        }
    }
}

@Test func documentsWithoutEntitiesOrText() {
    for doc in [Document(id: "", text: ""), Document(id: "a", text: "no entities here"), Document(id: "m", text: "", metaJSON: "{}")] {
        for includeText in [false, true] {
            let options = OutputOptions(includeText: includeText)
            #expect(rendered(doc, [], options) == referenceLine(doc, [], options))
        }
    }
}

/// Strings that escape to far more than their length (an id of control characters,
/// text of quotes) still come out whole.
@Test func heavilyEscapedLinesComeOutWhole() {
    let text = String(repeating: "\"\u{1}\\", count: 3000) + " Kyiv"
    let doc = Document(id: String(repeating: "\u{2}", count: 5000), text: text)
    let kyiv = occurrences(of: "Kyiv", in: text)[0]
    let entities = [
        Entity(start: 0, end: 300, label: .org, kbID: String(repeating: "\u{3}\"", count: 2000),
               canonical: String(repeating: "\\", count: 3000), source: .rule),
        Entity(start: kyiv.lowerBound, end: kyiv.upperBound, label: .gpe, source: .lexicon),
    ]
    for includeText in [false, true] {
        let options = OutputOptions(offsets: .utf16, includeText: includeText)
        let line = rendered(doc, entities, options)
        #expect(line == referenceLine(doc, entities, options))
        #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
    }
}

/// Random documents of random pieces (control characters, quotes, 1- to 4-byte scalars)
/// with random non-overlapping entities.
@Test func randomLinesMatchTheReference() {
    var seed: UInt64 = 0x0DDB_1A5E_5BAD_5EED
    func next() -> UInt64 {
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    let start = seed
    let pieces = ["a", "Kyiv", " ", "\"", "\\", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "Київ", "東京", "😀", "🇺🇦", "/", "e\u{301}"]
    for _ in 0..<300 {
        var text = ""
        for _ in 0..<Int(next() % 60) { text += pieces[Int(next() % UInt64(pieces.count))] }
        var bounds = [0]
        for s in text.unicodeScalars { bounds.append(bounds.last! + UTF8.width(s)) }
        var cuts = (0..<Int(next() % 12)).map { _ in bounds[Int(next() % UInt64(bounds.count))] }
        cuts.sort()
        var entities: [Entity] = []
        var k = 0
        while k + 1 < cuts.count {
            var e = Entity(start: cuts[k], end: cuts[k + 1], label: .person, source: .rule)
            if next() % 2 == 0 { e.kbID = String(decoding: Array(text.utf8)[cuts[k]..<cuts[k + 1]], as: UTF8.self) }
            entities.append(e)
            k += 2
        }
        let doc = Document(id: pieces[Int(next() % UInt64(pieces.count))], text: text)
        let options = OutputOptions(offsets: OffsetUnit.allCases[Int(next() % 3)], includeText: next() % 2 == 0)
        let got = rendered(doc, entities, options)
        #expect(got == referenceLine(doc, entities, options), "seed \(start): \(text.debugDescription)")
    }
}
