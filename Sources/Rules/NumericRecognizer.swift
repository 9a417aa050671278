import GazetteCore

/// Dates, times, money, percentages, quantities, ordinals and cardinals.
///
/// At each token the longest expression wins:
/// - DATE: "May 23, 2023", "23 May 2023", "Monday, May 22", "Monday", "May 2023",
///   "2023-05-23", "23.05.2023", "the 1990s", "in 2023", "last week" (from
///   `date_words.txt`), "three days", "Day 454 of the invasion";
/// - TIME: "10:30 a.m.", "5 p.m.", "16:20 CET" (zones from `time_zones.txt`),
///   "overnight" (from `time_words.txt`), "24 hours";
/// - MONEY: "$1.5 billion", "€50 billion", "20 million hryvnias";
/// - PERCENT: "15%", "15 percent"; QUANTITY: "8 kilometers", "2 km";
/// - ORDINAL: "first", "23rd"; CARDINAL: any other number or number words.
public struct NumericRecognizer: Recognizer {
    public init() {}

    public func recognize(_ c: RuleContext, into out: inout [Entity]) {
        var t = 0
        while t < c.count {
            if mayStart(c, t), let (end, label) = longestAt(c, t) {
                var first = t
                // "the past 24 hours", "the last three days": keep the determiner with the period.
                if (label == .date || label == .time), t >= 1, c.folded(t, is: "past") || c.folded(t, is: "last") || c.folded(t, is: "next") {
                    if c.folded(t - 1, is: "the") { first = t - 1 }
                }
                if label != .ordinal, first == t { first = approximatorStart(c, t, period: label == .date || label == .time) }
                if label == .date, first == t { first = partOfStart(c, t) }
                out.append(c.candidate(first, end, label, priority: Priority.numeric))
                t = end
            } else {
                t += 1
            }
        }
    }

    /// Where an amount starts when words of approximation come before it: OntoNotes
    /// keeps them in the entity ("[about $5 billion]", "[more than 70]", "[at least
    /// five years]", "[nearly 5 percent]"). `t` is the amount's first token.
    /// Before a `period` (a DATE or TIME), "over" and "under" are prepositions:
    /// "€50 billion over [four years]", "under [two hours]" of a deadline.
    func approximatorStart(_ c: RuleContext, _ t: Int, period: Bool = false) -> Int {
        if t >= 1 && (c.folded(t - 1, is: "about") || c.folded(t - 1, is: "around") || c.folded(t - 1, is: "roughly")
            || c.folded(t - 1, is: "nearly") || c.folded(t - 1, is: "almost") || c.folded(t - 1, is: "approximately")
            || c.folded(t - 1, is: "some") || (!period && (c.folded(t - 1, is: "over") || c.folded(t - 1, is: "under")
                || c.folded(t - 1, is: "minus")))) {
            return t - 1
        }
        // A minus sign: "-5C" (a hyphen joined to the number only).
        if !period, t >= 1, c.isByte(t - 1, 0x2D), c.attached(t - 1), t < 2 || !c.attached(t - 2) { return t - 1 }
        if t >= 2 && c.folded(t - 1, is: "than") && (c.folded(t - 2, is: "more") || c.folded(t - 2, is: "less") || c.folded(t - 2, is: "fewer")) {
            return t - 2
        }
        if t >= 2 && ((c.folded(t - 2, is: "at") && (c.folded(t - 1, is: "least") || c.folded(t - 1, is: "most")))
            || (c.folded(t - 2, is: "up") && c.folded(t - 1, is: "to"))) {
            return t - 2
        }
        if t >= 3 && c.folded(t - 3, is: "as") && c.folded(t - 1, is: "as") && (c.folded(t - 2, is: "many") || c.folded(t - 2, is: "much")) {
            return t - 3
        }
        return t
    }

