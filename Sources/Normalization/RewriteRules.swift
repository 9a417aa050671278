import GazetteCore

/// Letter-group rewrite rules read from a data file (`name-key.txt`,
/// `spelling.txt`; format in `Lexicons/transliteration/README.md`), applied to
/// one lowercased word at a time.
///
/// A file is a sequence of sections. `[rules NAME]` sections rewrite the word
/// left to right: at each position the longest rule whose core matches and
/// whose context holds is applied; text that no rule matches is copied. A
/// rules section may be limited to words that show (`when`) or do not show
/// (`unless`) a marker set: `[rules central when central]`. `[collapse]`
/// collapses runs of one letter; `[form]` marks the output that
/// ``apply(word:form:into:)`` reports as the comparison form.
///
/// Immutable once parsed, so one instance serves every thread. Applying the
/// rules allocates nothing once the caller's buffers have grown.
public struct RewriteRules: Sendable {
    struct Rule: Sendable {
        var core: Range<Int32>
        var replacement: Range<Int32>
        var atStart: Bool
        var atEnd: Bool
        /// Class index the character before the core must belong to, or -1.
        var before: Int8
        /// Class index the character after the core must belong to, or -1.
        var after: Int8
    }

    struct Marker: Sendable {
        var bytes: Range<Int32>
        var atStart: Bool
        var atEnd: Bool
        /// `.` prefix: the marker must not start the word.
        var notAtStart: Bool
    }

    enum Step: Sendable {
        /// A rules section: rule indices by first byte, longest core first.
        case rules(name: String, byFirstByte: [[Int32]], when: [Int], unless: [Int])
        case collapse
        case form
    }

    /// Bytes of every rule's core and replacement and every marker.
    private var arena: [UInt8] = []
    private var rules: [Rule] = []
    /// Letter classes: scalar values, sorted.
    private var classes: [[UInt32]] = []
    private var classNames: [String] = []
    private var markerSets: [[Marker]] = []
    private var markerSetNames: [String] = []
    /// Marker sets whose absence calls for a second, alternate reading.
    private(set) var alternates: [Int] = []
    /// Marker sets marked `optional`: showing them never changes the first
    /// reading, only calls for an alternate one.
    public private(set) var optionalMask: UInt64 = 0
    private var steps: [Step] = []

    // Flat, allocation-free forms of the steps and markers, built after parsing.
    struct FlatStep: Sendable {
        /// 0 rules, 1 collapse, 2 form.
        var kind: UInt8
        /// Offset of this section's 257 first-byte offsets in ``firstByteStart``.
        var table: Int32
        var when: UInt64
        var unless: UInt64
    }
    private var flatSteps: [FlatStep] = []
    /// Per rules section, 257 offsets into ``ruleOrder``: the rules whose core
    /// starts with byte b are `ruleOrder[start[b]..<start[b + 1]]`.
    private var firstByteStart: [Int32] = []
    private var ruleOrder: [Int32] = []
    /// Markers of every set, with the set they belong to, by first byte.
    private var flatMarkers: [(marker: Marker, set: Int32)] = []
    private var markerStart: [Int32] = []
    /// Problems found while parsing; bad lines are skipped.
    public private(set) var diagnostics: [DataFileError] = []
    /// Edit costs for comparing forms (the `[similarity]` section).
    public private(set) var costs = SimilarityCosts()

    /// Rules that change nothing.
    public init() {}

    /// Parses rules from `text`; `file` names the file in diagnostics.
    public init(text: String, file: String) {
        parse(text, file: file)
    }

    /// The number of rewrite rules.
    public var ruleCount: Int { rules.count }

    /// Marker-set indices forced present for an alternate reading.
    public var alternateMarkerSets: [Int] { alternates }

    // MARK: - Parsing

