import Foundation
import SaferCyberCore
import SaferCyberViews

/// Library items as the pages show them, with tag names from the partnership's own lists.
struct ResourceItems {
    let snapshot: PartnershipSettings.Snapshot

    func item(_ r: LibraryResource) -> ResourcePages.Item {
        var item = basic(r)
        item.isVideo = r.isVideo
        item.credit = r.credit ?? ""
        switch r.showsYoungPeople {
        case true?:
            item.consent =
                "Yes. Consent: \(r.consentNote ?? "") (recorded by \(r.consentBy ?? "unknown")\(r.consentAt.map { ", \(UKTime.longDate($0))" } ?? ""))"
        case false?: item.consent = "No"
        case nil: item.consent = ""
        }
        return item
    }

    private func basic(_ r: LibraryResource) -> ResourcePages.Item {
        func names(_ ids: [UUID], _ list: [(id: UUID, name: String)]) -> [String] {
            ids.compactMap { id in list.first { $0.id == id }?.name }
        }
        let tags =
            names(r.themeIDs, snapshot.themes) + names(r.audienceIDs, snapshot.audiences)
            + names(r.objectiveIDs, snapshot.objectives)
        let format =
            r.link != nil
            ? "Link to another website"
            : "\(r.uploadKind.map { $0.label.split(separator: " ", maxSplits: 1).last.map(String.init) ?? $0.rawValue } ?? "File"), \(Self.size(r.fileBytes))"
        return ResourcePages.Item(
            id: r.id!.uuidString, title: r.title, description: r.description, kind: r.kind.label,
            format: format, tags: tags,
            altText: r.altText, transcript: r.transcript, isImage: r.isImage, isLink: r.link != nil,
            status: r.status.rawValue,
            statusLabel: r.status.label, note: r.moderationNote, addedBy: r.addedBy,
            added: UKTime.longDate(r.addedAt),
            moderated: r.moderatedAt.map { "\(UKTime.longDate($0)) by \(r.moderatedBy ?? "")" } ?? "", views: r.views,
            downloads: r.downloads)
    }

    /// "1.2 MB", "340 KB".
    static func size(_ bytes: Int) -> String {
        bytes >= 1_000_000 ? String(format: "%.1f MB", Double(bytes) / 1_000_000) : "\(max(1, (bytes + 999) / 1000)) KB"
    }

    static func options(_ list: [(id: UUID, name: String)]) -> ResourcePages.Options {
        list.map { ($0.id.uuidString, $0.name) }
    }
}
