import Foundation
import Testing
import GazetteTestSupport

// Output checked by the programs people read it with: spaCy (from PyPI, in a
// virtual environment) and headless Chromium (Debian's package).
// `scripts/setup-test-tools` installs both and `.ci/run` calls it; elsewhere
// these tests are skipped with a message unless GAZETTE_REQUIRE_TOOLS=1, which
// makes a missing tool a failure.

/// Where the external programs are.
enum ExternalTools {
    static let environment = ProcessInfo.processInfo.environment

    /// True when a missing tool must fail the tests rather than skip them (CI).
    static let required = environment["GAZETTE_REQUIRE_TOOLS"] == "1"

    /// The virtual environment `scripts/setup-test-tools` installs spaCy into.
    static let venv: String = environment["GAZETTE_VENV"]
        ?? (environment["XDG_CACHE_HOME"] ?? (NSHomeDirectory() + "/.cache")) + "/gazette/venv"

    /// A Python that imports spaCy, or nil.
    static let python: String? = {
        let python = venv + "/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python),
              let r = try? runTool(python, ["-c", "import spacy"], timeout: 120), r.status == 0 else { return nil }
        return python
    }()

    /// Chromium (`$GAZETTE_CHROMIUM`, or the first of chromium, chromium-browser, google-chrome on PATH), or nil.
    static let chromium: String? = {
        if let c = environment["GAZETTE_CHROMIUM"] { return c }
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }()

    static let missingPython = "spaCy is not installed in \(venv): run scripts/setup-test-tools (CI does)"
    static let missingChromium = "chromium is not installed: run scripts/setup-test-tools (CI does)"
}

/// What a program printed and how it ended.
struct ToolResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion (killing it after `timeout` seconds) and returns its status and output.
func runTool(_ executable: String, _ arguments: [String], timeout: TimeInterval = 180) throws -> ToolResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = TestSupport.packageRoot
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data(), errData = Data()
    group.enter()
    DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    group.enter()
    DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    if group.wait(timeout: .now() + timeout) == .timedOut {
        process.terminate()
        group.wait()
    }
    process.waitUntilExit()
    return ToolResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                 stderr: String(decoding: errData, as: UTF8.self))
}

// MARK: - spaCy reads --format spacy (and --format conll) to the same entities

@Test(.enabled(if: ExternalTools.python != nil || ExternalTools.required, Comment(rawValue: ExternalTools.missingPython)),
      .timeLimit(.minutes(10)))
func spacyLoadsTheOutput() throws {
    let python = try #require(ExternalTools.python, Comment(rawValue: ExternalTools.missingPython))
    let (dir, path) = try formatInput()
    defer { try? FileManager.default.removeItem(at: dir) }
    // The written corpus with the bundled lexicons, plus the fixture's awkward spacing and failures.
    let articles = TestSupport.packageRoot.appendingPathComponent("Corpus/articles").path
    var files: [String: String] = [:]
    for (name, args) in [("ref.jsonl", ["--include-text"]), ("out.spacy.jsonl", ["--format", "spacy"]), ("out.conll", ["--format", "conll"])] {
        let out = dir.appendingPathComponent(name).path
        let r = try TestSupport.run(["tag", articles, path, "-o", out] + args)
        #expect(r.status == 1, "only the broken fixture line fails: \(r.stderr)")
        files[name] = out
    }
    let r = try runTool(python, ["scripts/check_spacy.py", "--spacy", files["out.spacy.jsonl"]!,
                                 "--reference", files["ref.jsonl"]!, "--conll", files["out.conll"]!])
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("documents"), "\(r.stdout)")
}

