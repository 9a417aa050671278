#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GazetteCore

/// Why a compiled lexicon file could not be read. Every case means "rebuild":
/// ``LexiconCache`` never lets one of them fail a run.
public enum CompiledLexiconError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file cannot be opened, read or written; `detail` is the system's message.
    case io(path: String, detail: String)
    /// The file does not start with the compiled-lexicon magic bytes.
    case notALexicon(path: String)
    /// The file was written by another format version.
    case wrongVersion(path: String, found: UInt32)
    /// The file was compiled from other sources (its key differs).
    case stale(path: String)
    /// The file is shorter or longer than its header says, or a section lies outside it.
    case truncated(path: String)
    /// A checksum does not match: the bytes changed after they were written.
    case corrupt(path: String, section: String)
    /// The arrays are inconsistent with each other.
    case invalid(path: String, detail: String)

    public var description: String {
        switch self {
        case let .io(path, detail): "\(path): \(detail)"
        case let .notALexicon(path): "\(path): not a compiled Gazette lexicon"
        case let .wrongVersion(path, found): "\(path): format version \(found), expected \(CompiledLexiconFormat.version)"
        case let .stale(path): "\(path): compiled from other sources"
        case let .truncated(path): "\(path): truncated or has trailing bytes"
        case let .corrupt(path, section): "\(path): checksum mismatch in section \(section)"
        case let .invalid(path, detail): "\(path): inconsistent arrays (\(detail))"
        }
    }
}

/// The binary layout of a compiled lexicon (all integers little-endian):
///
/// ```
/// 0   magic "GZLEXCMP"            8 bytes
/// 8   format version              UInt32
/// 12  section count               UInt32
/// 16  key (hash of the sources)   UInt64
/// 24  file length                 UInt64
/// 32  checksum of bytes 0..<32 and the section table   UInt64
/// 40  byte-order mark 0x01020304  UInt32, then zeros up to 64
/// 64  section table: per section tag, element size (UInt32 each), offset,
///     element count, checksum (UInt64 each): 32 bytes
/// ... sections, each starting at a multiple of 64
/// ```
///
/// A section is one flat array of the in-memory lexicon (automaton, payload,
/// entity and cue arrays), written as its bytes; reading it back is one
/// `pread` into a new array and a checksum over it, with no per-alias work.
/// Bump ``version`` whenever a section's meaning changes.
public enum CompiledLexiconFormat {
    /// The format version: files of another version are rebuilt.
    public static let version: UInt32 = 4
    static let magic: [UInt8] = Array("GZLEXCMP".utf8)
    static let byteOrderMark: UInt32 = 0x0102_0304
    static let headerSize = 64
    static let entrySize = 32

    /// Section tags, in file order.
    enum Tag: UInt32, CaseIterable {
        case vocabularyArena = 1, vocabularyEnds, vocabularySlots, rootNext, edges, payloadStart, payloads
        case vocabularyFilter, wideTables, wideIndex
        case payloadRecords = 20, exactArena, lowerStarts
        case stringArena = 40, stringEnds, stringStart, aliasCount, nameArena, nameEnds
        case entityLabel, entityFlags, entityPrior, entityCountry, entitySubtype, entitySource
        case kbArena = 60, kbEnds, kbSlots, kbFilter
        case cueArena = 70, cueEnds, cueSlots, cueTargetStart, cueTargets, cueFilter
        case diagnosticArena = 80, diagnosticEnds, diagnosticLines
    }
}

/// A 64-bit checksum over bytes, four independent lanes of multiply-rotate
/// rounds (the xxHash64 round), so it runs at several GB/s. It detects
/// accidental change (truncation, bit flips, a partial write), nothing more.
public enum Checksum {
    static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    @inline(__always)
    static func round(_ acc: UInt64, _ w: UInt64) -> UInt64 {
        let x = acc &+ w &* p2
        return ((x << 31) | (x >> 33)) &* p1
    }

