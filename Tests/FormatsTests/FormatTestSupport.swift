import Foundation
import Gazette

/// Builds writer inputs for the format tests: text tokenized by a tokenizer
/// with no word lists, and entities placed by hand, so that the expected
/// output does not change when the lexicons or rules do.
enum FormatFixture {
    /// A mention to mark: its text (the `nth` occurrence, from 0) and label.
    struct Mark {
        var text: String
        var label: EntityLabel
        var kbID: String? = nil
        var nth = 0
    }

    /// Tokenizer with the abbreviations the tests need ("Gen." ends no sentence only when listed).
    static func tokenize(_ text: String, abbreviations: [String] = []) throws -> TokenizedText {
        try Tokenizer(abbreviations: abbreviations).tokenize(text)
    }

    /// The entity for each mark, sorted by position.
    static func entities(_ marks: [Mark], in text: String) -> [Entity] {
        let bytes = Array(text.utf8)
        return marks.map { m in
            let needle = Array(m.text.utf8)
            var found = -1, seen = 0
            for i in 0...(bytes.count - needle.count) where Array(bytes[i..<i + needle.count]) == needle {
                if seen == m.nth { found = i; break }
                seen += 1
            }
            precondition(found >= 0, "\(m.text) not in \(text)")
            return Entity(start: found, end: found + needle.count, label: m.label, kbID: m.kbID,
                          canonical: m.kbID == nil ? nil : m.text, source: .lexicon)
        }.sorted { $0.start < $1.start }
    }

    /// A tagged document's outcome with its tokens.
    static func outcome(_ text: String, _ marks: [Mark], id: String = "doc", index: Int = 0,
                        abbreviations: [String] = []) throws -> DocumentOutcome {
        DocumentOutcome(index: index, document: Document(id: id, text: text), entities: entities(marks, in: text),
                        tokens: try tokenize(text, abbreviations: abbreviations))
    }

    /// What `renderer` makes of `outcome`, as a string.
    static func render(_ renderer: some DocumentRenderer, _ outcome: DocumentOutcome) -> String {
        var out: [UInt8] = []
        renderer.render(outcome, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The text between code point offsets, as Python's `text[start:end]`.
    static func slice(_ text: String, _ start: Int, _ end: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[start..<end])
        return String(s)
    }
}

/// A mention to mark by hand (see ``FormatFixture/Mark``).
typealias Mark = FormatFixture.Mark
