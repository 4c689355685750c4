import Foundation

/// One pass over a file: parse, validate, classify, tally and hand rows to the writer in batches.
/// Runs on its own thread (it is CPU-bound for seconds); everything it touches belongs to this import.
final class CrimeImportPass: @unchecked Sendable {
    static let batchSize = 2048
    static let rejectionLimit = 100_000

    private let writer: any CrimeRecordWriter
    private let classifier: CrimeClassifier
    private let dictionary: CrimeDictionary
    private let laCodeOfLSOA: [String]
    private var areaOfLSOA: [Int]
    private let importNumber: Int
    private let hasExisting: Bool
    private let referenceColumn: String

    /// Tallies: -1s for the old versions of corrected records (this thread), +1s for rows written (writer thread).
    private var counts = UInt64Table(capacity: 1 << 16)
    private var writtenCounts = UInt64Table(capacity: 1 << 16)
    private(set) var rejections: [CrimeRejection] = []
    private(set) var rejectedRows = 0
    private(set) var rowsRead = 0
    private(set) var inserted = 0
    private(set) var updated = 0
    private(set) var unchanged = 0
    private(set) var stoppedEarly = false
    /// The first and last month (yyyymm) of the rows accepted: the months the file covers.
    private(set) var firstMonth = Int.max
    private(set) var lastMonth = 0
    /// Rows accepted per month (yyyymm), so that a few stray dates do not make a file "cover" years
    /// (`CrimeCoverage.span`). Rows usually come in date order: counted in a run, stored when the month changes.
    private var monthCountsSoFar: [Int: Int] = [:]
    private var runMonth = 0
    private var runCount = 0
    var monthCounts: [Int: Int] {
        var counts = monthCountsSoFar
        if runCount > 0 { counts[runMonth, default: 0] += runCount }
        return counts
    }

    private var offenceBits: [UInt64?] = []
    /// Rows the writer refused because their reference was already written by this import.
    private var repeatedRows: [(line: Int, reference: String)] = []
    private var blankReferenceOccurrences: [UInt64: Int] = [:]
    private var arena: [UInt8] = []
    private var batch: [PendingCrime] = []
    /// Rows are written on a second thread while the next batch is parsed: at most one batch in flight.
    private let writeQueue = DispatchQueue(label: "crime-import-writer")
    private let writeSlot = DispatchSemaphore(value: 1)
    private var writeError: (any Error)?

    init(
        writer: any CrimeRecordWriter, classifier: CrimeClassifier, dictionary: CrimeDictionary, laCodeOfLSOA: [String],
        importNumber: Int, hasExisting: Bool, referenceColumn: String
    ) {
        self.writer = writer
        self.classifier = classifier
        self.dictionary = dictionary
        self.laCodeOfLSOA = laCodeOfLSOA
        self.areaOfLSOA = Array(repeating: -1, count: laCodeOfLSOA.count)
        self.importNumber = importNumber
        self.hasExisting = hasExisting
        self.referenceColumn = referenceColumn
        arena.reserveCapacity(1 << 20)
        batch.reserveCapacity(Self.batchSize)
    }

    func run<S>(reader: inout CSVReader<S>, parser: inout CrimeRowParser, progress: (Int, Int) -> Void) throws {
        var problems: [CrimeRejection] = []
        let referenceIndex = parser.columns[.reference]
        let moIndex = parser.columns[.modusOperandi]
        while try reader.next() {
            rowsRead += 1
            if rowsRead & 0x3FFF == 0 { progress(reader.bytesRead, rowsRead) }
            problems.removeAll(keepingCapacity: true)
            guard let parsed = parser.parse(reader, problems: &problems) else {
                reject(problems)
                if rejections.count >= Self.rejectionLimit {
                    stoppedEarly = true
                    break
                }
                continue
            }
            stage(parsed, reader: reader, referenceIndex: referenceIndex, moIndex: moIndex)
            if batch.count == Self.batchSize { try flush() }
        }
        try flush()
        try waitForWrites()
        for repeated in repeatedRows { rejectRepeat(line: repeated.line, reference: repeated.reference) }
        inserted -= repeatedRows.count
        progress(reader.bytesRead, rowsRead)
    }

