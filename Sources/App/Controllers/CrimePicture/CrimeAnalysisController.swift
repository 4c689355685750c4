import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The reporting gap, where to focus, and the settings both use.
struct CrimeAnalysisController {
    func gap(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        return try await gapPage(req, access, errors: [], fields: nil)
    }

    private func gapPage(_ req: Request, _ access: PartnershipAccess, errors: [FormError], fields: [String: String]?)
        async throws -> Response
    {
        let last = try await latestQuarter(req, access)
        let first = Quarter.adding(-7, to: last)
        let gap = try await ReportingGap.build(
            partnershipID: access.partnershipID, fromQuarter: first, toQuarter: last,
            edition: access.disclosure.crimeEdition, policy: access.disclosure, on: req.db)
        let settings = try await CrimeSettingsStore.load(partnershipID: access.partnershipID, on: req.db)
        let tables = CountFormat(policy: access.disclosure)
        let model = ReportingGapPage.Model(
            slug: access.slug,
            period: "Last eight quarters with data: \(Quarter.label(first)) to \(Quarter.label(last))",
            themes: gap.themes.map { theme in
                ReportingGapPage.ThemeGap(
                    name: theme.name, ratio: ratioText(theme.ratio), source: theme.ratio.source,
                    sourceURL: theme.ratio.sourceURL,
                    rows: theme.quarters.map { q in Self.gapRow(q, tables) },
                    bars: theme.quarters.map { q in
                        let label = Quarter.label(q.quarter) + (q.soFar == nil ? "" : " (so far)")
                        if q.base == .noData { return BarChart.Bar(label: label, value: 0, display: "No data") }
                        if q.withheld {
                            return BarChart.Bar(label: label, value: 0, display: DisclosurePolicy.withheldText)
                        }
                        let small: Bool
                        if case .adultsWithShare(let unrecorded) = q.base {
                            small = tables.hides(unrecorded)
                        } else {
                            small = false
                        }
                        if small { return BarChart.Bar(label: label, value: 0, display: DisclosurePolicy.withheldText) }
                        return BarChart.Bar(
                            label: label, value: tables.hides(q.reported) ? 0 : q.estimate,
                            display: tables.hides(q.reported)
                                ? "\(tables.policy.hiddenText) counted" : tables.count(q.estimate))
                    })
            },
            withoutRatio: gap.themesWithoutRatio, canManage: access.allows(.manageCrimeData),
            ratioFields: ratioFields(settings, themesWithoutRatio: gap.themesWithoutRatio, fields: fields),
            errors: errors)
        return ReportingGapPage.render(model, chrome: req.chrome(access, current: .crimeGap)).htmlResponse(
            errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// One quarter of a theme: all records, what the estimate starts from (and on what base), the estimate with each
    /// survey year's share. A quarter with no data says so; one only partly imported says what it holds.
    static func gapRow(_ q: ReportingGap.Quarter, _ tables: CountFormat) -> [String] {
        let label =
            Quarter.label(q.quarter) + (q.soFar.map { " (so far: \($0))" } ?? "")
        if q.base == .noData { return [label, "No data", "–", "–", "–"] }
        // The quarter's all-records crime view withholds this theme's row: so does this page (review of issue 19).
        if q.withheld { return [label, DisclosurePolicy.withheldText, DisclosurePolicy.withheldText, "–", "–"] }
        let counted: String
        // With a small number shared out, the counted figure and the estimate both follow from it (review of issue
        // 19: the rounded count beside the exact estimate pinned it), so neither is shown.
        let sharedOutHidden: Bool
        if case .adultsWithShare(let unrecorded) = q.base {
            sharedOutHidden = tables.hides(unrecorded)
        } else {
            sharedOutHidden = false
        }
        switch q.base {
        case .adults, .noData: counted = tables.count(q.reported)
        case .adultsWithShare(let unrecorded):
            counted =
                "\(sharedOutHidden ? DisclosurePolicy.withheldText : tables.count(q.reported)) (with \(tables.count(unrecorded)) not saying age or type shared out)"
        case .allRecords: counted = q.records == 0 ? "0" : "All \(tables.count(q.reported)) (no victim details)"
        case .local: counted = "All \(tables.count(q.reported)) (local evidence)"
        }
        let hidden = tables.hides(q.reported) || sharedOutHidden
        return [
            label, tables.count(q.records), counted, hidden ? "–" : tables.count(q.estimate),
            hidden || q.low == q.high ? "–" : tables.count(q.low == q.estimate ? q.high : q.low),
        ]
    }

    /// The ratios the partnership has, then an empty one for each theme with records but none (local evidence).
    private func ratioFields(
        _ settings: CrimeSettingsDocument, themesWithoutRatio: [String], fields: [String: String]?
    ) -> [ReportingGapPage.RatioField] {
        let blanks = themesWithoutRatio.map {
            CrimeSettingsDocument.ReportingRatio(
                themeName: $0, central: 0, low: 0, high: 0, source: "", sourceURL: "")
        }
        return (settings.ratios + blanks).enumerated().map { index, ratio in
            let key = "ratio-\(index)"
            let blank = index >= settings.ratios.count
            func value(_ name: String, _ number: Double) -> String {
                fields?["\(key)-\(name)"] ?? (blank ? "" : self.number(number))
            }
            return .init(
                key: key, themeName: ratio.themeName, central: value("central", ratio.central),
                low: value("low", ratio.low), high: value("high", ratio.high),
                source: fields?["\(key)-source"] ?? ratio.source,
                sourceURL: fields?["\(key)-sourceURL"] ?? ratio.sourceURL)
        }
    }

    func focus(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        return try await focusPage(req, access, errors: [], fields: nil)
    }

    private func focusPage(_ req: Request, _ access: PartnershipAccess, errors: [FormError], fields: [String: String]?)
        async throws -> Response
    {
        let focus = try await FocusRanking.forRole(
            partnershipID: access.partnershipID, policy: access.disclosure, on: req.db)
        let (ranking, published) = (focus.ranking, focus.published)
        let last = ranking.lastQuarter
        let themes = try await PartnershipSettings.items(Theme.self, partnershipID: access.partnershipID, on: req.db)
        let tables = CountFormat(policy: access.disclosure)
        func f(_ value: Double) -> String { String(format: "%.2f", value) }
        let counts = { (cell: FocusRanking.Cell, area: Bool) -> [String] in
            [published.count(cell, recent: true, area: area), published.count(cell, recent: false, area: area)]
        }
        let unranked = { (cell: FocusRanking.Cell, columns: Int, area: Bool) -> [String] in
            ["–", cell.theme, cell.group] + counts(cell, area) + Array(repeating: "–", count: columns - 5)
        }
        let groupRows =
            published.ranked.prefix(30).enumerated().map { index, cell in
                ["\(index + 1)", cell.theme, cell.group] + counts(cell, false) + [
                    f(cell.volumeIndex), f(cell.trendFactor), f(cell.harm), f(cell.vulnerability), f(cell.score),
                ]
            } + published.tooFew.prefix(30).map { unranked($0, 10, false) }
        let areaRows =
            published.byAreaRanked.prefix(30).enumerated().map { index, cell in
                ["\(index + 1)", cell.theme, cell.group] + counts(cell, true) + [
                    cell.rate.map(f) ?? "–", f(cell.trendFactor), f(cell.harm), f(cell.score),
                ]
            } + published.byAreaTooFew.prefix(30).map { unranked($0, 9, true) }
        let settings = ranking.settings
        var model = FocusPage.Model(
            slug: access.slug,
            period: "the four quarters to \(Quarter.label(last)) compared with the four before"
                + (focus.incomplete.isEmpty
                    ? "" : " (not complete, so the comparison is uneven: \(focus.incomplete.joined(separator: "; ")))"),
            groupRows: groupRows, areaRows: areaRows, canManage: access.allows(.manageCrimeData),
            harm: themes.map { theme in
                let field = CrimeSettingsDocument.harmField(theme.name)
                return .init(
                    field: field, label: theme.name, value: fields?[field] ?? number(settings.harm(theme: theme.name)))
            },
            vulnerability: VictimGroup.allCases.map { group in
                let field = "vulnerability-\(group.rawValue)"
                return .init(
                    field: field, label: group.label, value: fields?[field] ?? number(settings.vulnerability(group)))
            },
            trendWeight: fields?["trendWeight"] ?? number(settings.trendWeight), errors: errors)
        model.threshold = tables.policy.threshold
        return FocusPage.render(model, chrome: req.chrome(access, current: .crimeFocus)).htmlResponse(
            errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// Saves ratios (from the gap page) or weights (from the focus page), then shows that page again.
    func saveSettings(req: Request) async throws -> Response {
        let access = try await req.access(.manageCrimeData)
        let fields = FormPairs(req).fields
        let returnTo = fields["return"] == "gap" ? PartnershipPage.crimeGap : .crimeFocus
        var document = try await CrimeSettingsStore.load(partnershipID: access.partnershipID, on: req.db)
        var errors: [FormError] = []
        func read(_ field: String, _ label: String) -> Double? {
            guard let text = fields[field] else { return nil }
            guard let value = Double(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: ""))
            else {
                errors.append(FormError(field: field, message: "Enter a number for \(label)"))
                return nil
            }
            return value
        }
        // Which form row each saved ratio came from, so errors Core gives by saved position land on the right row.
        var formRow: [Int] = []
        if returnTo == .crimeGap {
            func typed(_ index: Int, _ name: String) -> String {
                (fields["ratio-\(index)-\(name)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let fieldNames = ["central", "low", "high", "source", "sourceURL"]
            var kept: [CrimeSettingsDocument.ReportingRatio] = []
            for index in document.ratios.indices {
                var ratio = document.ratios[index]
                // A local share emptied on the form is removed (the national ones can be changed, not removed).
                if !ratio.isNational, fields["ratio-\(index)-central"] != nil,
                    fieldNames.allSatisfy({ typed(index, $0).isEmpty })
                {
                    continue
                }
                if let v = read("ratio-\(index)-central", ratio.themeName) { ratio.central = v }
                if let v = read("ratio-\(index)-low", ratio.themeName) { ratio.low = v }
                if let v = read("ratio-\(index)-high", ratio.themeName) { ratio.high = v }
                if fields["ratio-\(index)-source"] != nil { ratio.source = typed(index, "source") }
                if fields["ratio-\(index)-sourceURL"] != nil { ratio.sourceURL = typed(index, "sourceURL") }
                kept.append(ratio)
                formRow.append(index)
            }
            // Local evidence for a theme without a published ratio: the blank rows after the existing ones.
            let themes = Set(
                try await PartnershipSettings.items(Theme.self, partnershipID: access.partnershipID, on: req.db).map(
                    \.name))
            var index = document.ratios.count
            while let theme = fields["ratio-\(index)-theme"] {
                defer { index += 1 }
                guard fieldNames.contains(where: { !typed(index, $0).isEmpty }), themes.contains(theme),
                    !kept.contains(where: { $0.themeName == theme })
                else { continue }
                let central = read("ratio-\(index)-central", theme)
                let low = typed(index, "low").isEmpty ? central : read("ratio-\(index)-low", theme)
                let high = typed(index, "high").isEmpty ? central : read("ratio-\(index)-high", theme)
                guard let central, let low, let high else { continue }
                kept.append(
                    .init(
                        themeName: theme, central: central, low: low, high: high, source: typed(index, "source"),
                        sourceURL: typed(index, "sourceURL")))
                formRow.append(index)
            }
            document.ratios = kept
        } else {
            let themes = try await PartnershipSettings.items(
                Theme.self, partnershipID: access.partnershipID, on: req.db)
            for theme in themes {
                if let v = read(CrimeSettingsDocument.harmField(theme.name), theme.name) {
                    document.harm[theme.name] = v
                }
            }
            for group in VictimGroup.allCases {
                if let v = read("vulnerability-\(group.rawValue)", group.label) {
                    document.vulnerability[group.rawValue] = v
                }
            }
            if let v = read("trendWeight", "the trend weight") { document.trendWeight = v }
        }
        if errors.isEmpty {
            do {
                try await CrimeSettingsStore.save(
                    document, partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
                return req.redirect(to: SiteURL.partnership(slug: access.slug, returnTo).path, redirectType: .normal)
            } catch let problems as FieldErrors {
                errors = problems.formErrors.map { error in
                    // "ratio-<saved position>-<field>" → the form's row.
                    let parts = error.field.split(separator: "-", maxSplits: 2)
                    guard parts.count == 3, parts[0] == "ratio", let saved = Int(parts[1]),
                        formRow.indices.contains(saved)
                    else { return error }
                    return FormError(field: "ratio-\(formRow[saved])-\(parts[2])", message: error.message)
                }
            }
        }
        return returnTo == .crimeGap
            ? try await gapPage(req, access, errors: errors, fields: fields)
            : try await focusPage(req, access, errors: errors, fields: fields)
    }

    private func latestQuarter(_ req: Request, _ access: PartnershipAccess) async throws -> Int {
        let range = try await CrimeCountReader(
            partnershipID: access.partnershipID, edition: access.disclosure.crimeEdition, on: req.db)?.monthRange()
        return range.map { Quarter.of(month: $0.last) } ?? Quarter.lastComplete()
    }

    /// "about 1 in 7 (14.3%); 15% in the other survey year": the survey years side by side, not as an interval.
    private func ratioText(_ ratio: CrimeSettingsDocument.ReportingRatio) -> String {
        func share(_ value: Double) -> String {
            let oneIn = 100 / value
            let fraction = abs(oneIn - oneIn.rounded()) < 1e-9 ? "about 1 in \(Int(oneIn.rounded())) (" : "("
            return fraction + String(format: "%.1f%%", value) + (fraction == "(" ? "" : ")")
        }
        let main = share(ratio.central).replacingOccurrences(of: "(", with: "", options: .anchored)
        let other = ratio.low == ratio.central ? ratio.high : ratio.low
        return ratio.low == ratio.high
            ? main
            : "\(main); \(share(other).trimmingCharacters(in: CharacterSet(charactersIn: "()"))) in the other survey year"
    }

    private func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
    }
}
