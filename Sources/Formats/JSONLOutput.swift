import GazetteCore

/// Options for writing results.
public struct OutputOptions: Sendable {
    public var offsets: OffsetUnit
    /// Write each document's text in a `"text"` field.
    public var includeText: Bool

    public init(offsets: OffsetUnit = .codepoint, includeText: Bool = false) {
        self.offsets = offsets
        self.includeText = includeText
    }
}

/// Writes one JSON line per document, in the shape of DESIGN.md:
///
/// ```json
/// {"id": "wn01", "spans": [{"start": 10, "end": 28, "text": "Vyacheslav Gladkov", "label": "PERSON",
///   "kb_id": "person/vyacheslav-gladkov", "canonical": "Vyacheslav Gladkov", "source": "lexicon"}]}
/// ```
///
/// `subtype`, `value` (an ISO date for DATE), `kb_id` and `canonical` appear only when known; `meta` carries
/// the input line's other keys; a failed document has `"error"` instead of `"spans"`.
public enum JSONLOutput {
    /// Appends the line for a tagged document (with its trailing newline) to `out`.
    public static func append(_ tagged: TaggedDocument, options: OutputOptions, to out: inout [UInt8]) {
        JSONWriter.append("{\"id\":", to: &out)
        JSONWriter.appendString(tagged.document.id, to: &out)
        var text = tagged.document.text
        if options.includeText {
            JSONWriter.append(",\"text\":", to: &out)
            JSONWriter.appendString(text, to: &out)
        }
        JSONWriter.append(",\"spans\":[", to: &out)
        text.withUTF8 { bytes in
            var startConverter = OffsetConverter(unit: options.offsets)
            var endConverter = OffsetConverter(unit: options.offsets)
            for (k, e) in tagged.entities.enumerated() {
                if k > 0 { out.append(0x2C) }
                JSONWriter.append("{\"start\":", to: &out)
                JSONWriter.appendInt(startConverter.convert(e.start, in: bytes), to: &out)
                JSONWriter.append(",\"end\":", to: &out)
                JSONWriter.appendInt(endConverter.convert(e.end, in: bytes), to: &out)
                JSONWriter.append(",\"text\":", to: &out)
                JSONWriter.appendString(bytes: UnsafeBufferPointer(rebasing: bytes[e.start..<e.end]), to: &out)
                JSONWriter.append(",\"label\":", to: &out)
                JSONWriter.appendString(e.label.name, to: &out)
                if let s = e.subtype {
                    JSONWriter.append(",\"subtype\":", to: &out)
                    JSONWriter.appendString(s, to: &out)
                }
                if let v = e.value {
                    JSONWriter.append(",\"value\":", to: &out)
                    JSONWriter.appendString(v, to: &out)
                }
                if let kb = e.kbID {
                    JSONWriter.append(",\"kb_id\":", to: &out)
                    JSONWriter.appendString(kb, to: &out)
                }
                if let c = e.canonical {
                    JSONWriter.append(",\"canonical\":", to: &out)
                    JSONWriter.appendString(c, to: &out)
                }
                JSONWriter.append(",\"source\":", to: &out)
                JSONWriter.appendString(e.source.name, to: &out)
                out.append(0x7D)
            }
        }
        out.append(0x5D)
        appendMeta(tagged.document, to: &out)
        JSONWriter.append("}\n", to: &out)
    }

    /// Appends the error line for a document that could not be processed.
    public static func appendError(_ document: Document, message: String, to out: inout [UInt8]) {
        JSONWriter.append("{\"id\":", to: &out)
        JSONWriter.appendString(document.id, to: &out)
        JSONWriter.append(",\"error\":", to: &out)
        JSONWriter.appendString(message, to: &out)
        appendMeta(document, to: &out)
        JSONWriter.append("}\n", to: &out)
    }

    private static func appendMeta(_ document: Document, to out: inout [UInt8]) {
        if let meta = document.metaJSON {
            JSONWriter.append(",\"meta\":", to: &out)
            out.append(contentsOf: meta.utf8)
        }
    }
}
