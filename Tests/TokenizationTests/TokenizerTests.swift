import Testing
import GazetteCore
import Tokenization
import GazetteTestSupport

/// Tokenizes `text` with a fresh tokenizer.
private func tokenize(_ text: String, abbreviations: [String] = []) throws -> TokenizedText {
    try Tokenizer(abbreviations: abbreviations).tokenize(text)
}

private func texts(_ t: TokenizedText) -> [String] { t.tokens.map { t.text(of: $0) } }

// MARK: - Token boundaries

/// How names with apostrophes, hyphens and periods come out. The later stages
/// rely on this: a possessive is split off so "Kyiv's" still matches the alias
/// "Kyiv"; an inner apostrophe stays so "Знам'янка" is one name; hyphen parts are
/// separate tokens so "Strelkov-Girkin" can match either part and equipment codes
/// are recognized from their parts.
@Test(arguments: [
    ("Kyiv's", ["Kyiv", "'s"]),
    ("Kyiv\u{2019}s", ["Kyiv", "\u{2019}s"]),
    ("Jones'", ["Jones", "'"]),
    ("Знам'янка", ["Знам'янка"]),
    ("Знам\u{2019}янка", ["Знам\u{2019}янка"]),
    ("O'Brien", ["O'Brien"]),
    ("Strelkov-Girkin", ["Strelkov", "-", "Girkin"]),
    ("BTR-82A", ["BTR", "-", "82A"]),
    ("MiG-29", ["MiG", "-", "29"]),
    ("F-16", ["F", "-", "16"]),
    ("T-72B3", ["T", "-", "72B3"]),
    ("Su-34", ["Su", "-", "34"]),
    ("Shahed-136", ["Shahed", "-", "136"]),
    ("U.S.", ["U.S", "."]),
    ("1,200 troops", ["1,200", "troops"]),
    ("3.5%", ["3.5", "%"]),
    ("23rd", ["23rd"]),
    ("Київ,  Kyiv\t(Kiev)", ["Київ", ",", "Kyiv", "(", "Kiev", ")"]),
    ("a\nb\n\nc", ["a", "b", "c"]),
])
func tokenTexts(text: String, expected: [String]) throws {
    #expect(texts(try tokenize(text)) == expected)
}

@Test(arguments: [
    ("Kyiv's", [TokenKind.word, .possessive]),
    ("Kyiv\u{2019}s", [.word, .possessive]),
    ("12 soldiers", [.number, .word]),
    ("1,200", [.number]),
    ("3.5", [.number]),
    ("Kyiv, 2023.", [.word, .punctuation, .number, .punctuation]),
    ("MiG-29", [.word, .punctuation, .number]),
    ("東京に", [.ideographic, .ideographic]),
    ("\u{201C}Київ\u{201D}", [.punctuation, .word, .punctuation]),
])
func tokenKinds(text: String, expected: [TokenKind]) throws {
    #expect(try tokenize(text).tokens.map(\.kind) == expected)
}

/// Every token's text is exactly its byte range, tokens are in order and do not
/// overlap, and only white space lies between them.
@Test(arguments: [
    "Deputy Defense Minister Hanna Maliar said on Monday, May 22, that 1,200 troops (3.5%) left.",
    "Officials in Київ said 😀 the Шахед drones were downed near 👩‍👩‍👧 Бєлгород.\r\n\r\nNew para\u{00A0}here\u{2003}too.",
    "e\u{301}te\u{301} — «Знам’янка» 東京に行く https://t.me/x #tag @h",
])
func tokensCoverTextExceptWhiteSpace(text: String) throws {
    let t = try tokenize(text)
    let bytes = Array(text.utf8)
    var previousEnd = 0
    for token in t.tokens {
        #expect(token.start >= previousEnd && token.end > token.start)
        let gap = String(decoding: bytes[previousEnd..<Int(token.start)], as: UTF8.self)
        #expect(gap.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0 == "\u{FEFF}" }, "non-space gap \(gap.debugDescription)")
        #expect(t.text(of: token) == String(decoding: bytes[Int(token.start)..<Int(token.end)], as: UTF8.self))
        previousEnd = Int(token.end)
    }
    let tail = String(decoding: bytes[previousEnd...], as: UTF8.self)
    #expect(tail.unicodeScalars.allSatisfy { $0.properties.isWhitespace })
}

/// A reused ``TokenizedText`` holds only the latest text's tokens.
@Test func reusingTheBufferForgetsThePreviousText() throws {
    let tokenizer = try Tokenizer()
    var buffer = TokenizedText()
    try tokenizer.tokenize("A much longer first text. With two sentences and many tokens.", into: &buffer)
    try tokenizer.tokenize("Kyiv's mayor", into: &buffer)
    #expect(texts(buffer) == ["Kyiv", "'s", "mayor"])
    #expect(buffer.sentenceStarts == [0])
    #expect(buffer.bytes == Array("Kyiv's mayor".utf8))
}

