#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GazetteCore

/// Renders a document's entities as a brat standoff `.ann` file:
///
/// ```text
/// T1	PERSON 9 27	Vyacheslav Gladkov
/// #1	AnnotatorNotes T1	kb_id: person/vyacheslav-gladkov; canonical: Vyacheslav Gladkov; source: lexicon
/// ```
///
/// - Offsets are code points into the `.txt` file (the document text as
///   UTF-8), end exclusive, as brat counts them.
/// - An entity that crosses a line break is written as discontinuous
///   fragments (`T3	ORG 10 15;16 22	...`), since an `.ann` line cannot hold
///   the break; the text field joins the fragments with a space, as brat does.
/// - The kb_id, canonical name, subtype and source go into an
///   `AnnotatorNotes` line, which brat shows on hover without any configuration.
public struct BratRenderer: DocumentRenderer {
    public init() {}

    public func render(_ outcome: DocumentOutcome, to out: inout [UInt8]) {
        guard let entities = outcome.entities else { return }
        var text = outcome.document.text
        text.withUTF8 { b in
            var converter = OffsetConverter(unit: .codepoint)
            for (k, e) in entities.enumerated() {
                let n = k + 1
                // Fragments: the entity's byte range cut at line breaks, blank pieces dropped.
                var fragments: [(Int, Int)] = []
                var s = e.start
                for i in e.start...e.end where i == e.end || b[i] == 0x0A || b[i] == 0x0D {
                    var a = s, z = i
                    while a < z && TextFacts.isPythonSpace(UInt32(b[a])) && b[a] < 0x80 { a += 1 }
                    while z > a && TextFacts.isPythonSpace(UInt32(b[z - 1])) && b[z - 1] < 0x80 { z -= 1 }
                    if a < z { fragments.append((a, z)) }
                    s = i + 1
                }
                if fragments.isEmpty { continue }
                out.append(0x54) // T
                JSONWriter.appendInt(n, to: &out)
                out.append(0x09)
                out.append(contentsOf: e.label.name.utf8)
                for (f, (a, z)) in fragments.enumerated() {
                    out.append(f == 0 ? 0x20 : 0x3B)
                    JSONWriter.appendInt(converter.convert(a, in: b), to: &out)
                    out.append(0x20)
                    JSONWriter.appendInt(converter.convert(z, in: b), to: &out)
                }
                out.append(0x09)
                for (f, (a, z)) in fragments.enumerated() {
                    if f > 0 { out.append(0x20) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[a..<z]))
                }
                out.append(0x0A)
                var notes: [String] = []
                if let kb = e.kbID { notes.append("kb_id: " + kb) }
                if let c = e.canonical { notes.append("canonical: " + c) }
                if let st = e.subtype { notes.append("subtype: " + st) }
                notes.append("source: " + e.source.name)
                out.append(0x23) // #
                JSONWriter.appendInt(n, to: &out)
                JSONWriter.append("\tAnnotatorNotes T", to: &out)
                JSONWriter.appendInt(n, to: &out)
                out.append(0x09)
                for c in notes.joined(separator: "; ").utf8 {
                    out.append(c == 0x09 || c == 0x0A || c == 0x0D ? 0x20 : c)
                }
                out.append(0x0A)
            }
        }
    }
}

/// Writes a brat collection: for each document `STEM.txt` (its text as UTF-8)
/// and `STEM.ann` (``BratRenderer``) under one directory, plus an
/// `annotation.conf` declaring Gazette's labels when the directory has none.
///
/// Document ids become file stems through ``fileStem(forID:index:)``, which
/// keeps them inside the directory whatever they contain; two documents whose
/// stems collide get `-2`, `-3`, ... appended. Existing files of the same name
/// are replaced; a path component that exists as anything but a directory (a
/// symbolic link included) is an error, so output never leaves the directory.
/// Failed documents get no files (the caller reports them).
public final class BratWriter: OutputWriter {
    public let renderer: any DocumentRenderer = BratRenderer()
    /// The collection's directory.
    public let directory: String
    private var used: Set<String> = []

