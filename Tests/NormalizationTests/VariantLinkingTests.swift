import Foundation
import Testing
import Gazette
import GazetteTestSupport

/// Tagging links mentions no alias matched by their key: each variant carries
/// its entity's kb_id, with source "normalization".
@Test(arguments: [
    ("Governor Vjatscheslaw Gladkow said two were hurt.", "Vjatscheslaw Gladkow", "person/vyacheslav-gladkov"),
    ("President Volodymyr Zelenskyj spoke in Kyiv on Monday.", "Volodymyr Zelenskyj", "person/volodymyr-zelensky"),
    ("Defence Minister Sergei Shoygu met the generals.", "Sergei Shoygu", "person/sergei-shoigu"),
    ("Губернатор Гладков заявив про обстріл.", "Гладков", "person/vyacheslav-gladkov"),
])
func mentionVariantTakesTheKBID(text: String, mention: String, kbID: String) throws {
    let spans = try TestSupport.spans(text, tagger: TestSupport.tagger())
    let hit = try #require(spans.first { $0.text == mention }, "\(mention) not tagged: \(spans)")
    #expect(hit.kbID == kbID, "\(hit)")
}

/// A near miss links only with evidence: the entity named in the same document.
@Test func nearMissNeedsEvidence() throws {
    let tagger = try TestSupport.tagger()
    let with = try TestSupport.spans("Josep Borrell spoke in Brussels. Later, Borrel said the EU would pay.", tagger: tagger)
    #expect(with.first { $0.text == "Borrel" }?.kbID == "person/josep-borrell", "\(with)")
    let index = TestSupport.resources.names
    let borrell = try #require(TestSupport.resources.lexicon.entityIndex(kbID: "person/josep-borrell"))
    // "Bortell" is one letter away from Borrell's key: a near miss.
    #expect(index.match("Bortell", evidence: NameEvidence(label: .person)) == nil)
    #expect(index.match("Bortell", evidence: NameEvidence(label: .person, documentEntities: [borrell]))?.entity == borrell)
    #expect(index.match("Bortell", evidence: NameEvidence(label: .gpe, documentEntities: [borrell])) == nil)
    #expect(index.match("Zelenksy", evidence: NameEvidence(label: .person, context: true)).map { index.entity($0.entity).kbID } == "person/volodymyr-zelensky")
    #expect(index.match("Zelenksy") == nil)
    // An edit at the start of a later word makes another name: "Brian Hara" (key
    // "brn gr") is no near miss of Brian Lara ("brn lr"), even after a title.
    let lara = try #require(TestSupport.resources.lexicon.entityIndex(kbID: "person/brian-lara"))
    #expect(index.match("Brian Hara", evidence: NameEvidence(label: .person, documentEntities: [lara], context: true)) == nil)
    // Labels must agree.
    #expect(index.match("Zelenskyj", evidence: NameEvidence(label: .gpe)) == nil)
}

/// Variant spellings of an unknown name share one local id, in one document
/// and across documents.
@Test func unknownVariantsShareOneID() throws {
    let tagger = try TestSupport.tagger()
    let one = try TestSupport.spans("Governor Mykola Tkatschenko spoke on Monday. Governor Mykola Tkachenko added that two were hurt.", tagger: tagger)
    let ids = Set(one.filter { $0.text.hasPrefix("Mykola") }.map { $0.kbID ?? "nil" })
    #expect(ids == ["local/mykola-tkachenko"], "\(one)")
    let two = try TestSupport.spans("Governor Mykola Tkaczenko spoke. Tkaczenko added that two were hurt.", tagger: tagger)
    #expect(two.first { $0.text == "Mykola Tkaczenko" }?.kbID == "local/mykola-tkachenko", "\(two)")
}
