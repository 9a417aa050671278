import Foundation
import Gazette
import GazetteTestSupport
import Testing

/// The article Gazette was designed around (`../shared/seed/`), read at run time.
/// Its mentions, as a careful reader marks them, are listed (names only, no text)
/// in `Corpus/seed/2023-05-23-day-454.mentions.tsv`.
enum SeedArticle {
    static var url: URL? { TestSupport.shared?.appendingPathComponent("seed/2023-05-23-day-454.txt") }
    static var available: Bool { url.map { FileManager.default.fileExists(atPath: $0.path) } ?? false }
    static var mentionsPath: String {
        TestSupport.packageRoot.appendingPathComponent("Corpus/seed/2023-05-23-day-454.mentions.tsv").path
    }

    struct Mention { var text: String; var label: String; var core: Bool }

    static func mentions() throws -> [Mention] {
        let data = try #require(FileManager.default.contents(atPath: mentionsPath))
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let cols = line.split(separator: "\t").map(String.init)
            guard cols.count >= 2 else { return nil }
            return Mention(text: cols[0], label: cols[1], core: cols.count < 3 || cols[2] == "core")
        }
    }

    static func sameClass(_ a: String, _ b: String) -> Bool { Scorer.scoringLabel(a) == Scorer.scoringLabel(b) }

    /// Every whole-word occurrence of each mention, minus those inside a longer mention's occurrence.
    static func occurrences(of mentions: [Mention], in text: [UInt8]) -> [(range: Range<Int>, mention: Mention)] {
        func isWordByte(_ b: UInt8) -> Bool { b >= 0x80 || (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) }
        var found: [(Range<Int>, Mention)] = []
        for m in mentions {
            let needle = Array(m.text.utf8)
            guard !needle.isEmpty, needle.count <= text.count else { continue }
            var i = 0
            while i + needle.count <= text.count {
                if text[i] == needle[0], Array(text[i..<(i + needle.count)]) == needle {
                    let before = i == 0 || !isWordByte(text[i - 1]) || !isWordByte(needle[0])
                    let after = i + needle.count == text.count || !isWordByte(text[i + needle.count]) || !isWordByte(needle.last!)
                    if before && after { found.append((i..<(i + needle.count), m)) }
                }
                i += 1
            }
        }
        return found.filter { f in
            !found.contains { g in g.0 != f.0 && g.0.lowerBound <= f.0.lowerBound && g.0.upperBound >= f.0.upperBound }
        }
    }
}

@Suite(.enabled(if: SeedArticle.available, "../shared/seed is absent: the seed-article checks need it beside the package"))
struct SeedArticleTests {
    func tagged() throws -> (text: [UInt8], entities: [Entity]) {
        let text = try String(contentsOf: try #require(SeedArticle.url), encoding: .utf8)
        let entities = try TestSupport.tagger().tag(text)
        return (Array(text.utf8), entities)
    }

    @Test("the names the design was built around are all found with the right label")
    func namedEntities() throws {
        let (text, entities) = try tagged()
        let expected: [(String, String)] = [
            ("Vyacheslav Gladkov", "PERSON"), ("Igor Strelkov-Girkin", "PERSON"), ("Yevgeny Prigozhin", "PERSON"),
            ("Josep Borrell", "PERSON"), ("Peter Szijjártó", "PERSON"), ("Fabrice Pothier", "PERSON"),
            ("Belgorod", "GPE"), ("Grayvoron", "GPE"), ("Bakhmut", "GPE"), ("Kyiv", "GPE"), ("Mariinka", "GPE"),
            ("NATO", "ORG"), ("FSB", "ORG"), ("ISW", "ORG"), ("Institute for the Study of War", "ORG"),
            ("Freedom of Russia Legion", "ORG"), ("Russian Volunteer Corps", "ORG"), ("OTP Bank", "ORG"),
            ("TASS", "ORG"), ("Politico", "ORG"), ("BTR-82A", "PRODUCT"), ("MiG-29", "PRODUCT"), ("F-16", "PRODUCT"),
            ("May 23, 2023", "DATE"),
        ]
        for (name, label) in expected {
            let hits = entities.filter { String(decoding: text[$0.start..<$0.end], as: UTF8.self) == name }
            #expect(hits.contains { SeedArticle.sameClass($0.label.name, label) }, "\(name) should be tagged \(label); got \(hits.map(\.label.name))")
        }
    }

    @Test("at least 90% of the people, places, organizations, equipment and dates a careful reader marks")
    func coreRecall() throws {
        let (text, entities) = try tagged()
        let mentions = try SeedArticle.mentions().filter(\.core)
        try #require(mentions.count >= 50, "the mention list looks incomplete")
        let occurrences = SeedArticle.occurrences(of: mentions, in: text)
        var found = 0
        var missed: [String] = []
        for (range, mention) in occurrences {
            if entities.contains(where: { $0.start == range.lowerBound && $0.end == range.upperBound && SeedArticle.sameClass($0.label.name, mention.label) }) {
                found += 1
            } else {
                let got = entities.filter { $0.start < range.upperBound && range.lowerBound < $0.end }
                    .map { "\(String(decoding: text[$0.start..<$0.end], as: UTF8.self))/\($0.label.name)" }
                missed.append("\(mention.text) [\(mention.label)] got \(got)")
            }
        }
        let recall = Double(found) / Double(max(occurrences.count, 1))
        #expect(recall >= 0.90, "recall \(found)/\(occurrences.count) = \(recall); missed:\n\(missed.joined(separator: "\n"))")
    }
}
