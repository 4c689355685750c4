import FluentKit
import Foundation

/// Recording checks, the details organisations choose to give afterwards, and officers' follow-up list.
public enum ResilienceChecks {
    /// Records a completed check. Every question must be answered ("don't know" is an answer). With the private link
    /// of an earlier check of the same kind, the new one re-takes it: the earlier one is kept for before/after, its
    /// details are carried over, and it no longer counts as the organisation's current position.
    public static func record(
        _ set: CheckSet, answers: [String: CheckScoring.Answer], partnershipID: UUID, previousToken: String? = nil,
        at now: Date = Date(), on db: any Database
    ) async throws -> ResilienceCheck {
        var errors = FieldErrors()
        for question in set.questions where answers[question.id] == nil {
            errors.add(question.id, "Answer “\(question.text)”")
        }
        try errors.throwIfAny()
        let result = CheckScoring.score(set, answers)
        let previous =
            try await previousToken.asyncMap { try await find(token: $0, partnershipID: partnershipID, on: db) } ?? nil
        let check = ResilienceCheck()
        check.$partnership.id = partnershipID
        check.checkID = set.id
        check.version = set.version
        let known = Dictionary(uniqueKeysWithValues: set.questions.map { ($0.id, answers[$0.id]!.rawValue) })
        check.answersJSON = String(decoding: try JSONEncoder.sorted.encode(known), as: UTF8.self)
        check.scoresJSON = String(
            decoding: try JSONEncoder.sorted.encode(
                Dictionary(uniqueKeysWithValues: result.areas.map { ($0.id, $0.score) })), as: UTF8.self)
        check.overall = result.overall
        check.completedAt = now
        check.token = Secrets.token(bytes: 16)
        check.tokenHash = Secrets.hash(check.token)
        check.superseded = false
        check.followUp = false
        if let previous, previous.checkID == set.id, !previous.superseded {
            check.previousID = previous.id
            check.sector = previous.sector
            check.sizeBand = previous.sizeBand
            check.area = previous.area
            check.followUp = previous.followUp
            check.organisationName = previous.organisationName
            check.contactName = previous.contactName
            check.contactEmail = previous.contactEmail
            check.contactPhone = previous.contactPhone
            check.organisationID = previous.organisationID
            previous.superseded = true
        }
        let earlier = check.previousID == nil ? nil : previous
        try await db.write { tx in
            try await check.create(on: tx)
            try await earlier?.save(on: tx)
            // Details carried over from the earlier check hold from this check's completion.
            if check.hasDetails { try await CheckDetailsChange(check, at: now).create(on: tx) }
        }
        return check
    }

