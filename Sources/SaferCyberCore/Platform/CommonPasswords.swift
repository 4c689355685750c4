/// Very common passwords (lower-case), refused when anyone sets a password.
/// Drawn from widely published lists of the most-used passwords in breaches, plus local words.
enum CommonPasswords {
    static let list: Set<String> = [
        "000000", "0987654321", "1111", "111111", "11111111", "112233", "1122334455", "121212",
        "123123", "123123123", "123321", "1234", "12341234", "12345", "123456", "1234567",
        "12345678", "123456789", "1234567890", "1234qwer", "123qwe", "131313", "159753", "1q2w3e4r",
        "1q2w3e4r5t", "1qaz2wsx", "2000", "555555", "654321", "666666", "696969", "777777",
        "7777777", "987654321", "aa123456", "aaaaaa", "abc123", "abcd1234", "abcdef", "abcdefgh",
        "access", "admin", "admin123", "administrator", "amanda", "andrew", "apple123", "arsenal",
        "asdf1234", "asdfgh", "asdfghjkl", "ashley", "austin", "autumn2026", "baseball", "batman",
        "batman123", "biteme", "buster", "changeme", "changeme123", "charlie", "cheese", "chelsea",
        "chelsea1", "computer", "computer1", "council", "council123", "cricket", "cybersecurity", "dallas",
        "daniel", "default", "demo-password", "demopassword", "dorothy", "dragon", "dragon123", "durham",
        "durham123", "england", "football", "football1", "fortnite", "freedom", "george", "ginger",
        "google", "guest", "harley", "hello", "hello123", "hockey", "hunter", "iloveyou",
        "iloveyou1", "internet", "jennifer", "jessica", "jordan", "joshua", "killer", "klaster",
        "letmein", "letmein1", "letmein123", "liverpool", "london", "london123", "love", "maggie",
        "manchester", "master", "master123", "matrix", "matthew", "michael", "michelle", "minecraft",
        "monkey", "monkey123", "mustang", "nicole", "p@ssw0rd", "p@ssword", "pass", "passw0rd",
        "password", "password1", "password12", "password123", "password2024", "password2025", "password2026",
        "passwordpassword",
        "pepper", "pokemon", "police", "police123", "princess", "princess1", "q1w2e3r4", "q1w2e3r4t5",
        "qazwsx", "qwer1234", "qwerty", "qwerty1", "qwerty123", "qwertyuiop", "qwertyuiop123", "ranger",
        "robert", "roblox", "rugby", "safercyber", "safercyber123", "samsung", "secret", "secret123",
        "security", "security123", "service", "shadow", "shadow123", "soccer", "spring2026", "starwars",
        "starwars1", "summer", "summer2026", "sunshine", "sunshine1", "superman", "superman1", "taylor",
        "test", "test123", "testing", "thomas", "thunder", "tigger", "trustno1", "welcome",
        "welcome1", "welcome123", "whatever", "winter2026", "yankees", "zaq12wsx", "zxcvbn", "zxcvbnm",
    ]
}
