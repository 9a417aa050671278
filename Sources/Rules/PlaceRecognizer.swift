import GazetteCore

/// Places from head words and context:
///
/// - a capitalized name and a capitalized place head word form one place:
///   "*Belgorod Oblast*", "*Black Sea*", "*Crimean Bridge*" (label from the
///   head word list: GPE, LOC or FAC);
/// - with a lowercase region word only the name is the place: "the *Belgorod* region";
/// - a trigger phrase before a capitalized name: "the village of *Mariinka*",
///   "the outskirts of *Bakhmut*".
public struct PlaceRecognizer: Recognizer {
    public init() {}

    public func recognize(_ c: RuleContext, into out: inout [Entity]) {
        for t in 0..<c.count {
            if let head = c.longest(.placeSuffixes, at: t), t > 0 {
                let label = head.value >= 0 ? EntityLabel(name: c.words.values[Int(head.value)]) ?? .gpe : .gpe
                var first = t
                while first > 0, c.isNameWord(first - 1) { first -= 1 }
                if first < t {
                    if c.tokens[t].shape.contains(.upperInitial) {
                        out.append(c.candidate(first, Int(head.end), label, priority: Priority.contextual))
                    } else if label == .gpe {
                        out.append(c.candidate(first, t, .gpe, priority: Priority.shape))
                    }
                }
            }
            if let trigger = c.longest(.placeTriggers, at: t) {
                let start = Int(trigger.end)
                var end = c.nameRun(from: start, maxWords: 3)
                // Stop at the end of a known name: "Ambassador to *Ukraine* Bridget Brink".
                if let m = c.lexiconMatch(at: start), Int(m.endToken) < end { end = Int(m.endToken) }
                if end > start {
                    let known = c.lexiconLabel(at: start)
                    if known == nil || known!.isPlace {
                        out.append(c.candidate(start, end, .gpe, priority: Priority.shape))
                    }
                }
            }
        }
    }
}
