from casecards.cli import main

raise SystemExit(main())
