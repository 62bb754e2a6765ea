class Session:
    """An in-memory stand-in for a database session."""

    def __init__(self):
        self.items = []

    def add(self, item):
        self.items.append(item)
