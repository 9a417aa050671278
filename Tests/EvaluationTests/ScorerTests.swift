import Foundation
import Testing
import Evaluation
import GazetteTestSupport

private func span(_ start: Int, _ end: Int, _ label: String) -> ScoredSpan {
    ScoredSpan(start: start, end: end, label: Scorer.scoringLabel(label))
}

private func doc(_ id: String, _ spans: [ScoredSpan]) -> AnnotatedDocument {
    AnnotatedDocument(id: id, text: nil, spans: spans)
}

/// (true positives, gold, predicted) of a score.
private func counts(_ s: Score?) -> [Int] { s.map { [$0.truePositives, $0.goldCount, $0.predictedCount] } ?? [] }

// MARK: - Matching

struct ScoreCase: Sendable, CustomTestStringConvertible {
    var name: String
    var gold: [ScoredSpan]
    var predicted: [ScoredSpan]
    /// [TP, gold, predicted] for PERSON.
    var strict: [Int]
    var lenient: [Int]
    var testDescription: String { name }
}

@Test(arguments: [
    ScoreCase(name: "exact match", gold: [span(0, 5, "PERSON")], predicted: [span(0, 5, "PERSON")],
              strict: [1, 1, 1], lenient: [1, 1, 1]),
    ScoreCase(name: "boundary off by one", gold: [span(0, 5, "PERSON")], predicted: [span(0, 6, "PERSON")],
              strict: [0, 1, 1], lenient: [1, 1, 1]),
    ScoreCase(name: "wrong label", gold: [span(0, 5, "PERSON")], predicted: [span(0, 5, "ORG")],
              strict: [0, 1, 0], lenient: [0, 1, 0]),
    ScoreCase(name: "touching is not overlapping", gold: [span(0, 5, "PERSON")], predicted: [span(5, 9, "PERSON")],
              strict: [0, 1, 1], lenient: [0, 1, 1]),
    ScoreCase(name: "two predictions in one gold span count once",
              gold: [span(0, 10, "PERSON")], predicted: [span(0, 4, "PERSON"), span(5, 10, "PERSON")],
              strict: [0, 1, 2], lenient: [1, 1, 2]),
    ScoreCase(name: "one prediction over two gold spans counts once",
              gold: [span(0, 4, "PERSON"), span(5, 10, "PERSON")], predicted: [span(0, 10, "PERSON")],
              strict: [0, 2, 1], lenient: [1, 2, 1]),
    ScoreCase(name: "each pairs with its own",
              gold: [span(0, 4, "PERSON"), span(5, 10, "PERSON")], predicted: [span(5, 10, "PERSON"), span(1, 3, "PERSON")],
              strict: [1, 2, 2], lenient: [2, 2, 2]),
    ScoreCase(name: "nothing predicted", gold: [span(0, 4, "PERSON")], predicted: [],
              strict: [0, 1, 0], lenient: [0, 1, 0]),
])
func strictAndLenient(_ c: ScoreCase) {
    let r = Scorer.evaluate(gold: [doc("d", c.gold)], predicted: [doc("d", c.predicted)])
    #expect(counts(r.strict["PERSON"]) == c.strict)
    #expect(counts(r.lenient["PERSON"]) == c.lenient)
}

@Test func placeLabelsAreOneClass() {
    #expect(["GPE", "LOC", "FAC", "ORG", "PERSON", "NORP"].map(Scorer.scoringLabel) == ["PLACE", "PLACE", "PLACE", "ORG", "PERSON", "NORP"])
    let r = Scorer.evaluate(gold: [doc("d", [span(0, 4, "GPE"), span(10, 14, "FAC")])],
                            predicted: [doc("d", [span(0, 4, "LOC"), span(10, 14, "GPE")])])
    #expect(r.labels == ["PLACE"])
    #expect(counts(r.strict["PLACE"]) == [2, 2, 2])
}

@Test func labelsNotInGoldAreIgnored() {
    let r = Scorer.evaluate(gold: [doc("d", [span(0, 5, "PERSON")])],
                            predicted: [doc("d", [span(0, 5, "PERSON"), span(10, 14, "DATE"), span(20, 24, "ORG")])])
    #expect(r.labels == ["PERSON"])
    #expect(r.strict["DATE"] == nil && r.strict["ORG"] == nil)
    #expect(counts(r.strictMicro) == [1, 1, 1])
    #expect(r.strictMicro.precision == 1)
}

