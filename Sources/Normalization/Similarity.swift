import GazetteCore

/// The edit costs behind ``NameSimilarity``, from the `[similarity]` section
/// of `name-key.txt`. Vowels weigh less than consonants (Kyiv and Kiev differ
/// by a vowel; Medvedev and Medvedchuk by consonants), and some vowel pairs
/// less than others (o and i alternate in Kharkov and Kharkiv; a and i in
/// Garkin and Girkin do not).
public struct SimilarityCosts: Sendable {
    /// Per byte: -1, or the vowel's index into ``pair``.
    var vowelIndex: [Int8] = Array(repeating: -1, count: 256)
    var vowelCount = 0
    /// Cost of vowel x for vowel y, `pair[x * vowelCount + y]`.
    var pair: [Double] = []
    /// A vowel for another, where no pair says otherwise.
    public var vowelSubstitution = 0.4
    /// A vowel added or dropped inside a word.
    public var vowelIndel = 0.5
    /// A vowel added or dropped at the start of a word (Arestov is not Rostov).
    public var initialVowelIndel = 1.0
    /// Any other letter added, dropped or replaced.
    public var consonant = 1.0
    /// Two neighbouring consonants swapped (Zelenksy).
    public var transposition = 0.7
    /// A letter added or dropped next to the same letter (Borrell, Borel).
    public var doubleLetter = 0.2
    /// People's names: the last vowel of a word replaced (Zelensky, Zelenska).
    public var finalVowelSubstitution = 1.5
    /// People's names: the last vowel of a word added or dropped (Medvedev, Medvedeva).
    public var finalVowelIndel = 3.0

    /// The costs above with a, e, i, o, u as vowels and no pair costs.
    public init() {
        setVowels("aeiou")
    }

    mutating func setVowels(_ letters: String) {
        vowelIndex = Array(repeating: -1, count: 256)
        let bytes = Array(letters.utf8).filter { $0 < 0x80 }
        for (i, b) in bytes.enumerated() { vowelIndex[Int(b)] = Int8(i) }
        vowelCount = bytes.count
        pair = Array(repeating: -1, count: vowelCount * vowelCount)
    }

    mutating func setPair(_ x: UInt8, _ y: UInt8, _ cost: Double) -> Bool {
        let i = Int(vowelIndex[Int(x)]), j = Int(vowelIndex[Int(y)])
        guard i >= 0, j >= 0 else { return false }
        pair[i * vowelCount + j] = cost
        pair[j * vowelCount + i] = cost
        return true
    }

    @inline(__always)
    func isVowel(_ b: UInt8) -> Bool { vowelIndex[Int(b)] >= 0 }

    @inline(__always)
    func substitution(_ x: UInt8, _ y: UInt8) -> Double {
        if x == y { return 0 }
        let i = Int(vowelIndex[Int(x)]), j = Int(vowelIndex[Int(y)])
        guard i >= 0, j >= 0 else { return consonant }
        let p = pair[i * vowelCount + j]
        return p >= 0 ? p : vowelSubstitution
    }
}

