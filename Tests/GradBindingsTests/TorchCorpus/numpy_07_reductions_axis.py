import numpy as np

m = np.arange(12).reshape(3, 4)
print(m.sum(), m.sum(axis=0), m.sum(axis=1))
print(m.mean(axis=0))
print(m.max(axis=1), m.argmax(axis=0))
print(m.min(), m.argmin())
print(np.sum(m, axis=1, keepdims=True).shape)
print(m.prod(axis=0))
print(np.mean(np.array([[1.0, 2.0], [3.0, 5.0]]), axis=1))
print(m.std(axis=0).round(4))
