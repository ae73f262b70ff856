// A tensor of complex numbers z = x + iy, kept as two real tensors of the same shape: the
// real parts x and the imaginary parts y. It is what an eigenvalue routine returns (a real
// matrix can have complex eigenvalues), not a dtype of the engine: no arithmetic and no
// autograd, only the parts, the modulus, the argument, the conjugate and PyTorch's printing.
//
//   |z| = √(x² + y²)      arg z = atan2(y, x) ∈ (−π, π]      z̄ = x − iy
//
// complex64 is a pair of float32 parts, complex128 a pair of float64 parts.

import Foundation

/// Complex numbers as real and imaginary parts (`torch.complex64` / `torch.complex128`).
public struct ComplexTensor {
  /// The real parts x.
  public let real: Tensor
  /// The imaginary parts y, the same shape and dtype as `real`.
  public let imag: Tensor

  /// The complex tensor x + iy.
  /// - Parameters:
  ///   - real: the real parts, float32 or float64.
  ///   - imag: the imaginary parts, of the same shape and dtype.
  public init(real: Tensor, imag: Tensor) throws {
    guard real.shape == imag.shape, real.dtype == imag.dtype, real.dtype.isFloatingPoint else {
      throw TensorError(
        .shapeMismatch,
        "complex: real and imaginary parts must be floating-point tensors of one shape and "
          + "dtype, got \(shapeString(real.shape)) \(real.dtype.torchName) and "
          + "\(shapeString(imag.shape)) \(imag.dtype.torchName)")
    }
    self.real = real
    self.imag = imag
  }

  public var shape: [Int] { real.shape }
  public var ndim: Int { real.ndim }
  public var count: Int { real.count }
  /// The dtype of each part: float32 for complex64, float64 for complex128.
  public var partDType: DType { real.dtype }

  /// PyTorch's name of the complex dtype: `torch.complex64` or `torch.complex128`.
  public var torchDTypeName: String {
    partDType == .float64 ? "torch.complex128" : "torch.complex64"
  }

  /// |z| = √(x² + y²), elementwise, as a real tensor (`hypot` avoids overflow in x²).
  public func abs() throws -> Tensor {
    let (x, y) = (try real.contiguous().toDoubleArray(), try imag.contiguous().toDoubleArray())
    return try Tensor(zip(x, y).map { Foundation.hypot($0, $1) }, shape: shape, dtype: partDType)
  }

  /// arg z = atan2(y, x), elementwise, in (−π, π].
  public func angle() throws -> Tensor {
    let (x, y) = (try real.contiguous().toDoubleArray(), try imag.contiguous().toDoubleArray())
    return try Tensor(zip(x, y).map { Foundation.atan2($1, $0) }, shape: shape, dtype: partDType)
  }

  /// z̄ = x − iy (a zero imaginary part becomes −0, as PyTorch prints it: `1.-0.j`).
  public func conj() throws -> ComplexTensor {
    let y = try imag.contiguous().toDoubleArray()
    return try ComplexTensor(
      real: real, imag: try Tensor(y.map { -$0 }, shape: shape, dtype: partDType))
  }
}

extension ComplexTensor: CustomStringConvertible {
  /// The same text PyTorch prints: `tensor([ 2.0000+0.0000j, -1.0000+1.4142j])`.
  ///
  /// PyTorch formats the real parts and the imaginary parts each with its own choice of
  /// fixed, integer-valued or scientific notation (the rules of a real tensor); the real
  /// parts are right-aligned to a common width and the imaginary part follows with its sign.
  public var description: String {
    var suffixes: [String] = []
    let indent = 7  // "tensor(".count
    let body: String
    if count == 0 {
      if ndim != 1 { suffixes.append("size=\(shapeString(shape))") }
      suffixes.append("dtype=\(torchDTypeName)")
      body = "[]"
    } else {
      if partDType == .float64 { suffixes.append("dtype=\(torchDTypeName)") }
      // Fresh contiguous copies: a 0-d view's storage offset is then its flat position.
      let x = (try? real.contiguous().toDoubleArray()) ?? []
      let y = (try? imag.contiguous().toDoubleArray()) ?? []
      let layout = (try? Tensor(x, shape: shape, dtype: .float64)) ?? real
      let imagLayout = (try? Tensor(y, shape: shape, dtype: .float64)) ?? imag
      let summarize = count > PrintOptions.threshold
      var shownReal: [Double] = []
      var shownImag: [Double] = []
      layout.collectValues(summarize: summarize, into: &shownReal)
      imagLayout.collectValues(summarize: summarize, into: &shownImag)
      let realFormat = ValueFormatter(values: shownReal, dtype: partDType)
      let imagFormat = ValueFormatter(values: shownImag, dtype: partDType)
      // Each element: the padded real part, then the imaginary part unpadded, signed and
      // followed by j; the line-filling width counts both parts and the j.
      body = layout.formatted(
        indent: indent, summarize: summarize,
        elementWidth: realFormat.width + imagFormat.width + 1
      ) { element in
        let k = element.storageOffset
        let realText = realFormat.format(x[k])
        let imagText = String((imagFormat.format(y[k]) + "j").drop(while: { $0 == " " }))
        let signed = imagText.first == "-" || imagText.first == "+"
        return realText + (signed ? "" : "+") + imagText
      }
    }
    return Tensor.tensorText(body: body, suffixes: suffixes, indent: indent)
  }
}
