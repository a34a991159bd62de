import sys

from mrp_tui.cli import main

sys.exit(main())