    /// Where a DATE starts when a part of it comes first: OntoNotes keeps "[the
    /// end of 2025]", "[the third quarter of 2024]", "[the summer of 2023]",
    /// "[the first half of March]", "[early 2022]", "[the mid-2000s]" whole.
    /// `t` is the date's first token.
    func partOfStart(_ c: RuleContext, _ t: Int) -> Int {
        // "fiscal 2024", "fiscal year 2025": without the article, which belongs to a
        // noun after the date ("the fiscal 2025 budget").
        if t >= 1, c.folded(t - 1, is: "fiscal") { return t - 1 }
        if t >= 2, c.folded(t - 1, is: "year"), c.folded(t - 2, is: "fiscal") { return t - 2 }
        var start = -1
        if t >= 1, c.folded(t - 1, is: "early") || c.folded(t - 1, is: "late") {
            // "early 2022", "late March", "the late 1990s".
            start = t - 1
        } else if t >= 2, c.isByte(t - 1, 0x2D), c.attached(t - 2), c.attached(t - 1), c.folded(t - 2, is: "mid") {
            // "the mid-2000s"
            start = t - 2
        } else if t >= 2, c.folded(t - 1, is: "of") {
            let p = t - 2
            if c.folded(p, is: "end") || c.folded(p, is: "start") || c.folded(p, is: "beginning") || c.folded(p, is: "middle")
                || c.folded(p, is: "spring") || c.folded(p, is: "summer") || c.folded(p, is: "autumn") || c.folded(p, is: "fall")
                || c.folded(p, is: "winter") {
                start = p
            } else if c.folded(p, is: "quarter") || c.folded(p, is: "half"), p >= 1,
                      c.folded(p - 1, is: "first") || c.folded(p - 1, is: "second") || c.folded(p - 1, is: "third")
                        || c.folded(p - 1, is: "fourth") || c.folded(p - 1, is: "last") {
                start = p - 1
            }
        }
        guard start >= 0, !c.tokens[start].shape.contains(.upperInitial) || c.tokens[start].flags.contains(.sentenceStart) else { return t }
        return start >= 1 && c.folded(start - 1, is: "the") ? start - 1 : start
    }

    /// Word lists an expression can start with (``longestAt(_:_:)``).
    private static let startLists: UInt32 = [WordList.weekdays, .months, .dateWords, .timeWords, .currencies, .numberWords,
                                             .ordinalWords].reduce(0) { $0 | 1 << UInt32($1.rawValue) }

    /// Whether an expression can start at token `t`: every one starts with a
    /// number, a token with a digit ("23rd", "1990s"), an entry of a list
    /// above, or "Day" ("Day 454"). Most tokens fail this at once.
    @inline(__always)
    private func mayStart(_ c: RuleContext, _ t: Int) -> Bool {
        let tok = c.tokens[t]
        return tok.kind == .number || tok.shape.contains(.hasDigit) || c.startMask[t] & Self.startLists != 0
            || c.folded(t, is: "day")
    }

