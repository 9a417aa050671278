import ArgumentParser
import Foundation
import Gazette

@main
struct GazetteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette",
        abstract: "Tag news articles with named entities, every spelling linked to one entity.",
        subcommands: [Tag.self, Eval.self]
    )
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

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("gazette: error: \(message)\n".utf8))
    }
}

extension InputFormat: ExpressibleByArgument {}
extension OffsetUnit: ExpressibleByArgument {}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case jsonl
}

/// Writes bytes to a file descriptor with a buffer of its own.
final class ByteSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(path: String?) throws {
        if let path, path != "-" {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let h = FileHandle(forWritingAtPath: path) else {
                throw ValidationError("cannot write to \(path)")
            }
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

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

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

    @Option(help: "Output format.")
    var format: OutputFormat = .jsonl

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to OUT instead of stdout.", valueName: "OUT"))
    var output: String?

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Offset unit: codepoint (Python, spaCy), utf8 or utf16.")
    var offsets: OffsetUnit = .codepoint

    @Flag(name: .customLong("include-text"), help: "Include each document's text in its output line.")
    var includeText = false

    @OptionGroup var lexicons: LexiconOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        for path in inputs where path != "-" && !FileManager.default.fileExists(atPath: path) {
            // Missing inputs are reported per document (error lines), not as a usage error,
            // so that the others are still processed.
            _ = path
        }
    }

    func run() throws {
        let resources = try lexicons.load()
        let runner = try BatchRunner(resources: resources, jobs: jobs)
        let sink = try ByteSink(path: output)
        let options = OutputOptions(offsets: offsets, includeText: includeText)
        var failed = 0, total = 0
        runner.run(InputReader(paths: inputs, format: inputFormat), render: { r in
            var out: [UInt8] = []
            if let entities = r.entities {
                JSONLOutput.append(TaggedDocument(document: r.input.document, entities: entities), options: options, to: &out)
            } else {
                JSONLOutput.appendError(r.input.document, message: r.error ?? "unknown error", to: &out)
            }
            return out
        }, sink: { r in
            total += 1
            for w in r.input.warnings { Diagnostics.warn(w) }
            if let e = r.error {
                failed += 1
                Diagnostics.error(e)
            }
            sink.write(r.output)
        })
        sink.flush()
        if failed > 0 {
            Diagnostics.error("\(failed) of \(total) documents failed")
            throw ExitCode(1)
        }
    }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score tagging against gold annotations: strict and lenient P/R/F1 per label.",
        discussion: """
        Tags the gold file's texts (or reads --pred) and compares spans. Strict: same start, end and label. \
        Lenient: overlapping spans with the same label, one to one. GPE, LOC and FAC count as one class, PLACE. \
        Only labels present in the gold file are scored unless --labels says otherwise.
        """
    )

    @Option(help: ArgumentHelp("Gold JSONL: {\"id\", \"text\", \"spans\": [{\"start\", \"end\", \"label\"}]}.", valueName: "GOLD.jsonl"))
    var gold: String

    @Option(help: ArgumentHelp("Predictions in gazette's JSONL (code point offsets); default: tag the gold texts now.", valueName: "PRED.jsonl"))
    var pred: String?

    @Option(help: ArgumentHelp("Comma-separated labels to score (default: those in the gold file).", valueName: "LABELS"))
    var labels: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "Worker threads when tagging (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var lexicons: LexiconOptions

    func run() throws {
        let goldDocs: [AnnotatedDocument]
        do { goldDocs = try Scorer.read(path: gold) } catch { throw ValidationError("\(error)") }
        var predicted: [AnnotatedDocument] = []
        if let pred {
            do { predicted = try Scorer.read(path: pred) } catch { throw ValidationError("\(error)") }
        } else {
            let resources = try lexicons.load()
            let runner = try BatchRunner(resources: resources, jobs: jobs)
            let inputs = goldDocs.enumerated().map { i, g in
                InputDocument(index: i, document: Document(id: g.id, text: g.text ?? ""),
                              error: g.text == nil ? "\(g.id): gold document has no text" : nil, warnings: [])
            }
            runner.run(inputs, render: { _ in [] }, sink: { r in
                var spans: [ScoredSpan] = []
                var text = r.input.document.text
                text.withUTF8 { bytes in
                    var a = OffsetConverter(unit: .codepoint), b = OffsetConverter(unit: .codepoint)
                    for e in r.entities ?? [] {
                        spans.append(ScoredSpan(start: a.convert(e.start, in: bytes), end: b.convert(e.end, in: bytes),
                                                label: Scorer.scoringLabel(e.label.name)))
                    }
                }
                predicted.append(AnnotatedDocument(id: r.input.document.id, text: nil, spans: spans))
            })
        }
        let labelList = labels?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let report = Scorer.evaluate(gold: goldDocs, predicted: predicted, labels: labelList)
        print(json ? Scorer.json(report) : Scorer.table(report))
    }
}
