// Runtime values of the language.
//
// The common kinds (numbers, strings, lists, micrograd Values) are enum cases
// so arithmetic on them is a switch, not a dictionary lookup. Everything else
// (models, modules, tensors later) is an `.object` implementing `RuntimeObject`
// in its own file.

import Foundation
import GradCore

/// A value in the running program.
public enum RValue {
  case none
  case bool(Bool)
  case int(Int)
  case float(Double)
  case str(String)
  /// micrograd's scalar autograd node, native.
  case value(Value)
  case list(ListBox)
  case tuple(TupleItems)
  case dict(DictBox)
  case range(RangeValue)
  case function(FunctionObject)
  case builtin(BuiltinFunction)
  /// A method bound to its receiver, e.g. `f = a.backward`.
  indirect case boundMethod(receiver: RValue, name: String)
  case object(any RuntimeObject)

  /// Python's type name: `int`, `float`, `Value`, `list`, ...
  public var typeName: String {
    switch self {
    case .none: "NoneType"
    case .bool: "bool"
    case .int: "int"
    case .float: "float"
    case .str: "str"
    case .value: "Value"
    case .list: "list"
    case .tuple: "tuple"
    case .dict: "dict"
    case .range: "range"
    case .function: "function"
    case .builtin: "builtin_function_or_method"
    case .boundMethod: "method"
    case .object(let o): o.typeName
    }
  }

  /// Python truthiness: zero, empty and None are false.
  public var isTruthy: Bool {
    switch self {
    case .none: false
    case .bool(let b): b
    case .int(let n): n != 0
    case .float(let x): x != 0
    case .str(let s): !s.isEmpty
    case .list(let l): !l.items.isEmpty
    case .tuple(let t): !t.isEmpty
    case .dict(let d): d.count > 0
    case .range(let r): r.count > 0
    case .value, .function, .builtin, .boundMethod: true
    case .object(let o): o.isTruthy
    }
  }

  /// The number as a Double, for ints, floats and bools.
  public var asDouble: Double? {
    switch self {
    case .int(let n): Double(n)
    case .float(let x): x
    case .bool(let b): b ? 1 : 0
    default: nil
    }
  }

  /// The integer, for ints and bools.
  public var asInt: Int? {
    switch self {
    case .int(let n): n
    case .bool(let b): b ? 1 : 0
    default: nil
    }
  }
}

/// A mutable list, shared by reference as in Python.
public final class ListBox: GCObject {
  public var items: [RValue]

  public init(_ items: [RValue]) {
    self.items = items
    super.init()
  }

  override func gcTraverse(_ visit: (GCObject) -> Void) {
    for item in items { if let o = item.gcObject { visit(o) } }
  }
  override func gcMakeUnique() { items.withUnsafeMutableBufferPointer { _ in } }
  override func gcClear() {
    var old = items
    items = []
    releaseIteratively(&old)
  }

  // Releasing a deeply nested list (`a = [a]` a million times) would otherwise
  // recurse once per level; take nested containers apart iteratively instead.
  deinit { releaseIteratively(&items) }
}

extension RValue {
  /// Whether releasing this value may free a chain of further values (containers,
  /// functions holding frames), which must then be released iteratively.
  var mayHoldChain: Bool {
    switch self {
    case .list, .dict, .tuple, .boundMethod, .function: true
    default: false
    }
  }
}

/// Empties `items` (and takes over `objects`), releasing nested lists, dicts, tuples and
/// closures one level at a time, so that freeing a structure nested a million deep never
/// recurses a million deep.
///
/// The first container to die on a thread drains a queue; containers that die while it is
/// draining (their last owner was in the queue) only add their contents to the queue, so
/// the recursion stays a few levels deep whatever the nesting. Callers move their contents
/// in: the queue must hold the last reference.
func releaseIteratively(_ items: inout [RValue], also objects: [AnyObject] = []) {
  guard !objects.isEmpty || items.contains(where: \.mayHoldChain) else { return }
  let queue = ReleaseQueue.current
  queue.pending.append(contentsOf: items)
  items = []
  queue.objects.append(contentsOf: objects)
  if queue.isDraining { return }
  queue.isDraining = true
  while true {
    // Each value or object is released at the end of its iteration; one that dies then
    // adds its contents to the queue instead of releasing them itself.
    if let item = queue.pending.popLast() {
      _ = item
    } else if let object = queue.objects.popLast() {
      _ = object
    } else {
      break
    }
  }
  queue.isDraining = false
}

