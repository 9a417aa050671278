import GazetteCore
import Rules

/// ISO 8601 values for DATE entities (``Entity/value``): "May 23, 2023" and
/// "23.05.2023" are `2023-05-23`, "May 2023" is `2023-05`, "2023" is `2023`.
/// With a document date (the first full date in the document's first 600
/// bytes: a dateline), a date without a year takes the document's year, a
/// weekday alone is the latest such day on or before the document date
/// ("Monday" in an article dated Tuesday 2023-05-23 is `2023-05-22`), and
/// "today", "yesterday" and "tomorrow" are the document date and its
/// neighbours. Other dates ("last week", "the 1990s", "three days") get no value.
enum DateValues {
    struct Parts {
        var year: Int?, month: Int?, day: Int?, weekday: Int?, offset: Int?
        /// The date is one token of four digits ("2023", not "the 1990s").
        var plainYear = false
    }

    static func annotate(_ entities: inout [Entity], context c: RuleContext) {
        guard entities.indices.contains(where: { entities[$0].label == .date }) else { return }
        var parts: [(index: Int, parts: Parts)] = []
        var numbers: [Int] = []
        var t = 0
        for k in entities.indices where entities[k].label == .date {
            let start = entities[k].start, stop = entities[k].end
            while t < c.text.tokens.count && Int(c.text.tokens[t].end) <= start { t += 1 }
            var end = t
            while end < c.text.tokens.count && Int(c.text.tokens[end].start) < stop { end += 1 }
            parts.append((k, parse(c, t, end, numbers: &numbers)))
        }
        // The document date: the first full date near the top.
        var documentDay: Int? = nil
        for (k, p) in parts where entities[k].start < 600 {
            if let y = p.year, let m = p.month, let d = p.day { documentDay = days(y, m, d); break }
        }
        for (k, p) in parts {
            if let value = value(p, documentDay) { entities[k].value = value }
        }
    }

    /// The parts of the date in tokens `first..<end`; `numbers` is scratch space.
    static func parse(_ c: RuleContext, _ first: Int, _ end: Int, numbers: inout [Int]) -> Parts {
        var p = Parts()
        numbers.removeAll(keepingCapacity: true)
        var t = first
        while t < end {
            if let hit = c.longest(.months, at: t), Int(hit.end) <= end, let m = value(c, hit), (1...12).contains(m) {
                p.month = m
                t = Int(hit.end)
                continue
            }
            if let hit = c.longest(.weekdays, at: t), Int(hit.end) <= end, let w = value(c, hit), (1...7).contains(w) {
                p.weekday = w
                t = Int(hit.end)
                continue
            }
            if c.folded(t, is: "today") { p.offset = 0 }
            if c.folded(t, is: "yesterday") { p.offset = -1 }
            if c.folded(t, is: "tomorrow") { p.offset = 1 }
            appendDigitRuns(c, t, to: &numbers)
            t += 1
        }
        for n in numbers {
            if n >= 1000 && n <= 2999 && p.year == nil { p.year = n }
        }
        p.plainYear = end == first + 1 && c.text.tokens[first].length == 4 && numbers.count == 1 && p.year != nil
        if p.month != nil {
            p.day = numbers.first { $0 >= 1 && $0 <= 31 }
        } else if numbers.count == 3, let y = p.year, numbers.firstIndex(of: y) == numbers.lastIndex(of: y) {
            // (month, day): 2023-05-23 puts them after the year, 23.05.2023 before it, day first.
            let (a, b) = numbers[0] == y ? (numbers[1], numbers[2]) : numbers[1] == y ? (numbers[2], numbers[0]) : (numbers[1], numbers[0])
            if (1...12).contains(a) && (1...31).contains(b) { p.month = a; p.day = b }
        }
        return p
    }

    /// Appends the runs of digits in a token ("23" of "23rd"; 23, 5 and 2023 of
    /// "23.05.2023"): none when there are more than three or one has more than four digits.
    static func appendDigitRuns(_ c: RuleContext, _ t: Int, to out: inout [Int]) {
        let token = c.text.tokens[t]
        let first = out.count
        var n = 0, digits = 0
        for i in Int(token.start)...Int(token.end) {
            let b: UInt8 = i < Int(token.end) ? c.text.bytes[i] : 0
            if b >= 0x30 && b <= 0x39 {
                // A run of more than four digits is dropped: its value is never needed
                // (and twenty digits would overflow).
                if digits < 5 { n = n * 10 + Int(b - 0x30) }
                digits += 1
            } else if digits > 0 {
                if digits > 4 || out.count - first == 3 {
                    out.removeSubrange(first...)
                    return
                }
                out.append(n)
                n = 0
                digits = 0
            }
        }
    }

    static func value(_ c: RuleContext, _ hit: WordHit) -> Int? {
        guard hit.value >= 0, Int(hit.value) < c.words.values.count else { return nil }
        return Int(c.words.values[Int(hit.value)])
    }

    static func value(_ p: Parts, _ documentDay: Int?) -> String? {
        if let m = p.month, let d = p.day {
            guard let y = p.year ?? documentDay.map({ civil($0).year }), valid(y, m, d) else { return nil }
            return iso(days(y, m, d))
        }
        if let m = p.month, let y = p.year, p.day == nil { return iso(y, m, nil) }
        if let y = p.year, p.plainYear { return iso(y, nil, nil) }
        guard let today = documentDay else { return nil }
        if let o = p.offset, p.weekday == nil { return iso(today + o) }
        if let w = p.weekday, p.year == nil, p.month == nil, p.day == nil {
            // ISO weekday of a day number: 1970-01-01 was a Thursday (4).
            let todayWeekday = ((today % 7) + 7 + 3) % 7 + 1
            return iso(today - (todayWeekday - w + 7) % 7)
        }
        return nil
    }

    static func valid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        let (yy, mm, dd) = civil(days(y, m, d))
        return yy == y && mm == m && dd == d
    }

    static func iso(_ day: Int) -> String {
        let (y, m, d) = civil(day)
        return iso(y, m, d)
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, written into a small string (no allocation).
    static func iso(_ y: Int, _ m: Int?, _ d: Int?) -> String {
        guard (0...9999).contains(y), (m ?? 1) >= 0, (m ?? 1) <= 99, (d ?? 1) >= 0, (d ?? 1) <= 99 else {
            return pad(y, 4) + (m.map { "-" + pad($0, 2) } ?? "") + (d.map { "-" + pad($0, 2) } ?? "")
        }
        return String(unsafeUninitializedCapacity: 10) { buf in
            var n = 0
            func put(_ v: Int, _ width: Int) {
                var x = v
                for k in stride(from: width - 1, through: 0, by: -1) {
                    buf[n + k] = UInt8(0x30 + x % 10)
                    x /= 10
                }
                n += width
            }
            put(y, 4)
            if let m {
                buf[n] = 0x2D; n += 1
                put(m, 2)
                if let d {
                    buf[n] = 0x2D; n += 1
                    put(d, 2)
                }
            }
            return n
        }
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func days(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day number (inverse of ``days(_:_:_:)``).
    static func civil(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
