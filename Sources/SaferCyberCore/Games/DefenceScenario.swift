/// An organisation-defence scenario, read from a JSON file (format in docs/scenarios.md).
/// A team runs security for an organisation over a few rounds, buying defences from a budget,
/// while a hidden schedule of attack chains plays out one step per round.
public struct DefenceScenario: Codable, Sendable, Equatable {
    public static let format = "safercyber-defence/1"

    public var format: String
    public var id: String
    public var title: String
    public var summary: String
    public var audience: String
    public var minutes: Int
    public var rounds: Int
    /// Money arriving at the start of each round, in thousands of pounds; unspent money carries over.
    public var budgetPerRound: Int
    public var organisation: Organisation
    public var sites: [Site]
    public var assets: [Asset]
    public var attackers: [Attacker]
    public var defences: [Defence]
    public var chains: [Chain]
    public var debrief: Debrief

    public struct Organisation: Codable, Sendable, Equatable {
        public var name: String
        public var story: String
    }

    public struct Site: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
    }

    public struct Asset: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var site: String
    }

    public struct Attacker: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var kind: AttackerKind
        public var description: String
    }

    public enum AttackerKind: String, Codable, Sendable, CaseIterable {
        case opportunist, organised, state
    }

    public struct Defence: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var category: DefenceCategory
        public var cost: Int
        public var description: String
        /// Defences that must have been bought in an *earlier* round (an audit's findings take a round to act on).
        public var requires: [String]?
        /// Hidden defences are only shown to players once everything they require has been bought.
        public var hidden: Bool?
        /// A threat assessment: players learn who is behind what they notice. It stops nothing by itself.
        public var revealsAttackers: Bool?
    }

    public enum DefenceCategory: String, Codable, Sendable, CaseIterable {
        case cyber
        case advancedCyber = "advanced-cyber"
        case physical, human, data, intelligence

        public var label: String {
            switch self {
            case .cyber: "Cyber"
            case .advancedCyber: "Advanced cyber"
            case .physical: "Physical"
            case .human: "People"
            case .data: "Data"
            case .intelligence: "Intelligence"
            }
        }
    }

    public struct Chain: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var attacker: String
        public var asset: String
        /// The round of the first step; each later step follows one round after the one before.
        public var startRound: Int
        public var steps: [Step]
    }

    public struct Step: Codable, Sendable, Equatable {
        /// What happens, for the facilitator and the debrief.
        public var description: String
        /// Defences that stop this step if bought in its round or earlier. Empty: nothing stops it directly.
        public var counters: [String]
        /// Harm done if the step succeeds, in thousands of pounds (or their equivalent in disruption).
        public var loss: Int
        /// What the organisation notices when the step succeeds; absent means it goes unseen.
        public var noticed: String?
        /// What the organisation notices when a defence stops the step; absent means it is stopped silently.
        public var noticedWhenStopped: String?
    }

    public struct Debrief: Codable, Sendable, Equatable {
        public var keyMessages: [String]
        public var report: String
    }

    public func defence(_ id: String) -> Defence? { defences.first { $0.id == id } }
    public func attacker(_ id: String) -> Attacker? { attackers.first { $0.id == id } }
}
