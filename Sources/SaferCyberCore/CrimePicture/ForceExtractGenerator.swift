import Foundation

/// Writes a realistic, deterministic force extract (same seed, same file) for the demo partnership and the
/// benchmarks. The offence mix, flag rate and victim profile follow the shape described in the domain guide
/// (about 740 cyber-related records a quarter for a county force); the codes are illustrative.
public struct ForceExtractGenerator {
    public struct Offence: Sendable {
        var code: String
        var description: String
        var weight: Double
        var flagRate: Double
        var mo: [String]
    }

    static let offences: [Offence] = [
        Offence(
            code: "53A", description: "Fraud by false representation", weight: 30, flagRate: 0.8,
            mo: [
                "Victim contacted by text message claiming to be the bank, persuaded to move money to a safe account",
                "Bought a car part on an online marketplace, paid by bank transfer, item never arrived",
                "Cold call offering a refund, caller asked to install remote access software on the laptop",
                "Romance contact met on a dating app asked for money for travel costs",
                "Fake parcel delivery email asked for card details to rebook a delivery",
            ]),
        Offence(
            code: "53C", description: "Fraud by abuse of position", weight: 3, flagRate: 0.4,
            mo: [
                "Carer used the victim's online banking to make payments to themselves"
            ]),
        Offence(
            code: "53B", description: "Fraud by failing to disclose information", weight: 2, flagRate: 0.5,
            mo: [
                "Invoice details changed by email, supplier payment sent to a new account"
            ]),
        Offence(
            code: "195/94", description: "Malicious communications", weight: 14, flagRate: 0.9,
            mo: [
                "Abusive messages sent on social media after a falling out",
                "Threatening messages received on WhatsApp from an unknown number",
            ]),
        Offence(
            code: "8R", description: "Harassment", weight: 10, flagRate: 0.75,
            mo: [
                "Ex-partner repeatedly messaging on Instagram despite being asked to stop",
                "Neighbour posting comments about the victim in a local Facebook group",
            ]),
        Offence(
            code: "8Q", description: "Stalking", weight: 4, flagRate: 0.7,
            mo: [
                "Suspect tracking the victim's location through a shared phone account"
            ]),
        Offence(
            code: "88E", description: "Sexual communication with a child", weight: 3, flagRate: 0.95,
            mo: [
                "Adult posing as a teenager contacted the child through an online game chat"
            ]),
        Offence(
            code: "86/2", description: "Possession of indecent photograph of a child", weight: 3, flagRate: 0.9,
            mo: [
                "Images found on a device after a report from an online platform"
            ]),
        Offence(
            code: "8T", description: "Disclosing private sexual photographs and films with intent to cause distress",
            weight: 3, flagRate: 0.9,
            mo: [
                "Ex-partner shared an intimate image in a group chat"
            ]),
        Offence(
            code: "99/44", description: "Blackmail", weight: 3, flagRate: 0.85,
            mo: [
                "Sextortion: victim asked to pay after a video call was recorded on a webcam"
            ]),
        Offence(
            code: "CMA1", description: "Computer misuse: unauthorised access to computer material", weight: 6,
            flagRate: 0.95,
            mo: [
                "Social media account hacked and used to message friends asking for money",
                "Email account accessed after a phishing link, password changed",
            ]),
        Offence(
            code: "CMA3", description: "Computer misuse: unauthorised acts with intent to impair operation of computer",
            weight: 2, flagRate: 1.0,
            mo: [
                "Ransomware encrypted the business's files, ransom demanded in bitcoin",
                "Denial of service attack on a small business website",
            ]),
        Offence(
            code: "66/5", description: "Racially or religiously aggravated harassment", weight: 2, flagRate: 0.8,
            mo: [
                "Hateful comments posted under a community group's video"
            ]),
        Offence(
            code: "49/1", description: "Theft from the person", weight: 10, flagRate: 0.05,
            mo: [
                "Phone taken from a table in a cafe"
            ]),
    ]

