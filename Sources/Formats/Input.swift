#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GazetteCore

/// How input files are read.
public enum InputFormat: String, Sendable, CaseIterable {
    /// By extension: `.jsonl` is JSONL, anything else text; stdin is JSONL when
    /// its first non-blank byte is `{`.
    case auto
    /// Each file (or all of stdin) is one document.
    case text
    /// One JSON document per line: `{"id": ..., "text": ..., ...}`.
    case jsonl
}

/// One document read from the input, or the reason it could not be read.
public struct InputDocument: Sendable {
    /// Position in the input, from 0.
    public var index: Int
    /// The document, or an error naming what was wrong (the error record keeps `id`).
    public var document: Document
    public var error: String?
    /// Problems that did not stop the document (invalid UTF-8 replaced).
    public var warnings: [String]

    public init(index: Int, document: Document, error: String? = nil, warnings: [String] = []) {
        self.index = index
        self.document = document
        self.error = error
        self.warnings = warnings
    }
}

/// Streams documents from files, directory trees and stdin, in order.
///
/// - A directory is walked recursively in path order: `*.txt` files are one
///   document each with the path relative to the directory as id, `*.jsonl`
///   files one document per line; other files are skipped.
/// - A file that cannot be read yields one error document; a JSONL line that
///   is not a valid document yields one error document naming its line.
/// - Invalid UTF-8 is replaced with U+FFFD and reported as a warning.
/// - A document over ``maxDocumentBytes`` (a text file's size, a JSONL line's
///   length) yields one error document and is never held in memory whole.
public struct InputReader: Sequence, IteratorProtocol {
    private enum Source {
        case file(path: String, id: String, format: InputFormat)
        case stdin
        /// Something that could not be read (a directory), reported as one error document.
        case failed(id: String, message: String)
    }

    private var sources: [Source] = []
    private var pendingErrors: [(String, String)] = []
    private var current: LineReader? = nil
    private var currentPath = ""
    private var lineNumber = 0
    private var index = 0
    private let format: InputFormat
    private let parser = JSONLineParser()
    /// The largest document read, in bytes: a text file's size or a JSONL
    /// line's length (its JSON included). Larger ones become error documents.
    public let maxDocumentBytes: Int

    /// The default of ``maxDocumentBytes``: 32 MiB, far above any article.
    public static let defaultMaxDocumentBytes = 32 << 20

