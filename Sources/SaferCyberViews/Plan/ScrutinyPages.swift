import Plot

/// The partnership's scrutiny reviews, and a form to start recording one.
public enum ScrutinyListPage {
    public struct Review: Sendable {
        public var id: String
        public var title: String
        public var dates: String
        public var recommendations: Int
        public var overdue: Int
        public init(id: String, title: String, dates: String, recommendations: Int, overdue: Int) {
            self.id = id
            self.title = title
            self.dates = dates
            self.recommendations = recommendations
            self.overdue = overdue
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var reviews: [Review]
        public var canManage: Bool
        public var values: [String: String]
        public var errors: [FormError]
        public init(slug: String, reviews: [Review], canManage: Bool, values: [String: String], errors: [FormError]) {
            self.slug = slug
            self.reviews = reviews
            self.canManage = canManage
            self.values = values
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        let list: Node<HTML.BodyContext> =
            model.reviews.isEmpty
            ? .p(.text("No scrutiny reviews recorded yet."))
            : .ul(
                .forEach(model.reviews) { r in
                    .li(
                        .a(
                            .href(SiteURL.partnership(slug: model.slug, .scrutinyReview(id: r.id)).path), .text(r.title)
                        ),
                        .span(
                            .class("hint"),
                            .text(" — \(r.dates); \(r.recommendations) recommendations, \(r.overdue) overdue")))
                })
        let form: Node<HTML.BodyContext> = .if(
            model.canManage,
            .section(
                .class("no-print"), .h2(.text("Record a review")),
                Form.post(
                    to: .partnership(slug: model.slug, .scrutiny), csrf: chrome.csrfToken,
                    ScrutinyReviewPage.detailFields(model.values, model.errors),
                    Form.submit("Save review"))))
        return Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Scrutiny reviews", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .h1(.text("Scrutiny reviews")),
                .p(
                    .class("lead"),
                    .text(
                        "Reviews by the council's scrutiny committee: evidence heard, comments on the draft, recommendations and what became of each."
                    )),
                list, form))
    }
}

/// One review: scope, evidence log, draft and comments, recommendations with responses and progress.
public enum ScrutinyReviewPage {
    public struct Evidence: Sendable {
        public var day: String, kind: String, organisation: String, heard: String, source: String
        public init(day: String, kind: String, organisation: String, heard: String, source: String) {
            self.day = day
            self.kind = kind
            self.organisation = organisation
            self.heard = heard
            self.source = source
        }
    }

    public struct Comment: Sendable {
        public var id: String, reviewer: String, day: String, kind: String, section: String, text: String
        public var isOpen: Bool, resolution: String, note: String
        public init(
            id: String, reviewer: String, day: String, kind: String, section: String, text: String, isOpen: Bool,
            resolution: String, note: String
        ) {
            self.id = id
            self.reviewer = reviewer
            self.day = day
            self.kind = kind
            self.section = section
            self.text = text
            self.isOpen = isOpen
            self.resolution = resolution
            self.note = note
        }
    }

    public struct Recommendation: Sendable {
        public var id: String, number: Int, text: String, owner: String
        public var response: String, responseKey: String, reason: String, respondedOn: String
        public var status: String, target: String, firstTarget: String, overdue: Bool, slips: Int
        public var updates: [(day: String, status: String, note: String, target: String)]
        public init(
            id: String, number: Int, text: String, owner: String, response: String, responseKey: String, reason: String,
            respondedOn: String,
            status: String, target: String, firstTarget: String, overdue: Bool, slips: Int,
            updates: [(day: String, status: String, note: String, target: String)]
        ) {
            self.id = id
            self.number = number
            self.text = text
            self.owner = owner
            self.response = response
            self.responseKey = responseKey
            self.reason = reason
            self.respondedOn = respondedOn
            self.status = status
            self.target = target
            self.firstTarget = firstTarget
            self.overdue = overdue
            self.slips = slips
            self.updates = updates
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var id: String
        public var title: String
        public var scope: String
        public var members: [String]
        public var dates: String
        public var draft: String
        public var draftShared: String
        public var reviewers: [String]
        public var evidence: [Evidence]
        public var comments: [Comment]
        public var recommendations: [Recommendation]
        public var canManage: Bool
        public var options: ScrutinyOptions
        /// The review's own fields, for the "change the details" form.
        public var details: [String: String]
        public var values: [String: String]
        public var errors: [FormError]
        public init(
            slug: String, id: String, title: String, scope: String, members: [String], dates: String, draft: String,
            draftShared: String,
            reviewers: [String], evidence: [Evidence], comments: [Comment], recommendations: [Recommendation],
            canManage: Bool,
            options: ScrutinyOptions, details: [String: String], values: [String: String], errors: [FormError]
        ) {
            self.slug = slug
            self.id = id
            self.title = title
            self.scope = scope
            self.members = members
            self.dates = dates
            self.draft = draft
            self.draftShared = draftShared
            self.reviewers = reviewers
            self.evidence = evidence
            self.comments = comments
            self.recommendations = recommendations
            self.canManage = canManage
            self.options = options
            self.details = details
            self.values = values
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        let csrf = chrome.csrfToken
        let head: Node<HTML.BodyContext> = .group(
            Form.errorSummary(model.errors),
            .p(.a(.href(SiteURL.partnership(slug: model.slug, .scrutiny).path), .text("All reviews"))),
            .span(.class("caption"), .text("Scrutiny review, \(model.dates)")),
            .h1(.text(model.title)),
            .p(
                .a(
                    .class("button"),
                    .href(SiteURL.partnership(slug: model.slug, .scrutinyProgress(id: model.id)).path),
                    .text("Progress of recommendations report"))),
            .h2(.text("Scope")), .p(.text(model.scope)),
            .p(.strong(.text("Members: ")), .text(model.members.joined(separator: "; "))))
        return Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + model.title, chrome: chrome,
            content: .div(
                head, evidence(model, csrf: csrf), ScrutinyDraftSection.render(model, csrf: csrf),
                ScrutinyRecommendationsSection.render(model, csrf: csrf),
                .if(
                    model.canManage,
                    .section(
                        .class("no-print"), .h2(.text("Change the review's details")),
                        Form.post(
                            to: .partnership(slug: model.slug, .scrutinyReview(id: model.id)), csrf: csrf,
                            detailFields(model.details, model.errors), Form.submit("Save details"))))))
    }

