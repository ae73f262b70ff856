// Storage: one flat, aligned buffer that many tensor views can share.
import Foundation
import GradBase

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
    pointer = BufferPool.take(bytes: max(bytes, 1))
    if zeroed { pointer.initializeMemory(as: UInt8.self, repeating: 0, count: max(bytes, 1)) }
    self.count = count
    self.dtype = dtype
  }

  deinit { BufferPool.give(pointer, bytes: max(count * dtype.byteSize, 1)) }

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

/// A scratch buffer of kernel scalars for a fused kernel's intermediate values (its tape),
/// taken from the engine's `BufferPool` and given back when its owner frees it.
public final class ScratchBuffer<S: KernelScalar> {
  /// The first of `count` elements (at least one element is allocated, 64-byte aligned).
  public let pointer: UnsafeMutablePointer<S>
  /// Number of elements.
  public let count: Int
  private let bytes: Int

  /// Takes `count` elements from the pool, set to zero unless `zeroed` is false.
  public init(count: Int, zeroed: Bool = true) {
    self.count = max(count, 0)
    bytes = max(count, 1) * MemoryLayout<S>.stride
    pointer = BufferPool.take(bytes: bytes).bindMemory(to: S.self, capacity: max(count, 1))
    if zeroed { pointer.initialize(repeating: 0, count: max(count, 1)) }
  }

  deinit { BufferPool.give(UnsafeMutableRawPointer(pointer), bytes: bytes) }
}

/// Reuses large buffers of exactly the same size, for tensor storage and fused kernels'
/// scratch buffers alike.
///
/// A training loop allocates the same shapes every step; handing the system allocator a
/// megabyte and taking it back each time costs page faults (the memory is unmapped and mapped
/// again), more than the gate arithmetic of a recurrent step. Freed buffers of at least 16 KiB
/// are kept, up to a total of 384 MiB, and handed out again for the next request of that size.
enum BufferPool {
  private static let minimumBytes = 16 * 1024
  private static let capacityBytes = 384 * 1024 * 1024
  private static let state = Locked<(free: [Int: [UnsafeMutableRawPointer]], cached: Int)>(
    ([:], 0))

  static func take(bytes: Int) -> UnsafeMutableRawPointer {
    if bytes >= minimumBytes {
      let reused = state.withLock { s -> UnsafeMutableRawPointer? in
        guard let p = s.free[bytes]?.popLast() else { return nil }
        s.cached -= bytes
        return p
      }
      if let reused { return reused }
    }
    return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
  }

  static func give(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
    if bytes >= minimumBytes {
      let kept = state.withLock { s -> Bool in
        guard s.cached + bytes <= capacityBytes else { return false }
        s.free[bytes, default: []].append(pointer)
        s.cached += bytes
        return true
      }
      if kept { return }
    }
    pointer.deallocate()
  }
}
