import Foundation
import Testing
import GazetteCore

/// Data-file lines are trimmed as Foundation's `.whitespaces` trims them
/// (spaces, tabs, no-break and other Zs spaces, zero width space; not line
/// breaks), without it; every scalar agreed when this was written.
@Test(arguments: ["", " ", "\t", "word", "  word  ", "\tword\t", "\u{00A0}Kyiv\u{2009}", "\u{3000}東京\u{3000}",
                  "a b", " a b ", "\u{200B}zero\u{200B}", "x\n", "\r x \r", " \u{0301}e ", "Київ ", "\t \u{202F}"])
func trimmingSpacesAgreesWithFoundation(_ text: String) {
    #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
    let sub = ("<" + text + ">").dropFirst().dropLast()
    #expect(sub.trimmingSpaces() == sub.trimmingCharacters(in: .whitespaces))
}

/// Every character of the Basic Multilingual Plane is trimmed or kept as Foundation does.
@Test func trimmingSpacesAgreesWithFoundationOnEveryBMPCharacter() {
    var disagree: [String] = []
    for v in 0...0xFFFF {
        guard let s = Unicode.Scalar(v) else { continue }
        let text = String(Character(s))
        if text.trimmingSpaces().isEmpty != text.trimmingCharacters(in: .whitespaces).isEmpty {
            disagree.append(String(v, radix: 16))
        }
    }
    #expect(disagree.isEmpty, "\(disagree)")
}

/// Data files split into the same lines whether saved with "\n" or "\r\n"
/// line ends (or a mix), with an empty last line after a final line end.
@Test(arguments: [
    ("", [""]),
    ("a", ["a"]),
    ("a\n", ["a", ""]),
    ("a\nb", ["a", "b"]),
    ("a\r\nb\r\n", ["a", "b", ""]),
    ("Київ\tKyiv\r\n# note\nx\r", ["Київ\tKyiv", "# note", "x"]),
    ("\r\n\n", ["", "", ""]),
    ("a\rb\r\nc", ["a\rb", "c"]),
])
func dataFileLinesIgnoreWindowsLineEnds(_ text: String, _ lines: [String]) {
    #expect(text.dataFileLines.map(String.init) == lines)
}