    /// - Parameters:
    ///   - paths: files and directories; empty or `-` means stdin.
    ///   - maxDocumentBytes: see ``maxDocumentBytes``.
    public init(paths: [String], format: InputFormat = .auto, maxDocumentBytes: Int = InputReader.defaultMaxDocumentBytes) {
        self.format = format
        self.maxDocumentBytes = Swift.max(1, maxDocumentBytes)
        let fm = FileManager.default
        for path in (paths.isEmpty ? ["-"] : paths) {
            if path == "-" { sources.append(.stdin); continue }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                sources.append(.file(path: path, id: path, format: format))
                continue
            }
            if isDir.boolValue {
                for entry in Self.walk(path) {
                    let full = entry.rel.isEmpty ? path : (path as NSString).appendingPathComponent(entry.rel)
                    if let problem = entry.problem {
                        sources.append(.failed(id: entry.rel.isEmpty ? path : entry.rel, message: "\(full): \(problem)"))
                        continue
                    }
                    let f: InputFormat = format != .auto ? format : (entry.rel.hasSuffix(".jsonl") ? .jsonl : .text)
                    sources.append(.file(path: full, id: entry.rel, format: f))
                }
            } else {
                sources.append(.file(path: path, id: path, format: format))
            }
        }
        sources.reverse()
    }

    public mutating func next() -> InputDocument? {
        while true {
            if var reader = current {
                if let line = reader.nextLine(limit: maxDocumentBytes) {
                    current = reader
                    lineNumber += 1
                    if reader.skipped > 0 {
                        let place = "\(currentPath):\(lineNumber)"
                        return errorDocument(id: place, "\(place): line of \(reader.skipped) bytes is over the limit of \(maxDocumentBytes) bytes per document (--max-doc-bytes); skipped")
                    }
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                    return jsonDocument(line)
                }
                if let error = reader.error {
                    current = nil
                    return errorDocument(id: currentPath, "\(currentPath): read error: \(error)")
                }
                current = nil
            }
            guard let source = sources.popLast() else { return nil }
            switch source {
            case .failed(let id, let message):
                return errorDocument(id: id, message)
            case .stdin:
                guard var reader = LineReader(fd: 0) else { return errorDocument(id: "-", "cannot read standard input") }
                if format == .jsonl || (format == .auto && reader.startsWithBrace()) {
                    current = reader
                    currentPath = "<stdin>"
                    lineNumber = 0
                } else {
                    guard let bytes = reader.readAll(limit: maxDocumentBytes) else {
                        if reader.skipped > 0 { return tooLarge(id: "-", what: "standard input", reader.skipped) }
                        return errorDocument(id: "-", "cannot read standard input: \(reader.error ?? "read error")")
                    }
                    return textDocument(id: "-", bytes: bytes)
                }
            case .file(let path, let id, let f):
                let isJSONL = f == .jsonl || (f == .auto && path.hasSuffix(".jsonl"))
                guard let reader = LineReader(path: path) else {
                    return errorDocument(id: id, "\(path): \(String(cString: strerror(errno)))")
                }
                if isJSONL {
                    current = reader
                    currentPath = path
                    lineNumber = 0
                } else {
                    var r = reader
                    if r.size > maxDocumentBytes { r.abandon(); return tooLarge(id: id, what: path, Int(r.size)) }
                    guard let bytes = r.readAll(limit: maxDocumentBytes) else {
                        if r.skipped > 0 { return tooLarge(id: id, what: path, r.skipped) }
                        return errorDocument(id: id, "\(path): \(r.error ?? "read error")")
                    }
                    return textDocument(id: id, bytes: bytes)
                }
            }
        }
    }

    /// The `*.txt` and `*.jsonl` files under `root`, relative to it and sorted,
    /// with the directories that could not be read (`problem` says why) in the
    /// same order. Symbolic links are followed, except one to a directory
    /// that encloses it (a loop), which is reported instead.
    static func walk(_ root: String) -> [(rel: String, problem: String?)] {
        var out: [(rel: String, problem: String?)] = []
        func visit(_ rel: String, ancestors: [(UInt64, UInt64)]) {
            let full = rel.isEmpty ? root : (root as NSString).appendingPathComponent(rel)
            guard let dir = opendir(full) else {
                out.append((rel, "cannot read directory: \(String(cString: strerror(errno)))"))
                return
            }
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(dir)
            for name in names {
                let child = rel.isEmpty ? name : rel + "/" + name
                let childFull = full + "/" + name
                var st = stat()
                guard stat(childFull, &st) == 0 else {
                    // A dangling or looping link named like an input is reported by open later.
                    if name.hasSuffix(".txt") || name.hasSuffix(".jsonl") { out.append((child, nil)) }
                    continue
                }
                if (st.st_mode & S_IFMT) == S_IFDIR {
                    let id = (UInt64(st.st_dev), UInt64(st.st_ino))
                    if ancestors.contains(where: { $0 == id }) {
                        out.append((child, "symbolic link loop: leads back to an enclosing directory; not followed"))
                        continue
                    }
                    visit(child, ancestors: ancestors + [id])
                } else if name.hasSuffix(".txt") || name.hasSuffix(".jsonl") {
                    // A FIFO or device in a tree would block or never end: only
                    // regular files are read from directories.
                    out.append((child, (st.st_mode & S_IFMT) == S_IFREG ? nil : "not a regular file (a FIFO, socket or device); skipped"))
                }
            }
        }
        var st = stat()
        let rootID = stat(root, &st) == 0 ? [(UInt64(st.st_dev), UInt64(st.st_ino))] : []
        visit("", ancestors: rootID)
        return out.sorted { $0.rel < $1.rel }
    }

    private mutating func errorDocument(id: String, _ message: String) -> InputDocument {
        defer { index += 1 }
        return InputDocument(index: index, document: Document(id: id, text: ""), error: message, warnings: [])
    }

    private mutating func tooLarge(id: String, what: String, _ bytes: Int) -> InputDocument {
        errorDocument(id: id, "\(what): \(bytes) bytes is over the limit of \(maxDocumentBytes) bytes per document (--max-doc-bytes); skipped")
    }

    private mutating func textDocument(id: String, bytes: [UInt8]) -> InputDocument {
        defer { index += 1 }
        var warnings: [String] = []
        let text = Self.decode(bytes, warnings: &warnings, what: "document \(id)")
        return InputDocument(index: index, document: Document(id: id, text: text), error: nil, warnings: warnings)
    }

    private mutating func jsonDocument(_ line: [UInt8]) -> InputDocument {
        defer { index += 1 }
        // Most lines are well-formed valid UTF-8: parsed with every string validated as it
        // is made, they need no separate pass over their bytes. Any other line is read
        // again below, repairing invalid UTF-8 and saying what was wrong.
        let valid = line.withUnsafeBufferPointer { all in
            parser.parseValidUTF8(UnsafeBufferPointer(rebasing: all[..<(all.last == 0x0D ? all.count - 1 : all.count)]))
        }
        if let valid, let text = valid.text {
            return InputDocument(index: index, document: Document(id: valid.id ?? "\(currentPath):\(lineNumber)", text: text,
                                                                  metaJSON: valid.metaJSON))
        }
        let place = "\(currentPath):\(lineNumber)"
        var warnings: [String] = []
        var bytes = line
        if bytes.last == 0x0D { bytes.removeLast() }
        if let bad = Self.firstInvalidUTF8(bytes) {
            warnings.append("\(place): invalid UTF-8 at byte \(bad + 1) replaced with U+FFFD")
            bytes = Array(String(decoding: bytes, as: UTF8.self).utf8)
        }
        do {
            let record = try bytes.withUnsafeBufferPointer { try parser.parse($0) }
            guard let text = record.text else {
                return InputDocument(index: index, document: Document(id: record.id ?? place, text: ""),
                                     error: "\(place): missing \"text\" string", warnings: warnings)
            }
            return InputDocument(index: index, document: Document(id: record.id ?? place, text: text, metaJSON: record.metaJSON),
                                 error: nil, warnings: warnings)
        } catch {
            return InputDocument(index: index, document: Document(id: place, text: ""),
                                 error: "\(place): malformed JSONL line: \(error)", warnings: warnings)
        }
    }

    /// Decodes UTF-8, replacing invalid sequences with U+FFFD and saying where.
    public static func decode(_ bytes: [UInt8], warnings: inout [String], what: String) -> String {
        if let bad = firstInvalidUTF8(bytes) {
            warnings.append("\(what): invalid UTF-8 at byte \(bad + 1) replaced with U+FFFD")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The offset of the first byte that is not part of valid UTF-8, or nil.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let width: Int
            var minScalar: UInt32
            if b & 0xE0 == 0xC0 { width = 2; minScalar = 0x80 }
            else if b & 0xF0 == 0xE0 { width = 3; minScalar = 0x800 }
            else if b & 0xF8 == 0xF0 { width = 4; minScalar = 0x10000 }
            else { return i }
            guard i + width <= n else { return i }
            var scalar = UInt32(b) & (0xFF >> (width + 1))
            for k in 1..<width {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minScalar || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar < 0xE000) { return i }
            minScalar = 0
            i += width
        }
        return nil
    }
}

