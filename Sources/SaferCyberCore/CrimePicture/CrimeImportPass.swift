import Foundation

/// One pass over a file: parse, validate, classify, tally and hand rows to the writer in batches.
/// Runs on its own thread (it is CPU-bound for seconds); everything it touches belongs to this import.
final class CrimeImportPass: @unchecked Sendable {
    static let batchSize = 1000
    static let rejectionLimit = 100_000

    private let writer: any CrimeRecordWriter
    private let classifier: CrimeClassifier
    private let dictionary: CrimeDictionary
    private let laCodeOfLSOA: [String]
    private var areaOfLSOA: [Int]
    private let importNumber: Int
    private let hasExisting: Bool
    private let referenceColumn: String

    private(set) var counts: [UInt64: Int] = [:]
    private(set) var rejections: [CrimeRejection] = []
    private(set) var rejectedRows = 0
    private(set) var rowsRead = 0
    private(set) var inserted = 0
    private(set) var updated = 0
    private(set) var unchanged = 0
    private(set) var stoppedEarly = false

    private var offenceBits: [UInt64?] = []
    private var firstLineOfReference: [UInt64: Int32] = [:]
    private var blankReferenceOccurrences: [UInt64: Int] = [:]
    private var arena: [UInt8] = []
    private var batch: [PendingCrime] = []
    private var lowered: [UInt8] = []

    init(writer: any CrimeRecordWriter, classifier: CrimeClassifier, dictionary: CrimeDictionary, laCodeOfLSOA: [String],
         importNumber: Int, hasExisting: Bool, referenceColumn: String) {
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
                if rejections.count >= Self.rejectionLimit { stoppedEarly = true; break }
                continue
            }
            stage(parsed, reader: reader, referenceIndex: referenceIndex, moIndex: moIndex)
            if batch.count == Self.batchSize { try flush() }
        }
        try flush()
        progress(reader.bytesRead, rowsRead)
    }

    private func reject(_ problems: [CrimeRejection]) {
        rejectedRows += 1
        rejections.append(contentsOf: problems)
    }

    /// Classifies a valid row and copies its text into the batch arena.
    private func stage<S>(_ parsed: ParsedCrime, reader: CSVReader<S>, referenceIndex: Int?, moIndex: Int?) {
        let mo = moIndex.map { reader.field($0) } ?? UnsafeBufferPointer(start: nil, count: 0)
        let moStart = arena.count
        arena.append(contentsOf: mo)
        lowered.removeAll(keepingCapacity: true)
        for byte in mo { lowered.append(byte >= 65 && byte <= 90 ? byte | 0x20 : byte) }
        let result = lowered.withUnsafeBufferPointer {
            classifier.classify(offenceBits: bits(forOffence: parsed.offence), lowercasedMO: $0, flag: parsed.onlineFlag)
        }

        let referenceStart = arena.count
        var suspect = false
        var referenceHash: UInt64 = 0
        let reference = referenceIndex.map { reader.field($0) } ?? UnsafeBufferPointer(start: nil, count: 0)
        if reference.isEmpty {
            // No reference (street-level anti-social behaviour): key by content and how often it has appeared.
            let occurrence = blankReferenceOccurrences[parsed.contentHash, default: 0] + 1
            blankReferenceOccurrences[parsed.contentHash] = occurrence
            let hex = String(parsed.contentHash, radix: 16)
            arena.append(contentsOf: "~\(String(repeating: "0", count: 16 - hex.count))\(hex)-\(occurrence)".utf8)
        } else {
            arena.append(contentsOf: reference)
            referenceHash = fnv1a(reference)
            if firstLineOfReference[referenceHash] != nil { suspect = true } else { firstLineOfReference[referenceHash] = Int32(reader.line) }
        }
        let record = StoredCrime(
            contentHash: parsed.contentHash, importNumber: importNumber, month: parsed.month, offence: parsed.offence,
            ageBand: parsed.ageBand, victimType: parsed.victimType, repeatVictim: parsed.repeatVictim, lsoa: parsed.lsoa,
            outcome: parsed.outcome, theme: result.theme, cyber: result.cyber.rawValue, basis: result.basis.rawValue)
        batch.append(PendingCrime(
            line: reader.line, record: record, day: parsed.day, onlineFlag: parsed.onlineFlag.rawValue,
            themeRule: result.themeRule, classRule: result.classRule, referenceStart: referenceStart,
            referenceLength: arena.count - referenceStart, moStart: moStart, moLength: mo.count,
            referenceHash: referenceHash, suspectRepeat: suspect))
    }

    private func bits(forOffence number: Int) -> UInt64 {
        if number < offenceBits.count, let bits = offenceBits[number] { return bits }
        let label = dictionary.label(.offence, number) ?? "|"
        let parts = label.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let bits = classifier.offenceBits(code: String(parts[0]), description: parts.count > 1 ? String(parts[1]) : "")
        if number >= offenceBits.count { offenceBits.append(contentsOf: Array(repeating: nil, count: number - offenceBits.count + 1)) }
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

    private func flush() throws {
        guard !batch.isEmpty else { return }
        try arena.withUnsafeBufferPointer { arena in
            let lookups = hasExisting ? Array(batch.indices) : batch.indices.filter { batch[$0].suspectRepeat }
            let existing = try writer.existing(batch, arena: arena, only: lookups)
            var toWrite: [Int] = []
            toWrite.reserveCapacity(batch.count)
            for index in batch.indices {
                let row = batch[index]
                let old = existing[index]
                if row.suspectRepeat, isRepeat(index, old: old, arena: arena) {
                    let first = firstLineOfReference[row.referenceHash].map { " (first on line \(Int($0)))" } ?? ""
                    reject([CrimeRejection(
                        line: row.line, column: referenceColumn,
                        value: String(decoding: UnsafeBufferPointer(rebasing: arena[row.referenceStart..<row.referenceStart + row.referenceLength]), as: UTF8.self),
                        reason: "This crime reference appears more than once in the file\(first). Each record must appear once.")])
                    batch[index].referenceLength = -1
                    continue
                }
                if let old {
                    if old.contentHash == row.record.contentHash { unchanged += 1; continue }
                    CrimeCountKey.tally(&counts, record: old, area: area(ofLSOA: old.lsoa), delta: -1)
                    updated += 1
                } else {
                    inserted += 1
                }
                CrimeCountKey.tally(&counts, record: row.record, area: area(ofLSOA: row.record.lsoa), delta: 1)
                toWrite.append(index)
            }
            try writer.write(batch, indices: toWrite, arena: arena)
        }
        batch.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
    }

    /// True when the row's reference was already written by this import (earlier batch or earlier in this one).
    private func isRepeat(_ index: Int, old: StoredCrime?, arena: UnsafeBufferPointer<UInt8>) -> Bool {
        if old?.importNumber == importNumber { return true }
        let row = batch[index]
        let mine = arena[row.referenceStart..<row.referenceStart + row.referenceLength]
        for earlier in 0..<index where batch[earlier].referenceLength == row.referenceLength
            && batch[earlier].referenceHash == row.referenceHash {
            let theirs = arena[batch[earlier].referenceStart..<batch[earlier].referenceStart + row.referenceLength]
            if theirs.elementsEqual(mine) { return true }
        }
        return false
    }
}
