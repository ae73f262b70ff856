import Testing

@testable import GradLanguage

/// `...` is Python's Ellipsis: one value, also named `Ellipsis`, usable as a body that does
/// nothing and passed to `__getitem__` as it is.
@Suite struct EllipsisTests {
  @Test func itIsOneValueWithPythonsRepr() {
    #expect(eval("...") == "Ellipsis")
    #expect(eval("... is Ellipsis") == "True")
    #expect(eval("type(...).__name__") == "'ellipsis'")
  }

  @Test func aBodyOfEllipsisDoesNothing() {
    let out = run(
      """
      def todo(): ...
      class Later:
          ...
      print(todo(), type(Later()).__name__)
      """)
    #expect(out == "None Later\n")
  }

  @Test func getitemReceivesIt() {
    let out = run(
      """
      class Grid:
          def __getitem__(self, key):
              return key
      print(Grid()[..., 0], Grid()[...])
      """)
    #expect(out == "(Ellipsis, 0) Ellipsis\n")
  }
}
