def numbers():
    print("start")
    yield 1
    print("after 1")
    yield 2
    print("after 2")


g = numbers()
print("created")
for n in g:
    print("got", n)
print("done")
