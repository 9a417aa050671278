import Foundation
import Testing
import Gazette
import GazetteTestSupport


private func spacyJSON(_ outcome: DocumentOutcome, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let line = FormatFixture.render(SpacyRenderer(), outcome)
    #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1, "not one line: \(line)", sourceLocation: sourceLocation)
    return try #require(TestSupport.json(line), "not JSON: \(line)", sourceLocation: sourceLocation)
}

private func int(_ v: Any?) -> Int { (v as? NSNumber)?.intValue ?? -1 }

/// The token texts and their trailing-space flags, as spaCy's `Doc.from_json` builds them.
private func spacyTokens(_ obj: [String: Any]) -> [String] {
    let text = obj["text"] as! String
    return (obj["tokens"] as! [[String: Any]]).map { FormatFixture.slice(text, int($0["start"]), int($0["end"])) }
}

/// spaCy's `get_words_and_spaces` in Swift: the tokens it rebuilds from the
/// non-space words and the text. `from_json` fails unless they are ours.
private func spacyRebuild(_ words: [String], _ text: String) -> [String] {
    let t = Array(text.unicodeScalars)
    var out: [String] = []
    var pos = 0
    func str(_ a: Int, _ b: Int) -> String { FormatFixture.slice(text, a, b) }
    for w in words where !w.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || (0x1C...0x1F).contains($0.value) }) {
        let ws = Array(w.unicodeScalars)
        var start = pos
        while start + ws.count <= t.count && Array(t[start..<start + ws.count]) != ws { start += 1 }
        if start > pos { out.append(str(pos, start)) }
        out.append(w)
        pos = start + ws.count
        if pos < t.count && t[pos] == " " { pos += 1 }
    }
    if pos < t.count { out.append(str(pos, t.count)) }
    return out
}

// MARK: - Tokens: every character accounted for, the way spaCy counts

@Test(arguments: [
    // One plain space after a token is its whitespace_, not a token.
    ("Kyiv and Lviv", ["Kyiv", "and", "Lviv"]),
    // A second space, line breaks, a leading space: tokens of their own.
    ("Kyiv  Lviv", ["Kyiv", " ", "Lviv"]),
    ("Київ\n\nЛьвів", ["Київ", "\n\n", "Львів"]),
    (" lead", [" ", "lead"]),
    ("end. ", ["end", "."]),
    ("end.  ", ["end", ".", " "]),
    ("a \u{00A0}b", ["a", "\u{00A0}", "b"]),
    ("Kyiv\r\nLviv", ["Kyiv", "\r\n", "Lviv"]),
    // Astral characters count one code point each.
    ("😀 Kyiv", ["😀", "Kyiv"]),
    ("", []),
    ("   ", ["   "]),
])
func spacyTokensCoverTheText(text: String, tokens: [String]) throws {
    let obj = try spacyJSON(try FormatFixture.outcome(text, []))
    let got = spacyTokens(obj)
    #expect(got == tokens)
    #expect(spacyRebuild(got, text) == got, "spaCy would rebuild other tokens")
    for (k, t) in (obj["tokens"] as! [[String: Any]]).enumerated() { #expect(int(t["id"]) == k) }
}

// MARK: - Entities

@Test(arguments: [
    ("Governor Vyacheslav Gladkov said.", [Mark(text: "Vyacheslav Gladkov", label: .person, kbID: "person/vyacheslav-gladkov")],
     [[9, 27]]),
    // Code points, not bytes or UTF-16 units.
    ("У Києві 😀 Зеленський", [Mark(text: "Києві", label: .gpe), Mark(text: "Зеленський", label: .person)], [[2, 7], [10, 20]]),
    // An entity inside a token splits the token, so spaCy can align it.
    ("Visit Kyiv2023 now", [Mark(text: "Kyiv", label: .gpe)], [[6, 10]]),
])
func entitiesInCodePoints(text: String, marks: [Mark], offsets: [[Int]]) throws {
    let obj = try spacyJSON(try FormatFixture.outcome(text, marks))
    let ents = obj["ents"] as! [[String: Any]]
    #expect(ents.map { [int($0["start"]), int($0["end"])] } == offsets)
    #expect(ents.map { FormatFixture.slice(text, int($0["start"]), int($0["end"])) } == marks.map(\.text))
    #expect(ents.map { $0["label"] as? String } == marks.map(\.label.name))
    // The span group carries the same spans, with kb_id "" when unlinked.
    let group = (obj["spans"] as! [String: Any])[SpacyRenderer.spanGroup] as! [[String: Any]]
    #expect(group.map { [int($0["start"]), int($0["end"])] } == offsets)
    #expect(group.map { $0["kb_id"] as? String } == marks.map { $0.kbID ?? "" })
    // Every entity boundary is a token boundary.
    let tokens = obj["tokens"] as! [[String: Any]]
    let starts = Set(tokens.map { int($0["start"]) }), ends = Set(tokens.map { int($0["end"]) })
    for o in offsets { #expect(starts.contains(o[0]) && ends.contains(o[1]), "\(o) not on token boundaries") }
}

@Test func sentencesAreCharacterSpansOnTokenBoundaries() throws {
    let text = "Kyiv was calm. Belgorod was not.\n\nNext paragraph"
    let obj = try spacyJSON(try FormatFixture.outcome(text, []))
    let sents = (obj["sents"] as! [[String: Any]]).map { FormatFixture.slice(text, int($0["start"]), int($0["end"])) }
    #expect(sents == ["Kyiv was calm.", "Belgorod was not.", "Next paragraph"])
}

@Test func failedDocumentIsAnEmptyDocWithTheError() throws {
    let obj = try spacyJSON(DocumentOutcome(index: 0, document: Document(id: "x", text: "lost", metaJSON: #"{"url":"u"}"#),
                                            entities: nil, error: "x: broken"))
    #expect(obj["id"] as? String == "x")
    #expect(obj["error"] as? String == "x: broken")
    #expect(obj["text"] as? String == "")
    #expect((obj["tokens"] as? [Any])?.isEmpty == true)
    #expect((obj["meta"] as? [String: Any])?["url"] as? String == "u")
}
