import FluentKit
import Foundation

/// Which months a partnership's crime data covers, and which of them it holds in full.
///
/// A month nothing was imported for is "no data", never 0; a month an import reached but may not hold in
/// full (the month a force extract was taken in) is "part". Only quarters whose three months are complete
/// are compared or tested (issue 19: a missing or part-filled quarter is not a real count).
public struct CrimeCoverage: Sendable, Equatable {
    /// Months (yyyymm) held in full.
    public var complete: Set<Int>
    /// Months (yyyymm) some import reached but that are not known to be complete.
    public var partial: Set<Int>

    public init(complete: Set<Int> = [], partial: Set<Int> = []) {
        self.complete = complete
        self.partial = partial.subtracting(complete)
    }

    public enum MonthStatus: Sendable, Equatable {
        case complete, partial, none
    }

    public enum QuarterStatus: Sendable, Equatable {
        case complete
        /// Some months held (in full or in part); `held` lists the months with any data, in order.
        case partial(held: [Int])
        case none
    }

    public func status(ofMonth month: Int) -> MonthStatus {
        complete.contains(month) ? .complete : partial.contains(month) ? .partial : .none
    }

    public func status(ofQuarter quarter: Int) -> QuarterStatus {
        let months = Month.of(quarter: quarter)
        let statuses = months.map(status(ofMonth:))
        if statuses.allSatisfy({ $0 == .complete }) { return .complete }
        let held = zip(months, statuses).filter { $0.1 != .none }.map(\.0)
        return held.isEmpty ? .none : .partial(held: held)
    }

    public func isComplete(quarter: Int) -> Bool { status(ofQuarter: quarter) == .complete }

    /// "holds April only", "holds April and May", "holds part of June": what a part-covered quarter contains.
    public func describe(quarter: Int) -> String {
        switch status(ofQuarter: quarter) {
        case .complete: return "complete"
        case .none: return "no data imported"
        case .partial(let held):
            let whole = held.filter { complete.contains($0) }.map(Month.name)
            let part = held.filter { partial.contains($0) }.map(Month.name)
            var pieces: [String] = []
            if !whole.isEmpty { pieces.append(Month.list(whole) + (part.isEmpty ? " only" : "")) }
            if !part.isEmpty { pieces.append("part of " + Month.list(part)) }
            return "holds " + pieces.joined(separator: whole.count > 1 ? ", and " : " and ")
        }
    }

    /// The default last complete month of an import: a data.police.uk file is a published month, so all of it;
    /// an extract is taken as complete up to the month before the one it was imported in (a force's system
    /// keeps adding that month's crimes), and never beyond its last month.
    public static func defaultCompleteTo(lastMonth: Int, profileName: String, importedAt: Date) -> Int {
        profileName == CrimeProfile.policeUKStreet.name
            ? lastMonth
            : min(lastMonth, Month.adding(-1, to: UKTime.month(of: importedAt)))
    }

    /// The months a file covers, from its records per month: the runs of consecutive months with records, less
    /// detached runs too small to be a month's crime (under a tenth of the busiest run's typical month) — a record
    /// dated 2019 in a 2026 extract is a typing mistake, not evidence that 2019–2025 were loaded (issue 19 review).
    /// Months inside the span with few records (the first, part month of an extract) stay in it. `stray` lists the
    /// months left out; their records are kept and counted, but mark no month as covered.
    public static func span(monthCounts: [Int: Int]) -> (first: Int, last: Int, stray: [Int])? {
        let months = monthCounts.filter { $0.value > 0 }.keys.sorted()
        guard !months.isEmpty else { return nil }
        var runs: [[Int]] = []
        for month in months {
            if let last = runs.last?.last, Month.adding(1, to: last) == month {
                runs[runs.count - 1].append(month)
            } else {
                runs.append([month])
            }
        }
        func total(_ run: [Int]) -> Int { run.reduce(0) { $0 + monthCounts[$1]! } }
        let main = runs.max { total($0) < total($1) }!
        let typical = main.map { monthCounts[$0]! }.sorted()[main.count / 2]
        let kept = runs.filter { $0 == main || total($0) * 10 >= typical }
        let first = kept.first!.first!
        let last = kept.last!.last!
        return (first, last, months.filter { $0 < first || $0 > last })
    }

