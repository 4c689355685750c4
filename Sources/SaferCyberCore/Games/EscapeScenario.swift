/// A cyber escape room, read from a JSON file (format in docs/scenarios.md): a chain of rooms,
/// each a few puzzles, played against the clock.
public struct EscapeScenario: Codable, Sendable, Equatable {
    public static let format = "safercyber-escape/1"

    public var format: String
    public var id: String
    public var title: String
    public var summary: String
    public var audience: String
    public var minutes: Int
    public var story: String
    public var rooms: [Room]
    public var debrief: Debrief

    public struct Room: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var story: String
        public var puzzles: [Puzzle]
    }

    public struct Puzzle: Codable, Sendable, Equatable {
        public var id: String
        public var kind: PuzzleKind
        public var title: String
        public var prompt: String
        /// text: the accepted answers (compared after normalising, see `EscapeRules.normalise`).
        public var answers: [String]?
        /// choice: the options, and the index of the right one.
        public var options: [String]?
        public var correct: Int?
        /// red-flags: the message to inspect, split into parts, some of them suspicious.
        public var message: Message?
        /// ordering: the items in their right order (players see them shuffled).
        public var items: [String]?
        /// code-lock: the code, and the puzzles whose clues make it up, in order.
        public var code: String?
        public var cluesFrom: [String]?
        /// What solving this puzzle reveals for a later code lock.
        public var clue: String?
        public var hints: [Hint]
        /// Why the answer is right, shown as soon as the team gets it.
        public var right: String
        /// Why a wrong answer is wrong, shown straight away; the team can try again.
        public var wrong: String
    }

    public enum PuzzleKind: String, Codable, Sendable, CaseIterable {
        case text, choice
        case redFlags = "red-flags"
        case ordering
        case codeLock = "code-lock"
    }

    public struct Message: Codable, Sendable, Equatable {
        public var kind: MessageKind
        /// Sender, address bar or phone number, as the player would see it.
        public var from: String
        public var subject: String?
        public var parts: [Part]
        /// How many red flags a team must find (all of them when absent).
        public var need: Int?
    }

    public enum MessageKind: String, Codable, Sendable, CaseIterable {
        case email, text, web
    }

    public struct Part: Codable, Sendable, Equatable {
        public var text: String
        public var flag: Bool?
        /// Why this part is (or is not) suspicious.
        public var why: String?
    }

    public struct Hint: Codable, Sendable, Equatable {
        public var text: String
        public var costSeconds: Int
    }

    public struct Debrief: Codable, Sendable, Equatable {
        public var keyMessages: [String]
        public var report: String
    }

    /// Every puzzle in playing order.
    public var puzzles: [Puzzle] { rooms.flatMap(\.puzzles) }
    // Live games ask these on every answer and for every team's standing: walk the rooms instead of building `puzzles`.
    public var puzzleCount: Int { rooms.reduce(0) { $0 + $1.puzzles.count } }
    public func puzzle(_ id: String) -> Puzzle? {
        for room in rooms { if let puzzle = room.puzzles.first(where: { $0.id == id }) { return puzzle } }
        return nil
    }
    public func firstPuzzle(where unsolved: (Puzzle) -> Bool) -> Puzzle? {
        for room in rooms { if let puzzle = room.puzzles.first(where: unsolved) { return puzzle } }
        return nil
    }
}
