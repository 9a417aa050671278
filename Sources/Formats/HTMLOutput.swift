import GazetteCore

/// Renders one document as an `<article>` of the HTML view: its text with each
/// entity in a `<mark>` coloured by label, and the entity's label, subtype,
/// kb_id, canonical name and source in a tooltip shown on hover, on click
/// (focus) and when the mention is the page's target (`#d0-m3`).
///
/// Every character taken from the input (ids, text, names, error messages) is
/// escaped; control characters other than tab and line breaks become U+FFFD.
/// Document `n` is `id="d<n>"`, its entity `k` is `id="d<n>-m<k>"`.
public struct HTMLRenderer: DocumentRenderer {
    public init() {}

    public func render(_ outcome: DocumentOutcome, to out: inout [UInt8]) {
        let d = outcome.index
        HTML.append("<article class=\"doc\" id=\"d", to: &out)
        JSONWriter.appendInt(d, to: &out)
        HTML.append("\"><h2><a href=\"#d", to: &out)
        JSONWriter.appendInt(d, to: &out)
        HTML.append("\">", to: &out)
        HTML.appendEscaped(outcome.document.id, to: &out)
        HTML.append("</a>", to: &out)
        guard let entities = outcome.entities else {
            HTML.append("</h2><p class=\"error\">Not tagged: ", to: &out)
            HTML.appendEscaped(outcome.error ?? "unknown error", to: &out)
            HTML.append("</p></article>\n", to: &out)
            return
        }
        HTML.append(" <small>", to: &out)
        JSONWriter.appendInt(entities.count, to: &out)
        HTML.append(entities.count == 1 ? " entity</small></h2>\n" : " entities</small></h2>\n", to: &out)
        HTML.append("<div class=\"text\">", to: &out)
        var text = outcome.document.text
        text.withUTF8 { b in
            var pos = 0
            for (k, e) in entities.enumerated() {
                HTML.appendEscaped(UnsafeBufferPointer(rebasing: b[pos..<e.start]), to: &out)
                HTML.append("<mark class=\"e e-", to: &out)
                out.append(contentsOf: e.label.name.utf8)
                HTML.append("\" id=\"d", to: &out)
                JSONWriter.appendInt(d, to: &out)
                HTML.append("-m", to: &out)
                JSONWriter.appendInt(k, to: &out)
                HTML.append("\" tabindex=\"0\" data-label=\"", to: &out)
                out.append(contentsOf: e.label.name.utf8)
                HTML.append("\" data-tip=\"", to: &out)
                HTML.appendEscaped(Self.tip(e), to: &out, attribute: true)
                HTML.append("\">", to: &out)
                HTML.appendEscaped(UnsafeBufferPointer(rebasing: b[e.start..<e.end]), to: &out)
                HTML.append("</mark>", to: &out)
                pos = e.end
            }
            HTML.appendEscaped(UnsafeBufferPointer(rebasing: b[pos..<b.count]), to: &out)
        }
        HTML.append("</div></article>\n", to: &out)
    }

    /// The tooltip: one fact per line.
    static func tip(_ e: Entity) -> String {
        var s = e.label.name
        if let st = e.subtype { s += " · " + st }
        if let kb = e.kbID { s += "\nkb_id: " + kb }
        if let c = e.canonical { s += "\ncanonical: " + c }
        s += "\nfound by: " + e.source.name
        return s
    }
}

/// Writes one self-contained HTML page: the documents as ``HTMLRenderer``
/// renders them, streamed in input order, then a side panel with a legend
/// (which also switches each label's highlighting off and on) and an index of
/// the corpus's most frequent entities with every spelling seen for each.
///
/// The page loads nothing and runs nothing: its Content-Security-Policy
/// forbids scripts and every fetch, and it has no script of its own (hover,
/// click and the label switches are CSS). The writer keeps only the index's
/// counts in memory, not the documents.
///
/// Mentions are grouped for the index by kb_id when it is a lexicon id, and
/// otherwise by label and canonical name (or, without one, the mention's text).
public final class HTMLWriter: OutputWriter {
    public let renderer: any DocumentRenderer = HTMLRenderer()
    /// The page title.
    public let title: String
    /// How many entities the index lists.
    public let indexLimit: Int
    private let emit: ([UInt8]) -> Void
    private var started = false
    private var documents = 0
    private var failed = 0
    private var mentions = 0
    private var labelCounts = [Int](repeating: 0, count: EntityLabel.allCases.count)
    private var groupOfKey: [String: Int] = [:]
    private var groups: [Group] = []

    private struct Group {
        var label: EntityLabel
        var kbID: String?
        var name: String
        var mentions = 0
        var documents = 0
        var lastDocument = -1
        var anchor: String
        var spellings: [String: Int] = [:]
    }

    /// - Parameters:
    ///   - title: the page title (escaped).
    ///   - indexLimit: how many of the most frequent entities the index lists.
    ///   - emit: receives the page's bytes in order.
    public init(title: String = "Gazette: tagged articles", indexLimit: Int = 100, emit: @escaping ([UInt8]) -> Void) {
        self.title = title
        self.indexLimit = indexLimit
        self.emit = emit
    }

