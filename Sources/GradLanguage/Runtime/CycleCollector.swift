// A cycle collector for the values that can hold other values.
//
// Values are freed by ARC, as CPython frees objects by reference counting. A
// reference cycle is never freed that way, and micrograd makes one per node:
//
//   out ──▶ its attributes ──▶ _backward (a closure) ──▶ the frame of __add__ ──▶ out
//
// so without help every training step's graph would stay in memory. The
// collector here is CPython's `gc` in one generation:
//
//   1. Every container that can hold values (lists, tuples, dicts, sets,
//      instances, bound methods, functions and the frames closures captured) is
//      tracked by the heap of the interpreter that made it.
//   2. refs(o) = o's strong reference count − the references tracked objects
//      hold to o. An object with refs > 0 is referenced from outside the tracked
//      world: a global, a running frame, a Swift local in the middle of an
//      expression, a runtime object of the bindings. Those are the roots.
//   3. Everything reachable from a root survives. The rest is cyclic garbage:
//      its references are dropped (gcClear), and ARC frees it.
//
// Counting references instead of enumerating roots is what makes this safe:
// nothing has to list the roots, so a value held anywhere the collector cannot
// see (a binding's object, a value half-way through `a + f(b)`) counts as a
// root. A runtime object that is not tracked never has its references counted
// as internal, so whatever it holds stays alive.
//
// Counts must never be too high (an internal reference counted twice could make
// a live object look collectable), so before counting each tracked object makes
// the arrays it holds its own: Swift shares array buffers between copies, and a
// buffer shared by two holders holds its elements once.

import Foundation

/// The Swift runtime's strong reference count of an object (its retains + 1).
@_silgen_name("swift_retainCount")
private func swiftRetainCount(_ object: UnsafeMutableRawPointer) -> Int

/// A heap value that can hold other values, tracked by the cycle collector.
///
/// Subclasses report each tracked object they hold a strong reference to (`gcTraverse`),
/// make the buffers of references they hold unshared (`gcMakeUnique`) and drop their
/// references when found to be garbage (`gcClear`).
public class GCObject {
  /// The heap tracking this object, nil when untracked.
  unowned(unsafe) var gcHeap: GCHeap?
  /// This object's place in its heap's list.
  var gcIndex = -1

  /// A tracked object (when an interpreter is running on this thread).
  init() {
    GCHeap.trackInCurrent(self)
  }

  /// An object tracked only once it may take part in a cycle (a frame, when a closure
  /// captures it).
  init(untracked: Void) {}

  deinit {
    if let heap = gcHeap { heap.untrack(self) }
  }

  /// Calls `visit` once for every strong reference this object holds to a `GCObject`.
  func gcTraverse(_ visit: (GCObject) -> Void) {}
  /// Gives every array of references this object holds a buffer of its own.
  func gcMakeUnique() {}
  /// Drops every reference this object holds: it is unreachable garbage.
  func gcClear() {}
}

extension RValue {
  /// The tracked object this value refers to directly, if any. A bound method of a
  /// built-in kind is an indirect enum payload (a box the collector cannot count), so its
  /// receiver is not reported: it then counts as referenced from outside, which only ever
  /// keeps it alive.
  var gcObject: GCObject? {
    switch self {
    case .list(let box): box
    case .dict(let d): d
    case .tuple(let t): t.box
    case .function(let f): f
    case .object(let o): o.collectable
    default: nil
    }
  }
}

/// The tracked objects of one interpreter, and the collector that frees their cycles.
public final class GCHeap {
  /// Every tracked object, unretained (the list must not keep anything alive).
  private var objects: [Unmanaged<GCObject>] = []
  /// Tracked objects made since the last collection.
  private(set) var allocationsSinceCollection = 0
  /// A collection runs when `allocationsSinceCollection` reaches this; it grows with the
  /// number of objects that survive, so collecting costs a constant amount per allocation
  /// however large the live set is (the role of CPython's generations).
  private(set) var threshold = GCHeap.minimumThreshold
  /// `gc.disable()` clears it; `gc.collect()` still runs.
  var isEnabled = true
  /// Collections run so far, and objects they freed.
  private(set) var collections = 0
  private(set) var collected = 0

  /// The interpreter that owns this heap (it lives as long as the heap).
  unowned(unsafe) var interpreter: Interpreter?

