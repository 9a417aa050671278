import Foundation
import GazetteCore
import Lexicon
import Tokenization

// The declarative rule language of `Lexicons/rules/*.rules`: its syntax tree,
// parser and diagnostics. `RuleAutomaton.swift` compiles parsed rules into one
// token-level automaton. The language is documented in `Lexicons/rules/README.md`.

/// A test on one token: a boolean expression over token classes, one-token
/// word-list entries, lexicon labels and folded words.
indirect enum TokenTest: Equatable {
    /// Always true (`.`).
    case any
    /// A token class (`name`, `cap`, `glued`, ...), as a bit of ``RuleFeatures/classes``.
    case tokenClass(Int)
    /// The token alone is an entry of a word list (`<@first_names>`).
    case listWord(WordList)
    /// A lexicon entity with one of these labels covers the token (`lex:PERSON`, `lex:place`).
    case lexLabel(UInt64)
    /// The token's folded text is one of a set of words (`"of|for"`), by set index.
    case words(Int)
    case not(TokenTest)
    case and([TokenTest])
    case or([TokenTest])
}

/// A parsed pattern.
indirect enum RulePattern {
    /// One token that passes a test.
    case token(TokenTest)
    /// The longest entry of a word list starting at the token (`@person_titles`),
    /// optionally only when its value is `value`; `first` tests its first token.
    case list(WordList, value: Int32?, first: TokenTest)
    /// A lexicon match starting at the token whose entity has one of `labels` (`%GPE`).
    case lexicon(labels: UInt64, first: TokenTest)
    case sequence([RulePattern])
    case alternation([RulePattern])
    /// `min...max` repetitions; `max == nil` for no upper bound.
    case repetition(RulePattern, min: Int, max: Int?)
    /// The marked part (`[...]`) that becomes the entity.
    case entity(RulePattern)
}

/// One rule as written in a rule file.
struct RuleDefinition {
    var name: String
    var label: EntityLabel
    var subtype: String?
    /// `LABEL/@list`: the subtype is the value of the last entry of `list`
    /// inside the match (none when that entry has no value).
    var subtypeList: WordList? = nil
    var priority: Int16
    var pattern: RulePattern
    var file: String
    var line: Int
}

/// Token classes a rule may name, with their bit in ``RuleFeatures/classes``.
enum TokenClass {
    static let names: [String: Int] = [
        "word": 0, "number": 1, "punct": 2, "cap": 3, "allcaps": 4, "lower": 5, "titlecase": 6, "digit": 7,
        "alnum": 8, "initial": 9, "name": 10, "connector": 11, "acronym": 12, "glued": 13, "nl": 14,
        "sentstart": 15, "headline": 16, "lex": 17, "strong": 18, "lexstart": 19, "latin": 20, "cyrillic": 21,
        "possessive": 22,
    ]
    static let word = 0, number = 1, punct = 2, cap = 3, allcaps = 4, lower = 5, titlecase = 6, digit = 7
    static let alnum = 8, initial = 9, name = 10, connector = 11, acronym = 12, glued = 13, nl = 14
    static let sentstart = 15, headline = 16, lex = 17, strong = 18, lexstart = 19, latin = 20, cyrillic = 21
    static let possessive = 22
    /// Lexicon labels occupy bits `labelBase + label.rawValue`.
    static let labelBase = 32
}

/// Parses rule files. Problems are reported as ``DataFileError``s with codes
/// `RUL001`...`RUL013` (listed in `Lexicons/rules/README.md`); a bad rule is
/// skipped and the others still load.
struct RuleParser {
    let tokenizer: Tokenizer
    let words: WordLists
    var diagnostics: [DataFileError] = []
    /// Named sub-patterns (`define NAME = ...`), visible to later lines and files.
    var macros: [String: RulePattern] = [:]
    /// Distinct word sets used by `"..."` tests, by their folded words.
    var wordSets: [[[UInt8]]] = []
    private var wordSetIndex: [[[UInt8]]: Int] = [:]
    private var scratch = TokenizedText()

    static let maxWordSets = 64
    static let maxRepeat = 16

    init(tokenizer: Tokenizer, words: WordLists) {
        self.tokenizer = tokenizer
        self.words = words
    }