    private func longestAt(_ c: RuleContext, _ t: Int) -> (Int, EntityLabel)? {
        // `best` is passed in and out rather than captured by a local function:
        // a captured variable is checked for exclusive access at run time.
        var best: (Int, EntityLabel)? = nil
        @inline(__always) func consider(_ best: inout (Int, EntityLabel)?, _ end: Int?, _ label: EntityLabel) {
            guard let end, end > t else { return }
            if best == nil || end > best!.0 { best = (end, label) }
        }
        consider(&best, date(c, t), .date)
        consider(&best, c.longest(.timeWords, at: t).map { Int($0.end) }, .time)
        consider(&best, clock(c, t), .time)
        consider(&best, money(c, t), .money)
        // "90kg", "2km", "120mph", "30C": the unit written onto the number.
        if isWrittenQuantity(c, t) { consider(&best, t + 1, .quantity) }
        if isPronounOne(c, t) { return best }
        if var n = numeral(c, t) {
            // A range shares the unit of its second number: "1 to 3 kilometers",
            // "10-15%". Without a unit the numbers stay apart ("2014 to 2022"),
            // except two digit runs joined by a hyphen alone, a score or a vote
            // ("won 3-0", "52-48"): one number, as one token in OntoNotes.
            var joined: Int? = nil
            let hyphen = c.isByte(n, 0x2D) && c.attached(n - 1) && c.attached(n)
            if c.folded(n, is: "to") || hyphen, let m = numeral(c, n + 1) {
                var hasUnit = false
                amounts(c, after: m) { _, _ in hasUnit = true }
                if hasUnit {
                    n = m
                } else if hyphen, n == t + 1, m == n + 2, c.tokens[t].shape.contains(.allDigits),
                          c.tokens[n + 1].shape.contains(.allDigits), !(c.isByte(m, 0x2D) && c.attached(m - 1)),
                          !(c.isByte(t - 1, 0x2D) && c.attached(t - 1)) {
                    joined = m
                }
            }
            amounts(c, after: n) { consider(&best, $0, $1) }
            if best == nil, !isCodePart(c, t) { consider(&best, joined ?? n, .cardinal) }
        }
        if best == nil, let o = ordinal(c, t) {
            // "third-quarter profit", "first-half revenue": a period of the year, a DATE.
            if c.isByte(o, 0x2D), c.attached(o - 1), c.attached(o), c.folded(o + 1, is: "quarter") || c.folded(o + 1, is: "half") {
                consider(&best, o + 2, .date)
            }
            consider(&best, o, .ordinal)
        }
        return best
    }

    // MARK: numbers

    /// Calls `found(end, label)` for each amount a unit makes of a number ending
    /// at token `n`: a percent sign or word, a quantity unit, a currency word,
    /// hours or minutes, a period word ("three days", "62 years old").
    private func amounts(_ c: RuleContext, after n: Int, _ found: (Int, EntityLabel) -> Void) {
        if c.isByte(n, 0x25) { found(n + 1, .percent) }
        if c.folded(n, is: "percent") { found(n + 1, .percent) }
        if c.folded(n, is: "per"), c.folded(n + 1, is: "cent") { found(n + 2, .percent) }
        if let unit = c.longest(.quantityUnits, at: n) { found(Int(unit.end), .quantity) }
        // A unit joined by a hyphen makes a modifier: "a 22-kilometer bridge", "a 1.2-gigawatt farm".
        if c.isByte(n, 0x2D), c.attached(n - 1), c.attached(n), let unit = c.longest(.quantityUnits, at: n + 1) {
            found(Int(unit.end), .quantity)
        }
        if let cur = c.longest(.currencies, at: n), c.tokens[n].kind == .word { found(Int(cur.end), .money) }
        if c.folded(n, is: "hours") || c.folded(n, is: "hour") || c.folded(n, is: "minutes") || c.folded(n, is: "minute")
            || c.folded(n, is: "seconds") {
            found(n + 1, .time)
        }
        // "a 24-hour strike", "a 90-minute meeting".
        if c.isByte(n, 0x2D), c.attached(n - 1), c.attached(n), c.folded(n + 1, is: "hour") || c.folded(n + 1, is: "minute") {
            found(n + 2, .time)
        }
        if isPeriodWord(c, n) {
            found(n + 1, .date)
            // "62 years old" is an age, written as a DATE in OntoNotes.
            if c.folded(n + 1, is: "old") { found(n + 2, .date) }
        }
    }

