words = "the quick brown fox jumps over the lazy dog".split()
lengths = [len(w) for w in words]
print(lengths)
print([w.upper() for w in words if len(w) > 4])
print({w: len(w) for w in words if w.startswith("t")})
print(sorted({len(w) for w in words}))
grid = [[r * 3 + c for c in range(3)] for r in range(3)]
print(grid)
print([row[i] for i, row in enumerate(grid)])
print([x * y for x in range(1, 4) for y in range(1, 4) if x < y])
flat = [v for row in grid for v in row if v % 2 == 0]
print(flat, sum(flat), max(flat))
pairs = sorted(zip(words, lengths), key=lambda p: (-p[1], p[0]))
print(pairs[:3])
