import FluentKit
import Foundation
import SQLKit

/// The resource library: adding (upload or link), moderation, what the public sees, and view/download counts.
public enum Resources {
    /// The size of each stored piece of a file.
    static let partSize = 1_000_000
    public static var storedPartSize: Int { partSize }

    public struct Draft: Sendable {
        public var title = "", description = "", kind = "", link = "", altText = "", transcript = ""
        public var themes: [UUID] = [], audiences: [UUID] = [], objectives: [UUID] = []
        /// WebVTT captions (the text of the uploaded .vtt file), required for an uploaded video (issue 23).
        public var captions = ""
        /// Who made it; required for a video.
        public var credit = ""
        /// "yes" or "no": can a young person be seen, heard or named in it? Required for a video; with "yes", how
        /// consent was recorded and a confirmation that it was given.
        public var showsYoungPeople = ""
        public var consentNote = ""
        public var consentConfirmed = false
        /// Through a submission link: the name of whoever sends it (a teacher), who confirms the consent.
        public var submitter = ""
        public init() {}
    }

    public enum Decision: String, Sendable {
        case publish, reject, withdraw
    }

    /// Adds an item, waiting for approval. Every problem is reported at once and nothing is saved unless all is well.
    @discardableResult
    public static func add(
        _ draft: Draft, upload: Upload?, partnershipID: UUID, by actor: ActingUser, at now: Date = Date(),
        submission: SubmissionLink? = nil, on db: any Database
    ) async throws -> LibraryResource {
        var errors = FieldErrors()
        let title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = draft.description.trimmingCharacters(in: .whitespacesAndNewlines)
        let link = draft.link.trimmingCharacters(in: .whitespacesAndNewlines)
        let alt = draft.altText.trimmingCharacters(in: .whitespacesAndNewlines)
        let transcript = draft.transcript.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty {
            errors.add("title", "Enter a title")
        } else if title.count > 200 {
            errors.add("title", "The title must be 200 characters or fewer")
        }
        if description.isEmpty {
            errors.add("description", "Say in a sentence or two what it is and who it is for")
        } else if description.count > 2000 {
            errors.add("description", "The description must be 2,000 characters or fewer")
        }
        let kind = LibraryResource.Kind(rawValue: draft.kind)
        if kind == nil { errors.add("kind", "Choose what kind of resource it is") }

        var fileKind: UploadCheck.Kind?
        let hasFile = (upload?.size ?? 0) > 0
        if hasFile && !link.isEmpty {
            errors.add("file", "Upload a file or give a link, not both")
        } else if !hasFile && link.isEmpty {
            errors.add("file", "Choose a file to upload, or give a link to where it is")
        } else if let upload, hasFile {
            switch try UploadCheck.check(upload) {
            case .success(let k): fileKind = k
            case .failure(let refused): errors.add("file", refused.description)
            }
        } else if !isSafeLink(link) {
            errors.add("link", "Enter a full web address starting https://, like https://www.example.org/video")
        }

        let isVisual = kind == .poster || [.png, .jpeg, .gif, .webp].contains(fileKind)
        let isTimed = kind == .video || kind == .audio || [.mp4, .webm, .mp3].contains(fileKind)
        if isVisual && alt.isEmpty {
            errors.add("altText", "Describe what the image or poster shows, for people who cannot see it")
        }
        if alt.count > 1000 {
            errors.add("altText", "The description must be 1,000 characters or fewer; put more in the transcript")
        }
        if isTimed && transcript.isEmpty {
            errors.add(
                "transcript", "Add a transcript of everything said in the video or audio, for people who cannot hear it"
            )
        }
        if transcript.count > 100_000 { errors.add("transcript", "The transcript must be 100,000 characters or fewer") }

        let captions = checkVideo(draft, kind: kind, fileKind: fileKind, submission: submission, errors: &errors)

        let themes = try await known(Theme.self, draft.themes, partnershipID, on: db)
        let audiences = try await known(Audience.self, draft.audiences, partnershipID, on: db)
        let objectives = try await known(Objective.self, draft.objectives, partnershipID, on: db)
        // Work sent in through a link chooses its themes and audiences; the partnership's objectives are its own.
        if themes.isEmpty { errors.add("themes", "Choose at least one theme") }
        if audiences.isEmpty { errors.add("audiences", "Choose at least one audience") }
        if objectives.isEmpty && submission == nil { errors.add("objectives", "Choose at least one objective") }
        try errors.throwIfAny()
        let storedKind = fileKind

        let resource = LibraryResource()
        resource.$partnership.id = partnershipID
        resource.title = title
        resource.description = description
        resource.kind = kind!
        resource.link = hasFile ? nil : link
        resource.fileName = hasFile ? cleanFileName(upload!.fileName) : nil
        resource.fileKind = fileKind?.rawValue
        resource.fileBytes = hasFile ? upload!.size : 0
        resource.altText = alt
        resource.transcript = transcript
        resource.themes = IDList.text(themes)
        resource.audiences = IDList.text(audiences)
        resource.objectives = IDList.text(objectives)
        resource.status = LibraryResource.Status.pending
        resource.moderationNote = ""
        resource.addedBy = actor.email
        resource.addedAt = now
        resource.views = 0
        resource.downloads = 0
        resource.captions = captions
        resource.credit = draft.credit.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        resource.showsYoungPeople =
            draft.showsYoungPeople == "yes" ? true : draft.showsYoungPeople == "no" ? false : nil
        if resource.showsYoungPeople == true {
            resource.consentNote = draft.consentNote.trimmingCharacters(in: .whitespacesAndNewlines)
            resource.consentBy =
                submission.map {
                    "\(draft.submitter.trimmingCharacters(in: .whitespaces)), through the link for \($0.label)"
                }
                ?? actor.email
            resource.consentAt = now
        }
        resource.submissionID = submission?.id
        if let submission {
            resource.addedBy =
                "\(draft.submitter.trimmingCharacters(in: .whitespacesAndNewlines)) (submission link for \(submission.label))"
        }
        let submissionID = submission?.id
        try await db.write { tx in
            if let submissionID {
                // Counted in one statement in the same commit, so the link's limit holds however fast it is used.
                guard try await Submissions.take(submissionID, now: now, on: tx) else {
                    throw FieldErrors(
                        "file", "This link has closed or has taken all the work it can. Ask for a new link.")
                }
            }
            try await resource.create(on: tx)
            if let upload, hasFile {
                var position = 0
                var start = 0
                while start < upload.size {
                    let part = ResourceFilePart()
                    part.$resource.id = try resource.requireID()
                    part.position = position
                    part.bytes = Data(try upload.read(from: start, count: partSize))
                    try await part.create(on: tx)
                    position += 1
                    start += partSize
                }
            }
            try await Audit.record(
                on: tx, partnershipID: partnershipID, by: actor, action: .create, entity: "resource",
                entityID: resource.id?.uuidString,
                summary: "Added “\(title)” to the resource library"
                    + (hasFile ? " (\(storedKind!.label), \(upload!.size) bytes)" : " (link)"))
        }
        return resource
    }

