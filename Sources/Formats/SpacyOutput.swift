import GazetteCore

/// Renders a document as one line of spaCy's own JSON (`Doc.to_json()`), which
/// spaCy 3 reads back with `Doc(nlp.vocab).from_json(obj)` (schema-valid with
/// `validate=True`) and can then store in a `DocBin`:
///
/// ```json
/// {"id":"wn01","text":"Governor Vyacheslav Gladkov said.",
///  "ents":[{"start":9,"end":27,"label":"PERSON","kb_id":"person/vyacheslav-gladkov",
///           "canonical":"Vyacheslav Gladkov","source":"lexicon"}],
///  "spans":{"gazette":[{"start":9,"end":27,"label":"PERSON","kb_id":"person/vyacheslav-gladkov"}]},
///  "sents":[{"start":0,"end":33}],
///  "tokens":[{"id":0,"start":0,"end":8},{"id":1,"start":9,"end":19}, ...]}
/// ```
///
/// - Offsets are code points (Python `str` indices), end exclusive.
/// - `tokens` are Gazette's tokens, split where an entity starts or ends inside
///   one, plus the white space tokens spaCy itself makes: a token is followed
///   by at most one plain space (its `whitespace_`); any other white space
///   between tokens is a token of its own, so that `from_json` rebuilds the
///   text exactly.
/// - `from_json` sets `doc.ents` from `ents` but ignores their extra keys, so
///   the same spans go into the span group `"gazette"` too, with `kb_id` (empty
///   when unlinked), which spaCy keeps: `doc.ents = doc.spans["gazette"]` gives
///   entities with `ent.kb_id_`.
/// - `id` and `meta` (the input line's other keys) are extra top-level keys
///   that `from_json` ignores. A failed document has `"error"`, empty text and
///   no tokens, so a reader still gets one `Doc` per input document.
public struct SpacyRenderer: DocumentRenderer {
    /// The span group that carries every entity with its `kb_id`.
    public static let spanGroup = "gazette"

    public init() {}

    public func render(_ outcome: DocumentOutcome, to out: inout [UInt8]) {
        JSONWriter.append("{\"id\":", to: &out)
        JSONWriter.appendString(outcome.document.id, to: &out)
        guard let entities = outcome.entities, let tokenized = outcome.tokens else {
            JSONWriter.append(",\"error\":", to: &out)
            JSONWriter.appendString(outcome.error ?? "unknown error", to: &out)
            JSONWriter.append(",\"text\":\"\",\"ents\":[],\"tokens\":[]", to: &out)
            appendMeta(outcome.document, to: &out)
            JSONWriter.append("}\n", to: &out)
            return
        }
        var text = outcome.document.text
        JSONWriter.append(",\"text\":", to: &out)
        JSONWriter.appendString(text, to: &out)
        text.withUTF8 { b in
            appendEntities(entities, b, to: &out)
            appendTokensAndSentences(tokenized, entities, b, to: &out)
        }
        appendMeta(outcome.document, to: &out)
        JSONWriter.append("}\n", to: &out)
    }

    private func appendEntities(_ entities: [Entity], _ b: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var offsets: [Int] = []
        offsets.reserveCapacity(entities.count * 2)
        var converter = OffsetConverter(unit: .codepoint)
        for e in entities {
            offsets.append(converter.convert(e.start, in: b))
            offsets.append(converter.convert(e.end, in: b))
        }
        JSONWriter.append(",\"ents\":[", to: &out)
        for (k, e) in entities.enumerated() {
            if k > 0 { out.append(0x2C) }
            appendSpan(offsets[2 * k], offsets[2 * k + 1], e.label, kbID: e.kbID, to: &out)
            if let c = e.canonical {
                JSONWriter.append(",\"canonical\":", to: &out)
                JSONWriter.appendString(c, to: &out)
            }
            if let s = e.subtype {
                JSONWriter.append(",\"subtype\":", to: &out)
                JSONWriter.appendString(s, to: &out)
            }
            JSONWriter.append(",\"source\":", to: &out)
            JSONWriter.appendString(e.source.name, to: &out)
            out.append(0x7D)
        }
        JSONWriter.append("],\"spans\":{\"", to: &out)
        out.append(contentsOf: Self.spanGroup.utf8)
        JSONWriter.append("\":[", to: &out)
        for (k, e) in entities.enumerated() {
            if k > 0 { out.append(0x2C) }
            appendSpan(offsets[2 * k], offsets[2 * k + 1], e.label, kbID: e.kbID ?? "", to: &out)
            out.append(0x7D)
        }
        JSONWriter.append("]}", to: &out)
    }

    /// Appends `{"start":..,"end":..,"label":..[,"kb_id":..]` without the closing brace.
    private func appendSpan(_ start: Int, _ end: Int, _ label: EntityLabel, kbID: String?, to out: inout [UInt8]) {
        JSONWriter.append("{\"start\":", to: &out)
        JSONWriter.appendInt(start, to: &out)
        JSONWriter.append(",\"end\":", to: &out)
        JSONWriter.appendInt(end, to: &out)
        JSONWriter.append(",\"label\":", to: &out)
        JSONWriter.appendString(label.name, to: &out)
        if let kbID {
            JSONWriter.append(",\"kb_id\":", to: &out)
            JSONWriter.appendString(kbID, to: &out)
        }
    }

