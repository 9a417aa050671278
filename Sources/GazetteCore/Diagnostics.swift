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
