import GazetteCore

/// Renders a document as CoNLL-2003-style NER columns: one token per line,
/// then a space and its BIO tag (`B-PERSON`, `I-PERSON`, `O`), a blank line
/// after each sentence, and the line `-DOCSTART- -X- O O` (the delimiter
/// `spacy convert` looks for; CoNLL readers skip any line starting with
/// `-DOCSTART-`) and a blank line before each document:
///
/// ```text
/// -DOCSTART- -X- O O
///
/// Governor O
/// Vyacheslav B-PERSON
/// Gladkov I-PERSON
/// said O
/// . O
///
/// ```
///
/// - Tokens and sentences are the tokenizer's; a sentence start inside an
///   entity is not a boundary. A token takes the tag of the first entity it
///   overlaps, so an entity that starts or ends inside a token widens to it.
/// - White space inside a token (Python's `str.isspace()`, which readers split
///   columns on) is written as `_`.
/// - Documents carry no id: they come in input order, one `-DOCSTART-` each,
///   a failed or empty document included (its `-DOCSTART-` has no tokens).
public struct CoNLLRenderer: DocumentRenderer {
    /// The line before each document.
    public static let documentStart = "-DOCSTART- -X- O O"

    public init() {}

    public func render(_ outcome: DocumentOutcome, to out: inout [UInt8]) {
        out.append(contentsOf: Self.documentStart.utf8)
        out.append(contentsOf: [0x0A, 0x0A])
        guard let entities = outcome.entities, let text = outcome.tokens, !text.tokens.isEmpty else { return }
        let starts = TextFacts.sentenceStarts(text, entities: entities)
        var nextStart = 1
        var e = 0
        var begun = -1
        text.bytes.withUnsafeBufferPointer { b in
            for (i, token) in text.tokens.enumerated() {
                if nextStart < starts.count && starts[nextStart] == i {
                    out.append(0x0A)
                    nextStart += 1
                }
                let start = Int(token.start), end = Int(token.end)
                appendToken(b, start, end, to: &out)
                out.append(0x20)
                while e < entities.count && entities[e].end <= start { e += 1 }
                if e < entities.count && entities[e].start < end {
                    out.append(e == begun ? 0x49 : 0x42) // I or B
                    out.append(0x2D)
                    out.append(contentsOf: entities[e].label.name.utf8)
                    begun = e
                } else {
                    out.append(0x4F) // O
                }
                out.append(0x0A)
            }
        }
        out.append(0x0A)
    }

    private func appendToken(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, to out: inout [UInt8]) {
        var i = start
        while i < end {
            let (s, w) = TextFacts.scalar(at: i, in: b)
            if TextFacts.isPythonSpace(s) {
                out.append(0x5F)
            } else {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<min(i + w, end)]))
            }
            i += w
        }
    }
}