@Test func emptyAndBlankTextsHaveNoTokens() throws {
    for text in ["", "   ", "\n\n\t"] {
        let t = try tokenize(text)
        #expect(t.tokens.isEmpty, "\(text.debugDescription)")
        #expect(t.sentenceStarts.isEmpty)
    }
}

// MARK: - Shapes

struct ShapeCase: Sendable, CustomTestStringConvertible {
    var text: String
    var present: TokenShape
    var absent: TokenShape
    init(_ text: String, has present: TokenShape, not absent: TokenShape) {
        self.text = text
        self.present = present
        self.absent = absent
    }
    var testDescription: String { text }
}

private let shapeCases: [ShapeCase] = [
    ShapeCase("Kyiv", has: [.upperInitial, .hasLower, .hasLetter, .ascii, .latin], not: [.allUpper, .innerUpper, .hasDigit, .cyrillic]),
    ShapeCase("KYIV", has: [.upperInitial, .allUpper, .hasLetter, .latin], not: [.hasLower, .innerUpper]),
    ShapeCase("MiG", has: [.upperInitial, .hasLower, .innerUpper, .latin], not: [.allUpper]),
    ShapeCase("iPhone", has: [.innerUpper, .hasLower], not: [.upperInitial, .allUpper]),
    ShapeCase("McCain", has: [.upperInitial, .innerUpper], not: [.allUpper]),
    ShapeCase("F", has: [.upperInitial, .allUpper], not: [.hasLower]),
    ShapeCase("82A", has: [.hasDigit, .hasLetter, .latin], not: [.allDigits, .hasLower]),
    ShapeCase("72B3", has: [.hasDigit, .hasLetter], not: [.allDigits]),
    ShapeCase("2023", has: [.hasDigit, .allDigits, .ascii], not: [.hasLetter, .latin, .upperInitial]),
    ShapeCase("Київ", has: [.upperInitial, .hasLower, .hasLetter, .cyrillic], not: [.latin, .ascii, .allUpper, .otherScript]),
    ShapeCase("ЗСУ", has: [.upperInitial, .allUpper, .cyrillic], not: [.hasLower, .latin]),
    ShapeCase("Szijjártó", has: [.upperInitial, .hasLower, .latin], not: [.ascii, .cyrillic]),
    ShapeCase("東京", has: [.hasLetter, .otherScript], not: [.latin, .cyrillic, .upperInitial, .ascii]),
    ShapeCase("-", has: [.ascii], not: [.hasLetter, .hasDigit, .allDigits, .upperInitial]),
]

@Test(arguments: shapeCases)
func shapes(_ c: ShapeCase) throws {
    let (text, present, absent) = (c.text, c.present, c.absent)
    let t = try tokenize(text)
    try #require(t.tokens.count == 1)
    let shape = t.tokens[0].shape
    #expect(shape.isSuperset(of: present), "\(text): \(shape.rawValue) lacks \(present.subtracting(shape).rawValue)")
    #expect(shape.isDisjoint(with: absent), "\(text): \(shape.rawValue) has \(shape.intersection(absent).rawValue)")
}

@Test func shapeOfBytesMatchesTheTokenizer() throws {
    for word in ["MiG", "KYIV", "Київ", "82A", "東京"] {
        let fromTokenizer = try tokenize(word).tokens[0].shape
        var w = word
        let direct = w.withUTF8 { Tokenizer.shape(of: $0) }
        #expect(direct == fromTokenizer, "\(word)")
    }
}

@Test(arguments: [("Kyiv", true), ("McCain", true), ("KYIV", false), ("kyiv", false), ("F", false)])
func titleCase(text: String, expected: Bool) throws {
    #expect(try tokenize(text).tokens[0].shape.isTitleCase == expected)
}

// MARK: - Flags

/// Which tokens have white space before them: hyphens and the parts of codes touch.
@Test(arguments: [
    ("MiG-29 jets", [false, false, false, true]),
    ("Strelkov - Girkin", [false, true, true]),
    ("Kyiv's mayor", [false, false, true]),
    ("(LSR)", [false, false, false]),
])
func spaceBefore(text: String, expected: [Bool]) throws {
    let t = try tokenize(text)
    // The first token of a text counts as preceded by nothing.
    #expect(t.tokens.dropFirst().map { $0.flags.contains(.spaceBefore) } == Array(expected.dropFirst()))
}

@Test func newlineFlags() throws {
    let t = try tokenize("a b\nc\n\nd\n \n e\r\nf")
    #expect(texts(t) == ["a", "b", "c", "d", "e", "f"])
    #expect(t.tokens.map { $0.flags.contains(.newlineBefore) } == [true, false, true, true, true, true])
    #expect(t.tokens[0].flags.contains(.paragraphStart))
}

