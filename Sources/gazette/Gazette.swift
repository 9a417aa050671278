import ArgumentParser
import CICU
import Foundation
import Gazette

@main
struct GazetteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette",
        abstract: "Tag news articles with named entities, every spelling linked to one entity.",
        subcommands: [Tag.self, Eval.self, Bench.self, Normalize.self]
    )

    static func main() {
        // glibc gives each thread that contends for malloc an arena of its own (up
        // to eight per core), and memory freed into one arena serves only that
        // arena. Documents are read on one thread, tagged on the workers and
        // written on another, so with the default the resident set went on
        // growing over the first few hundred MB of input (2 jobs: 127 MB after
        // 100 MB of JSONL, 159 MB after 1 GB). Two arenas keep it put (119 MB,
        // 122 MB) at no measurable cost: the pipeline calls malloc a few dozen
        // times per document. Set before any other thread starts.
        _ = cicu_cap_malloc_arenas(2)
        main(nil)
    }
}

/// Options shared by the commands that load lexicons.
struct LexiconOptions: ParsableArguments {
    @Option(name: .customLong("lexicons"), help: ArgumentHelp("A lexicon directory merged over the bundled ones (repeatable).", valueName: "DIR"))
    var directories: [String] = []

    func load() throws -> Resources {
        let resources = try Resources(extraLexicons: directories)
        let shown = resources.diagnostics.prefix(20)
        for d in shown { Diagnostics.warn("\(d)") }
        if resources.diagnostics.count > shown.count {
            Diagnostics.warn("\(resources.diagnostics.count - shown.count) more lexicon problems not shown")
        }
        return resources
    }
}

enum Diagnostics {
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("gazette: warning: \(message)\n".utf8))
    }

    /// Information the user asked for (`--stats`), on stderr without a prefix.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("gazette: error: \(message)\n".utf8))
    }
}

extension InputFormat: ExpressibleByArgument {}
extension OffsetUnit: ExpressibleByArgument {}

extension OutputFormat: ExpressibleByArgument {}

/// Writes bytes to a file descriptor with a buffer of its own.
final class ByteSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    /// Writes to `path` (stdout for nil or `-`), replacing it, or appending when `append` is set.
    /// Output reaches the file in whole documents, so an interrupted run leaves whole lines.
    init(path: String?, append: Bool = false) throws {
        if let path, path != "-" {
            let fm = FileManager.default
            guard (append && fm.fileExists(atPath: path)) || fm.createFile(atPath: path, contents: nil),
                  let h = FileHandle(forWritingAtPath: path) else {
                throw ValidationError("cannot write to \(path)")
            }
            if append { h.seekToEndOfFile() }
            handle = h
        } else {
            handle = FileHandle.standardOutput
        }
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes the buffer to the file descriptor as it is (no `Data` copy). A
    /// failed write (disk full, closed pipe) ends the run with the reason.
    func flush() {
        guard !buffer.isEmpty else { return }
        let fd = handle.fileDescriptor
        buffer.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    let reason = String(cString: strerror(errno))
                    FileHandle.standardError.write(Data("gazette: cannot write output: \(reason)\n".utf8))
                    exit(1)
                }
                done += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
