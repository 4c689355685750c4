import Foundation

/// FNV-1a, 64-bit: stable across runs and machines (Swift's Hasher is seeded per process), so it can
/// be stored to spot corrected records on re-import.
@inline(__always)
func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>, _ seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
    var hash = seed
    for byte in bytes {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01B3
    }
    return hash
}

/// Maps short byte strings (an outcome, an LSOA code, an age band as written) to a value without
/// building a String per row. A crime file repeats a few hundred distinct values a million times.
struct ByteTable<Value> {
    private var slots: [Int32]
    private var mask: Int
    private var keys: [[UInt8]] = []
    private var hashes: [UInt64] = []
    private(set) var values: [Value] = []

    init(capacity: Int = 256) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { keys.count }

    func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Value? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            if hashes[index] == hash && keys[index].count == bytes.count
                && (bytes.isEmpty
                    || keys[index].withUnsafeBufferPointer {
                        memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0
                    })
            {
                return values[index]
            }
            slot = (slot + 1) & mask
        }
    }

    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, value: Value) {
        if (keys.count + 1) * 2 > slots.count { grow() }
        keys.append(Array(bytes))
        hashes.append(hash)
        values.append(value)
        place(index: keys.count - 1)
    }

    private mutating func place(index: Int) {
        var slot = Int(truncatingIfNeeded: hashes[index]) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index)
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for index in keys.indices { place(index: index) }
    }
}

/// An open-addressing map from 64-bit keys to integers (the import's tallies and the references seen so far).
/// Swift's Dictionary hashes every key with a seeded SipHash; these keys are already well mixed, so a
/// multiply-shift is enough and several times faster.
struct UInt64Table {
    private var keys: [UInt64]
    private var values: [Int]
    private var shift: UInt64
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        var bits: UInt64 = 4
        while size < capacity * 2 {
            size <<= 1
            bits += 1
        }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        shift = 64 - bits
    }

    /// 0 marks an empty slot, so a real key of 0 is stored as 1 (a 1-in-2^64 merge, harmless for tallies).
    @inline(__always) private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }
    @inline(__always) private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Adds `delta` to the key's value (0 if new).
    mutating func add(_ key: UInt64, _ delta: Int) {
        let key = Self.stored(key)
        var i = slot(key)
        let mask = keys.count - 1
        while true {
            let k = keys[i]
            if k == key {
                values[i] += delta
                return
            }
            if k == 0 {
                keys[i] = key
                values[i] = delta
                count += 1
                if count * 2 > keys.count { grow() }
                return
            }
            i = (i + 1) & mask
        }
    }

    /// Stores the value unless the key is there already; returns true when it was there.
    mutating func insertIfAbsent(_ key: UInt64, _ value: Int) -> Bool {
        let key = Self.stored(key)
        var i = slot(key)
        let mask = keys.count - 1
        while true {
            let k = keys[i]
            if k == key { return true }
            if k == 0 {
                keys[i] = key
                values[i] = value
                count += 1
                if count * 2 > keys.count { grow() }
                return false
            }
            i = (i + 1) & mask
        }
    }

    /// The key's value, or nil.
    func get(_ key: UInt64) -> Int? {
        let key = Self.stored(key)
        var i = slot(key)
        let mask = keys.count - 1
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Every key with a non-zero value, in ascending key order.
    func sortedNonZero() -> [(UInt64, Int)] {
        var result: [(UInt64, Int)] = []
        result.reserveCapacity(count)
        for i in keys.indices where keys[i] != 0 && values[i] != 0 { result.append((keys[i], values[i])) }
        return result.sorted { $0.0 < $1.0 }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        values = Array(repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for i in oldKeys.indices where oldKeys[i] != 0 { add(oldKeys[i], oldValues[i]) }
    }
}
