import Foundation
import Testing
import Gazette
import GazetteTestSupport


/// One `T` line of an `.ann` file.
struct BratSpan: Equatable, CustomStringConvertible {
    var id: String
    var label: String
    var fragments: [[Int]]
    var text: String
    var description: String { "\(id) \(label) \(fragments) \(text.debugDescription)" }
}

/// Parses the `T` lines of an `.ann` file; `#` note lines are returned by target.
func parseAnn(_ ann: String) -> (spans: [BratSpan], notes: [String: String]) {
    var spans: [BratSpan] = [], notes: [String: String] = [:]
    for line in ann.split(separator: "\n") {
        let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        if line.hasPrefix("T"), cols.count == 3 {
            let head = cols[1].split(separator: " ", maxSplits: 1)
            let fragments = head[1].split(separator: ";").map { $0.split(separator: " ").map { Int($0) ?? -1 } }
            spans.append(BratSpan(id: cols[0], label: String(head[0]), fragments: fragments, text: cols[2]))
        } else if line.hasPrefix("#"), cols.count == 3 {
            notes[String(cols[1].split(separator: " ")[1])] = cols[2]
        }
    }
    return (spans, notes)
}

/// The problems with `ann` against its `.txt`: fragments whose text (joined
/// with a space, as brat does) is not the text field, or out of range.
func bratOffsetProblems(_ ann: String, text: String) -> [String] {
    let count = text.unicodeScalars.count
    var problems: [String] = []
    for s in parseAnn(ann).spans {
        guard s.fragments.allSatisfy({ $0.count == 2 && 0 <= $0[0] && $0[0] < $0[1] && $0[1] <= count }) else {
            problems.append("bad offsets: \(s)")
            continue
        }
        let joined = s.fragments.map { FormatFixture.slice(text, $0[0], $0[1]) }.joined(separator: " ")
        if joined != s.text { problems.append("\(s) but the .txt has \(joined.debugDescription)") }
    }
    return problems
}

// MARK: - .ann lines

@Test(arguments: [
    ("Governor Vyacheslav Gladkov said.", [Mark(text: "Vyacheslav Gladkov", label: .person, kbID: "person/vyacheslav-gladkov")],
     ["T1\tPERSON 9 27\tVyacheslav Gladkov"]),
    // Code points: what brat (Python) counts.
    ("У Києві 😀 Зеленський", [Mark(text: "Києві", label: .gpe), Mark(text: "Зеленський", label: .person)],
     ["T1\tGPE 2 7\tКиєві", "T2\tPERSON 10 20\tЗеленський"]),
    // A mention across a line break becomes two fragments; the text joins them with a space.
    ("the Freedom of\nRussia Legion said", [Mark(text: "Freedom of\nRussia Legion", label: .org)],
     ["T1\tORG 4 14;15 28\tFreedom of Russia Legion"]),
    ("a Kyiv\r\nOblast b", [Mark(text: "Kyiv\r\nOblast", label: .gpe)], ["T1\tGPE 2 6;8 14\tKyiv Oblast"]),
])
func annLines(text: String, marks: [Mark], expected: [String]) throws {
    let ann = FormatFixture.render(BratRenderer(), try FormatFixture.outcome(text, marks))
    #expect(ann.split(separator: "\n").filter { $0.hasPrefix("T") }.map(String.init) == expected)
    #expect(bratOffsetProblems(ann, text: text) == [])
}

@Test func notesCarryKbIDCanonicalAndSource() throws {
    let text = "Governor Vyacheslav Gladkov said."
    let ann = FormatFixture.render(BratRenderer(), try FormatFixture.outcome(text, [
        Mark(text: "Vyacheslav Gladkov", label: .person, kbID: "person/vyacheslav-gladkov"), Mark(text: "Governor", label: .norp),
    ]))
    let notes = parseAnn(ann).notes
    #expect(notes["T1"] == "source: lexicon")
    #expect(notes["T2"] == "kb_id: person/vyacheslav-gladkov; canonical: Vyacheslav Gladkov; source: lexicon")
}

