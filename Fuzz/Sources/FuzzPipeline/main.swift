// Whole-pipeline harness: any bytes as a document's text, tagged with the
// bundled lexicons and rendered in every stream format. Nothing traps; entities
// lie inside the text on scalar boundaries, sorted and not overlapping; the
// JSONL line is valid JSON; the HTML never carries a '<' taken from the text.
import FuzzSupport
import Glibc
import Gazette

setenv("GAZETTE_CACHE", scratchDirectory("cache"), 1)
let resources = try! Resources()
let tagger = try! Tagger(resources: resources)
let renderers: [any DocumentRenderer] = [JSONLRenderer(options: OutputOptions(offsets: .codepoint, includeText: true)),
                                         JSONLRenderer(options: OutputOptions(offsets: .utf16, includeText: false)),
                                         CoNLLRenderer(), SpacyRenderer(), HTMLRenderer()]
let parser = JSONLineParser()

runFuzzer { data in
    let text = String(decoding: data, as: UTF8.self)
    let bytes = Array(text.utf8)
    let entities: [Entity]
    do { entities = try tagger.tag(text) } catch { return }
    var previousEnd = 0
    for e in entities {
        check(e.start >= previousEnd && e.start < e.end && e.end <= bytes.count,
              "entity \(e.start)..<\(e.end) out of order or outside \(bytes.count) bytes")
        check(bytes[e.start] & 0xC0 != 0x80 && (e.end == bytes.count || bytes[e.end] & 0xC0 != 0x80),
              "entity \(e.start)..<\(e.end) splits a UTF-8 sequence")
        previousEnd = e.end
    }
    let outcome = DocumentOutcome(index: 0, document: Document(id: "fuzz", text: text), entities: entities,
                                  tokens: tagger.lastTokens)
    for (k, renderer) in renderers.enumerated() {
        var out: [UInt8] = []
        renderer.render(outcome, to: &out)
        if k < 2 {
            check(out.last == 0x0A, "JSONL output is not one line")
            let line = Array(out.dropLast())
            check(!line.contains(0x0A), "JSONL output spans several lines")
            do { _ = try line.withUnsafeBufferPointer { try parser.parse($0) } } catch {
                check(false, "JSONL output is not valid: \(error)")
            }
        }
        if renderer is HTMLRenderer {
            // The same document with '<' and '>' in its text replaced must give
            // the same markup: every '<' and '>' in the page is Gazette's own.
            let defused = String(decoding: bytes.map { $0 == 0x3C || $0 == 0x3E ? 0x78 : $0 }, as: UTF8.self)
            var other: [UInt8] = []
            renderer.render(DocumentOutcome(index: 0, document: Document(id: "fuzz", text: defused), entities: entities,
                                            tokens: tagger.lastTokens), to: &other)
            func angles(_ b: [UInt8]) -> Int { b.reduce(0) { $0 + ($1 == 0x3C || $1 == 0x3E ? 1 : 0) } }
            check(angles(out) == angles(other), "HTML output carries a '<' or '>' from the text")
        }
    }
}