@Test func labelsGivenExplicitly() {
    let gold = [doc("d", [span(0, 5, "PERSON"), span(10, 14, "ORG")])]
    let predicted = [doc("d", [span(0, 5, "PERSON"), span(10, 14, "GPE"), span(20, 24, "LOC")])]
    let r = Scorer.evaluate(gold: gold, predicted: predicted, labels: ["PERSON", "GPE"])
    #expect(r.labels == ["PERSON", "PLACE"])
    #expect(counts(r.strict["PLACE"]) == [0, 0, 2])
    #expect(r.strict["ORG"] == nil)
    #expect(counts(r.strictMicro) == [1, 1, 3])
}

@Test func microSumsOverLabelsAndDocuments() {
    let gold = [
        doc("a", [span(0, 5, "PERSON"), span(10, 14, "ORG"), span(20, 24, "GPE")]),
        doc("b", [span(0, 5, "PERSON"), span(6, 9, "DATE")]),
    ]
    let predicted = [
        doc("b", [span(0, 5, "PERSON"), span(6, 10, "DATE"), span(30, 33, "ORG")]),
        doc("a", [span(0, 5, "PERSON"), span(10, 13, "ORG")]),
    ]
    let r = Scorer.evaluate(gold: gold, predicted: predicted)
    #expect(r.documents == 2)
    #expect(r.labels == ["DATE", "ORG", "PERSON", "PLACE"])
    #expect(counts(r.strict["PERSON"]) == [2, 2, 2])
    #expect(counts(r.strict["ORG"]) == [0, 1, 2])
    #expect(counts(r.lenient["ORG"]) == [1, 1, 2])
    #expect(counts(r.strict["PLACE"]) == [0, 1, 0])
    #expect(counts(r.strictMicro) == [2, 5, 5])
    #expect(counts(r.lenientMicro) == [4, 5, 5])
    for (micro, byLabel) in [(r.strictMicro, r.strict), (r.lenientMicro, r.lenient)] {
        #expect(micro.truePositives == byLabel.values.map(\.truePositives).reduce(0, +))
        #expect(micro.goldCount == byLabel.values.map(\.goldCount).reduce(0, +))
        #expect(micro.predictedCount == byLabel.values.map(\.predictedCount).reduce(0, +))
    }
}

@Test func documentsWithoutACounterpart() {
    let r = Scorer.evaluate(gold: [doc("a", [span(0, 5, "PERSON")]), doc("b", [span(0, 5, "PERSON")])],
                            predicted: [doc("a", [span(0, 5, "PERSON")]), doc("z", [span(0, 5, "PERSON")])])
    #expect(r.unmatchedIDs.sorted() == ["b", "z"])
    // The unmatched gold document's spans are missed, the stray prediction is not counted.
    #expect(counts(r.strict["PERSON"]) == [1, 2, 1])
}

/// Precision, recall and F1 from counts; 0 where a denominator is 0.
@Test(arguments: [
    (1, 2, 4, 0.25, 0.5, 1.0 / 3.0),
    (0, 0, 0, 0.0, 0.0, 0.0),
    (0, 3, 0, 0.0, 0.0, 0.0),
    (0, 0, 2, 0.0, 0.0, 0.0),
    (2, 2, 2, 1.0, 1.0, 1.0),
])
func precisionRecallF1(tp: Int, gold: Int, predicted: Int, p: Double, r: Double, f: Double) {
    // tp spans both sides agree on, then the rest of each side far apart.
    let g = (0..<gold).map { $0 < tp ? span($0 * 10, $0 * 10 + 5, "ORG") : span(1000 + $0 * 10, 1005 + $0 * 10, "ORG") }
    let q = (0..<predicted).map { $0 < tp ? span($0 * 10, $0 * 10 + 5, "ORG") : span(5000 + $0 * 10, 5005 + $0 * 10, "ORG") }
    let report = Scorer.evaluate(gold: [doc("d", g)], predicted: [doc("d", q)], labels: ["ORG"])
    let s = report.strictMicro
    #expect(counts(s) == [tp, gold, predicted])
    #expect(abs(s.precision - p) < 1e-12 && abs(s.recall - r) < 1e-12 && abs(s.f1 - f) < 1e-12)
}

