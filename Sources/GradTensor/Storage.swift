// Storage: one flat, aligned buffer that many tensor views can share.
import Foundation

/// A flat buffer of elements shared by a tensor and all of its views.
///
/// In-place operations write here, so every view sees them: the lecture's "tensor and NumPy
/// share memory" lesson.
public final class TensorStorage: @unchecked Sendable {
  let pointer: UnsafeMutableRawPointer
  /// Number of elements.
  public let count: Int
  public let dtype: DType

  /// Allocates `count` elements of `dtype`, refusing sizes above `MemoryLimit.bytes`.
  init(count: Int, dtype: DType, zeroed: Bool) throws {
    let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
    guard count >= 0, !overflow else {
      throw TensorError(
        .memory, "cannot allocate \(count) elements of \(dtype.torchName): size overflows")
    }
    let limit = MemoryLimit.bytes
    guard bytes <= limit else {
      throw TensorError(
        .memory,
        "tensor of \(count) elements (\(bytes) bytes) exceeds the memory cap of \(limit) bytes; "
          + "use a smaller shape or raise MemoryLimit.bytes")
    }
    pointer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: 64)
    if zeroed { pointer.initializeMemory(as: UInt8.self, repeating: 0, count: max(bytes, 1)) }
    self.count = count
    self.dtype = dtype
  }

  deinit { pointer.deallocate() }

  @inline(__always) func typed<T>(_: T.Type) -> UnsafeMutablePointer<T> {
    pointer.assumingMemoryBound(to: T.self)
  }
}

/// The largest tensor, in bytes, the engine will allocate.
///
/// Defaults to half of physical memory so that an accidental `zeros([100000, 100000])` is an
/// error message rather than the operating system killing the process.
public enum MemoryLimit {
  private static let store = Locked<Int>(Int(clamping: ProcessInfo.processInfo.physicalMemory / 2))

  /// The cap in bytes (settable).
  public static var bytes: Int {
    get { store.value }
    set { store.value = max(0, newValue) }
  }
}

/// A value guarded by a lock, for the engine's few process-wide settings.
final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value

  init(_ value: Value) { stored = value }

  var value: Value {
    get {
      lock.lock()
      defer { lock.unlock() }
      return stored
    }
    set {
      lock.lock()
      stored = newValue
      lock.unlock()
    }
  }

  func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
    lock.lock()
    defer { lock.unlock() }
    return try body(&stored)
  }
}
