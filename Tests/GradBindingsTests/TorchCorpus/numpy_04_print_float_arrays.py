import numpy as np

print(np.array([0.5, 1.0, 2.25]))
print(np.array([1.0, 2.0, 3.0]))
print(np.array([[1.0, -2.5], [100.0, 0.125]]))
print(np.arange(12.0).reshape(2, 2, 3))
print(np.array([1e-5, 1.0]))
print(np.array([0.1, 0.2]) * 3)
print(repr(np.array([1.5, 2.0])))
print(np.zeros((2, 0)))
print(np.array(3.5), np.float64(2.5))