    public func write(_ rendered: [UInt8], for outcome: DocumentOutcome) throws(OutputError) {
        start()
        emit(rendered)
        documents += 1
        guard let entities = outcome.entities else { failed += 1; return }
        var text = outcome.document.text
        text.withUTF8 { b in
            for (k, e) in entities.enumerated() {
                let surface = String(decoding: UnsafeBufferPointer(rebasing: b[e.start..<e.end]), as: UTF8.self)
                count(e, surface: surface, document: outcome.index, anchor: "d\(outcome.index)-m\(k)")
            }
        }
    }

    public func finish() throws(OutputError) {
        start()
        var out: [UInt8] = []
        HTML.append("</main>\n<aside id=\"index\">\n<p class=\"summary\">", to: &out)
        HTML.appendEscaped("\(documents) document\(documents == 1 ? "" : "s"), \(mentions) entit\(mentions == 1 ? "y" : "ies")", to: &out)
        if failed > 0 { HTML.appendEscaped(", \(failed) not tagged", to: &out) }
        HTML.append("</p>\n<section class=\"legend\"><h2>Labels</h2><ul>\n", to: &out)
        for label in EntityLabel.allCases where labelCounts[Int(label.rawValue)] > 0 {
            let name = label.name
            HTML.append("<li><label><input type=\"checkbox\" id=\"show-\(name)\" checked> <span class=\"e e-\(name) swatch\">\(name)</span> <span class=\"n\">\(labelCounts[Int(label.rawValue)])</span></label></li>\n", to: &out)
        }
        HTML.append("</ul><p class=\"hint\">Untick a label to switch its highlighting off. Hover over or click a mention for its kb_id, canonical name and the stage that found it.</p></section>\n", to: &out)
        HTML.append("<section class=\"entities\"><h2>Most frequent entities</h2><ol>\n", to: &out)
        let top = groups.indices.sorted { a, b in
            let x = groups[a], y = groups[b]
            if x.mentions != y.mentions { return x.mentions > y.mentions }
            if x.documents != y.documents { return x.documents > y.documents }
            return x.name < y.name
        }.prefix(indexLimit)
        for i in top {
            let g = groups[i]
            let name = g.label.name
            HTML.append("<li><a class=\"e e-\(name)\" data-label=\"\(name)\" href=\"#", to: &out)
            HTML.appendEscaped(g.anchor, to: &out, attribute: true)
            HTML.append("\">", to: &out)
            HTML.appendEscaped(g.name, to: &out)
            HTML.append("</a> <span class=\"n\">\(g.mentions)× in \(g.documents) doc\(g.documents == 1 ? "" : "s")</span>", to: &out)
            if let kb = g.kbID {
                HTML.append(" <code>", to: &out)
                HTML.appendEscaped(kb, to: &out)
                HTML.append("</code>", to: &out)
            }
            HTML.append("<div class=\"spellings\">", to: &out)
            let spellings = g.spellings.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            for (k, (spelling, n)) in spellings.enumerated() {
                if k > 0 { HTML.append(" · ", to: &out) }
                HTML.append("<span class=\"spelling\">", to: &out)
                HTML.appendEscaped(spelling, to: &out)
                HTML.append("</span> <span class=\"n\">\(n)</span>", to: &out)
            }
            HTML.append("</div></li>\n", to: &out)
        }
        HTML.append("</ol></section>\n</aside>\n</body>\n</html>\n", to: &out)
        emit(out)
    }

    private func count(_ e: Entity, surface: String, document: Int, anchor: String) {
        mentions += 1
        labelCounts[Int(e.label.rawValue)] += 1
        let linked = e.kbID.flatMap { $0.hasPrefix("local/") ? nil : $0 }
        let key = linked.map { "kb\u{1F}" + $0 } ?? e.label.name + "\u{1F}" + (e.canonical ?? surface)
        let i: Int
        if let found = groupOfKey[key] {
            i = found
        } else {
            i = groups.count
            groupOfKey[key] = i
            groups.append(Group(label: e.label, kbID: linked, name: e.canonical ?? surface, anchor: anchor))
        }
        groups[i].mentions += 1
        if groups[i].lastDocument != document {
            groups[i].documents += 1
            groups[i].lastDocument = document
        }
        groups[i].spellings[surface, default: 0] += 1
    }

    private func start() {
        guard !started else { return }
        started = true
        var out: [UInt8] = []
        HTML.append("""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Gazette">
        <title>
        """, to: &out)
        HTML.appendEscaped(title, to: &out)
        HTML.append("</title>\n<style>\n", to: &out)
        HTML.append(HTML.styleSheet, to: &out)
        HTML.append("</style>\n</head>\n<body>\n<header><h1>", to: &out)
        HTML.appendEscaped(title, to: &out)
        HTML.append("</h1><a href=\"#index\">Labels and entity index</a></header>\n<main>\n", to: &out)
        emit(out)
    }
}

/// HTML text and the page's style sheet.
enum HTML {
    static func append(_ s: String, to out: inout [UInt8]) {
        out.append(contentsOf: s.utf8)
    }

