import Plot

/// A titled table of figures: row headers in the first column, numbers right-aligned, and a CSV download.
/// Shared by the crime picture and the engagement dashboard.
public enum FigureTable {
    public static func render(_ table: CrimePicturePage.Table, download: String?, level: Int = 2) -> Node<
        HTML.BodyContext
    > {
        .section(
            .id(table.key),
            level == 2 ? .h2(.text(table.title)) : .h3(.text(table.title)),
            .unwrap(table.note) { .p(.class("hint"), .text($0)) },
            TableScroll.region(
                .table(
                    .caption(.class("visually-hidden"), .text(table.title)),
                    .thead(
                        .tr(
                            .forEach(table.columns.enumerated()) { index, column in
                                .th(
                                    .attribute(named: "scope", value: "col"),
                                    .if(index > 0 && !table.textColumns.contains(index), .class("numeric")),
                                    .text(column))
                            })),
                    .tbody(
                        .forEach(table.rows) { cells in
                            .tr(
                                .forEach(cells.enumerated()) { index, cell in
                                    index == 0
                                        ? .th(.attribute(named: "scope", value: "row"), .text(cell))
                                        : .td(.if(!table.textColumns.contains(index), .class("numeric")), .text(cell))
                                })
                        })
                )),
            .unwrap(download) { .p(.class("no-print"), .a(.href($0), .text("Download this table (CSV)"))) }
        )
    }
}
