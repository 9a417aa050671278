import Foundation
import Testing
import GazetteCore
import Formats
import GazetteTestSupport

private func parse(_ line: String) throws(JSONLineError) -> JSONLineParser.Record {
    let bytes = Array(line.utf8)
    return try bytes.withUnsafeBufferPointer { (b) throws(JSONLineError) in try JSONLineParser().parse(b) }
}

// MARK: - Valid lines

@Test(arguments: [
    (#"{"id": "wn01", "text": "Kyiv"}"#, "wn01", "Kyiv", nil),
    (#"  {"text":"Kyiv","id":"wn01"}  "#, "wn01", "Kyiv", nil),
    (#"{"id": 17, "text": "x"}"#, "17", "x", nil),
    (#"{"id": -3, "text": "x"}"#, "-3", "x", nil),
    (#"{"id": "a", "text": "line\nbreak"}"#, "a", "line\nbreak", nil),
    (#"{"id": "a", "text": "say \"hi\" \\ \/ \t\r\b\f"}"#, "a", "say \"hi\" \\ / \t\r\u{8}\u{C}", nil),
    (#"{"id": "a", "text": "caf\u00e9 \u041a\u0438\u0457\u0432"}"#, "a", "café Київ", nil),
    (#"{"id": "a", "text": "\ud83d\ude00"}"#, "a", "😀", nil),
    (#"{"id": "a", "text": "lone \ud83d and \ude00"}"#, "a", "lone \u{FFFD} and \u{FFFD}", nil),
    (#"{"id": "a", "text": "Київ 😀"}"#, "a", "Київ 😀", nil),
    (#"{"id": "a", "text": ""}"#, "a", "", nil),
    (#"{"id": "a", "text": "x", "url": "https://e.com/?q=\"1\""}"#, "a", "x", #"{"url":"https://e.com/?q=\"1\""}"#),
    (#"{"id": "a", "text": "x", "date": "2023-05-23", "n": -1.5e3, "ok": true, "none": null}"#, "a", "x",
     #"{"date":"2023-05-23","n":-1.5e3,"ok":true,"none":null}"#),
    (#"{"src": {"name": "UNIAN", "tags": [1, [2, {}], {"a": []}]}, "id": "a", "text": "x"}"#, "a", "x",
     #"{"src":{"name": "UNIAN", "tags": [1, [2, {}], {"a": []}]}}"#),
])
func validLines(line: String, id: String, text: String, meta: String?) throws {
    let r = try parse(line)
    #expect(r.id == id)
    #expect(r.text == text)
    #expect(r.metaJSON == meta)
    if let meta {
        // Meta is itself valid JSON.
        #expect(TestSupport.json(meta) != nil, "\(meta)")
    }
}

@Test func missingFieldsAreNil() throws {
    let r = try parse(#"{"title": "x"}"#)
    #expect(r.id == nil)
    #expect(r.text == nil)
    #expect(try parse("{}").metaJSON == nil)
}

/// Nesting up to 512 levels is accepted; the parser never recurses on input data.
@Test func nestingLimit() throws {
    func line(depth: Int) -> String {
        #"{"id": "a", "text": "x", "deep": "# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
    }
    #expect(throws: Never.self) { try parse(line(depth: 512)) }
    #expect(throws: JSONLineError.self) { try parse(line(depth: 513)) }
}

// MARK: - Invalid lines

@Test(arguments: [
    "",
    "   ",
    #"["id", "text"]"#,
    #"{"id": "a", "text": "b""#,
    #"{"id": "a", "text": "b"#,
    #"{"id" "a", "text": "b"}"#,
    #"{"id": "a" "text": "b"}"#,
    #"{"id": "a", "text": "b"} x"#,
    #"{"id": "a", "text": "b"}{}"#,
    #"{"id": "a", "text": "b",}"#,
    #"{id: "a", "text": "b"}"#,
    #"{"id": "a", "text": "b\x"}"#,
    #"{"id": "a", "text": "\u12G4"}"#,
    #"{"id": "a", "text": "\u12"}"#,
    "{\"id\": \"a\", \"text\": \"tab\there\"}",
    "{\"id\": \"a\", \"text\": \"nul\u{0}\"}",
    #"{"id": "a", "text": 5}"#,
    #"{"id": null, "text": "b"}"#,
    #"{"id": ["a"], "text": "b"}"#,
    #"{"id": "a", "text": "b", "m": tru}"#,
    #"{"id": "a", "text": "b", "m": [1, 2}"#,
    #"{"id": "a", "text": "b", "m": {"k" 1}}"#,
    #"{"id": "a", "text": "b", "m": {1: 2}}"#,
    #"{"id": "a", "text": "b", "m": -}"#,
    #"{"id": "a", "text": "b", "m": .5}"#,
    #"{"id": "a", "text": "b", "m": +1}"#,
    #"{"id": "a", "text": "b", "m": 'x'}"#,
    #"{"id": "a", "text": "b", "m": }"#,
    #"{"id": "a", "text": "b", "m": [}"#,
])
func invalidLines(line: String) {
    #expect(throws: JSONLineError.self, "\(line.debugDescription)") { try parse(line) }
}

@Test func thousandLevelsOfNestingIsAnErrorNotACrash() {
    let deep = #"{"id": "a", "text": "x", "m": "# + String(repeating: #"{"k":["#, count: 1000)
    #expect(throws: JSONLineError.self) { try parse(deep) }
    let closed = #"{"id": "a", "text": "x", "m": "# + String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000) + "}"
    #expect(throws: JSONLineError.self) { try parse(closed) }
}

/// The parser claims strict RFC 8259. Numbers RFC 8259 rejects ("1e", "01", "1.")
/// are accepted and copied raw into `meta`, so the output line is not valid JSON.
@Test(arguments: [
    #"{"id": "a", "text": "b", "n": 1e}"#,
    #"{"id": "a", "text": "b", "n": 01}"#,
    #"{"id": "a", "text": "b", "n": 1.}"#,
    #"{"id": "a", "text": "b", "n": [1.e5]}"#,
])
func malformedNumbersAreRejected(line: String) {
    #expect(throws: JSONLineError.self) { try parse(line) }
}

@Test func errorDescriptionNamesTheByte() {
    do {
        _ = try parse(#"{"id": "a" "text": "b"}"#)
        Issue.record("no error")
    } catch {
        #expect(error.offset == 11)
        #expect(error.description.hasSuffix("at byte 12"))
    }
}

// MARK: - Writing strings

@Test(arguments: [
    "", "plain", "quote \" and backslash \\", "line\nfeed\r\ttab", "\u{0}\u{1}\u{1F}\u{7F}",
    "Київ 😀 👩‍👩‍👧", "\u{2028}\u{2029}", "/slash/", "\u{FFFD}", "e\u{301}",
])
func appendStringRoundTrips(s: String) throws {
    var out: [UInt8] = []
    JSONWriter.appendString(s, to: &out)
    // Through Foundation ...
    let decoded = try JSONSerialization.jsonObject(with: Data(out), options: [.fragmentsAllowed]) as? String
    #expect(decoded == s)
    // ... and through Gazette's own parser.
    var line = Array(#"{"id":"#.utf8) + out + Array(#","text":"#.utf8) + out + [0x7D]
    let r = try line.withUnsafeMutableBufferPointer { b in try JSONLineParser().parse(UnsafeBufferPointer(b)) }
    #expect(r.id == s && r.text == s)
    // No raw control characters in the output.
    #expect(!out.contains { $0 < 0x20 })
}

@Test(arguments: [0, 7, -7, 10, 123_456_789, Int(Int32.max), -1_000_000_000_000])
func appendInt(v: Int) {
    var out: [UInt8] = []
    JSONWriter.appendInt(v, to: &out)
    #expect(String(decoding: out, as: UTF8.self) == String(v))
}

// MARK: - UTF-8 validation

@Test(arguments: [
    ([UInt8](), nil as Int?),
    (Array("abc".utf8), nil),
    (Array("Київ".utf8), nil),
    ([0xF0, 0x9F, 0x98, 0x80], nil),             // 😀, valid 4-byte
    ([0xF4, 0x8F, 0xBF, 0xBF], nil),             // U+10FFFF
    ([0xEF, 0xBF, 0xBD], nil),                   // U+FFFD itself
    ([0xC0, 0x80], 0),                           // overlong NUL
    ([0x61, 0xC1, 0xBF], 1),                     // overlong 2-byte
    ([0xE0, 0x80, 0x80], 0),                     // overlong 3-byte
    ([0xF0, 0x8F, 0xBF, 0xBF], 0),               // overlong 4-byte
    ([0xED, 0xA0, 0x80], 0),                     // surrogate U+D800
    ([0x61, 0x62, 0xED, 0xBF, 0xBF], 2),         // surrogate U+DFFF
    ([0xF4, 0x90, 0x80, 0x80], 0),               // above U+10FFFF
    ([0x61, 0xE2, 0x82], 1),                     // truncated 3-byte
    ([0xF0, 0x9F, 0x98], 0),                     // truncated 4-byte
    ([0x80], 0),                                 // lone continuation
    ([0x61, 0xC3, 0x28], 1),                     // bad continuation
    ([0xF5, 0x80, 0x80, 0x80], 0),
    ([0xFF], 0),
    (Array("ok ".utf8) + [0xFE] + Array(" ok".utf8), 3),
])
func firstInvalidUTF8(bytes: [UInt8], expected: Int?) {
    #expect(InputReader.firstInvalidUTF8(bytes) == expected)
    // Agrees with the standard library's validation.
    #expect((String(validating: bytes, as: UTF8.self) != nil) == (expected == nil))
}

@Test func decodeReplacesInvalidBytesAndWarns() {
    var warnings: [String] = []
    let text = InputReader.decode([0x4B, 0x79, 0xFF, 0x69, 0x76], warnings: &warnings, what: "document a.txt")
    #expect(text == "Ky\u{FFFD}iv")
    #expect(warnings.count == 1)
    #expect(warnings.first?.contains("document a.txt") == true)
    #expect(warnings.first?.contains("byte 3") == true)
    #expect(warnings.first?.contains("U+FFFD") == true)
}

// MARK: - Reading files and directories

/// Writes `files` (relative path → bytes) under a new temporary directory.
private func makeTree(_ files: [String: [UInt8]]) throws -> URL {
    let root = try TestSupport.temporaryDirectory()
    for (rel, bytes) in files {
        let url = root.appendingPathComponent(rel)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
    return root
}

private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

@Test func directoryYieldsDocumentsInPathOrder() throws {
    let root = try makeTree([
        "b.txt": bytes("Second file."),
        "a/x.txt": bytes("First file."),
        "a/y.jsonl": bytes(#"{"id": "y1", "text": "one", "src": "t"}"# + "\n\n" + #"{"id": "y2", "text": "#
            + "\n" + #"{"id": "y3", "text": "three"}"#),
        "z.jsonl": bytes(#"{"id": "z1", "text": "last"}"# + "\r\n"),
        "notes.md": bytes("# skipped"),
        "a/deeper/c.txt": bytes("Deep."),
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let docs = Array(InputReader(paths: [root.path]))
    #expect(docs.map(\.document.id) == ["a/deeper/c.txt", "a/x.txt", "y1", root.appendingPathComponent("a/y.jsonl").path + ":3", "y3", "b.txt", "z1"])
    #expect(docs.map(\.index) == Array(0..<7))
    #expect(docs.map(\.document.text) == ["Deep.", "First file.", "one", "", "three", "Second file.", "last"])
    #expect(docs[2].document.metaJSON == #"{"src":"t"}"#)
    // The malformed line is one error document naming its file and line (line 2 is blank).
    #expect(docs.map { $0.error != nil } == [false, false, false, true, false, false, false])
    let error = try #require(docs[3].error)
    #expect(error.contains("a/y.jsonl:3"), "\(error)")
}

@Test func jsonlDocumentsInEqualDocumentsOut() throws {
    // Enough lines to cross the reader's 64 KiB buffer several times.
    var lines: [String] = []
    for i in 0..<3000 {
        lines.append(i % 997 == 5 ? #"{"id": "bad"# : #"{"id": "d\#(i)", "text": "Document \#(i) about Київ and more text to fill the buffer."}"#)
    }
    let root = try makeTree(["big.jsonl": bytes(lines.joined(separator: "\n") + "\n")])
    defer { try? FileManager.default.removeItem(at: root) }
    let docs = Array(InputReader(paths: [root.appendingPathComponent("big.jsonl").path]))
    #expect(docs.count == lines.count)
    for (i, d) in docs.enumerated() {
        if i % 997 == 5 {
            #expect(d.error?.contains("big.jsonl:\(i + 1):") == true, "\(d.error ?? "no error")")
        } else if d.document.id != "d\(i)" || d.error != nil {
            Issue.record("line \(i + 1): \(d.document.id) \(d.error ?? "")")
            break
        }
    }
}

@Test func lineWithoutTextIsAnErrorKeepingTheId() throws {
    let root = try makeTree(["d.jsonl": bytes(#"{"id": "n1", "title": "x"}"# + "\n" + #"{"text": "no id"}"#)])
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.appendingPathComponent("d.jsonl").path
    let docs = Array(InputReader(paths: [path]))
    #expect(docs.count == 2)
    #expect(docs[0].document.id == "n1")
    #expect(docs[0].error?.contains("text") == true)
    // A line without an id is named by its place.
    #expect(docs[1].error == nil)
    #expect(docs[1].document.id == "\(path):2")
}

@Test func missingFileIsOneErrorDocument() throws {
    let root = try makeTree(["a.txt": bytes("A.")])
    defer { try? FileManager.default.removeItem(at: root) }
    let missing = root.appendingPathComponent("missing.txt").path
    let docs = Array(InputReader(paths: [missing, root.appendingPathComponent("a.txt").path]))
    #expect(docs.count == 2)
    #expect(docs[0].document.id == missing)
    #expect(docs[0].error?.contains(missing) == true)
    #expect(docs[1].error == nil && docs[1].document.text == "A.")
}

@Test func invalidUTF8IsReplacedWithAWarning() throws {
    let root = try makeTree([
        "bad.txt": [0x4B, 0x79, 0xFF, 0x69, 0x76],
        "bad.jsonl": bytes(#"{"id": "j", "text": "Ky"#) + [0xC0, 0x80] + bytes(#"iv"}"#),
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let docs = Array(InputReader(paths: [root.path]))
    #expect(docs.map(\.document.id) == ["j", "bad.txt"])
    for d in docs {
        #expect(d.error == nil)
        #expect(d.document.text.contains("\u{FFFD}"))
        #expect(d.warnings.count == 1)
        #expect(d.warnings.first?.contains("U+FFFD") == true)
    }
    #expect(docs[1].warnings.first?.contains("bad.txt") == true)
    #expect(docs[0].warnings.first?.contains("bad.jsonl:1") == true)
}

/// The reader parses valid lines in one pass that validates UTF-8 as it makes Strings,
/// and reads any other line again with the plain parser; either way a line gives what
/// ``JSONLineParser/parse(_:)`` gives for it, and invalid UTF-8 anywhere is one warning.
@Test func readerAgreesWithTheParserOnEveryKindOfLine() throws {
    let long = String(repeating: "Київ said \\\"hi\\\"\\n", count: 300)
    let lines: [[UInt8]] = [
        bytes(#"{"id": "plain", "text": "Kyiv and Київ 😀"}"#),
        bytes(#"{"id": "esc", "text": "line\nbreak \"q\" \\ \/ \t\r\b\f caf\u00e9 \ud83d\ude00 lone \ud83d"}"#),
        bytes(#"{"id": "long", "text": "\#(long)"}"#),
        bytes(#"{"\u0069d": "escaped key", "te\u0078t": "x", "k\u00e9y": "v", "a\/b": [1, {"c": "d\"e"}], "n": -1.5e3}"#),
        bytes(#"{"id": 17, "text": "numeric id"}"#),
        bytes(#"{"text": "no id"}"#),
        bytes(#"{"id": "dup", "text": "first", "text": "second", "id": "dup2"}"#),
        bytes(#"{"id": "crlf", "text": "Kyiv"}"#) + [0x0D],
        bytes(#"  {"text":"spaces","id":"ws"}  "#),
        bytes(#"{"id": "m", "text": "x", "src": {"name": "UNIAN", "tags": ["a\u0000b", "Київ"]}}"#),
        bytes(#"{"id": "bad-text", "text": "Ky"#) + [0xFF] + bytes(#"iv"}"#),
        bytes(#"{"id": "bad-id"#) + [0xC0, 0xAF] + bytes(#"", "text": "Kyiv"}"#),
        bytes(#"{"id": "bad-key", "text": "Kyiv", "k"#) + [0xED, 0xA0, 0x80] + bytes(#"": 1}"#),
        bytes(#"{"id": "bad-meta", "text": "Kyiv", "k": ["x", ""#) + [0xF4, 0x90, 0x80, 0x80] + bytes(#""]}"#),
        bytes(#"{"id": "bad-dup", "text": ""#) + [0xE2, 0x82] + bytes(#"", "text": "fine"}"#),
        bytes(#"{"id": "bad-escaped", "text": "a\n"#) + [0xFE] + bytes(#""}"#),
        bytes(#"{"id": "malformed", "text": "b\x"}"#),
        bytes(#"{"id": "malformed-bad", "text": ""#) + [0xFF] + bytes(#"\x"}"#),
        bytes(#"{"id": "unterminated", "text": "abc"#),
        bytes(#"{"id": "ctl", "text": "tab\#there"}"#),
        bytes(#"{"id": "a", "text": "b"} x"#),
    ]
    let root = try makeTree(["d.jsonl": lines.joined(separator: [0x0A]).map { $0 }])
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.appendingPathComponent("d.jsonl").path
    let docs = Array(InputReader(paths: [path]))
    #expect(docs.count == lines.count)
    for (k, (line, doc)) in zip(lines, docs).enumerated() {
        var b = line
        if b.last == 0x0D { b.removeLast() }
        let invalid = InputReader.firstInvalidUTF8(b) != nil
        #expect(doc.warnings.count == (invalid ? 1 : 0), "line \(k + 1)")
        if invalid { b = Array(String(decoding: b, as: UTF8.self).utf8) }
        let record = Result { () throws(JSONLineError) in try b.withUnsafeBufferPointer { (p) throws(JSONLineError) in try JSONLineParser().parse(p) } }
        switch record {
        case .success(let r) where r.text != nil:
            #expect(doc.error == nil, "line \(k + 1)")
            #expect(doc.document.id == r.id ?? "\(path):\(k + 1)", "line \(k + 1)")
            #expect(doc.document.text == r.text, "line \(k + 1)")
            #expect(doc.document.metaJSON == r.metaJSON, "line \(k + 1)")
        case .success:
            #expect(doc.error == "\(path):\(k + 1): missing \"text\" string", "line \(k + 1)")
        case .failure(let e):
            #expect(doc.error == "\(path):\(k + 1): malformed JSONL line: \(e)", "line \(k + 1)")
        }
    }
    #expect(docs[1].document.text.hasPrefix("line\nbreak \"q\" \\ / \t\r"))
    #expect(docs[3].document.id == "escaped key")
    #expect(docs[6].document.id == "dup2" && docs[6].document.text == "second")
    #expect(docs[10].document.text == "Ky\u{FFFD}iv")
    #expect(docs[13].error == nil, "\(docs[13].error ?? "")")
    #expect(docs[13].document.metaJSON == "{\"k\":[\"x\", \"" + String(repeating: "\u{FFFD}", count: 4) + "\"]}")
}

@Test func textFormatReadsJsonlFilesAsText() throws {
    let root = try makeTree(["d.jsonl": bytes(#"{"id": "x", "text": "y"}"#)])
    defer { try? FileManager.default.removeItem(at: root) }
    let docs = Array(InputReader(paths: [root.path], format: .text))
    #expect(docs.count == 1)
    #expect(docs[0].document.id == "d.jsonl")
    #expect(docs[0].document.text == #"{"id": "x", "text": "y"}"#)
}

// MARK: - Writing documents

@Test func jsonlOutputLine() throws {
    let text = "Київ 😀 Kyiv"
    let kyivStart = Array("Київ 😀 ".utf8).count
    let tagged = TaggedDocument(
        document: Document(id: "d\"1", text: text, metaJSON: #"{"src":{"a":[1]}}"#),
        entities: [
            Entity(start: 0, end: 8, label: .gpe, kbID: "place/kyiv", canonical: "Kyiv", source: .lexicon),
            Entity(start: kyivStart, end: kyivStart + 4, label: .gpe, subtype: "city", source: .alias),
        ])
    for (unit, starts) in [(OffsetUnit.codepoint, [0, 7]), (.utf16, [0, 8]), (.utf8, [0, kyivStart])] {
        var out: [UInt8] = []
        JSONLOutput.append(tagged, options: OutputOptions(offsets: unit, includeText: true), to: &out)
        #expect(out.last == 0x0A)
        #expect(out.dropLast().contains(0x0A) == false)
        let obj = try #require(TestSupport.json(String(decoding: out, as: UTF8.self)))
        #expect(obj["id"] as? String == "d\"1")
        #expect(obj["text"] as? String == text)
        #expect((obj["meta"] as? [String: Any])?["src"] != nil)
        let spans = try #require(obj["spans"] as? [[String: Any]])
        #expect(spans.compactMap { ($0["start"] as? NSNumber)?.intValue } == starts, "\(unit)")
        #expect(spans.map { $0["text"] as? String } == ["Київ", "Kyiv"])
        #expect(spans[0]["kb_id"] as? String == "place/kyiv")
        #expect(spans[0]["subtype"] == nil)
        #expect(spans[1]["subtype"] as? String == "city")
        #expect(spans[1]["kb_id"] == nil && spans[1]["canonical"] == nil)
        #expect(spans.map { $0["source"] as? String } == ["lexicon", "alias"])
    }
}

@Test func jsonlErrorLine() throws {
    var out: [UInt8] = []
    JSONLOutput.appendError(Document(id: "x.jsonl:3", text: "", metaJSON: #"{"k":1}"#), message: "malformed \"line\"", to: &out)
    let obj = try #require(TestSupport.json(String(decoding: out, as: UTF8.self)))
    #expect(obj["id"] as? String == "x.jsonl:3")
    #expect(obj["error"] as? String == "malformed \"line\"")
    #expect(obj["spans"] == nil)
    #expect(obj["meta"] != nil)
}
