import Foundation
import Testing
import GazetteTestSupport

/// A small lexicon directory the CLI is pointed at with `GAZETTE_LEXICONS`, so
/// that most runs do not pay for loading the bundled lexicons (seconds in a
/// debug build) and do not change when the bundled data does.
enum CLIFixture {
    static let lexicons: String = {
        do {
            let path = try TestSupport.makeTree([
                "news.tsv": [
                    "person/vyacheslav-gladkov\tPERSON\tofficial\tVyacheslav Gladkov\tВячеслав Гладков",
                    "place/kyiv\tGPE\tcity\tKyiv\tKiev|Київ",
                    "place/belgorod\tGPE\tcity\tBelgorod\tБєлгород|Белгород",
                ].joined(separator: "\n"),
                "rules/person_titles.txt": "Governor\n",
                "rules/months.txt": "May\t5\n",
            ]).path
            // Removed when the test process exits.
            atexit { try? FileManager.default.removeItem(atPath: CLIFixture.lexicons) }
            return path
        } catch {
            fatalError("cannot write the CLI fixture: \(error)")
        }
    }()

    /// Runs `gazette` over the fixture lexicons.
    static func run(_ arguments: [String], stdin: String? = nil) throws -> TestSupport.RunResult {
        var env = ProcessInfo.processInfo.environment
        env["GAZETTE_LEXICONS"] = lexicons
        return try TestSupport.run(arguments, stdin: stdin.map { Data($0.utf8) }, environment: env)
    }
}

private func json(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    try #require(TestSupport.json(line), "not JSON: \(line)", sourceLocation: sourceLocation)
}

private func spans(_ obj: [String: Any]) -> [[String: Any]] { obj["spans"] as? [[String: Any]] ?? [] }
private func int(_ v: Any?) -> Int? { (v as? NSNumber)?.intValue }

/// Writes `files` under a new temporary directory; the caller removes it.
private func tree(_ files: [String: String]) throws -> URL { try TestSupport.makeTree(files) }

// MARK: - Help and usage errors

