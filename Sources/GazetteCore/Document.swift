/// A document to tag: an id, its text, and whatever else its JSONL line carried.
public struct Document: Sendable {
    /// The document id: the relative path for a `.txt` file, the `id` field of a JSONL line.
    public var id: String
    /// The text, valid Unicode. Invalid UTF-8 in the input has been replaced with U+FFFD.
    public var text: String
    /// Other keys of the JSONL input line, carried to the output's `meta` untouched,
    /// as one raw JSON object (`{"url": "...", "date": "..."}`), or nil.
    public var metaJSON: String?

    public init(id: String, text: String, metaJSON: String? = nil) {
        self.id = id
        self.text = text
        self.metaJSON = metaJSON
    }
}

/// What the pipeline returns for one document.
public struct TaggedDocument: Sendable {
    public var document: Document
    /// Entities in text order, non-overlapping.
    public var entities: [Entity]

    public init(document: Document, entities: [Entity]) {
        self.document = document
        self.entities = entities
    }
}
