import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which network address a request came from, for rate limits and the audit log (issue 20, case 3).
///
/// Behind a reverse proxy, X-Forwarded-For is "client, proxy1, proxy2": each proxy appends the address it received
/// the request from. Entries on the left are whatever the client chose to send, so only the rightmost entries,
/// written by proxies this deployment trusts, can be believed. The client is the rightmost hop that is not a
/// trusted proxy: the immediate peer is trusted when `TRUST_PROXY` is on, and so is any address in
/// `TRUSTED_PROXIES` (addresses or CIDR ranges, for chains of several proxies).
public enum ClientAddress {
    public static func resolve(forwardedFor: [String], peer: String?, trustProxy: Bool, trustedProxies: [String])
        -> String
    {
        let peer = peer.map(normalise) ?? "unknown"
        guard trustProxy else { return peer }
        let hops =
            forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        // The peer is a proxy (TRUST_PROXY); walk left over hops written by trusted proxies.
        for hop in hops.map(normalise).reversed() where !isTrusted(hop, trustedProxies) {
            return hop
        }
        return hops.first.map(normalise) ?? peer
    }

    /// One spelling per address: brackets and ports removed, IPv6 written canonically (inet_ntop), IPv4-mapped
    /// IPv6 (`::ffff:10.0.0.5`) as plain IPv4. Anything else is cut to 64 characters and kept as text.
    public static func normalise(_ hop: String) -> String {
        var text = hop.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            text = String(text[text.index(after: text.startIndex)..<close])  // "[2001:db8::1]:443"
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            text = String(text[..<colon])  // "203.0.113.9:5123"
        }
        guard let bytes = bytes(text) else { return String(text.prefix(64)) }
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        return format(bytes)
    }

    /// The key sign-in limits count under: an IPv4 address as it is; an IPv6 address by its /64, which one
    /// household or device can rotate through freely.
    public static func throttleKey(_ address: String) -> String {
        guard let bytes = bytes(address), bytes.count == 16 else { return address }
        return format(Array(bytes[0..<8]) + [UInt8](repeating: 0, count: 8)) + "/64"
    }

    static func format(_ bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        var copy = bytes
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        guard inet_ntop(family, &copy, &buffer, socklen_t(buffer.count)) != nil else { return "" }
        return String(cString: buffer)
    }

    static func isTrusted(_ address: String, _ proxies: [String]) -> Bool {
        proxies.contains { matches(address, $0) }
    }

    /// `address` equals `range`, or falls inside it when `range` is a CIDR block ("10.0.0.0/8", "fd00::/8").
    public static func matches(_ address: String, _ range: String) -> Bool {
        let parts = range.split(separator: "/", maxSplits: 1)
        guard let network = bytes(String(parts[0])), let candidate = bytes(address), network.count == candidate.count
        else { return address == range }
        let bits = parts.count == 2 ? Int(parts[1]) ?? -1 : network.count * 8
        guard (0...(network.count * 8)).contains(bits) else { return false }
        for index in 0..<network.count {
            let remaining = bits - index * 8
            if remaining <= 0 { break }
            let mask: UInt8 = remaining >= 8 ? 0xFF : UInt8(0xFF << (8 - remaining) & 0xFF)
            if network[index] & mask != candidate[index] & mask { return false }
        }
        return true
    }

    /// The address as 4 or 16 bytes, or nil when it is not an IP address.
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
