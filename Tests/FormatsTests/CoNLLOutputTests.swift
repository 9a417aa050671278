import Foundation
import Testing
import Gazette
import GazetteTestSupport


/// Reads CoNLL written by ``CoNLLRenderer`` back: per document, its sentences
/// of (token, tag) pairs. Fails on anything but `TOKEN TAG` lines.
func parseCoNLL(_ s: String) throws -> [[[(String, String)]]] {
    var docs: [[[(String, String)]]] = []
    var sentence: [(String, String)] = []
    func endSentence() {
        if !sentence.isEmpty, !docs.isEmpty { docs[docs.count - 1].append(sentence) }
        sentence = []
    }
    for line in s.split(separator: "\n", omittingEmptySubsequences: false) {
        if line == CoNLLRenderer.documentStart {
            endSentence()
            docs.append([])
        } else if line.isEmpty {
            endSentence()
        } else {
            let cols = line.split(separator: " ")
            guard cols.count == 2, !docs.isEmpty else { throw CoNLLParseError(line: String(line)) }
            sentence.append((String(cols[0]), String(cols[1])))
        }
    }
    endSentence()
    return docs
}

struct CoNLLParseError: Error { var line: String }

/// Turns BIO tags back into spans (token index ranges with a label); an `I-`
/// that does not continue its label starts a span, as CoNLL scorers read it.
func spansFromBIO(_ tags: [String]) -> [(Range<Int>, String)] {
    var spans: [(Range<Int>, String)] = []
    var open: (Int, String)? = nil
    func close(_ end: Int) {
        if let (s, l) = open { spans.append((s..<end, l)) }
        open = nil
    }
    for (i, tag) in tags.enumerated() {
        if tag == "O" { close(i); continue }
        let label = String(tag.dropFirst(2))
        if tag.hasPrefix("B-") || open?.1 != label {
            close(i)
            open = (i, label)
        }
    }
    close(tags.count)
    return spans
}

// MARK: - Tags, sentences and documents

@Test(arguments: [
    // One entity of two tokens.
    ("Governor Vyacheslav Gladkov said.", [Mark(text: "Vyacheslav Gladkov", label: .person)],
     [["Governor O", "Vyacheslav B-PERSON", "Gladkov I-PERSON", "said O", ". O"]]),
    // Two sentences; a blank line between them; an entity opens the second.
    ("Kyiv was calm. Belgorod was not.", [Mark(text: "Kyiv", label: .gpe), Mark(text: "Belgorod", label: .gpe)],
     [["Kyiv B-GPE", "was O", "calm O", ". O"], ["Belgorod B-GPE", "was O", "not O", ". O"]]),
    // Adjacent entities of one label each get their B-.
    ("Kyiv Lviv Odesa", [Mark(text: "Kyiv", label: .gpe), Mark(text: "Lviv", label: .gpe), Mark(text: "Odesa", label: .gpe)],
     [["Kyiv B-GPE", "Lviv B-GPE", "Odesa B-GPE"]]),
    // Non-Latin text and a possessive split off by the tokenizer.
    ("Київ's mayor", [Mark(text: "Київ", label: .gpe)], [["Київ B-GPE", "'s O", "mayor O"]]),
    // No entities at all.
    ("Nothing here.", [], [["Nothing O", "here O", ". O"]]),
])
private func conllLines(text: String, marks: [Mark], expected: [[String]]) throws {
    let out = FormatFixture.render(CoNLLRenderer(), try FormatFixture.outcome(text, marks))
    let body = expected.map { $0.joined(separator: "\n") + "\n" }.joined(separator: "\n")
    #expect(out == CoNLLRenderer.documentStart + "\n\n" + body + "\n")
}