// MARK: - Reading files

private func write(_ lines: [String]) throws -> (URL, String) {
    let dir = try TestSupport.temporaryDirectory()
    let file = dir.appendingPathComponent("gold.jsonl")
    try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    return (dir, file.path)
}

@Test func readsGoldAndPredictionLines() throws {
    let (dir, path) = try write([
        #"{"id": "a", "text": "Kyiv is big", "spans": [{"start": 0, "end": 4, "label": "GPE", "entity": "place/kyiv"}]}"#,
        "",
        #"{"id": 7, "spans": []}"#,
        #"{"id": "c", "error": "malformed JSONL line"}"#,
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let docs = try Scorer.read(path: path)
    #expect(docs.map(\.id) == ["a", "7", "c"])
    #expect(docs[0].text == "Kyiv is big")
    #expect(docs[0].spans == [ScoredSpan(start: 0, end: 4, label: "PLACE")])
    #expect(docs[2].spans.isEmpty)
}

@Test(arguments: [
    ([#"{"id": "a", "spans": []}"#, "not json"], ":2: not a JSON object"),
    ([#"{"id": "a", "spans": []}"#, "", #"{"spans": []}"#], ":3: missing \"id\""),
    ([#"{"id": "a", "spans": [{"start": 0, "end": 4, "label": "GPE"}, {"start": 5, "label": "ORG"}]}"#], ":1: span 2 needs"),
    ([#"{"id": "a", "spans": [{"start": "0", "end": 4, "label": "GPE"}]}"#], ":1: span 1 needs"),
    ([#"[1, 2]"#], ":1: not a JSON object"),
])
func readErrorsNameFileAndLine(lines: [String], message: String) throws {
    let (dir, path) = try write(lines)
    defer { try? FileManager.default.removeItem(at: dir) }
    do {
        _ = try Scorer.read(path: path)
        Issue.record("no error")
    } catch let error as EvaluationError {
        #expect(error.description.hasPrefix(path + message), "\(error)")
    }
}

@Test func unreadableFile() {
    #expect(throws: EvaluationError.self) { try Scorer.read(path: "/nonexistent/gold.jsonl") }
}

// MARK: - Reports

@Test func tableAndJSON() throws {
    let r = Scorer.evaluate(gold: [doc("a", [span(0, 5, "PERSON"), span(10, 14, "GPE")])],
                            predicted: [doc("a", [span(0, 5, "PERSON"), span(10, 15, "LOC")])])
    let table = Scorer.table(r)
    let rows = table.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
    #expect(rows == ["label", "PERSON", "PLACE", "micro", "1"])
    #expect(table.contains("1 documents"))
    let json = try #require(TestSupport.json(Scorer.json(r)))
    #expect(json["documents"] as? Int == 1)
    let micro = try #require(json["micro"] as? [String: Any])
    let strict = try #require(micro["strict"] as? [String: Any]), lenient = try #require(micro["lenient"] as? [String: Any])
    #expect(strict["true_positives"] as? Int == 1 && lenient["true_positives"] as? Int == 2)
    #expect((strict["f1"] as? Double).map { abs($0 - 0.5) < 1e-9 } == true)
    #expect(Set(((json["labels"] as? [String: Any]) ?? [:]).keys) == ["PERSON", "PLACE"])
}

/// Regression (fixed; this was the bug): lenient matching is documented as greedy "in text order", but the
/// gold spans are walked in the order the file lists them, so listing them out
/// of order can lose a match.
@Test func lenientMatchingDoesNotDependOnListingOrder() {
    let predicted = [doc("d", [span(0, 10, "ORG"), span(6, 8, "ORG")])]
    let sorted = Scorer.evaluate(gold: [doc("d", [span(0, 4, "ORG"), span(5, 10, "ORG")])], predicted: predicted)
    let unsorted = Scorer.evaluate(gold: [doc("d", [span(5, 10, "ORG"), span(0, 4, "ORG")])], predicted: predicted)
    #expect(counts(sorted.lenient["ORG"]) == [2, 2, 2])
    #expect(counts(unsorted.lenient["ORG"]) == [2, 2, 2])
}
