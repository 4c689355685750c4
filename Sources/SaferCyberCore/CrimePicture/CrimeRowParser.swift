import Foundation

/// One problem with one row, as shown to the person importing and in the downloadable CSV.
public struct CrimeRejection: Sendable, Equatable {
    public var line: Int
    public var column: String
    public var value: String
    public var reason: String

    public init(line: Int, column: String, value: String, reason: String) {
        self.line = line
        self.column = column
        self.value = value
        self.reason = reason
    }
}

/// A validated row: small integers plus the byte ranges of its two free-text fields.
struct ParsedCrime {
    var month = 0
    var day = 0
    var offence = 0
    var onlineFlag = OnlineFlag.unknown
    var ageBand = 0
    var victimType = 0
    var repeatVictim = 0
    var lsoa = 0
    var outcome = 0
    var contentHash: UInt64 = 0
}

/// Turns CSV records into `ParsedCrime`s, remembering each distinct value it has already checked so that a
/// million rows cost a million table look-ups rather than a million String conversions.
struct CrimeRowParser {
    static let maxReferenceBytes = 64
    static let maxMOBytes = 1000
    static let maxDescriptionBytes = 200

    let columns: [CrimeField: Int]
    let headerNames: [CrimeField: String]
    let referenceMayBeBlank: Bool
    let columnCount: Int
    let latestDate: (year: Int, month: Int, day: Int)
    private let dictionary: CrimeDictionary
    private let lsoaNumbers: ByteTable<Int>
    /// Column of each field by `CrimeField.ordinal`, -1 when the file has none; and every mapped column in order.
    private let columnOf: [Int]
    private let hashOrder: [Int]

    private var offences = ByteTable<Int>()
    private var outcomes = ByteTable<Int>()
    private var lsoas = ByteTable<Int>(capacity: 4096)
    private var flags = ByteTable<Int>(capacity: 16)
    private var ages = ByteTable<Int>(capacity: 32)
    private var victimTypes = ByteTable<Int>(capacity: 16)
    private var repeats = ByteTable<Int>(capacity: 16)
    private var offenceKey: [UInt8] = []
    private var dates = ByteTable<Int>(capacity: 4096)

    init(
        columns: [CrimeField: Int], profile: CrimeProfile, columnCount: Int, dictionary: CrimeDictionary,
        lsoaNumbers: ByteTable<Int>, today: Date = Date()
    ) {
        self.columns = columns
        self.headerNames = profile.columns
        self.referenceMayBeBlank = profile.referenceMayBeBlank
        self.columnCount = columnCount
        self.dictionary = dictionary
        self.lsoaNumbers = lsoaNumbers
        var columnOf = Array(repeating: -1, count: CrimeField.allCases.count)
        for (field, index) in columns { columnOf[field.ordinal] = index }
        self.columnOf = columnOf
        self.hashOrder = columns.values.sorted()
        let parts = UKTime.calendar.dateComponents([.year, .month, .day], from: today)
        latestDate = (parts.year!, parts.month!, parts.day!)
    }

