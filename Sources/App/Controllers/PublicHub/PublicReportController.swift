import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// "Where do I report this?" for residents, without an account. Each answer is posted and answered with a redirect
/// to the next question (answers in the address, so Back works); the post that completes a journey counts it, so
/// no GET — an image on another site, a crawler — can add to the figures (issue 20, case 6).
struct PublicReportController {
    static let questions: [ReportRouter.Step: (ReportRouterPage.Question, error: String)] = [
        .danger: (
            .init(
                name: "danger", title: "Is anyone in immediate danger, or is a crime happening right now?", hint: nil,
                options: [("yes", "Yes"), ("no", "No")]), "Select yes if anyone is in danger now"
        ),
        .happened: (
            .init(
                name: "happened", title: "What has happened?", hint: "Choose the one that fits best.",
                options: ReportRouter.Happened.allCases.map { ($0.rawValue, $0.label) }), "Select what has happened"
        ),
        .child: (
            .init(
                name: "child", title: "Is the person it happened to under 18?",
                hint: "Children and young people have their own places to go for help.",
                options: [("yes", "Yes"), ("no", "No")]), "Select yes if the person is under 18"
        ),
        .money: (
            .init(
                name: "money", title: "Has anyone lost money, or given bank or card details?",
                hint: "Include payments by bank transfer, gift cards or cryptocurrency.",
                options: [("yes", "Yes"), ("no", "No")]),
            "Select yes if money or bank details were lost"
        ),
        .nation: (
            .init(
                name: "nation", title: "Where do you live?", hint: "Scotland has its own way to report fraud.",
                options: [("elsewhere", "England, Wales or Northern Ireland"), ("scotland", "Scotland")]),
            "Select where you live"
        ),
    ]

    struct Query: Content {
        var danger: String?, happened: String?, child: String?, money: String?, nation: String?, journey: String?,
            asked: String?
        /// The journey's value, to carry on to the next address (nil when there is none yet).
        var carriedJourney: [(String, String)] { journey.map { [("journey", $0)] } ?? [] }
        var fields: [String: String] {
            var f: [String: String] = [:]
            f["danger"] = danger
            f["happened"] = happened
            f["child"] = child
            f["money"] = money
            f["nation"] = nation
            return f
        }
    }

    private func partnership(_ req: Request) async throws -> Partnership {
        guard let slug = req.parameters.get("slug"),
            let partnership = try await Partnerships.find(on: req.db, slug: slug)
        else { throw NotFound("partnership") }
        return partnership
    }

    static func address(_ url: SiteURL, _ pairs: [(String, String)]) -> String {
        var components = URLComponents()
        components.queryItems = pairs.map { URLQueryItem(name: $0.0, value: $0.1) }
        return url.path + (pairs.isEmpty ? "" : "?" + (components.percentEncodedQuery ?? ""))
    }

    func show(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let query = (try? req.query.decode(Query.self)) ?? Query()
        let answers = ReportRouter.Answers(query: query.fields)
        let token = query.journey.flatMap { $0.count <= 64 ? $0 : nil } ?? Secrets.token(bytes: 12)
        let step = ReportRouter.next(answers)
        let carried = answers.query + [("journey", token)]
        if step == .result {
            return req.redirect(
                to: Self.address(.publicReportResult(slug: partnership.slug), carried), redirectType: .normal)
        }
        let (question, message) = Self.questions[step]!
        // The question just asked came back without an answer: ask again, saying what is needed.
        let error = query.asked == step.rawValue ? message : nil
        let back =
            answers.query.isEmpty
            ? nil
            : Self.address(
                .publicReport(slug: partnership.slug), Array(answers.query.dropLast()) + [("journey", token)])
        let model = ReportRouterPage.Model(
            slug: partnership.slug, partnershipName: partnership.name, question: question,
            carried: carried + [("asked", step.rawValue)], back: back, isFirst: step == .danger, error: error,
            csrf: req.csrfToken)
        return ReportRouterPage.render(model).htmlResponse(error == nil ? .ok : .badRequest)
    }

    static let journeysPerAddress = 20

    static func journeyLimit(partnership: UUID, address: String) -> PublicLimits.Rule {
        .init("journey|\(partnership)|\(address)", limit: journeysPerAddress, window: 24 * 60 * 60)
    }

    /// One answer posted: on to the next question, or, when the answers reach a result, the journey is counted (once
    /// per journey token, at most `journeysPerAddress` a day from one address) and the result shown.
    func answer(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let query = (try? FormPairs(req).decode(Query.self)) ?? Query()
        let answers = ReportRouter.Answers(query: query.fields)
        let journey = query.journey.flatMap { $0.count <= 64 ? $0 : nil } ?? Secrets.token(bytes: 12)
        let carried = answers.query + [("journey", journey)]
        guard ReportRouter.next(answers) == .result else {
            // Not finished, or the question came back unanswered: the question page says which.
            return req.redirect(
                to: Self.address(
                    .publicReport(slug: partnership.slug), carried + (query.asked.map { [("asked", $0)] } ?? [])),
                redirectType: .normal)
        }
        if try await PublicLimits.take(
            [Self.journeyLimit(partnership: try partnership.requireID(), address: req.limitAddress)], on: req.db)
            == .allowed
        {
            try await ReportJourneys.record(
                partnershipID: partnership.requireID(), answers: answers, token: journey, on: req.db)
        }
        return req.redirect(
            to: Self.address(.publicReportResult(slug: partnership.slug), carried), redirectType: .normal)
    }

    func result(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let query = (try? req.query.decode(Query.self)) ?? Query()
        let answers = ReportRouter.Answers(query: query.fields)
        guard ReportRouter.next(answers) == .result else {
            return req.redirect(
                to: Self.address(.publicReport(slug: partnership.slug), answers.query + query.carriedJourney),
                redirectType: .normal)
        }
        // Nothing is counted here: the answer that finished the journey was (`answer`).
        let routes = ReportRouter.routes(for: answers).map(ReportRouteInfo.of).map {
            ReportResultPage.Route(
                title: $0.title, how: $0.how, ready: $0.ready, next: $0.next, isSupport: $0.isSupport)
        }
        let contacts = (partnership.localContacts ?? "").split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        let model = ReportResultPage.Model(
            slug: partnership.slug, partnershipName: partnership.name, routes: routes, localContacts: contacts,
            startAgain: SiteURL.publicReport(slug: partnership.slug).path,
            back: Self.address(
                .publicReport(slug: partnership.slug), Array(answers.query.dropLast()) + query.carriedJourney))
        return ReportResultPage.render(model).htmlResponse()
    }
}
