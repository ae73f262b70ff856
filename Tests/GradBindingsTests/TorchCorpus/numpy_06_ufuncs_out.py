import numpy as np

a = np.array([1.0, 4.0, 9.0])
out = np.zeros(3)
result = np.sqrt(a, out=out)
print(out, result is out)
np.multiply(a, 2, out=a)
print(a)
np.subtract(a, np.array([1.0, 1.0, 1.0]), out=a)
print(a)
print(np.exp(np.zeros(2)), np.log(np.ones(2)))
print(np.maximum(np.array([1, 5, 3]), 2))
print(np.abs(np.array([-1.5, 2.0])), np.tanh(np.zeros(1)))
b = np.arange(4)
b += 10
print(b)
