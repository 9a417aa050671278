import ArgumentParser
import Foundation
import Gazette

struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Romanize names, compute their spelling-invariant keys and link them to lexicon entities.",
        discussion: """
        Prints one JSON line per NAME (or per stdin line when no NAME is given): \
        {"input", "kb_id", "canonical", "label", "score", "latin", "key"}; kb_id, canonical, label and \
        score are null for unknown names. Inflected Ukrainian and Russian names are matched in the \
        nominative (Зеленського → Зеленський). --cluster instead groups the names that denote the same \
        name: {"names": [...], "key", "kb_id"}, every input in exactly one group.
        """
    )

    @Argument(help: ArgumentHelp("Names to normalize; none reads one name per stdin line.", valueName: "NAME"))
    var names: [String] = []

    @Option(help: ArgumentHelp("Romanization scheme for \"latin\" (see --list-schemes); default: uk-2010 for Ukrainian, ru-press for Russian.", valueName: "NAME"))
    var scheme: String?

    @Option(help: ArgumentHelp("The label the names were found with (PERSON, GPE, ORG, ...): a match must agree, and near misses count.", valueName: "LABEL"))
    var label: String?

    @Flag(name: .customLong("list-schemes"), help: "List the romanization schemes and exit.")
    var listSchemes = false

    @Flag(help: "Group the names into variants of the same name, one JSON line per group.")
    var cluster = false

    @Flag(help: "Print load times and throughput to stderr.")
    var stats = false

    @OptionGroup var lexicons: LexiconOptions

    func validate() throws {
        if let label, EntityLabel(name: label) == nil { throw ValidationError("unknown label '\(label)'") }
    }

    func run() throws {
        if listSchemes {
            // The schemes are data (Lexicons/transliteration/schemes.txt): no lexicon needed.
            let dirs = (Resources.bundledLexiconDirectory().map { [$0] } ?? []) + lexicons.directories
            let rules = NameRules.load(lexiconDirectories: dirs)
            for d in rules.diagnostics { Diagnostics.warn("\(d)") }
            for name in rules.schemeNames {
                let entries = rules.schemes.filter { $0.scheme == name }
                let langs = entries.map { $0.language.rawValue + ($0.isDefault ? "*" : "") }.joined(separator: ",")
                print("\(name)\t\(langs)\t\(entries.first?.description ?? "")")
            }
            return
        }
        let loadStart = DispatchTime.now()
        let resources = try lexicons.load()
        let loaded = DispatchTime.now()
        if stats {
            Diagnostics.note(String(format: "loaded lexicons and name index (%d aliases, %@) in %.3f s",
                                    resources.names.count, "\(resources.namesOutcome)", seconds(loadStart, loaded)))
        }
        let rules = resources.names.rules
        if let scheme, !rules.schemeNames.contains(scheme) {
            throw ValidationError("unknown scheme '\(scheme)'; one of: \(rules.schemeNames.joined(separator: ", "))")
        }
        let normalizer = NameNormalizer(index: resources.names)
        let evidence = NameEvidence(label: label.flatMap { EntityLabel(name: $0) })
        let sink = try ByteSink(path: nil)
        var inputs = names
        if inputs.isEmpty {
            while let line = Swift.readLine(strippingNewline: true) {
                let name = line.hasSuffix("\r") ? String(line.dropLast()) : line
                if !name.trimmingCharacters(in: .whitespaces).isEmpty { inputs.append(name) }
            }
        }
        var out: [UInt8] = []
        let workStart = DispatchTime.now(), workCPU = cpuSeconds()
        defer {
            if stats {
                let t = seconds(workStart, DispatchTime.now()), c = cpuSeconds() - workCPU
                Diagnostics.note(String(format: "%d names in %.3f s (%.3f s CPU): %.0f names/s", inputs.count, t, c,
                                        Double(inputs.count) / max(t, 1e-9)))
            }
        }
        if cluster {
            for group in try normalizer.cluster(inputs, scheme: scheme) {
                out.removeAll(keepingCapacity: true)
                JSONWriter.append("{\"names\":[", to: &out)
                for (i, n) in group.names.enumerated() {
                    if i > 0 { out.append(0x2C) }
                    JSONWriter.appendString(n, to: &out)
                }
                JSONWriter.append("],\"key\":", to: &out)
                JSONWriter.appendString(group.key, to: &out)
                JSONWriter.append(",\"kb_id\":", to: &out)
                appendOptional(group.kbID, to: &out)
                JSONWriter.append("}\n", to: &out)
                sink.write(out)
            }
            sink.flush()
            return
        }
        for name in inputs {
            let n = try normalizer.normalize(name, scheme: scheme, evidence: evidence)
            out.removeAll(keepingCapacity: true)
            JSONWriter.append("{\"input\":", to: &out)
            JSONWriter.appendString(n.input, to: &out)
            JSONWriter.append(",\"kb_id\":", to: &out)
            appendOptional(n.kbID, to: &out)
            JSONWriter.append(",\"canonical\":", to: &out)
            appendOptional(n.canonical, to: &out)
            JSONWriter.append(",\"label\":", to: &out)
            appendOptional(n.label?.name, to: &out)
            JSONWriter.append(",\"score\":", to: &out)
            if let s = n.score { out.append(contentsOf: Array(String(s).utf8)) } else { JSONWriter.append("null", to: &out) }
            JSONWriter.append(",\"latin\":", to: &out)
            JSONWriter.appendString(n.latin, to: &out)
            JSONWriter.append(",\"key\":", to: &out)
            JSONWriter.appendString(n.key, to: &out)
            JSONWriter.append("}\n", to: &out)
            sink.write(out)
        }
        sink.flush()
    }

    /// CPU time of the whole process, all threads.
    private func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    private func seconds(_ a: DispatchTime, _ b: DispatchTime) -> Double {
        Double(b.uptimeNanoseconds - a.uptimeNanoseconds) / 1e9
    }

    private func appendOptional(_ s: String?, to out: inout [UInt8]) {
        if let s { JSONWriter.appendString(s, to: &out) } else { JSONWriter.append("null", to: &out) }
    }
}
