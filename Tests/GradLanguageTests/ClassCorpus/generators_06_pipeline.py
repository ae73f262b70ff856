def read(lines):
    for line in lines:
        print("read", line)
        yield line


def parse(items):
    for item in items:
        yield int(item)


def keep_even(nums):
    for n in nums:
        if n % 2 == 0:
            yield n


source = ["1", "2", "3", "4"]
for v in keep_even(parse(read(source))):
    print("even", v)
print(sum(keep_even(parse(["10", "11", "12"]))))