/// `paragraphStart` is documented as "a blank line (or the start of the text)
/// precedes the token". ICU's word-break rules give every line feed its own
/// segment, so the tokenizer never counts two newlines in one white-space run
/// and only the first token of a text ever gets the flag.
@Test func blankLineStartsAParagraph() throws {
    let t = try tokenize("a b\nc\n\nd\n \n e")
    let paragraph = t.tokens.map { $0.flags.contains(.paragraphStart) }
    #expect(paragraph == [true, false, false, true, true])
}

// MARK: - Folded keys

@Test(arguments: [
    ("Szijjártó", "szijjarto"),
    ("KYIV", "kyiv"),
    ("Kyiv", "kyiv"),
    ("Київ", "київ"),
    ("КИЇВ", "київ"),
    ("Йосип", "йосип"),
    ("Ёлка", "елка"),
    ("Знам\u{2019}янка", "знам'янка"),
    ("Знам'янка", "знам'янка"),
    ("Straße", "strasse"),
    ("Ü", "u"),
    ("e\u{301}te\u{301}", "ete"),
    ("été", "ete"),
    ("MiG", "mig"),
])
func foldedKeys(text: String, expected: String) throws {
    let t = try tokenize(text)
    try #require(t.tokens.count == 1, "\(texts(t))")
    #expect(t.foldedText(of: t.tokens[0]) == expected)
    #expect(Folding.fold(text) == expected)
}

/// The curly possessive folds like the straight one, so both match the same keys.
@Test func curlyPossessiveFoldsToStraightApostrophe() throws {
    let t = try tokenize("Kyiv\u{2019}s")
    #expect(t.tokens.map { t.foldedText(of: $0) } == ["kyiv", "'s"])
}

// MARK: - Sentences

private func sentences(_ t: TokenizedText) -> [String] {
    let starts = t.sentenceStarts.map(Int.init)
    return starts.indices.map { k in
        let last = k + 1 < starts.count ? starts[k + 1] - 1 : t.tokens.count - 1
        return t.text(from: starts[k], through: last)
    }
}

@Test(arguments: [
    ("Gen. Valery Gerasimov met Lt. Col. Smith. Then he left.",
     ["Gen. Valery Gerasimov met Lt. Col. Smith.", "Then he left."]),
    ("Mr. Smith went to the U.S. on Monday. He left.",
     ["Mr. Smith went to the U.S. on Monday.", "He left."]),
    ("Russian Volunteer Corps Claims Raid\nThe group said on Monday that it crossed the border.",
     ["Russian Volunteer Corps Claims Raid", "The group said on Monday that it crossed the border."]),
    ("Borrell expects Hungary to unblock aid\n\nThe Freedom of Russia Legion (LSR) continues. It said so.",
     ["Borrell expects Hungary to unblock aid", "The Freedom of Russia Legion (LSR) continues.", "It said so."]),
    ("Is it over? Yes! It is.", ["Is it over?", "Yes!", "It is."]),
    // A wire dateline ends at its dash.
    ("LONDON (Reuters) - A British Airways flight was diverted.",
     ["LONDON (Reuters) -", "A British Airways flight was diverted."]),
    ("Headline\nKYIV, Ukraine (AP) \u{2014} A drone hit a depot.",
     ["Headline", "KYIV, Ukraine (AP) \u{2014}", "A drone hit a depot."]),
    // Not a dateline: no capitals first, or a hyphen inside a word.
    ("Officials in London - a city of nine million - agreed.", ["Officials in London - a city of nine million - agreed."]),
    ("NATO said pro-Russian units withdrew.", ["NATO said pro-Russian units withdrew."]),
])
func sentenceBoundaries(text: String, expected: [String]) throws {
    let t = try tokenize(text, abbreviations: ["Gen.", "Lt.", "Col."])
    #expect(sentences(t) == expected)
    // The flag and the index list agree.
    let flagged = t.tokens.indices.filter { t.tokens[$0].flags.contains(.sentenceStart) }.map(Int32.init)
    #expect(flagged == t.sentenceStarts)
}

/// Without the news abbreviation list ICU breaks after "Gen." and "Col.": the list is what prevents it.
@Test func abbreviationListPreventsBreaks() throws {
    let text = "Gen. Valery Gerasimov met Lt. Col. Smith. Then he left."
    #expect(try tokenize(text).sentenceStarts.count > 2)
    #expect(try tokenize(text, abbreviations: ["Gen", "Lt", "Col"]).sentenceStarts.count == 2)
}

/// An abbreviation at the end of a line does not glue the next line to it.
@Test func abbreviationBeforeLineBreakStillBreaks() throws {
    let t = try tokenize("He served under Gen.\nThe next day he left.", abbreviations: ["Gen."])
    #expect(sentences(t) == ["He served under Gen.", "The next day he left."])
}

@Test func headlineLinesAreFlagged() throws {
    let t = try tokenize("Russian Volunteer Corps Claims Raid\nThe group said on Monday that it crossed the border.")
    let headline = t.tokens.filter { $0.flags.contains(.headline) }.map { t.text(of: $0) }
    #expect(headline == ["Russian", "Volunteer", "Corps", "Claims", "Raid"])
}
