// `...`, Python's Ellipsis: one object, written `...` or `Ellipsis`. Indexing uses it
// for "every dimension in between" (`x[..., 0]`), and a body of `...` does nothing.

/// The one Ellipsis value.
public final class EllipsisObject: RuntimeObject, Sendable {
  public static let shared = EllipsisObject()
  private init() {}
  public var typeName: String { "ellipsis" }
  public func repr() -> String { "Ellipsis" }
}