    /// Creates `directory` (and its parents) when missing and writes its
    /// `annotation.conf` unless one is there.
    /// - Throws: ``OutputError`` when the directory cannot be created or written.
    public init(directory: String) throws(OutputError) {
        self.directory = directory
        var isDir = false
        var st = stat()
        if stat(directory, &st) == 0 {
            isDir = (st.st_mode & S_IFMT) == S_IFDIR
            if !isDir { throw OutputError("\(directory): exists and is not a directory (--format brat writes a directory)") }
        } else {
            var prefix = directory.hasPrefix("/") ? "/" : ""
            for part in directory.split(separator: "/") {
                prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
                if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                    throw OutputError("\(directory): cannot create directory \(prefix): \(String(cString: strerror(errno)))")
                }
            }
        }
        let conf = directory + "/annotation.conf"
        if access(conf, F_OK) != 0 {
            try Self.writeFile(conf, Array(Self.annotationConf.utf8), what: "the brat configuration")
        }
    }

    public func write(_ rendered: [UInt8], for outcome: DocumentOutcome) throws(OutputError) {
        guard outcome.entities != nil else { return }
        var stem = Self.fileStem(forID: outcome.document.id, index: outcome.index)
        if used.contains(stem.lowercased()) {
            var n = 2
            while used.contains("\(stem)-\(n)".lowercased()) { n += 1 }
            stem = "\(stem)-\(n)"
        }
        used.insert(stem.lowercased())
        let what = "document \(outcome.document.id)"
        // Create the stem's folders one by one, refusing anything that is not a plain directory.
        let parts = stem.split(separator: "/")
        var path = directory
        for part in parts.dropLast() {
            path += "/" + part
            if mkdir(path, 0o755) != 0 {
                let err = errno
                var st = stat()
                guard err == EEXIST, lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
                    throw OutputError("\(what): cannot write under \(path): "
                        + (err == EEXIST ? "it exists and is not a directory" : String(cString: strerror(err))))
                }
            }
        }
        path = directory + "/" + stem
        try Self.writeFile(path + ".txt", Array(outcome.document.text.utf8), what: what)
        try Self.writeFile(path + ".ann", rendered, what: what)
    }

    public func finish() throws(OutputError) {}

    /// The relative path, without extension, where a document's files go.
    ///
    /// The id is split at `/` and `\`; empty, `.` and `..` components are
    /// dropped, so the path can only go down into the directory. In each
    /// component, characters other than letters, digits and `-_.+@=,` become
    /// `_`, as does a leading `.` or `-` (no hidden files, nothing a shell
    /// takes for an option), and components are cut to 200 bytes. A final
    /// `.txt` is dropped (`a/b.txt` → `a/b`, giving `a/b.txt` and `a/b.ann`);
    /// `-` (standard input) becomes `stdin`; an id with nothing left becomes
    /// `doc-<index>`. A folder named like a document file (`x.txt`, `x.ann`) gets
    /// a final `_`.
    public static func fileStem(forID id: String, index: Int) -> String {
        if id == "-" { return "stdin" }
        var base = Substring(id)
        if base.lowercased().hasSuffix(".txt") { base = base.dropLast(4) }
        var parts: [String] = []
        for raw in base.split(whereSeparator: { $0 == "/" || $0 == "\\" }) where raw != "." && raw != ".." {
            var part = ""
            for c in raw {
                let keep = (c.isLetter || c.isNumber || "-_.+@=,".contains(c)) && !c.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
                part.append(keep ? c : "_")
            }
            if part.hasPrefix(".") || part.hasPrefix("-") { part = "_" + part.dropFirst() }
            while part.utf8.count > 200 { part.removeLast() }
            if !part.isEmpty { parts.append(part) }
        }
        // A folder must not take the name of a document's file (`a.txt/b` beside `a`).
        for k in parts.indices.dropLast() where parts[k].lowercased().hasSuffix(".txt") || parts[k].lowercased().hasSuffix(".ann") {
            parts[k] += "_"
        }
        return parts.isEmpty ? "doc-\(index)" : parts.joined(separator: "/")
    }

    /// brat's `annotation.conf` with every Gazette label as an entity type.
    public static let annotationConf: String = {
        var s = "# Entity types written by Gazette (gazette tag --format brat).\n[entities]\n"
        for label in EntityLabel.allCases { s += label.name + "\n" }
        s += "[relations]\n[events]\n[attributes]\n"
        return s
    }()

    /// Writes `bytes` to `path`, replacing a regular file but never following a symbolic link.
    private static func writeFile(_ path: String, _ bytes: [UInt8], what: String) throws(OutputError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError("\(what): cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBufferPointer { systemWrite(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError("\(what): cannot write \(path): \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }
}

/// `write(2)`, out of reach of the writers' own `write` methods.
private func systemWrite(_ fd: Int32, _ buffer: UnsafePointer<UInt8>, _ count: Int) -> Int {
    write(fd, buffer, count)
}
