// Numbers as people read them in tables and messages.

/// An integer with its digits in groups of three: 1234567 → "1,234,567", -1000 → "-1,000".
///
/// Always a comma, whatever the locale, so printed figures and tests read the same on every
/// machine.
public func groupedThousands(_ n: Int) -> String {
  let digits = String(n.magnitude)
  var out = ""
  for (k, ch) in digits.enumerated() {
    if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
    out.append(ch)
  }
  return n < 0 ? "-" + out : out
}
