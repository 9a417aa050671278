import Foundation
import GazetteCore
import Lexicon

/// Generates a deterministic, news-like benchmark corpus from sentence
/// templates (`Corpus/generator/templates.txt`) whose slots are filled with
/// random aliases of lexicon entities, so names appear in all their spellings
/// and scripts, as in real news.
public struct SyntheticCorpus {
    private var rng: SplitMix64
    private let templates: [String]
    private let headlines: [String]
    private var names: [String: [String]] = [:]

    /// - Parameters:
    ///   - templatesPath: the template file; one template per line, `## ` for headlines.
    ///   - lexicon: entities whose aliases fill the name slots.
    ///   - seed: the same seed gives the same corpus.
    public init(templatesPath: String, lexicon: Lexicon, seed: UInt64 = 454) throws {
        guard let data = FileManager.default.contents(atPath: templatesPath) else {
            throw ResourceError(message: "\(templatesPath): cannot read corpus templates")
        }
        var templates: [String] = [], headlines: [String] = []
        for line in String(decoding: data, as: UTF8.self).dataFileLines {
            if line.hasPrefix("## ") { headlines.append(String(line.dropFirst(3))) }
            else if !line.hasPrefix("#"), !line.trimmingCharacters(in: .whitespaces).isEmpty { templates.append(String(line)) }
        }
        guard !templates.isEmpty else { throw ResourceError(message: "\(templatesPath): no templates") }
        self.templates = templates
        self.headlines = headlines
        self.rng = SplitMix64(seed: seed)
        for e in lexicon.entities {
            let slot: String
            switch e.label {
            case .person: slot = "PERSON"
            case .gpe: slot = "GPE"
            case .org: slot = "ORG"
            case .norp: slot = "NORP"
            case .product: slot = "PRODUCT"
            default: continue
            }
            // Curated entities appear in news far more than small towns: weight them up.
            let aliases = e.aliases.map { $0.hasPrefix("=") || $0.hasPrefix("~") ? String($0.dropFirst()) : $0 }
            let copies = e.curated ? 8 : 1
            for _ in 0..<copies { names[slot, default: []].append(contentsOf: aliases) }
        }
        for slot in ["PERSON", "GPE", "ORG", "NORP", "PRODUCT"] where names[slot, default: []].isEmpty {
            names[slot] = [slot.capitalized]
        }
    }

    /// Documents of about 1–4 KB each, `bytes` of text in all.
    public mutating func generate(bytes: Int) -> [Document] {
        var docs: [Document] = []
        var total = 0
        while total < bytes {
            var text = ""
            if !headlines.isEmpty { text += fill(headlines[rng.next(headlines.count)]) + "\n\n" }
            let sentences = 8 + rng.next(24)
            for s in 0..<sentences {
                text += fill(templates[rng.next(templates.count)])
                text += (s % 4 == 3) ? "\n\n" : " "
            }
            total += text.utf8.count
            docs.append(Document(id: "synthetic-\(docs.count + 1)", text: text))
        }
        return docs
    }

    private static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                                 "September", "October", "November", "December"]
    private static let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    private static let ordinals = ["1st", "3rd", "22nd", "47th", "59th", "93rd", "110th"]

    private mutating func fill(_ template: String) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let slot = String(rest[rest.index(after: open)..<close])
            switch slot {
            case "DATE":
                out += rng.next(3) == 0 ? Self.days[rng.next(7)]
                    : "\(Self.months[rng.next(12)]) \(1 + rng.next(28)), \(2014 + rng.next(12))"
            case "NUM": out += String(2 + rng.next(rng.next(2) == 0 ? 30 : 5000))
            case "ORDINAL": out += Self.ordinals[rng.next(Self.ordinals.count)]
            case "MONEY": out += "$\(1 + rng.next(90)) \(rng.next(2) == 0 ? "million" : "billion")"
            case "PERCENT": out += "\(1 + rng.next(60)).\(rng.next(10))%"
            default:
                let pool = names[slot] ?? [slot]
                out += pool[rng.next(pool.count)]
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }
}

/// A small, fast, seedable random generator (SplitMix64), so corpora are reproducible.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in `0..<bound`.
    public mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