    /// Only https addresses with a host: never javascript:, data: or a page on this server pretending to be a link.
    public static func isSafeLink(_ text: String) -> Bool {
        guard text.count <= 500, let url = URL(string: text), url.scheme?.lowercased() == "https", let host = url.host,
            host.contains(".")
        else { return false }
        return !text.contains(where: { $0.isWhitespace })
    }

    /// A file name safe to send back in a download header: letters, digits, dot, hyphen and underscore.
    public static func cleanFileName(_ name: String) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "file"
        let cleaned = String(
            base.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") ? $0 : "-" }
        ).prefix(100)
        return cleaned.isEmpty ? "file" : String(cleaned)
    }

    static func known<T: PartnershipListItem>(_ type: T.Type, _ ids: [UUID], _ partnershipID: UUID, on db: any Database)
        async throws -> [UUID]
    {
        guard !ids.isEmpty else { return [] }
        let owned = Set(try await T.query(on: db).all().filter { $0.partnershipID == partnershipID }.compactMap(\.id))
        var seen = Set<UUID>()
        return ids.filter { owned.contains($0) && seen.insert($0).inserted }
    }

    /// Publishes, rejects (with a reason for the partner) or withdraws an item.
    public static func moderate(
        _ resource: LibraryResource, _ decision: Decision, note raw: String, by actor: ActingUser,
        at now: Date = Date(),
        on db: any Database
    ) async throws {
        let note = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let status = resource.status
        switch decision {
        case .publish:
            guard status != .published else { throw FieldErrors("decision", "It is already published") }
        case .reject:
            guard status == .pending else {
                throw FieldErrors("decision", "Only items waiting for approval can be turned down")
            }
            if note.isEmpty { throw FieldErrors("note", "Say why it is not approved, so the partner can put it right") }
        case .withdraw:
            guard status == .published else { throw FieldErrors("decision", "Only published items can be withdrawn") }
            if note.isEmpty { throw FieldErrors("note", "Say why it is being withdrawn") }
        }
        if note.count > 1000 { throw FieldErrors("note", "The note must be 1,000 characters or fewer") }
        let before = status
        resource.status =
            switch decision {
            case .publish: .published
            case .reject: .rejected
            case .withdraw: .withdrawn
            }
        resource.moderationNote = note
        resource.moderatedBy = actor.email
        resource.moderatedAt = now
        try await db.write { tx in
            try await resource.save(on: tx)
            try await Audit.record(
                on: tx, partnershipID: resource.$partnership.id, by: actor, action: .update, entity: "resource",
                entityID: resource.id?.uuidString,
                summary:
                    "\(decision == .publish ? "Published" : decision == .reject ? "Turned down" : "Withdrew") “\(resource.title)” (was \(before.label.lowercased()))"
                    + (note.isEmpty ? "" : ": \(note)"))
        }
    }

    /// Deletes an item that is not public (waiting, turned down or withdrawn) and its file, for good: a film whose
    /// consent was withdrawn, work sent in by mistake (issue 23 review: nothing could be deleted). Audited by title.
    public static func delete(_ resource: LibraryResource, by actor: ActingUser, on db: any Database) async throws {
        guard resource.status != .published else {
            throw FieldErrors("note", "Withdraw it first: a published item cannot be deleted while people can see it")
        }
        let id = try resource.requireID()
        try await db.write { tx in
            try await ResourceFilePart.query(on: tx).filter(\.$resource.$id == id).delete()
            try await resource.delete(on: tx)
            try await Audit.record(
                on: tx, partnershipID: resource.$partnership.id, by: actor, action: .delete, entity: "resource",
                entityID: id.uuidString,
                summary:
                    "Deleted \u{201C}\(resource.title)\u{201D} and its file (was \(resource.status.label.lowercased()))"
            )
        }
    }

    /// Every item, newest first (staff), optionally only those with `status`.
    public static func all(partnershipID: UUID, status: LibraryResource.Status? = nil, on db: any Database) async throws
        -> [LibraryResource]
    {
        var query = LibraryResource.query(on: db).filter(\.$partnership.$id == partnershipID)
        if let status { query = query.filter(\.$status == status) }
        return try await query.sort(\.$addedAt, .descending).all()
    }

    public struct Filter: Sendable, Equatable {
        public var theme: UUID?, audience: UUID?, objective: UUID?, kind: LibraryResource.Kind?
        public init(
            theme: UUID? = nil, audience: UUID? = nil, objective: UUID? = nil, kind: LibraryResource.Kind? = nil
        ) {
            self.theme = theme
            self.audience = audience
            self.objective = objective
            self.kind = kind
        }
    }

    /// What the public sees: published items matching every chosen tag, newest first.
    public static func published(partnershipID: UUID, filter: Filter = Filter(), on db: any Database) async throws
        -> [LibraryResource]
    {
        try await all(partnershipID: partnershipID, status: .published, on: db).filter { r in
            (filter.theme.map { r.themeIDs.contains($0) } ?? true)
                && (filter.audience.map { r.audienceIDs.contains($0) } ?? true)
                && (filter.objective.map { r.objectiveIDs.contains($0) } ?? true)
                && (filter.kind.map { r.kind == $0 } ?? true)
        }
    }

    public enum Counter: String, Sendable { case views, downloads }

    /// Adds one to a published item's count in the database itself, so simultaneous visitors are all counted.
    /// Counts a view or a download once per visitor (their address) per day, however often the page is fetched, so
    /// a script cannot inflate the figures the board report shows (issue 20, case 6). Returns whether it counted.
    @discardableResult
    public static func count(
        _ counter: Counter, resourceID: UUID, visitor: String, on db: any Database, now: Date = Date()
    ) async throws -> Bool {
        guard
            try await PublicLimits.firstSighting(
                "resource|\(counter.rawValue)|\(resourceID)|\(visitor)", within: 24 * 60 * 60, on: db, now: now)
        else { return false }
        try await count(counter, resourceID: resourceID, on: db)
        return true
    }

    static func count(_ counter: Counter, resourceID: UUID, on db: any Database) async throws {
        let sql = db.sql
        try await db.write { tx in
            let sql = (tx as? any SQLDatabase) ?? sql
            try await sql.update(LibraryResource.schema)
                .set(SQLIdentifier(counter.rawValue), to: SQLRaw("\(counter.rawValue) + 1"))
                .where("id", .equal, resourceID)
                .run()
        }
    }

    /// The number of stored pieces of an item's file, to send them one at a time.
    public static func partCount(resourceID: UUID, on db: any Database) async throws -> Int {
        try await ResourceFilePart.query(on: db).filter(\.$resource.$id == resourceID).count()
    }

    public static func part(resourceID: UUID, position: Int, on db: any Database) async throws -> Data? {
        try await ResourceFilePart.query(on: db).filter(\.$resource.$id == resourceID).filter(\.$position == position)
            .first()?.bytes
    }

    /// The whole file (for tests and small files).
    public static func file(resourceID: UUID, on db: any Database) async throws -> Data {
        try await ResourceFilePart.query(on: db).filter(\.$resource.$id == resourceID).sort(\.$position).all().reduce(
            into: Data()
        ) { $0.append($1.bytes) }
    }
}