    /// Parses the reader's current record. Problems are appended to `problems`; returns nil if there were any.
    mutating func parse<S>(_ reader: borrowing CSVReader<S>, problems: inout [CrimeRejection]) -> ParsedCrime? {
        let line = reader.line
        guard reader.fieldCount == columnCount else {
            problems.append(
                CrimeRejection(
                    line: line, column: "", value: "",
                    reason: "This row has \(reader.fieldCount) columns but the header has \(columnCount)."))
            return nil
        }
        var row = ParsedCrime()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let before = problems.count

        let columnOf = self.columnOf
        func field(_ name: CrimeField) -> UnsafeBufferPointer<UInt8>? {
            let index = columnOf[name.ordinal]
            return index < 0 ? nil : reader.field(index)
        }
        func reject(_ name: CrimeField, _ bytes: UnsafeBufferPointer<UInt8>, _ reason: String) {
            problems.append(
                CrimeRejection(
                    line: line, column: headerNames[name] ?? name.label,
                    value: String(decoding: bytes.prefix(80), as: UTF8.self), reason: reason))
        }

        // Every mapped field feeds the content hash, so a corrected record is noticed on re-import.
        for index in hashOrder {
            hash = fnv1a(reader.field(index), hash)
            hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01B3
        }
        row.contentHash = hash

        if let bytes = field(.reference) {
            if bytes.isEmpty && !referenceMayBeBlank { reject(.reference, bytes, "The crime reference is blank.") }
            if bytes.count > Self.maxReferenceBytes {
                reject(.reference, bytes, "The crime reference is longer than 64 characters.")
            }
            if !isText(bytes) { reject(.reference, bytes, "The crime reference is not readable text.") }
        }
        if let bytes = field(.recordedDate) {
            let date = parseDate(bytes)
            if date < 0 {
                reject(
                    .recordedDate, bytes,
                    date == -2
                        ? "The date is in the future."
                        : "This is not a date. Use YYYY-MM-DD, DD/MM/YYYY or YYYY-MM.")
            } else {
                row.month = date / 100
                row.day = date % 100
            }
        }
        row.offence = offenceNumber(code: field(.offenceCode), description: field(.offenceDescription))
        if row.offence < 0 {
            reject(
                .offenceDescription, field(.offenceDescription) ?? UnsafeBufferPointer(start: nil, count: 0),
                "The offence description is longer than 200 characters or is not readable text.")
        }
        if let bytes = field(.onlineFlag) {
            let value = Self.lookup(&flags, bytes) { OnlineFlag.parse($0)?.rawValue }
            if value < 0 {
                reject(.onlineFlag, bytes, "Use Y or N for the online flag.")
            } else {
                row.onlineFlag = OnlineFlag(rawValue: value)!
            }
        }
        if let bytes = field(.victimAgeBand) {
            let value = Self.lookup(&ages, bytes) { AgeBand.parse($0)?.rawValue }
            if value < 0 {
                reject(
                    .victimAgeBand, bytes,
                    "This is not an age band. Use one of: under 16, 16-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75+ or unknown."
                )
            } else {
                row.ageBand = value
            }
        }
        if let bytes = field(.victimType) {
            let value = Self.lookup(&victimTypes, bytes) { VictimType.parse($0)?.rawValue }
            if value < 0 {
                reject(.victimType, bytes, "Use person, business, school or charity for the victim type.")
            } else {
                row.victimType = value
            }
        }
        if let bytes = field(.repeatVictim) {
            let value = Self.lookup(&repeats, bytes) { YesNo.parse($0).map { $0 ? 1 : 0 } }
            if value < 0 {
                reject(.repeatVictim, bytes, "Use Y or N for the repeat victim marker.")
            } else {
                row.repeatVictim = value
            }
        }
        if let bytes = field(.lsoa) {
            let value = lsoaNumber(bytes)
            if value == Int.min {
                reject(.lsoa, bytes, "This is not an LSOA code (like E01012345).")
            } else {
                row.lsoa = value
            }
        }
        let outcomeBytes = field(.outcome) ?? UnsafeBufferPointer(start: nil, count: 0)
        let outcome = Self.lookup(&outcomes, outcomeBytes) { [dictionary] text in
            let label = text.trimmingSpaces()
            guard label.utf8.count <= Self.maxDescriptionBytes else { return nil }
            return dictionary.number(.outcome, label.isEmpty ? "Not recorded" : label)
        }
        if outcome < 0 {
            reject(.outcome, outcomeBytes, "The outcome is longer than 200 characters or is not readable text.")
        } else {
            row.outcome = outcome
        }
        if let bytes = field(.modusOperandi) {
            if bytes.count > Self.maxMOBytes {
                reject(.modusOperandi, bytes, "The modus operandi text is longer than 1,000 characters.")
            } else if !isText(bytes) {
                reject(.modusOperandi, bytes, "The modus operandi text is not readable text.")
            }
        }
        return problems.count == before ? row : nil
    }

    /// Looks a raw value up, parsing and remembering it the first time. Returns Int.min when it is not valid.
    private static func lookup(
        _ table: inout ByteTable<Int>, _ bytes: UnsafeBufferPointer<UInt8>, parse: (String) -> Int?
    ) -> Int {
        let hash = fnv1a(bytes)
        if let value = table.find(bytes, hash: hash) { return value }
        let value = String(validating: bytes, as: UTF8.self).flatMap(parse) ?? Int.min
        table.insert(bytes, hash: hash, value: value)
        return value
    }

