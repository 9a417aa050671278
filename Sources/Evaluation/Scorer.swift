import Foundation
import GazetteCore

/// One annotated span, in code points.
public struct ScoredSpan: Sendable, Hashable {
    public var start: Int
    public var end: Int
    /// The label as scored: GPE, LOC and FAC become `PLACE`.
    public var label: String

    public init(start: Int, end: Int, label: String) {
        self.start = start
        self.end = end
        self.label = label
    }
}

/// A document of a gold or prediction file.
public struct AnnotatedDocument: Sendable {
    public var id: String
    public var text: String?
    public var spans: [ScoredSpan]

    public init(id: String, text: String?, spans: [ScoredSpan]) {
        self.id = id
        self.text = text
        self.spans = spans
    }
}

/// Precision, recall and F1 for one label or for all (micro).
public struct Score: Sendable, Codable {
    public var truePositives = 0
    public var goldCount = 0
    public var predictedCount = 0

    public var precision: Double { predictedCount == 0 ? 0 : Double(truePositives) / Double(predictedCount) }
    public var recall: Double { goldCount == 0 ? 0 : Double(truePositives) / Double(goldCount) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
}

/// Strict and lenient scores per label.
public struct EvaluationReport: Sendable {
    public var labels: [String]
    public var strict: [String: Score]
    public var lenient: [String: Score]
    public var strictMicro: Score
    public var lenientMicro: Score
    public var documents: Int
    /// Prediction documents with no gold document of the same id, and vice versa.
    public var unmatchedIDs: [String]
}

/// Scores predictions against gold annotations.
///
/// - Strict: same start, end and label.
/// - Lenient: overlapping spans with the same label, matched one to one
///   (each gold span pairs with at most one prediction, greedily in text order).
/// GPE, LOC and FAC are one class, `PLACE`, on both sides. Only labels that
/// occur in the gold file (or those given) are scored; predictions with other
/// labels are ignored, since the gold says nothing about them.
public enum Scorer {
    /// The label used for scoring.
    public static func scoringLabel(_ label: String) -> String {
        label == "GPE" || label == "LOC" || label == "FAC" ? "PLACE" : label
    }

    public static func evaluate(gold: [AnnotatedDocument], predicted: [AnnotatedDocument], labels: [String]? = nil) -> EvaluationReport {
        let scored = Set(labels?.map(scoringLabel) ?? gold.flatMap { $0.spans.map(\.label) })
        var strict: [String: Score] = [:], lenient: [String: Score] = [:]
        for l in scored { strict[l] = Score(); lenient[l] = Score() }
        var byID: [String: AnnotatedDocument] = [:]
        for p in predicted { byID[p.id] = p }
        var unmatched: [String] = []
        var seen = Set<String>()
        for g in gold {
            seen.insert(g.id)
            let goldSpans = g.spans.filter { scored.contains($0.label) }.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
            guard let p = byID[g.id] else {
                unmatched.append(g.id)
                for s in goldSpans { strict[s.label]!.goldCount += 1; lenient[s.label]!.goldCount += 1 }
                continue
            }
            let predSpans = p.spans.filter { scored.contains($0.label) }
            for s in goldSpans { strict[s.label]!.goldCount += 1; lenient[s.label]!.goldCount += 1 }
            for s in predSpans { strict[s.label]!.predictedCount += 1; lenient[s.label]!.predictedCount += 1 }
            let goldSet = Set(goldSpans)
            for s in Set(predSpans) where goldSet.contains(s) { strict[s.label]!.truePositives += 1 }
            var used = [Bool](repeating: false, count: goldSpans.count)
            for s in predSpans.sorted(by: { $0.start < $1.start }) {
                for (k, gs) in goldSpans.enumerated() where !used[k] && gs.label == s.label && gs.start < s.end && s.start < gs.end {
                    used[k] = true
                    lenient[s.label]!.truePositives += 1
                    break
                }
            }
        }
        for p in predicted where !seen.contains(p.id) { unmatched.append(p.id) }
        func micro(_ d: [String: Score]) -> Score {
            d.values.reduce(into: Score()) { acc, s in
                acc.truePositives += s.truePositives
                acc.goldCount += s.goldCount
                acc.predictedCount += s.predictedCount
            }
        }
        return EvaluationReport(labels: scored.sorted(), strict: strict, lenient: lenient, strictMicro: micro(strict),
                                lenientMicro: micro(lenient), documents: gold.count, unmatchedIDs: unmatched)
    }

    /// Reads a gold or prediction JSONL file: `{"id", "text"?, "spans": [{"start", "end", "label"}]}` per line.
    /// Lines with an `"error"` instead of `"spans"` count as documents with no spans.
    public static func read(path: String) throws -> [AnnotatedDocument] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvaluationError(message: "\(path): cannot read file")
        }
        var docs: [AnnotatedDocument] = []
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw EvaluationError(message: "\(path):\(lineNumber): not a JSON object")
            }
            guard let id = obj["id"] as? String ?? (obj["id"] as? NSNumber)?.stringValue else {
                throw EvaluationError(message: "\(path):\(lineNumber): missing \"id\"")
            }
            var spans: [ScoredSpan] = []
            for (k, s) in ((obj["spans"] as? [[String: Any]]) ?? []).enumerated() {
                guard let start = (s["start"] as? NSNumber)?.intValue, let end = (s["end"] as? NSNumber)?.intValue,
                      let label = s["label"] as? String else {
                    throw EvaluationError(message: "\(path):\(lineNumber): span \(k + 1) needs integer start, end and a label")
                }
                spans.append(ScoredSpan(start: start, end: end, label: scoringLabel(label)))
            }
            docs.append(AnnotatedDocument(id: id, text: obj["text"] as? String, spans: spans))
        }
        return docs
    }

    /// A fixed-width table of the report.
    public static func table(_ r: EvaluationReport) -> String {
        func pct(_ x: Double) -> String { String(format: "%6.3f", x) }
        var lines: [String] = []
        lines.append("label         gold  pred |  strict P     R     F1 | lenient P     R     F1")
        func row(_ name: String, _ s: Score, _ l: Score) {
            lines.append(name.padding(toLength: 12, withPad: " ", startingAt: 0)
                + String(format: "%6d%6d", s.goldCount, s.predictedCount)
                + " | " + pct(s.precision) + pct(s.recall) + pct(s.f1)
                + " | " + pct(l.precision) + pct(l.recall) + pct(l.f1))
        }
        for label in r.labels { row(label, r.strict[label]!, r.lenient[label]!) }
        row("micro", r.strictMicro, r.lenientMicro)
        lines.append("\(r.documents) documents" + (r.unmatchedIDs.isEmpty ? "" : ", \(r.unmatchedIDs.count) ids without a counterpart"))
        return lines.joined(separator: "\n")
    }

    /// The report as one JSON object.
    public static func json(_ r: EvaluationReport) -> String {
        func obj(_ s: Score) -> [String: Any] {
            ["gold": s.goldCount, "predicted": s.predictedCount, "true_positives": s.truePositives,
             "precision": s.precision, "recall": s.recall, "f1": s.f1]
        }
        var labels: [String: Any] = [:]
        for l in r.labels { labels[l] = ["strict": obj(r.strict[l]!), "lenient": obj(r.lenient[l]!)] }
        let root: [String: Any] = ["documents": r.documents, "labels": labels,
                                   "micro": ["strict": obj(r.strictMicro), "lenient": obj(r.lenientMicro)],
                                   "unmatched_ids": r.unmatchedIDs]
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

public struct EvaluationError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
