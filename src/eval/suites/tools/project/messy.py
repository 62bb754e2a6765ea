import os
import sys
import json


def load_prices(text):
    data = json.loads(text)
    total = 0
    for item in data:
        total = total + item["price"]
    return total
