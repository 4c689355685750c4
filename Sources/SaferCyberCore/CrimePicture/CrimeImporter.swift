import FluentKit
import Foundation
import SQLKit
import SQLiteNIO

public struct CrimeImportOptions: Sendable {
    public var profile: CrimeProfile
    public var fileName: String
    /// Import the good rows and list the bad ones, instead of refusing the whole file.
    public var skipBadRows: Bool
    public var actor: ActingUser

    public init(profile: CrimeProfile, fileName: String, skipBadRows: Bool = false, actor: ActingUser) {
        self.profile = profile
        self.fileName = fileName
        self.skipBadRows = skipBadRows
        self.actor = actor
    }
}

public struct CrimeImportSummary: Sendable, Equatable {
    public var importID: UUID
    public var status: CrimeImport.Status
    public var rowsRead: Int
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
    public var rejectedRows: Int
    public var message: String
    /// The first problems found (all of them are stored and downloadable).
    public var firstProblems: [CrimeRejection]
    /// Whether the SQLite C-API writer was used (false on PostgreSQL).
    public var usedFastPath: Bool
}

/// Imports one crime file into a partnership: atomic (all or nothing unless skipping bad rows was asked for)
/// and idempotent (the same records again change nothing; a corrected record is updated).
public enum CrimeImporter {
    /// Called with (bytes read, rows read) every few thousand rows, from the import's thread.
    public typealias Progress = @Sendable (Int, Int) -> Void

    public static func importFile(
        path: String, partnershipID: UUID, options: CrimeImportOptions, on db: any Database,
        progress: Progress? = nil
    ) async throws -> CrimeImportSummary {
        let source = try FileByteSource(path: path)
        defer { source.close() }
        return try await run(source: source, partnershipID: partnershipID, options: options, on: db, progress: progress)
    }

    public static func run<S: ByteSource>(
        source: S, partnershipID: UUID, options: CrimeImportOptions, on db: any Database,
        progress: Progress? = nil
    ) async throws -> CrimeImportSummary {
        let started = Date()
        let box = UncheckedBox(source)
        let fastWriter = FastWriterHolder()
        defer { fastWriter.writer?.finish(on: db) }
        do {
            return try await db.write { tx in
                try await tx.lockPartnership(partnershipID)
                let prepared = try await prepare(partnershipID: partnershipID, options: options, on: tx)
                fastWriter.writer = prepared.writer as? SQLiteCrimeWriter
                let pass = try await onOwnThread {
                    try runPass(
                        source: box.value, prepared: prepared, options: options, progress: progress ?? { _, _ in })
                }
                let refused = pass.stoppedEarly || (pass.rejectedRows > 0 && !options.skipBadRows)
                if refused { throw RefusedImport(pass: pass) }
                try await onOwnThread { try prepared.writer.applyCounts(pass.countChanges()) }
                try await prepared.dictionary.saveAdded(on: tx)
                // A record updated in place may have moved from any month: then every published quarter is checked.
                let span = CrimeCoverage.span(monthCounts: pass.monthCounts)
                try await CrimeEditions.markRevised(
                    sourceKey: prepared.sourceKey,
                    quarters: pass.updated > 0
                        ? nil : span.map { Set(Month.range($0.first, $0.last).map(Quarter.of(month:))) } ?? [],
                    on: tx)
                return try await record(
                    pass: pass, status: .imported, message: importedMessage(pass), number: prepared.importNumber,
                    partnershipID: partnershipID, options: options, started: started, fastPath: prepared.fastPath,
                    on: tx)
            }
        } catch let refused as RefusedImport {
            let pass = refused.pass
            let message =
                pass.stoppedEarly
                ? CrimeImportError.tooManyRejections(CrimeImportPass.rejectionLimit).description
                : "Nothing was imported: \(pass.rejectedRows) of \(pass.rowsRead) rows have problems. Correct them and import the file again, or choose to skip rows with problems."
            return try await recordRefusal(
                pass: pass, message: message, partnershipID: partnershipID, options: options, started: started, on: db)
        } catch let error as CrimeImportError {
            return try await recordRefusal(
                pass: nil, message: error.description, partnershipID: partnershipID, options: options, started: started,
                on: db)
        } catch let error as CSVError {
            return try await recordRefusal(
                pass: nil, message: error.description, partnershipID: partnershipID, options: options, started: started,
                on: db)
        }
    }

    struct Prepared: @unchecked Sendable {
        var sourceKey: Int
        var importNumber: Int
        var dictionary: CrimeDictionary
        var classifier: CrimeClassifier
        var lsoaNumbers: ByteTable<Int>
        var laCodeOfLSOA: [String]
        var hasExisting: Bool
        var writer: any CrimeRecordWriter
        var fastPath: Bool
    }

