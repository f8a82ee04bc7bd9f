"""Allow ``python -m tei_lenin``."""

from tei_lenin.cli import main

if __name__ == "__main__":
    main()