    private func appendTokensAndSentences(_ tokenized: TokenizedText, _ entities: [Entity],
                                          _ b: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let words = Self.words(tokenized, entities, b)
        // Byte offsets where sentences start, for the words to be grouped by.
        let sentenceBytes = TextFacts.sentenceStarts(tokenized, entities: entities).map { Int(tokenized.tokens[$0].start) }
        var tokens: [UInt8] = []
        var sents: [UInt8] = []
        var converter = OffsetConverter(unit: .codepoint)
        var id = 0
        func token(_ start: Int, _ end: Int) -> (Int, Int) {
            let s = converter.convert(start, in: b), e = converter.convert(end, in: b)
            if id > 0 { tokens.append(0x2C) }
            JSONWriter.append("{\"id\":", to: &tokens)
            JSONWriter.appendInt(id, to: &tokens)
            JSONWriter.append(",\"start\":", to: &tokens)
            JSONWriter.appendInt(s, to: &tokens)
            JSONWriter.append(",\"end\":", to: &tokens)
            JSONWriter.appendInt(e, to: &tokens)
            tokens.append(0x7D)
            id += 1
            return (s, e)
        }
        func sentence(_ start: Int, _ end: Int) {
            if !sents.isEmpty { sents.append(0x2C) }
            JSONWriter.append("{\"start\":", to: &sents)
            JSONWriter.appendInt(start, to: &sents)
            JSONWriter.append(",\"end\":", to: &sents)
            JSONWriter.appendInt(end, to: &sents)
            sents.append(0x7D)
        }
        // The same walk as spaCy's `get_words_and_spaces`, which `from_json` checks against.
        var pos = 0
        var nextSentence = 0
        var sentenceStart = -1, lastEnd = -1
        var k = 0
        while k < words.count {
            let ws = words[k], we = words[k + 1]
            if ws > pos { _ = token(pos, ws) }
            let (s, e) = token(ws, we)
            if nextSentence < sentenceBytes.count && ws >= sentenceBytes[nextSentence] {
                if sentenceStart >= 0 { sentence(sentenceStart, lastEnd) }
                sentenceStart = s
                while nextSentence < sentenceBytes.count && ws >= sentenceBytes[nextSentence] { nextSentence += 1 }
            } else if sentenceStart < 0 {
                sentenceStart = s
            }
            lastEnd = e
            pos = we
            if pos < b.count && b[pos] == 0x20 { pos += 1 }
            k += 2
        }
        if pos < b.count { _ = token(pos, b.count) }
        if sentenceStart >= 0 { sentence(sentenceStart, lastEnd) }
        JSONWriter.append(",\"sents\":[", to: &out)
        out.append(contentsOf: sents)
        JSONWriter.append("],\"tokens\":[", to: &out)
        out.append(contentsOf: tokens)
        out.append(0x5D)
    }

    /// The byte ranges (flattened start, end pairs) of spaCy's non-space words:
    /// Gazette's tokens cut at entity boundaries, plus runs of characters that
    /// Gazette treats as space and Python does not (U+200B, U+FEFF); pieces that
    /// are all Python white space are left to the gaps.
    static func words(_ tokenized: TokenizedText, _ entities: [Entity], _ b: UnsafeBufferPointer<UInt8>) -> [Int] {
        var cuts: [Int] = []
        cuts.reserveCapacity(entities.count * 2)
        for e in entities { cuts.append(e.start); cuts.append(e.end) }
        var c = 0
        var words: [Int] = []
        words.reserveCapacity(tokenized.tokens.count * 2 + 2)
        func add(_ start: Int, _ end: Int) {
            if start < end && !TextFacts.isAllPythonSpace(b, start, end) {
                words.append(start)
                words.append(end)
            }
        }
        func piece(_ start: Int, _ end: Int) {
            while c < cuts.count && cuts[c] <= start { c += 1 }
            var s = start
            var k = c
            while k < cuts.count && cuts[k] < end {
                add(s, cuts[k])
                s = cuts[k]
                k += 1
            }
            add(s, end)
        }
        func gap(_ start: Int, _ end: Int) {
            var i = start
            var run = -1
            while i < end {
                let (s, w) = TextFacts.scalar(at: i, in: b)
                if TextFacts.isPythonSpace(s) {
                    if run >= 0 { piece(run, i); run = -1 }
                } else if run < 0 {
                    run = i
                }
                i += w
            }
            if run >= 0 { piece(run, end) }
        }
        var pos = 0
        for t in tokenized.tokens {
            let s = Int(t.start), e = Int(t.end)
            if s > pos { gap(pos, s) }
            piece(s, e)
            pos = e
        }
        if pos < b.count { gap(pos, b.count) }
        return words
    }

    private func appendMeta(_ document: Document, to out: inout [UInt8]) {
        if let meta = document.metaJSON {
            JSONWriter.append(",\"meta\":", to: &out)
            out.append(contentsOf: meta.utf8)
        }
    }
}
