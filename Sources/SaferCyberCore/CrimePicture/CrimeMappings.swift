import FluentKit
import Foundation

/// Saved column mappings, so any force's export imports without code.
public enum CrimeMappings {
    /// A built-in profile by name, or the partnership's saved mapping of that name.
    public static func profile(named name: String, partnershipID: UUID, on db: any Database) async throws
        -> CrimeProfile
    {
        if let builtIn = CrimeProfile.builtIn.first(where: { $0.name == name }) { return builtIn }
        guard
            let mapping = try await CrimeMapping.query(on: db).filter(\.$partnership.$id == partnershipID)
                .filter(\.$name == name).first()
        else { throw CrimeImportError.unknownProfile(name) }
        return mapping.profile
    }

    public static func list(partnershipID: UUID, on db: any Database) async throws -> [CrimeMapping] {
        try await CrimeMapping.query(on: db).filter(\.$partnership.$id == partnershipID).sort(\.$name).all()
    }

    /// Saves (or replaces) a mapping. `columns` maps each field to a header name; blank means "not in this file".
    @discardableResult
    public static func save(
        name: String, columns: [CrimeField: String], partnershipID: UUID, by actor: ActingUser,
        on db: any Database
    ) async throws -> CrimeMapping {
        let name = name.trimmingSpaces()
        var errors = FieldErrors()
        if name.isEmpty { errors.add("name", "Enter a name for this mapping, like the force's name") }
        if name.count > 60 { errors.add("name", "The name must be 60 characters or fewer") }
        if CrimeProfile.builtIn.contains(where: { $0.name == name }) {
            errors.add("name", "Choose a name other than a built-in profile's")
        }
        let used = columns.filter { !$0.value.trimmingSpaces().isEmpty }
        if used[.recordedDate] == nil {
            errors.add(CrimeField.recordedDate.rawValue, "Choose the column that holds the recorded date")
        }
        try errors.throwIfAny()
        let json = String(
            decoding: try JSONEncoder().encode(
                Dictionary(uniqueKeysWithValues: used.map { ($0.key.rawValue, $0.value) })), as: UTF8.self)
        return try await db.write { tx in
            let mapping =
                try await CrimeMapping.query(on: tx).filter(\.$partnership.$id == partnershipID).filter(\.$name == name)
                .first()
                ?? CrimeMapping()
            let isNew = mapping.id == nil
            mapping.$partnership.id = partnershipID
            mapping.name = name
            mapping.columnsJSON = json
            try await mapping.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: isNew ? .create : .update,
                entity: "crime-mapping", entityID: mapping.id?.uuidString, summary: "Saved column mapping \(name)",
                after: ["columns": json])
            return mapping
        }
    }

    /// The column names of a file's first line, for choosing a mapping in the web page.
    public static func header(of source: some ByteSource) throws -> [String] {
        var reader = CSVReader(source: source)
        defer { reader.close() }
        guard try reader.next() else { throw CrimeImportError.emptyFile }
        return reader.strings()
    }
}
