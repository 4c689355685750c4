import Fluent
import Foundation
import NIOConcurrencyHelpers
import SaferCyberCore
import Vapor

/// `safercyber import crimes FILE --profile NAME --partnership SLUG [--skip-bad-rows]` and
/// `safercyber import geography FILE_OR_FOLDER`. Exits 0 only when the file was imported.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "crimes or geography") var kind: String
        @Argument(name: "file", help: "The CSV file (for geography, a file or a folder of CSV files)") var file: String
        @Option(name: "profile", help: "police-uk-street, force-extract or the name of a saved column mapping")
        var profile: String?
        @Option(name: "partnership", help: "Partnership short name") var partnership: String?
        @Flag(name: "skip-bad-rows", help: "Import the good rows and list the bad ones, instead of refusing the file")
        var skipBadRows: Bool
    }

    var help: String { "Imports crime records or geography (LSOA lookup, population, deprivation) from CSV." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await StartupError.exitOnFailure {
            try await app.prepareDatabase()
            switch signature.kind {
            case "crimes": try await importCrimes(app, context, signature)
            case "geography": try await importGeography(app, context, signature.file)
            default: throw StartupError("Unknown kind ‘\(signature.kind)’. Use crimes or geography.")
            }
        }
    }

    private func importCrimes(_ app: Application, _ context: CommandContext, _ signature: Signature) async throws {
        guard let slug = signature.partnership, let partnership = try await Partnerships.find(on: app.db, slug: slug)
        else {
            throw StartupError("Give an existing partnership's short name with --partnership.")
        }
        let partnershipID = try partnership.requireID()
        guard let profileName = signature.profile else {
            throw StartupError(
                "Say what kind of file this is with --profile (police-uk-street, force-extract or a saved mapping's name)."
            )
        }
        let profile: CrimeProfile
        do {
            profile = try await CrimeMappings.profile(named: profileName, partnershipID: partnershipID, on: app.db)
        } catch let error as CrimeImportError { throw StartupError(error.description) }
        let path = signature.file
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw StartupError("There is no file at \(path).")
        }
        let total = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let bar = ProgressBar(total: total)
        let options = CrimeImportOptions(
            profile: profile, fileName: (path as NSString).lastPathComponent,
            skipBadRows: signature.skipBadRows, actor: .system("command line"))
        let started = Date()
        let summary = try await CrimeImporter.importFile(
            path: path, partnershipID: partnershipID, options: options, on: app.db
        ) { bytes, rows in
            bar.show(bytes: bytes, rows: rows)
        }
        bar.finish()
        let seconds = Date().timeIntervalSince(started)
        for problem in summary.firstProblems.prefix(20) {
            context.console.print(
                "  line \(problem.line)\(problem.column.isEmpty ? "" : ", \(problem.column)"): \(problem.reason)")
        }
        if summary.rejectedRows > 20 {
            context.console.print("  … every rejected row is listed on the import's page and in its CSV download.")
        }
        guard summary.status == .imported else { throw StartupError(summary.message) }
        context.console.print(summary.message)
        context.console.print(
            String(format: "Took %.2f s (%.0f rows a second).", seconds, Double(summary.rowsRead) / max(seconds, 0.001))
        )
    }

    private func importGeography(_ app: Application, _ context: CommandContext, _ path: String) async throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw StartupError("There is no file at \(path).")
        }
        let files =
            isFolder.boolValue
            ? try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".csv") }.sorted().map {
                "\(path)/\($0)"
            }
            : [path]
        do {
            let summary = try await Geography.load(files: files, on: app.db)
            context.console.print(
                "Loaded geography: \(summary.lookupRows) lookup rows, \(summary.populationRows) population rows, \(summary.deprivationRows) deprivation rows. Crime counts rebuilt."
            )
        } catch let error as CrimeImportError {
            throw StartupError(error.description)
        } catch let error as CSVError {
            throw StartupError(error.description)
        }
    }
}

/// A one-line progress bar on standard error, redrawn at most ten times a second.
final class ProgressBar: Sendable {
    private let total: Int
    /// When the bar was last drawn.
    private let last = NIOLockedValueBox(Date.distantPast)
    private let isTerminal = isatty(STDERR_FILENO) != 0

    init(total: Int) { self.total = total }

    func show(bytes: Int, rows: Int) {
        let due = last.withLockedValue { last in
            guard Date().timeIntervalSince(last) > 0.1 else { return false }
            last = Date()
            return true
        }
        guard isTerminal, due else { return }
        let fraction = total > 0 ? min(1, Double(bytes) / Double(total)) : 0
        let filled = Int(fraction * 30)
        let line =
            "\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 30 - filled))] \(Int(fraction * 100))%  \(rows) rows"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\r\(String(repeating: " ", count: 60))\r".utf8)) }
    }
}