    private mutating func parse(_ text: String, file: String) {
        enum Mode { case none, skip, classes, markers(Int), rules(Int), similarity }
        var mode = Mode.none
        var pending: [(name: String, rules: [Int32], when: [Int], unless: [Int])] = []
        var lineNumber = 0
        func fail(_ code: String, _ message: String) {
            diagnostics.append(DataFileError(code: code, file: file, line: lineNumber, message: message))
        }
        for line in text.dataFileLines {
            lineNumber += 1
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("[") {
                guard let close = trimmed.firstIndex(of: "]") else {
                    fail("TRL004", "section header without ']': '\(trimmed)'")
                    mode = .skip
                    continue
                }
                let words = trimmed[trimmed.index(after: trimmed.startIndex)..<close].split(separator: " ").map(String.init)
                guard let kind = words.first else { fail("TRL004", "empty section header"); mode = .skip; continue }
                switch kind {
                case "classes":
                    mode = .classes
                case "markers":
                    guard words.count == 2 || (words.count == 3 && words[2] == "optional") else {
                        fail("TRL004", "expected [markers NAME] or [markers NAME optional]"); mode = .skip; continue
                    }
                    if words.count == 3 { optionalMask |= 1 << UInt64(markerSets.count) }
                    markerSetNames.append(words[1])
                    markerSets.append([])
                    mode = .markers(markerSets.count - 1)
                case "alternate":
                    for name in words.dropFirst() {
                        if let i = markerSetNames.firstIndex(of: name) { alternates.append(i) } else {
                            fail("TRL006", "unknown marker set '\(name)' (define it with [markers \(name)] first)")
                        }
                    }
                    mode = .none
                case "collapse":
                    steps.append(.collapse)
                    mode = .none
                case "similarity":
                    mode = .similarity
                case "form":
                    steps.append(.form)
                    mode = .none
                case "rules":
                    guard words.count >= 2 else { fail("TRL004", "expected [rules NAME]"); mode = .skip; continue }
                    var when: [Int] = [], unless: [Int] = []
                    var target = 0
                    var ok = true
                    for w in words.dropFirst(2) {
                        if w == "when" { target = 1; continue }
                        if w == "unless" { target = 2; continue }
                        guard target != 0, let i = markerSetNames.firstIndex(of: w) else {
                            fail(target == 0 ? "TRL004" : "TRL006",
                                 target == 0 ? "expected 'when' or 'unless' before '\(w)'" : "unknown marker set '\(w)' (define it with [markers \(w)] first)")
                            ok = false
                            continue
                        }
                        if target == 1 { when.append(i) } else { unless.append(i) }
                    }
                    if !ok { mode = .skip; continue }
                    pending.append((words[1], [], when, unless))
                    steps.append(.rules(name: words[1], byFirstByte: [], when: when, unless: unless))
                    mode = .rules(pending.count - 1)
                default:
                    fail("TRL004", "unknown section '[\(kind)]': expected classes, markers, alternate, rules, collapse, form or similarity")
                    mode = .skip
                }
                continue
            }
            let cols = trimmed.split(separator: "\t", omittingEmptySubsequences: true).map { $0.trimmingASCIISpaces }
            switch mode {
            case .skip:
                // The lines of a section whose header was reported.
                continue
            case .none:
                fail("TRL003", "line outside a section: '\(trimmed)'")
            case .classes:
                guard cols.count == 2, cols[0].count == 1, cols[0].first!.isUppercase else {
                    fail("TRL003", "expected 'NAME<TAB>letters' with a one-letter uppercase NAME")
                    continue
                }
                classNames.append(cols[0])
                classes.append(cols[1].unicodeScalars.filter { $0 != " " }.map(\.value).sorted())
            case .similarity:
                if let e = similarityLine(cols) { fail(e.code, e.message) }
            case .markers(let set):
                guard cols.count == 1, let m = marker(cols[0]) else { fail("TRL003", "expected one marker per line, e.g. 'sch' or 'ow$'"); continue }
                markerSets[set].append(m)
            case .rules(let section):
                guard cols.count == 2 else { fail("TRL003", "expected 'pattern<TAB>replacement' (use - for nothing)"); continue }
                switch rule(cols[0], cols[1]) {
                case .success(let r): rules.append(r)
                case .failure(let e): fail(e.code, e.message); continue
                }
                pending[section].rules.append(Int32(rules.count - 1))
            }
        }
        // Index each section's rules by first byte, longest core first, then in file order.
        var k = 0
        for (i, step) in steps.enumerated() {
            switch step {
            case .collapse:
                flatSteps.append(FlatStep(kind: 1, table: 0, when: 0, unless: 0))
            case .form:
                flatSteps.append(FlatStep(kind: 2, table: 0, when: 0, unless: 0))
            case .rules(let name, _, let when, let unless):
                var table = [[Int32]](repeating: [], count: 256)
                for r in pending[k].rules {
                    let first = arena[Int(rules[Int(r)].core.lowerBound)]
                    table[Int(first)].append(r)
                }
                let all = rules
                for b in 0..<256 where table[b].count > 1 {
                    table[b] = table[b].enumerated().sorted { x, y in
                        let lx = all[Int(x.element)].core.count, ly = all[Int(y.element)].core.count
                        return lx != ly ? lx > ly : x.offset < y.offset
                    }.map(\.element)
                }
                let base = Int32(firstByteStart.count)
                for b in 0..<256 {
                    firstByteStart.append(Int32(ruleOrder.count))
                    ruleOrder.append(contentsOf: table[b])
                }
                firstByteStart.append(Int32(ruleOrder.count))
                steps[i] = .rules(name: name, byFirstByte: table, when: when, unless: unless)
                var w: UInt64 = 0, u: UInt64 = 0
                for m in when { w |= 1 << UInt64(m) }
                for m in unless { u |= 1 << UInt64(m) }
                flatSteps.append(FlatStep(kind: 0, table: base, when: w, unless: u))
                k += 1
            }
        }
        // Markers by first byte.
        var byByte = [[(marker: Marker, set: Int32)]](repeating: [], count: 256)
        for (set, markers) in markerSets.enumerated() {
            for m in markers { byByte[Int(arena[Int(m.bytes.lowerBound)])].append((m, Int32(set))) }
        }
        for b in 0..<256 {
            markerStart.append(Int32(flatMarkers.count))
            flatMarkers.append(contentsOf: byByte[b])
        }
        markerStart.append(Int32(flatMarkers.count))
    }