    /// Parses one rule file and returns its rules.
    mutating func parse(file path: String) -> [RuleDefinition] {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(validating: data, as: UTF8.self) else {
            diagnostics.append(DataFileError(code: "RUL001", file: path, line: 0, message: "cannot read file or not valid UTF-8"))
            return []
        }
        // Join continuation lines (starting with white space) to the line before.
        var statements: [(line: Int, text: String)] = []
        var n = 0
        for raw in text.dataFileLines {
            n += 1
            var line = String(raw)
            if let hash = Self.commentStart(line) { line = String(line[..<hash]) }
            if line.trimmingSpaces().isEmpty { continue }
            if line.first == " " || line.first == "\t", !statements.isEmpty {
                statements[statements.count - 1].text += " " + line.trimmingSpaces()
            } else {
                statements.append((n, line.trimmingSpaces()))
            }
        }
        var rules: [RuleDefinition] = []
        var names: Set<String> = []
        var definedHere: Set<String> = []
        for (line, statement) in statements {
            func fail(_ code: String, _ message: String) {
                diagnostics.append(DataFileError(code: code, file: path, line: line, message: message))
            }
            do {
                if statement.hasPrefix("define ") {
                    let body = statement.dropFirst("define ".count)
                    guard let eq = body.firstIndex(of: "=") else {
                        fail("RUL002", "expected 'define NAME = pattern'"); continue
                    }
                    let name = body[..<eq].trimmingSpaces()
                    guard Self.isIdentifier(name) else { fail("RUL002", "bad name '\(name)' in define: use letters, digits and _"); continue }
                    guard !definedHere.contains(name) else { fail("RUL009", "'\(name)' is defined twice in this file"); continue }
                    let pattern = try parsePattern(String(body[body.index(after: eq)...]))
                    definedHere.insert(name)
                    macros[name] = pattern
                } else if statement.hasPrefix("rule ") {
                    guard let colon = statement.firstIndex(of: ":") else {
                        fail("RUL002", "expected 'rule NAME LABEL[/subtype] [priority=P] : pattern'"); continue
                    }
                    let header = statement[statement.index(statement.startIndex, offsetBy: 5)..<colon]
                        .split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                    guard header.count == 2 || header.count == 3 else {
                        fail("RUL002", "expected 'rule NAME LABEL[/subtype] [priority=P] : pattern'"); continue
                    }
                    let name = header[0]
                    guard Self.isIdentifier(name) else { fail("RUL002", "bad rule name '\(name)': use letters, digits and _"); continue }
                    guard !names.contains(name) else { fail("RUL010", "rule '\(name)' is defined twice"); continue }
                    let labelParts = header[1].split(separator: "/", maxSplits: 1).map(String.init)
                    guard let label = EntityLabel(name: labelParts[0]) else {
                        fail("RUL003", "unknown label '\(labelParts[0])': use an OntoNotes label such as PERSON, ORG, GPE"); continue
                    }
                    var subtype = labelParts.count > 1 && !labelParts[1].isEmpty ? labelParts[1] : nil
                    var subtypeList: WordList? = nil
                    if let s = subtype, s.hasPrefix("@") {
                        guard let list = WordList.allCases.first(where: { "@" + $0.stem == s }), list.hasValue else {
                            fail("RUL006", "'\(s)' is not a word list with a value column"); continue
                        }
                        subtypeList = list
                        subtype = nil
                    }
                    var priority = Priority.contextual
                    if header.count == 3 {
                        guard header[2].hasPrefix("priority="), let p = Self.priority(String(header[2].dropFirst("priority=".count))) else {
                            fail("RUL004", "bad priority '\(header[2])': expected priority=N (-999...999) or priority=pattern|lexicon|numeric|contextual|shape|strong|fallback")
                            continue
                        }
                        priority = p
                    }
                    var pattern = try parsePattern(String(statement[statement.index(after: colon)...]))
                    let marks = Self.entityMarks(pattern)
                    if marks == 0 { pattern = .entity(pattern) }
                    guard marks <= 1 else { fail("RUL008", "more than one entity part [...] in the rule"); continue }
                    guard !Self.nullable(pattern) else { fail("RUL011", "the pattern can match no tokens at all; make at least one part required"); continue }
                    guard !Self.entityNullable(pattern) else { fail("RUL008", "the entity part [...] can match no tokens; make it required"); continue }
                    names.insert(name)
                    rules.append(RuleDefinition(name: name, label: label, subtype: subtype, subtypeList: subtypeList,
                                                priority: priority, pattern: pattern, file: path, line: line))
                } else {
                    fail("RUL002", "a line must start with 'rule', 'define' or '#'")
                }
            } catch let e as RuleSyntaxError {
                fail(e.code, e.message)
            } catch {
                fail("RUL005", "\(error)")
            }
        }
        return rules
    }

