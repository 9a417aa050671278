import ArgumentParser
import Foundation
import Gazette

struct Tag: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tag documents and write one JSON line per document, in input order.",
        discussion: """
        INPUT is files, directories (recursive: *.txt one document each, id = relative path; \
        *.jsonl one document per line) or - for stdin (the default). A JSONL line is \
        {"id": ..., "text": ..., ...}; other keys are carried into "meta".
        The exit status is 1 when any document could not be processed (it still gets an error line).
        """
    )

    @Argument(help: ArgumentHelp("Files, directories or - for stdin.", valueName: "INPUT"))
    var inputs: [String] = []

    @Option(name: .customLong("input-format"), help: "auto, text or jsonl.")
    var inputFormat: InputFormat = .auto

    @Option(help: "Output format: jsonl, conll, spacy, brat (a .txt and .ann per document into -o DIR) or html (one page).")
    var format: OutputFormat = .jsonl

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to OUT instead of stdout (for brat: the directory).", valueName: "OUT"))
    var output: String?

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Offset unit: codepoint (Python, spaCy), utf8 or utf16.")
    var offsets: OffsetUnit = .codepoint

    @Flag(name: .customLong("include-text"), help: "Include each document's text in its output line.")
    var includeText = false

    @Flag(help: "Print time per stage, documents/s, MB/s and peak memory on stderr at the end.")
    var stats = false

    @Flag(help: "No progress display (it is shown only when stderr is a terminal anyway).")
    var quiet = false

    @Option(name: .customLong("max-doc-bytes"), help: ArgumentHelp(
        "Largest document in bytes (a text file's size, a JSONL line's length); larger ones are skipped with an error line. 0: no limit.",
        valueName: "N"))
    var maxDocBytes: Int = InputReader.defaultMaxDocumentBytes

    @Option(name: .customLong("max-doc-seconds"), help: ArgumentHelp(
        "Longest time one document may take; a slower one becomes an error line. 0: no limit.", valueName: "S"))
    var maxDocSeconds: Double = 60

    @Flag(help: "Finish an interrupted run: keep the whole lines already in -o OUT, skip that many documents, append the rest.")
    var resume = false

    @OptionGroup var lexicons: LexiconOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard maxDocBytes >= 0 else { throw ValidationError("--max-doc-bytes must be 0 (no limit) or more") }
        guard maxDocSeconds >= 0, maxDocSeconds.isFinite else { throw ValidationError("--max-doc-seconds must be 0 (no limit) or more") }
        if resume && (output == nil || output == "-" || format != .jsonl) {
            throw ValidationError("--resume needs --format jsonl and -o OUT: it continues the file OUT")
        }
        if format.writesDirectory && (output == nil || output == "-") {
            throw ValidationError("--format \(format.rawValue) writes a .txt and an .ann file per document: name their directory with -o DIR")
        }
        if !format.honoursOffsetUnit && offsets != .codepoint {
            throw ValidationError("--offsets applies to --format jsonl only: \(format.rawValue) output counts what its readers count")
        }
        for path in inputs where path != "-" && !FileManager.default.fileExists(atPath: path) {
            // Missing inputs are reported per document (error lines), not as a usage error,
            // so that the others are still processed.
            _ = path
        }
    }

    func run() throws {
        let resources = try lexicons.load()
        let runner = try BatchRunner(resources: resources, jobs: jobs)
        runner.maxDocumentSeconds = maxDocSeconds > 0 ? maxDocSeconds : nil
        // With --resume, the whole lines already written are documents already done.
        let done = resume ? try ResumableOutput.prepare(path: output!) : 0
        let sink = format.writesDirectory ? nil : try ByteSink(path: output, append: resume)
        let progress = Progress(quiet: quiet, totalBytes: Progress.inputSize(inputs))
        let started = Throughput.now()
        let options = OutputOptions(offsets: offsets, includeText: includeText)
        let writer = try format.makeWriter(options: options, directory: output, emit: { sink?.write($0) })
        let renderer = writer.renderer
        var failed = 0, total = 0
        try runner.run(InputReader(paths: inputs, format: inputFormat, maxDocumentBytes: maxDocBytes > 0 ? maxDocBytes : .max).dropFirst(done), render: { r in
            var out: [UInt8] = []
            renderer.render(r.outcome, to: &out)
            return out
        }, sink: { r in
            total += 1
            progress.add(bytes: r.input.document.text.utf8.count)
            for w in r.input.warnings { Diagnostics.warn(w) }
            if let e = r.error {
                failed += 1
                Diagnostics.error(e)
            }
            try writer.write(r.output, for: r.outcome)
        })
        try writer.finish()
        sink?.flush()
        progress.finish()
        if stats {
            Diagnostics.note(RunStats.report(runner.stageTimes, wallSeconds: Throughput.now() - started, jobs: jobs))
        }
        if failed > 0 {
            Diagnostics.error("\(failed) of \(total) documents failed")
            throw ExitCode(1)
        }
    }
}
