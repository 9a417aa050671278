import Foundation
import Testing
import Gazette
import GazetteTestSupport


/// Writes a page for `docs` with ``HTMLWriter`` and returns it.
private func page(_ docs: [DocumentOutcome], indexLimit: Int = 100) throws -> String {
    var bytes: [UInt8] = []
    let writer = HTMLWriter(indexLimit: indexLimit, emit: { bytes.append(contentsOf: $0) })
    for d in docs {
        var rendered: [UInt8] = []
        writer.renderer.render(d, to: &rendered)
        try writer.write(rendered, for: d)
    }
    try writer.finish()
    return String(decoding: bytes, as: UTF8.self)
}

/// The `<mark>` elements of a page: (data-label, inner text).
func htmlMarks(_ html: String) -> [(String, String)] {
    let re = try! NSRegularExpression(pattern: #"<mark class="e e-[A-Z_]+" id="[^"]*" tabindex="0" data-label="([A-Z_]+)" data-tip="[^"]*">([^<]*)</mark>"#)
    let ns = html as NSString
    return re.matches(in: html, range: NSRange(location: 0, length: ns.length)).map {
        (ns.substring(with: $0.range(at: 1)), ns.substring(with: $0.range(at: 2)))
    }
}

// MARK: - Escaping: nothing from the input becomes markup

@Test(arguments: [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<img src=x onerror=\"alert(1)\">", "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"),
    ("Tom & Jerry's", "Tom &amp; Jerry&#39;s"),
    ("bell\u{7}nul\u{0}del\u{7F}", "bell\u{FFFD}nul\u{FFFD}del\u{FFFD}"),
    ("line\nbreak\ttab", "line\nbreak\ttab"),
])
func textIsEscaped(text: String, escaped: String) throws {
    let html = try page([try FormatFixture.outcome(text, [])])
    #expect(html.contains("<div class=\"text\">\(escaped)</div>"))
}

@Test func everythingFromTheInputIsEscapedInMarksIdsAndTheIndex() throws {
    let text = "Kyiv<b> said \"hi\" & <script>x</script>"
    var outcome = try FormatFixture.outcome(text, [Mark(text: "Kyiv<b>", label: .gpe, kbID: "place/<kyiv>\"")],
                                            id: "<i>id</i>\" onmouseover=\"x")
    outcome.entities![0].canonical = "Kyiv</mark><script>"
    let html = try page([outcome])
    for raw in ["<b>", "<i>", "<script>x", "</mark><script>", "\" onmouseover", "place/<kyiv>"] {
        #expect(!html.contains(raw), "unescaped \(raw)")
    }
    #expect(html.contains("&lt;i&gt;id&lt;/i&gt;&quot; onmouseover=&quot;x"))
    #expect(htmlMarks(html).map(\.1) == ["Kyiv&lt;b&gt;"])
    #expect(html.contains("canonical: Kyiv&lt;/mark&gt;&lt;script&gt;"))
    // The page has no script and forbids any.
    #expect(!html.contains("<script"))
    #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\""))
}

// MARK: - Marks, tooltips, anchors

@Test func mentionsAreMarkedWithLabelAndTooltip() throws {
    let text = "Governor Vyacheslav Gladkov visited Kyiv."
    let html = try page([try FormatFixture.outcome(text, [
        Mark(text: "Vyacheslav Gladkov", label: .person, kbID: "person/vyacheslav-gladkov"), Mark(text: "Kyiv", label: .gpe),
    ], index: 3)])
    #expect(htmlMarks(html).map { "\($0.0) \($0.1)" } == ["PERSON Vyacheslav Gladkov", "GPE Kyiv"])
    #expect(html.contains(#"id="d3-m0" tabindex="0" data-label="PERSON" data-tip="PERSON&#10;kb_id: person/vyacheslav-gladkov&#10;canonical: Vyacheslav Gladkov&#10;found by: lexicon">"#))
    #expect(html.contains(#"<article class="doc" id="d3">"#))
    #expect(html.contains("Governor <mark"))
    #expect(html.contains("</mark> visited <mark"))
}

@Test func failedDocumentShowsItsError() throws {
    let html = try page([DocumentOutcome(index: 0, document: Document(id: "bad", text: ""), entities: nil, error: "bad: <broken>")])
    #expect(html.contains("<p class=\"error\">Not tagged: bad: &lt;broken&gt;</p>"))
    #expect(html.contains("1 document, 0 entities, 1 not tagged"))
}

@Test func emptyInputIsStillACompletePage() throws {
    let html = try page([])
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.hasSuffix("</html>\n"))
    #expect(html.contains("0 documents, 0 entities"))
}

// MARK: - The index: most frequent entities, every spelling

@Test func indexGroupsSpellingsByKbIDAndCountsDocuments() throws {
    let docs = [
        try FormatFixture.outcome("Kyiv and Kiev and Kyiv.", [
            Mark(text: "Kyiv", label: .gpe, kbID: "place/kyiv"), Mark(text: "Kiev", label: .gpe, kbID: "place/kyiv"),
            Mark(text: "Kyiv", label: .gpe, kbID: "place/kyiv", nth: 1),
        ], index: 0),
        try FormatFixture.outcome("Київ met Gladkov.", [
            Mark(text: "Київ", label: .gpe, kbID: "place/kyiv"), Mark(text: "Gladkov", label: .person),
        ], index: 1),
    ]
    let html = try page(docs)
    let index = String(html[html.range(of: "<section class=\"entities\">")!.lowerBound...])
    let items = index.components(separatedBy: "<li>").dropFirst()
    try #require(items.count == 2)
    // Canonical name first, then counts, kb_id, spellings by frequency.
    #expect(items.first!.contains(##"href="#d0-m0">Kyiv</a> <span class="n">4× in 2 docs</span> <code>place/kyiv</code>"##))
    #expect(items.first!.contains(#"Kyiv</span> <span class="n">2</span> · <span class="spelling">Kiev</span> <span class="n">1</span> · <span class="spelling">Київ</span>"#))
    #expect(items.last!.contains(##"href="#d1-m1">Gladkov</a> <span class="n">1× in 1 doc</span><div"##))
    // The legend counts mentions per label.
    #expect(html.contains(#"id="show-GPE" checked> <span class="e e-GPE swatch">GPE</span> <span class="n">4</span>"#))
    #expect(!html.contains("id=\"show-ORG\""))
}

@Test(arguments: [1, 2])
func indexIsCutAtItsLimit(limit: Int) throws {
    let doc = try FormatFixture.outcome("Kyiv Kyiv Lviv Odesa", [
        Mark(text: "Kyiv", label: .gpe), Mark(text: "Kyiv", label: .gpe, nth: 1), Mark(text: "Lviv", label: .gpe), Mark(text: "Odesa", label: .gpe),
    ])
    let html = try page([doc], indexLimit: limit)
    let index = String(html[html.range(of: "<section class=\"entities\">")!.lowerBound...])
    let names = index.components(separatedBy: "<li>").dropFirst().map { $0.components(separatedBy: "\">")[1].components(separatedBy: "<")[0] }
    #expect(names == Array(["Kyiv", "Lviv", "Odesa"].prefix(limit)))
}