    private mutating func offenceNumber(code: UnsafeBufferPointer<UInt8>?, description: UnsafeBufferPointer<UInt8>?)
        -> Int
    {
        offenceKey.removeAll(keepingCapacity: true)
        if let code { offenceKey.append(contentsOf: code) }
        offenceKey.append(0x1F)
        if let description { offenceKey.append(contentsOf: description) }
        return offenceKey.withUnsafeBufferPointer { key in
            Self.lookup(&offences, key) { [dictionary] text in
                let parts = text.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
                let code = String(parts[0]).trimmingSpaces()
                let description = parts.count > 1 ? String(parts[1]).trimmingSpaces() : ""
                guard code.utf8.count <= 32, description.utf8.count <= Self.maxDescriptionBytes else { return nil }
                return dictionary.number(.offence, "\(code)|\(description.isEmpty ? "Not recorded" : description)")
            }
        }
    }

    /// Geography number (>0), unknown-but-valid code (<0), blank (0), or Int.min when not an LSOA code.
    private mutating func lsoaNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        Self.lookup(&lsoas, bytes) { [dictionary, lsoaNumbers] text in
            let code = text.trimmingSpaces().uppercased()
            if code.isEmpty { return 0 }
            guard Self.isLSOACode(code) else { return Int.min }
            let codeBytes = Array(code.utf8)
            if let known = codeBytes.withUnsafeBufferPointer({ lsoaNumbers.find($0, hash: fnv1a($0)) }) { return known }
            return -dictionary.number(.unknownLSOA, code)
        }
    }

    /// 2011 and 2021 LSOA codes share one shape: E01 (England) or W01 (Wales) and six digits.
    static func isLSOACode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count == 9, bytes[0] == UInt8(ascii: "E") || bytes[0] == UInt8(ascii: "W"),
            bytes[1] == UInt8(ascii: "0"), bytes[2] == UInt8(ascii: "1")
        else { return false }
        return bytes[3...].allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// yyyymmdd (day 0 when only the month is given), -1 when not a date, -2 when in the future.
    private mutating func parseDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // Times after the date ("2024-03-01 14:05") are ignored.
        var length = bytes.count
        for i in 0..<bytes.count where bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "T") {
            length = i
            break
        }
        let datePart = UnsafeBufferPointer(rebasing: bytes[0..<length])
        let latest = latestDate
        return Self.lookup(&dates, datePart) { text in Self.dateValue(text, latest: latest) }
    }

    static func dateValue(_ text: String, latest: (year: Int, month: Int, day: Int)) -> Int {
        let text = text.trimmingSpaces()
        var year = 0
        var month = 0
        var day = 0
        if text.contains("/") {
            let parts = text.split(separator: "/").map { Int($0) }
            guard parts.count == 3, let d = parts[0], let m = parts[1], let y = parts[2], String(y).count == 4 else {
                return -1
            }
            (year, month, day) = (y, m, d)
        } else {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2 || parts.count == 3, parts[0].count == 4, parts[1].count == 2,
                let y = Int(parts[0]), let m = Int(parts[1])
            else { return -1 }
            (year, month) = (y, m)
            if parts.count == 3 {
                guard parts[2].count == 2, let d = Int(parts[2]) else { return -1 }
                day = d
            }
        }
        guard year >= 1990, (1...12).contains(month) else { return -1 }
        let daysInMonth = [
            31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
        ]
        if day != 0 || text.split(separator: "-").count == 3 || text.contains("/") {
            guard (1...daysInMonth[month - 1]).contains(day) else { return -1 }
        }
        if (year, month, day) > (latest.year, latest.month, latest.day)
            && !(day == 0 && (year, month) <= (latest.year, latest.month))
        {
            return -2
        }
        return (year * 100 + month) * 100 + day
    }

    /// Valid UTF-8 with no control characters other than tab and line breaks.
    func isText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var ascii = true
        for byte in bytes {
            if byte >= 0x80 {
                ascii = false
            } else if byte < 0x20 && byte != 9 && byte != 10 && byte != 13 {
                return false
            }
        }
        return ascii || String(validating: bytes, as: UTF8.self) != nil
    }
}
