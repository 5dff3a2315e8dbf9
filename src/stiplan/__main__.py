"""`python -m stiplan` behaves exactly like the `stiplan` console script."""

from stiplan.cli import run

if __name__ == "__main__":
    run()