    public static func hash(_ p: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var a = seed &+ p1 &+ p2, b = seed &+ p2, c = seed, d = seed &- p1
        let n = p.count
        var i = 0
        if let base = p.baseAddress {
            while i + 32 <= n {
                a = round(a, base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                b = round(b, base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
                c = round(c, base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))
                d = round(d, base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
                i += 32
            }
        }
        var h = ((a << 1) | (a >> 63)) &+ ((b << 7) | (b >> 57)) &+ ((c << 12) | (c >> 52)) &+ ((d << 18) | (d >> 46))
        h = round(h, UInt64(n))
        while i < n {
            h = round(h, UInt64(p[i]))
            i += 1
        }
        h ^= h >> 33
        h = h &* p2
        h ^= h >> 29
        h = h &* p1
        return h ^ (h >> 32)
    }

    public static func hash<T>(_ array: [T], seed: UInt64 = 0) -> UInt64 {
        array.withUnsafeBytes { hash($0, seed: seed) }
    }
}

extension Lexicon {
    /// Writes the lexicon in its compiled form (``CompiledLexiconFormat``) to
    /// `path`, atomically: into a temporary file beside it, then renamed over it,
    /// so a reader never sees a half-written file.
    ///
    /// - Parameters:
    ///   - key: identifies the sources the lexicon was built from; ``read(from:key:)`` checks it.
    ///   - diagnostics: problems found while building, stored so that a run that
    ///     loads the compiled form reports them too.
    /// - Throws: ``CompiledLexiconError/io(path:detail:)`` when the file cannot be written.
    public func write(to path: String, key: UInt64 = 0, diagnostics: [DataFileError] = []) throws {
        var diagnosticText = StringList()
        for d in diagnostics {
            diagnosticText.append(d.code)
            diagnosticText.append(d.file)
            diagnosticText.append(d.message)
        }
        let diagnosticLines = diagnostics.map { Int32(clamping: $0.line) }
        var sections: [(CompiledLexiconFormat.Tag, Section)] = []
        func add<T>(_ tag: CompiledLexiconFormat.Tag, _ array: [T]) { sections.append((tag, Section(array))) }
        typealias T = CompiledLexiconFormat.Tag
        add(T.vocabularyArena, automaton.vocabulary.arena)
        add(T.vocabularyEnds, automaton.vocabulary.ends)
        add(T.vocabularySlots, automaton.vocabulary.slots)
        add(T.vocabularyFilter, automaton.vocabulary.filter.words)
        add(T.wideTables, automaton.wideTables)
        add(T.wideIndex, automaton.wideIndex)
        add(T.rootNext, automaton.rootNext)
        add(T.edges, automaton.edges)
        add(T.payloadStart, automaton.payloadStart)
        add(T.payloads, automaton.payloads)
        add(T.payloadRecords, payloads)
        add(T.exactArena, exactArena)
        add(T.lowerStarts, lowerStarts)
        add(T.stringArena, store.strings.arena)
        add(T.stringEnds, store.strings.ends)
        add(T.stringStart, store.stringStart)
        add(T.aliasCount, store.aliasCount)
        add(T.nameArena, store.names.arena)
        add(T.nameEnds, store.names.ends)
        add(T.entityLabel, store.label)
        add(T.entityFlags, store.flags)
        add(T.entityPrior, store.prior)
        add(T.entityCountry, store.country)
        add(T.entitySubtype, store.subtype)
        add(T.entitySource, store.source)
        add(T.kbArena, kbIndex.arena)
        add(T.kbEnds, kbIndex.ends)
        add(T.kbSlots, kbIndex.slots)
        add(T.kbFilter, kbIndex.filter.words)
        add(T.cueArena, cues.words.arena)
        add(T.cueEnds, cues.words.ends)
        add(T.cueSlots, cues.words.slots)
        add(T.cueFilter, cues.words.filter.words)
        add(T.cueTargetStart, cues.targetStart)
        add(T.cueTargets, cues.targets)
        add(T.diagnosticArena, diagnosticText.arena)
        add(T.diagnosticEnds, diagnosticText.ends)
        add(T.diagnosticLines, diagnosticLines)

        // Layout: header, table, then each section at a multiple of 64.
        let F = CompiledLexiconFormat.self
        var offset = F.headerSize + sections.count * F.entrySize
        var table: [UInt8] = []
        var offsets: [Int] = []
        for (tag, s) in sections {
            offset = (offset + 63) & ~63
            offsets.append(offset)
            table.appendLE(tag.rawValue)
            table.appendLE(UInt32(s.elementSize))
            table.appendLE(UInt64(offset))
            table.appendLE(UInt64(s.count))
            table.appendLE(s.checksum)
            offset += s.byteCount
        }
        let fileLength = offset
        var header: [UInt8] = F.magic
        header.appendLE(F.version)
        header.appendLE(UInt32(sections.count))
        header.appendLE(key)
        header.appendLE(UInt64(fileLength))
        header.appendLE(Checksum.hash(table, seed: Checksum.hash(header)))
        header.appendLE(F.byteOrderMark)
        header.append(contentsOf: repeatElement(0, count: F.headerSize - header.count))

        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CompiledLexiconError.io(path: path, detail: String(cString: strerror(errno))) }
        var ok = true
        func put(_ p: UnsafeRawBufferPointer, at position: Int) {
            var done = 0
            while ok && done < p.count {
                let n = pwrite(fd, p.baseAddress! + done, p.count - done, off_t(position + done))
                if n <= 0 { ok = false } else { done += n }
            }
        }
        header.withUnsafeBytes { put($0, at: 0) }
        table.withUnsafeBytes { put($0, at: F.headerSize) }
        for (k, (_, s)) in sections.enumerated() where s.byteCount > 0 { s.withBytes { put($0, at: offsets[k]) } }
        if ok, ftruncate(fd, off_t(fileLength)) != 0 { ok = false }
        let error = ok ? nil : String(cString: strerror(errno))
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let detail = error ?? String(cString: strerror(errno))
            unlink(temporary)
            throw CompiledLexiconError.io(path: path, detail: detail)
        }
    }

