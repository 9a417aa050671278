/// An error in a data file (lexicon, rule list, transliteration table), with a
/// stable code, the file and the line, in the form
/// `[LEX003] Lexicons/people/ua.tsv:412: unknown label 'PERSN'`.
public struct DataFileError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A stable code such as `LEX003`; codes are listed in `Lexicons/README.md`.
    public var code: String
    public var file: String
    /// 1-based line, or 0 when the error concerns the whole file.
    public var line: Int
    public var message: String

    public init(code: String, file: String, line: Int, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0 ? "[\(code)] \(file):\(line): \(message)" : "[\(code)] \(file): \(message)"
    }
}

extension String {
    /// The lines of a data file (lexicon, word list, rules, tables): the text
    /// split at every "\n", without the "\r" of a Windows "\r\n" line end, and
    /// with an empty last line after a final "\n" (so line `k` of the result
    /// is line `k + 1` of the file). Splitting a `String` at the `Character`
    /// "\n" would not do: "\r\n" is one `Character`, so a file saved with
    /// Windows line ends would be one line.
    public var dataFileLines: [Substring] {
        utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0.last == 0x0D ? $0.dropLast() : $0) }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs: the characters
    /// Foundation's `CharacterSet.whitespaces` holds (Unicode category Zs,
    /// U+0009 and U+200B zero width space), without a round trip through
    /// `NSString` (data files are read line by line at start-up).
    public func trimmingSpaces() -> String {
        let whole = String(self)
        // Most lines start and end with a character that is plainly no space.
        guard let first = whole.utf8.first, let last = whole.utf8.last else { return whole }
        if first < 0x80, first != 0x20, first != 0x09, last < 0x80, last != 0x20, last != 0x09 { return whole }
        let scalars = whole.unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, Self.isSpace(scalars[start]) { start = scalars.index(after: start) }
        while start < end {
            let last = scalars.index(before: end)
            guard Self.isSpace(scalars[last]) else { break }
            end = last
        }
        return String(scalars[start..<end])
    }

    @inline(__always)
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 ? s.value == 0x20 || s.value == 0x09 : s.value == 0x200B || s.properties.generalCategory == .spaceSeparator
    }
}
