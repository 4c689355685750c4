import Fluent
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

/// Walks every route × every role × own/other partnership and checks the status.
/// The expectations are written out here by hand, independently of `PermissionTable`, so a change to the
/// table that opens a route to the wrong role fails this test.
final class RoutePermissionMatrixTests: XCTestCase {
    enum Who: String, CaseIterable { case anonymous, admin, coordinator, officer, analyst, safeguarding, viewer }

    struct Target: Sendable {
        var slug: String
        var theme: String
    }

    struct Route: Sendable {
        var name: String
        var method: HTTPMethod
        /// Builds the path for a partnership slug and that partnership's first theme id.
        var path: @Sendable (Target) -> String
        var form: [String: String] = [:]
        /// Who may use it in their own partnership (admins: every partnership).
        var allowed: Set<Who>
        /// The status when allowed (the inputs are chosen to be harmless: invalid forms or unknown ids).
        var allowedStatus: HTTPStatus
        var isPartnershipRoute = true
    }

    static let staff: Set<Who> = [.admin, .coordinator, .officer, .analyst, .safeguarding, .viewer]
    static let everyone = Set(Who.allCases)
    static let unknown = UUID().uuidString

    static let routes: [Route] = [
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
            name: "settings local contacts", method: .POST, path: { "/app/p/\($0.slug)/settings/local-contacts" },
            form: ["localContacts": String(repeating: "x", count: 201)], allowed: [.admin, .coordinator],
            allowedStatus: .unprocessableEntity),
        Route(
            name: "settings brand colour", method: .POST, path: { "/app/p/\($0.slug)/settings/brand-colour" },
            form: ["brandColour": "#ffdd00"],
            allowed: [.admin, .coordinator], allowedStatus: .unprocessableEntity),
        Route(
            name: "public brand stylesheet", method: .GET, path: { "/p/\($0.slug)/brand.css" }, allowed: everyone,
            allowedStatus: .ok),
        Route(
            name: "report router", method: .GET, path: { "/p/\($0.slug)/report" }, allowed: everyone, allowedStatus: .ok
        ),
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
            name: "member remove", method: .POST, path: { "/app/p/\($0.slug)/users/\(unknown)/remove" },
            allowed: [.admin, .coordinator], allowedStatus: .notFound),
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
            name: "game", method: .GET, path: { "/app/p/\($0.slug)/games/\(unknown)" }, allowed: staff,
            allowedStatus: .notFound),
        Route(
            name: "game control", method: .POST, path: { "/app/p/\($0.slug)/games/\(unknown)/control" },
            form: ["action": "start"],
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "game projector", method: .GET, path: { "/app/p/\($0.slug)/games/\(unknown)/projector" },
            allowed: staff, allowedStatus: .notFound),
        Route(
            name: "game state", method: .GET, path: { "/app/p/\($0.slug)/games/\(unknown)/state.json" }, allowed: staff,
            allowedStatus: .notFound),
        Route(
            name: "game debrief", method: .GET, path: { "/app/p/\($0.slug)/games/\(unknown)/debrief" }, allowed: staff,
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
        Route(
            name: "plan action edit", method: .GET, path: { "/app/p/\($0.slug)/plan/actions/\(unknown)/edit" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "plan action save", method: .POST, path: { "/app/p/\($0.slug)/plan/actions/\(unknown)/edit" },
            form: ["title": ""],
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "plan action update", method: .POST, path: { "/app/p/\($0.slug)/plan/actions/\(unknown)/updates" },
            form: ["note": ""],
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "plan meetings", method: .GET, path: { "/app/p/\($0.slug)/plan/meetings" }, allowed: staff,
            allowedStatus: .ok),
        Route(
            name: "plan meeting create", method: .POST, path: { "/app/p/\($0.slug)/plan/meetings" },
            form: ["title": ""],
            allowed: [.admin, .coordinator, .officer], allowedStatus: .unprocessableEntity),
        Route(
            name: "plan meeting", method: .GET, path: { "/app/p/\($0.slug)/plan/meetings/\(unknown)" }, allowed: staff,
            allowedStatus: .notFound),
        Route(
            name: "plan meeting save", method: .POST, path: { "/app/p/\($0.slug)/plan/meetings/\(unknown)" },
            form: ["title": ""],
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "scrutiny", method: .GET, path: { "/app/p/\($0.slug)/scrutiny" }, allowed: staff, allowedStatus: .ok),
        Route(
            name: "scrutiny create", method: .POST, path: { "/app/p/\($0.slug)/scrutiny" }, form: ["title": ""],
            allowed: [.admin, .coordinator], allowedStatus: .unprocessableEntity),
        Route(
            name: "scrutiny review", method: .GET, path: { "/app/p/\($0.slug)/scrutiny/\(unknown)" }, allowed: staff,
            allowedStatus: .notFound),
        Route(
            name: "scrutiny details", method: .POST, path: { "/app/p/\($0.slug)/scrutiny/\(unknown)" },
            form: ["title": ""],
            allowed: [.admin, .coordinator], allowedStatus: .notFound),
        Route(
            name: "scrutiny evidence", method: .POST, path: { "/app/p/\($0.slug)/scrutiny/\(unknown)/evidence" },
            allowed: [.admin, .coordinator], allowedStatus: .notFound),
        Route(
            name: "scrutiny comment", method: .POST, path: { "/app/p/\($0.slug)/scrutiny/\(unknown)/comments" },
            allowed: [.admin, .coordinator], allowedStatus: .notFound),
        Route(
            name: "scrutiny resolve", method: .POST,
            path: { "/app/p/\($0.slug)/scrutiny/\(unknown)/comments/\(unknown)/resolution" },
            allowed: [.admin, .coordinator], allowedStatus: .notFound),
        Route(
            name: "scrutiny recommendation", method: .POST,
            path: { "/app/p/\($0.slug)/scrutiny/\(unknown)/recommendations" },
            allowed: [.admin, .coordinator], allowedStatus: .notFound),
        Route(
            name: "scrutiny response", method: .POST,
            path: { "/app/p/\($0.slug)/scrutiny/\(unknown)/recommendations/\(unknown)/response" },
            allowed: [.admin, .coordinator], allowedStatus: .notFound),
        Route(
            name: "scrutiny progress update", method: .POST,
            path: { "/app/p/\($0.slug)/scrutiny/\(unknown)/recommendations/\(unknown)/updates" },
            allowed: [.admin, .coordinator], allowedStatus: .notFound),
        Route(
            name: "scrutiny report", method: .GET, path: { "/app/p/\($0.slug)/scrutiny/\(unknown)/progress" },
            allowed: staff, allowedStatus: .notFound),
        Route(
            name: "settings logo", method: .POST, path: { "/app/p/\($0.slug)/settings/logo" },
            allowed: [.admin, .coordinator],
            allowedStatus: .unprocessableEntity),
        Route(
            name: "settings courses", method: .POST, path: { "/app/p/\($0.slug)/settings/courses" },
            form: ["course": "spotting-scams"], allowed: [.admin, .coordinator], allowedStatus: .seeOther),
        Route(
            name: "resources", method: .GET, path: { "/app/p/\($0.slug)/resources" }, allowed: staff, allowedStatus: .ok
        ),
        Route(
            name: "resource new", method: .GET, path: { "/app/p/\($0.slug)/resources/new" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .ok),
        Route(
            name: "resource add", method: .POST, path: { "/app/p/\($0.slug)/resources/new" }, form: ["title": ""],
            allowed: [.admin, .coordinator, .officer], allowedStatus: .unprocessableEntity),
        Route(
            name: "resource", method: .GET, path: { "/app/p/\($0.slug)/resources/\(unknown)" }, allowed: staff,
            allowedStatus: .notFound),
        Route(
            name: "resource moderate", method: .POST, path: { "/app/p/\($0.slug)/resources/\(unknown)/moderation" },
            form: ["decision": "publish"], allowed: [.admin, .coordinator], allowedStatus: .notFound),
        Route(
            name: "resource file", method: .GET, path: { "/app/p/\($0.slug)/resources/\(unknown)/file" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "public logo", method: .GET, path: { "/p/\($0.slug)/logo" }, allowed: everyone,
            allowedStatus: .notFound),
        Route(
            name: "public courses", method: .GET, path: { "/p/\($0.slug)/learn" }, allowed: everyone, allowedStatus: .ok
        ),
        Route(
            name: "public course", method: .GET, path: { "/p/\($0.slug)/learn/spotting-scams" }, allowed: everyone,
            allowedStatus: .ok),
        Route(
            name: "public course page", method: .GET,
            path: { "/p/\($0.slug)/learn/spotting-scams/how-scams-work?answer=1" },
            allowed: everyone, allowedStatus: .ok),
        Route(
            name: "public course quiz", method: .GET, path: { "/p/\($0.slug)/learn/spotting-scams/quiz" },
            allowed: everyone, allowedStatus: .ok),
        Route(
            name: "public course quiz answer", method: .POST, path: { "/p/\($0.slug)/learn/spotting-scams/quiz" },
            allowed: everyone,
            allowedStatus: .badRequest),
        Route(
            name: "public course complete", method: .GET,
            path: { "/p/\($0.slug)/learn/spotting-scams/complete/\(unknown)" },
            allowed: everyone, allowedStatus: .notFound),
        Route(
            name: "public course describe", method: .POST,
            path: { "/p/\($0.slug)/learn/spotting-scams/complete/\(unknown)" },
            allowed: everyone, allowedStatus: .notFound),
        Route(
            name: "public course certificate", method: .GET,
            path: { "/p/\($0.slug)/learn/spotting-scams/certificate/\(unknown)" },
            allowed: everyone, allowedStatus: .notFound),
        Route(
            name: "public resources", method: .GET, path: { "/p/\($0.slug)/resources?theme=x" }, allowed: everyone,
            allowedStatus: .ok),
        Route(
            name: "public resource", method: .GET, path: { "/p/\($0.slug)/resources/\(unknown)" }, allowed: everyone,
            allowedStatus: .notFound),
        Route(
            name: "public resource file", method: .GET, path: { "/p/\($0.slug)/resources/\(unknown)/file" },
            allowed: everyone,
            allowedStatus: .notFound),
        Route(
            name: "public resource open", method: .GET, path: { "/p/\($0.slug)/resources/\(unknown)/open" },
            allowed: everyone,
            allowedStatus: .notFound),
        Route(name: "checks", method: .GET, path: { "/app/p/\($0.slug)/checks" }, allowed: staff, allowedStatus: .ok),
        Route(
            name: "checks csv", method: .GET, path: { "/app/p/\($0.slug)/checks/export.csv?table=sizes" },
            allowed: staff, allowedStatus: .ok),
        Route(
            name: "check follow-ups", method: .GET, path: { "/app/p/\($0.slug)/checks/follow-up" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .ok),
        Route(
            name: "check contacted", method: .POST, path: { "/app/p/\($0.slug)/checks/follow-up/\(unknown)/contacted" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "public checks", method: .GET, path: { "/p/\($0.slug)/check" }, allowed: everyone, allowedStatus: .ok),
        Route(
            name: "public check", method: .GET, path: { "/p/\($0.slug)/check/school" }, allowed: everyone,
            allowedStatus: .ok),
        Route(
            name: "public check answer", method: .POST, path: { "/p/\($0.slug)/check/school" }, form: ["step": "1"],
            allowed: everyone,
            allowedStatus: .badRequest),
        Route(
            name: "public check result", method: .GET, path: { "/p/\($0.slug)/check/results/\(unknown)" },
            allowed: everyone,
            allowedStatus: .notFound),
        Route(
            name: "public check details", method: .POST, path: { "/p/\($0.slug)/check/results/\(unknown)" },
            allowed: everyone,
            allowedStatus: .notFound),
        Route(
            name: "referrals", method: .GET, path: { "/app/p/\($0.slug)/referrals" }, allowed: [.safeguarding],
            allowedStatus: .ok),
        Route(
            name: "referral search", method: .POST, path: { "/app/p/\($0.slug)/referrals" }, form: ["q": "a"],
            allowed: [.safeguarding], allowedStatus: .ok),
        Route(
            name: "referral new", method: .GET, path: { "/app/p/\($0.slug)/referrals/new" }, allowed: [.safeguarding],
            allowedStatus: .ok),
        Route(
            name: "referral create", method: .POST, path: { "/app/p/\($0.slug)/referrals/new" }, form: ["person": ""],
            allowed: [.safeguarding],
            allowedStatus: .unprocessableEntity),
        Route(
            name: "referral figures", method: .GET, path: { "/app/p/\($0.slug)/referrals/figures" }, allowed: staff,
            allowedStatus: .ok),
        Route(
            name: "referral", method: .GET, path: { "/app/p/\($0.slug)/referrals/\(unknown)" },
            allowed: [.safeguarding], allowedStatus: .notFound),
        Route(
            name: "referral edit", method: .GET, path: { "/app/p/\($0.slug)/referrals/\(unknown)/edit" },
            allowed: [.safeguarding], allowedStatus: .notFound),
        Route(
            name: "referral update", method: .POST, path: { "/app/p/\($0.slug)/referrals/\(unknown)/edit" },
            allowed: [.safeguarding], allowedStatus: .notFound),
        Route(
            name: "referral export", method: .GET, path: { "/app/p/\($0.slug)/referrals/\(unknown)/export.json" },
            allowed: [.safeguarding],
            allowedStatus: .notFound),
        Route(
            name: "referral intervention", method: .POST,
            path: { "/app/p/\($0.slug)/referrals/\(unknown)/interventions" }, allowed: [.safeguarding],
            allowedStatus: .notFound),
        Route(
            name: "referral delivered", method: .POST,
            path: { "/app/p/\($0.slug)/referrals/\(unknown)/interventions/\(unknown)/delivered" },
            allowed: [.safeguarding], allowedStatus: .notFound),
        Route(
            name: "referral pathway", method: .POST, path: { "/app/p/\($0.slug)/referrals/\(unknown)/pathways" },
            allowed: [.safeguarding],
            allowedStatus: .notFound),
        Route(
            name: "referral taken up", method: .POST,
            path: { "/app/p/\($0.slug)/referrals/\(unknown)/pathways/\(unknown)/taken" },
            allowed: [.safeguarding], allowedStatus: .notFound),
        Route(
            name: "referral close", method: .POST, path: { "/app/p/\($0.slug)/referrals/\(unknown)/close" },
            allowed: [.safeguarding],
            allowedStatus: .notFound),
        Route(
            name: "referral follow-up", method: .POST, path: { "/app/p/\($0.slug)/referrals/\(unknown)/follow-up" },
            allowed: [.safeguarding],
            allowedStatus: .notFound),
        // Not tied to a partnership:
        Route(
            name: "play", method: .GET, path: { _ in "/play" }, allowed: everyone, allowedStatus: .ok,
            isPartnershipRoute: false),
        Route(
            name: "play game", method: .GET, path: { _ in "/play/ZZZZZZ" }, allowed: everyone, allowedStatus: .notFound,
            isPartnershipRoute: false),
        Route(
            name: "play state", method: .GET, path: { _ in "/play/ZZZZZZ/state" }, allowed: everyone,
            allowedStatus: .notFound, isPartnershipRoute: false),
        Route(
            name: "game script", method: .GET, path: { _ in "/assets/game.js" }, allowed: everyone, allowedStatus: .ok,
            isPartnershipRoute: false),
        Route(
            name: "admin", method: .GET, path: { _ in "/app/admin" }, allowed: [.admin], allowedStatus: .ok,
            isPartnershipRoute: false),
        Route(
            name: "admin add partnership", method: .POST, path: { _ in "/app/admin/partnerships" },
            form: ["name": "", "slug": ""],
            allowed: [.admin], allowedStatus: .unprocessableEntity, isPartnershipRoute: false),
        Route(
            name: "admin disable", method: .POST, path: { _ in "/app/admin/users/\(unknown)/disabled" },
            allowed: [.admin], allowedStatus: .notFound, isPartnershipRoute: false),
        Route(
            name: "change password page", method: .GET, path: { _ in "/app/account/password" }, allowed: staff,
            allowedStatus: .ok,
            isPartnershipRoute: false),
        Route(
            name: "change password", method: .POST, path: { _ in "/app/account/password" },
            form: ["currentPassword": ""],
            allowed: staff, allowedStatus: .unprocessableEntity, isPartnershipRoute: false),
        Route(
            name: "sign-in page", method: .GET, path: { _ in "/app/sign-in" }, allowed: [.anonymous],
            allowedStatus: .ok,
            isPartnershipRoute: false),
        Route(name: "public home", method: .GET, path: { "/p/\($0.slug)" }, allowed: everyone, allowedStatus: .ok),
        Route(
            name: "health", method: .GET, path: { _ in "/health" }, allowed: everyone, allowedStatus: .ok,
            isPartnershipRoute: false),
        Route(
            name: "metrics", method: .GET, path: { _ in "/metrics" }, allowed: everyone, allowedStatus: .ok,
            isPartnershipRoute: false),
        Route(
            name: "stylesheet", method: .GET, path: { _ in "/assets/site.css" }, allowed: everyone, allowedStatus: .ok,
            isPartnershipRoute: false),
        Route(
            name: "openapi", method: .GET, path: { _ in "/api/v1/openapi.json" }, allowed: everyone, allowedStatus: .ok,
            isPartnershipRoute: false),
        Route(
            name: "api partnership (no token)", method: .GET, path: { "/api/v1/partnerships/\($0.slug)" }, allowed: [],
            allowedStatus: .ok),
    ]

    func testEveryRouteForEveryRoleInOwnAndOtherPartnership() async throws {
        try await withApp { app in
            // setup: two partnerships with one account per role each, and a deployment admin
            try await Fixture.partnership("alpha", on: app.db, hasher: app.passwordHasher)
            try await Fixture.partnership("beta", on: app.db, hasher: app.passwordHasher)
            try await Fixture.admin(on: app.db, hasher: app.passwordHasher)
            app.safeguardingCipher = try FieldCipher(keys: FieldCipher.newKey(id: "matrix"))
            let themeIDs = try await firstThemes(app)
            var failures: [String] = []
            var checked = 0

            for who in Who.allCases {
                let browser = Browser(app)
                if who != .anonymous {
                    let email = who == .admin ? "admin@deployment.test" : "\(who.rawValue)@alpha.test"
                    let signedIn = try await browser.signIn(email)
                    XCTAssertEqual(signedIn.status, .seeOther, "\(who) could not sign in")
                }
                for route in Self.routes {
                    for slug in route.isPartnershipRoute ? ["alpha", "beta"] : ["alpha"] {
                        // act
                        let path = route.path(Target(slug: slug, theme: themeIDs[slug]!))
                        if route.method == .GET { try await browser.get("/app/sign-in") }  // refresh the form token
                        let page =
                            route.method == .GET
                            ? try await browser.get(path) : try await browser.post(path, route.form)
                        checked += 1
                        // check
                        let expected = expectedStatus(route, who: who, slug: slug)
                        if page.status != expected {
                            failures.append(
                                "\(route.method) \(path) as \(who): expected \(expected.code), got \(page.status.code)")
                        }
                    }
                }
            }
            XCTAssertEqual(failures, [], "\(failures.count) of \(checked) checks failed")
            XCTAssertGreaterThan(checked, 250)
        }
    }

    func expectedStatus(_ route: Route, who: Who, slug: String) -> HTTPStatus {
        let ownPartnership = slug == "alpha" || who == .admin
        if route.allowed.contains(who), !route.isPartnershipRoute || ownPartnership || route.allowed == Self.everyone {
            return route.allowedStatus
        }
        if route.path(Target(slug: "x", theme: "y")).hasPrefix("/api/") { return .unauthorized }
        if who == .anonymous { return .seeOther }  // sent to sign in
        if route.name == "sign-in page" { return .seeOther }  // signed-in people go to their partnerships
        return .forbidden
    }

    func firstThemes(_ app: Application) async throws -> [String: String] {
        var ids: [String: String] = [:]
        for slug in ["alpha", "beta"] {
            let partnership = try await Partnerships.find(on: app.db, slug: slug)!
            let theme = try await Theme.query(on: app.db).filter(\.$partnership.$id == partnership.requireID()).first()!
            ids[slug] = try theme.requireID().uuidString
        }
        return ids
    }
}
