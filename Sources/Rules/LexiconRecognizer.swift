import GazetteCore
import Lexicon

/// Lexicon matches as candidates: each carries its entity's label, subtype,
/// kb_id and canonical name. The matches themselves are computed once per
/// document before the rules run (rules read them through ``RuleContext``).
public struct LexiconRecognizer: Recognizer {
    public init() {}

    public func recognize(_ c: RuleContext, into out: inout [Entity]) {
        for m in c.matches {
            let e = c.lexicon.entities[Int(m.entity)]
            out.append(Entity(start: Int(c.tokens[Int(m.firstToken)].start), end: Int(c.tokens[Int(m.endToken) - 1].end),
                              label: e.label, subtype: e.subtype, kbID: e.kbID, canonical: e.canonical,
                              source: .lexicon, priority: Priority.lexicon))
        }
    }
}
