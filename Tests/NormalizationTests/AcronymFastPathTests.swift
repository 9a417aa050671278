import Testing
@testable import Normalization
import Pipeline

/// The ASCII fast paths of the acronym tests agree with the Unicode paths:
/// a trailing no-break space (not a letter) sends a name down the Unicode
/// path without changing the answer.
@Test func acronymFastPathsAgreeWithUnicodePaths() {
    var rng = SplitMix64(seed: 17)
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz  -.'0123456789")
    var names = ["NATO", "Nato", "SBU", "ABCDEF", "A", "", "12", "U.S.", "LSR and RDK", "Mr ISW", "F-16", "MiG-29"]
    for _ in 0..<5000 {
        names.append(String((0..<(1 + rng.next(9))).map { _ in alphabet[rng.next(alphabet.count)] }))
    }
    for name in names {
        let unicode = name + "\u{A0}"
        #expect(VariantLinker.isAcronym(name) == VariantLinker.isAcronym(unicode), "isAcronym(\(name.debugDescription))")
        #expect(NameIndex.hasAcronymWord(name) == NameIndex.hasAcronymWord(unicode), "hasAcronymWord(\(name.debugDescription))")
    }
}
