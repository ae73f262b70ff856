// Starred assignment and the richer f-string fields.
//
// `first, *rest = xs` gives the targets before the star one item each, the
// targets after it one item each from the end, and the starred name a list of
// what is left in between (possibly empty), as in Python.

extension Expr {
  /// Whether this is `*target` (or `*items` in a display).
  var isStarred: Bool {
    if case .starred = self { return true }
    return false
  }
}

extension Interpreter {
  /// `a, *b, c = value`: the parser has checked that exactly one target is starred.
  func assignStarred(_ targets: [Expr], _ value: RValue, _ f: Frame, at p: SourcePosition)
    throws(ReplError)
  {
    let items: [RValue]
    do { items = try collect(value) } catch {
      if error.kind == "TypeError" {
        throw ReplError.type("cannot unpack non-iterable \(value.typeName) object").located(at: p)
      }
      throw error.located(at: p)
    }
    guard let star = targets.firstIndex(where: \.isStarred) else { return }
    let after = targets.count - star - 1
    guard items.count >= targets.count - 1 else {
      throw ReplError.value(
        "not enough values to unpack (expected at least \(targets.count - 1), got \(items.count))"
      ).located(at: p)
    }
    for k in 0..<star { try assign(targets[k], items[k], f) }
    if case .starred(let inner, _) = targets[star] {
      try assign(inner, .list(ListBox(Array(items[star..<(items.count - after)]))), f)
    }
    for k in 0..<after {
      try assign(targets[star + 1 + k], items[items.count - after + k], f)
    }
  }

  // These live outside `eval` so that its frame, which every nested expression adds to the
  // stack, stays as small as it was.

  /// `yield`, `yield from`, `:=`, a misplaced `*x` and generator expressions.
  @inline(never)
  func evalGeneratorsAndBindings(_ e: Expr, _ f: Frame) throws(ReplError) -> RValue {
    switch e {
    case .yield(let valueExpr, let p):
      let value = try valueExpr.map { (e) throws(ReplError) in try eval(e, f) } ?? .none
      do { return try yieldValue(value, in: f) } catch { throw error.located(at: p) }
    case .yieldFrom(let iterableExpr, let p):
      let iterable = try eval(iterableExpr, f)
      do { return try yieldEach(of: iterable, in: f) } catch { throw error.located(at: p) }
    case .namedExpression(let site, let valueExpr, _):
      let value = try eval(valueExpr, f)
      try store(site, value, f)
      return value
    case .generatorExpression(let element, let clauses, let p):
      do { return try generatorExpression(element, clauses, f) } catch {
        throw error.located(at: p)
      }
    default:
      throw ReplError.syntax("can't use starred expression here", at: e.position)
    }
  }

  /// `*items` inside a list or tuple display: appends every item.
  @inline(never)
  func spread(_ item: Expr, into values: inout [RValue], _ f: Frame) throws(ReplError) {
    guard case .starred(let spread, let p) = item else { return }
    do { values += try collect(try eval(spread, f)) } catch { throw error.located(at: p) }
  }

  /// `*items` inside a set display: inserts every item.
  @inline(never)
  func spread(_ item: Expr, into set: SetObject, _ f: Frame) throws(ReplError) {
    var values: [RValue] = []
    try spread(item, into: &values, f)
    do { for v in values { try set.insert(v) } } catch { throw error.located(at: item.position) }
  }

  /// An f-string `.richField` part.
  @inline(never)
  func formatRichField(_ part: FormatPart, _ f: Frame, _ p: SourcePosition) throws(ReplError)
    -> String
  {
    guard case .richField(let e, let spec, let conversion, let label) = part else { return "" }
    return try formatRichField(e, spec: spec, conversion: conversion, label: label, f, p)
  }

  /// An f-string field with `!s`, a self-documenting `=` or a spec with fields inside.
  ///
  /// `{x=}` shows `x=` and then the repr (as `!r`), unless a spec or a conversion says
  /// otherwise: `{x=:.3f}` formats the value, `{x=!s}` shows its str.
  func formatRichField(
    _ e: Expr, spec: [FormatPart]?, conversion: Character?, label: String?, _ f: Frame,
    _ p: SourcePosition
  ) throws(ReplError) -> String {
    let value = try eval(e, f)
    var specText = ""
    for part in spec ?? [] {
      switch part {
      case .text(let s): specText += s
      case .field(let nested, let nestedSpec, let useRepr):
        let v = try eval(nested, f)
        do { specText += try format(v, spec: nestedSpec ?? "", useRepr: useRepr) } catch {
          throw error.located(at: p)
        }
      case .richField(let nested, let nestedSpec, let nestedConversion, let nestedLabel):
        specText += try formatRichField(
          nested, spec: nestedSpec, conversion: nestedConversion, label: nestedLabel, f, p)
      }
    }
    let useRepr = conversion == "r" || (conversion == nil && label != nil && spec == nil)
    do {
      if conversion == "s" {
        return (label ?? "") + (try format(.str(str(value)), spec: specText))
      }
      return (label ?? "") + (try format(value, spec: specText, useRepr: useRepr))
    } catch { throw error.located(at: p) }
  }
}
