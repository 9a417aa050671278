import GazetteCore

/// One name normalized: its romanization, its key and, when a lexicon entity
/// matches, that entity. What `gazette normalize` prints per input.
public struct NormalizedName: Sendable, Hashable {
    public var input: String
    /// The matched entity's kb_id, or nil for an unknown name.
    public var kbID: String?
    public var canonical: String?
    public var label: EntityLabel?
    /// 1 for an exact alias, less for a variant (see ``NameIndex``); nil when unknown.
    public var score: Double?
    /// The name romanized by the requested scheme (see ``Romanizer``).
    public var latin: String
    /// The spelling-invariant key (``NameKey/key``) of the name, or of the
    /// nominative that matched.
    public var key: String
    /// The comparison form behind the key.
    public var form: String
}

/// A group of input names that denote the same name (`gazette normalize --cluster`).
public struct NameCluster: Sendable, Hashable {
    /// The names, in input order.
    public var names: [String]
    public var key: String
    public var kbID: String?
}

/// Normalizes names against a ``NameIndex``: romanization, key, and the
/// linked entity. Owns a ``Romanizer`` (ICU), so it is not thread-safe: one
/// per worker.
public final class NameNormalizer {
    public let index: NameIndex
    public let romanizer: Romanizer
    private var buffers = NameKeyer.Buffers()

    public init(index: NameIndex) {
        self.index = index
        self.romanizer = Romanizer(rules: index.rules)
    }

    /// Normalizes one name.
    ///
    /// - Parameters:
    ///   - scheme: the romanization scheme for ``NormalizedName/latin`` (nil: the
    ///     language's default, `uk-2010` for Ukrainian and `ru-press` for Russian).
    ///   - evidence: what supports a link besides the spelling (a label, the
    ///     entities of the surrounding document); near misses need it.
    /// - Throws: a ``DataFileError`` when a scheme's rule file does not compile.
    public func normalize(_ name: String, scheme: String? = nil, evidence: NameEvidence = .none) throws -> NormalizedName {
        let trimmed = name.trimmingASCIISpaces
        let latin = try romanizer.romanize(trimmed, scheme: scheme)
        if let m = index.match(trimmed, evidence: evidence, buffers: &buffers) {
            let e = index.entity(m.entity)
            let k = index.rules.keyer.key(m.matched)
            // The key of the reading that matched (exact matches by letters carry none).
            return NormalizedName(input: name, kbID: e.kbID, canonical: e.canonical, label: e.label,
                                  score: (m.score * 1000).rounded() / 1000, latin: latin, key: m.key.isEmpty ? k.key : m.key, form: k.form)
        }
        let lemma = LanguageDetector.hasCyrillic(trimmed) ? index.rules.lemmatizer.lemma(trimmed) : trimmed
        let k = index.rules.keyer.key(lemma)
        return NormalizedName(input: name, kbID: nil, canonical: nil, label: nil, score: nil, latin: latin, key: k.key, form: k.form)
    }

    /// Groups names that denote the same name: names linked to one entity go
    /// together; unknown names go together when they share a key and their
    /// forms score at least 0.8 (word endings strict, as for people: Ivanov and
    /// Ivanova stay apart). Every name is in exactly one group; groups come in
    /// the order of their first name.
    public func cluster(_ names: [String], scheme: String? = nil) throws -> [NameCluster] {
        let normalized = try names.map { try normalize($0, scheme: scheme) }
        // Union-find over the inputs.
        var parent = Array(names.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        func union(_ a: Int, _ b: Int) {
            let ra = find(a), rb = find(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var byEntity: [String: Int] = [:]
        var byKey: [String: [Int]] = [:]
        for (i, n) in normalized.enumerated() {
            if let id = n.kbID {
                if let j = byEntity[id] { union(i, j) } else { byEntity[id] = i }
            } else if !n.key.isEmpty {
                for j in byKey[n.key, default: []] where NameSimilarity.score(n.form, normalized[j].form, costs: index.rules.keyer.costs, strictEndings: true) >= 0.8 { union(i, j) }
                byKey[n.key, default: []].append(i)
            }
        }
        var order: [Int] = []
        var members: [Int: [Int]] = [:]
        for i in names.indices {
            let r = find(i)
            if members[r] == nil { order.append(r) }
            members[r, default: []].append(i)
        }
        return order.map { r in
            let m = members[r]!
            return NameCluster(names: m.map { names[$0] }, key: normalized[m[0]].key, kbID: normalized[m[0]].kbID)
        }
    }
}