/// Per-thread queue of values waiting to be released (see `releaseIteratively`).
final class ReleaseQueue {
  var pending: [RValue] = []
  var objects: [AnyObject] = []
  var isDraining = false

  static var current: ReleaseQueue {
    if let p = pthread_getspecific(releaseQueueKey) {
      return Unmanaged<ReleaseQueue>.fromOpaque(p).takeUnretainedValue()
    }
    let queue = ReleaseQueue()
    pthread_setspecific(releaseQueueKey, Unmanaged.passRetained(queue).toOpaque())
    return queue
  }
}

private let releaseQueueKey: pthread_key_t = {
  var key = pthread_key_t()
  pthread_key_create(&key) { pointer in
    if let pointer { Unmanaged<ReleaseQueue>.fromOpaque(pointer).release() }
  }
  return key
}()

/// A tuple's items: an immutable sequence, stored in a box so that freeing tuples nested a
/// million deep does not recurse (see `releaseIteratively`).
public struct TupleItems: RandomAccessCollection, ExpressibleByArrayLiteral {
  final class Box: GCObject {
    var items: [RValue]
    init(_ items: [RValue]) {
      self.items = items
      super.init()
    }
    deinit { releaseIteratively(&items) }

    override func gcTraverse(_ visit: (GCObject) -> Void) {
      for item in items { if let o = item.gcObject { visit(o) } }
    }
    override func gcMakeUnique() { items.withUnsafeMutableBufferPointer { _ in } }
    override func gcClear() {
      var old = items
      items = []
      releaseIteratively(&old)
    }
  }
  fileprivate(set) var box: Box

  public init(_ items: [RValue]) { box = Box(items) }
  public init(arrayLiteral elements: RValue...) { box = Box(elements) }

  public var startIndex: Int { 0 }
  public var endIndex: Int { box.items.count }
  public subscript(position: Int) -> RValue { box.items[position] }
  /// The items as an array.
  public var array: [RValue] { box.items }
}

/// A dict that keeps insertion order, as Python's does.
public final class DictBox: GCObject {
  /// The keys, in insertion order.
  public private(set) var keys: [RValue] = []
  /// The values, in the order of their keys.
  public private(set) var values: [RValue] = []
  private var index: [DictKey: Int] = [:]

  public override init() { super.init() }

  var count: Int { index.count }

  override func gcTraverse(_ visit: (GCObject) -> Void) {
    for key in keys { if let o = key.gcObject { visit(o) } }
    for value in values { if let o = value.gcObject { visit(o) } }
  }
  override func gcMakeUnique() {
    keys.withUnsafeMutableBufferPointer { _ in }
    values.withUnsafeMutableBufferPointer { _ in }
  }
  override func gcClear() {
    var all = takeAll()
    releaseIteratively(&all)
  }

  /// The value stored under `key`, or nil; a TypeError for an unhashable key.
  public func get(_ key: RValue) throws(ReplError) -> RValue? {
    guard let i = index[try DictKey(key)] else { return nil }
    return values[i]
  }

  /// Stores `value` under `key`, keeping the key's first place if it was there already.
  public func set(_ key: RValue, _ value: RValue) throws(ReplError) {
    let k = try DictKey(key)
    if let i = index[k] {
      values[i] = value
    } else {
      index[k] = keys.count
      keys.append(key)
      values.append(value)
    }
  }

  /// Empties the dict, handing back its keys and values.
  func takeAll() -> [RValue] {
    let all = keys + values
    keys = []
    values = []
    index = [:]
    return all
  }

  deinit {
    var all = takeAll()
    releaseIteratively(&all)
  }

