import FluentKit
import Foundation
import SQLKit

/// Which records a crime-picture page counts.
public struct CrimeFilter: Sendable, Equatable {
    public enum Scope: String, CaseIterable, Sendable {
        case cyber, enabled, dependent, all
        public var label: String {
            switch self {
            case .cyber: "Cyber-enabled and cyber-dependent"
            case .enabled: "Cyber-enabled only"
            case .dependent: "Cyber-dependent only"
            case .all: "All records, including not cyber"
            }
        }
        var classes: [Int] {
            switch self {
            case .cyber: [1, 2]
            case .enabled: [1]
            case .dependent: [2]
            case .all: [0, 1, 2]
            }
        }
    }

    /// First and last quarter as yyyyq (e.g. 20243 for July–September 2024).
    public var fromQuarter: Int
    public var toQuarter: Int
    public var scope: Scope
    /// A theme's id, or nil for every theme.
    public var themeID: UUID?
    /// A local authority code, or nil for the whole partnership.
    public var areaCode: String?

    public init(fromQuarter: Int, toQuarter: Int, scope: Scope = .cyber, themeID: UUID? = nil, areaCode: String? = nil)
    {
        self.fromQuarter = fromQuarter
        self.toQuarter = toQuarter
        self.scope = scope
        self.themeID = themeID
        self.areaCode = areaCode
    }

    var fromMonth: Int { Quarter.firstMonth(fromQuarter) }
    var toMonth: Int { Quarter.firstMonth(toQuarter) + 2 }
}

extension CrimeFilter {
    /// The one view a role without exact counts is shown (issue 19): one complete quarter, every theme, the whole
    /// partnership, one scope. Two filtered views of the same records (a theme against all themes, one area against
    /// the whole partnership, cyber-enabled against all cyber, one period against a longer one) differ by a count
    /// that neither shows, and suppression inside each view cannot stop a subtraction across them; single quarters
    /// share no records, so nothing is recoverable from two of them. Themes and areas are rows of the view's tables.
    /// The scope is cyber crime, or every record when the partnership holds nothing classed as cyber (data.police.uk
    /// files carry no online flag).
    public static func standard(quarter: Int, hasCyberRecords: Bool) -> CrimeFilter {
        CrimeFilter(fromQuarter: quarter, toQuarter: quarter, scope: hasCyberRecords ? .cyber : .all)
    }

    /// The quarters a role without exact counts may choose, latest first: the complete ones (a quarter still being
    /// filled would change under a reader's eyes, and two versions of it differ by the newest month's breakdowns);
    /// the latest quarter holding data when none is complete yet.
    public static func standardQuarters(coverage: CrimeCoverage, latest: Int?) -> [Int] {
        let complete = Set(coverage.complete.map { Quarter.of(month: $0) }).filter(coverage.isComplete(quarter:))
        if !complete.isEmpty { return complete.sorted(by: >) }
        return latest.map { [$0] } ?? []
    }
}

/// Quarters written yyyyq.
public enum Quarter {
    public static func isValid(_ quarter: Int) -> Bool {
        (1...4).contains(quarter % 10) && (1990...2100).contains(quarter / 10)
    }
    public static func of(month: Int) -> Int { month / 100 * 10 + (month % 100 - 1) / 3 + 1 }
    public static func firstMonth(_ quarter: Int) -> Int { quarter / 10 * 100 + (quarter % 10 - 1) * 3 + 1 }
    public static func adding(_ quarters: Int, to quarter: Int) -> Int {
        let index = quarter / 10 * 4 + quarter % 10 - 1 + quarters
        return index / 4 * 10 + index % 4 + 1
    }
    public static func between(_ from: Int, _ to: Int) -> [Int] {
        steps(from: from, through: to, limit: 400) { adding(1, to: $0) }
    }

    /// `from`, then each next value while it is not past `through` (at most `limit` values): the walk shared by
    /// quarters and months (`Month.range`).
    static func steps(from: Int, through: Int, limit: Int, next: (Int) -> Int) -> [Int] {
        var result: [Int] = []
        var value = from
        while value <= through && result.count < limit {
            result.append(value)
            value = next(value)
        }
        return result
    }
    public static func label(_ quarter: Int) -> String {
        let months = ["Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec"]
        return "\(months[quarter % 10 - 1]) \(quarter / 10)"
    }
    /// The last quarter that has fully ended on `date`.
    public static func lastComplete(before date: Date = Date()) -> Int {
        adding(-1, to: of(month: UKTime.month(of: date)))
    }
}

/// Reads a partnership's counts. Every query touches only `crime_counts`, never the records.
public struct CrimeCountReader: Sendable {
    let sql: any SQLDatabase
    let sourceKey: Int
    /// The months read from `crime_counts_published` (the published edition's complete quarters); every other month
    /// is read from `crime_counts`.
    let publishedMonths: Set<Int>

