import Foundation
import GazetteTestSupport
import Testing

/// `gazette tag -o OUT --resume` finishes an interrupted run with nothing
/// duplicated or dropped: the result is byte-identical to an uninterrupted run.
struct ResumeTests {
    /// A JSONL input of `count` small news-like documents.
    func input(count: Int, in dir: URL) throws -> URL {
        var lines: [String] = []
        for i in 0..<count {
            let text = "Governor Vyacheslav Gladkov said on Monday that \(i % 50 + 2) drones were shot down near Grayvoron. "
                + String(repeating: "The Russian Volunteer Corps said it would return. ", count: i % 5)
            let data = try JSONSerialization.data(withJSONObject: ["id": "doc-\(i)", "text": text])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        let url = dir.appendingPathComponent("in.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("an output cut in the middle of a line is completed exactly")
    func truncatedOutput() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = try input(count: 400, in: dir)
        let full = dir.appendingPathComponent("full.jsonl"), part = dir.appendingPathComponent("part.jsonl")
        #expect(try TestSupport.run(["tag", inURL.path, "-o", full.path, "--jobs", "2"]).status == 0)
        let reference = try Data(contentsOf: full)
        for cut in [0, 1, reference.count / 3, reference.count / 2 + 7, reference.count - 1] {
            try reference.prefix(cut).write(to: part)
            let r = try TestSupport.run(["tag", inURL.path, "-o", part.path, "--resume", "--jobs", "2"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try Data(contentsOf: part) == reference, "cut at byte \(cut)")
        }
    }

    @Test("a run killed with SIGKILL at a random moment, then resumed, equals an uninterrupted run")
    func killedRun() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = try input(count: 3000, in: dir)
        let full = dir.appendingPathComponent("full.jsonl"), part = dir.appendingPathComponent("part.jsonl")
        #expect(try TestSupport.run(["tag", inURL.path, "-o", full.path]).status == 0)
        let process = Process()
        process.executableURL = TestSupport.gazetteExecutable
        process.arguments = ["tag", inURL.path, "-o", part.path, "--jobs", "2"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Somewhere between lexicon loading and the end of the run.
        Thread.sleep(forTimeInterval: Double.random(in: 0.3...2.0))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let r = try TestSupport.run(["tag", inURL.path, "-o", part.path, "--resume"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Data(contentsOf: part) == Data(contentsOf: full))
    }

    @Test("killed again and again at random moments, each output is a prefix of the full one, and resuming completes it")
    func repeatedlyKilledRun() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = try input(count: 20_000, in: dir)
        let full = dir.appendingPathComponent("full.jsonl"), part = dir.appendingPathComponent("part.jsonl")
        var env = ProcessInfo.processInfo.environment
        env["GAZETTE_LEXICONS"] = CLIFixture.lexicons
        #expect(try TestSupport.run(["tag", inURL.path, "-o", full.path], environment: env).status == 0)
        let reference = try Data(contentsOf: full)
        for round in 0..<4 {
            let process = Process()
            process.executableURL = TestSupport.gazetteExecutable
            process.arguments = ["tag", inURL.path, "-o", part.path, "--jobs", "2"] + (round == 0 ? [] : ["--resume"])
            process.environment = env
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.8))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // Whatever was written is the reference's beginning, up to a partial last line.
            let written = (try? Data(contentsOf: part)) ?? Data()
            #expect(written.count <= reference.count && reference.prefix(written.count) == written, "round \(round): not a prefix")
        }
        let r = try TestSupport.run(["tag", inURL.path, "-o", part.path, "--resume"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Data(contentsOf: part) == reference)
    }

    @Test("--resume without -o, or with another format, is a usage error", arguments: [
        ["tag", "--resume", "Corpus/articles"],
        ["tag", "--resume", "--format", "conll", "-o", "/tmp/x.conll", "Corpus/articles"],
    ])
    func usage(_ args: [String]) throws {
        let r = try TestSupport.run(args)
        #expect(r.status != 0 && r.stderr.contains("--resume"), "\(r.stderr)")
    }
}
