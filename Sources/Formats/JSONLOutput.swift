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
    ///
    /// The line is written in one pass into scratch memory and then copied into `out`
    /// at its exact size. Offsets are converted in the same pass, entities being in text order.
    public static func append(_ tagged: TaggedDocument, options: OutputOptions, to out: inout [UInt8]) {
        var text = tagged.document.text
        text.withUTF8 { bytes in
            tagged.entities.withUnsafeBufferPointer { entities in
                let textRoom = options.includeText ? 6 * bytes.count : 0
                var w = Writer(capacity: 512 + textRoom + 4 * bytes.count + 256 * entities.count)
                defer { w.deallocate() }
                write(tagged.document, bytes, entities, options, to: &w)
                w.append(to: &out)
            }
        }
    }

    private static func write(_ document: Document, _ text: UnsafeBufferPointer<UInt8>, _ entities: UnsafeBufferPointer<Entity>,
                              _ options: OutputOptions, to w: inout Writer) {
        let keys = Pieces.keys, labels = Pieces.labels, sources = Pieces.sources
        w.reserve(64)
        w.piece(keys, Key.id)
        w.escaped(document.id)
        if options.includeText {
            w.piece(keys, Key.text)
            w.escaped(text)
        }
        w.piece(keys, Key.spans)
        var converter = OffsetConverter(unit: options.offsets)
        let base = text.baseAddress
        for k in 0..<entities.count {
            let e = entities.baseAddress! + k
            let start = e.pointee.start, end = e.pointee.end
            precondition(0 <= start && start <= end && end <= text.count, "entity outside its text")
            // Room for the keys and the two integers; strings reserve their own.
            w.reserve(256)
            w.piece(keys, k == 0 ? Key.start : Key.nextStart)
            w.int(converter.convert(start, in: text))
            w.piece(keys, Key.end)
            w.int(converter.convert(end, in: text))
            w.piece(keys, Key.entityText)
            w.escaped(UnsafeBufferPointer(start: base.map { $0 + start }, count: end - start))
            w.piece(labels, Int(e.pointee.label.rawValue))
            w.field(keys, Key.subtype, e.pointee.subtype)
            w.field(keys, Key.value, e.pointee.value)
            w.field(keys, Key.kbID, e.pointee.kbID)
            w.field(keys, Key.canonical, e.pointee.canonical)
            w.piece(sources, Int(e.pointee.source.rawValue))
        }
        w.byte(0x5D)
        if var meta = document.metaJSON {
            w.piece(keys, Key.meta)
            meta.withUTF8 { w.bytes($0) }
        }
        w.reserve(64)
        w.piece(keys, Key.close)
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
        if var meta = document.metaJSON {
            JSONWriter.append(",\"meta\":", to: &out)
            meta.withUTF8 { out.append(contentsOf: $0) }
        }
    }
}

/// The pieces of a line between its strings, by their index in ``Pieces/keys``.
/// A string's closing quote is part of the piece after it.
private enum Key {
    static let id = 0, text = 1, spans = 2, start = 3, nextStart = 4, end = 5, entityText = 6,
        subtype = 7, value = 8, kbID = 9, canonical = 10, meta = 11, close = 12
    static let all: [StaticString] = [
        "{\"id\":\"", "\",\"text\":\"", "\",\"spans\":[", "{\"start\":", ",{\"start\":", ",\"end\":", ",\"text\":\"",
        ",\"subtype\":\"", ",\"value\":\"", ",\"kb_id\":\"", ",\"canonical\":\"", ",\"meta\":", "}\n",
    ]
}

/// Short byte strings in 32-byte slots, each copied as four words: the pieces of a
/// line between its strings (``Key``), and what is written for each label
/// (`","label":"PERSON"`, closing the entity's text) and each source (`,"source":"lexicon"}`).
private struct Pieces: @unchecked Sendable {
    static let slot = 32
    /// Slot `i` is at `bytes + 32 * i`; its length is `lengths[i]` (0 for a raw value with no case).
    let bytes: UnsafeMutablePointer<UInt8>
    let lengths: UnsafeMutablePointer<Int>

