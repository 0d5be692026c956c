"""Building, editing and publishing the schedule. `bridge.py` is the only module that
imports the solver; everything else here works with the database and the bridge."""