    static func evidence(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        let v = model.values
        let e = model.errors
        let table: Node<HTML.BodyContext> =
            model.evidence.isEmpty
            ? .p(.text("No evidence recorded yet."))
            : TableScroll.region(
                .table(
                    .caption(.class("visually-hidden"), .text("Evidence log")),
                    .thead(
                        .tr(
                            .forEach(["Date", "Kind", "From", "What was heard", "Source"]) {
                                .th(.attribute(named: "scope", value: "col"), .text($0))
                            })),
                    .tbody(
                        .forEach(model.evidence) { item in
                            .tr(
                                .td(.text(item.day)), .td(.text(item.kind)), .td(.text(item.organisation)),
                                .td(.text(item.heard)), .td(.text(item.source)))
                        })))
        return .section(
            .h2(.text("Evidence")), table,
            .if(
                model.canManage,
                Form.disclosure(
                    "Add evidence", hidden: "",
                    Form.post(
                        to: .partnership(slug: model.slug, .scrutinyEvidence(id: model.id)), csrf: csrf,
                        Form.input(
                            .init(
                                name: "evidence-day", label: "Date", hint: "For example, 3/2/2026.",
                                value: v["evidence-day"] ?? "", width: "width-third"), errors: e),
                        Form.select(
                            name: "evidence-kind", label: "Kind", options: model.options.evidenceKinds,
                            selected: v["evidence-kind"], errors: e),
                        Form.input(
                            .init(
                                name: "evidence-organisation", label: "Heard from or read",
                                hint: "An organisation, a group or a document's author.",
                                value: v["evidence-organisation"] ?? ""), errors: e),
                        Form.textarea(
                            "evidence-heard", "What was heard", hint: nil, value: v["evidence-heard"] ?? "", errors: e),
                        Form.input(
                            .init(
                                name: "evidence-source", label: "Source (optional)",
                                hint: "Where the notes or document are kept.", value: v["evidence-source"] ?? ""),
                            errors: e),
                        Form.submit("Add evidence")))))
    }

    static func detailFields(_ v: [String: String], _ e: [FormError]) -> Node<HTML.BodyContext> {
        .group(
            Form.input(.init(name: "title", label: "Title", value: v["title"] ?? ""), errors: e),
            Form.textarea(
                "scope", "Scope", hint: "What the review looks at, and what it does not.", value: v["scope"] ?? "",
                errors: e),
            Form.textarea(
                "members", "Committee members", hint: "One per line.", value: v["members"] ?? "", errors: e, rows: 3),
            Form.input(
                .init(
                    name: "starts", label: "Started", hint: "For example, 12/1/2026.", value: v["starts"] ?? "",
                    width: "width-third"), errors: e),
            Form.input(
                .init(name: "ends", label: "Ends (optional)", value: v["ends"] ?? "", width: "width-third"), errors: e),
            Form.textarea(
                "draft", "Draft report (optional)", hint: "Where the draft is, or its summary.",
                value: v["draft"] ?? "", errors: e, rows: 3),
            Form.input(
                .init(
                    name: "shared", label: "Draft shared for comment on (optional)", value: v["shared"] ?? "",
                    width: "width-third"), errors: e),
            Form.textarea(
                "reviewers", "Reviewers of the draft", hint: "The named people it was shared with, one per line.",
                value: v["reviewers"] ?? "",
                errors: e, rows: 3))
    }
}

/// Choices for the scrutiny forms, as (value, label): the controller fills them from Core's enums.
public struct ScrutinyOptions: Sendable {
    public var evidenceKinds: [(value: String, label: String)]
    public var commentKinds: [(value: String, label: String)]
    public var resolutions: [(value: String, label: String)]
    public var responses: [(value: String, label: String)]
    public var statuses: [(value: String, label: String)]
    public init(
        evidenceKinds: [(value: String, label: String)], commentKinds: [(value: String, label: String)],
        resolutions: [(value: String, label: String)], responses: [(value: String, label: String)],
        statuses: [(value: String, label: String)]
    ) {
        self.evidenceKinds = evidenceKinds
        self.commentKinds = commentKinds
        self.resolutions = resolutions
        self.responses = responses
        self.statuses = statuses
    }
}
