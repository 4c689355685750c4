import FluentKit
import Foundation
import SQLKit
import SaferCyberCore
import TestSupport
import XCTest

/// How the sender's batches are stored (issue 22's sending rate and its fencing): words written at the claim are saved
/// with their link already removed, in bulk; and on PostgreSQL an outcome never overwrites a claim made meanwhile.
final class OutboxSendingTests: XCTestCase {
    private func bookedEvent(on db: any Database, hasher: any PasswordHashing) async throws -> (UUID, String) {
        let partnershipID = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
        let start = Date().addingTimeInterval(7 * 24 * 3600)
        let event = try await Events.create(
            Events.Draft(
                title: "Scam awareness talk", kind: .talk, venue: "Town hall", area: "Darlington",
                startsAt: start, endsAt: start.addingTimeInterval(7200), capacity: 5, status: .published),
            partnershipID: partnershipID, by: .system("test"), on: db)
        let made = try await Bookings.signUp(
            eventID: event.requireID(), partnershipID: partnershipID,
            form: .init(name: "Ada", email: "ada@example.org", consent: true), links: OutboxTests.links, on: db)
        return (partnershipID, made.token)
    }

    func testWordsWrittenAtTheClaimAreSavedWithoutTheLinkAndARetryWritesThemAgain() async throws {
        try await withTestDatabase { db, hasher in
            let (_, token) = try await bookedEvent(on: db, hasher: hasher)
            let now = Date()
            let claimed = try await Outbox.claim(limit: 10, links: OutboxTests.links, now: now, on: db)
            let message = try XCTUnwrap(claimed.first { $0.mailKind == .bookingConfirmation })
            let id = try message.requireID()
            XCTAssertTrue(message.bodyText.contains(token), "the sender's copy carries the private link")
            XCTAssertTrue(message.bodyHTML.contains(token))
            var stored = try await unwrapped(try await OutboxMessage.find(id, on: db))
            XCTAssertFalse(stored.bodyText.contains(token), "the saved words do not")
            XCTAssertFalse(stored.bodyHTML.contains(token))
            XCTAssertTrue(stored.bodyText.contains("Ada"), "they are the words written now, not the stand-in")
            XCTAssertEqual(stored.secret, token, "the link stays for a retry")

            // A failed try: the next claim writes the words again, link and all.
            try await Outbox.finish(id, .temporaryFailure("451 later"), attempt: 1, now: now, on: db)
            let later = now.addingTimeInterval(Outbox.backOff(afterAttempts: 1) + 1)
            let again = try await Outbox.claim(limit: 10, links: OutboxTests.links, now: later, on: db)
            XCTAssertTrue(try XCTUnwrap(again.first { $0.id == id }).bodyText.contains(token))
            try await Outbox.finish(id, .sent(providerID: nil), attempt: 2, now: later, on: db)
            stored = try await unwrapped(try await OutboxMessage.find(id, on: db))
            XCTAssertEqual(stored.status, .sent)
            XCTAssertNil(stored.secret, "sent: the link is forgotten")
            XCTAssertFalse(stored.bodyText.contains(token))
            XCTAssertTrue(stored.bodyText.contains(Outbox.visibleText(stored, revealSecrets: false)))
        }
    }

    func testWithoutEmailTheHeldCopyKeepsItsLinkForTheOutboxPage() async throws {
        try await withTestDatabase { db, hasher in
            let (_, token) = try await bookedEvent(on: db, hasher: hasher)
            let claimed = try await Outbox.claim(limit: 10, links: OutboxTests.links, keepLinks: true, on: db)
            let message = try XCTUnwrap(claimed.first { $0.mailKind == .bookingConfirmation })
            try await Outbox.finish(message.requireID(), .held, attempt: 1, on: db)
            let stored = try await unwrapped(try await OutboxMessage.find(message.requireID(), on: db))
            XCTAssertEqual(stored.status, .held)
            XCTAssertTrue(Outbox.visibleText(stored, revealSecrets: true).contains(token))
        }
    }

    /// Before: the outcome's read saw the old try (attempt 1), then its write waited for the other instance's claim
    /// (attempt 2) to commit and overwrote it as sent, so the other instance sent the message a second time.
    func testALateOutcomeNeverOverwritesAClaimMadeWhileItWasBeingWritten() async throws {
        try await withTwoConnections { db, other, hasher in
            guard !db.isSQLite else { throw XCTSkip("SQLite writes one transaction at a time") }
            guard let elsewhere = other else { throw XCTSkip("one event loop: no second connection") }
            _ = try await bookedEvent(on: db, hasher: hasher)
            let claimed = try await Outbox.claim(limit: 10, links: OutboxTests.links, on: db)
            let ids = try claimed.map { try $0.requireID() }
            let (started, signal) = AsyncStream<Void>.makeStream()
            // Another instance re-claims the batch (its clock ahead) and holds its transaction open a moment.
            let other = Task {
                try await elsewhere.transaction { tx in
                    try await tx.sql.raw(
                        "UPDATE outbox_messages SET attempts = attempts + 1 WHERE status = 'sending'"
                    ).run()
                    signal.yield()
                    try await Task.sleep(nanoseconds: 1_000_000_000)
                }
            }
            for await _ in started { break }
            try await Outbox.finish(ids.map { ($0, .sent(providerID: nil), Optional(1)) }, on: db)
            try await other.value
            for id in ids {
                let stored = try await unwrapped(try await OutboxMessage.find(id, on: db))
                XCTAssertEqual(stored.status, .sending, "the newer try is left to its own sender")
                XCTAssertEqual(stored.attempts, 2)
            }
        }
    }
}

func unwrapped<T>(_ value: @autoclosure () async throws -> T?, file: StaticString = #filePath, line: UInt = #line)
    async throws -> T
{
    let v = try await value()
    return try XCTUnwrap(v, file: file, line: line)
}
