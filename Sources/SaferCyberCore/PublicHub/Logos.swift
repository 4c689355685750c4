import FluentKit
import Foundation
import SQLKit

/// The partnership's logo on its public home page.
public enum Logos {
    public static let largestBytes = 1_000_000

    public static func set(
        _ upload: Resources.Upload, partnershipID: UUID, by actor: ActingUser, at now: Date = Date(),
        on db: any Database
    ) async throws {
        let kind: UploadCheck.Kind
        guard upload.size <= largestBytes else {
            throw FieldErrors("logo", "The logo must be 1 MB or smaller; this is \(upload.size / 1000) KB")
        }
        switch try UploadCheck.check(upload) {
        case .success(let k) where k == .png || k == .jpeg: kind = k
        case .success(let k): throw FieldErrors("logo", "The logo must be a PNG or JPEG image; this is \(k.label)")
        case .failure(let refused): throw FieldErrors("logo", refused.description)
        }
        let bytes = try upload.read(from: 0, count: upload.size)
        try await db.write { tx in
            let logo =
                try await PartnershipLogo.query(on: tx).filter(\.$partnership.$id == partnershipID).first()
                ?? PartnershipLogo()
            logo.$partnership.id = partnershipID
            logo.kind = kind.rawValue
            logo.bytes = Data(bytes)
            logo.updatedAt = now
            try await logo.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .update, entity: "partnership",
                entityID: partnershipID.uuidString,
                summary: "Changed the logo on the public pages (\(kind.label), \(bytes.count) bytes)")
        }
    }

    public static func remove(partnershipID: UUID, by actor: ActingUser, on db: any Database) async throws {
        try await db.write { tx in
            try await PartnershipLogo.query(on: tx).filter(\.$partnership.$id == partnershipID).delete()
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .delete, entity: "partnership",
                entityID: partnershipID.uuidString, summary: "Removed the logo from the public pages")
        }
    }

    public static func find(partnershipID: UUID, on db: any Database) async throws -> PartnershipLogo? {
        try await PartnershipLogo.query(on: db).filter(\.$partnership.$id == partnershipID).first()
    }
}
