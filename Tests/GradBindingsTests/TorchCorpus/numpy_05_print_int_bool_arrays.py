import numpy as np

print(np.array([1, 22, 333]))
print(np.arange(6).reshape(2, 3))
print(np.arange(8).reshape(2, 2, 2))
print(np.array([-1, 10]))
print(np.array([True, False, True]))
print(np.arange(6).reshape(3, 2) > 2)
print(repr(np.array([1, 2])), repr(np.array([False])))
print(np.array([[1, 2], [3, 4]]).tolist())
print(np.int64(7), np.array([5])[0])