    public static func find(token: String, partnershipID: UUID, on db: any Database) async throws -> ResilienceCheck? {
        guard Courses.isCode(token) else { return nil }
        let found = try await ResilienceCheck.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$tokenHash == Secrets.hash(token)).first()
        found?.token = token
        return found
    }

    public static func previous(of check: ResilienceCheck, on db: any Database) async throws -> ResilienceCheck? {
        guard let id = check.previousID else { return nil }
        return try await ResilienceCheck.find(id, on: db)
    }

    public struct Details: Sendable {
        public var consent = false
        public var sector = "", size = "", area = ""
        public var followUp = false
        public var organisation = "", name = "", email = "", phone = ""
        public init() {}
    }

    /// Saves what the organisation chose to tell us, only with consent (without it, everything is cleared).
    /// Sector, size and area come from lists; follow-up needs a name and an email or phone number.
    public static func describe(
        _ check: ResilienceCheck, _ details: Details, areas: [String], at now: Date = Date(), on db: any Database
    ) async throws {
        let trim = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors = FieldErrors()
        if details.consent {
            if !details.sector.isEmpty && ResilienceCheck.Sector(rawValue: details.sector) == nil {
                errors.add("sector", "Choose a sector from the list")
            }
            if !details.size.isEmpty && ResilienceCheck.Size(rawValue: details.size) == nil {
                errors.add("size", "Choose a size from the list")
            }
            if !details.area.isEmpty && !areas.contains(details.area) {
                errors.add("area", "Choose an area from the list")
            }
            if details.followUp {
                if trim(details.name).isEmpty { errors.add("name", "Enter the name of the person we should contact") }
                let email = trim(details.email)
                let phone = trim(details.phone)
                if email.isEmpty && phone.isEmpty {
                    errors.add("email", "Enter an email address or a phone number so we can contact you")
                }
                if !email.isEmpty && !Accounts.isPlausibleEmail(email) {
                    errors.add("email", "Enter an email address in the right format, like name@example.org")
                }
                if !phone.isEmpty && (phone.filter(\.isNumber).count < 10 || phone.count > 30) {
                    errors.add("phone", "Enter a phone number, like 01632 960 001")
                }
            }
            for (field, value) in [
                ("organisation", details.organisation), ("name", details.name), ("email", details.email),
            ] where value.count > 200 {
                errors.add(field, "This must be 200 characters or fewer")
            }
        } else if details.followUp {
            errors.add("consent", "Tick the box to agree, so we can keep your details and contact you")
        }
        try errors.throwIfAny()
        let keep = details.consent
        check.sector = keep && !details.sector.isEmpty ? details.sector : nil
        check.sizeBand = keep && !details.size.isEmpty ? details.size : nil
        check.area = keep && !details.area.isEmpty ? details.area : nil
        check.followUp = keep && details.followUp
        check.organisationName = check.followUp ? trim(details.organisation).nilIfEmpty : nil
        check.contactName = check.followUp ? trim(details.name).nilIfEmpty : nil
        check.contactEmail = check.followUp ? trim(details.email).nilIfEmpty : nil
        check.contactPhone = check.followUp ? trim(details.phone).nilIfEmpty : nil
        try await Organisations.assign(check, previous: try await previous(of: check, on: db), on: db)
        let changed = try await CheckDetailsChange.query(on: db).filter(\.$check.$id == check.requireID())
            .sort(\.$changedAt, .descending).first().map { ($0.sector, $0.sizeBand, $0.area) }
        // Consent withdrawn through a re-take's link is withdrawn for the organisation: the earlier checks it carried
        // the details over from lose them too (review of issue 19: they kept sector, name, email and phone).
        var chain: [ResilienceCheck] = []
        if !keep {
            var next = try await previous(of: check, on: db)
            while let found = next, chain.count < 100 {
                chain.append(found)
                next = try await previous(of: found, on: db)
            }
            for old in chain { old.forgetDetails() }
        }
        let earlier = chain
        try await db.write { tx in
            try await check.save(on: tx)
            for old in earlier { try await old.save(on: tx) }
            // Each change of sector, size or area is kept with its time, for figures as at a quarter's end; consent
            // withdrawn takes every earlier one with it, the earlier checks' too.
            if !keep {
                let ids = try [check.requireID()] + earlier.map { try $0.requireID() }
                try await CheckDetailsChange.query(on: tx).filter(\.$check.$id ~~ ids).delete()
                try await Outbox.forget(references: earlier.map { $0.id!.uuidString }, on: tx)
            } else if changed.map({ $0 != (check.sector, check.sizeBand, check.area) }) ?? check.hasDetails {
                try await CheckDetailsChange(check, at: now).create(on: tx)
            }
            // Details withdrawn: the acknowledgement (which holds the address) goes with them.
            if !check.followUp, let checkID = check.id {
                try await Outbox.forget(references: [checkID.uuidString], on: tx)
            }
            // The organisation hears at once that its request arrived (issue 22), once per check.
            if check.followUp, let email = check.contactEmail, let checkID = check.id,
                let partnership = try await Partnership.find(check.$partnership.id, on: tx)
            {
                try await Outbox.enqueue(
                    MailMessages.checkAcknowledgement(
                        partnership: partnership, organisation: check.organisationName ?? "", email: email,
                        checkID: checkID), on: tx)
            }
        }
    }

    /// Organisations that asked to be contacted, newest first. Reading the list is audited: it holds contact details.
    /// How many organisations asked to be contacted after their latest check and have not been yet.
    public static func followUpsWaiting(partnershipID: UUID, on db: any Database) async throws -> Int {
        try await ResilienceCheck.query(on: db).filter(\.$partnership.$id == partnershipID).filter(\.$followUp == true)
            .filter(\.$superseded == false).filter(\.$contactedAt == nil).count()
    }

    public static func followUps(partnershipID: UUID, by actor: ActingUser, on db: any Database) async throws
        -> [ResilienceCheck]
    {
        let list = try await ResilienceCheck.query(on: db).filter(\.$partnership.$id == partnershipID).filter(
            \.$followUp == true
        )
        .filter(\.$superseded == false).sort(\.$completedAt, .descending).all()
        try await db.write { tx in
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .view, entity: "resilience-follow-up",
                entityID: nil,
                summary:
                    "Viewed the contact details of \(list.count) organisation\(list.count == 1 ? "" : "s") asking for follow-up"
            )
        }
        return list
    }

    public static func markContacted(
        _ id: UUID, partnershipID: UUID, by actor: ActingUser, at now: Date = Date(), on db: any Database
    ) async throws {
        guard
            let check = try await ResilienceCheck.query(on: db).filter(\.$id == id).filter(
                \.$partnership.$id == partnershipID
            ).first(),
            check.followUp
        else { throw NotFound("follow-up") }
        check.contactedAt = now
        try await db.write { tx in
            try await check.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "resilience-follow-up",
                entityID: id.uuidString,
                summary: "Marked a follow-up request as contacted")
        }
    }
}

