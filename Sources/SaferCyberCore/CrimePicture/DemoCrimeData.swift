import FluentKit
import Foundation
import SQLKit

/// The demo partnership's crime picture: the real geography and street-level months shipped in
/// `reference-data/`, plus two years of generated force-extract records for County Durham and Darlington
/// (about 740 cyber-related records a quarter, seeded, so every machine gets the same figures).
public enum DemoCrimeData {
    /// Loads once; later calls find records and do nothing. Returns false when the reference data folder is missing.
    @discardableResult
    public static func load(referenceData folder: String, on db: any Database, today: Date = Date()) async throws
        -> Bool
    {
        guard let partnership = try await Partnerships.find(on: db, slug: DemoPartnership.slug), partnership.isDemo
        else { return false }
        let id = try partnership.requireID()
        let geography = [
            "lsoa11_ward19_lad19_durham_darlington.csv", "durham_darlington_imd2019.csv",
            "durham_darlington_population_mid2015.csv",
        ]
        .map { "\(folder)/geography/\($0)" }
        guard geography.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) else { return false }
        if try await CrimeImporter.history(partnershipID: id, on: db).contains(where: { $0.status == "imported" }) {
            return true
        }
        if try await Geography.all(on: db).isEmpty { _ = try await Geography.load(files: geography, on: db) }
        let codes = try await Geography.all(on: db).filter { !$0.laCode.isEmpty }.map(\.code)
        let actor = ActingUser.system("demo data")

        let last = Quarter.lastComplete(before: today)
        let first = Quarter.adding(-7, to: last)
        var generator = ForceExtractGenerator(seed: 740, lsoaCodes: codes)
        var text = ""
        // About 820 records a quarter, of which about 740 turn out cyber-enabled or cyber-dependent.
        generator.generate(firstMonth: Quarter.firstMonth(first), quarters: 8, rowsPerQuarter: 790) { text += $0 }
        _ = try await CrimeImporter.run(
            source: MemoryByteSource(text), partnershipID: id,
            options: CrimeImportOptions(profile: .forceExtract, fileName: "demo-force-extract.csv", actor: actor),
            on: db)
        for month in ["10", "11", "12"] {
            let path = "\(folder)/police_uk/2018-\(month)-durham-street.csv"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            _ = try await CrimeImporter.importFile(
                path: path, partnershipID: id,
                options: CrimeImportOptions(
                    profile: .policeUKStreet, fileName: "2018-\(month)-durham-street.csv", actor: actor), on: db)
        }
        return true
    }
}
