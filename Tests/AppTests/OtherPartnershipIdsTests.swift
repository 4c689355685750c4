import Fluent
import Foundation
import SQLKit
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Issue 20, case 8: the route matrix used random ids, so it could not catch a route that finds a record by id
/// without checking its partnership. Here every route with an id in its path is called from partnership alpha with
/// real ids of every kind that belong to another partnership (the demo's events, games, surveys, plan actions,
/// referrals, resources, checks, …, read generically from every table that has a `partnership_id`), by the roles
/// with the widest access. None may answer with success or a redirect (what a change that went through returns).
final class OtherPartnershipIdsTests: XCTestCase {
    /// Path parameters that are not record ids, and a value that makes the route otherwise valid.
    static let fixedParameters = ["list": "themes", "stage": "before"]
    /// Routes whose parameters are secrets or codes rather than ids (tested by their own tests).
    static let skipped: Set<String> = ["token", "code"]

    func testIdsOfAnotherPartnershipAreNeverFound() async throws {
        try await withApp { app in
            // setup: alpha (the attacker's partnership) and the demo partnership with records of every kind
            app.safeguardingCipher = try FieldCipher(keys: FieldCipher.newKey(id: "ids"))
            try await DemoPartnership.load(on: app.db, hasher: app.passwordHasher)
            try await DemoEvents.load(on: app.db)
            try await DemoSurveys.load(on: app.db)
            try await DemoGames.load(on: app.db, library: app.games.library)
            try await DemoPlan.load(on: app.db)
            try await DemoPublicHub.load(on: app.db, library: app.courses)
            try await DemoResilienceChecks.load(on: app.db, library: app.checks)
            try await DemoOrganisations.load(on: app.db)
            try await DemoReferrals.load(on: app.db, cipher: app.safeguardingCipher!)
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            let demo = try await Partnerships.find(on: app.db, slug: "demo")!.requireID()
            let ids = try await Self.recordIDs(of: demo, on: app.db)
            XCTAssertGreaterThan(ids.count, 12, "records of many kinds: \(ids.map(\.table))")

            // The routes with an id in their path, for staff (/app/p/{slug}/…) and the public (/p/{slug}/…).
            let routes = app.routes.all.filter { route in
                let parts = route.path.map(\.description)
                let names = route.path.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
                return (parts.starts(with: ["app", "p", ":slug"]) || parts.starts(with: ["p", ":slug"]))
                    && names.contains { $0 != "slug" && Self.fixedParameters[$0] == nil }
                    && !names.contains { Self.skipped.contains($0) } && !parts.last!.hasSuffix("live")
            }
            XCTAssertGreaterThan(routes.count, 40)

            // act: as alpha's coordinator, safeguarding lead and an anonymous visitor
            var failures: [String] = []
            var checked = 0
            var postsNotFound = 0
            for email in ["coordinator@alpha.test", "safeguarding@alpha.test", nil] {
                let browser = Browser(app)
                if let email { try await browser.signIn(email) }
                try await browser.get("/app/sign-in")  // a form token for the posts
                // A visitor is sent to sign in by every staff route: only the public ones say anything to them.
                // The safeguarding lead's wider reach is the referrals and role requests; the coordinator has the rest.
                let mine = routes.filter { route in
                    let path = route.path.map(\.description).joined(separator: "/")
                    switch email {
                    case nil: return route.path.first?.description == "p"
                    case "safeguarding@alpha.test": return path.contains("referrals") || path.contains("requests")
                    default: return true
                    }
                }
                for route in mine {
                    for (table, id) in ids {
                        let path =
                            "/"
                            + route.path.map { component -> String in
                                guard case .parameter(let name) = component else { return component.description }
                                if name == "slug" { return "alpha" }
                                return Self.fixedParameters[name] ?? id.uuidString
                            }.joined(separator: "/")
                        let page =
                            route.method == .GET ? try await browser.get(path) : try await browser.post(path, [:])
                        checked += 1
                        if route.method == .POST, email != nil, page.status == .notFound { postsNotFound += 1 }
                        // check: never found, never changed
                        if (200..<400).contains(page.status.code) {
                            failures.append(
                                "\(route.method) \(path) (\(table) id) as \(email ?? "anonymous"): \(page.status.code)")
                        }
                    }
                }
            }
            XCTAssertEqual(failures, [], "\(failures.count) of \(checked) requests found another partnership's record")
            XCTAssertGreaterThan(checked, 1000)
            // The posts reached their controllers (a refused form token would also be "not a success").
            XCTAssertGreaterThan(postsNotFound, 100)
        }
    }

    /// One id from every table with a `partnership_id`, for `partnershipID` (read from the schema, so a new table is
    /// included without changing this test).
    static func recordIDs(of partnershipID: UUID, on db: any Database) async throws -> [(table: String, id: UUID)] {
        let sql = db.sql
        var tables: [String] = []
        if sql.dialect.name == "sqlite" {
            let names = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all().map {
                try $0.decode(column: "name", as: String.self)
            }
            for name in names {
                let columns = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: name))").all().map {
                    try $0.decode(column: "name", as: String.self)
                }
                if columns.contains("partnership_id") && columns.contains("id") { tables.append(name) }
            }
        } else {
            tables = try await sql.raw(
                """
                SELECT c.table_name FROM information_schema.columns c
                JOIN information_schema.columns i ON i.table_name = c.table_name AND i.table_schema = c.table_schema
                  AND i.column_name = 'id'
                WHERE c.column_name = 'partnership_id' AND c.table_schema = current_schema()
                """
            ).all().map { try $0.decode(column: "table_name", as: String.self) }
        }
        var found: [(String, UUID)] = []
        for table in tables.sorted() where table != "audit_entries" {
            let row = try await sql.select().column("id").from(table)
                .where("partnership_id", .equal, SQLBind(partnershipID)).limit(1).first()
            if let id = try? row?.decode(column: "id", as: UUID.self) { found.append((table, id)) }
        }
        return found
    }
}
