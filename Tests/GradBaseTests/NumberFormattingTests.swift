import GradBase
import Testing

@Suite struct NumberFormattingTests {
  @Test func digitsGroupInThrees() {
    #expect(groupedThousands(0) == "0")
    #expect(groupedThousands(999) == "999")
    #expect(groupedThousands(1_000) == "1,000")
    #expect(groupedThousands(1_234_567) == "1,234,567")
    #expect(groupedThousands(-1_000) == "-1,000")
    #expect(groupedThousands(Int.min) == "-9,223,372,036,854,775,808")
  }
}