    static func appendEscaped(_ s: String, to out: inout [UInt8], attribute: Bool = false) {
        var s = s
        s.withUTF8 { appendEscaped($0, to: &out, attribute: attribute) }
    }

    /// Appends UTF-8 text with `& < > " '` escaped; in attributes line breaks
    /// and tabs become character references. C0 controls other than tab and
    /// line breaks, and DEL, are not allowed in HTML text: they become U+FFFD.
    static func appendEscaped(_ b: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], attribute: Bool = false) {
        for c in b {
            switch c {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            case 0x0A where attribute: out.append(contentsOf: "&#10;".utf8)
            case 0x0D where attribute: out.append(contentsOf: "&#13;".utf8)
            case 0x09 where attribute: out.append(contentsOf: "&#9;".utf8)
            case 0x09, 0x0A, 0x0D: out.append(c)
            case 0..<0x20, 0x7F: out.append(contentsOf: [0xEF, 0xBF, 0xBD])
            default: out.append(c)
            }
        }
    }

    /// Background colours by label, in ``EntityLabel`` order.
    static let colours = [
        "#c9b8ff", "#f3c0e8", "#b7dfe0", "#9eeadb", "#ffd27f", "#ffb38a", "#c6ecb4", "#fff08a", "#f4d6ff", "#ffadb8", "#ffc9c9",
        "#cfe3f7", "#d8e8f0", "#e8e4c9", "#dfeccb", "#e9e1d3", "#eeeeee", "#e4e4e4",
        "#d0d7ff", "#d6f5ff", "#ffe0f0", "#e0ffe8",
    ]

    static let styleSheet: String = {
        var css = """
        :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
        body { margin: 0; display: grid; grid-template-columns: minmax(0, 1fr) 24rem;
               grid-template-areas: "head head" "main side"; background: #fafafa; color: #1d1d1f; }
        body > header { grid-area: head; display: flex; align-items: baseline; gap: 1.5rem;
                        padding: .6rem 1.5rem; background: #22313f; color: #fff; }
        body > header h1 { font-size: 1.15rem; margin: 0; }
        body > header a { color: #cfe3f7; }
        main { grid-area: main; padding: 1rem 1.5rem; min-width: 0; }
        aside { grid-area: side; position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto;
                box-sizing: border-box; padding: 1rem; border-left: 1px solid #ddd; background: #fff; font-size: .85rem; }
        article { background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; margin: 0 0 1.2rem; padding: .4rem 1.2rem 1rem; }
        article h2 { font-size: 1rem; margin: .6rem 0; overflow-wrap: anywhere; }
        article h2 a { color: inherit; text-decoration: none; }
        article h2 small { font-weight: normal; color: #777; }
        .text { white-space: pre-wrap; line-height: 2.1; overflow-wrap: anywhere; }
        .error { color: #a00; white-space: pre-wrap; }
        mark.e { position: relative; padding: .15em .25em; border-radius: .3em; color: inherit; cursor: pointer; scroll-margin-top: 45vh; }
        mark.e::after { content: attr(data-label); font-size: .6em; font-weight: 600; letter-spacing: .02em;
                        margin-left: .35em; vertical-align: middle; opacity: .7; }
        mark.e:hover::before, mark.e:focus::before, mark.e:target::before {
            content: attr(data-tip); position: absolute; left: 0; bottom: calc(100% + .3em); z-index: 10;
            white-space: pre; font-size: .78rem; line-height: 1.4; padding: .35em .6em; border-radius: .3em;
            background: #22313f; color: #fff; box-shadow: 0 2px 6px rgba(0,0,0,.25); pointer-events: none; }
        mark.e:focus, mark.e:target { outline: 2px solid #22313f; }
        aside h2 { font-size: .95rem; margin: 1rem 0 .4rem; }
        aside ul { list-style: none; padding: 0; margin: 0; columns: 2; }
        aside li { margin: .15rem 0; }
        aside ol { padding-left: 1.6rem; margin: 0; }
        aside ol li { margin: .45rem 0; }
        aside a.e { padding: .05em .3em; border-radius: .3em; color: inherit; text-decoration: none; font-weight: 600; }
        .swatch { padding: .05em .35em; border-radius: .3em; font-size: .8em; font-weight: 600; }
        .n { color: #777; font-size: .9em; }
        .hint, .summary { color: #555; }
        .spellings { color: #444; overflow-wrap: anywhere; }
        code { font-size: .85em; color: #555; overflow-wrap: anywhere; }
        @media (max-width: 60rem) { body { display: block; } aside { position: static; max-height: none; border: 0; } }

        """
        for label in EntityLabel.allCases {
            let n = label.name
            css += ".e-\(n) { background: \(colours[Int(label.rawValue)]); }\n"
            css += "body:has(#show-\(n):not(:checked)) mark.e-\(n) { background: none; padding: 0; }\n"
            css += "body:has(#show-\(n):not(:checked)) mark.e-\(n)::after { content: none; }\n"
        }
        return css
    }()
}
