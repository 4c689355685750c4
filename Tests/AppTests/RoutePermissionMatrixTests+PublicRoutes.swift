import Fluent
import SaferCyberCore
import TestSupport
import XCTVapor

@testable import App

extension RoutePermissionMatrixTests {
    /// Public private-link routes, players' routes and the account routes (issue 20: every route in the matrix).
    /// Unknown tokens and codes throughout: the answer must be "not found" for everyone, signed in or not, in any
    /// partnership — a private link is the only key, and no role opens someone else's.
    static let publicAndAccountRoutes: [Route] = [
        Route(
            name: "root", method: .GET, path: { _ in "/" }, allowed: everyone, allowedStatus: .seeOther,
            isPartnershipRoute: false),
        Route(
            name: "dashboard", method: .GET, path: { _ in "/app" }, allowed: staff, allowedStatus: .ok,
            isPartnershipRoute: false,
            // Someone in exactly one partnership goes straight to it; administrators see the list.
            expect: { who, _ in who == .admin ? .ok : .seeOther }),
        Route(
            name: "invitation", method: .GET, path: { _ in "/app/invitations/no-such-token" }, allowed: everyone,
            allowedStatus: .notFound, isPartnershipRoute: false),
        Route(
            name: "invitation accept", method: .POST, path: { _ in "/app/invitations/no-such-token" },
            form: ["password": "lantern harbour quince", "displayName": "X"], allowed: everyone,
            allowedStatus: .notFound, isPartnershipRoute: false),
        Route(
            name: "booking calendar", method: .GET, path: { "/p/\($0.slug)/bookings/no-such-token/calendar.ics" },
            allowed: everyone, allowedStatus: .notFound),
        Route(
            name: "booking ambassador", method: .POST, path: { "/p/\($0.slug)/bookings/no-such-token/ambassador" },
            form: ["people": "3"], allowed: everyone, allowedStatus: .notFound),
        Route(
            name: "booking told", method: .POST, path: { "/p/\($0.slug)/bookings/no-such-token/told" },
            form: ["people": "3"], allowed: everyone, allowedStatus: .notFound),
        Route(
            name: "booking cancel", method: .POST, path: { "/p/\($0.slug)/bookings/no-such-token/cancel" },
            allowed: everyone, allowedStatus: .notFound),
        Route(
            name: "booking erase", method: .POST, path: { "/p/\($0.slug)/bookings/no-such-token/erase" },
            allowed: everyone, allowedStatus: .notFound),
        Route(
            name: "public event sign-up", method: .POST, path: { "/p/\($0.slug)/events/\(unknown)" },
            form: ["name": "Ada", "email": "ada@example.org", "consent": "yes"], allowed: everyone,
            allowedStatus: .notFound),
        Route(
            name: "public survey answer", method: .POST, path: { "/p/\($0.slug)/surveys/\(unknown)/before" },
            allowed: everyone, allowedStatus: .notFound),
        Route(
            name: "play certificate", method: .GET, path: { _ in "/play/NOSUCH/certificate" }, allowed: everyone,
            allowedStatus: .notFound, isPartnershipRoute: false),
        // A player's forms need the game's own cookie (set when the game page is opened): without it, refused.
        Route(
            name: "play join", method: .POST, path: { _ in "/play/NOSUCH/join" }, form: ["team": "A"],
            allowed: everyone, allowedStatus: .forbidden, isPartnershipRoute: false),
        Route(
            name: "play answer", method: .POST, path: { _ in "/play/NOSUCH/answer" }, form: ["answer": "a"],
            allowed: everyone, allowedStatus: .forbidden, isPartnershipRoute: false),
        Route(
            name: "play hint", method: .POST, path: { _ in "/play/NOSUCH/hint" }, allowed: everyone,
            allowedStatus: .forbidden, isPartnershipRoute: false),
        Route(
            name: "play basket", method: .POST, path: { _ in "/play/NOSUCH/basket" }, allowed: everyone,
            allowedStatus: .forbidden, isPartnershipRoute: false),
        Route(
            name: "play agree", method: .POST, path: { _ in "/play/NOSUCH/agree" }, allowed: everyone,
            allowedStatus: .forbidden, isPartnershipRoute: false),
        // A wrong password: refused for everyone (signed in or not), never a session.
        Route(
            name: "sign in", method: .POST, path: { _ in "/app/sign-in" },
            allowed: everyone, allowedStatus: .unauthorized, isPartnershipRoute: false,
            formFor: { who in ["email": "nobody-\(who.rawValue)@alpha.test", "password": "not the password"] }),
        Route(
            name: "sign out", method: .POST, path: { _ in "/app/sign-out" }, allowed: everyone,
            allowedStatus: .seeOther, isPartnershipRoute: false),
    ]
}
