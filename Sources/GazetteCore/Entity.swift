/// One entity mention in a document.
///
/// Offsets are UTF-8 byte offsets into the document text, end exclusive; an
/// ``OffsetConverter`` turns them into code points or UTF-16 units for output.
public struct Entity: Sendable, Hashable {
    /// First byte of the mention.
    public var start: Int
    /// One past the last byte of the mention.
    public var end: Int
    public var label: EntityLabel
    /// A finer domain class: `military_unit`, `armed_group`, `weapon`, `media_outlet`, ...
    public var subtype: String?
    /// The linked entity's id (`person/vyacheslav-gladkov`), or a document-local id
    /// (`local/...`) for an unknown entity mentioned more than once; nil when unlinked.
    public var kbID: String?
    /// The linked entity's canonical name.
    public var canonical: String?
    /// A normalized value: ISO 8601 for DATE (`2023-05-22`, `2023-05`, `2023`) where
    /// the text and the document date allow; nil otherwise.
    public var value: String?
    public var source: EntitySource
    /// Priority used when candidates overlap: higher wins among equally long ones.
    public var priority: Int16

    /// The mention's length in bytes.
    @inlinable public var length: Int { end - start }

    /// True when the two mentions share at least one byte.
    @inlinable public func overlaps(_ other: Entity) -> Bool { start < other.end && other.start < end }
}

extension Entity {
    // In an extension, so that the struct keeps its implicit memberwise
    // initializer: made through it, an entity appended to an array is moved
    // there. Built field by field in an initializer of its own, it was copied
    // and the original destroyed, four strings retained and released again.
    public init(start: Int, end: Int, label: EntityLabel, subtype: String? = nil, kbID: String? = nil,
                canonical: String? = nil, source: EntitySource, priority: Int16 = 0) {
        self.init(start: start, end: end, label: label, subtype: subtype, kbID: kbID, canonical: canonical, value: nil,
                  source: source, priority: priority)
    }
}
