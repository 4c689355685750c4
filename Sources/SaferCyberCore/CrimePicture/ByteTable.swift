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
            if hashes[index] == hash && keys[index].elementsEqual(bytes) { return values[index] }
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