    /// Index of a `#` that starts a comment (not inside quotes).
    private static func commentStart(_ line: String) -> String.Index? {
        var quoted = false
        for i in line.indices {
            if line[i] == "\"" { quoted.toggle() }
            if line[i] == "#", !quoted { return i }
        }
        return nil
    }

    static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    static func priority(_ s: String) -> Int16? {
        switch s {
        case "pattern": return Priority.pattern
        case "lexicon": return Priority.lexicon
        case "numeric": return Priority.numeric
        case "contextual": return Priority.contextual
        case "shape": return Priority.shape
        case "strong": return Priority.strong
        case "fallback": return Priority.fallback
        default:
            guard let v = Int16(s), (-999...999).contains(v) else { return nil }
            return v
        }
    }

    static func entityMarks(_ p: RulePattern) -> Int {
        switch p {
        case .token, .list, .lexicon: 0
        case .sequence(let ps), .alternation(let ps): ps.reduce(0) { $0 + entityMarks($1) }
        case .repetition(let q, _, _): entityMarks(q) * 2 // a mark inside a repetition counts as several
        case .entity(let q): 1 + entityMarks(q)
        }
    }

    static func nullable(_ p: RulePattern) -> Bool {
        switch p {
        case .token, .list, .lexicon: false
        case .sequence(let ps): ps.allSatisfy(nullable)
        case .alternation(let ps): ps.contains(where: nullable)
        case .repetition(let q, let min, _): min == 0 || nullable(q)
        case .entity(let q): nullable(q)
        }
    }

    static func entityNullable(_ p: RulePattern) -> Bool {
        switch p {
        case .token, .list, .lexicon: false
        case .sequence(let ps), .alternation(let ps): ps.contains(where: entityNullable)
        case .repetition(let q, _, _): entityNullable(q)
        case .entity(let q): nullable(q)
        }
    }

    // MARK: - Pattern syntax

    mutating func parsePattern(_ source: String) throws -> RulePattern {
        var lexer = RuleLexer(Array(source.utf8))
        if let e = lexer.lexError { throw e }
        let p = try parseAlternation(&lexer)
        if let t = lexer.peek() { throw RuleSyntaxError("RUL005", "unexpected '\(t.text)' at column \(t.column)") }
        return p
    }

    private mutating func parseAlternation(_ lx: inout RuleLexer) throws -> RulePattern {
        var options = [try parseSequence(&lx)]
        while lx.peek()?.text == "|" {
            lx.next()
            options.append(try parseSequence(&lx))
        }
        return options.count == 1 ? options[0] : .alternation(options)
    }

