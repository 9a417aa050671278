// Rule loader harness: the rule stage's word lists (Lexicons/rules/*.txt,
// Sources/Rules/WordLists.swift). The first input byte picks which list file
// the rest becomes; loading never traps, the compiled lists find their hits
// inside the text (the input itself) without trapping, and the lists written
// to their file beside the compiled lexicon and read back find the same hits.
import FuzzSupport
import Glibc
import Gazette

let dir = scratchDirectory("rules")
let tokenizer = try! Tokenizer()
let files = WordList.allCases.map(\.fileName) + ["surname_suffixes.txt"]
var tokens = TokenizedText()
var ids: [Int32] = [], hits: [WordHit] = [], again: [WordHit] = []
let compiledPath = dir + "/fuzz.words"

runFuzzer { data in
    guard let first = data.first else { return }
    let name = files[Int(first) % files.count]
    let body = Array(data.dropFirst())
    for f in files { unlink(dir + "/" + f) }
    writeFile(dir + "/" + name, body)
    guard let lists = try? WordLists(directories: [dir], tokenizer: tokenizer) else { return }
    for d in lists.diagnostics { check(d.line >= 0, "diagnostic with a negative line: \(d)") }
    // Abbreviation lists feed the tokenizer itself.
    if let abbreviations = lists.entries[.abbreviations], let t = try? Tokenizer(abbreviations: abbreviations) {
        _ = try? t.tokenize(String(decoding: body, as: UTF8.self), into: &tokens)
    }
    guard (try? tokenizer.tokenize(String(decoding: body, as: UTF8.self), into: &tokens)) != nil else { return }
    hits.removeAll()
    lists.find(in: tokens, ids: &ids, hits: &hits)
    for h in hits {
        check(h.start >= 0 && h.start < h.end && Int(h.end) <= tokens.tokens.count, "hit \(h.start)..<\(h.end) outside the tokens")
        check(h.value < Int32(lists.values.count), "hit value \(h.value) of \(lists.values.count)")
    }
    unlink(compiledPath)
    guard (try? WordLists.cached(directories: [dir], tokenizer: tokenizer, people: [], path: compiledPath, key: 42)) != nil,
          let reread = try? WordLists.cached(directories: [dir], tokenizer: tokenizer, people: [], path: compiledPath, key: 42) else {
        check(false, "word lists that load directly do not load through their compiled file")
        return
    }
    check(reread.outcome == .hit, "compiled word lists not read back: \(reread.outcome)")
    check(reread.lists.entries == lists.entries && reread.lists.values == lists.values
          && reread.lists.diagnostics == lists.diagnostics, "compiled word lists differ from the lists they were written from")
    again.removeAll()
    reread.lists.find(in: tokens, ids: &ids, hits: &again)
    check(again == hits, "compiled word lists find other hits")
}
