// Lexicon loader harness: the input is a TSV lexicon file, optionally followed
// by a record separator (0x1E) and a cue-word (context.txt) file. Loading never
// traps, whatever the bytes; the lexicon it builds matches the input's own text,
// and survives a round trip through its compiled form unchanged.
import FuzzSupport
import Gazette

let dir = scratchDirectory("lexicon")
let tsvPath = dir + "/fuzz.tsv", contextPath = dir + "/context.txt", compiledPath = dir + "/fuzz.gzlex"
let tokenizer = try! Tokenizer()
var tokens = TokenizedText()
var ids: [Int32] = [], matches: [LexiconMatch] = [], again: [LexiconMatch] = []

runFuzzer { data in
    let split = data.firstIndex(of: 0x1E)
    writeFile(tsvPath, Array(data[..<(split ?? data.endIndex)]))
    var builder = LexiconBuilder()
    builder.loadFile(tsvPath)
    if let split {
        writeFile(contextPath, Array(data[(split + 1)...]))
        builder.loadContextFile(contextPath)
    }
    for d in builder.diagnostics { check(d.line >= 0, "diagnostic with a negative line: \(d)") }
    guard let lexicon = try? builder.build(tokenizer: tokenizer) else { return }
    let text = String(decoding: data, as: UTF8.self)
    guard (try? tokenizer.tokenize(text, into: &tokens)) != nil else { return }
    matches.removeAll()
    lexicon.match(tokens, ids: &ids, into: &matches)
    for m in matches {
        check(m.firstToken >= 0 && m.firstToken < m.endToken && Int(m.endToken) <= tokens.tokens.count,
              "match \(m.firstToken)..<\(m.endToken) outside \(tokens.tokens.count) tokens")
        check(m.entity >= 0 && Int(m.entity) < lexicon.entities.count, "match names entity \(m.entity) of \(lexicon.entities.count)")
    }
    do {
        try lexicon.write(to: compiledPath, key: 42, diagnostics: builder.diagnostics)
        let (reread, _) = try Lexicon.read(from: compiledPath, key: 42)
        again.removeAll()
        reread.match(tokens, ids: &ids, into: &again)
        check(again == matches, "the compiled lexicon matches differently from the one it was written from")
    } catch {
        check(false, "compiled round trip failed: \(error)")
    }
}
