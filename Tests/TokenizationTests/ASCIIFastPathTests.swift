import Foundation
import GazetteCore
import GazetteTestSupport
import Pipeline
import Testing
@testable import Tokenization

/// The ASCII fast path must segment exactly as ICU does: same tokens, kinds,
/// flags, shapes, folded keys and sentences, on real articles and on random
/// strings built from the characters whose word-break rules differ.
struct ASCIIFastPathTests {
    static let abbreviations = ["Gen.", "Lt.", "Col.", "Mr.", "U.S."]

    func compare(_ text: String, fast: Tokenizer, icu: Tokenizer) throws -> String? {
        let a = try fast.tokenize(text), b = try icu.tokenize(text)
        if a.tokens == b.tokens && a.sentenceStarts == b.sentenceStarts && a.folded == b.folded { return nil }
        let fa = a.tokens.map { a.text(of: $0) }, fb = b.tokens.map { b.text(of: $0) }
        var k = 0
        while k < min(a.tokens.count, b.tokens.count) && a.tokens[k] == b.tokens[k] { k += 1 }
        let context = text.count > 60 ? "…" : text.debugDescription
        return "\(context) first difference at token \(k): fast \(fa[k..<min(k + 3, fa.count)]) \(k < a.tokens.count ? "\(a.tokens[k].kind)/\(a.tokens[k].flags.rawValue)" : "") ICU \(fb[k..<min(k + 3, fb.count)]) \(k < b.tokens.count ? "\(b.tokens[k].kind)/\(b.tokens[k].flags.rawValue)" : "") sentences equal: \(a.sentenceStarts == b.sentenceStarts)"
    }

    @Test("articles of the sample corpus (and the seed, when ../shared is there)")
    func articles() throws {
        let fast = try Tokenizer(abbreviations: Self.abbreviations)
        let icu = try Tokenizer(abbreviations: Self.abbreviations, useASCIIFastPath: false, useASCIISentences: false)
        var paths = try FileManager.default.contentsOfDirectory(atPath: TestSupport.packageRoot.appendingPathComponent("Corpus/articles").path)
            .map { TestSupport.packageRoot.appendingPathComponent("Corpus/articles/\($0)").path }
        if let seed = TestSupport.shared?.appendingPathComponent("seed/2023-05-23-day-454.txt").path,
           FileManager.default.fileExists(atPath: seed) { paths.append(seed) }
        try #require(paths.count >= 30)
        for p in paths {
            let text = try String(contentsOfFile: p, encoding: .utf8)
            let diff = try compare(text, fast: fast, icu: icu)
            #expect(diff == nil, "\(p): \(diff ?? "")")
        }
    }

    static let alphabet: [String] = [
        "a", "b", "K", "Z", "0", "7", "9", ".", ".", "'", "'", ",", ";", ":", "_", "-", " ", " ", " ", "\n", "\n\n", "\t", "\r\n",
        "é", "Ж", "ї", "’", "“", "”", "—", "\u{301}", "\u{A0}", "\u{200D}", "😀", "中", "$", "%", "(", ")", "\"", "!", "?", "/", "@", "#",
        "ß", "Ł", "ґ", "Ё", "ά", "‘", "«", "»", "€", "£", "°", "–", "…", "·", "\u{AD}", "٣", "©", "\u{2009}", "Київ", "Zürich", "№",
        "Kyiv", "MiG", "29", "U.S.", "1,200", "3.5", "Gen.", "Mr.", "The", "BTR-82A", "e.g.", "O'Brien", "Kyiv's", "59th",
    ]

    @Test("random strings of word-break edge cases", arguments: 0..<6)
    func random(_ shard: Int) throws {
        let fast = try Tokenizer(abbreviations: Self.abbreviations)
        let icu = try Tokenizer(abbreviations: Self.abbreviations, useASCIIFastPath: false, useASCIISentences: false)
        var rng = SplitMix64(seed: UInt64(shard) &* 0x9E37_79B9 &+ 17)  // seeded: failures reproduce
        var failures: [String] = []
        for _ in 0..<500 {
            let n = 1 + rng.next(30)
            let text = (0..<n).map { _ in Self.alphabet[rng.next(Self.alphabet.count)] }.joined()
            if let diff = try compare(text, fast: fast, icu: icu) { failures.append(diff) }
        }
        #expect(failures.isEmpty, "\(failures.count) mismatches, first:\n\(failures.prefix(12).joined(separator: "\n"))")
    }

