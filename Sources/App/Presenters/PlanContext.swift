import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// What the plan pages share: the partnership's lists by id and today's date, loaded once per request.
struct PlanContext {
    var names: PlanFlags.Names
    var objectives: [Objective]
    var partners: [PartnerOrganisation]
    var themes: [Theme]
    var audiences: [Audience]
    var today: CalendarDay

    static func load(_ req: Request, _ access: PartnershipAccess) async throws -> PlanContext {
        let id = access.partnershipID
        return PlanContext(
            names: try await PlanChecks.names(partnershipID: id, on: req.db),
            objectives: try await PartnershipSettings.items(Objective.self, partnershipID: id, on: req.db),
            partners: try await PartnershipSettings.items(PartnerOrganisation.self, partnershipID: id, on: req.db),
            themes: try await PartnershipSettings.items(Theme.self, partnershipID: id, on: req.db),
            audiences: try await PartnershipSettings.items(Audience.self, partnershipID: id, on: req.db),
            today: .today())
    }

    func list(_ ids: [UUID], _ names: [UUID: String]) -> String { ids.compactMap { names[$0] }.joined(separator: ", ") }

    static func rag(_ rating: PlanAction.Rating) -> String { rating == .unrated ? "none" : rating.rawValue }

    func row(_ a: PlanAction) -> PlanActionRow {
        PlanActionRow(
            id: a.id!.uuidString, number: a.number, title: a.title, lead: names.partners[a.leadPartnerID] ?? "–",
            officer: a.leadOfficer,
            themes: list(a.themes, names.themes), audiences: list(a.audiences, names.audiences), area: a.area,
            starts: a.starts?.label ?? "Already running", due: a.due?.label ?? "Open-ended",
            status: a.status.label,
            rag: Self.rag(a.rating), ragLabel: a.rating.label, ragReason: a.ragReason,
            overdue: !a.status.isClosed && (a.due.map { $0 < today } ?? false))
    }

    var objectiveOptions: [(value: String, label: String)] { objectives.map { ($0.id!.uuidString, $0.name) } }
    var partnerOptions: [(value: String, label: String)] { partners.map { ($0.id!.uuidString, $0.name) } }
    var themeOptions: [(value: String, label: String)] { themes.map { ($0.id!.uuidString, $0.name) } }
    var audienceOptions: [(value: String, label: String)] { audiences.map { ($0.id!.uuidString, $0.name) } }
}

extension PlanAction.Status {
    static var options: [(value: String, label: String)] { allCases.map { ($0.rawValue, $0.label) } }
}

extension PlanAction.Rating {
    static var options: [(value: String, label: String)] { allCases.map { ($0.rawValue, $0.label) } }
}

extension Request {
    func planAction(_ access: PartnershipAccess) async throws -> PlanAction {
        guard let id = parameters.get("id").flatMap(UUID.init(uuidString:)),
            let action = try await PlanAction.find(id, partnershipID: access.partnershipID, on: db)
        else { throw NotFound("action") }
        return action
    }
}