    /// Reads a lexicon written by ``write(to:key:diagnostics:)``: one read per
    /// array straight into its storage, a checksum over each, and size checks.
    /// No alias is tokenized, parsed or hashed.
    ///
    /// - Parameter key: when given, the file's key must equal it.
    /// - Returns: the lexicon and the diagnostics stored with it.
    /// - Throws: a ``CompiledLexiconError`` when the file is missing, of another
    ///   version or key, truncated, corrupt or inconsistent. Never traps on a bad file.
    public static func read(from path: String, key: UInt64? = nil) throws -> (lexicon: Lexicon, diagnostics: [DataFileError]) {
        let F = CompiledLexiconFormat.self
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CompiledLexiconError.io(path: path, detail: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw CompiledLexiconError.io(path: path, detail: String(cString: strerror(errno))) }
        let size = Int(st.st_size)
        func bytes(_ count: Int, at position: Int) throws -> [UInt8] {
            guard position >= 0, count >= 0, position + count <= size else { throw CompiledLexiconError.truncated(path: path) }
            return try [UInt8](unsafeUninitializedCapacity: count) { buf, n in
                try readFully(fd, UnsafeMutableRawBufferPointer(buf), at: position, path: path)
                n = count
            }
        }
        guard size >= F.headerSize else {
            if size >= 8, try bytes(8, at: 0) == F.magic { throw CompiledLexiconError.truncated(path: path) }
            throw CompiledLexiconError.notALexicon(path: path)
        }
        let header = try bytes(F.headerSize, at: 0)
        guard Array(header[0..<8]) == F.magic else { throw CompiledLexiconError.notALexicon(path: path) }
        guard header.readLE(UInt32.self, at: 40) == F.byteOrderMark else { throw CompiledLexiconError.notALexicon(path: path) }
        let version = header.readLE(UInt32.self, at: 8)
        guard version == F.version else { throw CompiledLexiconError.wrongVersion(path: path, found: version) }
        let sectionCount = Int(header.readLE(UInt32.self, at: 12))
        if let key, header.readLE(UInt64.self, at: 16) != key { throw CompiledLexiconError.stale(path: path) }
        guard header.readLE(UInt64.self, at: 24) == UInt64(size), sectionCount <= 1024 else {
            throw CompiledLexiconError.truncated(path: path)
        }
        let table = try bytes(sectionCount * F.entrySize, at: F.headerSize)
        guard Checksum.hash(table, seed: Checksum.hash(Array(header[0..<32]))) == header.readLE(UInt64.self, at: 32) else {
            throw CompiledLexiconError.corrupt(path: path, section: "header")
        }
        var entries: [UInt32: (elementSize: Int, offset: Int, count: Int, checksum: UInt64)] = [:]
        for i in 0..<sectionCount {
            let b = i * F.entrySize
            entries[table.readLE(UInt32.self, at: b)] = (Int(table.readLE(UInt32.self, at: b + 4)),
                                                         Int(clamping: table.readLE(UInt64.self, at: b + 8)),
                                                         Int(clamping: table.readLE(UInt64.self, at: b + 16)),
                                                         table.readLE(UInt64.self, at: b + 24))
        }
        func array<E>(_ tag: CompiledLexiconFormat.Tag, _: E.Type) throws -> [E] {
            guard let e = entries[tag.rawValue], e.elementSize == MemoryLayout<E>.stride else {
                throw CompiledLexiconError.invalid(path: path, detail: "section \(tag) missing or of another element size")
            }
            let (byteCount, overflow) = e.count.multipliedReportingOverflow(by: e.elementSize)
            guard !overflow, e.offset >= F.headerSize, e.offset <= size, byteCount <= size - e.offset else {
                throw CompiledLexiconError.truncated(path: path)
            }
            let out = try [E](unsafeUninitializedCapacity: e.count) { buf, n in
                adviseHugePages(UnsafeMutableRawBufferPointer(buf))
                try readFully(fd, UnsafeMutableRawBufferPointer(buf), at: e.offset, path: path)
                n = e.count
            }
            guard Checksum.hash(out) == e.checksum else { throw CompiledLexiconError.corrupt(path: path, section: "\(tag)") }
            return out
        }
        typealias T = CompiledLexiconFormat.Tag
        func invalid(_ what: String) -> CompiledLexiconError { .invalid(path: path, detail: what) }
        guard let vocabulary = TokenVocabulary(arena: try array(T.vocabularyArena, UInt8.self),
                                               ends: try array(T.vocabularyEnds, UInt32.self),
                                               slots: try array(T.vocabularySlots, UInt64.self),
                                               filter: try array(T.vocabularyFilter, UInt64.self)) else {
            throw invalid("vocabulary")
        }
        let automaton = PhraseAutomaton(vocabulary: vocabulary, rootNext: try array(T.rootNext, UInt64.self),
                                        edges: try array(T.edges, UInt64.self),
                                        wideTables: try array(T.wideTables, UInt64.self),
                                        wideIndex: try array(T.wideIndex, UInt64.self),
                                        payloadStart: try array(T.payloadStart, Int32.self),
                                        payloads: try array(T.payloads, Int32.self))
        guard let strings = StringList(arena: try array(T.stringArena, UInt8.self), ends: try array(T.stringEnds, UInt32.self)),
              let names = StringList(arena: try array(T.nameArena, UInt8.self), ends: try array(T.nameEnds, UInt32.self)) else {
            throw invalid("strings")
        }
        let store = EntityStore(strings: strings, stringStart: try array(T.stringStart, Int32.self),
                                aliasCount: try array(T.aliasCount, Int32.self), names: names,
                                label: try array(T.entityLabel, UInt8.self), flags: try array(T.entityFlags, UInt8.self),
                                prior: try array(T.entityPrior, Double.self), country: try array(T.entityCountry, UInt16.self),
                                subtype: try array(T.entitySubtype, Int32.self), source: try array(T.entitySource, Int32.self))
        guard store.validate() else { throw invalid("entity table") }
        guard let kbIndex = TokenVocabulary(arena: try array(T.kbArena, UInt8.self), ends: try array(T.kbEnds, UInt32.self),
                                            slots: try array(T.kbSlots, UInt64.self), filter: try array(T.kbFilter, UInt64.self)),
              let cueWords = TokenVocabulary(arena: try array(T.cueArena, UInt8.self), ends: try array(T.cueEnds, UInt32.self),
                                             slots: try array(T.cueSlots, UInt64.self), filter: try array(T.cueFilter, UInt64.self))
        else { throw invalid("kb_id or cue index") }
        let cues = ContextCues(words: cueWords, targetStart: try array(T.cueTargetStart, Int32.self),
                               targets: try array(T.cueTargets, Int32.self))
        let lexicon = Lexicon(automaton: automaton, payloads: try array(T.payloadRecords, PayloadRecord.self),
                              exactArena: try array(T.exactArena, UInt8.self), lowerStarts: try array(T.lowerStarts, UInt64.self),
                              store: store, kbIndex: kbIndex, cues: cues)
        guard lexicon.validate() else { throw invalid("matcher") }
        guard let text = StringList(arena: try array(T.diagnosticArena, UInt8.self), ends: try array(T.diagnosticEnds, UInt32.self)) else {
            throw invalid("diagnostics")
        }
        let lines = try array(T.diagnosticLines, Int32.self)
        guard text.count == lines.count * 3 else { throw invalid("diagnostics") }
        let diagnostics = lines.indices.map {
            DataFileError(code: text[3 * $0], file: text[3 * $0 + 1], line: Int(lines[$0]), message: text[3 * $0 + 2])
        }
        return (lexicon, diagnostics)
    }
}