@Test(arguments: [
    (["--help"], ["tag", "eval"]),
    (["tag", "--help"], ["--offsets", "--jobs", "--include-text", "--input-format", "--lexicons", "-o"]),
    (["eval", "--help"], ["--gold", "--pred", "--json"]),
])
func help(arguments: [String], mentions: [String]) throws {
    let r = try TestSupport.run(arguments)
    #expect(r.status == 0, "\(r.stderr)")
    for m in mentions { #expect(r.stdout.contains(m), "\(arguments) help lacks \(m)") }
}

@Test(arguments: [
    (["tag", "--bogus"], "--bogus"),
    (["tag", "--offsets", "bytes"], "bytes"),
    (["tag", "--jobs", "0"], "--jobs"),
    (["tag", "--input-format", "xml"], "xml"),
    (["frobnicate"], "frobnicate"),
    (["eval"], "--gold"),
])
func usageErrors(arguments: [String], mentioned: String) throws {
    let r = try CLIFixture.run(arguments, stdin: "")
    #expect(r.status != 0)
    #expect(r.stderr.contains(mentioned), "stderr: \(r.stderr)")
    #expect(r.stdout.isEmpty)
}

// MARK: - Tagging

@Test func tagsStdinText() throws {
    let r = try CLIFixture.run(["tag"], stdin: "Governor Vyacheslav Gladkov said Kyiv was calm.\n")
    #expect(r.status == 0, "\(r.stderr)")
    try #require(r.lines.count == 1)
    let obj = try json(r.lines[0])
    #expect(obj["id"] as? String == "-")
    let s = spans(obj)
    let gladkov = try #require(s.first { $0["text"] as? String == "Vyacheslav Gladkov" })
    #expect(int(gladkov["start"]) == 9 && int(gladkov["end"]) == 27)
    #expect(gladkov["label"] as? String == "PERSON")
    #expect(gladkov["kb_id"] as? String == "person/vyacheslav-gladkov")
    #expect(gladkov["canonical"] as? String == "Vyacheslav Gladkov")
    #expect(gladkov["source"] as? String == "lexicon")
    #expect(s.contains { $0["text"] as? String == "Kyiv" && $0["kb_id"] as? String == "place/kyiv" })
    #expect(obj["text"] == nil && obj["meta"] == nil)
}

/// The bundled lexicons, as a user gets them.
@Test func tagsWithTheBundledLexicons() throws {
    let r = try TestSupport.run(["tag"], stdin: Data("On Monday Vyacheslav Gladkov visited Київ.".utf8))
    #expect(r.status == 0, "\(r.stderr)")
    let s = spans(try json(try #require(r.lines.first)))
    #expect(s.contains { $0["text"] as? String == "Vyacheslav Gladkov" && $0["label"] as? String == "PERSON" && $0["kb_id"] != nil })
    #expect(s.contains { $0["text"] as? String == "Київ" && $0["label"] as? String == "GPE" && $0["kb_id"] != nil })
}

@Test func jsonlExtraKeysGoToMeta() throws {
    let dir = try tree(["in.jsonl": [
        #"{"id": "a1", "text": "Kyiv at night.", "url": "https://e.com/a", "tags": ["war", {"k": [1, null]}], "n": 2.5e3}"#,
        #"{"id": "a2", "text": "Belgorod."}"#,
    ].joined(separator: "\n")])
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try CLIFixture.run(["tag", dir.appendingPathComponent("in.jsonl").path])
    #expect(r.status == 0, "\(r.stderr)")
    try #require(r.lines.count == 2)
    let a1 = try json(r.lines[0]), a2 = try json(r.lines[1])
    #expect(a1["id"] as? String == "a1" && a2["id"] as? String == "a2")
    let meta = try #require(a1["meta"] as? [String: Any])
    #expect(Set(meta.keys) == ["url", "tags", "n"])
    #expect(meta["url"] as? String == "https://e.com/a")
    let tags = try #require(meta["tags"] as? [Any])
    #expect(tags.first as? String == "war")
    #expect(((tags.last as? [String: Any])?["k"] as? [Any])?.count == 2)
    #expect(a2["meta"] == nil)
    #expect(spans(a1).first?["kb_id"] as? String == "place/kyiv")
}

/// Regression for the JSONL parser: a number RFC 8259 rejects is copied into "meta" raw.
@Test func metaIsValidJSONEvenForMalformedNumbers() throws {
    let r = try CLIFixture.run(["tag"], stdin: #"{"id": "a", "text": "Kyiv", "n": 1e}"# + "\n")
    try #require(r.lines.count == 1)
    #expect(TestSupport.json(r.lines[0]) != nil, "\(r.lines[0])")
}

/// Offsets in every unit slice the span's text out of the document.
@Test(arguments: ["codepoint", "utf16", "utf8"])
func offsetUnits(unit: String) throws {
    let text = "😀 Київ 👩‍👩‍👧 and e\u{301} Kyiv; Вячеслав Гладков in Бєлгород on May 23, 2023 🇺🇦 Kiev."
    let r = try CLIFixture.run(["tag", "--offsets", unit, "--include-text"], stdin: text)
    #expect(r.status == 0, "\(r.stderr)")
    let obj = try json(try #require(r.lines.first))
    #expect(obj["text"] as? String == text)
    let s = spans(obj)
    #expect(s.count >= 6, "\(s)")
    for span in s {
        let start = try #require(int(span["start"])), end = try #require(int(span["end"]))
        let slice: String
        switch unit {
        case "utf8": slice = String(decoding: Array(text.utf8)[start..<end], as: UTF8.self)
        case "utf16": slice = String(decoding: Array(text.utf16)[start..<end], as: UTF16.self)
        default:
            var view = String.UnicodeScalarView()
            view.append(contentsOf: Array(text.unicodeScalars)[start..<end])
            slice = String(view)
        }
        #expect(slice == span["text"] as? String, "\(unit) \(start)..<\(end)")
    }
    for name in ["Київ", "Kyiv", "Вячеслав Гладков", "Бєлгород", "Kiev"] {
        #expect(s.contains { $0["text"] as? String == name }, "\(name) missing from \(s)")
    }
}

@Test func includeTextIsOptIn() throws {
    let without = try CLIFixture.run(["tag"], stdin: "Kyiv")
    let with = try CLIFixture.run(["tag", "--include-text"], stdin: "Kyiv")
    #expect(try json(try #require(without.lines.first))["text"] == nil)
    #expect(try json(try #require(with.lines.first))["text"] as? String == "Kyiv")
}

@Test func stdinJSONLIsDetected() throws {
    let r = try CLIFixture.run(["tag"], stdin: "\n  " + #"{"id": "x", "text": "Kyiv"}"# + "\n" + #"{"id": "y", "text": "Kiev"}"# + "\n")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try r.lines.map { try json($0)["id"] as? String } == ["x", "y"])
}

@Test func directoryInput() throws {
    let dir = try tree([
        "b/two.txt": "Belgorod.",
        "a.txt": "Kyiv.",
        "b/one.jsonl": #"{"id": "j1", "text": "Kiev"}"# + "\n" + #"{"id": "j2", "text": "Київ"}"#,
        "c/skip.md": "Kyiv",
        "c/three.txt": "Nothing here.",
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try CLIFixture.run(["tag", dir.path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try r.lines.map { try json($0)["id"] as? String } == ["a.txt", "j1", "j2", "b/two.txt", "c/three.txt"])
}

@Test func inputOrderIsKeptAcrossArguments() throws {
    let dir = try tree(["z.txt": "Kyiv.", "a.txt": "Kiev."])
    defer { try? FileManager.default.removeItem(at: dir) }
    let z = dir.appendingPathComponent("z.txt").path, a = dir.appendingPathComponent("a.txt").path
    let r = try CLIFixture.run(["tag", z, a])
    #expect(try r.lines.map { try json($0)["id"] as? String } == [z, a])
}

@Test func invalidUTF8IsReplacedAndReported() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data(Array("Kyiv ".utf8) + [0xFF, 0xFE] + Array(" Belgorod".utf8)).write(to: dir.appendingPathComponent("bad.txt"))
    let r = try CLIFixture.run(["tag", "--include-text", dir.path])
    #expect(r.status == 0, "\(r.stderr)")
    try #require(r.lines.count == 1)
    let obj = try json(r.lines[0])
    #expect(obj["id"] as? String == "bad.txt")
    #expect((obj["text"] as? String)?.contains("\u{FFFD}") == true)
    #expect(spans(obj).map { $0["text"] as? String } == ["Kyiv", "Belgorod"])
    #expect(r.stderr.contains("bad.txt") && r.stderr.contains("U+FFFD"), "stderr: \(r.stderr)")
}

@Test func malformedJSONLLineIsAnErrorLine() throws {
    let dir = try tree(["in.jsonl": [
        #"{"id": "ok1", "text": "Kyiv"}"#,
        #"{"id": "broken", "text": "Kyiv"#,
        #"{"id": "ok2", "text": "Belgorod"}"#,
    ].joined(separator: "\n") + "\n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("in.jsonl").path
    let r = try CLIFixture.run(["tag", path])
    #expect(r.status == 1)
    try #require(r.lines.count == 3)
    let objs = try r.lines.map { try json($0) }
    #expect(objs.map { $0["id"] as? String } == ["ok1", "\(path):2", "ok2"])
    #expect(objs[0]["spans"] != nil && objs[2]["spans"] != nil)
    #expect(objs[1]["spans"] == nil)
    let error = try #require(objs[1]["error"] as? String)
    #expect(error.contains("in.jsonl:2"), "\(error)")
    #expect(r.stderr.contains("in.jsonl:2"), "stderr: \(r.stderr)")
}

@Test func missingInputIsAnErrorLine() throws {
    let dir = try tree(["a.txt": "Kyiv."])
    defer { try? FileManager.default.removeItem(at: dir) }
    let missing = dir.appendingPathComponent("missing.txt").path
    let r = try CLIFixture.run(["tag", missing, dir.appendingPathComponent("a.txt").path])
    #expect(r.status == 1)
    try #require(r.lines.count == 2)
    let first = try json(r.lines[0])
    #expect(first["id"] as? String == missing)
    #expect((first["error"] as? String)?.contains(missing) == true)
    #expect(try json(r.lines[1])["spans"] != nil)
    #expect(r.stderr.contains(missing))
}

@Test func outputIsTheSameForAnyNumberOfJobs() throws {
    var lines: [String] = []
    for i in 0..<60 {
        let text = (0..<(i % 7 + 1)).map { k in "Governor Vyacheslav Gladkov \(k) said Kyiv (Київ) and Бєлгород 😀 #\(i) on May \(k + 1), 2023." }.joined(separator: " ")
        lines.append(i == 31 ? #"{"id": "bad""# : #"{"id": "d\#(i)", "text": "\#(text)", "i": \#(i)}"#)
    }
    let dir = try tree(["in.jsonl": lines.joined(separator: "\n") + "\n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("in.jsonl").path
    let one = try CLIFixture.run(["tag", "--jobs", "1", path])
    let two = try CLIFixture.run(["tag", "--jobs", "2", path])
    let four = try CLIFixture.run(["tag", "--jobs", "4", path])
    #expect(one.lines.count == lines.count)
    #expect(one.stdout == two.stdout)
    #expect(one.stdout == four.stdout)
    #expect(one.status == 1 && two.status == 1)
}

@Test func outputFile() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("out.jsonl").path
    let r = try CLIFixture.run(["tag", "-o", out], stdin: "Kyiv")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.isEmpty)
    let written = try String(contentsOfFile: out, encoding: .utf8)
    #expect(written == (try CLIFixture.run(["tag"], stdin: "Kyiv")).stdout)
    #expect(written.hasSuffix("}\n"))
}

// MARK: - Evaluation

private let goldLines = [
    #"{"id": "g1", "text": "Governor Vyacheslav Gladkov said Kyiv was calm.", "spans": [{"start": 9, "end": 27, "label": "PERSON"}, {"start": 33, "end": 37, "label": "GPE"}]}"#,
    #"{"id": "g2", "text": "Belgorod and the Legion.", "spans": [{"start": 0, "end": 8, "label": "LOC"}, {"start": 17, "end": 23, "label": "ORG"}]}"#,
]

@Test func evalPrintsATable() throws {
    let dir = try tree(["gold.jsonl": goldLines.joined(separator: "\n")])
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try CLIFixture.run(["eval", "--gold", dir.appendingPathComponent("gold.jsonl").path])
    #expect(r.status == 0, "\(r.stderr)")
    let firstWords = r.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
    #expect(firstWords.prefix(5) == ["label", "ORG", "PERSON", "PLACE", "micro"])
    #expect(r.stdout.contains("2 documents"))
}

@Test func evalJSON() throws {
    let dir = try tree(["gold.jsonl": goldLines.joined(separator: "\n")])
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try CLIFixture.run(["eval", "--json", "--gold", dir.appendingPathComponent("gold.jsonl").path])
    #expect(r.status == 0, "\(r.stderr)")
    let obj = try json(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    #expect(obj["documents"] as? Int == 2)
    let micro = try #require(obj["micro"] as? [String: Any])
    let strict = try #require(micro["strict"] as? [String: Any])
    // The fixture knows the person and both places, not the organization.
    #expect(strict["gold"] as? Int == 4)
    #expect(strict["true_positives"] as? Int == 3, "\(strict)")
    #expect((micro["lenient"] as? [String: Any])?["f1"] is Double)
}

@Test func evalAgainstAPredictionFile() throws {
    let pred = [
        #"{"id": "g1", "spans": [{"start": 9, "end": 27, "label": "PERSON"}, {"start": 33, "end": 37, "label": "LOC"}]}"#,
        #"{"id": "g2", "error": "could not tag"}"#,
    ]
    let dir = try tree(["gold.jsonl": goldLines.joined(separator: "\n"), "pred.jsonl": pred.joined(separator: "\n")])
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try CLIFixture.run(["eval", "--json", "--gold", dir.appendingPathComponent("gold.jsonl").path,
                                "--pred", dir.appendingPathComponent("pred.jsonl").path])
    #expect(r.status == 0, "\(r.stderr)")
    let obj = try json(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    let strict = try #require((obj["micro"] as? [String: Any])?["strict"] as? [String: Any])
    #expect(strict["true_positives"] as? Int == 2 && strict["predicted"] as? Int == 2 && strict["gold"] as? Int == 4)
}

@Test func evalWithABadGoldFileNamesTheLine() throws {
    let dir = try tree(["gold.jsonl": goldLines[0] + "\n{not json\n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("gold.jsonl").path
    let r = try CLIFixture.run(["eval", "--gold", path])
    #expect(r.status != 0)
    #expect(r.stderr.contains("\(path):2"), "stderr: \(r.stderr)")
}

/// `--stats` ends the run with documents/s, MB/s, peak RSS and the time of
/// every stage on stderr, and changes nothing on stdout.
@Test func statsReportsEveryStage() throws {
    let text = "Governor Vyacheslav Gladkov said Kyiv was calm.\n"
    let plain = try CLIFixture.run(["tag"], stdin: text)
    let r = try CLIFixture.run(["tag", "--stats"], stdin: text)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == plain.stdout)
    for word in ["1 documents", "documents/s", "MB/s", "peak RSS", "tokenization", "lexicon", "rules", "resolution",
                 "normalization", "output"] {
        #expect(r.stderr.contains(word), "\(word) missing from: \(r.stderr)")
    }
}

// MARK: - bench

/// `gazette bench` on a small corpus: raw ICU word breaks and the whole
/// pipeline over the same documents and tokens, for 1 job and for --jobs,
/// their ratios and the start-up time, as JSON and as text. Only that the
/// figures are measured is checked: timings belong in benchmarks.
@Test func benchMeasuresPipelineAndICUForOneAndNJobs() throws {
    let docs = (0..<40).map { i in
        "{\"id\":\"d\(i)\",\"text\":\"Governor Vyacheslav Gladkov said on \(i % 28 + 1) May that shelling of Belgorod had stopped, and Kyiv said nothing.\"}"
    }
    let dir = try tree(["corpus.jsonl": docs.joined(separator: "\n") + "\n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let corpus = dir.appendingPathComponent("corpus.jsonl").path
    let saved = dir.appendingPathComponent("saved.jsonl").path
    let r = try CLIFixture.run(["bench", "--corpus", corpus, "--jobs", "2", "--repeats", "1", "--json", "--save-corpus", saved])
    #expect(r.status == 0, "\(r.stderr)")
    let obj = try json(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    let rows = obj["results"] as? [[String: Any]] ?? []
    #expect(Set(rows.map { "\($0["name"] ?? "") \(int($0["jobs"]) ?? 0)" })
            == ["icu-wordbreak 1", "pipeline 1", "icu-wordbreak 2", "pipeline 2"])
    for row in rows {
        #expect(int(row["documents"]) == 40)
        #expect(int(row["tokens"]) == int(rows.first?["tokens"]) && (int(row["tokens"]) ?? 0) > 400, "\(row)")
        #expect(((row["mb_per_s"] as? NSNumber)?.doubleValue ?? 0) > 0, "\(row)")
    }
    let ratios = obj["ratios"] as? [String: Any] ?? [:]
    #expect(Set(ratios.keys) == ["pipeline_vs_icu_jobs1", "pipeline_vs_icu_jobs2", "pipeline_jobs2_vs_jobs1"])
    #expect(((obj["startup_seconds"] as? NSNumber)?.doubleValue ?? 0) > 0)
    // The corpus measured on, saved for the peer comparison: the same documents.
    let savedLines = try String(contentsOfFile: saved, encoding: .utf8).split(separator: "\n")
    #expect(savedLines.count == 40 && savedLines.first?.contains("Gladkov") == true)
    let text = try CLIFixture.run(["bench", "--corpus", corpus, "--jobs", "2", "--repeats", "1"])
    #expect(text.status == 0, "\(text.stderr)")
    for phrase in ["pipeline / ICU word-break, 1 job:", "pipeline, 2 jobs / 1 job:", "start-up (resources and one tagger):",
                   "time per stage"] {
        #expect(text.stdout.contains(phrase), "\(text.stdout)")
    }
}
