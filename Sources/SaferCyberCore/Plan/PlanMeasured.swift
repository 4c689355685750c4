import FluentKit
import Foundation

/// The work an action links to, each with a figure from its own module, so progress is partly measured rather than
/// asserted (issue 18: one query per kind of work, not one per linked item).
///
/// A single event's, game's or survey's counts are finer than anything the engagement and survey pages publish to a
/// role without exact counts (issue 19): one event's attendance beside a withheld objective row gives that row back.
/// Under the rule the items are listed with what is not a count of people (the date, the outcome's rating), and the
/// counts are left to the pages that protect them.
public enum PlanMeasured {
    public enum Link: Sendable, Equatable {
        case event(UUID)
        case game(UUID)
        case surveyResults(UUID)
        case outcomes
    }

    public struct Item: Sendable, Equatable {
        public var kind: String
        public var title: String
        public var figure: String
        public var link: Link
    }

    public static func items(
        of action: PlanAction, partnershipID id: UUID, policy: DisclosurePolicy, on db: any Database
    ) async throws -> [Item] {
        var items: [Item] = []
        let exact = !policy.applies
        if !action.events.isEmpty {
            let events = try await Event.query(on: db).filter(\.$partnership.$id == id).filter(\.$id ~~ action.events)
                .sort(\.$startsAt).all()
            var attended: [UUID: Int] = [:]
            if exact, !events.isEmpty {
                // Summed here, not in SQL: PostgreSQL returns SUM of integers as numeric.
                for booking in try await Booking.query(on: db).filter(\.$event.$id ~~ events.compactMap(\.id)).all() {
                    attended[booking.$event.id, default: 0] += booking.attendedPlaces
                }
            }
            for event in events {
                let day = EventTimes.day.string(from: event.startsAt)
                items.append(
                    Item(
                        kind: "Event", title: event.title,
                        figure: exact
                            ? "\(day); \(event.confirmedPlaces) booked, \(attended[event.id!] ?? 0) attended" : day,
                        link: .event(event.id!)))
            }
        }
        if !action.games.isEmpty {
            for game in try await GameSession.query(on: db).filter(\.$partnership.$id == id).filter(
                \.$id ~~ action.games
            ).sort(\.$title).all() {
                items.append(
                    Item(
                        kind: "Game session", title: game.title,
                        figure: exact ? "\(game.teams) teams, \(game.players) players" : "Played", link: .game(game.id!)
                    ))
            }
        }
        if !action.surveys.isEmpty {
            let surveys = try await Survey.query(on: db).filter(\.$partnership.$id == id).filter(
                \.$id ~~ action.surveys
            )
            .sort(\.$title).all()
            var answered: [UUID: Int] = [:]
            if exact, !surveys.isEmpty {
                for response in try await SurveyResponse.query(on: db).filter(\.$survey.$id ~~ surveys.compactMap(\.id))
                    .field(\.$id).field(\.$survey.$id).all()
                {
                    answered[response.$survey.id, default: 0] += 1
                }
            }
            for survey in surveys {
                items.append(
                    Item(
                        kind: "Survey", title: survey.title,
                        figure: exact ? "\(answered[survey.id!] ?? 0) responses" : "Results on the survey's page",
                        link: .surveyResults(survey.id!)))
            }
        }
        if !action.outcomes.isEmpty {
            for result in try await Outcomes.results(
                partnershipID: id, policy: policy, on: db)
            where action.outcomes.contains(result.id) {
                items.append(
                    Item(
                        kind: "Outcome", title: result.title, figure: "\(result.rag.label): \(result.reason)",
                        link: .outcomes))
            }
        }
        return items
    }
}
