import GazetteCore

/// The output formats of `gazette tag --format`.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// One JSON line per document (``JSONLOutput``), the default.
    case jsonl
    /// A token per line with BIO tags, a blank line between sentences,
    /// `-DOCSTART- -X- O O` before each document (``CoNLLRenderer``).
    case conll
    /// One spaCy `Doc.to_json()` object per line, read back with
    /// `Doc(vocab).from_json(...)` (``SpacyRenderer``).
    case spacy
    /// A `.txt` and `.ann` standoff pair per document in a directory (``BratWriter``).
    case brat
    /// One self-contained HTML page with highlighted entities and an index (``HTMLWriter``).
    case html

    /// True when the format writes a directory of files instead of one stream.
    public var writesDirectory: Bool { self == .brat }

    /// True when ``OutputOptions/offsets`` changes the output. The other
    /// formats count what their readers count: code points (spaCy, brat) or none.
    public var honoursOffsetUnit: Bool { self == .jsonl }

    /// Makes the writer for this format.
    ///
    /// - Parameters:
    ///   - options: offsets and text inclusion (JSONL only).
    ///   - directory: where ``writesDirectory`` formats put their files; ignored by the others.
    ///   - emit: receives the bytes of stream formats, in order.
    /// - Throws: ``OutputError`` when a directory format has no directory or it cannot be created.
    public func makeWriter(options: OutputOptions, directory: String?,
                           emit: @escaping ([UInt8]) -> Void) throws(OutputError) -> any OutputWriter {
        switch self {
        case .jsonl: return StreamWriter(renderer: JSONLRenderer(options: options), emit: emit)
        case .conll: return StreamWriter(renderer: CoNLLRenderer(), emit: emit)
        case .spacy: return StreamWriter(renderer: SpacyRenderer(), emit: emit)
        case .html: return HTMLWriter(emit: emit)
        case .brat:
            guard let directory else {
                throw OutputError("--format brat writes a .txt and an .ann file per document: name their directory with -o DIR")
            }
            return try BratWriter(directory: directory)
        }
    }
}

/// One document as output writers see it: the input and what tagging made of it.
public struct DocumentOutcome: Sendable {
    /// Position in the input, from 0.
    public var index: Int
    /// The input document: id, text and the input line's other keys.
    public var document: Document
    /// The entities in text order, non-overlapping; nil when the document failed.
    public var entities: [Entity]?
    /// Why the document failed.
    public var error: String?
    /// The document's tokens and sentences. The batch runner hands them to
    /// renderers only (they are the tagger's reused buffers); writers see nil.
    public var tokens: TokenizedText?

    public init(index: Int, document: Document, entities: [Entity]?, error: String? = nil, tokens: TokenizedText? = nil) {
        self.index = index
        self.document = document
        self.entities = entities
        self.error = error
        self.tokens = tokens
    }
}

/// Renders one document into bytes: the shape every output format shares.
///
/// Renderers run on the batch runner's worker threads, several documents at
/// once, so a renderer holds only immutable configuration. Output for a
/// document depends on that document alone, which keeps the formats streaming.
public protocol DocumentRenderer: Sendable {
    /// Appends the rendering of `outcome` (a failed one included) to `out`.
    func render(_ outcome: DocumentOutcome, to out: inout [UInt8])
}

/// Takes rendered documents in input order and puts them where they belong:
/// a stream, a page with an index, a directory of files.
public protocol OutputWriter: AnyObject {
    /// Renders each document on a worker thread before ``write(_:for:)`` sees it.
    var renderer: any DocumentRenderer { get }
    /// Called on one thread, in input order, with what ``renderer`` made of `outcome`.
    /// - Throws: ``OutputError`` naming the document when its output cannot be written.
    func write(_ rendered: [UInt8], for outcome: DocumentOutcome) throws(OutputError)
    /// Completes the output (an HTML page's index and closing tags). Call it once, last.
    func finish() throws(OutputError)
}

/// Why output could not be written, naming the document or path.
public struct OutputError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong, naming the document or path.
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Writes each rendered document straight to a byte stream: JSONL, CoNLL, spaCy.
/// Memory is bounded by one batch of the runner, whatever the corpus size.
public final class StreamWriter: OutputWriter {
    public let renderer: any DocumentRenderer
    private let emit: ([UInt8]) -> Void

    /// - Parameter emit: receives each document's bytes, in input order.
    public init(renderer: any DocumentRenderer, emit: @escaping ([UInt8]) -> Void) {
        self.renderer = renderer
        self.emit = emit
    }

    public func write(_ rendered: [UInt8], for outcome: DocumentOutcome) throws(OutputError) {
        emit(rendered)
    }

    public func finish() throws(OutputError) {}
}

/// ``JSONLOutput`` behind the ``DocumentRenderer`` shape.
public struct JSONLRenderer: DocumentRenderer {
    /// The offset unit and whether each line carries the text.
    public let options: OutputOptions

    public init(options: OutputOptions = OutputOptions()) { self.options = options }

    public func render(_ outcome: DocumentOutcome, to out: inout [UInt8]) {
        if let entities = outcome.entities {
            JSONLOutput.append(TaggedDocument(document: outcome.document, entities: entities), options: options, to: &out)
        } else {
            JSONLOutput.appendError(outcome.document, message: outcome.error ?? "unknown error", to: &out)
        }
    }
}

// MARK: - Helpers shared by the renderers

/// Text facts the renderers share.
enum TextFacts {
    /// True for what Python's `str.isspace()` calls white space (what spaCy and
    /// CoNLL readers split on): the Unicode White_Space characters plus U+001C–U+001F.
    static func isPythonSpace(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Decodes the scalar starting at byte `i` of valid UTF-8 and returns it with its width.
    @inline(__always)
    static func scalar(at i: Int, in b: UnsafeBufferPointer<UInt8>) -> (UInt32, Int) {
        let lead = b[i]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let width = lead < 0xE0 ? 2 : (lead < 0xF0 ? 3 : 4)
        var v = UInt32(lead) & (width == 2 ? 0x1F : (width == 3 ? 0x0F : 0x07))
        var k = 1
        while k < width && i + k < b.count {
            v = v << 6 | UInt32(b[i + k] & 0x3F)
            k += 1
        }
        return (v, width)
    }

    /// True when every scalar of `b[start..<end]` is Python white space.
    static func isAllPythonSpace(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end {
            let (s, w) = scalar(at: i, in: b)
            if !isPythonSpace(s) { return false }
            i += w
        }
        return true
    }

    /// The indices of the tokens that start a sentence, leaving out sentence
    /// starts that fall inside an entity: an entity is evidence that no
    /// sentence ends there, and readers of CoNLL and spaCy end an entity at a
    /// sentence boundary.
    static func sentenceStarts(_ text: TokenizedText, entities: [Entity]) -> [Int] {
        var starts: [Int] = []
        starts.reserveCapacity(text.sentenceStarts.count)
        var e = 0
        for s in text.sentenceStarts {
            let at = Int(text.tokens[Int(s)].start)
            while e < entities.count && entities[e].end <= at { e += 1 }
            if e < entities.count && entities[e].start < at { continue }
            starts.append(Int(s))
        }
        if starts.first != 0 && !text.tokens.isEmpty { starts.insert(0, at: 0) }
        return starts
    }
}