/// The checker is not a rubber stamp: a shifted entity is reported.
@Test(.enabled(if: ExternalTools.python != nil || ExternalTools.required, Comment(rawValue: ExternalTools.missingPython)))
func spacyCheckerRejectsAWrongSpan() throws {
    let python = try #require(ExternalTools.python, Comment(rawValue: ExternalTools.missingPython))
    let dir = try TestSupport.makeTree([
        "ref.jsonl": #"{"id": "a", "text": "Kyiv is calm", "spans": [{"start": 0, "end": 4, "label": "GPE"}]}"# + "\n",
        "out.jsonl": #"{"id": "a", "text": "Kyiv is calm", "ents": [{"start": 5, "end": 7, "label": "GPE"}], "spans": {"gazette": [{"start": 5, "end": 7, "label": "GPE", "kb_id": ""}]}, "tokens": [{"id": 0, "start": 0, "end": 4}, {"id": 1, "start": 5, "end": 7}, {"id": 2, "start": 8, "end": 12}]}"# + "\n",
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try runTool(python, ["scripts/check_spacy.py", "--spacy", dir.appendingPathComponent("out.jsonl").path,
                                 "--reference", dir.appendingPathComponent("ref.jsonl").path])
    #expect(r.status == 1)
    #expect(r.stdout.contains("ents"), "\(r.stdout)\(r.stderr)")
}

// MARK: - Chromium renders --format html: entities in the DOM, no script ran

private let hostileArticle = """
Governor Vyacheslav Gladkov said Kyiv was calm. \
<script>document.title = "pwned"; document.documentElement.setAttribute("data-pwned", "script")</script> \
<img src="x" onerror="document.documentElement.setAttribute('data-pwned', 'img')"> Belgorod was not.
"""

private func chromiumArguments(profile: String) -> [String] {
    ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
     "--user-data-dir=\(profile)", "--window-size=1280,800"]
}

@Test(.enabled(if: ExternalTools.chromium != nil || ExternalTools.required, Comment(rawValue: ExternalTools.missingChromium)),
      .timeLimit(.minutes(5)))
func htmlRendersInChromium() throws {
    let chromium = try #require(ExternalTools.chromium, Comment(rawValue: ExternalTools.missingChromium))
    let input = [
        #"{"id": "<i>hostile</i>", "text": \#(String(decoding: try JSONSerialization.data(withJSONObject: hostileArticle, options: .fragmentsAllowed), as: UTF8.self))}"#,
        #"{"id": "second", "text": "Вячеслав Гладков visited Київ; Kiev and Kyiv are one place."}"#,
    ]
    let dir = try TestSupport.makeTree([
        "in.jsonl": input.joined(separator: "\n") + "\n",
        // The control: a page whose script does run, so the check below can fail.
        "control.html": "<!DOCTYPE html><html><head><title>control</title></head><body><p>x</p><script>document.documentElement.setAttribute('data-pwned', 'script')</script></body></html>",
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let page = dir.appendingPathComponent("page.html").path
    let tagged = try CLIFixture.run(["tag", "--format", "html", "-o", page, dir.appendingPathComponent("in.jsonl").path])
    #expect(tagged.status == 0, "\(tagged.stderr)")
    let reference = try CLIFixture.run(["tag", "--include-text", dir.appendingPathComponent("in.jsonl").path])
    var expected: [String] = []
    for line in reference.lines {
        let obj = try #require(TestSupport.json(line))
        for s in obj["spans"] as? [[String: Any]] ?? [] { expected.append("\(s["label"]!) \(s["text"]!)") }
    }
    try #require(expected.count >= 6, "the fixture lexicons should find the names: \(expected)")

    let profile = dir.appendingPathComponent("profile").path
    let control = try runTool(chromium, chromiumArguments(profile: profile) + ["--dump-dom", dir.appendingPathComponent("control.html").absoluteString])
    try #require(control.stdout.contains("data-pwned=\"script\""), "Chromium did not run the control page's script: \(control.stderr.suffix(2000))")

    let r = try runTool(chromium, chromiumArguments(profile: profile) + ["--dump-dom", URL(fileURLWithPath: page).absoluteString])
    #expect(r.status == 0, "\(r.stderr.suffix(2000))")
    let dom = r.stdout
    // The article's code would set an attribute on <html>; its text is still on the page, as text.
    let htmlTag = dom.range(of: "<html").flatMap { start in dom[start.lowerBound...].firstIndex(of: ">").map { dom[start.lowerBound...$0] } }
    #expect(htmlTag == #"<html lang="en">"#, "a script or handler from the article ran")
    #expect(!dom.contains(#"data-pwned=""#), "a script or handler from the article ran")
    #expect(dom.contains("<title>Gazette: tagged articles</title>"))
    #expect(!dom.contains("<script") && !dom.contains("<img"), "article markup became elements")
    #expect(dom.contains("&lt;script&gt;document.title = \"pwned\""), "the article's <script> is not shown as text")
    #expect(dom.contains("&lt;i&gt;hostile&lt;/i&gt;"))
    // The rendered DOM holds one <mark> per entity, in order, with its label.
    let re = try NSRegularExpression(pattern: #"<mark [^>]*data-label="([A-Z_]+)"[^>]*>([^<]*)</mark>"#)
    let ns = dom as NSString
    let marks = re.matches(in: dom, range: NSRange(location: 0, length: ns.length)).map {
        ns.substring(with: $0.range(at: 1)) + " " + ns.substring(with: $0.range(at: 2))
    }
    #expect(marks == expected)
    // The index lists every spelling of the city under one entry.
    #expect(dom.contains(#"<span class="spelling">Kyiv</span>"#) && dom.contains(#"<span class="spelling">Київ</span>"#)
            && dom.contains(#"<span class="spelling">Kiev</span>"#))

    // A screenshot with one tooltip open (the mention is the page's target).
    let png = dir.appendingPathComponent("gazette-html.png").path
    let shot = try runTool(chromium, chromiumArguments(profile: profile) + ["--screenshot=\(png)", URL(fileURLWithPath: page).absoluteString + "#d0-m0"])
    let data = try #require(FileManager.default.contents(atPath: png), "no screenshot: \(shot.stderr.suffix(2000))")
    #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]) && data.count > 10_000, "\(data.count) bytes")
    Attachment.record(data, named: "gazette-html.png")
    if let keep = ExternalTools.environment["GAZETTE_SCREENSHOT_DIR"] {
        try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
        try? data.write(to: URL(fileURLWithPath: keep).appendingPathComponent("gazette-html.png"))
    }
}