    /// The coverage of every import that changed records, for one partnership.
    /// The partnership's coverage, or one area's (`area`, a local authority code). An import covers every area
    /// unless the coordinator said it holds only some (`CrimeImport.coveredAreas`); the whole partnership's month is
    /// complete only when it is complete for every area the partnership has records for or an import names.
    public static func load(partnershipID: UUID, area: String? = nil, on db: any Database) async throws
        -> CrimeCoverage
    {
        let imports = try await CrimeImport.query(on: db)
            .filter(\.$partnership.$id == partnershipID)
            .filter(\.$status == CrimeImport.Status.imported.rawValue)
            .all()
        let entries = imports.compactMap { i in
            i.firstMonth.map { (first: $0, last: i.lastMonth ?? $0, completeTo: i.completeToMonth, areas: i.areaSet) }
        }
        func coverage(of area: String) -> CrimeCoverage {
            from(entries.filter { $0.areas?.contains(area) ?? true }.map { ($0.first, $0.last, $0.completeTo) })
        }
        let named = Set(entries.compactMap(\.areas).flatMap { $0 })
        if named.isEmpty { return from(entries.map { ($0.first, $0.last, $0.completeTo) }) }
        if let area { return coverage(of: area) }
        let areas = named.union(try await Self.areas(partnershipID: partnershipID, on: db).map(\.code))
        let each = areas.sorted().map(coverage(of:))
        let complete = each.dropFirst().reduce(each.first?.complete ?? []) { $0.intersection($1.complete) }
        let held = each.reduce(into: Set<Int>()) { $0.formUnion($1.complete.union($1.partial)) }
        return CrimeCoverage(complete: complete, partial: held.subtracting(complete))
    }

    /// The local authorities the partnership's records fall in, with their names, by name.
    public static func areas(partnershipID: UUID, on db: any Database) async throws -> [(code: String, name: String)] {
        guard let key = try await CrimeDictionary.existingSourceKey(partnershipID: partnershipID, on: db) else {
            return []
        }
        let codes = Array(try await CrimeDictionary.load(sourceKey: key, on: db).all(.area).values)
        let names = Dictionary(
            try await Geography.all(laCodes: codes, on: db).map { ($0.laCode, $0.laName) },
            uniquingKeysWith: { a, _ in a })
        return codes.map { ($0, names[$0] ?? $0) }.sorted { ($0.name, $0.code) < ($1.name, $1.code) }
    }

    /// Coverage from imports given as (first month, last month, last complete month or nil).
    public static func from(_ imports: [(first: Int, last: Int, completeTo: Int?)]) -> CrimeCoverage {
        var complete: Set<Int> = []
        var partial: Set<Int> = []
        for entry in imports {
            // An extract confirmed complete beyond its last record covers the months after it too (with no crimes).
            for month in Month.range(entry.first, max(entry.last, entry.completeTo ?? entry.last)) {
                if let to = entry.completeTo, month <= to { complete.insert(month) } else { partial.insert(month) }
            }
        }
        return CrimeCoverage(complete: complete, partial: partial)
    }

