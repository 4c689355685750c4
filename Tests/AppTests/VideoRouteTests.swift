import Fluent
import Foundation
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 23: a student film in the resource library — uploaded with captions, credit and consent, played in the page
/// with its captions (and byte ranges for the player), and sent in by a school through a time-limited link.
final class VideoRouteTests: XCTestCase {
    static let captions = Array("WEBVTT\n\n00:00.000 --> 00:02.500\nJESS: I'm not even waiting for a parcel.\n".utf8)

    func tagPairs(_ app: Application, _ pid: UUID) async throws -> [(String, String)] {
        let s = try await PartnershipSettings.snapshot(on: app.db, partnershipID: pid)
        return [
            ("themes", s.themes[0].id.uuidString), ("audiences", s.audiences[0].id.uuidString),
            ("objectives", s.objectives[0].id.uuidString),
        ]
    }

    func testAFilmIsPlayedWithItsCaptionsAndSentInThroughALink() async throws {
        try await withApp { app in
            let pid = try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher).requireID()
            let coordinator = Browser(app)
            try await coordinator.signIn("coordinator@alpha.test")
            try await coordinator.get("/app/p/alpha/resources/new")
            let fields: [(String, String)] =
                [
                    ("title", "Think before you click"), ("description", "A short film by students"), ("kind", "video"),
                    ("transcript", "JESS: I'm not even waiting for a parcel."),
                ] + (try await tagPairs(app, pid))
            var video = [UInt8](repeating: 0, count: 2_500_000)
            video.replaceSubrange(4..<8, with: Array("ftyp".utf8))
            for i in 8..<video.count { video[i] = UInt8(truncatingIfNeeded: i &* 7) }
            // Without captions, credit and consent: refused with each reason, nothing saved.
            let bare = try await coordinator.upload(
                "/app/p/alpha/resources/new", pairs: fields, files: [("file", "film.mp4", video)])
            XCTAssertEqual(bare.status, .unprocessableEntity)
            for message in ["Add captions", "Say who made it", "Say whether any young person"] {
                XCTAssertTrue(bare.body.contains(message), message)
            }
            let none = try await LibraryResource.query(on: app.db).count()
            XCTAssertEqual(none, 0)
            let added = try await coordinator.upload(
                "/app/p/alpha/resources/new",
                pairs: fields + [
                    ("credit", "Year 10 media, Hill Academy"), ("showsYoungPeople", "yes"),
                    ("consentNote", "Signed parental consent forms, held by Hill Academy"), ("consentConfirmed", "yes"),
                ],
                files: [("file", "film.mp4", video), ("captions", "film.vtt", Self.captions)])
            XCTAssertEqual(added.status, .seeOther, added.body)
            let first = try await LibraryResource.query(on: app.db).first()
            let item = try XCTUnwrap(first)
            let id = try item.requireID()
            XCTAssertEqual(item.captions, String(decoding: Self.captions, as: UTF8.self))
            let staff = try await coordinator.get("/app/p/alpha/resources/\(id)")
            XCTAssertTrue(staff.body.contains("Signed parental consent forms, held by Hill Academy"))
            XCTAssertTrue(staff.body.contains("<video"), "the partner checking it can play it")
            try await coordinator.post("/app/p/alpha/resources/\(id)/moderation", ["decision": "publish"])

            // The public page plays it, captions on, with the credit; the captions and a range of the file are served.
            let visitor = Browser(app)
            let page = try await visitor.get("/p/alpha/resources/\(id)")
            XCTAssertTrue(page.body.contains("<video class=\"resource-video\" controls"), page.body)
            XCTAssertTrue(
                page.body.contains(
                    "<track kind=\"captions\" src=\"/p/alpha/resources/\(id)/captions.vtt\" srclang=\"en\" label=\"English\" default"
                ), page.body)
            XCTAssertTrue(page.body.contains("Made by Year 10 media, Hill Academy"))
            XCTAssertFalse(page.body.contains("consent forms"), "the consent record is for staff")
            let vtt = try await visitor.get("/p/alpha/resources/\(id)/captions.vtt")
            XCTAssertEqual(vtt.status, .ok)
            XCTAssertEqual(vtt.headers.first(name: .contentType), "text/vtt; charset=utf-8")
            XCTAssertEqual(vtt.body, String(decoding: Self.captions, as: UTF8.self))
            visitor.extraHeaders = ["Range": "bytes=999990-1000009"]
            let part = try await visitor.get("/p/alpha/resources/\(id)/file?view=inline")
            visitor.extraHeaders = [:]
            XCTAssertEqual(part.status, .partialContent)
            XCTAssertEqual(part.headers.first(name: .contentRange), "bytes 999990-1000009/\(video.count)")
            XCTAssertEqual(
                part.bytes, Array(video[999_990...1_000_009]), "the bytes asked for, across two stored parts")
            let whole = try await visitor.get("/p/alpha/resources/\(id)/file?view=inline")
            XCTAssertEqual(whole.status, .ok)
            let counted = try await LibraryResource.find(id, on: app.db)
            XCTAssertEqual(counted?.downloads, 0, "playing it in the page is not a download")

            // A link for a school: made by the coordinator, shown once; a student's film arrives for approval.
            let refused = Browser(app)
            try await refused.signIn("officer@alpha.test")
            let officerTry = try await refused.post(
                "/app/p/alpha/resources/submission-links", ["label": "X", "days": "7", "uploads": "2"])
            XCTAssertEqual(officerTry.status, .forbidden)
            let made = try await coordinator.post(
                "/app/p/alpha/resources/submission-links",
                ["label": "Year 10 media, Hill Academy", "days": "7", "uploads": "1"])
            XCTAssertEqual(made.status, .ok)
            let address = try XCTUnwrap(
                made.body.range(of: #"/p/alpha/submit/[A-Za-z0-9_-]+"#, options: .regularExpression).map {
                    String(made.body[$0])
                })
            let school = Browser(app)
            let form = try await school.get(address)
            XCTAssertEqual(form.status, .ok)
            XCTAssertTrue(form.body.contains("This link is for Year 10 media, Hill Academy"))
            let token = try XCTUnwrap(school.cookies["safercyber-csrf"])
            // Issue 18 (one streamed-upload helper): a forged form token is refused once the body is read, nothing
            // is stored, the link's one upload is not used up, and the temporary file is gone.
            let forged = try await school.upload(
                address, pairs: [("title", "Forged"), ("kind", "video")],
                files: [("file", "x.webm", [0x1A, 0x45, 0xDF, 0xA3] + Array(repeating: 7, count: 100))],
                csrf: "forged")
            XCTAssertEqual(forged.status, .forbidden)
            let forgedStored = try await LibraryResource.query(on: app.db).filter(\.$title == "Forged").count()
            XCTAssertEqual(forgedStored, 0)
            let leftovers = try FileManager.default.contentsOfDirectory(
                atPath: app.config.dataDirectory + "/uploads")
            XCTAssertEqual(leftovers, [], "no temporary upload is left behind")
            let sentIn = try await school.upload(
                address,
                pairs: [
                    ("title", "Our film"), ("description", "About passwords"), ("kind", "video"),
                    ("transcript", "Narrator: use three random words."), ("credit", "Year 10 media"),
                    ("showsYoungPeople", "no"), ("submitter", "Ms Teacher"),
                ] + (try await tagPairs(app, pid)).filter { $0.0 != "objectives" },
                files: [
                    ("file", "ours.webm", [0x1A, 0x45, 0xDF, 0xA3] + Array(repeating: 7, count: 5000)),
                    ("captions", "ours.vtt", Self.captions),
                ],
                csrf: token)
            XCTAssertEqual(sentIn.status, .ok, sentIn.body)
            XCTAssertTrue(sentIn.body.contains("Thank you: your work has been sent"))
            let theirs = try await LibraryResource.query(on: app.db).filter(\.$title == "Our film").first()
            XCTAssertEqual(theirs?.status, .pending)
            XCTAssertEqual(theirs?.addedBy, "Ms Teacher (submission link for Year 10 media, Hill Academy)")
            // One upload allowed: the link is now closed.
            let closed = try await school.get(address)
            XCTAssertEqual(closed.status, .notFound)
            let guessed = try await school.get("/p/alpha/submit/not-a-real-token")
            XCTAssertEqual(guessed.status, .notFound)
        }
    }
}
