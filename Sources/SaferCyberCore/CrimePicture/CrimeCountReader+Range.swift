import FluentKit
import SQLKit

extension CrimeCountReader {
    /// The first and last month that have any records, as yyyymm.
    public func monthRange() async throws -> (first: Int, last: Int)? {
        let row = try await sql.raw(
            """
            SELECT MIN(month) AS first, MAX(month) AS last FROM crime_counts WHERE source_key = \(bind: sourceKey) AND dim = 0
            """
        ).first()
        guard let row, let first = try row.decode(column: "first", as: Int?.self),
            let last = try row.decode(column: "last", as: Int?.self)
        else { return nil }
        return (first, last)
    }
}

extension CrimeCountReader {
    /// Whether any record is classed as cyber-enabled or cyber-dependent (what the standard view's scope needs).
    public func hasCyberRecords() async throws -> Bool {
        let row = try await sql.raw(
            """
            SELECT 1 AS found FROM crime_counts WHERE source_key = \(bind: sourceKey) AND dim = 0 AND cyber IN (1, 2) \
            AND n > 0 LIMIT 1
            """
        ).first()
        return row != nil
    }
}
