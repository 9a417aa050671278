import Foundation
import Testing
import GazetteTestSupport

// End-to-end tests of `gazette tag --format conll|spacy|brat|html`: each
// format's output read back and compared with the default JSONL of the same
// run. The checks with real spaCy and Chromium are in ExternalToolTests.swift.

/// A span as the default JSONL reports it: code point offsets and label.
struct OutputSpan: Hashable, CustomStringConvertible {
    var start: Int
    var end: Int
    var label: String
    var description: String { "\(start)..<\(end) \(label)" }
}

/// Documents with spacing, scripts and a failure that the formats must all survive.
let formatInputLines = [
    #"{"id": "plain", "text": "Governor Vyacheslav Gladkov said Kyiv was calm. Belgorod was not."}"#,
    #"{"id": "spacing", "text": "  Kyiv  and\u00a0Belgorod.\r\n\r\nВячеслав Гладков 😀 visited Київ.\n\n\n\tKiev  "}"#,
    #"{"id": "broken", "text": "Kyiv"#,
    #"{"id": "empty", "text": ""}"#,
    #"{"id": "../../escape/me", "text": "Belgorod and Kyiv, <b>bold</b> & more."}"#,
]

/// Writes the input lines to a JSONL file under a new directory.
func formatInput() throws -> (dir: URL, path: String) {
    let dir = try TestSupport.makeTree(["in.jsonl": formatInputLines.joined(separator: "\n") + "\n"])
    return (dir, dir.appendingPathComponent("in.jsonl").path)
}

/// The reference: `gazette tag --include-text` on the same input, per line
/// its id, text (nil for a failed document) and spans.
func referenceDocuments(_ path: String) throws -> [(id: String, text: String?, spans: [OutputSpan])] {
    let r = try CLIFixture.run(["tag", "--include-text", path])
    return try r.lines.map { line in
        let obj = try #require(TestSupport.json(line))
        let spans = (obj["spans"] as? [[String: Any]] ?? []).map {
            OutputSpan(start: ($0["start"] as! NSNumber).intValue, end: ($0["end"] as! NSNumber).intValue, label: $0["label"] as! String)
        }
        return (obj["id"] as! String, obj["text"] as? String, spans)
    }
}

private func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

// MARK: - Usage

@Test(arguments: [
    (["tag", "--format", "brat"], "-o DIR"),
    (["tag", "--format", "brat", "-o", "-"], "-o DIR"),
    (["tag", "--format", "conll", "--offsets", "utf8"], "--offsets"),
    (["tag", "--format", "html", "--offsets", "utf16"], "--offsets"),
    (["tag", "--format", "xml"], "xml"),
])
func formatUsageErrors(arguments: [String], mentioned: String) throws {
    let r = try CLIFixture.run(arguments, stdin: "Kyiv")
    #expect(r.status != 0)
    #expect(r.stderr.contains(mentioned), "stderr: \(r.stderr)")
    #expect(r.stdout.isEmpty)
}

@Test func helpListsTheFormats() throws {
    let r = try TestSupport.run(["tag", "--help"])
    for f in ["jsonl", "conll", "spacy", "brat", "html"] { #expect(r.stdout.contains(f), "help lacks \(f)") }
}

// MARK: - CoNLL: the tags parse back to the reference spans

@Test func conllParsesBackToTheSameSpans() throws {
    let (dir, path) = try formatInput()
    defer { try? FileManager.default.removeItem(at: dir) }
    let reference = try referenceDocuments(path)
    let r = try CLIFixture.run(["tag", "--format", "conll", path])
    #expect(r.status == 1, "the broken line fails the run")
    let blocks = r.stdout.components(separatedBy: "-DOCSTART- -X- O O\n").dropFirst()
    try #require(blocks.count == reference.count, "one -DOCSTART- per input document")
    var compared = 0
    for (block, ref) in zip(blocks, reference) {
        guard let text = ref.text else {
            #expect(block == "\n", "\(ref.id): a failed document has no tokens")
            continue
        }
        // Align each token with the text (white space between tokens is not written) and rebuild spans from BIO.
        let t = scalars(text)
        var pos = 0
        var spans: [OutputSpan] = []
        var open: OutputSpan? = nil
        for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { if let o = open { spans.append(o); open = nil }; continue }
            let cols = line.split(separator: " ")
            try #require(cols.count == 2, "\(ref.id): bad line \(line.debugDescription)")
            let token = scalars(String(cols[0]))
            while pos < t.count, t[pos].properties.isWhitespace { pos += 1 }
            try #require(pos + token.count <= t.count && Array(t[pos..<pos + token.count]) == token,
                         "\(ref.id): token \(cols[0]) is not next in the text at \(pos)")
            let tag = String(cols[1])
            if tag.hasPrefix("I-"), var o = open, o.label == String(tag.dropFirst(2)) {
                o.end = pos + token.count
                open = o
            } else {
                if let o = open { spans.append(o) }
                open = tag == "O" ? nil : OutputSpan(start: pos, end: pos + token.count, label: String(tag.dropFirst(2)))
            }
            pos += token.count
        }
        if let o = open { spans.append(o) }
        #expect(spans == ref.spans, "\(ref.id)")
        compared += ref.spans.count
    }
    #expect(compared >= 8, "the fixture should find entities")
}