/// ICU breaks a sentence after "Gen." unless it is listed as an abbreviation;
/// inside an entity that break is dropped, so the entity stays one span.
@Test func sentenceBreakInsideAnEntityIsDropped() throws {
    let text = "It was Gen. Valery Gerasimov who spoke. Then he left."
    let plain = try FormatFixture.tokenize(text)
    #expect(plain.sentenceStarts.count == 3, "the tokenizer no longer breaks after Gen.: pick another example")
    let out = FormatFixture.render(CoNLLRenderer(), try FormatFixture.outcome(text, [Mark(text: "Gen. Valery Gerasimov", label: .person)]))
    let docs = try parseCoNLL(out)
    #expect(docs.count == 1)
    #expect(docs[0].count == 2)
    #expect(docs[0][0].map(\.1) == ["O", "O", "B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O", "O", "O"])
}

/// A token takes the tag of the entity it overlaps, so a span that ends
/// inside a token widens to the token.
@Test func entityInsideATokenWidensToIt() throws {
    let text = "Visit Kyiv2023 now"
    let tokens = try FormatFixture.tokenize(text)
    try #require(tokens.tokens.map { tokens.text(of: $0) } == ["Visit", "Kyiv2023", "now"])
    let out = FormatFixture.render(CoNLLRenderer(), try FormatFixture.outcome(text, [Mark(text: "Kyiv", label: .gpe)]))
    #expect(try parseCoNLL(out)[0][0].map(\.1) == ["O", "B-GPE", "O"])
}

@Test(arguments: [
    // A failed document keeps its -DOCSTART- so documents stay in input order.
    DocumentOutcome(index: 0, document: Document(id: "bad", text: "x"), entities: nil, error: "broken"),
    // An empty one too.
    DocumentOutcome(index: 0, document: Document(id: "empty", text: ""), entities: [], tokens: TokenizedText()),
])
func documentWithoutTokens(outcome: DocumentOutcome) {
    #expect(FormatFixture.render(CoNLLRenderer(), outcome) == CoNLLRenderer.documentStart + "\n\n")
}

/// Every span comes back from the written tags: entities that fall on token
/// boundaries round-trip exactly, across sentences and documents.
@Test func tagsParseBackToTheSameSpans() throws {
    let docs: [(String, [Mark])] = [
        ("Governor Vyacheslav Gladkov said the Freedom of Russia Legion entered Grayvoron on Monday. Kyiv denied it.",
         [Mark(text: "Vyacheslav Gladkov", label: .person), Mark(text: "Freedom of Russia Legion", label: .org),
          Mark(text: "Grayvoron", label: .gpe), Mark(text: "Monday", label: .date), Mark(text: "Kyiv", label: .gpe)]),
        ("Зеленський прибув до Києва.\n\nZelensky arrived in Kyiv.",
         [Mark(text: "Зеленський", label: .person), Mark(text: "Києва", label: .gpe),
          Mark(text: "Zelensky", label: .person), Mark(text: "Kyiv", label: .gpe)]),
    ]
    var all = ""
    var expected: [[(String, String)]] = []
    for (k, (text, marks)) in docs.enumerated() {
        let outcome = try FormatFixture.outcome(text, marks, index: k)
        all += FormatFixture.render(CoNLLRenderer(), outcome)
        let tokens = outcome.tokens!
        expected.append(outcome.entities!.map { e in
            let first = tokens.tokens.firstIndex { Int($0.end) > e.start }!
            let last = tokens.tokens.lastIndex { Int($0.start) < e.end }!
            return (tokens.text(from: first, through: last), e.label.name)
        })
    }
    let parsed = try parseCoNLL(all)
    try #require(parsed.count == docs.count)
    for (k, doc) in parsed.enumerated() {
        let tokens = doc.flatMap { $0 }
        let spans = doc.flatMap { sentence in spansFromBIO(sentence.map(\.1)).map { (r, l) in
            (sentence[r].map(\.0), l)
        } }
        #expect(spans.map(\.1) == expected[k].map(\.1))
        // Token texts joined back with the text's own spacing equal the entity text.
        let texts = expected[k].map { $0.0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        #expect(spans.map { $0.0.joined(separator: " ") } == texts, "document \(k): \(tokens.count) tokens")
    }
}
