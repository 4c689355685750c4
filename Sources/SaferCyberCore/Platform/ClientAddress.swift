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
        let peer = peer ?? "unknown"
        guard trustProxy else { return peer }
        let hops =
            forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        // The peer is a proxy (TRUST_PROXY); walk left over hops written by trusted proxies.
        for hop in hops.reversed() where !isTrusted(hop, trustedProxies) {
            return String(hop.prefix(64))
        }
        return hops.first.map { String($0.prefix(64)) } ?? peer
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
