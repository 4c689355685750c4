import FluentKit
import Foundation

/// A model that belongs to one partnership. Its rows are found by id only within a partnership: an id from another
/// partnership reads as not there (every id a request carries is scoped to the partnership in its address).
public protocol PartnershipScoped: Model where IDValue == UUID {
    /// The partnership the row belongs to (`\.$partnership.$id`).
    static var partnershipField: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

extension PartnershipScoped {
    /// The row with `id` if it belongs to `partnershipID`; nil otherwise, whether it is another partnership's or none.
    public static func find(_ id: UUID, partnershipID: UUID, on db: any Database) async throws -> Self? {
        try await query(on: db).filter(\._$id == id).filter(partnershipField == partnershipID).first()
    }
}

extension PlanAction: PartnershipScoped {
    public static var partnershipField: KeyPath<PlanAction, FieldProperty<PlanAction, UUID>> { \.$partnership.$id }
}
extension ScrutinyReview: PartnershipScoped {
    public static var partnershipField: KeyPath<ScrutinyReview, FieldProperty<ScrutinyReview, UUID>> {
        \.$partnership.$id
    }
}
extension PlanMeeting: PartnershipScoped {
    public static var partnershipField: KeyPath<PlanMeeting, FieldProperty<PlanMeeting, UUID>> { \.$partnership.$id }
}
extension LibraryResource: PartnershipScoped {
    public static var partnershipField: KeyPath<LibraryResource, FieldProperty<LibraryResource, UUID>> {
        \.$partnership.$id
    }
}
extension Outcome: PartnershipScoped {
    public static var partnershipField: KeyPath<Outcome, FieldProperty<Outcome, UUID>> { \.$partnership.$id }
}
extension Indicator: PartnershipScoped {
    public static var partnershipField: KeyPath<Indicator, FieldProperty<Indicator, UUID>> { \.$partnership.$id }
}
extension Survey: PartnershipScoped {
    public static var partnershipField: KeyPath<Survey, FieldProperty<Survey, UUID>> { \.$partnership.$id }
}
extension GameSession: PartnershipScoped {
    public static var partnershipField: KeyPath<GameSession, FieldProperty<GameSession, UUID>> { \.$partnership.$id }
}
extension Event: PartnershipScoped {
    public static var partnershipField: KeyPath<Event, FieldProperty<Event, UUID>> { \.$partnership.$id }
}
extension CrimeImport: PartnershipScoped {
    public static var partnershipField: KeyPath<CrimeImport, FieldProperty<CrimeImport, UUID>> { \.$partnership.$id }
}
