import Foundation
import Testing
import Gazette
import GazetteTestSupport

/// The bucketed ending table answers exactly what comparing the word with every
/// ending would: endings sharing last bytes, endings that are suffixes of one
/// another, Cyrillic endings, and the three-byte stem the rule requires.
@Test func surnameEndingTableAgreesWithComparingEveryEnding() throws {
    let endings = ["ov", "ova", "yov", "enko", "chenko", "uk", "chuk", "sky", "skyi", "ов", "енко", "shvili", "dze", "ski"]
    let dir = try TestSupport.makeTree(["surname_suffixes.txt": endings.joined(separator: "\n") + "\n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let lists = try WordLists(directories: [dir.path], tokenizer: try Tokenizer())
    let words = ["petrov", "ivanova", "tov", "abov", "shevchenko", "enko", "kovalenko", "bondarchuk", "kuk", "zelensky",
                 "kovalskyi", "kovalskyy", "петров", "шевченко", "ов", "saakashvili", "kobakhidze", "dze", "nowakski",
                 "london", "paris", "", "a", "ov", "kyiv", "smith", "orlov"]
    for word in words {
        let bytes = Array(word.utf8)
        let naive = endings.contains { e in
            let s = Array(e.utf8)
            return bytes.count >= s.count + 3 && Array(bytes.suffix(s.count)) == s
        }
        let fast = bytes.withUnsafeBufferPointer { lists.hasSurnameEnding($0) }
        #expect(fast == naive, "\(word)")
    }
}