    /// A reader of one edition. The published edition publishes any complete quarter not yet published first, then
    /// reads every published quarter as published and any other month (a quarter still being filled, which is only
    /// ever shown as "so far") as it is today.
    public init?(partnershipID: UUID, edition: CrimeEdition = .live, on db: any Database) async throws {
        guard let key = try await CrimeDictionary.existingSourceKey(partnershipID: partnershipID, on: db) else {
            return nil
        }
        sql = db.sql
        sourceKey = key
        let quarters =
            edition == .published
            ? try await CrimeEditions.publishComplete(partnershipID: partnershipID, sourceKey: key, on: db) : []
        publishedMonths = Set(quarters.flatMap(Month.of(quarter:)))
    }

    /// The range split into runs of months read from one table each.
    func runs(fromMonth: Int, toMonth: Int) -> [(table: String, from: Int, to: Int)] {
        guard !publishedMonths.isEmpty else { return [("crime_counts", fromMonth, toMonth)] }
        var runs: [(table: String, from: Int, to: Int)] = []
        for month in Month.range(fromMonth, toMonth) {
            let table = publishedMonths.contains(month) ? "crime_counts_published" : "crime_counts"
            if let last = runs.last, last.table == table {
                runs[runs.count - 1].to = month
            } else {
                runs.append((table, month, month))
            }
        }
        return runs
    }

    /// LSOA counts over a quarter-aligned range: whole calendar years from the yearly rows, the quarters
    /// either side from the quarterly ones.
    public func sumLSOA(fromMonth: Int, toMonth: Int, classes: [Int], theme: Int?, area: Int?) async throws -> [(
        [Int], Int
    )] {
        let firstFullYear = fromMonth % 100 == 1 ? fromMonth / 100 : fromMonth / 100 + 1
        let lastFullYear = toMonth % 100 == 12 ? toMonth / 100 : toMonth / 100 - 1
        // The published edition holds monthly rows only.
        guard firstFullYear <= lastFullYear, publishedMonths.isEmpty else {
            return try await sum(
                .lsoa, by: ["value"], fromMonth: fromMonth, toMonth: toMonth, classes: classes, theme: theme, area: area
            )
        }
        var parts = try await sum(
            .lsoaYear, by: ["value"], fromMonth: firstFullYear * 100 + 1, toMonth: lastFullYear * 100 + 12,
            classes: classes, theme: theme, area: area)
        if fromMonth < firstFullYear * 100 + 1 {
            parts += try await sum(
                .lsoa, by: ["value"], fromMonth: fromMonth, toMonth: (firstFullYear - 1) * 100 + 12,
                classes: classes, theme: theme, area: area)
        }
        if toMonth > lastFullYear * 100 + 12 {
            parts += try await sum(
                .lsoa, by: ["value"], fromMonth: (lastFullYear + 1) * 100 + 1, toMonth: toMonth,
                classes: classes, theme: theme, area: area)
        }
        return parts
    }

    /// Sums counts of one breakdown, grouped by the named columns (of month, theme, cyber, area, value).
    public func sum(
        _ dimension: CrimeDimension, by columns: [String], fromMonth: Int, toMonth: Int, classes: [Int],
        theme: Int?, area: Int?
    ) async throws -> [([Int], Int)] {
        let runs = runs(fromMonth: fromMonth, toMonth: toMonth)
        if runs.count == 1 {
            return try await sum(
                dimension, by: columns, table: runs[0].table, fromMonth: runs[0].from, toMonth: runs[0].to,
                classes: classes, theme: theme, area: area)
        }
        var totals: [[Int]: Int] = [:]
        var order: [[Int]] = []
        for run in runs {
            for (keys, count) in try await sum(
                dimension, by: columns, table: run.table, fromMonth: run.from, toMonth: run.to, classes: classes,
                theme: theme, area: area)
            {
                if totals[keys] == nil { order.append(keys) }
                totals[keys, default: 0] += count
            }
        }
        return order.map { ($0, totals[$0]!) }
    }

    private func sum(
        _ dimension: CrimeDimension, by columns: [String], table: String, fromMonth: Int, toMonth: Int,
        classes: [Int], theme: Int?, area: Int?
    ) async throws -> [([Int], Int)] {
        let groups = columns.joined(separator: ", ")
        var query = SQLQueryString("SELECT ")
        query.appendLiteral(groups.isEmpty ? "" : groups + ", ")
        query.appendLiteral("CAST(SUM(n) AS BIGINT) AS total FROM \(table) WHERE source_key = ")
        query.appendInterpolation(bind: sourceKey)
        query.appendLiteral(" AND dim = \(dimension.rawValue) AND month BETWEEN ")
        query.appendInterpolation(bind: fromMonth)
        query.appendLiteral(" AND ")
        query.appendInterpolation(bind: toMonth)
        query.appendLiteral(" AND cyber IN (\(classes.map(String.init).joined(separator: ", ")))")
        if let theme {
            query.appendLiteral(" AND theme = ")
            query.appendInterpolation(bind: theme)
        }
        if let area {
            query.appendLiteral(" AND area = ")
            query.appendInterpolation(bind: area)
        }
        if !groups.isEmpty { query.appendLiteral(" GROUP BY \(groups)") }
        let rows = try await sql.raw(query).all()
        return try rows.compactMap { row in
            guard let total = try row.decode(column: "total", as: Int?.self) else { return nil }
            return (try columns.map { try row.decode(column: $0, as: Int.self) }, total)
        }
    }
}
