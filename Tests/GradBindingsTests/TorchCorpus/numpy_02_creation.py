import numpy as np

print(np.array([1, 2, 3]))
print(np.array([[1.5, 2.0], [3.0, 4.25]]))
print(np.zeros(3))
print(np.zeros((2, 3), dtype=np.int64))
print(np.ones((2, 2)))
print(np.arange(5))
print(np.arange(0.0, 1.0, 0.25))
print(np.arange(2, 11, 3))
print(np.linspace(0, 1, 5))
print(np.linspace(-1, 1, 3, endpoint=False))
print(np.eye(2), np.full(3, 7))
