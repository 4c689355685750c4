import Plot

/// The organisation-defence game on a phone: what the organisation has noticed, the money,
/// and the shop, where the team agrees what to buy this round.
enum PlayDefenceScreen {
    static func render(_ d: PlayPage.Defence, code: String, csrf: String) -> Node<HTML.BodyContext> {
        let errors = d.error.map { [FormError(field: "defence-0", message: $0)] } ?? []
        let chosenCost = d.shop.filter(\.chosen).reduce(0) { $0 + $1.cost }
        return .group(
            Form.errorSummary(errors),
            .p(.class("caption"), .text("Team \(d.team) · Round \(max(1, d.round)) of \(d.rounds)")),
            .h1(.text(d.organisation)),
            .details(.summary(.text("About the organisation")), .p(.text(d.story))),
            .h2(.text("What you have noticed")),
            .if(
                d.notices.isEmpty, .p(.text("Nothing unusual so far. That does not always mean nothing has happened."))),
            .ul(
                .class("list"),
                .forEach(d.notices) { notice in
                    .li(
                        .strong(.text("Round \(notice.round): ")), .text(notice.text),
                        .if(notice.loss > 0, .text(" Cost: £\(notice.loss)k.")),
                        .unwrap(notice.attacker) { .text(" (Your threat assessment says: \($0).)") })
                }),
            .if(!d.owned.isEmpty, .group(.h2(.text("Your defences")), .p(.text(d.owned.joined(separator: ", "))))),
            .if(
                d.choosing,
                .group(
                    .h2(.text("Buy defences for round \(d.round)")),
                    .p(
                        .text(
                            "You have £\(d.money)k to spend. Money you do not spend carries over. Choose together: everyone in your team must agree before anything is bought."
                        )),
                    Form.post(
                        to: .playBasket(code: code), csrf: csrf,
                        .element(
                            named: "fieldset",
                            nodes: [
                                .class(errors.isEmpty ? "form-group" : "form-group form-group-error"),
                                .element(named: "legend", nodes: [.class("label"), .text("Defences")]),
                                .unwrap(d.error) {
                                    .p(
                                        .class("error-message"), .id("defence-error"),
                                        .span(.class("visually-hidden"), .text("Error: ")), .text($0))
                                },
                                .forEach(d.shop.enumerated()) { index, item in
                                    .div(
                                        .class("checkbox"),
                                        .input(
                                            .type(.checkbox), .name("defences"), .id("defence-\(index)"),
                                            .value(item.id),
                                            .attribute(named: "checked", value: item.chosen ? "checked" : nil),
                                            .attribute(named: "aria-describedby", value: "defence-\(index)-hint")),
                                        .label(
                                            .for("defence-\(index)"), .strong(.text("\(item.name) – £\(item.cost)k")),
                                            .span(
                                                .class("hint"), .id("defence-\(index)-hint"),
                                                .text(" \(item.category). \(item.description)"))))
                                },
                            ]),
                        .p(
                            .text(
                                "Chosen so far: £\(chosenCost)k of £\(d.money)k. \(d.agreed) of \(d.players) in your team agree."
                            )),
                        .div(
                            .class("button-group"),
                            .button(
                                .type(.submit), .name("agree"), .value("yes"), .class("button"),
                                .text("Agree and buy these")),
                            .button(
                                .type(.submit), .name("agree"), .value("no"), .class("button secondary"),
                                .text("Suggest these to my team"))))
                )),
            .unwrap(d.waiting) { waiting in
                .div(.class("panel panel-finding"), .attribute(named: "role", value: "status"), .p(.text(waiting)))
            }
        )
    }
}
