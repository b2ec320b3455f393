from ami_lint.cli import main

raise SystemExit(main())
