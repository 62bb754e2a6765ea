def home(request):
    return "Welcome to the shop"


def product(request, id):
    return f"Product {id}"


def cart(request):
    return "Your cart is empty"
