import Foundation
import Gazette

/// One tagged entity as tests compare it: its text and label, plus the rest.
public struct TaggedSpan: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public var text: String
    public var label: String
    public var kbID: String?
    public var canonical: String?
    public var source: String

    public var description: String {
        "\(text.debugDescription)/\(label)" + (kbID.map { " \($0)" } ?? "") + " [\(source)]"
    }
}

extension TestSupport {
    /// Tags `text` and returns its entities with their texts (byte offsets).
    public static func spans(_ text: String, tagger: Tagger) throws -> [TaggedSpan] {
        let bytes = Array(text.utf8)
        return try tagger.tag(text).map { e in
            TaggedSpan(start: e.start, end: e.end, text: String(decoding: bytes[e.start..<e.end], as: UTF8.self),
                       label: e.label.name, kbID: e.kbID, canonical: e.canonical, source: e.source.name)
        }
    }

    /// Tags `text` with a new tagger over the bundled lexicons.
    public static func spans(_ text: String) throws -> [TaggedSpan] {
        try spans(text, tagger: tagger())
    }

    /// Writes `files` (relative path → text) under a new temporary directory and returns it.
    public static func makeTree(_ files: [String: String]) throws -> URL {
        let root = try temporaryDirectory()
        for (rel, text) in files {
            let url = root.appendingPathComponent(rel)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    /// Problems with a tagger's output that hold for any text: entities out of
    /// order, overlapping, empty, out of bounds or not on scalar boundaries.
    public static func invariantViolations(_ entities: [Entity], in text: String) -> [String] {
        let bytes = Array(text.utf8)
        var problems: [String] = []
        func isBoundary(_ i: Int) -> Bool { i == bytes.count || (i >= 0 && i < bytes.count && bytes[i] & 0xC0 != 0x80) }
        for (k, e) in entities.enumerated() {
            if e.start >= e.end { problems.append("empty span at \(e.start)") }
            if e.start < 0 || e.end > bytes.count { problems.append("span \(e.start)..<\(e.end) outside \(bytes.count) bytes"); continue }
            if !isBoundary(e.start) || !isBoundary(e.end) { problems.append("span \(e.start)..<\(e.end) splits a character") }
            if k > 0 {
                let p = entities[k - 1]
                if p.end > e.start {
                    problems.append("overlap: \(p.start)..<\(p.end) \(p.label.name) and \(e.start)..<\(e.end) \(e.label.name)")
                }
                if p.start > e.start { problems.append("out of order at \(e.start)") }
            }
            let surface = String(decoding: bytes[e.start..<e.end], as: UTF8.self)
            if surface.first?.isWhitespace == true || surface.last?.isWhitespace == true {
                problems.append("span \(surface.debugDescription) has white space at an edge")
            }
        }
        return problems
    }
}
