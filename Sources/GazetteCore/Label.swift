/// An entity label. The set follows OntoNotes, so results compare with spaCy
/// and CoreNLP, plus four web labels (URL, HANDLE, HASHTAG, EMAIL).
public enum EntityLabel: UInt8, CaseIterable, Sendable, Hashable, Comparable {
    case person, norp, fac, org, gpe, loc, product, event, workOfArt, law, language
    case date, time, percent, money, quantity, ordinal, cardinal
    case url, handle, hashtag, email

    /// The label as written in files: `PERSON`, `GPE`, `WORK_OF_ART`, ...
    public var name: String { Self.names[Int(rawValue)] }

    /// Parses a label name as written in files (case-sensitive, e.g. `PERSON`).
    public init?(name: some StringProtocol) {
        guard let i = Self.names.firstIndex(where: { $0 == name }) else { return nil }
        self.init(rawValue: UInt8(i))
    }

    /// True for GPE, LOC and FAC: the labels scored as one place class when the
    /// gold data does not tell them apart.
    public var isPlace: Bool { self == .gpe || self == .loc || self == .fac }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    private static let names = [
        "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
        "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
        "URL", "HANDLE", "HASHTAG", "EMAIL",
    ]
}

/// Which stage of the pipeline produced an entity.
public enum EntitySource: UInt8, Sendable, Hashable {
    /// A lexicon alias matched.
    case lexicon
    /// A rule matched (names after titles, organization head words, dates, ...).
    case rule
    /// A pattern over characters matched (URLs, handles, hashtags, e-mail addresses).
    case pattern
    /// Resolution linked a mention to another entity of the same document
    /// ("Gladkov" after "Vyacheslav Gladkov", "LSR" defined in parentheses).
    case alias
    /// A name key or a spelling-similarity match linked the mention.
    case normalization

    public var name: String {
        switch self {
        case .lexicon: "lexicon"
        case .rule: "rule"
        case .pattern: "pattern"
        case .alias: "alias"
        case .normalization: "normalization"
        }
    }
}
