import Plot

/// The draft report, its reviewers and their comments, with forms to record a comment and its resolution.
enum ScrutinyDraftSection {
    static func render(_ model: ScrutinyReviewPage.Model, csrf: String) -> Node<HTML.BodyContext> {
        let v = model.values
        let e = model.errors
        let record: Node<HTML.BodyContext> = .if(
            model.canManage && !model.reviewers.isEmpty,
            Form.disclosure(
                "Record a comment", hidden: " on the draft",
                Form.post(
                    to: .partnership(slug: model.slug, .scrutinyComments(id: model.id)), csrf: csrf,
                    Form.select(
                        name: "comment-reviewer", label: "Reviewer",
                        options: [("", "Choose a reviewer")] + model.reviewers.map { ($0, $0) },
                        selected: v["comment-reviewer"], errors: e),
                    Form.input(
                        .init(
                            name: "comment-day", label: "Date", hint: "For example, 3/2/2026.",
                            value: v["comment-day"] ?? "", width: "width-third"), errors: e),
                    Form.select(
                        name: "comment-kind", label: "Kind", options: model.options.commentKinds,
                        selected: v["comment-kind"], errors: e),
                    Form.input(
                        .init(
                            name: "comment-section", label: "Part of the draft (optional)",
                            hint: "For example, paragraph 4.2.",
                            value: v["comment-section"] ?? "", width: "width-half"), errors: e),
                    Form.textarea("comment-text", "Comment", hint: nil, value: v["comment-text"] ?? "", errors: e),
                    Form.submit("Record comment"))))
        return .section(
            .h2(.text("Draft report and comments")),
            .p(.text(model.draft.isEmpty ? "No draft recorded yet." : model.draft)),
            .if(
                !model.draftShared.isEmpty,
                .p(
                    .text(
                        "Shared for comment and accuracy on \(model.draftShared) with: \(model.reviewers.joined(separator: "; "))."
                    ))),
            model.comments.isEmpty
                ? .p(.text("No comments recorded."))
                : .div(.forEach(model.comments) { comment(model, $0, csrf: csrf) }),
            record)
    }

    static func comment(_ model: ScrutinyReviewPage.Model, _ c: ScrutinyReviewPage.Comment, csrf: String) -> Node<
        HTML.BodyContext
    > {
        let field = "resolution-\(c.id)"
        return .section(
            .class("question-slot"),
            .h3(
                .text("\(c.kind) from \(c.reviewer)"),
                .span(.class("hint"), .text(" — \(c.day)\(c.section.isEmpty ? "" : ", \(c.section)")"))),
            .p(.text(c.text)),
            .p(
                .span(.class(c.isOpen ? "tag tag-refused" : "tag tag-imported"), .text(c.resolution)),
                .text(c.note.isEmpty ? "" : " \(c.note)")),
            .if(
                model.canManage && c.isOpen,
                Form.post(
                    to: .partnership(slug: model.slug, .scrutinyCommentResolve(id: model.id, comment: c.id)),
                    csrf: csrf,
                    Form.select(
                        name: "resolution", id: field, label: "Resolution",
                        options: [("", "Choose")] + model.options.resolutions,
                        selected: nil, errors: model.errors),
                    Form.textarea(
                        "note", "What was done (needed when the report is not changed)", hint: nil, value: "",
                        errors: model.errors, rows: 2,
                        id: "note-\(c.id)"),
                    .button(
                        .type(.submit), .class("button secondary"), .text("Save resolution"),
                        .span(.class("visually-hidden"), .text(" of \(c.reviewer)’s comment"))))))
    }
}

/// Recommendations: the response, target dates and slips, progress updates, and the forms for each.
enum ScrutinyRecommendationsSection {
    static func render(_ model: ScrutinyReviewPage.Model, csrf: String) -> Node<HTML.BodyContext> {
        let v = model.values
        let e = model.errors
        return .section(
            .h2(.text("Recommendations")),
            model.recommendations.isEmpty
                ? .p(.text("No recommendations yet."))
                : .div(.forEach(model.recommendations) { item(model, $0, csrf: csrf) }),
            .if(
                model.canManage,
                Form.disclosure(
                    "Add a recommendation", hidden: "",
                    Form.post(
                        to: .partnership(slug: model.slug, .scrutinyRecommendations(id: model.id)), csrf: csrf,
                        Form.textarea(
                            "recommendation-text", "Recommendation", hint: nil, value: v["recommendation-text"] ?? "",
                            errors: e, rows: 3),
                        Form.input(
                            .init(
                                name: "recommendation-owner", label: "Owner",
                                hint: "A cabinet member, service or partner.", value: v["recommendation-owner"] ?? ""),
                            errors: e),
                        Form.input(
                            .init(
                                name: "recommendation-target", label: "Target date (optional)",
                                value: v["recommendation-target"] ?? "", width: "width-third"), errors: e),
                        Form.submit("Add recommendation")))))
    }

