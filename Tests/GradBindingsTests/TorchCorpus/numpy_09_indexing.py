import numpy as np

x = np.arange(20).reshape(4, 5)
print(x[1, 2], x[1][2])
print(x[:, 0])
print(x[1:3, 1:4])
print(x[::-1, -1])
print(x[[0, 2]])
print(x[[0, 1], [4, 0]])
print(x[x % 7 == 0])
x[x > 15] = 0
print(x)
print(x[np.newaxis].shape, x[..., None].shape)