    /// `vowels<TAB>letters`, `pair<TAB>x y<TAB>cost` or `NAME<TAB>cost`.
    private mutating func similarityLine(_ cols: [String]) -> PatternError? {
        func cost(_ s: String) -> Double? { Double(s).flatMap { $0 >= 0 ? $0 : nil } }
        func fail(_ code: String, _ message: String) -> PatternError { PatternError(code: code, message: message) }
        switch cols.first {
        case "vowels" where cols.count == 2:
            costs.setVowels(cols[1].replacingOccurrences(of: " ", with: ""))
        case "pair" where cols.count == 3:
            let letters = cols[1].split(separator: " ").map(String.init)
            guard letters.count == 2, letters.allSatisfy({ $0.utf8.count == 1 }), let c = cost(cols[2]),
                  costs.setPair(letters[0].utf8.first!, letters[1].utf8.first!, c) else {
                return fail("TRL010", "expected 'pair<TAB>x y<TAB>cost' with two vowels of the 'vowels' line and a cost ≥ 0")
            }
        default:
            guard cols.count == 2, let c = cost(cols[1]) else {
                return fail("TRL010", "expected 'vowels<TAB>letters', 'pair<TAB>x y<TAB>cost' or 'NAME<TAB>cost'")
            }
            switch cols[0] {
            case "vowel-substitution": costs.vowelSubstitution = c
            case "vowel-indel": costs.vowelIndel = c
            case "initial-vowel-indel": costs.initialVowelIndel = c
            case "consonant": costs.consonant = c
            case "transposition": costs.transposition = c
            case "double-letter": costs.doubleLetter = c
            case "final-vowel-substitution": costs.finalVowelSubstitution = c
            case "final-vowel-indel": costs.finalVowelIndel = c
            default:
                return fail("TRL010", "unknown cost '\(cols[0])': expected vowel-substitution, vowel-indel, initial-vowel-indel, consonant, transposition, double-letter, final-vowel-substitution or final-vowel-indel")
            }
        }
        return nil
    }

    private mutating func store(_ s: String) -> Range<Int32> {
        let start = Int32(arena.count)
        arena.append(contentsOf: s.utf8)
        return start..<Int32(arena.count)
    }

    private mutating func marker(_ text: String) -> Marker? {
        var s = Substring(text)
        var m = Marker(bytes: 0..<0, atStart: false, atEnd: false, notAtStart: false)
        if s.hasPrefix("^") { m.atStart = true; s = s.dropFirst() } else if s.hasPrefix(".") { m.notAtStart = true; s = s.dropFirst() }
        if s.hasSuffix("$") { m.atEnd = true; s = s.dropLast() }
        guard !s.isEmpty else { return nil }
        m.bytes = store(String(s))
        return m
    }

    struct PatternError: Error { var code: String; var message: String }

