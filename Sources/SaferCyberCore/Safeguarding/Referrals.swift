import FluentKit
import Foundation

/// Restricted records of young people referred for diversion: creating and changing them, interventions,
/// pathways, closure and follow-up. Every read and write is audited, by referral number only (the audit log is
/// read by coordinators, who must not learn who was referred).
public enum Referrals {
    /// A referral as typed, and as shown to the safeguarding role (decrypted).
    public struct Draft: Sendable, Equatable {
        public var receivedOn = "", referrerPartner = "", referrer = "", person = "", ageBand = "", school = "",
            area = ""
        public var concerns: [String] = []
        public var consentYoungPerson = "", consentParent = "", risk = "", riskReason = ""
        public var route = "none", handedOn = "", nextReviewOn = ""
        public init() {}
    }

    static func day(_ text: String, _ field: String, _ errors: inout FieldErrors, required: Bool, label: String)
        -> CalendarDay?
    {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            if required { errors.add(field, "Enter \(label), like 14/3/2026") }
            return nil
        }
        guard let day = CalendarDay(trimmed) else {
            errors.add(field, "Enter \(label) as a real date, like 14/3/2026")
            return nil
        }
        return day
    }

    /// Checks a draft and writes it into `referral`, encrypting the personal fields.
    static func apply(
        _ draft: Draft, to referral: Referral, partnershipID: UUID, cipher: FieldCipher, on db: any Database
    ) async throws {
        var errors = FieldErrors()
        let received = day(
            draft.receivedOn, "receivedOn", &errors, required: true, label: "the date the referral was received")
        if let received, received > CalendarDay.today() {
            errors.add("receivedOn", "The date received cannot be in the future")
        }
        let person = draft.person.trimmingCharacters(in: .whitespacesAndNewlines)
        if person.isEmpty {
            errors.add("person", "Enter the young person's initials or name, as your partnership records them")
        }
        if person.count > 100 { errors.add("person", "Keep this to 100 characters or fewer") }
        if !Referral.ageBands.contains(draft.ageBand) { errors.add("ageBand", "Choose an age band") }
        let concerns = draft.concerns.compactMap(Referral.Concern.init(rawValue:))
        if concerns.isEmpty { errors.add("concerns", "Choose at least one concern") }
        if Referral.Consent(rawValue: draft.consentYoungPerson) == nil {
            errors.add("consentYoungPerson", "Choose the young person's consent")
        }
        if Referral.Consent(rawValue: draft.consentParent) == nil {
            errors.add("consentParent", "Choose the parent's or carer's consent")
        }
        let risk = Referral.Risk(rawValue: draft.risk)
        if risk == nil { errors.add("risk", "Choose a risk level") }
        if risk == .high && draft.riskReason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.add("riskReason", "Say why the risk is high")
        }
        let route = errors.choice(
            draft.route, "route", empty: Referral.Route.none, message: "Choose where the referral was handed on to")
        let handed = day(
            draft.handedOn, "handedOn", &errors, required: route != .none, label: "the date it was handed on")
        let review = day(draft.nextReviewOn, "nextReviewOn", &errors, required: false, label: "the next review date")
        var partnerID: UUID?
        if !draft.referrerPartner.isEmpty {
            partnerID = UUID(uuidString: draft.referrerPartner)
            let partner = try await partnerID.asyncMap { try await PartnerOrganisation.find($0, on: db) } ?? nil
            if partner?.partnershipID != partnershipID {
                errors.add("referrerPartner", "Choose a partner from the list")
            }
        }
        for (field, value) in [("referrer", draft.referrer), ("school", draft.school), ("area", draft.area)]
        where value.count > 200 {
            errors.add(field, "Keep this to 200 characters or fewer")
        }
        if draft.riskReason.count > 2000 { errors.add("riskReason", "Keep this to 2,000 characters or fewer") }
        try errors.throwIfAny()

        referral.receivedOn = received!.iso
        referral.referrerPartnerID = partnerID
        referral.ageBand = draft.ageBand
        referral.concerns = concerns.map(\.rawValue).joined(separator: ",")
        referral.consentYoungPerson = draft.consentYoungPerson
        referral.consentParent = draft.consentParent
        referral.risk = risk!.rawValue
        referral.statutoryRoute = route.rawValue
        referral.handedOn = route == .none ? nil : handed?.iso
        referral.nextReviewOn = review?.iso
        // Each sealed field is bound to this record and field, so the id is set before sealing.
        referral.id = referral.id ?? UUID()
        referral.personSealed = try cipher.seal(person, for: referral.binding("person"))
        referral.referrerSealed = try cipher.sealOptional(draft.referrer, for: referral.binding("referrer"))
        referral.schoolSealed = try cipher.sealOptional(draft.school, for: referral.binding("school"))
        referral.areaSealed = try cipher.sealOptional(draft.area, for: referral.binding("area"))
        referral.riskReasonSealed = try cipher.sealOptional(draft.riskReason, for: referral.binding("risk-reason"))
    }

    public static func create(
        _ draft: Draft, partnershipID: UUID, cipher: FieldCipher, by actor: ActingUser, at now: Date = Date(),
        on db: any Database
    ) async throws -> Referral {
        let referral = Referral()
        referral.$partnership.id = partnershipID
        referral.createdAt = now
        try await apply(draft, to: referral, partnershipID: partnershipID, cipher: cipher, on: db)
        try await db.write { tx in
            try await tx.lockPartnership(partnershipID)
            let last = try await Referral.query(on: tx).filter(\.$partnership.$id == partnershipID).max(\.$number) ?? 0
            referral.number = last + 1
            try await referral.create(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .create, entity: "referral",
                entityID: referral.id?.uuidString,
                summary: "Added referral #\(referral.number)")
        }
        return referral
    }

    public static func update(
        _ referral: Referral, _ draft: Draft, cipher: FieldCipher, by actor: ActingUser, on db: any Database
    ) async throws {
        guard referral.anonymisedAt == nil else {
            throw FieldErrors("person", "This referral was anonymised at the end of its retention period")
        }
        try await apply(draft, to: referral, partnershipID: referral.$partnership.id, cipher: cipher, on: db)
        try await db.write { tx in
            try await referral.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: referral.$partnership.id, by: actor, action: .update, entity: "referral",
                entityID: referral.id?.uuidString, summary: "Changed referral #\(referral.number)")
        }
    }

    /// The referral, read on purpose: the view is audited.
    /// The ids of the partnership's referrals with these numbers (others are ignored).
    public static func ids(numbers: [Int], partnershipID: UUID, on db: any Database) async throws -> [UUID] {
        guard !numbers.isEmpty else { return [] }
        return try await Referral.query(on: db).filter(\.$partnership.$id == partnershipID)
            .filter(\.$number ~~ numbers).all().compactMap(\.id)
    }

    public static func open(_ id: UUID, partnershipID: UUID, by actor: ActingUser, on db: any Database) async throws
        -> Referral
    {
        guard
            let referral = try await Referral.query(on: db).filter(\.$id == id).filter(
                \.$partnership.$id == partnershipID
            ).first()
        else {
            throw NotFound("referral")
        }
        try await db.write { tx in
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .view, entity: "referral",
                entityID: id.uuidString,
                summary: "Viewed referral #\(referral.number)")
        }
        return referral
    }

    public static func draft(of referral: Referral, cipher: FieldCipher) throws -> Draft {
        var d = Draft()
        d.receivedOn = CalendarDay(referral.receivedOn)?.typed ?? referral.receivedOn
        d.referrerPartner = referral.referrerPartnerID?.uuidString ?? ""
        d.referrer = try cipher.openOptional(referral.referrerSealed, for: referral.binding("referrer"))
        d.person = try cipher.openOptional(referral.personSealed, for: referral.binding("person"))
        d.ageBand = referral.ageBand
        d.school = try cipher.openOptional(referral.schoolSealed, for: referral.binding("school"))
        d.area = try cipher.openOptional(referral.areaSealed, for: referral.binding("area"))
        d.concerns = referral.concernList.map(\.rawValue)
        d.consentYoungPerson = referral.consentYoungPerson
        d.consentParent = referral.consentParent
        d.risk = referral.risk
        d.riskReason = try cipher.openOptional(referral.riskReasonSealed, for: referral.binding("risk-reason"))
        d.route = referral.statutoryRoute
        d.handedOn = referral.handedOn.flatMap(CalendarDay.init)?.typed ?? ""
        d.nextReviewOn = referral.nextReviewOn.flatMap(CalendarDay.init)?.typed ?? ""
        return d
    }

    /// The partnership's referrals, newest first, optionally only those whose name or initials, school or area
    /// contain `search` (matched after decrypting: nothing searchable is stored in the clear). Audited.
    public static func list(
        partnershipID: UUID, search: String?, cipher: FieldCipher, by actor: ActingUser,
        on db: any Database
    ) async throws -> [(referral: Referral, person: String)] {
        let all = try await Referral.query(on: db).filter(\.$partnership.$id == partnershipID).sort(
            \.$number, .descending
        ).all()
        let term = search?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        var found: [(Referral, String)] = []
        for referral in all {
            let person = try cipher.openOptional(referral.personSealed, for: referral.binding("person"))
            if term.isEmpty {
                found.append((referral, person))
                continue
            }
            let haystack = [
                person, try cipher.openOptional(referral.schoolSealed, for: referral.binding("school")),
                try cipher.openOptional(referral.areaSealed, for: referral.binding("area")),
            ].joined(separator: " ").lowercased()
            if haystack.contains(term) { found.append((referral, person)) }
        }
        let count = found.count
        try await db.write { tx in
            // The search term itself may be a name: only that a search happened is recorded.
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .view, entity: "referral", entityID: nil,
                summary: term.isEmpty ? "Listed referrals (\(count))" : "Searched referrals (\(count) found)")
        }
        return found
    }

    public static func interventions(_ referralID: UUID, on db: any Database) async throws -> [ReferralIntervention] {
        try await ReferralIntervention.query(on: db).filter(\.$referral.$id == referralID).all()
            .sorted { ($0.deliveredOn ?? $0.plannedOn ?? "") < ($1.deliveredOn ?? $1.plannedOn ?? "") }
    }

    public static func pathways(_ referralID: UUID, on db: any Database) async throws -> [ReferralPathway] {
        try await ReferralPathway.query(on: db).filter(\.$referral.$id == referralID).sort(\.$offeredOn).all()
    }

    public static func addIntervention(
        _ referral: Referral, kind: String, plannedOn: String, deliveredOn: String, note: String, cipher: FieldCipher,
        by actor: ActingUser, on db: any Database
    ) async throws {
        var errors = FieldErrors()
        let kind = ReferralIntervention.Kind(rawValue: kind)
        if kind == nil { errors.add("interventionKind", "Choose the kind of intervention") }
        let planned = day(plannedOn, "plannedOn", &errors, required: false, label: "the planned date")
        let delivered = day(deliveredOn, "deliveredOn", &errors, required: false, label: "the date delivered")
        if planned == nil && delivered == nil && errors.isEmpty {
            errors.add("plannedOn", "Enter the planned date or the date delivered")
        }
        if let delivered, delivered > CalendarDay.today() {
            errors.add("deliveredOn", "The date delivered cannot be in the future")
        }
        if note.count > 2000 { errors.add("interventionNote", "Keep the note to 2,000 characters or fewer") }
        try errors.throwIfAny()
        let item = ReferralIntervention()
        item.id = UUID()
        item.$referral.id = try referral.requireID()
        item.kind = kind!.rawValue
        item.plannedOn = planned?.iso
        item.deliveredOn = delivered?.iso
        item.noteSealed = try cipher.sealOptional(note, for: item.noteBinding)
        try await db.write { tx in
            try await item.create(on: tx)
            try await Audit.record(
                on: tx, partnershipID: referral.$partnership.id, by: actor, action: .create, entity: "referral",
                entityID: referral.id?.uuidString,
                summary: "Added a \(kind!.label.lowercased()) to referral #\(referral.number)")
        }
    }

    public static func markDelivered(
        _ interventionID: UUID, referral: Referral, on dayText: String, by actor: ActingUser, on db: any Database
    ) async throws {
        var errors = FieldErrors()
        let delivered = day(dayText, "deliveredOn", &errors, required: true, label: "the date delivered")
        try errors.throwIfAny()
        guard
            let item = try await ReferralIntervention.query(on: db).filter(\.$id == interventionID).filter(
                \.$referral.$id == referral.requireID()
            ).first()
        else {
            throw NotFound("intervention")
        }
        item.deliveredOn = delivered!.iso
        try await db.write { tx in
            try await item.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: referral.$partnership.id, by: actor, action: .update, entity: "referral",
                entityID: referral.id?.uuidString,
                summary: "Recorded an intervention as delivered for referral #\(referral.number)")
        }
    }

    public static func addPathway(
        _ referral: Referral, kind: String, offeredOn: String, takenUp: String, note: String, cipher: FieldCipher,
        by actor: ActingUser, on db: any Database
    ) async throws {
        var errors = FieldErrors()
        let kind = ReferralPathway.Kind(rawValue: kind)
        if kind == nil { errors.add("pathwayKind", "Choose the pathway") }
        let offered = day(offeredOn, "offeredOn", &errors, required: true, label: "the date it was offered")
        if note.count > 2000 { errors.add("pathwayNote", "Keep the note to 2,000 characters or fewer") }
        try errors.throwIfAny()
        let item = ReferralPathway()
        item.id = UUID()
        item.$referral.id = try referral.requireID()
        item.kind = kind!.rawValue
        item.offeredOn = offered!.iso
        item.takenUp = takenUp == "yes" ? true : takenUp == "no" ? false : nil
        item.noteSealed = try cipher.sealOptional(note, for: item.noteBinding)
        try await db.write { tx in
            try await item.create(on: tx)
            try await Audit.record(
                on: tx, partnershipID: referral.$partnership.id, by: actor, action: .create, entity: "referral",
                entityID: referral.id?.uuidString,
                summary: "Offered a pathway (\(kind!.label.lowercased())) to referral #\(referral.number)")
        }
    }

    public static func setTakenUp(
        _ pathwayID: UUID, referral: Referral, takenUp: Bool?, by actor: ActingUser, on db: any Database
    ) async throws {
        guard
            let item = try await ReferralPathway.query(on: db).filter(\.$id == pathwayID).filter(
                \.$referral.$id == referral.requireID()
            ).first()
        else {
            throw NotFound("pathway")
        }
        item.takenUp = takenUp
        try await db.write { tx in
            try await item.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: referral.$partnership.id, by: actor, action: .update, entity: "referral",
                entityID: referral.id?.uuidString,
                summary: "Recorded whether a pathway was taken up for referral #\(referral.number)")
        }
    }

    /// Closes with an outcome, or records the 6- and 12-month follow-ups (once closed).
    public static func close(
        _ referral: Referral, outcome: String, on dayText: String, by actor: ActingUser, on db: any Database
    ) async throws {
        var errors = FieldErrors()
        let outcome = Referral.Outcome(rawValue: outcome)
        if outcome == nil { errors.add("outcome", "Choose the outcome at closure") }
        let closed = day(dayText, "closedOn", &errors, required: true, label: "the date closed")
        if let closed, let received = CalendarDay(referral.receivedOn), closed < received {
            errors.add("closedOn", "The referral cannot close before it was received")
        }
        try errors.throwIfAny()
        referral.outcome = outcome!.rawValue
        referral.closedOn = closed!.iso
        referral.nextReviewOn = nil
        try await db.write { tx in
            try await referral.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: referral.$partnership.id, by: actor, action: .update, entity: "referral",
                entityID: referral.id?.uuidString,
                summary: "Closed referral #\(referral.number): \(outcome!.label.lowercased())")
        }
    }

    public static func followUp(
        _ referral: Referral, months: Int, result: String, by actor: ActingUser, on db: any Database
    ) async throws {
        guard referral.isClosed else { throw FieldErrors("followUp", "Close the referral before recording follow-up") }
        guard months == 6 || months == 12, let value = Referral.FollowUp(rawValue: result) else {
            throw FieldErrors("followUp", "Choose the follow-up result")
        }
        if months == 6 { referral.followUp6 = value.rawValue } else { referral.followUp12 = value.rawValue }
        try await db.write { tx in
            try await referral.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: referral.$partnership.id, by: actor, action: .update, entity: "referral",
                entityID: referral.id?.uuidString,
                summary: "Recorded the \(months)-month follow-up of referral #\(referral.number)")
        }
    }
}