@Test func checkerCatchesAWrongOffset() {
    #expect(bratOffsetProblems("T1\tGPE 0 4\tKyiv\n", text: "Kyiv") == [])
    #expect(bratOffsetProblems("T1\tGPE 1 5\tKyiv\n", text: " Kyiv") == [])
    #expect(bratOffsetProblems("T1\tGPE 0 4\tKyiv\n", text: " Kyiv").count == 1)
    #expect(bratOffsetProblems("T1\tGPE 0 9\tKyiv\n", text: "Kyiv").count == 1)
}

// MARK: - File names: ids never leave the directory

@Test(arguments: [
    ("01-belgorod-raid.txt", "01-belgorod-raid"),
    ("news/2023/a.txt", "news/2023/a"),
    ("wn01", "wn01"),
    ("Київ-новини", "Київ-новини"),
    ("../../etc/passwd", "etc/passwd"),
    ("/abs/path.txt", "abs/path"),
    ("a/./b/../c", "a/b/c"),
    ("a\\..\\..\\b", "a/b"),
    ("..", "doc-7"),
    ("/", "doc-7"),
    ("", "doc-7"),
    ("-", "stdin"),
    ("-rf", "_rf"),
    (".hidden", "_hidden"),
    ("x:y*z?<>|\"", "x_y_z_____"),
    ("tab\there\u{0}nul", "tab_here_nul"),
    ("a.txt/b", "a.txt_/b"),
    ("notes.ANN/c", "notes.ANN_/c"),
    (String(repeating: "я", count: 150), String(repeating: "я", count: 100)),
])
func fileStems(id: String, stem: String) {
    #expect(BratWriter.fileStem(forID: id, index: 7) == stem)
}

// MARK: - The writer

@Test func writerPutsEveryDocumentInsideTheDirectory() throws {
    let root = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let dir = root.appendingPathComponent("out/brat").path
    let writer = try BratWriter(directory: dir)
    let docs: [(String, String)] = [
        ("../escape.txt", "Kyiv is calm."), ("a/b.txt", "Lviv."), ("a/b.txt", "Lviv again."), ("A/B", "Odesa."), ("-", "stdin text"),
    ]
    for (k, (id, text)) in docs.enumerated() {
        let outcome = try FormatFixture.outcome(text, [], id: id, index: k)
        var ann: [UInt8] = []
        writer.renderer.render(outcome, to: &ann)
        try writer.write(ann, for: outcome)
    }
    // A failed document writes nothing.
    try writer.write([], for: DocumentOutcome(index: 9, document: Document(id: "failed", text: "x"), entities: nil, error: "e"))
    try writer.finish()
    let files = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter { $0.contains(".") }.sorted()
    #expect(files == ["A/B-3.ann", "A/B-3.txt", "a/b-2.ann", "a/b-2.txt", "a/b.ann", "a/b.txt", "annotation.conf",
                      "escape.ann", "escape.txt", "stdin.ann", "stdin.txt"])
    #expect(try String(contentsOfFile: dir + "/a/b-2.txt", encoding: .utf8) == "Lviv again.")
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out/escape.txt").path))
    let conf = try String(contentsOfFile: dir + "/annotation.conf", encoding: .utf8)
    #expect(conf.contains("[entities]\nPERSON\n"))
}

@Test func writerRefusesToFollowASymbolicLink() throws {
    let root = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let dir = root.appendingPathComponent("brat").path
    let outside = root.appendingPathComponent("outside").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: outside)
    try FileManager.default.createSymbolicLink(atPath: dir + "/file.txt", withDestinationPath: outside + "/target.txt")
    let writer = try BratWriter(directory: dir)
    for id in ["link/x.txt", "file.txt"] {
        let outcome = try FormatFixture.outcome("Kyiv.", [], id: id)
        #expect(throws: OutputError.self) { try writer.write([], for: outcome) }
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: outside) == [])
}

@Test func directoryThatIsAFileIsAnError() throws {
    let root = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let file = root.appendingPathComponent("plain").path
    FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
    #expect(throws: OutputError.self) { try BratWriter(directory: file) }
    #expect(throws: OutputError.self) { try OutputFormat.brat.makeWriter(options: OutputOptions(), directory: nil, emit: { _ in }) }
}
