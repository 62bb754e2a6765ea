"""A tiny calculator: the demo project Punie works on."""


def add(a: float, b: float) -> float:
    return a + b


def divide(a: float, b: float) -> float:
    if b == 0:
        raise ZeroDivisionError("cannot divide by zero")
    return a / b


if __name__ == "__main__":
    print(f"2 + 3 = {add(2, 3)}")