    private func rejectRepeat(line: Int, reference: String) {
        reject([
            CrimeRejection(
                line: line, column: referenceColumn, value: reference,
                reason: "This crime reference appears more than once in the file. Each record must appear once.")
        ])
    }

    /// Every tally of the import, ascending by key. Call after `run`.
    func countChanges() -> [(UInt64, Int)] {
        var merged = counts
        for (key, delta) in writtenCounts.sortedNonZero() { merged.add(key, delta) }
        return merged.sortedNonZero()
    }

    /// Blocks until the batch in flight is written; rethrows its error.
    private func waitForWrites() throws {
        writeSlot.wait()
        let error = writeError
        writeSlot.signal()
        if let error { throw error }
    }

    private func reject(_ problems: [CrimeRejection]) {
        rejectedRows += 1
        rejections.append(contentsOf: problems)
    }

    /// Classifies a valid row and copies its text into the batch arena.
    private func stage<S>(_ parsed: ParsedCrime, reader: borrowing CSVReader<S>, referenceIndex: Int?, moIndex: Int?) {
        firstMonth = min(firstMonth, parsed.month)
        lastMonth = max(lastMonth, parsed.month)
        if parsed.month != runMonth {
            if runCount > 0 { monthCountsSoFar[runMonth, default: 0] += runCount }
            runMonth = parsed.month
            runCount = 0
        }
        runCount += 1
        var mo = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        if let moIndex { mo = reader.field(moIndex) }
        let moStart = arena.count
        arena.append(contentsOf: mo)
        let result = classifier.classify(offenceBits: bits(forOffence: parsed.offence), mo: mo, flag: parsed.onlineFlag)

        let referenceStart = arena.count
        var referenceHash: UInt64 = 0
        var reference = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        if let referenceIndex { reference = reader.field(referenceIndex) }
        if reference.isEmpty {
            // No reference (street-level anti-social behaviour): key by content and how often it has appeared.
            let occurrence = blankReferenceOccurrences[parsed.contentHash, default: 0] + 1
            blankReferenceOccurrences[parsed.contentHash] = occurrence
            let hex = String(parsed.contentHash, radix: 16)
            arena.append(contentsOf: "~\(String(repeating: "0", count: 16 - hex.count))\(hex)-\(occurrence)".utf8)
        } else {
            arena.append(contentsOf: reference)
            referenceHash = fnv1a(reference)
        }
        let record = StoredCrime(
            contentHash: parsed.contentHash, importNumber: importNumber, month: parsed.month, offence: parsed.offence,
            ageBand: parsed.ageBand, victimType: parsed.victimType, repeatVictim: parsed.repeatVictim,
            lsoa: parsed.lsoa,
            outcome: parsed.outcome, theme: result.theme, cyber: result.cyber.rawValue, basis: result.basis.rawValue)
        batch.append(
            PendingCrime(
                line: reader.line, record: record, day: parsed.day, onlineFlag: parsed.onlineFlag.rawValue,
                themeRule: result.themeRule, classRule: result.classRule, referenceStart: referenceStart,
                referenceLength: arena.count - referenceStart, moStart: moStart, moLength: mo.count,
                referenceHash: referenceHash, area: area(ofLSOA: parsed.lsoa)))
    }

    private func bits(forOffence number: Int) -> UInt64 {
        if number < offenceBits.count, let bits = offenceBits[number] { return bits }
        let label = dictionary.label(.offence, number) ?? "|"
        let parts = label.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let bits = classifier.offenceBits(code: String(parts[0]), description: parts.count > 1 ? String(parts[1]) : "")
        if number >= offenceBits.count {
            offenceBits.append(contentsOf: Array(repeating: nil, count: number - offenceBits.count + 1))
        }
        offenceBits[number] = bits
        return bits
    }