// MARK: - spaCy JSON: offsets slice the text

@Test func spacyLinesCarryTheReferenceSpans() throws {
    let (dir, path) = try formatInput()
    defer { try? FileManager.default.removeItem(at: dir) }
    let reference = try referenceDocuments(path)
    let r = try CLIFixture.run(["tag", "--format", "spacy", path])
    try #require(r.lines.count == reference.count)
    for (line, ref) in zip(r.lines, reference) {
        let obj = try #require(TestSupport.json(line))
        #expect(obj["id"] as? String == ref.id)
        guard let text = ref.text else {
            #expect(obj["error"] is String)
            continue
        }
        #expect(obj["text"] as? String == text)
        let ents = (obj["ents"] as? [[String: Any]] ?? []).map {
            OutputSpan(start: ($0["start"] as! NSNumber).intValue, end: ($0["end"] as! NSNumber).intValue, label: $0["label"] as! String)
        }
        #expect(ents == ref.spans, "\(ref.id)")
        // Tokens tile the text: each starts where the previous one ended, or one plain space later.
        let t = scalars(text)
        var pos = 0
        for tok in obj["tokens"] as? [[String: Any]] ?? [] {
            let s = (tok["start"] as! NSNumber).intValue, e = (tok["end"] as! NSNumber).intValue
            #expect(s == pos || (s == pos + 1 && t[pos] == " "), "\(ref.id): gap before token at \(s)")
            #expect(e > s)
            pos = e
        }
        #expect(pos == t.count || (pos + 1 == t.count && t[pos] == " "), "\(ref.id): text not covered")
    }
}

// MARK: - brat: files inside -o DIR, offsets against the .txt

@Test func bratFilesCheckOutAgainstTheirText() throws {
    let (dir, path) = try formatInput()
    defer { try? FileManager.default.removeItem(at: dir) }
    let reference = try referenceDocuments(path)
    let out = dir.appendingPathComponent("brat").path
    let r = try CLIFixture.run(["tag", "--format", "brat", "-o", out, path])
    #expect(r.status == 1, "the broken line fails the run")
    #expect(r.stdout.isEmpty)
    // Nothing was written outside the output directory.
    let all = (FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []).sorted()
    #expect(all.allSatisfy { $0 == "in.jsonl" || $0 == "brat" || $0.hasPrefix("brat/") }, "\(all)")
    let files = (FileManager.default.enumerator(atPath: out)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    #expect(files == ["empty.txt", "escape/me.txt", "plain.txt", "spacing.txt"])
    #expect(FileManager.default.fileExists(atPath: out + "/annotation.conf"))
    for ref in reference {
        guard let text = ref.text else { continue }
        let stem = ref.id == "../../escape/me" ? "escape/me" : ref.id
        let txt = try String(contentsOfFile: "\(out)/\(stem).txt", encoding: .utf8)
        let ann = try String(contentsOfFile: "\(out)/\(stem).ann", encoding: .utf8)
        #expect(txt == text)
        let t = scalars(txt)
        var spans: [OutputSpan] = []
        for line in ann.split(separator: "\n") where line.hasPrefix("T") {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            try #require(cols.count == 3, "\(stem).ann: \(line)")
            let head = cols[1].split(separator: " ", maxSplits: 1)
            let fragments = head[1].split(separator: ";").map { $0.split(separator: " ").compactMap { Int($0) } }
            var pieces: [String] = []
            for f in fragments {
                try #require(f.count == 2 && f[0] < f[1] && f[1] <= t.count, "\(stem).ann: \(line)")
                var v = String.UnicodeScalarView()
                v.append(contentsOf: t[f[0]..<f[1]])
                pieces.append(String(v))
            }
            #expect(pieces.joined(separator: " ") == String(cols[2]), "\(stem).ann: \(line)")
            spans.append(OutputSpan(start: fragments.first![0], end: fragments.last![1], label: String(head[0])))
        }
        #expect(spans == ref.spans, "\(stem)")
    }
}

// MARK: - HTML: one page, every mention marked, nothing from the input as markup

@Test func htmlMarksEveryMention() throws {
    let (dir, path) = try formatInput()
    defer { try? FileManager.default.removeItem(at: dir) }
    let reference = try referenceDocuments(path)
    let r = try CLIFixture.run(["tag", "--format", "html", path])
    #expect(r.status == 1)
    let html = r.stdout
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
    #expect(html.components(separatedBy: "<article ").count - 1 == reference.count)
    var expected: [String] = []
    for ref in reference {
        guard let text = ref.text else { continue }
        let t = scalars(text)
        for s in ref.spans {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: t[s.start..<s.end])
            expected.append("\(s.label) \(String(v))")
        }
    }
    let re = try NSRegularExpression(pattern: #"<mark [^>]*data-label="([A-Z_]+)"[^>]*>([^<]*)</mark>"#)
    let ns = html as NSString
    let marks = re.matches(in: html, range: NSRange(location: 0, length: ns.length)).map {
        ns.substring(with: $0.range(at: 1)) + " " + ns.substring(with: $0.range(at: 2))
    }
    #expect(marks == expected)
    #expect(!html.contains("<b>") && html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; more."))
    #expect(!html.contains("http://") && !html.contains("https://"), "the page must load nothing")
}
