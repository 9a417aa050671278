import GazetteCore

/// Links the mentions of one document that no lexicon alias matched, by name
/// key (``NameIndex``): "Zelenskyj", "Timoschenko", "Зеленського" take their
/// entity's kb_id; a near miss ("Zelenksy") takes it when the entity is
/// already named in the document or a title introduces the name. Unknown
/// names spelled in several ways in one document ("Fabrice Pothier",
/// "Fabrice Potier") are given one canonical name, so that they share one
/// local id.
///
/// One per worker: it reuses buffers across documents. Work is per mention,
/// never per token.
public struct VariantLinker {
    public let index: NameIndex
    private var buffers = NameKeyer.Buffers()
    /// The lexicon entities the document names, sorted (see ``NameEvidence/entitiesSorted``).
    private var documentEntities: [Int32] = []
    private var keyed: [(UInt64, Int)] = []
    /// Names (with their label) that match nothing whatever the document's
    /// evidence: most unknown names recur across documents ("3rd brigade").
    private var unmatchable = NameMemo()
    /// Whether ``unmatchable`` is consulted and filled (off only to test that
    /// it changes nothing).
    public var remembersUnmatchable = true
    /// The grouping hash of unknown names' keys, by their exact bytes: keying a
    /// name applies every rewrite rule, and unknown names recur across documents.
    private var keyHashes = KeyHashMemo()
    /// Whether ``keyHashes`` is used (off only to test that it changes nothing).
    public var remembersKeys = true

    public init(index: NameIndex) {
        self.index = index
    }

    /// Links `entities` (sorted by start, as the resolver leaves them) in place.
    ///
    /// - Parameters:
    ///   - bytes: the document's UTF-8 text, which entity offsets index.
    ///   - contextualPriority: people found at or above this priority were found
    ///     through context (a title before the name), which counts as evidence.
    public mutating func link(_ entities: inout [Entity], bytes: [UInt8], contextualPriority: Int16) {
        guard index.count > 0 else { return }
        // Most documents have no mention to link or group: nothing to prepare.
        var open = 0, unnamed = 0
        for k in entities.indices where Self.linkable(entities[k].source, entities[k].label) && entities[k].kbID == nil {
            open += 1
            if entities[k].canonical == nil { unnamed += 1 }
        }
        guard open > 0 else { return }
        // The entities named in the document are evidence for weaker matches
        // (collected when a name first needs them).
        var collected = false
        // Full names first, so that surnames aliased to them follow.
        var linkedCanonical: [String: (kbID: String, canonical: String, label: EntityLabel)] = [:]
        for pass in 0..<2 {
            for k in entities.indices {
                guard Self.linkable(entities[k].source, entities[k].label), entities[k].kbID == nil,
                      (entities[k].canonical != nil) == (pass == 1) else { continue }
                let e = entities[k]
                if let c = e.canonical, let hit = linkedCanonical[c] {
                    set(&entities[k], hit.kbID, hit.canonical, hit.label)
                    continue
                }
                if remembersUnmatchable {
                    let known: Bool
                    if var c = e.canonical {
                        known = c.withUTF8 { unmatchable.contains($0, e.label) }
                    } else {
                        known = bytes.withUnsafeBufferPointer { unmatchable.contains(UnsafeBufferPointer(rebasing: $0[e.start..<e.end]), e.label) }
                    }
                    if known { continue }
                }
                let name = e.canonical ?? String(decoding: bytes[e.start..<e.end], as: UTF8.self)
                guard !Self.isAcronym(name) else { continue }
                if remembersUnmatchable && index.match(name, evidence: .most(label: e.label), buffers: &buffers) == nil {
                    var n = name
                    n.withUTF8 { unmatchable.insert($0, e.label) }
                    continue
                }
                if !collected {
                    collected = true
                    documentEntities.removeAll(keepingCapacity: true)
                    for d in entities.indices {
                        if let id = entities[d].kbID, let i = index.entityIndex(kbID: id) { documentEntities.append(i) }
                    }
                    documentEntities.sort()
                }
                // A title before a person's name is evidence; an organization's head word is not.
                let context = e.label == .person && e.priority >= contextualPriority
                var evidence = NameEvidence(label: e.label, documentEntities: documentEntities, context: context)
                evidence.entitiesSorted = true
                guard let m = index.match(name, evidence: evidence, buffers: &buffers) else { continue }
                let target = index.entity(m.entity)
                set(&entities[k], target.kbID, target.canonical, target.label)
                linkedCanonical[name] = (target.kbID, target.canonical, target.label)
                documentEntities.insert(m.entity, at: lowerBound(documentEntities.count) { documentEntities[$0] < m.entity })
            }
        }
        if unnamed > 1 { groupUnknownVariants(&entities, bytes) }
    }

    private func set(_ e: inout Entity, _ kbID: String, _ canonical: String, _ label: EntityLabel) {
        e.kbID = kbID
        e.canonical = canonical
        // Places keep the lexicon's finer place label (GPE, LOC, FAC).
        if e.label.isPlace && label.isPlace { e.label = label }
        if e.source == .rule { e.source = .normalization }
    }

    /// Whether a mention from `source` with `label` is one to link (fields
    /// rather than the entity: testing them copies none of its strings).
    @inline(__always)
    static func linkable(_ source: EntitySource, _ label: EntityLabel) -> Bool {
        guard source != .pattern && source != .lexicon else { return false }
        return label == .person || label == .org || label.isPlace
    }