    /// Every character that the table path segments without ICU, in the
    /// contexts where its word-break class matters.
    @Test("each character segmented by the word-class table, in every context", arguments: 0..<4)
    func tableCharacters(_ shard: Int) throws {
        let fast = try Tokenizer(abbreviations: Self.abbreviations)
        let icu = try Tokenizer(abbreviations: Self.abbreviations, useASCIIFastPath: false, useASCIISentences: false)
        let templates = ["aXb", "X", "XX", "1X2", "aX", "Xa", "a.X", "X.a", "X’s", "X's", "1X", "X1", "X,1", "1,X", "a’X", "X.X",
                         "X’X", "(X)", "X—X", "ЖX", "XЖ", "Ж.X", "éXé", "X-X", "X X", "\"X\"", "X.\nX"]
        var failures: [String] = []
        var tested = 0
        for k in stride(from: 0x80 + shard, to: WordClasses.count, by: 4) {
            guard fast.wordClasses.table[k] != WordClasses.special else { continue }
            let v = k < WordClasses.punctuationBase ? k : 0x2000 + k - WordClasses.punctuationBase
            let x = String(Character(Unicode.Scalar(UInt32(v))!))
            tested += 1
            for t in templates {
                let text = t.replacingOccurrences(of: "X", with: x)
                if let diff = try compare(text, fast: fast, icu: icu) { failures.append(String(format: "U+%04X ", v) + diff) }
            }
        }
        #expect(tested > 300)
        #expect(failures.isEmpty, "\(failures.count) mismatches, first:\n\(failures.prefix(12).joined(separator: "\n"))")
    }

    @Test("the word-class table: letters, joiners, white space and marks")
    func tableClasses() {
        let classes = WordClasses()
        defer { classes.deallocate() }
        func at(_ s: Unicode.Scalar) -> UInt8 {
            let v = Int(s.value)
            return classes.table[v < WordClasses.punctuationBase ? v : WordClasses.punctuationBase + v - 0x2000]
        }
        #expect(at("é") == WordClasses.letter && at("Ж") == WordClasses.letter && at("ї") == WordClasses.letter)
        #expect(at("’") == WordClasses.midNumLet && at("‘") == WordClasses.midNumLet && at(".") == WordClasses.midNumLet)
        #expect(at(",") == WordClasses.midNum && at("“") == WordClasses.other && at("—") == WordClasses.other && at("€") == WordClasses.other)
        // No-break space, soft hyphen, combining acute, zero-width joiner, thin space: ICU decides.
        for s: Unicode.Scalar in ["\u{A0}", "\u{AD}", "\u{301}", "\u{200D}", "\u{2009}", ":", "_"] {
            #expect(at(s) == WordClasses.special, "U+\(String(s.value, radix: 16))")
        }
    }

    @Test("the tokenizer's literal shape and flag bits are TokenShape's and TokenFlags'")
    func shapeBits() {
        typealias B = Tokenizer.ShapeBits
        let pairs: [(TokenShape, UInt16)] = [
            (.upperInitial, B.upperInitial), (.allUpper, B.allUpper), (.hasLower, B.hasLower), (.hasDigit, B.hasDigit),
            (.allDigits, B.allDigits), (.hasLetter, B.hasLetter), (.innerUpper, B.innerUpper), (.ascii, B.ascii),
            (.latin, B.latin), (.cyrillic, B.cyrillic), (.otherScript, B.otherScript),
        ]
        for (shape, bits) in pairs { #expect(shape.rawValue == bits) }
        typealias F = Tokenizer.FlagBits
        let flags: [(TokenFlags, UInt8)] = [
            (.spaceBefore, F.spaceBefore), (.newlineBefore, F.newlineBefore), (.paragraphStart, F.paragraphStart),
            (.sentenceStart, F.sentenceStart), (.headline, F.headline),
        ]
        for (flag, bits) in flags { #expect(flag.rawValue == bits) }
    }
}