    /// The local authority's number in the partnership's dictionary (0 when the LSOA is not in the geography).
    func area(ofLSOA lsoa: Int) -> Int {
        guard lsoa > 0 && lsoa < areaOfLSOA.count else { return 0 }
        if areaOfLSOA[lsoa] >= 0 { return areaOfLSOA[lsoa] }
        let code = laCodeOfLSOA[lsoa]
        let area = code.isEmpty ? 0 : dictionary.number(.area, code)
        areaOfLSOA[lsoa] = area
        return area
    }

    /// Decides what happens to each row of the batch, then hands the batch to the writer thread.
    ///
    /// A partnership with no records yet (the usual first, big import) needs no look-ups: every row is new,
    /// and the writer itself refuses a reference seen before in this file. Otherwise each row is compared
    /// with what is stored, after waiting for the batch in flight so that look-ups see it.
    private func flush() throws {
        guard !batch.isEmpty else { return }
        var toWrite: [Int] = []
        toWrite.reserveCapacity(batch.count)
        if hasExisting {
            try waitForWrites()
            try arena.withUnsafeBufferPointer { arena in
                let existing = try writer.existing(batch, arena: arena, only: Array(batch.indices))
                var seenInBatch: [UInt64: [Int]] = [:]
                for index in batch.indices {
                    let row = batch[index]
                    let reference = UnsafeBufferPointer(
                        rebasing: arena[row.referenceStart..<row.referenceStart + row.referenceLength])
                    let earlier = seenInBatch[row.referenceHash, default: []].contains { other in
                        let o = batch[other]
                        return arena[o.referenceStart..<o.referenceStart + o.referenceLength].elementsEqual(reference)
                    }
                    let old = existing[index]
                    if earlier || old?.importNumber == importNumber {
                        rejectRepeat(line: row.line, reference: String(decoding: reference, as: UTF8.self))
                        continue
                    }
                    if row.referenceHash != 0 { seenInBatch[row.referenceHash, default: []].append(index) }
                    if let old {
                        if old.contentHash == row.record.contentHash {
                            unchanged += 1
                            continue
                        }
                        CrimeCountKey.tally(&counts, record: old, area: area(ofLSOA: old.lsoa), delta: -1)
                        updated += 1
                    } else {
                        inserted += 1
                    }
                    toWrite.append(index)
                }
            }
        } else {
            inserted += batch.count
            toWrite = Array(batch.indices)
        }
        // Hand the batch and its arena to the writer thread and start new ones.
        let work = UncheckedBox((writer, batch, arena, toWrite, !hasExisting))
        writeSlot.wait()
        if let error = writeError {
            writeSlot.signal()
            throw error
        }
        writeQueue.async { [self] in
            let (writer, rows, arena, indices, insertOnly) = work.value
            do {
                let refused = try arena.withUnsafeBufferPointer {
                    try writer.write(rows, indices: indices, arena: $0, insertOnly: insertOnly)
                }
                let refusedSet = Set(refused)
                for index in indices where !refusedSet.contains(index) {
                    CrimeCountKey.tally(&writtenCounts, record: rows[index].record, area: rows[index].area, delta: 1)
                }
                for index in refused {
                    let row = rows[index]
                    repeatedRows.append(
                        (
                            row.line,
                            arena.withUnsafeBufferPointer {
                                String(
                                    decoding: UnsafeBufferPointer(
                                        rebasing: $0[row.referenceStart..<row.referenceStart + row.referenceLength]),
                                    as: UTF8.self)
                            }
                        ))
                }
            } catch {
                writeError = error
            }
            writeSlot.signal()
        }
        batch = []
        batch.reserveCapacity(Self.batchSize)
        arena = []
        arena.reserveCapacity(1 << 20)
    }

}
