import Testing
import GradREPL

@Test func smoke() {
  for _ in 0..<3 {
  let t = transcript([
    "x = [1, 2]", "x", "y = 3", "y", "z = [i for i in range(3)]", "z", "x",
  ])
  print(t.debugDescription)
  }
}