private func closeDescriptor(_ fd: Int32) { close(fd) }

/// Buffered reading of lines from a file descriptor.
struct LineReader {
    private var fd: Int32
    private let owns: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    var error: String? = nil
    /// The size of a regular file (0 for pipes and terminals).
    private(set) var size: Int64 = 0
    /// When the last ``nextLine(limit:)`` or ``readAll(limit:)`` met more than
    /// `limit` bytes: how many it skipped (the whole line, or everything).
    private(set) var skipped = 0

    init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            errno = EISDIR
            return nil
        }
        self.fd = fd
        self.owns = true
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG { size = Int64(st.st_size) }
    }

    /// Closes the file before its end (a reader that is not read to the end).
    mutating func abandon() {
        if owns && fd >= 0 { closeDescriptor(fd); fd = -1 }
        eof = true
    }

    init?(fd: Int32) {
        self.fd = fd
        self.owns = false
    }

    private mutating func fill() -> Bool {
        if eof { return false }
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let chunk = 1 << 16
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        let n = buffer.withUnsafeMutableBufferPointer { read(fd, $0.baseAddress! + old, chunk) }
        if n <= 0 {
            buffer.removeSubrange(old...)
            if n < 0 { error = String(cString: strerror(errno)) }
            eof = true
            if owns { close(fd); fd = -1 }
            return false
        }
        buffer.removeSubrange((old + n)...)
        return true
    }

    /// True when the first non-blank byte is `{` (reads ahead without consuming).
    mutating func startsWithBrace() -> Bool {
        while true {
            for i in start..<buffer.count where ![0x20, 0x09, 0x0A, 0x0D].contains(buffer[i]) { return buffer[i] == 0x7B }
            if !fill() { return false }
        }
    }

    /// The next line without its newline, or nil at the end. A line longer
    /// than `limit` bytes is skipped without being kept whole: the result is
    /// then empty and ``skipped`` says how long the line was.
    mutating func nextLine(limit: Int = .max) -> [UInt8]? {
        skipped = 0
        // Bytes after `start` already known to hold no newline; `fill` may move `start`.
        var scanned = 0
        while true {
            if let nl = newline(from: start + scanned) {
                if skipped > 0 || nl - start > limit {
                    skipped += nl - start
                    start = nl + 1
                    return []
                }
                let line = Array(buffer[start..<nl])
                start = nl + 1
                return line
            }
            scanned = buffer.count - start
            if scanned > limit {
                // Too long: drop what is buffered and go on looking for its end.
                skipped += scanned
                buffer.removeAll(keepingCapacity: true)
                start = 0
                scanned = 0
            }
            if !fill() {
                if skipped > 0 {
                    skipped += buffer.count - start
                    start = buffer.count
                    return []
                }
                if start < buffer.count {
                    let line = Array(buffer[start...])
                    start = buffer.count
                    return line
                }
                return nil
            }
        }
    }

    /// The index of the first newline in the buffer at or after `from`.
    private func newline(from: Int) -> Int? {
        buffer.withUnsafeBufferPointer { b in
            guard from < b.count, let base = b.baseAddress,
                  let found = memchr(base + from, 0x0A, b.count - from) else { return nil }
            return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
        }
    }

    /// Everything left, or nil on a read error or when there are more than
    /// `limit` bytes (then ``skipped`` says how many: all are read, none kept).
    mutating func readAll(limit: Int = .max) -> [UInt8]? {
        skipped = 0
        while fill() {
            if buffer.count - start > limit {
                skipped += buffer.count - start
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
        }
        if skipped > 0 { skipped += buffer.count - start; start = buffer.count; return nil }
        if error != nil { return nil }
        let rest = Array(buffer[start...])
        start = buffer.count
        return rest
    }
}
