import FluentKit
import Foundation

/// The demo partnership's register (issue 23): the schools, colleges and groups that booked its sessions, each with
/// its group bookings, and the organisations that named themselves after a resilience check, with their re-takes, so
/// the register, a record's score change and the figures have something to show. Run after the demo's events and
/// checks.
public enum DemoOrganisations {
    static func kind(of name: String) -> Organisation.Kind {
        let lower = name.lowercased()
        if lower.contains("academy") || lower.contains("school") { return .school }
        if lower.contains("college") || lower.contains("sixth form") { return .college }
        if lower.contains("youth") || lower.contains("library") || lower.contains("centre") { return .group }
        return .other
    }

    @discardableResult
    public static func load(on db: any Database) async throws -> Bool {
        guard let partnership = try await Partnerships.find(on: db, slug: DemoPartnership.slug), partnership.isDemo
        else { return false }
        let pid = try partnership.requireID()
        if try await Organisation.query(on: db).filter(\.$partnership.$id == pid).count() > 0 { return true }
        let areas = try await Courses.areas(partnershipID: pid, on: db)
        let groups = try await Booking.query(on: db).filter(\.$partnershipID == pid).filter(\.$isGroup == true)
            .join(Event.self, on: \Booking.$event.$id == \Event.$id).all()
        var byName: [String: (name: String, area: String, bookings: [Booking])] = [:]
        for booking in groups where !booking.organisation.isEmpty {
            let key = Organisations.normalisedName(booking.organisation)
            let area = (try? booking.joined(Event.self).area) ?? ""
            byName[key, default: (booking.organisation, areas.contains(area) ? area : "", [])].bookings.append(booking)
        }
        let actor = ActingUser.system("demo")
        for (_, entry) in byName.sorted(by: { $0.key < $1.key }) {
            let kind = kind(of: entry.name)
            let made = try await Organisations.create(
                .init(
                    name: entry.name, kind: kind.rawValue, area: entry.area,
                    size: kind == .school ? ResilienceCheck.Size.medium.rawValue : ""), areas: areas,
                partnershipID: pid, by: actor, on: db)
            let id = try made.requireID()
            try await db.write { tx in
                for booking in entry.bookings {
                    booking.organisationID = id
                    try await booking.save(on: tx)
                }
            }
        }
        // Organisations that named themselves after their check (asking for follow-up), with any re-take: on the
        // register under the name they gave. Checks that named no organisation stay anonymous.
        let named = try await ResilienceCheck.query(on: db).filter(\.$partnership.$id == pid)
            .filter(\.$organisationName != nil).filter(\.$previousID == nil).all()
        for check in named {
            guard let name = check.organisationName, let checkID = check.id else { continue }
            let kind: Organisation.Kind =
                switch check.sector {
                case ResilienceCheck.Sector.school.rawValue?: .school
                case ResilienceCheck.Sector.charity.rawValue?: .charity
                default: .business
                }
            let made = try await Organisations.create(
                .init(name: name, kind: kind.rawValue, area: check.area ?? "", size: check.sizeBand ?? ""),
                areas: areas + [check.area ?? ""].filter { !$0.isEmpty }, partnershipID: pid, by: actor, on: db)
            let id = try made.requireID()
            try await db.write { tx in
                try await ResilienceCheck.query(on: tx).filter(\.$partnership.$id == pid)
                    .group(.or) { $0.filter(\.$id == checkID).filter(\.$previousID == checkID) }
                    .set(\.$organisationID, to: id).update()
            }
        }
        return true
    }
}