    private mutating func parseSequence(_ lx: inout RuleLexer) throws -> RulePattern {
        var items: [RulePattern] = []
        while let t = lx.peek(), t.text != "|", t.text != ")", t.text != "]" {
            items.append(try parseItem(&lx))
        }
        guard !items.isEmpty else {
            let where_ = lx.peek().map { "before '\($0.text)' at column \($0.column)" } ?? "at the end"
            throw RuleSyntaxError("RUL005", "empty pattern \(where_)")
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func parseItem(_ lx: inout RuleLexer) throws -> RulePattern {
        var p = try parsePrimary(&lx)
        while let t = lx.peek() {
            switch t.text {
            case "?": lx.next(); p = .repetition(p, min: 0, max: 1)
            case "*": lx.next(); p = .repetition(p, min: 0, max: nil)
            case "+": lx.next(); p = .repetition(p, min: 1, max: nil)
            case "{":
                lx.next()
                guard let a = lx.next(), let m = Int(a.text) else { throw RuleSyntaxError("RUL007", "expected a number after '{' at column \(t.column)") }
                var maxCount: Int? = m
                if lx.peek()?.text == "," {
                    lx.next()
                    if let b = lx.peek(), let v = Int(b.text) { lx.next(); maxCount = v } else { maxCount = nil }
                }
                guard lx.next()?.text == "}" else { throw RuleSyntaxError("RUL007", "expected '}' to close the repeat at column \(t.column)") }
                guard m <= Self.maxRepeat, (maxCount ?? m) <= Self.maxRepeat, (maxCount ?? m) >= m, maxCount != 0 else {
                    throw RuleSyntaxError("RUL007", "bad repeat {\(m),\(maxCount.map(String.init) ?? "")} at column \(t.column): need 0 <= m <= n <= \(Self.maxRepeat), n > 0")
                }
                p = .repetition(p, min: m, max: maxCount)
            default:
                return p
            }
        }
        return p
    }

    private mutating func parsePrimary(_ lx: inout RuleLexer) throws -> RulePattern {
        guard let t = lx.peek() else { throw RuleSyntaxError("RUL005", "pattern ends where a token was expected") }
        switch t.text {
        case "(":
            lx.next()
            let p = try parseAlternation(&lx)
            guard lx.next()?.text == ")" else { throw RuleSyntaxError("RUL005", "'(' at column \(t.column) is not closed") }
            return p
        case "[":
            lx.next()
            let p = try parseAlternation(&lx)
            guard lx.next()?.text == "]" else { throw RuleSyntaxError("RUL005", "'[' at column \(t.column) is not closed") }
            return .entity(p)
        case "@":
            lx.next()
            let list = try listName(&lx, at: t)
            var value: Int32? = nil
            if lx.peek()?.text == ":" {
                lx.next()
                guard let v = lx.next(), v.kind == .identifier || v.kind == .number else {
                    throw RuleSyntaxError("RUL005", "expected a value after '@\(list.stem):' at column \(t.column)")
                }
                guard list.hasValue else { throw RuleSyntaxError("RUL006", "@\(list.stem) has no value column") }
                if list == .placeSuffixes, EntityLabel(name: v.text) == nil {
                    throw RuleSyntaxError("RUL006", "'\(v.text)' is not a label; @place_suffixes values are GPE, LOC or FAC")
                }
                // A value no entry has (yet) is not an error: the atom matches nothing.
                value = words.values.firstIndex(of: v.text).map(Int32.init) ?? Int32.max
            }
            return .list(list, value: value, first: try firstTokenTest(&lx))
        case "%":
            lx.next()
            guard let l = lx.next(), l.kind == .identifier else { throw RuleSyntaxError("RUL005", "expected a label after '%' at column \(t.column)") }
            let labels = try labelMask(l.text)
            return .lexicon(labels: labels, first: try firstTokenTest(&lx))
        case "$":
            lx.next()
            guard let name = lx.next(), name.kind == .identifier else { throw RuleSyntaxError("RUL005", "expected a name after '$' at column \(t.column)") }
            guard let p = macros[name.text] else { throw RuleSyntaxError("RUL009", "'$\(name.text)' is not defined (define it on an earlier line)") }
            if case .token(let test) = p, lx.peek()?.text == "&" {
                var parts = [test]
                while lx.peek()?.text == "&" {
                    lx.next()
                    parts.append(try parseTestNot(&lx, bare: true))
                }
                return .token(.and(parts))
            }
            return p
        case "<":
            lx.next()
            let test = try parseTestOr(&lx)
            guard lx.next()?.text == ">" else { throw RuleSyntaxError("RUL005", "'<' at column \(t.column) is not closed by '>'") }
            return .token(test)
        default:
            // A bare token test: a class, a quoted word set, "." or "!test", joined by "&".
            var parts = [try parseTestNot(&lx, bare: true)]
            while lx.peek()?.text == "&" {
                lx.next()
                parts.append(try parseTestNot(&lx, bare: true))
            }
            return .token(parts.count == 1 ? parts[0] : .and(parts))
        }
    }

    private func listName(_ lx: inout RuleLexer, at t: RuleLexer.Lexeme) throws -> WordList {
        guard let n = lx.next(), n.kind == .identifier else { throw RuleSyntaxError("RUL005", "expected a word list name after '@' at column \(t.column)") }
        guard let list = WordList.allCases.first(where: { $0.stem == n.text }) else {
            let known = WordList.allCases.map { $0.stem }.joined(separator: ", ")
            throw RuleSyntaxError("RUL006", "unknown word list '@\(n.text)'; known lists: \(known)")
        }
        return list
    }

    private mutating func firstTokenTest(_ lx: inout RuleLexer) throws -> TokenTest {
        guard let t = lx.peek(), t.text == "<", t.attached else { return .any }
        lx.next()
        let test = try parseTestOr(&lx)
        guard lx.next()?.text == ">" else { throw RuleSyntaxError("RUL005", "'<' at column \(t.column) is not closed by '>'") }
        return test
    }

    private func labelMask(_ name: String) throws -> UInt64 {
        switch name {
        case "place": return 1 << UInt64(EntityLabel.gpe.rawValue) | 1 << UInt64(EntityLabel.loc.rawValue) | 1 << UInt64(EntityLabel.fac.rawValue)
        case "any": return UInt64.max >> (64 - EntityLabel.allCases.count)
        default:
            guard let l = EntityLabel(name: name) else {
                throw RuleSyntaxError("RUL006", "unknown label '\(name)': use an OntoNotes label, 'place' or 'any'")
            }
            return 1 << UInt64(l.rawValue)
        }
    }

    private mutating func parseTestOr(_ lx: inout RuleLexer) throws -> TokenTest {
        var parts = [try parseTestAnd(&lx)]
        while lx.peek()?.text == "|" {
            lx.next()
            parts.append(try parseTestAnd(&lx))
        }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    private mutating func parseTestAnd(_ lx: inout RuleLexer) throws -> TokenTest {
        var parts = [try parseTestNot(&lx, bare: false)]
        while lx.peek()?.text == "&" {
            lx.next()
            parts.append(try parseTestNot(&lx, bare: false))
        }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    /// A test primary. Outside `<...>` (`bare`), parentheses group patterns, not tests.
    private mutating func parseTestNot(_ lx: inout RuleLexer, bare: Bool) throws -> TokenTest {
        guard let t = lx.next() else { throw RuleSyntaxError("RUL005", "a token test was expected at the end of the pattern") }
        switch t.kind {
        case .string:
            return .words(try wordSet(t))
        case .identifier:
            if t.text == "lex", lx.peek()?.text == ":", lx.peek()?.attached == true {
                lx.next()
                guard let l = lx.next(), l.kind == .identifier else { throw RuleSyntaxError("RUL005", "expected a label after 'lex:' at column \(t.column)") }
                return .lexLabel(try labelMask(l.text))
            }
            guard let bit = TokenClass.names[t.text] else {
                let known = TokenClass.names.keys.sorted().joined(separator: ", ")
                throw RuleSyntaxError("RUL006", "unknown token class '\(t.text)' at column \(t.column); known classes: \(known)")
            }
            return .tokenClass(bit)
        case .number:
            throw RuleSyntaxError("RUL005", "unexpected number '\(t.text)' at column \(t.column); quote words: \"\(t.text)\"")
        case .symbol:
            switch t.text {
            case ".": return .any
            case "!": return .not(try parseTestNot(&lx, bare: bare))
            case "$":
                guard let name = lx.next(), name.kind == .identifier else { throw RuleSyntaxError("RUL005", "expected a name after '$' at column \(t.column)") }
                guard let p = macros[name.text] else { throw RuleSyntaxError("RUL009", "'$\(name.text)' is not defined (define it on an earlier line)") }
                guard case .token(let test) = p else {
                    throw RuleSyntaxError("RUL005", "'$\(name.text)' is a pattern, not a one-token test, and cannot be used inside <...> or with & and !")
                }
                return test
            case "@":
                let list = try listName(&lx, at: t)
                return .listWord(list)
            case "(" where !bare:
                let inner = try parseTestOr(&lx)
                guard lx.next()?.text == ")" else { throw RuleSyntaxError("RUL005", "'(' at column \(t.column) is not closed") }
                return inner
            case "<" where bare:
                let inner = try parseTestOr(&lx)
                guard lx.next()?.text == ">" else { throw RuleSyntaxError("RUL005", "'<' at column \(t.column) is not closed by '>'") }
                return inner
            default:
                throw RuleSyntaxError("RUL005", "unexpected '\(t.text)' at column \(t.column)")
            }
        }
    }

    /// The set index of a quoted word set such as `"of|for|on"`.
    private mutating func wordSet(_ t: RuleLexer.Lexeme) throws -> Int {
        var keys: [[UInt8]] = []
        for w in t.text.split(separator: "|", omittingEmptySubsequences: false) {
            let word = w.trimmingSpaces()
            guard !word.isEmpty else { throw RuleSyntaxError("RUL012", "empty word in \"\(t.text)\" at column \(t.column)") }
            do { try tokenizer.tokenize(word, into: &scratch) } catch {
                throw RuleSyntaxError("RUL012", "cannot tokenize '\(word)': \(error)")
            }
            guard scratch.tokens.count == 1 else {
                throw RuleSyntaxError("RUL012", "'\(word)' in \"\(t.text)\" is \(scratch.tokens.count) tokens; a quoted word matches one token, write a sequence of quoted words instead")
            }
            let tok = scratch.tokens[0]
            keys.append(Array(scratch.folded[Int(tok.foldStart)..<Int(tok.foldEnd)]))
        }
        keys.sort { $0.lexicographicallyPrecedes($1) }
        if let known = wordSetIndex[keys] { return known }
        guard wordSets.count < Self.maxWordSets else {
            throw RuleSyntaxError("RUL013", "more than \(Self.maxWordSets) distinct quoted word sets in the rule files; merge some into word lists")
        }
        wordSetIndex[keys] = wordSets.count
        wordSets.append(keys)
        return wordSets.count - 1
    }
}

struct RuleSyntaxError: Error {
    var code: String
    var message: String
    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// Splits a pattern into identifiers, numbers, quoted strings and symbols.
struct RuleLexer {
    enum Kind { case identifier, number, string, symbol }
    struct Lexeme {
        var kind: Kind
        var text: String
        /// 1-based column in the (joined) statement.
        var column: Int
        /// No white space before it.
        var attached: Bool
    }

    private var lexemes: [Lexeme] = []
    private var position = 0
    private var error: RuleSyntaxError?

    init(_ b: [UInt8]) {
        var i = 0
        var space = true
        func isIdent(_ c: UInt8) -> Bool { (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x5F }
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x09 { i += 1; space = true; continue }
            let start = i
            if c == 0x22 {
                i += 1
                while i < b.count, b[i] != 0x22 { i += 1 }
                if i == b.count { error = RuleSyntaxError("RUL005", "quote at column \(start + 1) is not closed"); break }
                lexemes.append(Lexeme(kind: .string, text: String(decoding: b[(start + 1)..<i], as: UTF8.self), column: start + 1, attached: !space))
                i += 1
            } else if isIdent(c) {
                while i < b.count, isIdent(b[i]) { i += 1 }
                let text = String(decoding: b[start..<i], as: UTF8.self)
                let kind: Kind = text.allSatisfy(\.isNumber) ? .number : .identifier
                lexemes.append(Lexeme(kind: kind, text: text, column: start + 1, attached: !space))
            } else if c < 0x80, "()[]<>|&!?*+{},.@%$:".utf8.contains(c) {
                lexemes.append(Lexeme(kind: .symbol, text: String(UnicodeScalar(c)), column: start + 1, attached: !space))
                i += 1
            } else {
                var e = i + 1
                while e < b.count, b[e] & 0xC0 == 0x80 { e += 1 }
                error = RuleSyntaxError("RUL005", "unexpected character '\(String(decoding: b[i..<e], as: UTF8.self))' at column \(start + 1); quote words: \"...\"")
                break
            }
            space = false
        }
    }

    func peek() -> Lexeme? { error == nil && position < lexemes.count ? lexemes[position] : nil }

    @discardableResult
    mutating func next() -> Lexeme? {
        guard let l = peek() else { return nil }
        position += 1
        return l
    }

    /// The lexing error, if any (checked by ``RuleParser`` before parsing).
    var lexError: RuleSyntaxError? { error }
}

extension WordList {
    /// The list's name in rule files: its file name without `.txt` (`person_titles`).
    public var stem: String { String(fileName.dropLast(4)) }
}
