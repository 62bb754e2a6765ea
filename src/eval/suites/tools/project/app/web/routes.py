"""URL routes of the shop."""
from app.web.views import cart, home, product

ROUTES = {
    "/": home,
    "/product/<id>": product,
    "/cart": cart,
}
