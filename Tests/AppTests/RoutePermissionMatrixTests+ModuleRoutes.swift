import Fluent
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

extension RoutePermissionMatrixTests {
    /// The second half of the route table.
    static let moduleRoutes: [Route] = [
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
            name: "resource delete", method: .POST, path: { "/app/p/\($0.slug)/resources/\(unknown)/delete" },
            allowed: [.admin, .coordinator], allowedStatus: .notFound),
        Route(
            name: "resource captions", method: .GET, path: { "/app/p/\($0.slug)/resources/\(unknown)/captions.vtt" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        // Links for students' own work (issue 23): made and closed by those who moderate the library.
        Route(
            name: "submission links", method: .GET, path: { "/app/p/\($0.slug)/resources/submission-links" },
            allowed: [.admin, .coordinator], allowedStatus: .ok),
        Route(
            name: "submission link add", method: .POST, path: { "/app/p/\($0.slug)/resources/submission-links" },
            form: ["label": "", "days": "99"], allowed: [.admin, .coordinator], allowedStatus: .unprocessableEntity),
        Route(
            name: "submission link close", method: .POST,
            path: { "/app/p/\($0.slug)/resources/submission-links/\(unknown)/close" }, allowed: [.admin, .coordinator],
            allowedStatus: .notFound),
        Route(
            name: "public resource captions", method: .GET, path: { "/p/\($0.slug)/resources/\(unknown)/captions.vtt" },
            allowed: everyone, allowedStatus: .notFound),
        Route(
            name: "public submission form", method: .GET, path: { "/p/\($0.slug)/submit/not-a-link" },
            allowed: everyone,
            allowedStatus: .notFound),
        Route(
            name: "public submission", method: .POST, path: { "/p/\($0.slug)/submit/not-a-link" }, allowed: everyone,
            allowedStatus: .notFound),
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
        // The register of organisations (issue 23): kept by officers and coordinators; its figures for everyone.
        Route(
            name: "organisations", method: .GET, path: { "/app/p/\($0.slug)/organisations" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .ok),
        Route(
            name: "organisation add", method: .POST, path: { "/app/p/\($0.slug)/organisations" },
            form: ["name": "", "kind": "castle"], allowed: [.admin, .coordinator, .officer],
            allowedStatus: .unprocessableEntity),
        Route(
            name: "organisations csv", method: .GET, path: { "/app/p/\($0.slug)/organisations/export.csv" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .ok),
        Route(
            name: "organisation figures", method: .GET, path: { "/app/p/\($0.slug)/organisations/figures" },
            allowed: staff, allowedStatus: .ok),
        Route(
            name: "organisation figures csv", method: .GET, path: { "/app/p/\($0.slug)/organisations/figures.csv" },
            allowed: staff, allowedStatus: .ok),
        Route(
            name: "organisation", method: .GET, path: { "/app/p/\($0.slug)/organisations/\(unknown)" },
            allowed: [.admin, .coordinator, .officer], allowedStatus: .notFound),
        Route(
            name: "organisation save", method: .POST, path: { "/app/p/\($0.slug)/organisations/\(unknown)" },
            form: ["name": "Hill Academy", "kind": "school"], allowed: [.admin, .coordinator, .officer],
            allowedStatus: .notFound),
        Route(
            name: "organisation links", method: .POST, path: { "/app/p/\($0.slug)/organisations/\(unknown)/links" },
            form: ["kind": "booking", "item": unknown], allowed: [.admin, .coordinator, .officer],
            allowedStatus: .notFound),
        Route(
            name: "organisation remove", method: .POST, path: { "/app/p/\($0.slug)/organisations/\(unknown)/remove" },
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
            name: "referral subject access", method: .GET,
            path: { "/app/p/\($0.slug)/referrals/\(unknown)/subject-access" }, allowed: [.safeguarding],
            allowedStatus: .notFound),
        Route(
            name: "referral export", method: .POST,
            path: { "/app/p/\($0.slug)/referrals/\(unknown)/subject-access" }, allowed: [.safeguarding],
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
        // Two-step sign-in: without a challenge cookie the code page sends everyone back to the password.
        Route(
            name: "sign-in code page", method: .GET, path: { _ in "/app/sign-in/code" }, allowed: everyone,
            allowedStatus: .seeOther, isPartnershipRoute: false),
        Route(
            name: "sign-in code", method: .POST, path: { _ in "/app/sign-in/code" }, form: ["code": "123456"],
            allowed: everyone, allowedStatus: .unauthorized, isPartnershipRoute: false),
        Route(
            name: "two-step sign-in page", method: .GET, path: { _ in "/app/account/two-step" }, allowed: staff,
            allowedStatus: .ok, isPartnershipRoute: false),
        Route(
            name: "two-step sign-in change", method: .POST, path: { _ in "/app/account/two-step" },
            form: ["action": "confirm", "code": "123456"], allowed: staff, allowedStatus: .unprocessableEntity,
            isPartnershipRoute: false),
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
}
