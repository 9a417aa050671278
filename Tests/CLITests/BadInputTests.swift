import Foundation
import GazetteTestSupport
import Testing

/// Hostile and broken input through `gazette tag`: every case ends with a clear
/// message naming the document or file, and documents in = documents out +
/// documents reported as errors (docs/robustness.md has the table).
struct BadInputTests {
    /// The output lines as JSON objects; each one has `spans` or `error`.
    func records(_ r: TestSupport.RunResult, sourceLocation: SourceLocation = #_sourceLocation) -> [[String: Any]] {
        let objects = r.lines.compactMap(TestSupport.json)
        #expect(objects.count == r.lines.count, "output lines that are not JSON", sourceLocation: sourceLocation)
        for o in objects {
            #expect((o["spans"] != nil) != (o["error"] != nil), "neither spans nor error: \(o)", sourceLocation: sourceLocation)
        }
        return objects
    }

    func errors(_ records: [[String: Any]]) -> [String] { records.compactMap { $0["error"] as? String } }

    func withDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let dir = try TestSupport.temporaryDirectory()
        defer {
            _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.appendingPathComponent("locked").path)
            try? FileManager.default.removeItem(at: dir)
        }
        return try body(dir)
    }

    @Test("an output that cannot be written (a full disk) ends the run with the reason and exit status 1")
    func unwritableOutput() throws {
        guard let full = FileHandle(forWritingAtPath: "/dev/full") else { return }
        let process = Process()
        process.executableURL = TestSupport.gazetteExecutable
        process.arguments = ["tag", "-"]
        var env = ProcessInfo.processInfo.environment
        env["GAZETTE_LEXICONS"] = CLIFixture.lexicons
        process.environment = env
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = full
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data("Kyiv said.\n".utf8))
        try input.fileHandleForWriting.close()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(stderr)")
        #expect(stderr.contains("cannot write output: No space left on device"), "\(stderr)")
    }

    @Test("invalid UTF-8 is replaced, reported with the document's name, and the document still tagged")
    func invalidUTF8() throws {
        try withDirectory { dir in
            try Data([0x4B, 0x79, 0x69, 0x76, 0x20, 0xFF, 0xC3, 0x28, 0x20, 0xE2, 0x82]).write(to: dir.appendingPathComponent("bad.txt"))
            try Data(#"{"id":"j","text":"Kyiv "#.utf8 + [0xF0, 0x9F] + #""}"#.utf8 + [0x0A]).write(to: dir.appendingPathComponent("bad.jsonl"))
            let r = try CLIFixture.run(["tag", dir.path])
            #expect(r.status == 0, "\(r.stderr)")
            let out = records(r)
            #expect(out.count == 2 && errors(out).isEmpty)
            #expect(r.stderr.contains("document bad.txt: invalid UTF-8 at byte 6"), "\(r.stderr)")
            #expect(r.stderr.contains("bad.jsonl:1: invalid UTF-8"), "\(r.stderr)")
            #expect(out.allSatisfy { ($0["spans"] as? [Any])?.count == 1 }, "Kyiv is still found: \(out)")
        }
    }

    @Test("NUL bytes are text like any other, in a file and inside a JSON string")
    func nulBytes() throws {
        let r = try CLIFixture.run(["tag", "--input-format", "text"], stdin: "Kyiv\0\0 and\0Kiev\0")
        #expect(r.status == 0, "\(r.stderr)")
        let out = records(r)
        #expect(out.count == 1 && (out[0]["spans"] as? [Any])?.count == 2, "\(out)")
        let j = try CLIFixture.run(["tag", "--input-format", "jsonl"], stdin: #"{"id":"n","text":"Kyiv\u0000Kiev"}"# + "\n")
        #expect(j.status == 0 && records(j).count == 1, "\(j.stderr)")
    }

    @Test("a 100 MB document is refused with an error naming it, without being read; others go on")
    func hugeDocument() throws {
        try withDirectory { dir in
            let big = dir.appendingPathComponent("a-big.txt")
            #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
            let handle = try FileHandle(forWritingTo: big)
            try handle.truncate(atOffset: 100_000_000)
            try handle.close()
            try "Kyiv".write(to: dir.appendingPathComponent("b-small.txt"), atomically: true, encoding: .utf8)
            let r = try CLIFixture.run(["tag", dir.path])
            #expect(r.status == 1)
            let out = records(r)
            #expect(out.count == 2)
            #expect(out.first?["id"] as? String == "a-big.txt")
            #expect(errors(out).first?.contains("100000000 bytes is over the limit of 33554432 bytes per document (--max-doc-bytes)") == true, "\(out)")
            #expect(r.stderr.contains("a-big.txt: 100000000 bytes"), "\(r.stderr)")
            #expect((out.last?["spans"] as? [Any])?.count == 1)
        }
    }

    @Test("--max-doc-bytes applies to a JSONL line and to stdin; a long line is skipped, not kept")
    func maxDocumentBytes() throws {
        let long = String(repeating: "Kyiv ", count: 200_000)
        let input = #"{"id":"a","text":"Kyiv"}"# + "\n" + #"{"id":"b","text":""# + long + "\"}\n" + #"{"id":"c","text":"Kiev"}"#
        let r = try CLIFixture.run(["tag", "--max-doc-bytes", "1000", "--input-format", "jsonl"], stdin: input)
        #expect(r.status == 1)
        let out = records(r)
        #expect(out.map { $0["id"] as? String } == ["a", "<stdin>:2", "c"])
        #expect(errors(out) == ["<stdin>:2: line of 1000020 bytes is over the limit of 1000 bytes per document (--max-doc-bytes); skipped"])
        let t = try CLIFixture.run(["tag", "--max-doc-bytes", "1000", "--input-format", "text"], stdin: long)
        #expect(t.status == 1 && errors(records(t)) == ["standard input: 1000000 bytes is over the limit of 1000 bytes per document (--max-doc-bytes); skipped"])
        let unlimited = try CLIFixture.run(["tag", "--max-doc-bytes", "0", "--input-format", "jsonl"], stdin: input)
        #expect(unlimited.status == 0 && records(unlimited).count == 3, "\(unlimited.stderr)")
    }

    @Test("--max-doc-seconds turns a slow document into an error line naming it")
    func maxDocumentSeconds() throws {
        // A limit no document can meet: every one fails, each with its own line.
        let input = #"{"id":"a","text":"Kyiv"}"# + "\n" + #"{"id":"b","text":"Kiev"}"# + "\n"
        let r = try CLIFixture.run(["tag", "--max-doc-seconds", "0.000000001"], stdin: input)
        #expect(r.status == 1)
        let out = records(r)
        #expect(out.map { $0["id"] as? String } == ["a", "b"])
        #expect(errors(out).allSatisfy { $0.contains("over the time limit of 1e-09 s per document (--max-doc-seconds)") }, "\(out)")
        let bad = try CLIFixture.run(["tag", "--max-doc-seconds=-1"], stdin: input)
        #expect(bad.status != 0 && bad.stderr.contains("--max-doc-seconds"), "\(bad.stderr)")
    }

    @Test("a one-megabyte token is tagged like any other")
    func megabyteToken() throws {
        let r = try CLIFixture.run(["tag", "--input-format", "text"], stdin: "Kyiv " + String(repeating: "x", count: 1 << 20) + " Kiev")
        #expect(r.status == 0, "\(r.stderr)")
        let out = records(r)
        #expect(out.count == 1 && (out[0]["spans"] as? [Any])?.count == 2, "\(out)")
    }

    @Test("a hundred thousand tiny documents come out one for one, in order")
    func manyTinyDocuments() throws {
        // scripts/robustness runs the million-document case against a release build.
        let n = 100_000
        var input = ""
        input.reserveCapacity(n * 24)
        for i in 0..<n { input += i % 1000 == 7 ? "{\"id\":\(i),\"text\":\n" : "{\"id\":\(i),\"text\":\"a\"}\n" }
        let lines: [String], r: TestSupport.RunResult
        (lines, r) = try withDirectory { dir in
            // A file, not stdin: the output would fill its pipe before the input is written.
            let file = dir.appendingPathComponent("tiny.jsonl")
            try input.write(to: file, atomically: false, encoding: .utf8)
            let r = try CLIFixture.run(["tag", "--jobs", "2", file.path])
            return (r.lines.map { $0.replacingOccurrences(of: file.path, with: "<stdin>") }, r)
        }
        #expect(lines.count == n)
        #expect(lines.enumerated().allSatisfy { i, line in line.hasPrefix("{\"id\":\"\(i)\",") || line.hasPrefix("{\"id\":\"<stdin>:\(i + 1)\",") })
        #expect(lines.filter { $0.contains("\"error\"") }.count == n / 1000)
        #expect(r.stderr.contains("\(n / 1000) of \(n) documents failed"), "\(r.stderr.suffix(200))")
    }

    @Test("deeply nested, truncated and otherwise broken JSON lines become error lines naming file and line", arguments: [
        ("{\"id\":\"d\",\"text\":\"Kyiv\",\"m\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}",
         "nesting deeper than 512 levels"),
        ("{\"id\":\"t\",\"text\":\"Kyi", "unterminated string"),
        ("{\"id\":\"t\",\"text\":\"Kyiv\"", "expected ',' or '}'"),
        ("[\"Kyiv\"]", "expected a JSON object"),
        ("{\"id\":\"x\",\"text\":5}", "\"text\" must be a string"),
        ("{\"id\":\"x\",\"text\":\"a\"} {", "unexpected data after the JSON object"),
        ("{\"id\":\"x\",\"text\":\"a\tb\"}", "control character in string"),
        ("{\"id\":\"x\",\"text\":\"a\\qb\"}", "invalid escape"),
        ("{\"id\":\"x\",\"text\":\"a\",\"m\":01}", "leading zero"),
        ("{\"id\":\"x\"}", "missing \"text\" string"),
    ])
    func brokenJSON(line: String, message: String) throws {
        try withDirectory { dir in
            let file = dir.appendingPathComponent("in.jsonl")
            try ("{\"id\":\"before\",\"text\":\"Kyiv\"}\n" + line + "\n{\"id\":\"after\",\"text\":\"Kiev\"}\n").write(to: file, atomically: true, encoding: .utf8)
            let r = try CLIFixture.run(["tag", file.path])
            #expect(r.status == 1)
            let out = records(r)
            #expect(out.count == 3)
            #expect(out.first?["id"] as? String == "before" && out.last?["id"] as? String == "after")
            let e = errors(out)
            #expect(e.count == 1 && e[0].hasPrefix("\(file.path):2: ") && e[0].lowercased().contains(message.lowercased()), "\(e)")
            #expect(r.stderr.contains("\(file.path):2: "))
        }
    }

    @Test("empty files, an empty directory and empty stdin")
    func emptyInputs() throws {
        try withDirectory { dir in
            try "".write(to: dir.appendingPathComponent("empty.txt"), atomically: true, encoding: .utf8)
            try "".write(to: dir.appendingPathComponent("empty.jsonl"), atomically: true, encoding: .utf8)
            try "\n \n\r\n".write(to: dir.appendingPathComponent("blank.jsonl"), atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("nothing"), withIntermediateDirectories: true)
            let r = try CLIFixture.run(["tag", dir.path])
            #expect(r.status == 0, "\(r.stderr)")
            // An empty text file is one (empty) document; an empty JSONL file holds none.
            #expect(r.lines == [#"{"id":"empty.txt","spans":[]}"#])
            let s = try CLIFixture.run(["tag"], stdin: "")
            #expect(s.status == 0 && s.lines == [#"{"id":"-","spans":[]}"#], "\(s.stdout) \(s.stderr)")
        }
    }

    @Test("a missing file, a dangling link and a file whose reading fails each give an error line")
    func unreadableFiles() throws {
        try withDirectory { dir in
            let dangling = dir.appendingPathComponent("gone.txt")
            try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: "nowhere.txt")
            let r = try CLIFixture.run(["tag", dir.appendingPathComponent("missing.txt").path, dangling.path, "/proc/self/mem"])
            #expect(r.status == 1)
            let out = records(r)
            #expect(out.map { $0["id"] as? String } == [dir.appendingPathComponent("missing.txt").path, dangling.path, "/proc/self/mem"])
            let e = errors(out)
            #expect(e.count == 3, "\(r.stdout)")
            #expect(e.first?.hasSuffix("missing.txt: No such file or directory") == true, "\(e)")
            #expect(e.dropFirst().first?.hasSuffix("gone.txt: No such file or directory") == true, "\(e)")
            #expect(e.last == "/proc/self/mem: Input/output error", "\(e)")
        }
    }

    @Test("unreadable files and directories inside a tree are error lines, not silently missing")
    func unreadableTree() throws {
        try withDirectory { dir in
            try "Kyiv".write(to: dir.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
            try "Kiev".write(to: dir.appendingPathComponent("c-secret.txt"), atomically: true, encoding: .utf8)
            let locked = dir.appendingPathComponent("locked")
            try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
            try "Kyiv".write(to: locked.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
            let fm = FileManager.default
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
            try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: dir.appendingPathComponent("a.txt").path)
            try fm.setAttributes([.posixPermissions: 0o000], ofItemAtPath: dir.appendingPathComponent("c-secret.txt").path)
            try fm.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked.path)
            let r = try runUnprivileged(["tag", dir.path])
            #expect(r.status == 1, "\(r.stderr)")
            let out = records(r)
            #expect(out.map { $0["id"] as? String } == ["a.txt", "c-secret.txt", "locked"], "\(r.stdout)")
            let e = errors(out)
            #expect(e.count == 2 && e[0].hasSuffix("c-secret.txt: Permission denied")
                    && e[1].hasSuffix("locked: cannot read directory: Permission denied"), "\(e)")
        }
    }

    @Test("a FIFO named like a document in a directory is an error line, not a hang")
    func fifoInTree() throws {
        try withDirectory { dir in
            try "Kyiv".write(to: dir.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
            #expect(mkfifo(dir.appendingPathComponent("b.txt").path, 0o600) == 0)
            let r = try CLIFixture.run(["tag", dir.path])
            #expect(r.status == 1)
            let out = records(r)
            #expect(out.map { $0["id"] as? String } == ["a.txt", "b.txt"], "\(r.stdout)")
            #expect(errors(out).first?.hasSuffix("b.txt: not a regular file (a FIFO, socket or device); skipped") == true, "\(out)")
        }
    }

    @Test("symbolic link loops end in an error line naming the link")
    func symlinkLoops() throws {
        try withDirectory { dir in
            try "Kyiv".write(to: dir.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
            let sub = dir.appendingPathComponent("sub")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: sub.appendingPathComponent("up").path, withDestinationPath: "..")
            try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("self.txt").path, withDestinationPath: "self.txt")
            let r = try CLIFixture.run(["tag", dir.path])
            #expect(r.status == 1)
            let out = records(r)
            #expect(out.map { $0["id"] as? String } == ["a.txt", "self.txt", "sub/up"], "\(r.stdout)")
            let e = errors(out)
            #expect(e.count == 2 && e[0].hasSuffix("self.txt: Too many levels of symbolic links")
                    && e[1].hasSuffix("sub/up: symbolic link loop: leads back to an enclosing directory; not followed"), "\(e)")
        }
    }

    /// Runs gazette as an unprivileged user when the tests run as root (root reads
    /// every file whatever its permissions), so that permission errors happen.
    func runUnprivileged(_ arguments: [String]) throws -> TestSupport.RunResult {
        guard getuid() == 0 else { return try CLIFixture.run(arguments) }
        let setpriv = "/usr/bin/setpriv"
        try #require(FileManager.default.isExecutableFile(atPath: setpriv), "running as root without setpriv: cannot drop privileges")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: setpriv)
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", TestSupport.gazetteExecutable.path] + arguments
        var env = ProcessInfo.processInfo.environment
        env["GAZETTE_LEXICONS"] = CLIFixture.lexicons
        env["GAZETTE_CACHE"] = "off"
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return TestSupport.RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                     stderr: String(decoding: errData, as: UTF8.self))
    }
}