  func remove(_ key: RValue) throws(ReplError) -> RValue? {
    let k = try DictKey(key)
    guard let i = index[k] else { return nil }
    let value = values[i]
    keys.remove(at: i)
    values.remove(at: i)
    index = [:]
    for (position, key) in keys.enumerated() {
      if let dk = try? DictKey(key) { index[dk] = position }
    }
    return value
  }
}

/// A hashable view of a dict key: numbers that compare equal hash equal (1 == 1.0 == True).
struct DictKey: Hashable {
  private enum Key: Hashable {
    case none
    case int(Int)
    case float(Double)
    case str(String)
    case node(Value)
    case identity(ObjectIdentifier)
    case tuple([DictKey])
    /// An instance whose class defines `__hash__` (equal keys: `__eq__` says so).
    case instance(InstanceKey)
  }
  private let key: Key

  /// Tuples used as keys nest at most this deep.
  static let maximumDepth = 100

  init(_ value: RValue, depth: Int = 0) throws(ReplError) {
    switch value {
    case .none: key = .none
    case .bool(let b): key = .int(b ? 1 : 0)
    case .int(let n): key = .int(n)
    case .float(let x):
      if x == x.rounded(), let n = Int(exactly: x) { key = .int(n) } else { key = .float(x) }
    case .str(let s): key = .str(s)
    case .value(let v): key = .node(v)
    case .tuple(let items):
      guard depth < DictKey.maximumDepth else {
        throw .type("tuple nested more than \(DictKey.maximumDepth) deep cannot be a dict key")
      }
      var keys: [DictKey] = []
      for item in items { keys.append(try DictKey(item, depth: depth + 1)) }
      key = .tuple(keys)
    case .function(let f): key = .identity(ObjectIdentifier(f))
    case .object(let o as InstanceObject) where o.cls.hashesByIdentity:
      key = .identity(ObjectIdentifier(o))
    case .object(let o as InstanceObject):
      switch o.cls.lookup("__hash__") {
      case .none?:
        throw .type("unhashable type: '\(o.cls.name)'")
      case .function?, .object?:
        guard let interpreter = GCHeap.currentInterpreter,
          let h = try interpreter.callDunder(o, "__hash__", [])
        else {
          key = .identity(ObjectIdentifier(o))
          return
        }
        guard let n = h.asInt else {
          throw .type("__hash__ method should return an integer")
        }
        key = .instance(InstanceKey(hash: n, object: o))
      default: key = .identity(ObjectIdentifier(o))
      }
    case .object(let o): key = .identity(ObjectIdentifier(o))
    default:
      throw .type("unhashable type: '\(value.typeName)'")
    }
  }
}

/// A dict key for an instance with its own `__hash__`: equal hashes are then asked
/// `__eq__`. The instance is held unowned: the dict or set holding the key holds it too.
struct InstanceKey: Hashable {
  let hash: Int
  unowned(unsafe) let object: InstanceObject

  static func == (a: InstanceKey, b: InstanceKey) -> Bool {
    if a.object === b.object { return true }
    guard let interpreter = GCHeap.currentInterpreter else { return false }
    return (try? interpreter.equals(.object(a.object), .object(b.object))) ?? false
  }

  func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

/// `range(start, stop, step)`, lazy.
public struct RangeValue {
  let start: Int
  let stop: Int
  let step: Int

  /// How many numbers it yields (0 when empty): ⌈(stop − start) / step⌉, computed on
  /// magnitudes so that no extreme bound or step can overflow.
  public var count: Int {
    guard step > 0 ? start < stop : start > stop else { return 0 }
    let span = step > 0 ? UInt(bitPattern: stop &- start) : UInt(bitPattern: start &- stop)
    let n = (span - 1) / step.magnitude + 1
    return n > UInt(Int.max) ? Int.max : Int(n)
  }

  /// Whether `n` is one of the numbers.
  func contains(_ n: Int) -> Bool {
    guard step > 0 ? (n >= start && n < stop) : (n <= start && n > stop) else { return false }
    let offset = step > 0 ? UInt(bitPattern: n &- start) : UInt(bitPattern: start &- n)
    return offset % step.magnitude == 0
  }

  /// The k-th number (k < count).
  public func element(_ k: Int) -> Int { start &+ k &* step }
}