    static func item(_ model: ScrutinyReviewPage.Model, _ r: ScrutinyReviewPage.Recommendation, csrf: String) -> Node<
        HTML.BodyContext
    > {
        .section(
            .class("question-slot"), .id("recommendation-\(r.number)"),
            .h3(.text("Recommendation \(r.number)")),
            .p(.text(r.text)),
            .element(
                named: "dl",
                nodes: [
                    .class("summary-list"),
                    .element(named: "dt", nodes: [.text("Owner")]), .element(named: "dd", nodes: [.text(r.owner)]),
                    .element(named: "dt", nodes: [.text("Response")]),
                    .element(
                        named: "dd",
                        nodes: [
                            .text(
                                r.response + (r.respondedOn.isEmpty ? "" : " (\(r.respondedOn))")
                                    + (r.reason.isEmpty ? "" : ": \(r.reason)"))
                        ]),
                    .element(named: "dt", nodes: [.text("Status")]),
                    .element(
                        named: "dd",
                        nodes: [
                            .text(r.status),
                            .if(r.overdue, .group(.text(" "), .strong(.class("tag tag-refused"), .text("Overdue")))),
                        ]),
                    .element(named: "dt", nodes: [.text("Target date")]),
                    .element(
                        named: "dd",
                        nodes: [
                            .text(r.target.isEmpty ? "none" : r.target),
                            .text(
                                r.slips > 0
                                    ? " (first agreed \(r.firstTarget); moved \(r.slips) time\(r.slips == 1 ? "" : "s"))"
                                    : ""),
                        ]),
                ]),
            .if(
                !r.updates.isEmpty,
                .ul(
                    .forEach(r.updates) { u in
                        .li(
                            .strong(.text(u.day)), .text(" · \(u.status) · \(u.note)"),
                            .span(.class("hint"), .text(" (target \(u.target))")))
                    })),
            .if(model.canManage, forms(model, r, csrf: csrf)))
    }

    static func forms(_ model: ScrutinyReviewPage.Model, _ r: ScrutinyReviewPage.Recommendation, csrf: String) -> Node<
        HTML.BodyContext
    > {
        let e = model.errors
        return .div(
            .class("no-print"),
            Form.disclosure(
                r.responseKey == "awaiting" ? "Record the response" : "Change the response",
                hidden: " to recommendation \(r.number)",
                Form.post(
                    to: .partnership(slug: model.slug, .scrutinyResponse(id: model.id, recommendation: r.id)),
                    csrf: csrf,
                    Form.select(
                        name: "response", id: "response-\(r.id)", label: "Cabinet or board response",
                        options: [("", "Choose")] + model.options.responses,
                        selected: r.responseKey, errors: e),
                    Form.textarea(
                        "reason", "Reason (needed for partial acceptance or rejection)", hint: nil, value: r.reason,
                        errors: e, rows: 2, id: "reason-\(r.id)"),
                    Form.input(
                        .init(
                            name: "responded", label: "Date of the response", value: "", width: "width-third",
                            id: "responded-\(r.id)"), errors: e),
                    Form.input(
                        .init(
                            name: "target", label: "Target date agreed", value: "", width: "width-third",
                            id: "target-\(r.id)"), errors: e),
                    Form.submit("Save response"))),
            Form.disclosure(
                "Add a progress update", hidden: " to recommendation \(r.number)",
                Form.post(
                    to: .partnership(
                        slug: model.slug, .scrutinyRecommendationUpdate(id: model.id, recommendation: r.id)),
                    csrf: csrf,
                    Form.input(
                        .init(name: "day", label: "Date", value: "", width: "width-third", id: "day-\(r.id)"), errors: e
                    ),
                    Form.select(
                        name: "status", id: "status-\(r.id)", label: "Status", options: model.options.statuses,
                        selected: nil, errors: e),
                    Form.textarea(
                        "note", "What has happened", hint: nil, value: "", errors: e, rows: 2, id: "note-\(r.id)"),
                    Form.input(
                        .init(
                            name: "target", label: "New target date (only if it has moved)", value: "",
                            width: "width-third", id: "newtarget-\(r.id)"), errors: e),
                    Form.submit("Save update"))))
    }
}