    /// Short all-capitals names are acronyms: their letters are not a spelling.
    static func isAcronym(_ name: String) -> Bool {
        // ASCII names (most) without Unicode property look-ups.
        var letters = 0
        var ascii = true
        for b in name.utf8 {
            if b >= 0x80 { ascii = false; break }
            let l = b | 0x20
            guard l >= 0x61 && l <= 0x7A else { continue }
            letters += 1
            if b >= 0x61 || letters > 5 { return false }
        }
        if ascii { return true }
        letters = 0
        for s in name.unicodeScalars where s.properties.isAlphabetic {
            letters += 1
            if s.properties.isLowercase || letters > 5 { return false }
        }
        return true
    }

    /// Unknown names of one document that share a key and are spelled alike
    /// take the longest spelling as their canonical name.
    private mutating func groupUnknownVariants(_ entities: inout [Entity], _ bytes: [UInt8]) {
        // (hash of label class and key, entity index); most documents have no pair.
        keyed.removeAll(keepingCapacity: true)
        for k in entities.indices {
            let e = entities[k]
            guard e.kbID == nil, e.canonical == nil, Self.linkable(e.source, e.label) else { continue }
            let found = bytes.withUnsafeBufferPointer { b -> UInt64? in
                let name = UnsafeBufferPointer(rebasing: b[e.start..<e.end])
                if remembersKeys, let known = keyHashes.find(name) { return known }
                index.rules.keyer.key(name, into: &buffers)
                // A name with no key, or one of letters the keyer leaves alone, joins no group.
                let hash = buffers.key.isEmpty || buffers.key.allSatisfy({ $0 >= 0x80 }) ? nil : NameIndex.hash(buffers.key)
                if remembersKeys { keyHashes.insert(name, hash) }
                return hash
            }
            guard let hash = found else { continue }
            let labelClass: UInt64 = e.label.isPlace ? 1 : UInt64(e.label.rawValue) + 2
            keyed.append((hash &+ labelClass &* 0x9E37_79B9_7F4A_7C15, k))
        }
        guard keyed.count > 1 else { return }
        keyed.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var i = 0
        while i < keyed.count {
            var j = i + 1
            while j < keyed.count && keyed[j].0 == keyed[i].0 { j += 1 }
            if j - i > 1 { group(keyed[i..<j].map(\.1), &entities, bytes) }
            i = j
        }
    }

    private mutating func group(_ members: [Int], _ entities: inout [Entity], _ bytes: [UInt8]) {
        let surfaces = members.map { String(decoding: bytes[entities[$0].start..<entities[$0].end], as: UTF8.self) }
        guard Set(surfaces).count > 1, !surfaces.contains(where: Self.isAcronym) else { return }
        let keyer = index.rules.keyer
        let forms = surfaces.map { keyer.key($0).form }
        // The longest spelling, the first of equally long ones, names the group.
        var rep = 0
        for i in members.indices where surfaces[i].count > surfaces[rep].count { rep = i }
        for (i, k) in members.enumerated()
        where NameSimilarity.score(forms[i], forms[rep], costs: keyer.costs, strictEndings: entities[k].label == .person) >= 0.8 {
            entities[k].canonical = surfaces[rep]
            if i != rep && entities[k].source == .rule { entities[k].source = .normalization }
        }
    }
}

/// The bound the linker's name memos share: at most `capacity` names and
/// `arenaCapacity` bytes of them, after which a memo is emptied and refills.
struct MemoBudget {
    static let capacity = 4096
    static let arenaCapacity = 1 << 18
    private var count = 0
    private var bytes = 0

    /// Counts a new name of `length` bytes; true when the memo must be emptied
    /// before it takes the name.
    mutating func admit(_ length: Int) -> Bool {
        let full = count >= Self.capacity || bytes + length > Self.arenaCapacity
        if full { (count, bytes) = (0, 0) }
        count += 1
        bytes += length
        return full
    }
}

/// A set of (name, label) pairs by the name's exact bytes, bounded by a
/// ``MemoBudget``. One byte-string table per label.
struct NameMemo {
    private var tables = NameMemo.empty
    private var budget = MemoBudget()

    static let capacity = MemoBudget.capacity
    private static let empty = [ByteStringTable](repeating: ByteStringTable(), count: EntityLabel.allCases.count)

    func contains(_ name: UnsafeBufferPointer<UInt8>, _ label: EntityLabel) -> Bool {
        tables[Int(label.rawValue)].id(of: name) >= 0
    }

    mutating func insert(_ name: UnsafeBufferPointer<UInt8>, _ label: EntityLabel) {
        guard !contains(name, label) else { return }
        if budget.admit(name.count) { tables = Self.empty }
        tables[Int(label.rawValue)].insert(name)
    }
}

/// Names' grouping hashes (nil: the name joins no group) by the names' exact
/// bytes, bounded by a ``MemoBudget``.
struct KeyHashMemo {
    private var table = ByteStringTable()
    private var hashes: [UInt64?] = []
    private var budget = MemoBudget()

    /// `.some(hash)` for a name seen before, nil for one not seen.
    func find(_ name: UnsafeBufferPointer<UInt8>) -> UInt64?? {
        let id = table.id(of: name)
        return id < 0 ? nil : .some(hashes[Int(id)])
    }

    /// Remembers the hash of a name ``find(_:)`` did not find.
    mutating func insert(_ name: UnsafeBufferPointer<UInt8>, _ hash: UInt64?) {
        if budget.admit(name.count) {
            table = ByteStringTable()
            hashes.removeAll(keepingCapacity: true)
        }
        table.insert(name)
        hashes.append(hash)
    }
}