    init(count: Int, _ piece: (Int) -> [UInt8]?) {
        bytes = .allocate(capacity: count * Self.slot)
        bytes.initialize(repeating: 0, count: count * Self.slot)
        lengths = .allocate(capacity: count)
        for i in 0..<count {
            let p = piece(i) ?? []
            precondition(p.count <= Self.slot)
            (bytes + i * Self.slot).initialize(from: p, count: p.count)
            lengths[i] = p.count
        }
    }

    static let keys = Pieces(count: Key.all.count) { i in
        Key.all[i].withUTF8Buffer { Array($0) }
    }

    static let labels = Pieces(count: 256) { raw in
        EntityLabel(rawValue: UInt8(raw)).map { label in
            var out = Array("\",\"label\":".utf8)
            JSONWriter.appendString(label.name, to: &out)
            return out
        }
    }

    static let sources = Pieces(count: 256) { raw in
        EntitySource(rawValue: UInt8(raw)).map { source in
            var out = Array(",\"source\":".utf8)
            JSONWriter.appendString(source.name, to: &out)
            out.append(0x7D)
            return out
        }
    }
}

/// A growable byte buffer in raw memory. Writes of short pieces assume room that
/// ``reserve(_:)`` made beforehand (32 bytes more than they need); strings make their own.
private struct Writer {
    private var start: UnsafeMutablePointer<UInt8>
    private var p: UnsafeMutablePointer<UInt8>
    private var end: UnsafeMutablePointer<UInt8>

    init(capacity: Int) {
        start = .allocate(capacity: capacity)
        p = start
        end = start + capacity
    }

    func deallocate() { start.deallocate() }

    /// Appends what was written to `out`.
    func append(to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: start, count: p - start))
    }

    /// Makes room for `n` more bytes.
    @inline(__always) mutating func reserve(_ n: Int) {
        if end - p < n { grow(n) }
    }

    @inline(never) private mutating func grow(_ n: Int) {
        let used = p - start
        let capacity = Swift.max(2 * (end - start), used + n)
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        new.initialize(from: start, count: used)
        start.deallocate()
        start = new
        p = new + used
        end = new + capacity
    }

    @inline(__always) mutating func byte(_ b: UInt8) {
        assert(end - p >= 1)
        p.pointee = b
        p += 1
    }

    @inline(__always) mutating func int(_ v: Int) {
        assert(end - p >= 20)
        p += JSONWriter.writeInt(v, to: p)
    }

    /// Writes piece `i` of `pieces` (all 32 bytes of its slot, then steps back over the padding).
    @inline(__always) mutating func piece(_ pieces: Pieces, _ i: Int) {
        assert(end - p >= Pieces.slot)
        let from = UnsafeRawPointer(pieces.bytes + i * Pieces.slot)
        let to = UnsafeMutableRawPointer(p)
        to.storeBytes(of: from.load(as: UInt64.self), as: UInt64.self)
        to.storeBytes(of: from.load(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
        to.storeBytes(of: from.load(fromByteOffset: 16, as: UInt64.self), toByteOffset: 16, as: UInt64.self)
        to.storeBytes(of: from.load(fromByteOffset: 24, as: UInt64.self), toByteOffset: 24, as: UInt64.self)
        p += pieces.lengths[i]
    }

    mutating func bytes(_ b: UnsafeBufferPointer<UInt8>) {
        reserve(b.count + 64)
        if let src = b.baseAddress { p.initialize(from: src, count: b.count) }
        p += b.count
    }

    /// Writes the bytes escaped (the quotes around them are the caller's) and makes
    /// room for 64 bytes after them.
    @inline(__always) mutating func escaped(_ b: UnsafeBufferPointer<UInt8>) {
        let n = b.count
        reserve(6 * n + 64)
        guard let src = b.baseAddress, n > 0 else { return }
        p += JSONWriter.writeEscaped(src, n, to: p)
    }

    @inline(__always) mutating func escaped(_ s: String) {
        var s = s
        s.withUTF8 { escaped($0) }
    }

    /// Writes key `key` and `value` as a string closed by its quote, when there is a value.
    @inline(__always) mutating func field(_ keys: Pieces, _ key: Int, _ value: String?) {
        guard let value else { return }
        piece(keys, key)
        escaped(value)
        byte(0x22)
    }
}