/// Similarity of two name forms (``NameKey/form``): 1 for equal forms, less
/// the more they differ, by a weighted Damerau–Levenshtein distance with the
/// costs of ``SimilarityCosts``. The score is 1 − cost divided by the longer
/// form's length, never below 0.
///
/// With `strictEndings` (for people's names) the last vowel of a word marks
/// gender or case, so changing it costs more: Medvedev and Medvedeva, Zelensky
/// and Zelenska are different people.
public enum NameSimilarity {
    /// The score of two forms (UTF-8 bytes).
    public static func score(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, costs c: SimilarityCosts,
                             strictEndings: Bool = false) -> Double {
        let n = a.count, m = b.count
        if n == 0 || m == 0 { return n == m ? 1 : 0 }
        if n == m && memcmpEqual(a, b) { return 1 }
        // People's names: a word ending in a vowel and one ending in a consonant
        // are different forms (Medvedev, Medvedeva).
        if strictEndings && !sameEndings(a, b, c) { return 0 }
        let width = m + 1
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * width) { rows in
            @inline(__always) func initial(_ x: UnsafeBufferPointer<UInt8>, _ k: Int) -> Bool { k == 0 || x[k - 1] == 0x20 }
            @inline(__always) func final(_ x: UnsafeBufferPointer<UInt8>, _ k: Int) -> Bool {
                strictEndings && c.isVowel(x[k]) && (k + 1 == x.count || x[k + 1] == 0x20)
            }
            // The cost of adding or dropping x[k].
            @inline(__always) func indel(_ x: UnsafeBufferPointer<UInt8>, _ k: Int) -> Double {
                if (k > 0 && x[k - 1] == x[k]) || (k + 1 < x.count && x[k + 1] == x[k]) { return c.doubleLetter }
                guard c.isVowel(x[k]) else { return c.consonant }
                if final(x, k) { return c.finalVowelIndel }
                return initial(x, k) ? c.initialVowelIndel : c.vowelIndel
            }
            var prev2 = 0, prev = width, cur = 2 * width
            rows[prev] = 0
            for j in 1...m { rows[prev + j] = rows[prev + j - 1] + indel(b, j - 1) }
            for i in 1...n {
                let ai = a[i - 1]
                rows[cur] = rows[prev] + indel(a, i - 1)
                for j in 1...m {
                    let bj = b[j - 1]
                    var sub = c.substitution(ai, bj)
                    if sub > 0 && (final(a, i - 1) || final(b, j - 1)) { sub = max(sub, c.finalVowelSubstitution) }
                    var best = rows[prev + j - 1] + sub
                    best = min(best, rows[prev + j] + indel(a, i - 1))
                    best = min(best, rows[cur + j - 1] + indel(b, j - 1))
                    // Only consonants swap places: a swapped vowel would dodge the costs above.
                    if i > 1 && j > 1 && ai == b[j - 2] && a[i - 2] == bj && ai != bj && !c.isVowel(ai) && !c.isVowel(bj)
                        && ai != 0x20 && bj != 0x20 {
                        best = min(best, rows[prev2 + j - 2] + c.transposition)
                    }
                    rows[cur + j] = best
                }
                (prev2, prev, cur) = (prev, cur, prev2)
            }
            let cost = rows[prev + m]
            return max(0, 1 - cost / Double(max(n, m)))
        }
    }

    /// The score of two forms given as strings.
    public static func score(_ a: String, _ b: String, costs: SimilarityCosts, strictEndings: Bool = false) -> Double {
        var x = a, y = b
        return x.withUTF8 { p in y.withUTF8 { q in score(p, q, costs: costs, strictEndings: strictEndings) } }
    }

    /// True when the words of `a` and `b`, taken in order, agree in whether
    /// they end in a vowel (or the two have different numbers of words).
    static func sameEndings(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, _ c: SimilarityCosts) -> Bool {
        func endings(_ x: UnsafeBufferPointer<UInt8>) -> (count: Int, vowels: UInt64) {
            var count = 0, vowels: UInt64 = 0
            for k in 0..<x.count where k + 1 == x.count || x[k + 1] == 0x20 {
                guard x[k] != 0x20 else { continue }
                if c.isVowel(x[k]) && count < 64 { vowels |= 1 << UInt64(count) }
                count += 1
            }
            return (count, vowels)
        }
        let x = endings(a), y = endings(b)
        return x.count != y.count || x.vowels == y.vowels
    }

    @inline(__always)
    static func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }

    /// The Damerau–Levenshtein distance between two keys, capped at `limit + 1`.
    public static func keyDistance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, limit: Int = 1) -> Int {
        let n = a.count, m = b.count
        if abs(n - m) > limit { return limit + 1 }
        if n == 0 || m == 0 { return max(n, m) }
        let width = m + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows in
            var prev2 = 0, prev = width, cur = 2 * width
            for j in 0...m { rows[prev + j] = j }
            for i in 1...n {
                rows[cur] = i
                var rowMin = i
                for j in 1...m {
                    var best = rows[prev + j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                    best = min(best, rows[prev + j] + 1, rows[cur + j - 1] + 1)
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { best = min(best, rows[prev2 + j - 2] + 1) }
                    rows[cur + j] = best
                    rowMin = min(rowMin, best)
                }
                if rowMin > limit { return limit + 1 }
                (prev2, prev, cur) = (prev, cur, prev2)
            }
            return min(rows[prev + m], limit + 1)
        }
    }
}
