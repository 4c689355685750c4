import FluentKit
import Foundation
import SQLKit

/// One LSOA with its ward, local authority, population and deprivation (geo_lsoas).
public struct GeoLSOA: Sendable, Equatable {
    public var number: Int
    public var code: String
    public var name: String
    public var wardCode: String
    public var wardName: String
    public var laCode: String
    public var laName: String
    public var population: Int?
    public var children: Int?
    public var workingAge: Int?
    public var older: Int?
    public var imdDecile: Int?
    /// Residents aged 0 to 24 and 65 and over: known only from a population file by single year of age.
    public var underTwentyFive: Int? = nil
    public var sixtyFiveAndOver: Int? = nil
}

/// The LSOA → ward → local authority lookup, populations and deprivation deciles, shared by every partnership.
public enum Geography {
    public struct LoadSummary: Sendable, Equatable {
        public var lookupRows = 0
        public var populationRows = 0
        public var deprivationRows = 0
    }

    /// Every LSOA, or only those of the given local authorities.
    public static func all(laCodes: [String]? = nil, on db: any Database) async throws -> [GeoLSOA] {
        var query = SQLQueryString(
            """
            SELECT number, code, name, ward_code, ward_name, la_code, la_name, population, pop_0_15, pop_16_59,
                   pop_60_plus, imd_decile, pop_0_24, pop_65_plus FROM geo_lsoas
            """)
        if let laCodes {
            guard !laCodes.isEmpty else { return [] }
            query.appendLiteral(" WHERE la_code IN (")
            query.appendInterpolation(binds: laCodes)
            query.appendLiteral(")")
        }
        query.appendLiteral(" ORDER BY number")
        let rows = try await db.sql.raw(query).all()
        return try rows.map { row in
            GeoLSOA(
                number: try row.decode(column: "number", as: Int.self),
                code: try row.decode(column: "code", as: String.self),
                name: try row.decode(column: "name", as: String.self),
                wardCode: try row.decode(column: "ward_code", as: String.self),
                wardName: try row.decode(column: "ward_name", as: String.self),
                laCode: try row.decode(column: "la_code", as: String.self),
                laName: try row.decode(column: "la_name", as: String.self),
                population: try row.decode(column: "population", as: Int?.self),
                children: try row.decode(column: "pop_0_15", as: Int?.self),
                workingAge: try row.decode(column: "pop_16_59", as: Int?.self),
                older: try row.decode(column: "pop_60_plus", as: Int?.self),
                imdDecile: try row.decode(column: "imd_decile", as: Int?.self),
                underTwentyFive: try row.decode(column: "pop_0_24", as: Int?.self),
                sixtyFiveAndOver: try row.decode(column: "pop_65_plus", as: Int?.self))
        }
    }

    /// Loads any of the three kinds of file, recognised by their header (2011 or 2021 LSOA vintages).
    /// Existing LSOAs are updated in place and keep their numbers; afterwards every partnership's counts
    /// are rebuilt, because the area each record counts under may have changed.
    public static func load(files: [String], on db: any Database) async throws -> LoadSummary {
        var summary = LoadSummary()
        var byCode: [String: [String: String]] = [:]
        for path in files {
            var reader = CSVReader(source: try FileByteSource(path: path))
            defer { reader.close() }
            guard try reader.next() else { throw CrimeImportError.emptyFile }
            let header = reader.strings().map(CrimeProfile.normalise)
            let kind = try fileKind(header, path: path)
            while try reader.next() {
                let values = reader.strings()
                guard values.count == header.count else { continue }
                let row = Dictionary(zip(header, values), uniquingKeysWith: { first, _ in first })
                guard
                    let code = row.first(where: {
                        $0.key.hasPrefix("lsoa") && ($0.key.hasSuffix("cd") || $0.key.hasSuffix("code"))
                            || $0.key.hasPrefix("lsoacode")
                    })?.value,
                    CrimeRowParser.isLSOACode(code)
                else { continue }
                var fields = byCode[code] ?? [:]
                for (key, value) in extract(kind, row) { fields[key] = value }
                byCode[code] = fields
                switch kind {
                case .lookup: summary.lookupRows += 1
                case .population, .singleYears: summary.populationRows += 1
                case .deprivation: summary.deprivationRows += 1
                }
            }
        }
        let collected = byCode
        try await db.write { tx in
            try await save(collected, on: tx)
            try await CrimeCounts.rebuildAll(on: tx)
        }
        return summary
    }

    enum FileKind { case lookup, population, deprivation, singleYears }

    /// The oldest single year in ONS's small-area estimates: the last column is "90+".
    static let oldestSingleYear = 90

    static func fileKind(_ header: [String], path: String) throws -> FileKind {
        if header.contains(where: { $0.hasPrefix("wd") && $0.hasSuffix("cd") }) { return .lookup }
        // ONS small-area population estimates by single year of age: persons ("0" … "90+"), or by sex ("F0" … "F90",
        // "M0" … "M90").
        let columns = Set(header)
        if columns.isSuperset(of: ["0", "\(oldestSingleYear)"])
            || columns.isSuperset(of: ["f0", "m0", "f\(oldestSingleYear)", "m\(oldestSingleYear)"])
        {
            return .singleYears
        }
        if header.contains(where: { $0.hasPrefix("totalpopulation") }) { return .population }
        if header.contains(where: { $0.contains("imddecile") || $0.contains("indexofmultipledeprivationimddecile") }) {
            return .deprivation
        }
        throw CrimeImportError.wrongHeader(
            "\(path) is not a geography file this importer knows: expected an LSOA → ward → local authority lookup (columns like LSOA11CD, WD19CD, LAD19CD), a population file (\"Total population\", or ONS estimates by single year of age with columns \"0\" to \"90+\"), or an IMD file (\"IMD Decile\")."
        )
    }

