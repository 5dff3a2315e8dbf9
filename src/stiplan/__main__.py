"""`python -m stiplan` behaves exactly like the `stiplan` console script."""

from stiplan.cli import main

if __name__ == "__main__":
    main()