    /// "one" as a pronoun, not a number: "the one he laid out", "a new one",
    /// "every one of its people" (a determiner or an adjective before it, and
    /// no scale word after it: "the one million" is a number). "this" and
    /// "that" are left out: "said that one system was hit" counts one.
    private func isPronounOne(_ c: RuleContext, _ t: Int) -> Bool {
        guard c.folded(t, is: "one"), t >= 1, !(t + 1 < c.count && isScale(c, t + 1)) else { return false }
        let p = t - 1
        return c.folded(p, is: "the") || c.folded(p, is: "a") || c.folded(p, is: "an") || c.folded(p, is: "every")
            || c.folded(p, is: "each") || c.folded(p, is: "which")
            || c.folded(p, is: "another") || c.folded(p, is: "any") || c.folded(p, is: "no") || c.folded(p, is: "new")
            || c.folded(p, is: "old") || c.folded(p, is: "last") || c.folded(p, is: "next") || c.folded(p, is: "same")
            || c.folded(p, is: "big") || c.folded(p, is: "small") || c.folded(p, is: "right") || c.folded(p, is: "wrong")
    }

    /// A number token or number words, with an optional scale word: "22", "1.5 billion",
    /// "twenty-two", "three hundred", "two and a half". Returns the end, or nil.
    func numeral(_ c: RuleContext, _ t: Int) -> Int? {
        guard t < c.count else { return nil }
        var i = t
        if c.tokens[t].kind == .number {
            i = t + 1
            while i < c.count, c.isWord(i, in: .numberWords), isScale(c, i) { i += 1 }
        } else if c.isWord(t, in: .numberWords), c.tokens[t].kind == .word {
            i = t + 1
            while i < c.count {
                if c.isByte(i, 0x2D), c.attached(i - 1), c.isWord(i + 1, in: .numberWords) { i += 2; continue }
                if c.isWord(i, in: .numberWords) { i += 1; continue }
                break
            }
        } else {
            return nil
        }
        // "two-thirds", "three-quarters": a fraction is one number.
        if c.isByte(i, 0x2D), c.attached(i - 1), c.attached(i), isFraction(c, i + 1) { return i + 2 }
        // "two and a half hours", "two and a half million".
        if c.folded(i, is: "and"), c.folded(i + 1, is: "a"), c.folded(i + 2, is: "half") {
            i += 3
            while i < c.count, c.isWord(i, in: .numberWords), isScale(c, i) { i += 1 }
        }
        return i
    }

    private func isFraction(_ c: RuleContext, _ t: Int) -> Bool {
        c.folded(t, is: "third") || c.folded(t, is: "thirds") || c.folded(t, is: "quarter") || c.folded(t, is: "quarters")
            || c.folded(t, is: "fifth") || c.folded(t, is: "fifths") || c.folded(t, is: "tenth") || c.folded(t, is: "tenths")
    }

    private func isScale(_ c: RuleContext, _ t: Int) -> Bool {
        c.folded(t, is: "hundred") || c.folded(t, is: "thousand") || c.folded(t, is: "million")
            || c.folded(t, is: "billion") || c.folded(t, is: "trillion")
    }

    private func isPeriodWord(_ c: RuleContext, _ t: Int) -> Bool {
        c.folded(t, is: "day") || c.folded(t, is: "days") || c.folded(t, is: "week") || c.folded(t, is: "weeks")
            || c.folded(t, is: "month") || c.folded(t, is: "months") || c.folded(t, is: "year") || c.folded(t, is: "years")
            || c.folded(t, is: "decade") || c.folded(t, is: "decades")
    }

    /// The digits of a number token as an integer, when it is plain digits.
    private func intValue(_ c: RuleContext, _ t: Int) -> Int? {
        guard t >= 0, t < c.count, c.tokens[t].kind == .number, c.tokens[t].shape.contains(.allDigits) else { return nil }
        var v = 0
        for b in c.text.bytes[Int(c.tokens[t].start)..<Int(c.tokens[t].end)] {
            v = v * 10 + Int(b - 0x30)
            if v > 1_000_000 { return nil }
        }
        return v
    }

    private func digitCount(_ c: RuleContext, _ t: Int) -> Int { c.tokens[t].length }

