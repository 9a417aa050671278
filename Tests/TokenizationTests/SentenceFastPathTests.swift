import Foundation
import GazetteCore
import GazetteTestSupport
import Pipeline
import Testing
@testable import Tokenization

/// Sentence boundaries found without ICU's iterator must be ICU's: same
/// sentence starts and token flags as a tokenizer that asks ICU for every
/// boundary, on texts built from the characters the sentence rules treat
/// differently, ICU's own suppressions ("Mr.", "U.S.") and the abbreviation list.
struct SentenceFastPathTests {
    static let abbreviations = ["Gen.", "Lt.", "Col.", "Mr.", "U.S.", "No."]

    /// Reference: ICU for words and sentences.
    let icu: Tokenizer
    /// The default: both fast paths.
    let fast: Tokenizer
    /// ICU words, fast sentences (sentences do not depend on the word fast path).
    let sentencesOnly: Tokenizer

    init() throws {
        icu = try Tokenizer(abbreviations: Self.abbreviations, useASCIIFastPath: false, useASCIISentences: false)
        fast = try Tokenizer(abbreviations: Self.abbreviations)
        sentencesOnly = try Tokenizer(abbreviations: Self.abbreviations, useASCIIFastPath: false)
    }

    /// A description of the first difference, or nil when the two agree on everything.
    func difference(_ text: String) throws -> String? {
        let expected = try icu.tokenize(text)
        for (name, tokenizer) in [("fast", fast), ("sentences only", sentencesOnly)] {
            let got = try tokenizer.tokenize(text)
            if got.tokens == expected.tokens && got.sentenceStarts == expected.sentenceStarts && got.folded == expected.folded { continue }
            let starts = { (t: TokenizedText) in t.sentenceStarts.map { t.text(of: t.tokens[Int($0)]) + "@\(t.tokens[Int($0)].start)" } }
            return "\(name): \(text.debugDescription)\n  ICU sentences start at \(starts(expected))\n  got \(starts(got))"
        }
        return nil
    }

