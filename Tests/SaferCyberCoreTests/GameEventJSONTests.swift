import Foundation
import XCTest

@testable import SaferCyberCore

/// Game events are stored as JSON written by hand (GameEventRecord.json). It must read back exactly as
/// JSONEncoder's own output does, for every kind of event and every field, including awkward text and times.
final class GameEventJSONTests: XCTestCase {
    private let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()
    private let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    private var events: [GameEvent] {
        let times = [
            Date(timeIntervalSince1970: 1_795_447_571.143_159_4), Date(timeIntervalSince1970: 0),
            Date(timeIntervalSince1970: 1_700_000_000),
            Date(timeIntervalSinceReferenceDate: 813_000_000.000_001), Date(),
        ]
        let awkward = "Quote \" back\\slash\nnew line\ttab <script> é 🦉 \u{0001}"
        let answers: [EscapeRules.Answer] = [
            .text(awkward), .choice(0), .choice(3), .flags([]), .flags([0, 2, 5]), .order([3, 1, 0, 2]),
            .code("4-7-1-9"),
        ]
        var all: [GameEvent] = []
        for (index, kind) in [
            GameEvent.Kind.started, .paused, .resumed, .extended, .finished, .message, .hintPushed, .roundOpened,
            .roundRevealed,
            .confirmedForTeam, .teamJoined, .playerJoined, .answered, .hintTaken, .basketChanged, .agreed,
            .teamsLocked, .teamsUnlocked,
        ].enumerated() {
            let at = times[index % times.count]
            all.append(GameEvent(kind, at: at))
            all.append(
                GameEvent(
                    kind, at: at, team: "t\(index)_-x", player: "p-\(index)", name: awkward, puzzle: "parcel-text",
                    answer: answers[index % answers.count], seconds: index * 60 - 30, text: awkward,
                    defences: ["mfa", "backups", awkward], round: index, code: "K7P\(index)"))
        }
        return all + answers.map { GameEvent(.answered, at: times[0], team: "t", puzzle: "p", answer: $0) }
    }

    func testHandWrittenJSONReadsBackAsJSONEncodersDoes() throws {
        for event in events {
            let hand = GameEventRecord.json(event)
            let viaFoundation = try decoder.decode(GameEvent.self, from: foundation.encode(event))
            let viaHand = try decoder.decode(GameEvent.self, from: Data(hand.utf8))
            XCTAssertEqual(viaHand, viaFoundation, hand)
            // And through the stored record, as a restarted server reads it.
            let record = try GameEventRecord(sessionID: UUID(), sequence: 1, event: event)
            XCTAssertEqual(try record.event(), viaFoundation)
        }
    }

    func testTheTimeKeepsItsMilliseconds() throws {
        let event = GameEvent(.answered, at: Date(timeIntervalSince1970: 1_795_447_571.143_159_4), team: "t")
        let text = GameEventRecord.json(event)
        XCTAssertTrue(text.contains("\"at\":1795447571143.159"), text)
        let back = try decoder.decode(GameEvent.self, from: Data(text.utf8))
        XCTAssertEqual(back.at.timeIntervalSince1970, 1_795_447_571.143_159_4, accuracy: 0.000_001)
        XCTAssertEqual(
            GameEventRecord.json(GameEvent(.started, at: Date(timeIntervalSince1970: 12))),
            #"{"kind":"started","at":12000}"#)
    }
}
