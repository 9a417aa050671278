import ArgumentParser
import Foundation
import Gazette

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