    /// Parses `^(X)core(Y)$` → replacement.
    private mutating func rule(_ pattern: String, _ replacement: String) -> Result<Rule, PatternError> {
        func fail(_ code: String, _ message: String) -> Result<Rule, PatternError> { .failure(PatternError(code: code, message: message)) }
        var s = Substring(pattern)
        var r = Rule(core: 0..<0, replacement: 0..<0, atStart: false, atEnd: false, before: -1, after: -1)
        if s.hasPrefix("^") { r.atStart = true; s = s.dropFirst() }
        if s.hasSuffix("$") { r.atEnd = true; s = s.dropLast() }
        func classIndex(_ name: Substring) -> Int8? {
            classNames.firstIndex(of: String(name)).map { Int8($0) }
        }
        func unknown(_ name: Substring) -> Result<Rule, PatternError> {
            fail("TRL006", "unknown letter class '(\(name))' in '\(pattern)'")
        }
        if s.hasPrefix("(") {
            guard let close = s.firstIndex(of: ")") else { return fail("TRL005", "unbalanced '(' in '\(pattern)'") }
            let name = s[s.index(after: s.startIndex)..<close]
            guard let c = classIndex(name) else { return unknown(name) }
            r.before = c
            s = s[s.index(after: close)...]
        }
        if s.hasSuffix(")") {
            guard let open = s.lastIndex(of: "(") else { return fail("TRL005", "unbalanced ')' in '\(pattern)'") }
            let name = s[s.index(after: open)..<s.index(before: s.endIndex)]
            guard let c = classIndex(name) else { return unknown(name) }
            r.after = c
            s = s[..<open]
        }
        guard !s.isEmpty, !s.contains("("), !s.contains(")"), !s.contains(" ") else {
            return fail("TRL005", "malformed pattern '\(pattern)': expected ^(CLASS)letters(CLASS)$ with the anchors and classes optional")
        }
        if r.atStart && r.before >= 0 { return fail("TRL005", "'^' and a class before the core exclude each other in '\(pattern)'") }
        if r.atEnd && r.after >= 0 { return fail("TRL005", "'$' and a class after the core exclude each other in '\(pattern)'") }
        r.core = store(String(s))
        r.replacement = store(replacement == "-" ? "" : replacement)
        return .success(r)
    }

    // MARK: - Applying

    /// Which marker sets `word` shows, as a bit mask (bit i: set i).
    @inline(__always)
    func markers(in word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard !flatMarkers.isEmpty else { return 0 }
        var mask: UInt64 = 0
        arena.withUnsafeBufferPointer { a in
            flatMarkers.withUnsafeBufferPointer { fm in
                markerStart.withUnsafeBufferPointer { start in
                    for i in 0..<word.count {
                        let b = Int(word[i])
                        var j = Int(start[b])
                        let end = Int(start[b + 1])
                        while j < end {
                            let (m, set) = fm[j]
                            j += 1
                            if mask & (1 << UInt64(set)) != 0 { continue }
                            if matches(m, at: i, word, a) { mask |= 1 << UInt64(set) }
                        }
                    }
                }
            }
        }
        return mask
    }

    @inline(__always)
    private func matches(_ m: Marker, at i: Int, _ word: UnsafeBufferPointer<UInt8>, _ a: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = Int(m.bytes.count), base = Int(m.bytes.lowerBound)
        if i + n > word.count { return false }
        if m.atStart && i != 0 { return false }
        if m.notAtStart && i == 0 { return false }
        if m.atEnd && i + n != word.count { return false }
        var k = 1
        while k < n && word[i + k] == a[base + k] { k += 1 }
        return k == n
    }

