import numpy as np

a = np.arange(6.0).reshape(2, 3)
b = np.ones((3, 2))
print(a @ b)
print(np.dot(a[0], a[1]), np.matmul(a, b).shape)
print(a + np.array([10.0, 20.0, 30.0]))
print(a * np.array([[1.0], [-1.0]]))
col = np.arange(3).reshape(3, 1)
row = np.arange(4)
print(col + row)
print((col * row).shape)
print(a.T @ a)