    static func prepare(partnershipID: UUID, options: CrimeImportOptions, on tx: any Database) async throws -> Prepared
    {
        let sql = tx.sql
        let sourceKey = try await CrimeDictionary.sourceKey(partnershipID: partnershipID, on: tx)
        let last = try await CrimeImport.query(on: tx).filter(\.$partnership.$id == partnershipID).max(\.$number) ?? 0
        let importNumber = last + 1
        let dictionary = try await CrimeDictionary.load(sourceKey: sourceKey, on: tx)
        try await CrimeRules.seedIfEmpty(partnershipID: partnershipID, on: tx)
        let classifier = try await CrimeRules.classifier(partnershipID: partnershipID, dictionary: dictionary, on: tx)
        let geography = try await Geography.all(on: tx)
        var lsoaNumbers = ByteTable<Int>(capacity: max(geography.count, 256))
        var laCodes = Array(repeating: "", count: (geography.map(\.number).max() ?? 0) + 1)
        for lsoa in geography {
            Array(lsoa.code.utf8).withUnsafeBufferPointer {
                lsoaNumbers.insert($0, hash: fnv1a($0), value: lsoa.number)
            }
            laCodes[lsoa.number] = lsoa.laCode
        }
        let hasExisting =
            try await sql.raw("SELECT 1 AS one FROM crime_records WHERE source_key = \(bind: sourceKey) LIMIT 1")
            .first() != nil
        var writer: any CrimeRecordWriter = SQLCrimeWriter(sql: sql, sourceKey: sourceKey, importNumber: importNumber)
        var fastPath = false
        if let sqlite = tx as? any SQLiteNIO.SQLiteDatabase {
            let connection = try await sqlite.withConnection { $0.eventLoop.makeSucceededFuture($0) }.get()
            if let handle = SQLiteCrimeWriter.handle(of: connection) {
                writer = try SQLiteCrimeWriter(handle: handle, sourceKey: sourceKey, importNumber: importNumber)
                fastPath = true
            }
        }
        return Prepared(
            sourceKey: sourceKey, importNumber: importNumber, dictionary: dictionary, classifier: classifier,
            lsoaNumbers: lsoaNumbers, laCodeOfLSOA: laCodes, hasExisting: hasExisting, writer: writer,
            fastPath: fastPath)
    }

    static func runPass<S: ByteSource>(source: S, prepared: Prepared, options: CrimeImportOptions, progress: Progress)
        throws -> CrimeImportPass
    {
        var reader = CSVReader(source: source)
        defer { reader.close() }
        guard try reader.next() else { throw CrimeImportError.emptyFile }
        // A file that is not UTF-8 text (a spreadsheet saved as .xlsx, a zip, random bytes) fails here, plainly.
        guard
            (0..<reader.fieldCount).allSatisfy({ index in
                reader.string(index).map { !$0.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" } } ?? false
            })
        else {
            throw CrimeImportError.unreadable(
                "The first line is not readable text, so this does not look like a CSV file. Export the data as CSV (UTF-8) and try again."
            )
        }
        let header = reader.strings()
        if header.count == 1 && header[0].trimmingSpaces().isEmpty { throw CrimeImportError.emptyFile }
        let columns = try options.profile.resolve(header: header)
        var parser = CrimeRowParser(
            columns: columns, profile: options.profile, columnCount: header.count,
            dictionary: prepared.dictionary, lsoaNumbers: prepared.lsoaNumbers)
        let pass = CrimeImportPass(
            writer: prepared.writer, classifier: prepared.classifier, dictionary: prepared.dictionary,
            laCodeOfLSOA: prepared.laCodeOfLSOA, importNumber: prepared.importNumber, hasExisting: prepared.hasExisting,
            referenceColumn: options.profile.columns[.reference] ?? "reference")
        try pass.run(reader: &reader, parser: &parser, progress: progress)
        return pass
    }

    static func importedMessage(_ pass: CrimeImportPass) -> String {
        var parts = ["\(pass.inserted) new", "\(pass.updated) updated", "\(pass.unchanged) unchanged"]
        if pass.rejectedRows > 0 { parts.append("\(pass.rejectedRows) skipped because of problems") }
        return "Imported \(pass.rowsRead) rows: " + parts.joined(separator: ", ") + "."
    }
}

/// Thrown inside the transaction so that nothing the pass wrote survives; caught outside it.
struct RefusedImport: Error, @unchecked Sendable {
    var pass: CrimeImportPass
}

/// Lets the import restore the fast writer's connection settings after its transaction has ended.
final class FastWriterHolder: @unchecked Sendable {
    var writer: SQLiteCrimeWriter?
}

struct UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

/// Runs CPU-bound work on a thread of its own, so that a long import never holds up the server's
/// cooperative threads (there are only as many as cores).
func onOwnThread<T>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    let box: UncheckedBox<Result<T, any Error>> = try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(returning: UncheckedBox(Result { try body() }))
        }
        thread.stackSize = 4 << 20
        thread.start()
    }
    return try box.value.get()
}
