"""A stand-in for a slow job: prints a few lines over about a second, then stops."""
import time

print("starting server", flush=True)
for step in range(3):
    time.sleep(0.3)
    print(f"handled request {step + 1}", flush=True)
print("server stopped", flush=True)
