import GazetteCore
import Lexicon

/// Lexicon matches as candidates: each carries its entity's label, subtype,
/// kb_id and canonical name. Entities marked `ambiguous=1` are weak evidence,
/// and a one-word small town counts only after place words ("in", "near").
/// The matches themselves are computed once per
/// document before the rules run (rules read them through ``RuleContext``).
public struct LexiconRecognizer: Recognizer {
    public init() {}

    public func recognize(_ c: RuleContext, into out: inout [Entity]) {
        for m in c.matches {
            let index = Int(m.entity)
            let label = c.facts.labels[index]
            var priority = Priority.lexicon
            // "Warren, Michigan": a region or country of its own after a comma makes a
            // name a place, even one that is also a common word or a first name. Only
            // weak entities (ambiguous ones among them) need the test.
            let appositive = c.isWeak(entity: m.entity) && label.isPlace
                && c.isBeforeAppositivePlace(Int(m.endToken), of: m.entity)
            if c.isWeak(entity: m.entity), m.endToken - m.firstToken == 1, !appositive,
               !c.hasPlaceContext(Int(m.firstToken)) {
                // A small town named like a person or a word ("Clinton", "Alice", "Most")
                // is a place only where the sentence says so ("in Clinton").
                continue
            }
            if c.facts.ambiguous[index], !appositive {
                // A name that is also a common word: only where nothing else claims it,
                // and never where capitalization says nothing.
                let first = c.tokens[Int(m.firstToken)]
                if first.flags.contains(.sentenceStart) || first.flags.contains(.headline) { continue }
                priority = Priority.fallback
            }
            var first = Int(m.firstToken)
            var last = Int(m.endToken) - 1
            // "Pope [Francis]", "King [Charles III]": a title that opens a person's
            // alias is context, not entity (OntoNotes); the alias still links. Not
            // before a lowercase word: "Duke of Sussex" is a name as a whole.
            if label == .person, let title = c.longest(.personTitles, at: first), Int(title.end) <= last,
               c.tokens[Int(title.end)].shape.contains(.upperInitial) {
                first = Int(title.end)
            }
            // "the Belgorod region": an alias ending in a lowercase region word links the
            // region, but only the name is the entity (OntoNotes; the capitalized
            // "Belgorod Region" stays whole).
            if last > first, label.isPlace, !c.tokens[last].shape.contains(.upperInitial),
               c.longest(.placeSuffixes, at: last) != nil {
                last -= 1
            }
            // Read the fields one by one: an entity decodes all of its strings.
            out.append(Entity(start: Int(c.tokens[first].start), end: Int(c.tokens[last].end),
                              label: label, subtype: c.lexicon.subtype(index),
                              kbID: c.lexicon.kbID(index), canonical: c.lexicon.canonical(index),
                              source: .lexicon, priority: priority))
        }
    }
}
