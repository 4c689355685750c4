/// The aggregate table `crime_counts` holds, for each partnership, one count per
/// (breakdown, month, theme, cyber class, local authority, value). Pages read only these rows.
///
/// Why this stays equal to a raw recount: an import adds +1 for each new record's cells and, for a corrected
/// record, -1 for its old cells and +1 for its new ones, in the same transaction as the record itself.
/// Re-classification and geography loads rebuild a partnership's counts from its records in one statement.
///
/// Only `total` is kept per month (for the monthly trend); every breakdown is kept per quarter (month = the
/// quarter's first month), which is all the pages need and a third of the rows to read.
public enum CrimeDimension: Int, CaseIterable, Sendable {
    case total = 0
    case ageBand = 1
    case victimType, repeatVictim, outcome, lsoa, basis, offence
    /// LSOA counts again, per calendar year (month = January): a ten-year area table reads a quarter of the rows.
    case lsoaYear = 8
    /// Victim age band crossed with victim type (value = age band × 16 + victim type, both `AgeBand`/`VictimType`
    /// raw values): the reporting gap counts individual victims aged 16 and over, the group the Crime Survey's
    /// reporting shares describe (issue 19).
    case ageByVictimType = 9

    /// The `ageByVictimType` value of an age band and victim type.
    public static func ageByVictimTypeValue(ageBand: Int, victimType: Int) -> Int { ageBand * 16 + victimType }

    var isMonthly: Bool { self == .total }
}

/// One record's cells, packed into 64-bit keys for the in-memory tally during an import.
struct CrimeCountKey: Hashable {
    var dimension: CrimeDimension
    var month: Int
    var theme: Int
    var cyber: Int
    var area: Int
    var value: Int

    /// 4 bits dimension, 12 bits month index, 10 theme, 2 cyber, 12 area, 24 value (offset so that negative
    /// LSOA numbers for codes outside the loaded geography fit).
    var packed: UInt64 {
        let monthIndex = UInt64((month / 100 - 1970) * 12 + month % 100 - 1)
        var key = UInt64(dimension.rawValue)
        key = key << 12 | monthIndex
        key = key << 10 | UInt64(theme)
        key = key << 2 | UInt64(cyber)
        key = key << 12 | UInt64(area)
        key = key << 24 | UInt64(value + (1 << 23))
        return key
    }

    init(dimension: CrimeDimension, month: Int, theme: Int, cyber: Int, area: Int, value: Int) {
        self.dimension = dimension
        self.month = month
        self.theme = theme
        self.cyber = cyber
        self.area = area
        self.value = value
    }

    init(packed: UInt64) {
        var key = packed
        value = Int(key & ((1 << 24) - 1)) - (1 << 23)
        key >>= 24
        area = Int(key & 0xFFF)
        key >>= 12
        cyber = Int(key & 0x3)
        key >>= 2
        theme = Int(key & 0x3FF)
        key >>= 10
        let monthIndex = Int(key & 0xFFF)
        key >>= 12
        dimension = CrimeDimension(rawValue: Int(key))!
        month = (1970 + monthIndex / 12) * 100 + monthIndex % 12 + 1
    }

    static func quarterStart(_ month: Int) -> Int {
        month / 100 * 100 + (month % 100 - 1) / 3 * 3 + 1
    }

    /// Adds `delta` to each of a record's cells.
    @inline(__always)
    static func tally(_ counts: inout UInt64Table, record: StoredCrime, area: Int, delta: Int) {
        var key = CrimeCountKey(
            dimension: .total, month: record.month, theme: record.theme, cyber: record.cyber,
            area: area, value: 0)
        counts.add(key.packed, delta)
        // Unrolled: an array of (dimension, value) pairs here would allocate for every row of a million.
        key.month = quarterStart(record.month)
        key.dimension = .ageBand
        key.value = record.ageBand
        counts.add(key.packed, delta)
        key.dimension = .victimType
        key.value = record.victimType
        counts.add(key.packed, delta)
        key.dimension = .ageByVictimType
        key.value = CrimeDimension.ageByVictimTypeValue(ageBand: record.ageBand, victimType: record.victimType)
        counts.add(key.packed, delta)
        key.dimension = .repeatVictim
        key.value = record.repeatVictim
        counts.add(key.packed, delta)
        key.dimension = .outcome
        key.value = record.outcome
        counts.add(key.packed, delta)
        key.dimension = .lsoa
        key.value = record.lsoa
        counts.add(key.packed, delta)
        key.dimension = .basis
        key.value = record.basis
        counts.add(key.packed, delta)
        key.dimension = .offence
        key.value = record.offence
        counts.add(key.packed, delta)
        key.dimension = .lsoaYear
        key.value = record.lsoa
        key.month = record.month / 100 * 100 + 1
        counts.add(key.packed, delta)
    }
}

/// The fields of a stored record that its counts depend on, plus what re-import compares.
struct StoredCrime {
    var contentHash: UInt64 = 0
    var importNumber = 0
    var month = 0
    var offence = 0
    var ageBand = 0
    var victimType = 0
    var repeatVictim = 0
    var lsoa = 0
    var outcome = 0
    var theme = 0
    var cyber = 0
    var basis = 0
}