    /// A number that is part of a code such as "F-16" or "COVID-19": not a cardinal.
    private func isCodePart(_ c: RuleContext, _ t: Int) -> Bool {
        if t >= 2, c.isByte(t - 1, 0x2D), c.attached(t - 2), c.attached(t - 1), c.tokens[t - 2].kind == .word { return true }
        // A lowercase word after the hyphen makes a modifier, not a code: "a 50-page
        // report", "the 5,000-strong force", "a two-party coalition" count pages,
        // soldiers and parties; "two-thirds" is a fraction.
        if c.attached(t), c.isByte(t + 1, 0x2D), t + 2 < c.count, c.attached(t + 1), c.tokens[t + 2].kind == .word {
            let number = (c.tokens[t].kind == .number && !c.tokens[t].shape.contains(.hasLetter)) || c.isWord(t, in: .numberWords)
            let word = c.tokens[t + 2].shape
            let lowercase = !word.contains(.upperInitial) && !word.contains(.innerUpper) && !word.contains(.hasDigit)
            if !(number && lowercase) { return true }
        }
        return false
    }

    private func isYear(_ c: RuleContext, _ t: Int) -> Bool {
        guard let v = intValue(c, t), digitCount(c, t) == 4 else { return false }
        return v >= 1800 && v <= 2100
    }

    /// A day of the month: "23", or "23rd".
    private func isDay(_ c: RuleContext, _ t: Int) -> Bool {
        if let v = intValue(c, t) { return v >= 1 && v <= 31 && digitCount(c, t) <= 2 }
        guard t < c.count, ordinal(c, t) != nil, c.tokens[t].shape.contains(.hasDigit) else { return false }
        return c.tokens[t].length <= 4
    }

    /// "23rd", "1st", or an ordinal word: returns the end.
    func ordinal(_ c: RuleContext, _ t: Int) -> Int? {
        guard t < c.count else { return nil }
        let tok = c.tokens[t]
        if tok.shape.contains(.hasDigit) && tok.shape.contains(.hasLetter) && !tok.shape.contains(.upperInitial) {
            let b = c.text.bytes
            let e = Int(tok.end)
            guard e - Int(tok.start) >= 3, (0x30...0x39).contains(b[Int(tok.start)]) else { return nil }
            let s1 = b[e - 2] | 0x20, s2 = b[e - 1] | 0x20
            let ok = (s1 == 0x73 && s2 == 0x74) || (s1 == 0x6E && s2 == 0x64) || (s1 == 0x72 && s2 == 0x64) || (s1 == 0x74 && s2 == 0x68)
            guard ok else { return nil }
            for i in Int(tok.start)..<(e - 2) where !(0x30...0x39).contains(b[i]) { return nil }
            return t + 1
        }
        if tok.kind == .word, c.isWord(t, in: .ordinalWords) {
            // "First Minister", "First Lady": the word opens a title, and counts nothing.
            if let title = c.longest(.personTitles, at: t), Int(title.end) > t + 1 { return nil }
            return t + 1
        }
        return nil
    }

    // MARK: dates

    private func isMonth(_ c: RuleContext, _ t: Int) -> Bool {
        guard let h = c.longest(.months, at: t) else { return false }
        // "may" the verb: only a capitalized "May" is the month.
        if c.folded(t, is: "may") && !c.tokens[t].shape.contains(.upperInitial) { return false }
        return h.end > Int32(t)
    }

    /// End of a month name (with an abbreviation's period), or nil.
    private func monthEnd(_ c: RuleContext, _ t: Int) -> Int? {
        guard t < c.count, isMonth(c, t), let h = c.longest(.months, at: t) else { return nil }
        // Abbreviations are listed with their period ("Jan."), so the hit covers it.
        return Int(h.end)
    }

