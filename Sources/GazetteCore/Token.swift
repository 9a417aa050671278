/// What kind of text a token is, from ICU's word-break rule status.
public enum TokenKind: UInt8, Sendable {
    /// Letters (ICU status 200–299), including words with inner apostrophes.
    case word
    /// Digits, possibly with inner separators ("1,200", "3.5").
    case number
    /// Kana or ideographs.
    case ideographic
    /// Punctuation and symbols (ICU status 0–99, not white space).
    case punctuation
    /// A possessive ending split off a word: "'s" in "Kyiv's".
    case possessive
}

/// Letter-case and character-class facts about a token.
public struct TokenShape: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The first character is an uppercase letter ("Kyiv", "KYIV", "MiG").
    @inlinable public static var upperInitial: TokenShape { TokenShape(rawValue: 1 << 0) }
    /// Has letters and no lowercase letter ("NATO", "F").
    @inlinable public static var allUpper: TokenShape { TokenShape(rawValue: 1 << 1) }
    /// Has at least one lowercase letter.
    @inlinable public static var hasLower: TokenShape { TokenShape(rawValue: 1 << 2) }
    /// Has at least one digit.
    @inlinable public static var hasDigit: TokenShape { TokenShape(rawValue: 1 << 3) }
    /// Every character is a digit.
    @inlinable public static var allDigits: TokenShape { TokenShape(rawValue: 1 << 4) }
    /// Has at least one letter.
    @inlinable public static var hasLetter: TokenShape { TokenShape(rawValue: 1 << 5) }
    /// An uppercase letter follows a lowercase one ("MiG", "iPhone").
    @inlinable public static var innerUpper: TokenShape { TokenShape(rawValue: 1 << 6) }
    /// Every byte is ASCII.
    @inlinable public static var ascii: TokenShape { TokenShape(rawValue: 1 << 7) }
    /// Has Latin letters.
    @inlinable public static var latin: TokenShape { TokenShape(rawValue: 1 << 8) }
    /// Has Cyrillic letters.
    @inlinable public static var cyrillic: TokenShape { TokenShape(rawValue: 1 << 9) }
    /// Has letters of another script.
    @inlinable public static var otherScript: TokenShape { TokenShape(rawValue: 1 << 10) }

    /// Capitalized like a name: uppercase initial followed by lowercase ("Kyiv", "McCain").
    @inlinable public var isTitleCase: Bool { contains(.upperInitial) && contains(.hasLower) }
}

/// Where a token sits relative to white space and sentence boundaries.
public struct TokenFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// White space separates the token from the previous one.
    @inlinable public static var spaceBefore: TokenFlags { TokenFlags(rawValue: 1 << 0) }
    /// A line break separates the token from the previous one.
    @inlinable public static var newlineBefore: TokenFlags { TokenFlags(rawValue: 1 << 1) }
    /// A blank line (or the start of the text) precedes the token.
    @inlinable public static var paragraphStart: TokenFlags { TokenFlags(rawValue: 1 << 2) }
    /// The token is the first of its sentence.
    @inlinable public static var sentenceStart: TokenFlags { TokenFlags(rawValue: 1 << 3) }
    /// The token's line is a headline: title-case or all-caps with no final period.
    @inlinable public static var headline: TokenFlags { TokenFlags(rawValue: 1 << 4) }
}

/// One token: a byte range into the document's UTF-8 text, plus its folded key.
///
/// Tokens are plain values in one contiguous array per document; nothing in a
/// token owns memory. `foldStart..<foldEnd` indexes the document's folded-key
/// arena (``TokenizedText/folded``).
public struct Token: Sendable, Hashable {
    public var start: Int32
    public var end: Int32
    public var foldStart: Int32
    public var foldEnd: Int32
    public var shape: TokenShape
    public var kind: TokenKind
    public var flags: TokenFlags

    public init(start: Int32, end: Int32, foldStart: Int32, foldEnd: Int32, shape: TokenShape,
                kind: TokenKind, flags: TokenFlags) {
        self.start = start
        self.end = end
        self.foldStart = foldStart
        self.foldEnd = foldEnd
        self.shape = shape
        self.kind = kind
        self.flags = flags
    }

    /// Length in UTF-8 bytes.
    @inlinable public var length: Int { Int(end - start) }
    /// True for words (letters) of any script.
    @inlinable public var isWord: Bool { kind == .word }
}

/// A document's text with its tokens and sentence boundaries.
///
/// The tokenizer fills one of these per document; a worker reuses it for the
/// next document so that no per-document arrays are allocated once capacities
/// have grown.
public struct TokenizedText: Sendable {
    /// The document's UTF-8 bytes.
    public var bytes: [UInt8] = []
    /// Tokens in text order; white space is not a token.
    public var tokens: [Token] = []
    /// Folded keys of all tokens, back to back (see ``Token/foldStart``).
    public var folded: [UInt8] = []
    /// Index of the first token of each sentence, ascending.
    public var sentenceStarts: [Int32] = []

    public init() {}

    /// Empties the buffers, keeping their capacity.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        tokens.removeAll(keepingCapacity: true)
        folded.removeAll(keepingCapacity: true)
        sentenceStarts.removeAll(keepingCapacity: true)
    }

    /// The token's text (allocates: for tests, diagnostics and output, not hot paths).
    public func text(of token: Token) -> String {
        String(decoding: bytes[Int(token.start)..<Int(token.end)], as: UTF8.self)
    }

    /// The token's folded key (allocates: for tests and diagnostics).
    public func foldedText(of token: Token) -> String {
        String(decoding: folded[Int(token.foldStart)..<Int(token.foldEnd)], as: UTF8.self)
    }

    /// The text from the start of token `first` to the end of token `last`.
    public func text(from first: Int, through last: Int) -> String {
        String(decoding: bytes[Int(tokens[first].start)..<Int(tokens[last].end)], as: UTF8.self)
    }
}
