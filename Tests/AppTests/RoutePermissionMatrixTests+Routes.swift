import Fluent
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

extension RoutePermissionMatrixTests {
    /// Every route, role and expected answer: the first half of the table (the rest are in +ModuleRoutes).
    static let platformRoutes: [Route] = [
        Route(name: "home", method: .GET, path: { "/app/p/\($0.slug)" }, allowed: staff, allowedStatus: .ok),
        Route(
            name: "settings", method: .GET, path: { "/app/p/\($0.slug)/settings" },
            allowed: [.admin, .coordinator, .officer, .analyst, .safeguarding], allowedStatus: .ok),
        Route(
            name: "settings name", method: .POST, path: { "/app/p/\($0.slug)/settings/name" },
            form: ["partnershipName": ""],
            allowed: [.admin, .coordinator], allowedStatus: .unprocessableEntity),
        Route(
            name: "settings retention", method: .POST, path: { "/app/p/\($0.slug)/settings/retention" },
            form: ["months": "0"],
            allowed: [.admin, .coordinator], allowedStatus: .unprocessableEntity),
        Route(
            name: "settings two-step", method: .POST, path: { "/app/p/\($0.slug)/settings/two-step" },
            form: ["required": "no"], allowed: [.admin, .coordinator], allowedStatus: .seeOther),
        Route(
            name: "settings small numbers", method: .POST, path: { "/app/p/\($0.slug)/settings/small-numbers" },
            form: ["threshold": "0"],
            allowed: [.admin, .coordinator], allowedStatus: .unprocessableEntity),
        Route(
            name: "settings reporting year", method: .POST, path: { "/app/p/\($0.slug)/settings/reporting-year" },
            form: ["month": "5"],
            allowed: [.admin, .coordinator], allowedStatus: .unprocessableEntity),
        Route(
            name: "settings local contacts", method: .POST, path: { "/app/p/\($0.slug)/settings/local-contacts" },
            form: ["localContacts": String(repeating: "x", count: 201)], allowed: [.admin, .coordinator],
            allowedStatus: .unprocessableEntity),
        Route(
            name: "settings brand colour", method: .POST, path: { "/app/p/\($0.slug)/settings/brand-colour" },
            form: ["brandColour": "#ffdd00"],
            allowed: [.admin, .coordinator], allowedStatus: .unprocessableEntity),
        Route(
            name: "privacy notice", method: .GET, path: { "/p/\($0.slug)/privacy" }, allowed: everyone,
            allowedStatus: .ok),
        Route(
            name: "accessibility statement", method: .GET, path: { "/p/\($0.slug)/accessibility" }, allowed: everyone,
            allowedStatus: .ok),
        Route(
            name: "settings privacy", method: .POST, path: { "/app/p/\($0.slug)/settings/privacy" },
            form: ["controller": String(repeating: "x", count: 201)], allowed: [.admin, .coordinator],
            allowedStatus: .unprocessableEntity),
        Route(
            name: "public brand stylesheet", method: .GET, path: { "/p/\($0.slug)/brand.css" }, allowed: everyone,
            allowedStatus: .ok),
        Route(
            name: "report router", method: .GET, path: { "/p/\($0.slug)/report" }, allowed: everyone, allowedStatus: .ok
        ),
        Route(
            name: "report router answer", method: .POST, path: { "/p/\($0.slug)/report" }, form: ["danger": "no"],
            allowed: everyone, allowedStatus: .seeOther),
        Route(
            name: "was it fun", method: .GET, path: { "/p/\($0.slug)/events/\(unknown)/feedback" }, allowed: everyone,
            allowedStatus: .notFound),
        Route(
            name: "was it fun answer", method: .POST, path: { "/p/\($0.slug)/events/\(unknown)/feedback" },
            form: ["rating": "fun"], allowed: everyone, allowedStatus: .notFound),
        Route(
            name: "report router result", method: .GET, path: { "/p/\($0.slug)/report/result?danger=yes" },
            allowed: everyone, allowedStatus: .ok),
        Route(
            name: "settings add", method: .POST, path: { "/app/p/\($0.slug)/settings/themes" }, form: ["name": ""],
            allowed: [.admin, .coordinator], allowedStatus: .unprocessableEntity),
        Route(
            name: "settings rename", method: .POST, path: { "/app/p/\($0.slug)/settings/themes/\($0.theme)/rename" },
            form: ["name": " "],
            allowed: [.admin, .coordinator], allowedStatus: .unprocessableEntity),
        Route(
            name: "settings remove", method: .POST, path: { "/app/p/\($0.slug)/settings/themes/\(unknown)/remove" },
            allowed: [.admin, .coordinator], allowedStatus: .notFound),
        Route(
            name: "users", method: .GET, path: { "/app/p/\($0.slug)/users" }, allowed: [.admin, .coordinator],
            allowedStatus: .ok),
        Route(
            name: "invite", method: .POST, path: { "/app/p/\($0.slug)/users/invite" }, form: ["email": "", "role": ""],
            allowed: [.admin, .coordinator], allowedStatus: .unprocessableEntity),
        Route(
            name: "member role", method: .POST, path: { "/app/p/\($0.slug)/users/\(unknown)/role" },
            allowed: [.admin, .coordinator], allowedStatus: .unprocessableEntity),
        Route(
            name: "member organisation", method: .POST, path: { "/app/p/\($0.slug)/users/\(unknown)/organisation" },
            form: ["partner": ""], allowed: [.admin, .coordinator], allowedStatus: .notFound),
        Route(
            name: "member remove", method: .POST, path: { "/app/p/\($0.slug)/users/\(unknown)/remove" },
            allowed: [.admin, .coordinator], allowedStatus: .notFound),
        Route(
            name: "role requests", method: .GET, path: { "/app/p/\($0.slug)/users/requests" },
            allowed: [.safeguarding], allowedStatus: .ok),
        Route(
            name: "role request decide", method: .POST, path: { "/app/p/\($0.slug)/users/requests/\(unknown)" },
            form: ["action": "approve"], allowed: [.safeguarding], allowedStatus: .notFound),
        Route(
            name: "public booking confirm", method: .POST, path: { "/p/\($0.slug)/bookings/no-such-token/confirm" },
            allowed: everyone, allowedStatus: .notFound),
        Route(
            name: "outbox", method: .GET, path: { "/app/p/\($0.slug)/outbox" }, allowed: [.admin, .coordinator],
            allowedStatus: .ok),
        Route(
            name: "outbox message", method: .GET, path: { "/app/p/\($0.slug)/outbox/\(unknown)" },
            allowed: [.admin, .coordinator], allowedStatus: .notFound),
        Route(
            name: "outbox settings", method: .POST, path: { "/app/p/\($0.slug)/outbox/settings" },
            form: ["contactEmail": "not an address"], allowed: [.admin, .coordinator],
            allowedStatus: .unprocessableEntity),
        Route(
            name: "data requests", method: .GET, path: { "/app/p/\($0.slug)/data-requests" },
            allowed: [.admin, .coordinator], allowedStatus: .ok),
        Route(
            name: "data request search", method: .POST, path: { "/app/p/\($0.slug)/data-requests" },
            form: ["who": "nobody@example.org", "do": "search"], allowed: [.admin, .coordinator], allowedStatus: .ok),
        Route(
            name: "forgot password", method: .GET, path: { _ in "/app/forgot-password" }, allowed: everyone,
            allowedStatus: .ok, isPartnershipRoute: false),
        Route(
            name: "forgot password send", method: .POST, path: { _ in "/app/forgot-password" },
            form: ["email": "not an address"], allowed: everyone, allowedStatus: .unprocessableEntity,
            isPartnershipRoute: false),
        Route(
            name: "password reset", method: .GET, path: { _ in "/app/password-reset/no-such-token" },
            allowed: everyone, allowedStatus: .notFound, isPartnershipRoute: false),
        Route(
            name: "password reset save", method: .POST, path: { _ in "/app/password-reset/no-such-token" },
            form: ["password": "x", "confirmation": "x"], allowed: everyone, allowedStatus: .notFound,
            isPartnershipRoute: false),
        Route(
            name: "audit", method: .GET, path: { "/app/p/\($0.slug)/audit" }, allowed: [.admin, .coordinator],
            allowedStatus: .ok),
        Route(
            name: "api tokens", method: .GET, path: { "/app/p/\($0.slug)/api-tokens" },
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .ok),
        Route(
            name: "api token create", method: .POST, path: { "/app/p/\($0.slug)/api-tokens" }, form: ["name": ""],
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .unprocessableEntity),
        Route(
            name: "api token revoke", method: .POST, path: { "/app/p/\($0.slug)/api-tokens/\(unknown)/revoke" },
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .notFound),
        Route(
            name: "crime picture", method: .GET, path: { "/app/p/\($0.slug)/crime" }, allowed: staff, allowedStatus: .ok
        ),
        Route(
            name: "crime export", method: .GET, path: { "/app/p/\($0.slug)/crime/export.csv?table=themes" },
            allowed: staff, allowedStatus: .ok),
        Route(
            name: "crime imports", method: .GET, path: { "/app/p/\($0.slug)/crime/imports" },
            allowed: [.admin, .coordinator, .analyst], allowedStatus: .ok),
        Route(
            name: "crime upload", method: .POST, path: { "/app/p/\($0.slug)/crime/imports" },
            form: ["profile": "force-extract"],
            allowed: [.admin, .coordinator, .analyst], allowedStatus: .unprocessableEntity),
        Route(
            name: "crime import", method: .GET, path: { "/app/p/\($0.slug)/crime/imports/\(unknown)" },
            allowed: [.admin, .coordinator, .analyst], allowedStatus: .notFound),
        Route(
            name: "crime import complete-to", method: .POST, path: { "/app/p/\($0.slug)/crime/imports/\(unknown)" },
            form: ["complete-to": "202601"],
            allowed: [.admin, .coordinator, .analyst], allowedStatus: .notFound),
        Route(
            name: "crime rejections", method: .GET,
            path: { "/app/p/\($0.slug)/crime/imports/\(unknown)/rejections.csv" },
            allowed: [.admin, .coordinator, .analyst], allowedStatus: .notFound),
        Route(
            name: "reporting gap", method: .GET, path: { "/app/p/\($0.slug)/crime/reporting-gap" }, allowed: staff,
            allowedStatus: .ok),
        Route(
            name: "where to focus", method: .GET, path: { "/app/p/\($0.slug)/crime/focus" }, allowed: staff,
            allowedStatus: .ok),
        Route(
            name: "crime settings", method: .POST, path: { "/app/p/\($0.slug)/crime/settings" },
            form: ["return": "focus", "trendWeight": "lots"],
            allowed: [.admin, .coordinator, .analyst], allowedStatus: .unprocessableEntity),
        Route(
            name: "crime rules", method: .GET, path: { "/app/p/\($0.slug)/crime/rules" },
            allowed: [.admin, .coordinator, .analyst], allowedStatus: .ok),
        Route(
            name: "crime rule add", method: .POST, path: { "/app/p/\($0.slug)/crime/rules" }, form: ["pattern": ""],
            allowed: [.admin, .coordinator, .analyst], allowedStatus: .unprocessableEntity),
        Route(
            name: "crime rule change", method: .POST, path: { "/app/p/\($0.slug)/crime/rules/\(unknown)" },
            form: ["action": "toggle"],
            allowed: [.admin, .coordinator, .analyst], allowedStatus: .notFound),
        Route(
            name: "crime publish revisions", method: .POST, path: { "/app/p/\($0.slug)/crime/editions" },
            allowed: [.admin, .coordinator], allowedStatus: .seeOther),
        Route(
            name: "crime reclassify", method: .POST, path: { "/app/p/\($0.slug)/crime/rules/reclassify" },
            allowed: [.admin, .coordinator, .analyst], allowedStatus: .seeOther),
        Route(
            name: "crime record", method: .GET, path: { "/app/p/\($0.slug)/crime/records?reference=NOPE" },
            allowed: [.admin, .coordinator, .analyst], allowedStatus: .notFound),
        Route(
            name: "crime mappings", method: .GET, path: { "/app/p/\($0.slug)/crime/mappings" },
            allowed: [.admin, .coordinator, .analyst], allowedStatus: .ok),
        Route(
            name: "crime mapping save", method: .POST, path: { "/app/p/\($0.slug)/crime/mappings" },
            form: ["header": ""],
            allowed: [.admin, .coordinator, .analyst], allowedStatus: .unprocessableEntity),
        Route(
            name: "upload script", method: .GET, path: { _ in "/assets/crime-upload.js" }, allowed: everyone,
            allowedStatus: .ok,
            isPartnershipRoute: false),
        Route(name: "events", method: .GET, path: { "/app/p/\($0.slug)/events" }, allowed: staff, allowedStatus: .ok),
        Route(
            name: "event new", method: .GET, path: { "/app/p/\($0.slug)/events/new" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .ok),
        Route(
            name: "event create", method: .POST, path: { "/app/p/\($0.slug)/events/new" }, form: ["title": ""],
            allowed: [.admin, .coordinator, .officer], allowedStatus: .unprocessableEntity),
        Route(
            name: "event edit", method: .GET, path: { "/app/p/\($0.slug)/events/\(unknown)" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "event update", method: .POST, path: { "/app/p/\($0.slug)/events/\(unknown)" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "event register", method: .GET, path: { "/app/p/\($0.slug)/events/\(unknown)/register" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "event attendees", method: .GET, path: { "/app/p/\($0.slug)/events/\(unknown)/attendees" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "event attendees CSV", method: .GET,
            path: { "/app/p/\($0.slug)/events/\(unknown)/attendees.csv" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "event QR cards", method: .GET, path: { "/app/p/\($0.slug)/events/\(unknown)/cards" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "event attendees message", method: .POST,
            path: { "/app/p/\($0.slug)/events/\(unknown)/attendees/message" },
            form: ["subject": "Room change", "message": "Room 2"], allowed: [.admin, .coordinator, .officer],
            allowedStatus: .notFound),
        Route(
            name: "event check-in", method: .POST, path: { "/app/p/\($0.slug)/events/\(unknown)/check-in" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "event walk-in", method: .POST, path: { "/app/p/\($0.slug)/events/\(unknown)/walk-in" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "engagement", method: .GET, path: { "/app/p/\($0.slug)/engagement" }, allowed: staff,
            allowedStatus: .ok),
        Route(
            name: "engagement export", method: .GET,
            path: { "/app/p/\($0.slug)/engagement/export.csv?table=audiences" }, allowed: staff, allowedStatus: .ok),
        Route(
            name: "public events", method: .GET, path: { "/p/\($0.slug)/events" }, allowed: everyone, allowedStatus: .ok
        ),
        Route(
            name: "public event", method: .GET, path: { "/p/\($0.slug)/events/\(unknown)" }, allowed: everyone,
            allowedStatus: .notFound),
        Route(
            name: "public booking", method: .GET, path: { "/p/\($0.slug)/bookings/no-such-token" }, allowed: everyone,
            allowedStatus: .notFound),
        Route(name: "surveys", method: .GET, path: { "/app/p/\($0.slug)/surveys" }, allowed: staff, allowedStatus: .ok),
        Route(
            name: "survey create", method: .POST, path: { "/app/p/\($0.slug)/surveys" },
            form: ["template": "", "title": ""],
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .unprocessableEntity),
        Route(
            name: "survey", method: .GET, path: { "/app/p/\($0.slug)/surveys/\(unknown)" }, allowed: staff,
            allowedStatus: .notFound),
        Route(
            name: "survey settings", method: .POST, path: { "/app/p/\($0.slug)/surveys/\(unknown)" },
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .notFound),
        Route(
            name: "survey add question", method: .POST, path: { "/app/p/\($0.slug)/surveys/\(unknown)/questions" },
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .notFound),
        Route(
            name: "survey change question", method: .POST,
            path: { "/app/p/\($0.slug)/surveys/\(unknown)/questions/uses-2sv" },
            form: ["action": "remove"], allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .notFound),
        Route(
            name: "survey copy", method: .POST, path: { "/app/p/\($0.slug)/surveys/\(unknown)/copy" },
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .notFound),
        Route(
            name: "survey cards", method: .GET, path: { "/app/p/\($0.slug)/surveys/\(unknown)/cards" },
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .notFound),
        Route(
            name: "survey results", method: .GET, path: { "/app/p/\($0.slug)/surveys/\(unknown)/results" },
            allowed: staff, allowedStatus: .notFound),
        Route(
            name: "survey responses csv", method: .GET, path: { "/app/p/\($0.slug)/surveys/\(unknown)/responses.csv" },
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .notFound),
        Route(
            name: "outcomes", method: .GET, path: { "/app/p/\($0.slug)/outcomes" }, allowed: staff, allowedStatus: .ok),
        Route(
            name: "outcome add", method: .POST, path: { "/app/p/\($0.slug)/outcomes" }, form: ["title": ""],
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .unprocessableEntity),
        Route(
            name: "outcome remove", method: .POST, path: { "/app/p/\($0.slug)/outcomes/\(unknown)/remove" },
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .notFound),
        Route(
            name: "indicator add", method: .POST, path: { "/app/p/\($0.slug)/indicators" },
            form: ["name": "", "source": "manual"],
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .unprocessableEntity),
        Route(
            name: "indicator value", method: .POST, path: { "/app/p/\($0.slug)/indicators/\(unknown)/value" },
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .notFound),
        Route(
            name: "indicator remove", method: .POST, path: { "/app/p/\($0.slug)/indicators/\(unknown)/remove" },
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .notFound),
        Route(
            name: "board report", method: .GET, path: { "/app/p/\($0.slug)/report" }, allowed: staff, allowedStatus: .ok
        ),
        Route(
            name: "board report csv", method: .GET, path: { "/app/p/\($0.slug)/report/figures.csv" }, allowed: staff,
            allowedStatus: .ok),
        Route(
            name: "board report pdf", method: .GET, path: { "/app/p/\($0.slug)/report/report.pdf?quarter=autumn" },
            allowed: staff, allowedStatus: .badRequest),
        Route(
            name: "board report commentary", method: .POST, path: { "/app/p/\($0.slug)/report/commentary" },
            form: ["quarter": "20261", "section": "nope", "comment": "x"], allowed: [.admin, .coordinator],
            allowedStatus: .badRequest),
        Route(
            name: "board report issue", method: .POST, path: { "/app/p/\($0.slug)/report/issue" },
            form: ["quarter": "autumn"], allowed: [.admin, .coordinator], allowedStatus: .badRequest),
        Route(
            name: "public survey", method: .GET, path: { "/p/\($0.slug)/surveys/\(unknown)/before" }, allowed: everyone,
            allowedStatus: .notFound),
        Route(
            name: "public survey thanks", method: .GET, path: { "/p/\($0.slug)/surveys/\(unknown)/after/thanks" },
            allowed: everyone,
            allowedStatus: .notFound),
        Route(name: "games", method: .GET, path: { "/app/p/\($0.slug)/games" }, allowed: staff, allowedStatus: .ok),
        Route(
            name: "game create", method: .POST, path: { "/app/p/\($0.slug)/games" }, form: ["scenario": ""],
            allowed: [.admin, .coordinator, .officer], allowedStatus: .unprocessableEntity),
        Route(
            name: "game", method: .GET, path: { "/app/p/\($0.slug)/games/\(unknown)" },
            allowed: [.admin, .coordinator, .officer, .analyst],
            allowedStatus: .notFound),
        Route(
            name: "game control", method: .POST, path: { "/app/p/\($0.slug)/games/\(unknown)/control" },
            form: ["action": "start"],
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "game projector", method: .GET, path: { "/app/p/\($0.slug)/games/\(unknown)/projector" },
            allowed: [.admin, .coordinator, .officer, .analyst], allowedStatus: .notFound),
        Route(
            name: "game state", method: .GET, path: { "/app/p/\($0.slug)/games/\(unknown)/state.json" },
            allowed: [.admin, .coordinator, .officer, .analyst],
            allowedStatus: .notFound),
        Route(
            name: "game debrief", method: .GET, path: { "/app/p/\($0.slug)/games/\(unknown)/debrief" },
            allowed: [.admin, .coordinator, .officer, .analyst],
            allowedStatus: .notFound),
        Route(name: "plan", method: .GET, path: { "/app/p/\($0.slug)/plan" }, allowed: staff, allowedStatus: .ok),
        Route(
            name: "plan csv", method: .GET, path: { "/app/p/\($0.slug)/plan/actions.csv" }, allowed: staff,
            allowedStatus: .ok),
        Route(
            name: "plan timeline", method: .GET, path: { "/app/p/\($0.slug)/plan/timeline" }, allowed: staff,
            allowedStatus: .ok),
        Route(
            name: "plan crossover", method: .GET, path: { "/app/p/\($0.slug)/plan/crossover" }, allowed: staff,
            allowedStatus: .ok),
        Route(
            name: "plan flag review", method: .POST, path: { "/app/p/\($0.slug)/plan/crossover/reviews" },
            form: ["flag": "none", "note": ""],
            allowed: [.admin, .coordinator], allowedStatus: .unprocessableEntity),
        Route(
            name: "plan action new", method: .GET, path: { "/app/p/\($0.slug)/plan/actions/new" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .ok),
        Route(
            name: "plan action create", method: .POST, path: { "/app/p/\($0.slug)/plan/actions/new" },
            form: ["title": ""],
            allowed: [.admin, .coordinator, .officer], allowedStatus: .unprocessableEntity),
        Route(
            name: "plan action", method: .GET, path: { "/app/p/\($0.slug)/plan/actions/\(unknown)" }, allowed: staff,
            allowedStatus: .notFound),
    ]
}