    func date(_ c: RuleContext, _ t: Int) -> Int? {
        var best: Int? = nil
        func consider(_ e: Int?) { if let e, e > (best ?? t) { best = e } }
        // Weekday, optionally followed by a date.
        if let w = c.longest(.weekdays, at: t), c.tokens[t].shape.contains(.upperInitial) {
            let e = Int(w.end)
            consider(e)
            var k = e
            if c.isByte(k, 0x2C) { k += 1 }
            consider(monthDate(c, k))
            // "Monday night" is TIME in OntoNotes; leave it to the time words.
        }
        consider(monthDate(c, t))
        // Day Month [Year]: "23 May 2023".
        if isDay(c, t), let m = monthEnd(c, t + 1) {
            consider(m)
            if isYear(c, m) { consider(m + 1) }
        }
        // ISO 8601: 2023-05-23.
        if isYear(c, t), c.isByte(t + 1, 0x2D), c.attached(t), c.attached(t + 1), let mo = intValue(c, t + 2), mo >= 1, mo <= 12,
           c.isByte(t + 3, 0x2D), c.attached(t + 2), c.attached(t + 3), isDay(c, t + 4), c.attached(t + 3) {
            consider(t + 5)
        }
        // 23.05.2023 or 23/05/2023 as one or several tokens.
        if let e = numericDate(c, t) { consider(e) }
        // Years: "2023", "the 1990s".
        if isYear(c, t), !isCodePart(c, t) {
            // "in 2021" is a year; "2000 troops", "1900 people" are counts: a year
            // is followed by no plural noun.
            let next = t + 1
            let countsSomething = next < c.count && c.tokens[next].kind == .word && !c.tokens[next].shape.contains(.upperInitial)
                && (c.text.bytes[Int(c.tokens[next].end) - 1] == 0x73 || c.folded(next, is: "people") || c.folded(next, is: "men")
                    || c.folded(next, is: "women") || c.folded(next, is: "children") || c.folded(next, is: "personnel")
                    || c.isWord(next, in: .quantityUnits) || c.isWord(next, in: .currencies))
                && !c.folded(next, is: "was") && !c.folded(next, is: "has") && !c.folded(next, is: "is")
            if !countsSomething {
                consider(t + 1)
                // A season or a span of years: "2022-23", "2022-2023".
                if c.isByte(t + 1, 0x2D), c.attached(t), c.attached(t + 1), let v = intValue(c, t + 2),
                   (digitCount(c, t + 2) == 2 && v >= 0) || isYear(c, t + 2) {
                    consider(t + 3)
                }
            }
        }
        if c.tokens[t].kind == .number || c.tokens[t].kind == .word, isDecade(c, t) { consider(t + 1) }
        // Relative dates from the list: "last week", "yesterday".
        if let d = c.longest(.dateWords, at: t) { consider(Int(d.end)) }
        // "Day 454 of the invasion".
        if c.folded(t, is: "day"), c.tokens[t].shape.contains(.upperInitial), intValue(c, t + 1) != nil {
            var e = t + 2
            if c.folded(e, is: "of"), c.folded(e + 1, is: "the"), e + 2 < c.count, c.tokens[e + 2].kind == .word,
               !c.tokens[e + 2].shape.contains(.upperInitial) {
                e += 3
            }
            consider(e)
        }
        // A month alone ("in March"); "May" alone only after a word that takes a
        // time ("in May", "In May", "since May", "by early May"), not "May said"
        // or "of May".
        if let m = monthEnd(c, t), !c.folded(t, is: "may") || isBeforeAMonth(c, t - 1) {
            consider(m)
            // A span of months joined by a hyphen: "the January-March quarter".
            if c.isByte(m, 0x2D), c.attached(m - 1), c.attached(m), let n = monthEnd(c, m + 1) { consider(n) }
        }
        return best
    }