    static let outcomes = [
        ("Investigation complete; no suspect identified", 40.0), ("Under investigation", 20.0),
        ("Unable to prosecute suspect", 12.0), ("Evidential difficulties; victim does not support action", 12.0),
        ("Offender charged", 6.0), ("Local resolution", 4.0), ("Action to be taken by another organisation", 6.0),
    ]
    static let ageBands = [
        ("under 16", 6.0), ("16-24", 14.0), ("25-34", 16.0), ("35-44", 15.0), ("45-54", 14.0),
        ("55-64", 12.0), ("65-74", 11.0), ("75+", 7.0), ("unknown", 5.0),
    ]
    static let victimTypes = [("person", 88.0), ("business", 8.0), ("school", 2.0), ("charity", 2.0)]

    var random: SplitMix64
    let lsoas: [String]
    let prefix: String

    public init(seed: UInt64, lsoaCodes: [String], referencePrefix: String = "DUR") {
        random = SplitMix64(seed: seed)
        lsoas = lsoaCodes.isEmpty ? ["E01020634"] : lsoaCodes
        prefix = referencePrefix
    }

    public static let header = CrimeProfile.forceExtractColumns.map(\.1).joined(separator: ",")

    /// Writes `rowsPerQuarter` records (growing 8% a year) for each quarter from `firstMonth` (yyyymm)
    /// for `quarters` quarters, calling `write` with chunks of CSV text.
    public mutating func generate(firstMonth: Int, quarters: Int, rowsPerQuarter: Int, write: (String) throws -> Void)
        rethrows
    {
        try write(Self.header + "\n")
        var serial = 0
        var chunk = ""
        chunk.reserveCapacity(1 << 20)
        for quarter in 0..<quarters {
            let growth = pow(1.08, Double(quarter) / 4)
            let rows = Int((Double(rowsPerQuarter) * growth * (0.93 + 0.14 * random.unit())).rounded())
            let startIndex = (firstMonth / 100) * 12 + firstMonth % 100 - 1 + quarter * 3
            for _ in 0..<rows {
                serial += 1
                let monthIndex = startIndex + Int(random.next() % 3)
                let year = monthIndex / 12
                let month = monthIndex % 12 + 1
                let day = 1 + Int(random.next() % 28)
                chunk += row(serial: serial, year: year, month: month, day: day)
                if chunk.utf8.count > 1 << 20 {
                    try write(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
        }
        try write(chunk)
    }

    private mutating func row(serial: Int, year: Int, month: Int, day: Int) -> String {
        let offence = pick(Self.offences.map { ($0, $0.weight) })
        let flagged = random.unit() < offence.flagRate
        let mo = offence.mo[Int(random.next() % UInt64(offence.mo.count))]
        let victim =
            offence.code == "CMA3"
            ? pick([("business", 70.0), ("school", 15.0), ("charity", 15.0)]) : pick(Self.victimTypes)
        // Organisations have no age band; children are the victims of grooming offences.
        let age = victim != "person" ? "unknown" : offence.code == "88E" ? "under 16" : pick(Self.ageBands)
        let repeated = random.unit() < 0.12 ? "Y" : "N"
        let lsoa = lsoas[Int(random.next() % UInt64(lsoas.count))]
        let outcome = pick(Self.outcomes)
        let reference = "\(prefix)/\(year % 100)/\(String(format: "%07d", serial))"
        let date = String(format: "%04d-%02d-%02d", year, month, day)
        return
            "\(reference),\(date),\(offence.code),\(offence.description),\(flagged ? "Y" : "N"),\(age),\(victim),\(repeated),\(lsoa),\(outcome),\"\(mo)\"\n"
    }

    private mutating func pick<T>(_ weighted: [(T, Double)]) -> T {
        let total = weighted.reduce(0) { $0 + $1.1 }
        var target = random.unit() * total
        for (value, weight) in weighted {
            target -= weight
            if target < 0 { return value }
        }
        return weighted[weighted.count - 1].0
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood 2014), so demo data is the same on every machine.
public struct SplitMix64 {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
