import FluentKit
import Foundation

/// An item in the partnership's resource library: a video, poster, leaflet or lesson plan, uploaded or linked,
/// tagged by theme, audience and objective, public only once a coordinator has approved it.
public final class LibraryResource: Model, @unchecked Sendable {
    public static let schema = "library_resources"

    public enum Kind: String, CaseIterable, Codable, Sendable {
        case video, poster, leaflet
        case lessonPlan = "lesson-plan"
        case presentation, audio, other

        public var label: String {
            switch self {
            case .video: "Video"
            case .poster: "Poster"
            case .leaflet: "Leaflet"
            case .lessonPlan: "Lesson plan"
            case .presentation: "Presentation"
            case .audio: "Audio"
            case .other: "Other"
            }
        }
    }

    public enum Status: String, CaseIterable, Codable, Sendable {
        /// Waiting for a coordinator; not public.
        case pending
        case published
        case rejected
        /// Was public, taken down.
        case withdrawn

        public var label: String {
            switch self {
            case .pending: "Waiting for approval"
            case .published: "Published"
            case .rejected: "Not approved"
            case .withdrawn: "Withdrawn"
            }
        }
    }

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership

    // data fields
    @Field(key: "title") public var title: String
    @Field(key: "description") public var description: String
    @Field(key: "kind") public var kind: Kind
    /// A page elsewhere (https only) — or nil when a file was uploaded.
    @OptionalField(key: "link") public var link: String?
    /// The uploaded file's name (cleaned), its kind as judged from its bytes (UploadCheck.Kind) and size.
    @OptionalField(key: "file_name") public var fileName: String?
    @OptionalField(key: "file_kind") public var fileKind: String?
    @Field(key: "file_bytes") public var fileBytes: Int
    /// What an image shows, for people who cannot see it.
    @Field(key: "alt_text") public var altText: String
    /// Everything said (and important sounds) in a video or audio item.
    @Field(key: "transcript") public var transcript: String
    @Field(key: "themes") public var themes: String
    @Field(key: "audiences") public var audiences: String
    @Field(key: "objectives") public var objectives: String
    @Field(key: "status") public var status: Status
    @Field(key: "moderation_note") public var moderationNote: String
    @Field(key: "added_by") public var addedBy: String
    @Field(key: "added_at") public var addedAt: Date
    @OptionalField(key: "moderated_by") public var moderatedBy: String?
    @OptionalField(key: "moderated_at") public var moderatedAt: Date?
    @Field(key: "views") public var views: Int
    @Field(key: "downloads") public var downloads: Int
    /// The organisation on the register this belongs to (issue 23), if linked.
    @OptionalField(key: "organisation_id") public var organisationID: UUID?
    /// Captions for an uploaded video, as WebVTT (issue 23): required before one can be added.
    @OptionalField(key: "captions") public var captions: String?
    /// Who made it ("Year 9 media students, Consett Academy"), shown wherever it is.
    @OptionalField(key: "credit") public var credit: String?
    /// Whether a young person can be seen, heard or named in it; when so, how their consent was recorded, by whom
    /// and when (issue 23).
    @OptionalField(key: "shows_young_people") public var showsYoungPeople: Bool?
    @OptionalField(key: "consent_note") public var consentNote: String?
    @OptionalField(key: "consent_by") public var consentBy: String?
    @OptionalField(key: "consent_at") public var consentAt: Date?
    /// The submission link it came through, for work students sent in.
    @OptionalField(key: "submission_id") public var submissionID: UUID?

    public init() {}

    public var uploadKind: UploadCheck.Kind? { fileKind.flatMap(UploadCheck.Kind.init(rawValue:)) }
    public var themeIDs: [UUID] { IDList.parse(themes) }
    public var audienceIDs: [UUID] { IDList.parse(audiences) }
    public var objectiveIDs: [UUID] { IDList.parse(objectives) }
    public var isImage: Bool { [.png, .jpeg, .gif, .webp].contains(uploadKind) }
    /// An uploaded video, played in the page with its captions.
    public var isVideo: Bool { [.mp4, .webm].contains(uploadKind) }
}

/// An uploaded file's bytes, in pieces of at most a megabyte so a large video is never read in one go. Kept in
/// the database, so backups, restores and several server instances all see the same files.
public final class ResourceFilePart: Model, @unchecked Sendable {
    public static let schema = "resource_file_parts"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "resource_id") public var resource: LibraryResource

    // data fields
    @Field(key: "position") public var position: Int
    @Field(key: "bytes") public var bytes: Data

    public init() {}
}

/// A partnership's logo for its public pages (PNG or JPEG, checked like any upload).
public final class PartnershipLogo: Model, @unchecked Sendable {
    public static let schema = "partnership_logos"

    // managed fields
    @ID(key: .id) public var id: UUID?
    @Parent(key: "partnership_id") public var partnership: Partnership

    // data fields
    @Field(key: "kind") public var kind: String
    @Field(key: "bytes") public var bytes: Data
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}
