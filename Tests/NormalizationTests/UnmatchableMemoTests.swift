import Testing
import GazetteCore
@testable import Normalization
import GazetteTestSupport

/// Names that match nothing under the most evidence a document can give
/// match nothing under any evidence of the same label: what lets the variant
/// linker remember them across documents.
@Test func noMatchUnderMostEvidenceMeansNoMatchUnderAny() throws {
    let index = NormalizationFixture.index
    let ids = ["person/josep-borrell", "person/volodymyr-zelensky", "person/vyacheslav-gladkov", "place/kyiv"]
    let entities = ids.compactMap { index.entityIndex(kbID: $0) }
    #expect(entities.count == ids.count)
    let names = ["Bortell", "Borrel", "Borrell", "Zelenksy", "Zelenskyj", "Gladkow", "Гладков", "Kyiv", "Kiyv", "Bachmut",
                 "3rd brigade", "Forces Advance", "Xyzzy Plugh", "Tkatschenko", "Zelensky's", "Will Respond"]
    var unmatchable = 0
    for name in names {
        for label in [EntityLabel.person, .org, .gpe, .loc] {
            let most = index.match(name, evidence: .most(label: label))
            let evidences = [
                NameEvidence(label: label), NameEvidence(label: label, context: true),
                NameEvidence(label: label, documentEntities: entities), NameEvidence(label: label, documentKBIDs: ids, context: true),
            ]
            for evidence in evidences {
                let m = index.match(name, evidence: evidence)
                if most == nil { #expect(m == nil, "\(name) \(label) \(evidence)") }
                if m != nil { #expect(most != nil, "\(name) \(label)") }
            }
            if most == nil { unmatchable += 1 }
        }
    }
    #expect(unmatchable > 0)
    // A near miss needs evidence: with the most evidence it matches.
    #expect(index.match("Bortell", evidence: .most(label: .person)) != nil)
}

/// The linker gives the same links and groups with and without its memories
/// (unmatchable names, names' grouping keys), over documents whose evidence
/// differs (the entity named or not, a title or not), in any order.
@Test func unmatchableMemoChangesNoLink() throws {
    let index = NormalizationFixture.index
    typealias Doc = (text: String, entities: [Entity])
    func rule(_ text: String, _ mention: String, _ label: EntityLabel, priority: Int16 = 30, from: String.Index? = nil) -> Entity {
        let r = text.range(of: mention, range: (from ?? text.startIndex)..<text.endIndex)!
        return Entity(start: text.utf8.distance(from: text.startIndex, to: r.lowerBound),
                      end: text.utf8.distance(from: text.startIndex, to: r.upperBound), label: label, source: .rule, priority: priority)
    }
    func doc(_ text: String, _ mentions: [(String, EntityLabel, Int16)], lexicon: [(String, String, EntityLabel)] = []) -> Doc {
        var entities = mentions.map { rule(text, $0.0, $0.1, priority: $0.2) }
        for (mention, kbID, label) in lexicon {
            var e = rule(text, mention, label)
            e.kbID = kbID
            e.canonical = mention
            e.source = .lexicon
            entities.append(e)
        }
        entities.sort { $0.start < $1.start }
        return (text, entities)
    }
    let docs: [Doc] = [
        doc("Bortell spoke.", [("Bortell", .person, 30)]),
        doc("Josep Borrell met Bortell.", [("Bortell", .person, 30)], lexicon: [("Josep Borrell", "person/josep-borrell", .person)]),
        doc("Minister Bortell spoke.", [("Bortell", .person, 40)]),
        doc("Bortell Forces said.", [("Bortell Forces", .org, 30)]),
        doc("Xyzzy Plugh and Xyzzy Plugh.", [("Xyzzy Plugh", .person, 30)]),
        doc("Zelenksy spoke.", [("Zelenksy", .person, 30)]),
        doc("President Zelenksy spoke.", [("Zelenksy", .person, 40)]),
        doc("Zelenksy spoke in Kyiv.", [("Zelenksy", .gpe, 30)]),
        doc("The 3rd brigade and Fabrice Pothier and Fabrice Potier.",
            [("3rd brigade", .org, 30), ("Fabrice Pothier", .person, 30), ("Fabrice Potier", .person, 30)]),
        doc("Bachmut fell.", [("Bachmut", .gpe, 30)]),
        doc("Fabrice Potier and Fabrice Pothier met Гладков.",
            [("Fabrice Potier", .person, 30), ("Fabrice Pothier", .person, 30), ("Гладков", .person, 30)]),
        doc("Fabrice Potier Group and Fabrice Pothier Group.", [("Fabrice Potier Group", .org, 30), ("Fabrice Pothier Group", .org, 30)]),
        doc("Bachmut Group said.", [("Bachmut", .org, 30)]),
    ]
    let orders = [Array(docs.indices), Array(docs.indices.reversed()), docs.indices.map { ($0 * 7) % docs.count }]
    for order in orders {
        var with = VariantLinker(index: index)
        var without = VariantLinker(index: index)
        without.remembersUnmatchable = false
        without.remembersKeys = false
        // Twice through: the second time the memory is full.
        for i in order + order {
            var a = docs[i].entities, b = docs[i].entities
            let bytes = Array(docs[i].text.utf8)
            with.link(&a, bytes: bytes, contextualPriority: 40)
            without.link(&b, bytes: bytes, contextualPriority: 40)
            #expect(a == b, "\(docs[i].text)")
        }
    }
    // The evidence matters here: the near miss links in the second document only.
    var linker = VariantLinker(index: index)
    var first = docs[0].entities, second = docs[1].entities
    linker.link(&first, bytes: Array(docs[0].text.utf8), contextualPriority: 40)
    linker.link(&second, bytes: Array(docs[1].text.utf8), contextualPriority: 40)
    #expect(first[0].kbID == nil)
    #expect(second.first { $0.source != .lexicon }?.kbID == "person/josep-borrell")
}

/// The memory tells names apart by their exact bytes and label, and forgets
/// everything when full.
@Test func nameMemoKeysOnBytesAndLabel() {
    var memo = NameMemo()
    func has(_ s: String, _ l: EntityLabel) -> Bool { var s = s; return s.withUTF8 { memo.contains($0, l) } }
    func add(_ s: String, _ l: EntityLabel) { var s = s; s.withUTF8 { memo.insert($0, l) } }
    add("Caf\u{E9}", .person)
    #expect(has("Caf\u{E9}", .person))
    #expect(!has("Cafe\u{301}", .person))  // canonically equal, other bytes
    #expect(!has("Caf\u{E9}", .org))
    #expect(!has("Caf", .person))
    #expect(!has("Caf\u{E9}s", .person))
    add("", .gpe)
    #expect(has("", .gpe) && !has("", .loc))
    for i in 0..<NameMemo.capacity { add("name \(i)", .org) }
    #expect(has("name \(NameMemo.capacity - 1)", .org))
    #expect(!has("Caf\u{E9}", .person))  // forgotten when it filled up
}

/// Evidence whose entities come sorted (as the variant linker gives them) is
/// searched, not scanned, and matches exactly what the same entities in any
/// order match: the near miss needs its entity named, whatever else is.
@Test func sortedDocumentEntitiesMatchAsUnsortedOnes() throws {
    let index = NormalizationFixture.index
    let ids = ["person/josep-borrell", "person/volodymyr-zelensky", "person/vyacheslav-gladkov", "place/kyiv"]
    let named = ids.compactMap { index.entityIndex(kbID: $0) }
    #expect(named.count == ids.count)
    let borrell = named[0]
    for subset in [named, Array(named.dropFirst()), [borrell], named.reversed(), []] {
        var sorted = NameEvidence(label: .person, documentEntities: subset.sorted())
        sorted.entitiesSorted = true
        let unsorted = NameEvidence(label: .person, documentEntities: subset)
        for e in named { #expect(sorted.hasEntity(e) == subset.contains(e)) }
        for name in ["Bortell", "Borrell", "Zelenksy", "Gladkow", "Kiyv"] {
            #expect(index.match(name, evidence: sorted) == index.match(name, evidence: unsorted), "\(name) \(subset)")
        }
        #expect((index.match("Bortell", evidence: sorted)?.entity == borrell) == subset.contains(borrell))
    }
}