/// One array of a lexicon, type-erased for writing.
private struct Section {
    let elementSize: Int
    let count: Int
    let checksum: UInt64
    let withBytes: ((UnsafeRawBufferPointer) -> Void) -> Void

    init<T>(_ array: [T]) {
        elementSize = MemoryLayout<T>.stride
        count = array.count
        checksum = Checksum.hash(array)
        withBytes = { body in array.withUnsafeBytes(body) }
    }

    var byteCount: Int { elementSize * count }
}

/// Asks the kernel to back the 2 MB-aligned middle of a large new buffer with
/// huge pages, before it is first written. A lexicon of a million aliases has
/// tables of tens of megabytes read at random; with 4 KB pages most reads also
/// miss the TLB. A hint only: where transparent huge pages are off it does nothing.
private func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
    #if os(Linux)
    let huge = 2 << 20
    guard buffer.count >= 2 * huge, let base = buffer.baseAddress else { return }
    let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
    let end = (Int(bitPattern: base) + buffer.count) & ~(huge - 1)
    if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
    #endif
}

private func readFully(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, at position: Int, path: String) throws {
    var done = 0
    while done < buffer.count {
        let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(position + done))
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else {
            throw n == 0 ? CompiledLexiconError.truncated(path: path)
                : CompiledLexiconError.io(path: path, detail: String(cString: strerror(errno)))
        }
        done += n
    }
}

extension [UInt8] {
    mutating func appendLE<T: FixedWidthInteger>(_ v: T) {
        Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) }
    }

    func readLE<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        var v: T = 0
        for i in (0..<MemoryLayout<T>.size).reversed() { v = v << 8 | T(self[offset + i]) }
        return v
    }
}
