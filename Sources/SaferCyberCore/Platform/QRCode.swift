/// A QR code (ISO/IEC 18004) for short links: byte mode, error correction level M, versions 1–10
/// (up to 213 bytes). Enough for a game's join address or a survey link on a printed card.
/// Checked against an independent encoder in QRCodeTests.
public struct QRCode: Sendable, Equatable {
    public let version: Int
    public let mask: Int
    /// modules[row][column], true for dark.
    public let modules: [[Bool]]
    public var size: Int { modules.count }

    public enum Failure: Error, Equatable { case tooLong }

    /// (data codewords per block, number of blocks) groups and error-correction codewords per block, level M.
    static let blocks: [(ec: Int, groups: [(count: Int, data: Int)])] = [
        (10, [(1, 16)]), (16, [(1, 28)]), (26, [(1, 44)]), (18, [(2, 32)]), (24, [(2, 43)]),
        (16, [(4, 27)]), (18, [(4, 31)]), (22, [(2, 38), (2, 39)]), (22, [(3, 36), (2, 37)]), (26, [(4, 43), (1, 44)]),
    ]
    static let alignment: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]

    /// Encodes `text` as UTF-8 in the smallest version that holds it, with the mask of lowest penalty
    /// (or `forcedMask`, for tests).
    public init(_ text: String, forcedMask: Int? = nil) throws {
        let bytes = Array(text.utf8)
        guard
            let version = (1...10).first(where: { v in
                (4 + Self.countBits(v) + bytes.count * 8) <= Self.blocks[v - 1].groups.reduce(0) {
                    $0 + $1.count * $1.data
                } * 8
            })
        else { throw Failure.tooLong }
        let codewords = Self.codewords(bytes, version: version)
        var best: (penalty: Int, mask: Int, grid: [[Bool]])?
        for mask in forcedMask.map({ [$0] }) ?? Array(0..<8) {
            let grid = Self.matrix(codewords, version: version, mask: mask)
            let penalty = Self.penalty(grid)
            if best == nil || penalty < best!.penalty { best = (penalty, mask, grid) }
        }
        self.version = version
        self.mask = best!.mask
        self.modules = best!.grid
    }

    // MARK: Codewords

    /// Byte mode's character count takes 8 bits up to version 9 and 16 from version 10.
    static func countBits(_ version: Int) -> Int { version <= 9 ? 8 : 16 }

    static func codewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let layout = blocks[version - 1]
        let capacity = layout.groups.reduce(0) { $0 + $1.count * $1.data }
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, countBits(version))
        for byte in bytes { append(Int(byte), 8) }
        append(0, min(4, capacity * 8 - bits.count))
        while bits.count % 8 != 0 { bits.append(false) }
        var data: [UInt8] = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        var pad: [UInt8] = [0xEC, 0x11]
        while data.count < capacity {
            data.append(pad[0])
            pad.swapAt(0, 1)
        }

        var dataBlocks: [[UInt8]] = []
        var offset = 0
        for group in layout.groups {
            for _ in 0..<group.count {
                dataBlocks.append(Array(data[offset..<offset + group.data]))
                offset += group.data
            }
        }
        let ecBlocks = dataBlocks.map { ReedSolomon.remainder($0, degree: layout.ec) }
        var result: [UInt8] = []
        for i in 0..<(dataBlocks.map(\.count).max() ?? 0) {
            for block in dataBlocks where i < block.count { result.append(block[i]) }
        }
        for i in 0..<layout.ec { for block in ecBlocks { result.append(block[i]) } }
        return result
    }

    enum ReedSolomon {
        static let exp: [UInt8] = {
            var table = [UInt8](repeating: 0, count: 512)
            var x = 1
            for i in 0..<255 {
                table[i] = UInt8(x)
                x <<= 1
                if x & 0x100 != 0 { x ^= 0x11D }
            }
            for i in 255..<512 { table[i] = table[i - 255] }
            return table
        }()
        static let log: [Int] = {
            var table = [Int](repeating: 0, count: 256)
            for i in 0..<255 { table[Int(exp[i])] = i }
            return table
        }()

        static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
            a == 0 || b == 0 ? 0 : exp[log[Int(a)] + log[Int(b)]]
        }

        /// The generator polynomial's coefficients (leading 1 dropped), highest power first.
        static func generator(_ degree: Int) -> [UInt8] {
            var poly: [UInt8] = [1]
            for i in 0..<degree {
                var next = [UInt8](repeating: 0, count: poly.count + 1)
                for (j, c) in poly.enumerated() {
                    next[j] ^= c
                    next[j + 1] ^= multiply(c, exp[i])
                }
                poly = next
            }
            return Array(poly.dropFirst())
        }

        static func remainder(_ data: [UInt8], degree: Int) -> [UInt8] {
            let gen = generator(degree)
            var rem = [UInt8](repeating: 0, count: degree)
            for byte in data {
                let factor = byte ^ rem[0]
                rem.removeFirst()
                rem.append(0)
                for i in 0..<degree { rem[i] ^= multiply(gen[i], factor) }
            }
            return rem
        }
    }

    // MARK: Matrix

    static func matrix(_ codewords: [UInt8], version: Int, mask: Int) -> [[Bool]] {
        let size = 17 + 4 * version
        var dark = [[Bool]](repeating: [Bool](repeating: false, count: size), count: size)
        var reserved = [[Bool]](repeating: [Bool](repeating: false, count: size), count: size)
        func set(_ r: Int, _ c: Int, _ value: Bool) {
            guard (0..<size).contains(r), (0..<size).contains(c) else { return }
            dark[r][c] = value
            reserved[r][c] = true
        }
        // Finder patterns with their separators.
        for (row, col) in [(0, 0), (0, size - 7), (size - 7, 0)] {
            for r in -1...7 {
                for c in -1...7 {
                    let inside = (0...6).contains(r) && (0...6).contains(c)
                    let ring = inside && (r == 0 || r == 6 || c == 0 || c == 6)
                    let core = (2...4).contains(r) && (2...4).contains(c)
                    set(row + r, col + c, ring || core)
                }
            }
        }
        // Timing patterns.
        for i in 8..<(size - 8) {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        // Alignment patterns: every pair of centres except the three finder corners (they may cross the timing lines).
        let centres = alignment[version - 1]
        for r in centres {
            for c in centres
            where
                !((r == centres.first && c == centres.first) || (r == centres.first && c == centres.last)
                || (r == centres.last && c == centres.first))
            {
                for dr in -2...2 { for dc in -2...2 { set(r + dr, c + dc, max(abs(dr), abs(dc)) != 1) } }
            }
        }
        // The dark module, and space for the format (and version) information.
        set(size - 8, 8, true)
        for i in 0..<9 {
            if !reserved[8][i] { reserved[8][i] = true }
            if !reserved[i][8] { reserved[i][8] = true }
        }
        for i in 0..<8 {
            reserved[8][size - 1 - i] = true
            reserved[size - 1 - i][8] = true
        }
        if version >= 7 {
            for i in 0..<6 {
                for j in 0..<3 {
                    reserved[i][size - 11 + j] = true
                    reserved[size - 11 + j][i] = true
                }
            }
        }

        // Data, in two-column strips from the bottom right, zigzagging up and down.
        var bitIndex = 0
        let totalBits = codewords.count * 8
        var upward = true
        var col = size - 1
        while col > 0 {
            if col == 6 { col -= 1 }
            for step in 0..<size {
                let r = upward ? size - 1 - step : step
                for c in [col, col - 1] where !reserved[r][c] {
                    var bit = false
                    if bitIndex < totalBits { bit = (codewords[bitIndex / 8] >> (7 - bitIndex % 8)) & 1 == 1 }
                    bitIndex += 1
                    dark[r][c] = bit != masked(mask, r, c)
                }
            }
            upward.toggle()
            col -= 2
        }

        // Format information: level M (00) and the mask, BCH-protected, in both copies.
        let format = formatBits(mask: mask)
        func bit(_ i: Int) -> Bool { (format >> i) & 1 == 1 }
        // First copy, around the top-left finder.
        for i in 0..<6 { dark[i][8] = bit(i) }
        dark[7][8] = bit(6)
        dark[8][8] = bit(7)
        dark[8][7] = bit(8)
        for i in 9..<15 { dark[8][14 - i] = bit(i) }
        // Second copy, split between the top-right and bottom-left finders.
        for i in 0..<8 { dark[8][size - 1 - i] = bit(i) }
        for i in 8..<15 { dark[size - 15 + i][8] = bit(i) }
        dark[size - 8][8] = true
        if version >= 7 {
            let bits = versionBits(version)
            for i in 0..<18 {
                let bit = (bits >> i) & 1 == 1
                dark[i / 3][size - 11 + i % 3] = bit
                dark[size - 11 + i % 3][i / 3] = bit
            }
        }
        return dark
    }

    static func masked(_ mask: Int, _ r: Int, _ c: Int) -> Bool {
        switch mask {
        case 0: (r + c) % 2 == 0
        case 1: r % 2 == 0
        case 2: c % 3 == 0
        case 3: (r + c) % 3 == 0
        case 4: (r / 2 + c / 3) % 2 == 0
        case 5: (r * c) % 2 + (r * c) % 3 == 0
        case 6: ((r * c) % 2 + (r * c) % 3) % 2 == 0
        default: ((r + c) % 2 + (r * c) % 3) % 2 == 0
        }
    }

    static func formatBits(mask: Int) -> Int {
        let data = (0b00 << 3) | mask  // level M is 00
        var rem = data << 10
        for i in stride(from: 14, through: 10, by: -1) where (rem >> i) & 1 == 1 { rem ^= 0x537 << (i - 10) }
        return ((data << 10) | rem) ^ 0x5412
    }

    static func versionBits(_ version: Int) -> Int {
        var rem = version << 12
        for i in stride(from: 17, through: 12, by: -1) where (rem >> i) & 1 == 1 { rem ^= 0x1F25 << (i - 12) }
        return (version << 12) | rem
    }

    // MARK: Choosing a mask

    static func penalty(_ grid: [[Bool]]) -> Int {
        let size = grid.count
        var score = 0
        // Runs of five or more of one colour, in rows and columns.
        for line in 0..<size {
            for vertical in [false, true] {
                var run = 1
                for i in 1..<size {
                    let a = vertical ? grid[i - 1][line] : grid[line][i - 1]
                    let b = vertical ? grid[i][line] : grid[line][i]
                    if a == b {
                        run += 1
                    } else {
                        if run >= 5 { score += run - 2 }
                        run = 1
                    }
                }
                if run >= 5 { score += run - 2 }
            }
        }
        // 2×2 blocks of one colour.
        for r in 0..<(size - 1) {
            for c in 0..<(size - 1)
            where grid[r][c] == grid[r][c + 1] && grid[r][c] == grid[r + 1][c] && grid[r][c] == grid[r + 1][c + 1] {
                score += 3
            }
        }
        // Finder-like patterns 1:1:3:1:1 with four light modules on one side.
        let pattern: [Bool] = [true, false, true, true, true, false, true, false, false, false, false]
        let reversed = Array(pattern.reversed())
        for line in 0..<size {
            for start in 0...(size - 11) {
                for candidate in [pattern, reversed] {
                    if (0..<11).allSatisfy({ grid[line][start + $0] == candidate[$0] }) { score += 40 }
                    if (0..<11).allSatisfy({ grid[start + $0][line] == candidate[$0] }) { score += 40 }
                }
            }
        }
        // Balance of dark and light.
        let darkCount = grid.reduce(0) { $0 + $1.filter { $0 }.count }
        let percent = darkCount * 100 / (size * size)
        score += (abs(percent - 50) / 5) * 10
        return score
    }

    /// The code as SVG, with a four-module quiet zone; `label` is its accessible name.
    /// The dark modules as an SVG path (numbers only), with a four-module quiet zone; `side` is the image's
    /// width and height. The page draws it (SaferCyberViews' QRCodeView), escaping its label like any attribute.
    public func svgPath(moduleSize: Int = 6) -> (path: String, side: Int) {
        let quiet = 4
        var path = ""
        for (r, row) in modules.enumerated() {
            for (c, darkModule) in row.enumerated() where darkModule {
                path +=
                    "M\((c + quiet) * moduleSize) \((r + quiet) * moduleSize)h\(moduleSize)v\(moduleSize)h-\(moduleSize)z"
            }
        }
        return (path, (size + 2 * quiet) * moduleSize)
    }
}