    /// A word after which a capitalized "May" is the month.
    private func isBeforeAMonth(_ c: RuleContext, _ p: Int) -> Bool {
        guard p >= 0, c.tokens[p].kind == .word else { return false }
        return c.folded(p, is: "in") || c.folded(p, is: "since") || c.folded(p, is: "until") || c.folded(p, is: "till")
            || c.folded(p, is: "by") || c.folded(p, is: "from") || c.folded(p, is: "early") || c.folded(p, is: "late")
            || c.folded(p, is: "mid") || c.folded(p, is: "last") || c.folded(p, is: "next") || c.folded(p, is: "this")
            || c.folded(p, is: "through") || c.folded(p, is: "during")
    }

    /// Month Day [, Year] | Month Year | Month Day-ordinal.
    private func monthDate(_ c: RuleContext, _ t: Int) -> Int? {
        guard let m = monthEnd(c, t) else { return nil }
        if isDay(c, m) {
            var e = m + 1
            // A span of days: "Sept. 9-10".
            if c.isByte(e, 0x2D), c.attached(e - 1), c.attached(e), isDay(c, e + 1) { e += 2 }
            var k = e
            if c.isByte(k, 0x2C) { k += 1 }
            if isYear(c, k) { e = k + 1 }
            return e
        }
        if isYear(c, m) { return m + 1 }
        return nil
    }

    private func isDecade(_ c: RuleContext, _ t: Int) -> Bool {
        // "1990s" tokenizes as one word-like token: four digits and "s".
        let tok = c.tokens[t]
        guard tok.length == 5 else { return false }
        let b = c.text.bytes
        let s = Int(tok.start)
        return b[s + 4] == 0x73 && (0..<4).allSatisfy { (0x30...0x39).contains(b[s + $0]) } && b[s + 3] == 0x30
    }

    private func numericDate(_ c: RuleContext, _ t: Int) -> Int? {
        // One token "23.05.2023": digits with two separators.
        let tok = c.tokens[t]
        if tok.kind == .number, isDottedDate(c.text.bytes, Int(tok.start), Int(tok.end)) { return t + 1 }
        // Tokens "05" "/" "23" "/" "2023".
        if intValue(c, t) != nil, digitCount(c, t) <= 2, c.isByte(t + 1, 0x2F), intValue(c, t + 2) != nil,
           c.isByte(t + 3, 0x2F), isYear(c, t + 4), c.attached(t), c.attached(t + 1), c.attached(t + 2), c.attached(t + 3) {
            return t + 5
        }
        return nil
    }