    func check(_ texts: [String]) throws {
        var failures: [String] = []
        for text in texts {
            if let d = try difference(text) { failures.append(d) }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(texts.count) differ, first:\n\(failures.prefix(8).joined(separator: "\n"))")
    }

    @Test("hand-picked cases")
    func cases() throws {
        try check([
            "He left. She stayed.", "Mr. Smith arrived. Gen. Jones left.", "Lt. Col. Ivanov said so. Then he left.",
            "The U.S. Army moved. U.S. troops left.", "XMr. Brown. JOB. Done. Plan B. Then.", "It was 3.5 km. 1,000.50 dollars.",
            "Wait... what? Yes! No?! \"Stop.\" He said.", "He said: \"Go.\" Then (again.) He left.", "A.B. C. d. E.F.G. Hi.",
            "etc. and so on. E.g. this. e.g. that.", "End.\"He", "End.)Next", "1.X 2.y a.B a.b", "Київ. Вадим пішов. т. е. далі.",
            "Kyiv. \u{201C}Next,\u{201D} he said. \u{201C}Go.\u{201D} Then.", "Yes.\u{A0}No. Maybe.\u{2009}So.", "One\u{2024} Two. Three\u{203C} Four.",
            "A. \u{301}B. C.\u{AD} D.", "Line one. Two\r\nThree. Four.\r\nFive. Six.\rSeven. Eight.", "Para. One\u{2028}Two. Three\u{2029}Four.",
            "中文。下一句。 Next. 東京. Then.", "URL http://example.com/a.b. Next. mail@example.com. Next.", "No. 5 is here. No. It is not.",
            "A \u{2014} b. C \u{2013} d. E - f. G, h. I: j.", "Tab.\tNext. Two.  Spaces. ( Paren. ) Close.", "Ph.D. students. Ph. D. Then. Ph.D Then.",
            "ΑΒΓ. Δέλτα. ω. Ω.", "Ελλάδα; Next. Greek\u{37E} Next.", "MR. Smith. Mr.Smith. Mr . Smith.", "  . Leading. \n . Dot line. ", "",
            "word", ".", ". A", "A.", "\n\n. \n", "Hi!\"' (Next)", "He said \u{AB}Go.\u{BB} Then. \u{BB}Back.\u{AB} Next.",
        ])
    }

    /// (No U+2009 or other Unicode space here: after an ASCII space and before
    /// a combining mark, the word fast path already splits it differently.)
    static let pieces: [String] = [
        "Mr.", "Gen.", "Lt.", "Col.", "U.S.", "XMr.", "Ph.D.", "e.g.", "etc.", "No.", "a.m.", "JOB.", "B.", "Jan.", "St.",
        " ", " ", " ", " ", " ", " ", "  ", "\t", "\n", "\r\n", "\n\n",
        ".", ".", ".", ".", "!", "?", "...", "?!", "\"", "'", "(", ")", "[", "]", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}",
        "\u{AB}", "\u{BB}", "\u{2014}", "\u{2013}", "-", ",", ":", ";", "\u{A0}", "\u{2024}", "\u{203C}", "\u{2028}",
        "\u{2026}", "\u{37E}",
        "Kyiv", "kyiv", "\u{41A}\u{438}\u{457}\u{432}", "\u{43A}\u{438}\u{457}\u{432}", "The", "the", "He", "he", "A", "a", "I",
        "\u{416}", "\u{436}", "\u{C9}", "\u{E9}", "\u{DF}", "\u{3A9}", "\u{3C9}", "\u{1E9E}", "\u{1EA0}",
        "5", "1,000.50", "3.5", "2023", "x", "X", "http://example.com/a.b", "@handle", "#tag", "$", "%", "_",
    ]
    /// Characters that send their line to ICU (extending and format characters,
    /// separators, other scripts): rarer, so that most lines take the fast path.
    static let rarePieces = ["\u{301}", "\u{AD}", "\u{200B}", "\u{200D}", "\u{3002}", "\u{4E2D}", "\u{2029}", "\r", "\u{85}", "\u{5D0}", "\u{FF0E}"]

    @Test("random strings of sentence-break edge cases", arguments: 0..<8)
    func random(_ shard: Int) throws {
        var rng = SplitMix64(seed: UInt64(shard) &* 0x2545_F491 &+ 3)  // seeded: failures reproduce
        try check((0..<600).map { _ in
            (0..<(1 + rng.next(40))).map { _ in
                rng.next(60) == 0 ? Self.rarePieces[rng.next(Self.rarePieces.count)] : Self.pieces[rng.next(Self.pieces.count)]
            }.joined()
        })
    }

    static let words = ["the", "army", "said", "Kyiv", "\u{41A}\u{438}\u{457}\u{432}", "\u{43C}\u{456}\u{441}\u{442}\u{43E}", "Smith", "NATO",
                        "on", "Monday", "troops", "3.5", "1,200", "Zelensky", "\u{C9}lys\u{E9}e", "U.S.", "Gen.", "Mr.", "Lt.", "etc.", "p.m."]
    static let ends = [". ", ". ", ". ", "! ", "? ", ".\" ", ".\u{201D} ", ".) ", "... ", ". \u{201C}", ".\n", ".\r\n", "\n\n", " \u{2014} ", ", "]

    @Test("random prose-like text", arguments: 0..<4)
    func prose(_ shard: Int) throws {
        var rng = SplitMix64(seed: UInt64(shard) &* 0x9E37_79B9 &+ 101)
        try check((0..<300).map { _ in
            var text = ""
            for _ in 0..<(1 + rng.next(12)) {
                let n = 1 + rng.next(8)
                var sentence = (0..<n).map { _ in Self.words[rng.next(Self.words.count)] }.joined(separator: " ")
                if rng.next(2) == 0 { sentence = sentence.prefix(1).uppercased() + sentence.dropFirst() }
                text += sentence + Self.ends[rng.next(Self.ends.count)]
            }
            return text
        })
    }
}
