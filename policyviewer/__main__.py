from policyviewer.cli import main

raise SystemExit(main())
