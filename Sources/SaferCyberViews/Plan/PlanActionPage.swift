import Plot

/// One action: its details, milestones, the work in other modules that measures it, its dated history, and
/// the form to post a progress update.
public enum PlanActionPage {
    public struct Update: Sendable {
        public var day: String
        public var note: String
        public var evidence: [String]
        public var status: String
        public var rag: String
        public var ragLabel: String
        public var author: String
        public init(
            day: String, note: String, evidence: [String], status: String, rag: String, ragLabel: String, author: String
        ) {
            self.day = day
            self.note = note
            self.evidence = evidence
            self.status = status
            self.rag = rag
            self.ragLabel = ragLabel
            self.author = author
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var row: PlanActionRow
        /// Label and value pairs: objective, partners, themes, dates, funding…
        public var facts: [(label: String, value: String)]
        public var summary: String
        public var milestones: [(title: String, due: String, done: Bool)]
        /// Linked work with a measured figure: (kind, title, figure, link).
        public var measured: [(kind: String, title: String, figure: String, url: SiteURL?)]
        public var updates: [Update]
        public var canManage: Bool
        public var statuses: [(value: String, label: String)]
        public var ratings: [(value: String, label: String)]
        public var values: [String: String]
        public var errors: [FormError]
        public init(
            slug: String, row: PlanActionRow, facts: [(label: String, value: String)], summary: String,
            milestones: [(title: String, due: String, done: Bool)],
            measured: [(kind: String, title: String, figure: String, url: SiteURL?)],
            updates: [Update], canManage: Bool, statuses: [(value: String, label: String)],
            ratings: [(value: String, label: String)],
            values: [String: String], errors: [FormError]
        ) {
            self.slug = slug
            self.row = row
            self.facts = facts
            self.summary = summary
            self.milestones = milestones
            self.measured = measured
            self.updates = updates
            self.canManage = canManage
            self.statuses = statuses
            self.ratings = ratings
            self.values = values
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        let row = model.row
        return Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Action \(row.number): \(row.title)", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .p(.a(.href(SiteURL.partnership(slug: model.slug, .plan).path), .text("Back to the plan"))),
                .span(.class("caption"), .text("Action \(row.number)")),
                .h1(.text(row.title)),
                .p(
                    .text(row.status), .text(" "), .span(.class("rag rag-\(row.rag)"), .text(row.ragLabel)),
                    .if(row.overdue, .group(.text(" "), .strong(.class("tag tag-refused"), .text("Overdue"))))),
                .if(!row.ragReason.isEmpty, .p(.text("Why: \(row.ragReason)"))),
                .if(!model.summary.isEmpty, .p(.text(model.summary))),
                .element(
                    named: "dl",
                    nodes: [.class("summary-list")]
                        + model.facts.flatMap { fact -> [Node<HTML.BodyContext>] in
                            [
                                .element(named: "dt", nodes: [.text(fact.label)]),
                                .element(named: "dd", nodes: [.text(fact.value)]),
                            ]
                        }),
                .if(
                    model.canManage,
                    .p(
                        .a(
                            .class("button secondary"),
                            .href(SiteURL.partnership(slug: model.slug, .planActionEdit(id: row.id)).path),
                            .text("Change this action")))),
                milestones(model),
                measured(model),
                history(model),
                .if(model.canManage, updateForm(model, csrf: chrome.csrfToken))
            ))
    }

    static func milestones(_ model: Model) -> Node<HTML.BodyContext> {
        .if(
            !model.milestones.isEmpty,
            .section(
                .h2(.text("Milestones")),
                .ul(
                    .forEach(model.milestones) { m in
                        .li(
                            .text(m.title), .text(m.due.isEmpty ? "" : " — \(m.due)"), .text(" "),
                            .span(.class(m.done ? "tag tag-imported" : "tag"), .text(m.done ? "Done" : "Not yet")))
                    })))
    }

    static func measured(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Measured progress")),
            model.measured.isEmpty
                ? .p(.text("No events, games, surveys or outcomes are linked to this action yet."))
                : .ul(
                    .forEach(model.measured) { item in
                        .li(
                            .strong(.text(item.kind + ": ")),
                            item.url.map { Node<HTML.BodyContext>.a(.href($0.path), .text(item.title)) }
                                ?? .text(item.title),
                            .text(" — \(item.figure)"))
                    }))
    }

    static func history(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Progress updates")),
            model.updates.isEmpty
                ? .p(.text("No updates yet."))
                : .ol(
                    .class("timeline"),
                    .forEach(model.updates.reversed()) { u in
                        .li(
                            .p(
                                .strong(.text(u.day)), .text(" · \(u.status) · "),
                                .span(.class("rag rag-\(u.rag)"), .text(u.ragLabel)),
                                .span(.class("hint"), .text(" · \(u.author)"))),
                            .p(.text(u.note)),
                            .if(
                                !u.evidence.isEmpty,
                                .ul(
                                    .forEach(u.evidence) {
                                        .li(
                                            .a(
                                                .href($0),
                                                .attribute(named: "rel", value: "noopener noreferrer"), .text($0)))
                                    })))
                    }))
    }

    static func updateForm(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        let v = model.values
        return .section(
            .class("no-print"), .h2(.text("Post a progress update")),
            Form.post(
                to: .partnership(slug: model.slug, .planActionUpdate(id: model.row.id)), csrf: csrf,
                Form.textarea(
                    "note", "What has happened?", hint: "Plain English, for the sub-group and the board.",
                    value: v["note"] ?? "", errors: model.errors),
                Form.textarea(
                    "evidence", "Evidence (optional)",
                    hint: "Web addresses of reports, photos or papers, one per line, starting https://",
                    value: v["evidence"] ?? "", errors: model.errors),
                Form.input(
                    .init(
                        name: "day", label: "Date of the update",
                        hint: "For example, 27/3/2026. Leave empty for today.", value: v["day"] ?? "",
                        type: .date, width: "width-third"), errors: model.errors),
                Form.select(
                    name: "status", label: "Status", options: model.statuses, selected: v["status"],
                    errors: model.errors),
                Form.select(
                    name: "rag", label: "Rating", options: model.ratings, selected: v["rag"], errors: model.errors),
                Form.textarea(
                    "ragReason", "Why this rating? (needed for amber and red)", hint: nil, value: v["ragReason"] ?? "",
                    errors: model.errors),
                Form.submit("Post update")))
    }
}
