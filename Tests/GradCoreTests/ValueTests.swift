import Foundation
import Testing

@testable import GradCore

@Test func lectureExample() {
  let a = Value(2.0, label: "a")
  let b = Value(-3.0, label: "b")
  let c = a * b + a.tanh()
  c.backward()
  let t = tanh(2.0)
  #expect(abs(a.grad - (b.data + (1 - t * t))) < 1e-12)
  #expect(abs(b.grad - a.data) < 1e-12)
}