    private static func number(_ text: String?) -> String? {
        text.map { $0.replacingOccurrences(of: ",", with: "").trimmingSpaces() }.flatMap { Int($0) != nil ? $0 : nil }
    }

    static func extract(_ kind: FileKind, _ row: [String: String]) -> [String: String] {
        func first(_ test: (String) -> Bool) -> String? { row.first { test($0.key) }?.value }
        var fields: [String: String] = [:]
        switch kind {
        case .lookup:
            fields["name"] = first { $0.hasPrefix("lsoa") && $0.hasSuffix("nm") }
            fields["ward_code"] = first { $0.hasPrefix("wd") && $0.hasSuffix("cd") }
            fields["ward_name"] = first { $0.hasPrefix("wd") && $0.hasSuffix("nm") }
            fields["la_code"] = first { $0.hasPrefix("lad") && $0.hasSuffix("cd") }
            fields["la_name"] = first { $0.hasPrefix("lad") && $0.hasSuffix("nm") }
        case .population:
            fields["population"] = number(first { $0.hasPrefix("totalpopulation") })
            fields["pop_0_15"] = number(first { $0.hasPrefix("dependentchildrenaged015") })
            fields["pop_16_59"] = number(first { $0.hasPrefix("populationaged1659") })
            fields["pop_60_plus"] = number(first { $0.hasPrefix("olderpopulationaged60") })
            fields["la_code"] = first { $0.hasPrefix("localauthoritydistrictcode") }
            fields["la_name"] = first { $0.hasPrefix("localauthoritydistrictname") }
        case .singleYears:
            // Each year's residents: the persons column, or women and men added together.
            var years: [Int] = []
            for age in 0...oldestSingleYear {
                if let persons = number(row["\(age)"]).flatMap({ Int($0) }) {
                    years.append(persons)
                } else if let women = number(row["f\(age)"]).flatMap({ Int($0) }),
                    let men = number(row["m\(age)"]).flatMap({ Int($0) })
                {
                    years.append(women + men)
                } else {
                    return [:]  // a row with a year missing gives no population at all, rather than a wrong one
                }
            }
            func residents(_ ages: ClosedRange<Int>) -> String { String(ages.reduce(0) { $0 + years[$1] }) }
            fields["population"] = residents(0...oldestSingleYear)
            fields["pop_0_15"] = residents(0...15)
            fields["pop_16_59"] = residents(16...59)
            fields["pop_60_plus"] = residents(60...oldestSingleYear)
            fields["pop_0_24"] = residents(0...24)
            fields["pop_65_plus"] = residents(65...oldestSingleYear)
        case .deprivation:
            fields["imd_rank"] = number(first { $0.contains("imdrank") })
            fields["imd_decile"] = number(first { $0.contains("imddecile") })
            fields["name"] = first { $0.hasPrefix("lsoaname") }
            fields["la_code"] = first { $0.hasPrefix("localauthoritydistrictcode") }
            fields["la_name"] = first { $0.hasPrefix("localauthoritydistrictname") }
        }
        return fields.filter { !$0.value.isEmpty }
    }

    private static func save(_ byCode: [String: [String: String]], on db: any Database) async throws {
        let sql = db.sql
        let existing = Dictionary(uniqueKeysWithValues: try await all(on: db).map { ($0.code, $0.number) })
        var next = (existing.values.max() ?? 0) + 1
        let textColumns = ["name", "ward_code", "ward_name", "la_code", "la_name"]
        let intColumns = [
            "population", "pop_0_15", "pop_16_59", "pop_60_plus", "imd_rank", "imd_decile", "pop_0_24", "pop_65_plus",
        ]
        for (code, fields) in byCode.sorted(by: { $0.key < $1.key }) {
            if existing[code] == nil {
                try await sql.raw("INSERT INTO geo_lsoas (number, code) VALUES (\(bind: next), \(bind: code))").run()
                next += 1
            }
            let texts = textColumns.compactMap { column in fields[column].map { (column, $0) } }
            let numbers = intColumns.compactMap { column in fields[column].flatMap { Int($0) }.map { (column, $0) } }
            guard !texts.isEmpty || !numbers.isEmpty else { continue }
            var query = SQLQueryString("UPDATE geo_lsoas SET ")
            for (index, (column, value)) in texts.enumerated() {
                query.appendLiteral(index == 0 ? "\(column) = " : ", \(column) = ")
                query.appendInterpolation(bind: value)
            }
            for (index, (column, value)) in numbers.enumerated() {
                query.appendLiteral(index == 0 && texts.isEmpty ? "\(column) = " : ", \(column) = ")
                query.appendInterpolation(bind: value)
            }
            query.appendLiteral(" WHERE code = ")
            query.appendInterpolation(bind: code)
            try await sql.raw(query).run()
        }
    }
}