extension JSONEncoder {
    /// Keys in order, so the same answers are always stored the same way.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension ResilienceChecks {
    /// The partnership's figures for one kind of check, from each organisation's current check; with `quarter`, from
    /// the checks completed in that quarter alone (each organisation's latest of those), with their details as they
    /// stood at its end. A reader without exact counts sees one complete quarter at a time: figures that moved with
    /// each new check gave each new organisation's sector, size and area (third review of issue 19, F5), and figures
    /// to the end of one quarter and then of the next differ by the few checks between them (a group's mean over 20,
    /// then over 21, gives the new organisation's score). No check is counted in two quarters' groups; a re-take's
    /// "before" scores are those of its earlier check, counted in the earlier check's own quarter.
    public static func aggregates(
        partnershipID: UUID, set: CheckSet, threshold: Int = DisclosurePolicy.defaultThreshold, quarter: Int? = nil,
        on db: any Database
    ) async throws -> CheckAggregates {
        let span = quarter.map(Quarter.span)
        let everyCheck = try await ResilienceCheck.query(on: db).filter(\.$partnership.$id == partnershipID).filter(
            \.$checkID == set.id
        ).all()
        let all = everyCheck.filter { span == nil || ($0.completedAt >= span!.start && $0.completedAt < span!.end) }
        let byID = Dictionary(uniqueKeysWithValues: everyCheck.compactMap { c in c.id.map { ($0, c) } })
        let replaced = Set(all.compactMap(\.previousID))
        let current = all.filter { span == nil ? !$0.superseded : !replaced.contains($0.id ?? UUID()) }
        // Sector, size and area as they stood at the quarter's end (each change is dated), so that a change made
        // afterwards does not move a group in figures already shown.
        let details = try await self.details(of: current, at: span?.end, on: db)
        let rows = current.map { c in
            let given = c.id.flatMap { details[$0] }
            return CheckAggregates.Row(
                overall: c.overall, scores: c.scores, sector: given?.sector ?? nil, size: given?.size ?? nil,
                area: given?.area ?? nil, before: c.previousID.flatMap { byID[$0] }?.scores)
        }
        return CheckAggregates.build(
            rows, areaIDs: set.areas.map(\.id),
            labels: (
                sector: { ResilienceCheck.Sector(rawValue: $0)?.label ?? $0 },
                size: { ResilienceCheck.Size(rawValue: $0)?.label ?? $0 }
            ), threshold: threshold)
    }
}

extension ResilienceChecks {
    /// Removes the contact details of follow-up requests made more than `months` ago (the organisation's sector, size
    /// and area stay: they are not personal). Returns how many checks lost their contact details.
    @discardableResult
    public static func applyContactRetention(months: Int, now: Date = Date(), on db: any Database) async throws -> Int {
        let cutoff = Calendar(identifier: .gregorian).date(byAdding: .month, value: -months, to: now) ?? now
        let due = try await ResilienceCheck.query(on: db).filter(\.$followUp == true).filter(\.$completedAt < cutoff)
            .all()
        guard !due.isEmpty else { return 0 }
        for check in due { check.forgetContact() }
        try await db.write { tx in
            for check in due { try await check.save(on: tx) }
            try await Outbox.forget(references: due.compactMap { $0.id?.uuidString }, on: tx)
            for (partnershipID, group) in Dictionary(grouping: due, by: { $0.$partnership.id }) {
                try await Audit.record(
                    on: tx, partnershipID: partnershipID, by: .system("retention"), action: .update,
                    entity: "resilience-follow-up",
                    entityID: nil,
                    summary:
                        "Removed the contact details of \(group.count) follow-up request\(group.count == 1 ? "" : "s") made more than \(months) months ago"
                )
            }
        }
        return due.count
    }
}
