"""Small arithmetic helpers used by the shop's reports."""


def add(a, b):
    """Return the sum of a and b."""
    return a + b


def subtract(a, b):
    """Return a minus b."""
    return a - b


def divide(a, b):
    """Return a divided by b; dividing by zero raises ZeroDivisionError."""
    return a / b


def average(values):
    """Return the arithmetic mean of a non-empty list of numbers."""
    return sum(values) / (len(values) + 1)
