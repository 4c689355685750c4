import Plot

/// One escape-room puzzle on a phone: the explanation of the last answer, the puzzle, hints.
enum PlayEscapeScreen {
    static func render(_ e: PlayPage.Escape, code: String, csrf: String) -> Node<HTML.BodyContext> {
        let errors = e.error.map { [FormError(field: "answer", message: $0)] } ?? []
        return .group(
            Form.errorSummary(errors),
            .unwrap(e.verdict) { verdict in
                .div(
                    .class(verdict.correct ? "panel panel-success" : "panel panel-problem"),
                    .attribute(named: "role", value: "status"),
                    .h2(.text(verdict.correct ? "Right! \(verdict.puzzleTitle)" : "Not quite")),
                    .p(.text(verdict.explanation)),
                    .if(!verdict.details.isEmpty, .ul(.class("list"), .forEach(verdict.details) { .li(.text($0)) })))
            },
            .p(.class("caption"), .text("Team \(e.team) · \(e.progress)")),
            .h1(.text(e.roomTitle)),
            .p(.text(e.roomStory)),
            .h2(.text(e.puzzle.title)),
            Form.post(
                to: .playAnswer(code: code), csrf: csrf,
                Form.hidden("puzzle", e.puzzle.id),
                answerFields(e.puzzle, errors: errors),
                Form.submit("Check our answer")),
            .if(
                !e.hintsTaken.isEmpty,
                .div(
                    .class("panel panel-finding"), .h2(.text("Hints")),
                    .ul(.class("list"), .forEach(e.hintsTaken) { .li(.text($0)) }))),
            .unwrap(e.nextHintCost) { cost in
                Form.post(
                    to: .playHint(code: code), csrf: csrf, Form.hidden("puzzle", e.puzzle.id),
                    .button(
                        .type(.submit), .class("button secondary"),
                        .text(
                            "Get a hint (adds \(cost >= 60 ? "\(cost / 60) minute\(cost >= 120 ? "s" : "")" : "\(cost) seconds") to your time)"
                        )))
            }
        )
    }

    static func answerFields(_ p: PlayPage.Puzzle, errors: [FormError]) -> Node<HTML.BodyContext> {
        let error: Node<HTML.BodyContext> = .unwrap(errors.message(for: "answer")) {
            .p(
                .class("error-message"), .id("answer-error"), .span(.class("visually-hidden"), .text("Error: ")),
                .text($0))
        }
        switch p.kind {
        case "text", "code-lock":
            return .div(
                .class(errors.isEmpty ? "form-group" : "form-group form-group-error"),
                .label(.class("label"), .for("answer"), .text(p.prompt)), error,
                .input(
                    .type(.text), .id("answer"), .name("answer"), .class("input width-two-thirds"),
                    .attribute(named: "autocomplete", value: "off"), .attribute(named: "autocapitalize", value: "none"),
                    .attribute(named: "spellcheck", value: "false"),
                    .attribute(named: "inputmode", value: p.kind == "code-lock" ? "numeric" : nil)))
        case "choice":
            return .element(
                named: "fieldset",
                nodes: [
                    .class(errors.isEmpty ? "form-group" : "form-group form-group-error"),
                    .element(named: "legend", nodes: [.class("label"), .text(p.prompt)]), error,
                    .forEach(p.options.enumerated()) { index, option in
                        .div(
                            .class("checkbox"),
                            .input(
                                .type(.radio), .name("answer"), .id(index == 0 ? "answer" : "answer-\(index)"),
                                .value("\(index)")),
                            .label(.for(index == 0 ? "answer" : "answer-\(index)"), .text(option)))
                    },
                ])
        case "red-flags":
            return .element(
                named: "fieldset",
                nodes: [
                    .class(errors.isEmpty ? "form-group" : "form-group form-group-error"),
                    .element(named: "legend", nodes: [.class("label"), .text(p.prompt)]), error,
                    .div(
                        .class("message message-\(p.messageKind)"),
                        .p(
                            .class("message-from"),
                            .text(p.messageKind == "web" ? "Address: \(p.from)" : "From: \(p.from)")),
                        .unwrap(p.subject) {
                            .p(
                                .class("message-subject"),
                                .text(p.messageKind == "web" ? "Page: \($0)" : "Subject: \($0)"))
                        },
                        .forEach(p.parts.enumerated()) { index, part in
                            .div(
                                .class("checkbox flag"),
                                .input(
                                    .type(.checkbox), .name("flags"), .id(index == 0 ? "answer" : "answer-\(index)"),
                                    .value("\(index)")),
                                .label(.for(index == 0 ? "answer" : "answer-\(index)"), .text(part)))
                        }),
                ])
        case "ordering":
            let positions = (1...max(1, p.items.count)).map { (value: "\($0)", label: "\($0)") }
            return .element(
                named: "fieldset",
                nodes: [
                    .class(errors.isEmpty ? "form-group" : "form-group form-group-error"),
                    .element(named: "legend", nodes: [.class("label"), .text(p.prompt)]), error,
                    .p(.class("hint"), .text("Give each one a place: 1 is the top of the list.")),
                    .forEach(p.items.enumerated()) { shown, item in
                        Form.select(
                            name: "place-\(item.index)", id: shown == 0 ? "answer" : "answer-\(shown)",
                            label: item.text,
                            options: [(value: "", label: "Choose")] + positions, selected: nil, errors: [])
                    },
                ])
        default:
            return .p(.text(p.prompt))
        }
    }
}
