// Gate nonlinearities over whole rows. float32 goes through GradTensor's FloatVector (sixteen
// lanes on AVX-512, eight otherwise; glibc's tanhf goes through expm1f one value at a time and
// was a fifth of an LSTM step); float64 stays scalar and exact.
import GradTensor

extension KernelScalar {
  /// σ applied in place to `count` values.
  static func sigmoid(_ p: UnsafeMutablePointer<Self>, count: Int) {
    if Self.self == Float.self {
      let f = UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
      FloatVector.sigmoid(f, f, count: count)
    } else {
      for i in 0..<count { p[i] = sigmoid(p[i]) }
    }
  }

  /// tanh applied in place to `count` values.
  static func tanh(_ p: UnsafeMutablePointer<Self>, count: Int) {
    if Self.self == Float.self {
      let f = UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
      FloatVector.tanh(f, f, count: count)
    } else {
      for i in 0..<count { p[i] = tanh(p[i]) }
    }
  }
}
