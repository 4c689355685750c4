import Foundation

/// "Where do I report this?": a few questions, one at a time, that end with the right places to report and to
/// get support (domain guide §3). Pure: the answers travel in the address, nothing typed is asked or stored.
public enum ReportRouter {
    public enum Happened: String, CaseIterable, Sendable {
        case fraud
        case scamMessage = "scam-message"
        case hacked, images
        case childAbuse = "child-abuse"
        case harassment, extremism
        case youngHacker = "young-hacker"
        case radicalisation

        public var label: String {
            switch self {
            case .fraud: "I lost money, or was tricked into paying or giving my details"
            case .scamMessage: "I got a scam text, email or call"
            case .hacked: "An account was hacked, or a device has a virus or ransomware"
            case .images: "Someone shared, or threatens to share, intimate images"
            case .childAbuse: "A child is being groomed or sexually abused online"
            case .harassment: "Someone is harassing, stalking or bullying online"
            case .extremism: "I saw terrorist or extremist material online"
            case .youngHacker: "I am worried a young person is getting into hacking or cybercrime"
            case .radicalisation: "I am worried someone is being radicalised"
            }
        }
        /// Whether the answer depends on the person's age (children have their own routes).
        var asksAge: Bool { [.fraud, .hacked, .images, .harassment].contains(self) }
        /// Whether money or bank details may be at stake.
        var asksMoney: Bool { [.fraud, .hacked, .scamMessage].contains(self) }
    }

    public enum Step: String, Sendable { case danger, happened, child, money, nation, result }

    /// The answers so far. Each is nil until given.
    public struct Answers: Sendable, Equatable {
        public var danger: Bool?
        public var happened: Happened?
        public var child: Bool?
        public var money: Bool?
        public var scotland: Bool?

        public init(
            danger: Bool? = nil, happened: Happened? = nil, child: Bool? = nil, money: Bool? = nil,
            scotland: Bool? = nil
        ) {
            self.danger = danger
            self.happened = happened
            self.child = child
            self.money = money
            self.scotland = scotland
        }

        /// Reads answers from the address; anything unrecognised is treated as not answered.
        public init(query: [String: String]) {
            func yesNo(_ key: String) -> Bool? { query[key] == "yes" ? true : query[key] == "no" ? false : nil }
            self.init(
                danger: yesNo("danger"), happened: query["happened"].flatMap(Happened.init(rawValue:)),
                child: yesNo("child"),
                money: yesNo("money"),
                scotland: query["nation"] == "scotland" ? true : query["nation"] == "elsewhere" ? false : nil)
        }

        /// The answers as address fields, in question order.
        public var query: [(String, String)] {
            var pairs: [(String, String)] = []
            if let danger { pairs.append(("danger", danger ? "yes" : "no")) }
            if let happened { pairs.append(("happened", happened.rawValue)) }
            if let child { pairs.append(("child", child ? "yes" : "no")) }
            if let money { pairs.append(("money", money ? "yes" : "no")) }
            if let scotland { pairs.append(("nation", scotland ? "scotland" : "elsewhere")) }
            return pairs
        }
    }

    /// The next question to ask, or `.result` when the answers are enough.
    public static func next(_ a: Answers) -> Step {
        guard let danger = a.danger else { return .danger }
        if danger { return .result }
        guard let happened = a.happened else { return .happened }
        if happened.asksAge && a.child == nil { return .child }
        if happened.asksMoney && a.money == nil { return .money }
        if needsNation(a) && a.scotland == nil { return .nation }
        return .result
    }

    /// Fraud and cyber crime go to Report Fraud, except in Scotland.
    static func needsNation(_ a: Answers) -> Bool {
        switch a.happened {
        case .fraud, .hacked: true
        case .scamMessage: a.money == true
        default: false
        }
    }

    public enum Route: String, CaseIterable, Sendable {
        case emergency, bank
        case reportFraud = "report-fraud"
        case policeScotland = "police-scotland"
        case police101 = "police-101"
        case scamText = "scam-text"
        case scamEmail = "scam-email"
        case ceop, childline
        case revengePornHelpline = "revenge-porn-helpline"
        case stopNCII = "stop-ncii"
        case counterTerrorism = "counter-terrorism"
        case cyberChoices = "cyber-choices"
        case prevent
        case victimSupport = "victim-support"
    }

    /// Where to go, most urgent first. The first is the journey's outcome in the counts.
    public static func routes(for a: Answers) -> [Route] {
        if a.danger == true { return [.emergency] }
        let child = a.child == true
        var routes: [Route]
        switch a.happened {
        case nil:
            return []
        case .fraud, .hacked:
            routes = [a.scotland == true ? .policeScotland : .reportFraud]
            if a.money == true { routes.insert(.bank, at: 0) }
        case .scamMessage:
            routes =
                a.money == true
                ? [.bank, a.scotland == true ? .policeScotland : .reportFraud, .scamText, .scamEmail]
                : [.scamText, .scamEmail]
        case .images:
            routes = child ? [.ceop, .childline] : [.revengePornHelpline, .stopNCII, .police101]
        case .childAbuse:
            routes = [.ceop, .childline]
        case .harassment:
            routes = [.police101]
        case .extremism:
            routes = [.counterTerrorism]
        case .youngHacker:
            routes = [.cyberChoices]
        case .radicalisation:
            routes = [.prevent]
        }
        if child && !routes.contains(.childline) { routes.append(.childline) }
        let harmed =
            [.fraud, .hacked, .harassment].contains(a.happened!) || (a.happened == .scamMessage && a.money == true)
        if !child && harmed { routes.append(.victimSupport) }
        return routes
    }
}