    /// True when `bytes[start..<end]` is digits and dots, the digits in three
    /// groups of 1-2, 1-2 and 4 (empty groups between dots do not count).
    private func isDottedDate(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var groups = 0, digits = 0
        /// Closes a group of `digits` digits (no captured state: see `longestAt`).
        @inline(__always) func fits(_ groups: Int, _ digits: Int) -> Bool {
            groups < 2 ? digits <= 2 : groups == 2 && digits == 4
        }
        for i in start..<end {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                digits += 1
            } else if b != 0x2E {
                return false
            } else if digits > 0 {
                guard fits(groups, digits) else { return false }
                groups += 1
                digits = 0
            }
        }
        if digits > 0 {
            guard fits(groups, digits) else { return false }
            groups += 1
        }
        return groups == 3
    }

    // MARK: times and money

    /// A clock time, with a time zone after it when there is one ("16:20 CET").
    private func clock(_ c: RuleContext, _ t: Int) -> Int? {
        guard let end = bareClock(c, t) else {
            // Four digits and a time zone, as wire copy writes times: "(0500 GMT)".
            // A figure that could be a year needs the parentheses: "in 1945 GMT was ...".
            if let v = intValue(c, t), digitCount(c, t) == 4, v / 100 < 24, v % 100 < 60,
               !isYear(c, t) || c.isByte(t - 1, 0x28), let zone = c.longest(.timeZones, at: t + 1) {
                return Int(zone.end)
            }
            return nil
        }
        if let zone = c.longest(.timeZones, at: end) { return Int(zone.end) }
        return end
    }

    private func bareClock(_ c: RuleContext, _ t: Int) -> Int? {
        guard let h = intValue(c, t), h <= 24, digitCount(c, t) <= 2 else { return nil }
        var e: Int? = nil
        if c.isByte(t + 1, 0x3A), c.attached(t), let m = intValue(c, t + 2), m < 60, digitCount(c, t + 2) == 2 {
            e = t + 3
        }
        let k = e ?? t + 1
        if c.folded(k, is: "a.m") || c.folded(k, is: "p.m") || c.folded(k, is: "am") || c.folded(k, is: "pm") {
            var end = k + 1
            if c.isByte(end, 0x2E), c.attached(k) { end += 1 }
            return end
        }
        if c.folded(k, is: "a") || c.folded(k, is: "p"), c.isByte(k + 1, 0x2E), c.folded(k + 2, is: "m") {
            return c.isByte(k + 3, 0x2E) ? k + 4 : k + 3
        }
        return e
    }

    private func money(_ c: RuleContext, _ t: Int) -> Int? {
        guard let cur = c.longest(.currencies, at: t), c.tokens[t].kind != .word || c.tokens[t].shape.contains(.allUpper) else { return nil }
        let n = Int(cur.end)
        // "£2.5bn", "$40m", "£25k": the scale written onto the number (after a
        // currency only: "a 100m sprint" is metres).
        if isScaledNumber(c, n) { return n + 1 }
        guard let e = numeral(c, n) else { return nil }
        // "£2.5 bn", "$1 tn"
        if c.folded(e, is: "bn") || c.folded(e, is: "tn") || c.folded(e, is: "mn") { return e + 1 }
        return e
    }

    /// The letters written onto a number token ("bn" of "2.5bn", "kg" of "90kg"),
    /// passed to `body` as folded bytes; false when the token is no figure with letters.
    private func writtenSuffix(_ c: RuleContext, _ t: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        guard t < c.count, c.tokens[t].kind == .word, c.tokens[t].shape.contains(.hasDigit) else { return false }
        let tok = c.tokens[t]
        return c.text.folded.withUnsafeBufferPointer { f in
            var i = Int(tok.foldStart)
            let end = Int(tok.foldEnd)
            guard i < end, f[i] >= 0x30, f[i] <= 0x39 else { return false }
            while i < end, (f[i] >= 0x30 && f[i] <= 0x39) || ((f[i] == 0x2E || f[i] == 0x2C) && i + 1 < end && f[i + 1] >= 0x30 && f[i + 1] <= 0x39) {
                i += 1
            }
            return body(UnsafeBufferPointer(rebasing: f[i..<end]))
        }
    }

    /// A number with a scale written onto it: "2.5bn", "40m", "25k", "1.2tn".
    private func isScaledNumber(_ c: RuleContext, _ t: Int) -> Bool {
        writtenSuffix(c, t) { suffix in Self.scaleSuffixes.contains { suffix.elementsEqual($0.utf8) } }
    }

    static let scaleSuffixes = ["k", "m", "mn", "bn", "b", "tn", "trn"]

    /// A number with a unit written onto it: "90kg", "2km", "120mph", "500MW", and
    /// "30C" or "86F" in capitals (a lowercase "30c" is cents). Not "m" (metres or
    /// million), "in" or "h".
    private func isWrittenQuantity(_ c: RuleContext, _ t: Int) -> Bool {
        writtenSuffix(c, t) { suffix in
            if suffix.count == 1, suffix[0] == 0x63 || suffix[0] == 0x66 {
                // The original letter must be a capital.
                let b = c.text.bytes[Int(c.tokens[t].end) - 1]
                return b == 0x43 || b == 0x46
            }
            return Self.writtenUnits.contains { suffix.elementsEqual($0.utf8) }
        }
    }

    static let writtenUnits = ["kg", "km", "cm", "mm", "mph", "kph", "kmh", "ft", "lb", "lbs", "mg", "ml", "kw", "mw", "gw",
                               "kwh", "mwh", "gwh", "twh"]
}