  /// The interpreter running on this thread, for code that must call back into the
  /// language without being handed it (hashing an instance with `__hash__`).
  static var currentInterpreter: Interpreter? {
    guard let pointer = pthread_getspecific(currentHeapKey) else { return nil }
    return Unmanaged<GCHeap>.fromOpaque(pointer).takeUnretainedValue().interpreter
  }

  /// The smallest threshold: below this many new objects a collection is not worth it.
  static let minimumThreshold = 20_000

  init() {}

  deinit {
    for object in objects {
      object._withUnsafeGuaranteedRef {
        $0.gcHeap = nil
        $0.gcIndex = -1
      }
    }
  }

  /// How many objects are tracked.
  var count: Int { objects.count }

  /// Whether enough objects were made since the last collection to run one.
  @inline(__always) var isDue: Bool { allocationsSinceCollection >= threshold && isEnabled }

  func track(_ object: GCObject) {
    guard object.gcHeap == nil else { return }
    object.gcHeap = self
    object.gcIndex = objects.count
    objects.append(.passUnretained(object))
    allocationsSinceCollection &+= 1
  }

  func untrack(_ object: GCObject) {
    let index = object.gcIndex
    let last = objects.count - 1
    guard index >= 0, index <= last else { return }
    if index != last {
      let moved = objects[last]
      objects[index] = moved
      moved._withUnsafeGuaranteedRef { $0.gcIndex = index }
    }
    objects.removeLast()
    object.gcHeap = nil
    object.gcIndex = -1
  }

  /// Frees every unreachable cycle; returns how many objects were freed.
  @discardableResult func collect() -> Int {
    allocationsSinceCollection = 0
    collections += 1
    let n = objects.count
    for object in objects { object._withUnsafeGuaranteedRef { $0.gcMakeUnique() } }
    // refs = strong count − references from tracked objects. The counts are read before
    // any Swift reference to the objects is made here, so none of ours is included.
    var refs = [Int](repeating: 0, count: n)
    for i in 0..<n { refs[i] = swiftRetainCount(objects[i].toOpaque()) }
    for i in 0..<n {
      objects[i]._withUnsafeGuaranteedRef { object in
        object.gcTraverse { child in
          if child.gcHeap === self { refs[child.gcIndex] -= 1 }
        }
      }
    }
    // Mark from the roots (refs ≠ 0: a negative count would be a miscount; keep it too).
    var reachable = [Bool](repeating: false, count: n)
    var pending: [Int] = []
    for i in 0..<n where refs[i] != 0 {
      reachable[i] = true
      pending.append(i)
    }
    while let i = pending.popLast() {
      objects[i]._withUnsafeGuaranteedRef { object in
        object.gcTraverse { child in
          if child.gcHeap === self, !reachable[child.gcIndex] {
            reachable[child.gcIndex] = true
            pending.append(child.gcIndex)
          }
        }
      }
    }
    // The rest is garbage: hold it while its references are dropped, then let ARC free it.
    var garbage: [GCObject] = []
    for i in 0..<n where !reachable[i] { garbage.append(objects[i].takeUnretainedValue()) }
    for object in garbage { object.gcClear() }
    let freed = garbage.count
    garbage = []
    collected += freed
    threshold = max(GCHeap.minimumThreshold, objects.count)
    return freed
  }

  // MARK: The heap of the running interpreter

  /// Objects made on this thread while `withCurrent` runs are tracked by this heap.
  func withCurrent<T>(_ body: () throws(ReplError) -> T) throws(ReplError) -> T {
    let previous = pthread_getspecific(currentHeapKey)
    pthread_setspecific(currentHeapKey, Unmanaged.passUnretained(self).toOpaque())
    defer { pthread_setspecific(currentHeapKey, previous) }
    return try body()
  }

  /// Tracks `object` in the heap of the interpreter running on this thread, if any.
  @inline(__always) static func trackInCurrent(_ object: GCObject) {
    guard let pointer = pthread_getspecific(currentHeapKey) else { return }
    Unmanaged<GCHeap>.fromOpaque(pointer)._withUnsafeGuaranteedRef { $0.track(object) }
  }
}

private let currentHeapKey: pthread_key_t = {
  var key = pthread_key_t()
  pthread_key_create(&key, nil)
  return key
}()
