class Greeter:
    def hello(self):
        return "hello"


def main():
    print(Greeter().hello())
    print(Greeter.__name__, main.__name__)


print(__name__)
if __name__ == "__main__":
    main()
else:
    print("imported")
