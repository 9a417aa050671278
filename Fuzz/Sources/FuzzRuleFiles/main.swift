// Rule-file harness: any bytes as a rule file (Lexicons/rules/*.rules, the
// declarative token-pattern language of Sources/Rules/RuleLanguage.swift),
// compiled against the bundled word lists and run over a fixed news text.
// Nothing traps; every diagnostic names a line and has an RUL or LEX code;
// every candidate lies inside the text.
import FuzzSupport
import Glibc
import Gazette

setenv("GAZETTE_CACHE", scratchDirectory("cache"), 1)
let dir = scratchDirectory("rule-files")
let resources = try! Resources()
let tokenizer = try! Tokenizer(abbreviations: resources.words.entries[.abbreviations] ?? [])
let sample = try! tokenizer.tokenize("""
    KYIV, Ukraine — Governor Oleh Syniehubov said on Monday that the 92nd Assault Brigade \
    had pushed back near Kupiansk. "We are holding," Syniehubov, 41, told the Kyiv Independent. \
    Halvorsen, who chairs the Nordic Council, met Alice Brandt and officials of the Ministry \
    of Defence in Berlin, Kharkiv Oblast and the village of Pisky on 12 March 2024 at 9:30.
    """)
var ids: [Int32] = [], matches: [LexiconMatch] = [], hits: [WordHit] = []
resources.lexicon.match(sample, ids: &ids, into: &matches)
resources.words.find(in: sample, ids: &ids, hits: &hits)
let scratch = RuleScratch()

runFuzzer { data in
    unlink(dir + "/fuzz.rules")
    writeFile(dir + "/fuzz.rules", data)
    let rules = RuleSet(directories: [dir], words: resources.words, tokenizer: tokenizer)
    for d in rules.diagnostics {
        check(d.line >= 0 && (d.code.hasPrefix("RUL") || d.code.hasPrefix("LEX")), "diagnostic \(d)")
    }
    let context = RuleContext(text: sample, lexicon: resources.lexicon, words: resources.words, hits: hits, matches: matches,
                              facts: resources.facts, scratch: scratch)
    var out: [Entity] = []
    RuleFileRecognizer(rules).recognize(context, into: &out)
    for e in out {
        check(e.start >= 0 && e.start < e.end && e.end <= sample.bytes.count, "candidate \(e.start)..<\(e.end) outside the text")
    }
}
