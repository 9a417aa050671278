import CICU
import GazetteCore
import Tokenization

/// An ICU transliterator: a built-in transform ("Any-Latin; Latin-ASCII") or
/// rules of Gazette's own. Not thread-safe: one per worker.
public final class Transliterator {
    private let handle: OpaquePointer

    /// Opens a built-in ICU transform by id, e.g. `Ukrainian-Latin/BGN` or `Any-Latin; Latin-ASCII`.
    public init(id: String) throws {
        var status: Int32 = 0
        var line: Int32 = 0, offset: Int32 = 0
        guard let h = cicu_translit_open(id, nil, 0, &line, &offset, &status), status <= 0 else {
            throw TransliterationError(message: "cannot open ICU transform '\(id)': \(String(cString: cicu_error_name(status)))")
        }
        handle = h
    }

    /// Compiles ICU transform rules; a syntax error names `file` and the line.
    public init(name: String, rules: String, file: String) throws {
        var status: Int32 = 0
        var line: Int32 = 0, offset: Int32 = 0
        var r = rules
        let h = r.withUTF8 { cicu_translit_open(name, $0.baseAddress, Int32($0.count), &line, &offset, &status) }
        guard let h, status <= 0 else {
            // ICU reports where the bad rule starts as a UTF-16 offset, not a line.
            var lineNumber = Int(line)
            if lineNumber <= 0 {
                lineNumber = 1 + rules.utf16.prefix(max(0, Int(offset))).reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            }
            throw DataFileError(code: "TRL001", file: file, line: lineNumber,
                                message: "invalid transform rule: \(String(cString: cicu_error_name(status)))")
        }
        handle = h
    }

    deinit { cicu_translit_close(handle) }

    /// Transliterates `text`.
    public func transliterate(_ text: String) -> String {
        var s = text
        var cap = s.utf8.count * 4 + 16
        while true {
            var out = [UInt8](repeating: 0, count: cap)
            var status: Int32 = 0
            let n = s.withUTF8 { input in
                out.withUnsafeMutableBufferPointer { o in
                    cicu_translit_utf8(handle, input.baseAddress, Int32(input.count), o.baseAddress, Int32(cap), &status)
                }
            }
            if status > 0 { return text }
            if Int(n) <= cap { return String(decoding: out[0..<Int(n)], as: UTF8.self) }
            cap = Int(n)
        }
    }
}

public struct TransliterationError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// Slugs for ids: `Freedom of Russia Legion` → `freedom-of-russia-legion`, `Київ` → `kyiv`.
public final class Slugger {
    private let toLatin: Transliterator

    public init() throws {
        toLatin = try Transliterator(id: "Any-Latin; Latin-ASCII")
    }

    /// Lowercase ASCII letters and digits joined by single hyphens.
    public func slug(_ name: String) -> String {
        let latin = name.unicodeScalars.allSatisfy({ $0.isASCII }) ? name : toLatin.transliterate(name)
        var out: [UInt8] = []
        var pendingHyphen = false
        for b in latin.utf8 {
            let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                if pendingHyphen && !out.isEmpty { out.append(0x2D) }
                pendingHyphen = false
                out.append(lower)
            } else if b != 0x27 {
                pendingHyphen = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
