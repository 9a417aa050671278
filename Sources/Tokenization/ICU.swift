import CICU

/// An error reported by ICU, with ICU's own name for it (`U_ILLEGAL_ARGUMENT_ERROR`).
public struct ICUError: Error, CustomStringConvertible, Sendable {
    public let status: Int32
    public let operation: String
    public var description: String { "ICU \(operation) failed: \(String(cString: cicu_error_name(status)))" }
}

/// The one place that turns ICU status codes into Swift errors.
@inline(__always)
func checkICU(_ status: Int32, _ operation: @autoclosure () -> String) throws {
    if status > 0 { throw ICUError(status: status, operation: operation()) }
}

/// The version of the ICU library Gazette is linked against ("72.1").
public var icuVersion: String { String(cString: cicu_version()) }

/// A word or sentence break iterator over UTF-8 text. Not thread-safe: one per worker.
public final class BreakIterator {
    public enum Kind { case word, sentence }
    private let handle: OpaquePointer

    /// Opens an iterator; `locale` is an ICU locale id such as `en@ss=standard`.
    public init(_ kind: Kind, locale: String = "en") throws {
        var status: Int32 = 0
        let h = cicu_breaker_open(kind == .word ? Int32(CICU_BREAK_WORD) : Int32(CICU_BREAK_SENTENCE), locale, &status)
        try checkICU(status, "opening a break iterator for \(locale)")
        guard let h else { throw ICUError(status: 1, operation: "opening a break iterator") }
        handle = h
    }

    deinit { cicu_breaker_close(handle) }

    /// Points the iterator at `text`, which must stay valid while boundaries are read.
    public func setText(_ text: UnsafeBufferPointer<UInt8>) throws {
        var status: Int32 = 0
        cicu_breaker_set_utf8(handle, text.baseAddress, Int64(text.count), &status)
        try checkICU(status, "setting break iterator text")
    }

    /// The next boundary as a byte offset, or nil at the end.
    @inline(__always)
    public func next() -> Int? {
        let r = cicu_breaker_next(handle)
        return r < 0 ? nil : Int(r)
    }

    /// ICU's rule status for the last boundary (word: 0–99 none, 100–199 number, 200–299 letter, ...).
    @inline(__always)
    public var ruleStatus: Int32 { cicu_breaker_rule_status(handle) }
}

/// Matching-key folding: case fold, Latin diacritics removed, apostrophes and dashes unified.
///
/// `Szijjártó` → `szijjarto`, `KYIV` → `kyiv`, `Знам’янка` → `знам'янка`, `Йосип` → `йосип`.
public enum Folding {
    /// Appends the folded form of `bytes` (UTF-8) to `out`. ASCII takes a fast path.
    @inlinable
    public static func fold(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var ascii = true
        for b in bytes where b >= 0x80 { ascii = false; break }
        if ascii {
            for b in bytes { out.append(foldASCII(b)) }
        } else {
            foldUnicode(bytes, into: &out)
        }
    }

    /// The folded form of an ASCII byte: lowercase, and the backtick as an apostrophe.
    @inlinable
    public static func foldASCII(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : (b == 0x60 ? 0x27 : b) }

    @usableFromInline
    static func foldUnicode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let start = out.count
        var cap = bytes.count * 3 + 16
        while true {
            out.append(contentsOf: repeatElement(0, count: cap))
            var status: Int32 = 0
            let n = out.withUnsafeMutableBufferPointer { o in
                cicu_fold_utf8(bytes.baseAddress, Int32(bytes.count), o.baseAddress! + start, Int32(cap), &status)
            }
            if status > 0 {
                // ICU could not fold this text: keep it as it is rather than fail.
                out.removeSubrange(start...)
                out.append(contentsOf: bytes)
                return
            }
            if Int(n) <= cap {
                out.removeSubrange((start + Int(n))...)
                return
            }
            out.removeSubrange(start...)
            cap = Int(n)
        }
    }

    /// The folded form of a string.
    public static func fold(_ s: String) -> String {
        var s = s
        var out: [UInt8] = []
        s.withUTF8 { fold($0, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}
