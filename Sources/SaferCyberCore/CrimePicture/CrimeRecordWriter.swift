/// A row waiting to be written: its values, and where its reference and MO text sit in the batch's arena.
struct PendingCrime {
    var line: Int
    var record: StoredCrime
    var day: Int
    var onlineFlag: Int
    var themeRule: Int
    var classRule: Int
    var referenceStart: Int
    var referenceLength: Int
    var moStart: Int
    var moLength: Int
    var referenceHash: UInt64
    /// The local authority's number for the counts (0 outside the loaded geography).
    var area: Int
}

/// Where an import's rows go. Called from the importer's own thread, inside the import's transaction.
protocol CrimeRecordWriter: AnyObject {
    /// The stored records for these rows' references, by index into `rows`.
    func existing(_ rows: [PendingCrime], arena: UnsafeBufferPointer<UInt8>, only: [Int]) throws -> [Int: StoredCrime]
    /// Inserts new rows and overwrites changed ones. With `insertOnly` (the partnership had no records when
    /// the import began, so every row should be new) a reference that is already stored is refused instead:
    /// returns the indices of rows refused that way, which are repeats within the file.
    func write(_ rows: [PendingCrime], indices: [Int], arena: UnsafeBufferPointer<UInt8>, insertOnly: Bool) throws
        -> [Int]
    /// Adds the import's tallies (packed `CrimeCountKey`s, ascending) to `crime_counts` and drops cells that reach zero.
    func applyCounts(_ counts: [(UInt64, Int)]) throws
}

enum CrimeSQL {
    static let recordColumns = [
        "source_key", "reference", "month", "day", "offence", "online_flag", "age_band", "victim_type",
        "repeat_victim", "lsoa", "outcome", "mo", "theme", "cyber", "basis", "theme_rule", "class_rule",
        "content_hash", "import_number",
    ]

    static var upsertAssignments: String {
        recordColumns.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
    }

    static let storedColumns =
        "reference, content_hash, import_number, month, offence, age_band, victim_type, repeat_victim, lsoa, outcome, theme, cyber, basis"

    static let countColumns = "source_key, dim, month, theme, cyber, area, value, n"
    static let countConflict =
        "ON CONFLICT (source_key, dim, month, theme, cyber, area, value) DO UPDATE SET n = crime_counts.n + excluded.n"
}