    /// A coordinator's confirmation that an import holds every crime up to `month` (or, lowered, only up to it).
    /// The month may be later than the file's last record (an extract for July–September with no crimes after
    /// August), but not later than the month before the import: a month still under way is never complete.
    /// Audited, because it changes which quarters are compared.
    ///
    /// `areas`: the local authorities the file holds every crime for, when it covers only some of the partnership's
    /// (a district's own extract); nil for the whole partnership.
    public static func confirm(
        importID: UUID, partnershipID: UUID, completeTo month: Int, areas: [String]? = nil, actor: ActingUser,
        on db: any Database
    ) async throws {
        try await db.write { tx in
            guard
                let entry = try await CrimeImport.query(on: tx).filter(\.$id == importID)
                    .filter(\.$partnership.$id == partnershipID).first(),
                let first = entry.firstMonth, let last = entry.lastMonth
            else { throw NotFound("crime import") }
            let latest = latestConfirmable(entry) ?? last
            guard month >= Month.adding(-1, to: first), month <= latest else {
                throw FieldErrors(
                    "complete-to",
                    "Choose a month from \(Month.name(first)), the file's first, to \(Month.name(latest)), the last month that had ended when it was imported."
                )
            }
            if let areas, areas.isEmpty {
                throw FieldErrors("areas", "Choose at least one area the file holds every crime for")
            }
            let before = entry.completeToMonth.map(Month.name) ?? "not set"
            let areasBefore = entry.coveredAreas ?? "whole partnership"
            entry.completeToMonth = month
            entry.coveredAreas = areas.map { Set($0).sorted().joined(separator: ",") }
            try await entry.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "crime-import",
                entityID: importID.uuidString,
                summary: "Confirmed \(entry.fileName) complete to \(Month.name(month))"
                    + (areas.map { " for \($0.count) area\($0.count == 1 ? "" : "s")" } ?? ""),
                before: ["complete_to": before, "areas": areasBefore],
                after: ["complete_to": Month.name(month), "areas": entry.coveredAreas ?? "whole partnership"])
        }
    }
}

extension CrimeCoverage {
    /// The last month a coordinator may confirm an import complete to: a published data.police.uk month is whole;
    /// for an extract, the month before it was imported (the month then under way is never complete).
    public static func latestConfirmable(_ entry: CrimeImport) -> Int? {
        guard let last = entry.lastMonth else { return nil }
        return entry.profile == CrimeProfile.policeUKStreet.name
            ? last : Month.adding(-1, to: UKTime.month(of: entry.startedAt))
    }
}

/// Months as yyyymm numbers.
public enum Month {
    public static func adding(_ months: Int, to month: Int) -> Int {
        let index = month / 100 * 12 + month % 100 - 1 + months
        return index / 12 * 100 + index % 12 + 1
    }

    public static func range(_ from: Int, _ to: Int) -> [Int] {
        Quarter.steps(from: from, through: to, limit: 1200) { adding(1, to: $0) }
    }

    public static func of(quarter: Int) -> [Int] {
        let first = Quarter.firstMonth(quarter)
        return [first, first + 1, first + 2]
    }

    static let names = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// "April 2026"
    public static func name(_ month: Int) -> String { "\(names[month % 100 - 1]) \(month / 100)" }

    /// "Apr 2026"
    public static func shortLabel(_ month: Int) -> String { "\(names[month % 100 - 1].prefix(3)) \(month / 100)" }

    /// "April" (a month of any year, 1–12).
    public static func monthName(_ month: Int) -> String { names[month - 1] }

    /// "April", "April and May", "January, February and March" (months of one quarter: the year is the heading's).
    static func list(_ labels: [String]) -> String {
        let short = labels.map { String($0.split(separator: " ").first ?? "") }
        guard short.count > 1 else { return short.first ?? "" }
        return short.dropLast().joined(separator: ", ") + " and " + short.last!
    }

    /// Days in a month (yyyymm).
    public static func days(_ month: Int) -> Int {
        CalendarDay.length(of: month % 100, in: month / 100)
    }

    /// Days in a quarter.
    public static func days(quarter: Int) -> Int { of(quarter: quarter).reduce(0) { $0 + days($1) } }
}

/// Which local authorities an import holds every crime for (issue 19: coverage per area).
struct UpdateCrimeImportAddCoveredAreas: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CrimeImport.schema).field("covered_areas", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(CrimeImport.schema).deleteField("covered_areas").update()
    }
}