    /// Rewrites one lowercased word (letters only) through every section.
    ///
    /// - Parameters:
    ///   - markerMask: the marker sets the word shows (``markers(in:)``), with
    ///     any forced on for an alternate reading.
    ///   - form: receives the word as it stands at `[form]` (appended).
    ///   - out: receives the final text (appended).
    func apply(_ word: UnsafeBufferPointer<UInt8>, markerMask: UInt64, form: inout [UInt8], into out: inout [UInt8]) {
        // Two work buffers on the stack; sections write from one into the other.
        let cap = word.count * 8 + 64
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * cap) { buf in
            var cur = buf.baseAddress!, next = buf.baseAddress! + cap
            var n = word.count
            cur.update(from: word.baseAddress!, count: n)
            var sawForm = false
            arena.withUnsafeBufferPointer { a in
                rules.withUnsafeBufferPointer { rules in
                    firstByteStart.withUnsafeBufferPointer { starts in
                        ruleOrder.withUnsafeBufferPointer { order in
                            for step in flatSteps {
                                switch step.kind {
                                case 0:
                                    if step.when != 0 && markerMask & step.when == 0 { continue }
                                    if markerMask & step.unless != 0 { continue }
                                    n = rewrite(UnsafeBufferPointer(start: cur, count: n), Int(step.table), a, rules, starts, order,
                                                into: UnsafeMutableBufferPointer(start: next, count: cap))
                                    swap(&cur, &next)
                                case 1:
                                    n = Self.collapse(UnsafeBufferPointer(start: cur, count: n), into: next)
                                    swap(&cur, &next)
                                default:
                                    form.append(contentsOf: UnsafeBufferPointer(start: cur, count: n))
                                    sawForm = true
                                }
                            }
                        }
                    }
                }
            }
            let result = UnsafeBufferPointer(start: cur, count: n)
            if !sawForm { form.append(contentsOf: result) }
            out.append(contentsOf: result)
        }
    }

    /// Collapses runs of one character (UTF-8) to one; returns the length written.
    @inline(__always)
    static func collapse(_ w: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var prevStart = -1, prevLen = 0
        var i = 0, o = 0
        while i < w.count {
            let end = min(i + width(w[i]), w.count)
            var same = prevStart >= 0 && prevLen == end - i
            if same { for k in 0..<prevLen where w[prevStart + k] != w[i + k] { same = false; break } }
            if !same { for k in i..<end { out[o] = w[k]; o += 1 } }
            prevStart = i
            prevLen = end - i
            i = end
        }
        return o
    }

    /// One rules section over `w`; returns the length written to `out`
    /// (output beyond its capacity is dropped).
    @inline(__always)
    private func rewrite(_ w: UnsafeBufferPointer<UInt8>, _ table: Int, _ a: UnsafeBufferPointer<UInt8>,
                         _ rules: UnsafeBufferPointer<Rule>, _ starts: UnsafeBufferPointer<Int32>, _ order: UnsafeBufferPointer<Int32>,
                         into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var i = 0, o = 0
        let n = w.count, cap = out.count
        while i < n {
            var applied = false
            let b = Int(w[i])
            var j = Int(starts[table + b])
            let end = Int(starts[table + b + 1])
            while j < end {
                let rule = rules[Int(order[j])]
                j += 1
                let len = Int(rule.core.count), base = Int(rule.core.lowerBound)
                guard i + len <= n else { continue }
                var k = 1
                while k < len && w[i + k] == a[base + k] { k += 1 }
                guard k == len else { continue }
                if rule.atStart && i != 0 { continue }
                if rule.atEnd && i + len != n { continue }
                if rule.before >= 0 {
                    guard i > 0, inClass(Int(rule.before), scalar(before: i, w)) else { continue }
                }
                if rule.after >= 0 {
                    guard i + len < n, inClass(Int(rule.after), scalar(at: i + len, w)) else { continue }
                }
                var r = Int(rule.replacement.lowerBound)
                let rEnd = Int(rule.replacement.upperBound)
                while r < rEnd && o < cap { out[o] = a[r]; o += 1; r += 1 }
                i += len
                applied = true
                break
            }
            if !applied {
                let end = min(i + Self.width(w[i]), n)
                while i < end && o < cap { out[o] = w[i]; o += 1; i += 1 }
                i = end
            }
        }
        return o
    }

    @inline(__always)
    private func inClass(_ c: Int, _ scalar: UInt32) -> Bool {
        let set = classes[c]
        var lo = 0, hi = set.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if set[mid] < scalar { lo = mid + 1 } else { hi = mid }
        }
        return lo < set.count && set[lo] == scalar
    }

    @inline(__always)
    static func width(_ lead: UInt8) -> Int { lead < 0x80 ? 1 : (lead < 0xE0 ? 2 : (lead < 0xF0 ? 3 : 4)) }

    @inline(__always)
    private func scalar(at i: Int, _ w: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let b = w[i]
        if b < 0x80 { return UInt32(b) }
        let width = Self.width(b)
        var v = UInt32(b) & (width == 2 ? 0x1F : (width == 3 ? 0x0F : 0x07))
        var k = 1
        while k < width && i + k < w.count { v = (v << 6) | (UInt32(w[i + k]) & 0x3F); k += 1 }
        return v
    }

    @inline(__always)
    private func scalar(before i: Int, _ w: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var j = i - 1
        while j > 0 && w[j] & 0xC0 == 0x80 { j -= 1 }
        return scalar(at: j, w)
    }
}

extension StringProtocol {
    /// The text without leading and trailing ASCII spaces.
    var trimmingASCIISpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
